"""Run the platform: init, serve, worker, nginx-config."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import click

from app.cli import CliContext, UserError, pass_context


@click.command()
@pass_context
def init(ctx: CliContext) -> None:
    """Create or upgrade the database and the data directory."""
    ctx.database  # noqa: B018 - applying the migrations is the point
    click.echo(f"Base de données à jour ; données dans {ctx.settings.data_dir}")


def between(low: int, high: int | None, meaning: str):
    """An option callback: exit 2 with one French sentence unless ``low <= value <= high``."""

    def check(_ctx, param, value):
        if value is not None and (value < low or (high is not None and value > high)):
            bounds = f"entre {low} et {high}" if high is not None else f"au moins {low}"
            raise UserError(f"--{param.name} {value} : {meaning} doit être {bounds}.")
        return value

    return check


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=int,
    callback=between(1, 65535, "le numéro de port"),
)
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=int,
    callback=between(1, 256, "le nombre de fils d'exécution"),
)
@click.option("--worker/--no-worker", default=True, help="Start the build worker too.")
@pass_context
def serve(ctx: CliContext, host: str, port: int, threads: int, worker: bool) -> None:
    """Serve the admin and every live site, with the build worker (until Ctrl-C)."""
    import waitress

    from app.serving import make_platform_app, waitress_options

    ctx.database  # noqa: B018 - migrate before anything serves
    ctx.check_queue()
    proxy = waitress_options(ctx.settings)
    application = make_platform_app(ctx.settings, server_trusts_proxy=bool(proxy))
    try:
        server = waitress.create_server(
            application, host=host, port=port, threads=threads, ident="bastide", **proxy
        )
    except OSError as error:
        raise UserError(
            f"impossible d'écouter sur {host}:{port} ({error.strerror}). Le port est peut-être "
            "déjà utilisé : choisissez-en un autre avec --port."
        ) from error
    supervisor = WorkerSupervisor() if worker else None
    click.echo(f"Administration : http://{host}:{port}/admin/")
    click.echo(f"Sites          : http://{host}:{port}/<commune>/   (Ctrl-C pour arrêter)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        if supervisor is not None:
            supervisor.stop()


class WorkerSupervisor:
    """Runs ``bastide worker`` beside the web server and restarts it if it dies."""

    CHECK_EVERY = 2.0

    def __init__(self):
        self.process = self._spawn()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)
        self._thread.start()

    @staticmethod
    def _spawn() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "app", "worker"], env=os.environ.copy())

    def _watch(self) -> None:
        while not self._stopping.wait(self.CHECK_EVERY):
            if self.process.poll() is not None:
                click.secho(
                    f"Le processus de publication s'est arrêté (code {self.process.returncode}) :"
                    " redémarrage.",
                    err=True,
                    fg="yellow",
                )
                self.process = self._spawn()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join()
        self.process.send_signal(signal.SIGINT)  # Huey's graceful stop: finish the build
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@click.command()
@click.option(
    "--workers",
    default=None,
    show_default="one per core",
    type=int,
    help="Builds run at once.",
    callback=between(1, 64, "le nombre de publications simultanées"),
)
@pass_context
def worker(ctx: CliContext, workers: int | None) -> None:
    """Run the build worker alone (several hosts may each run one on a Redis queue)."""
    from app.builds.fleet import available_cores
    from app.builds.queue import get_queue
    from app.builds.worker import recover_interrupted_builds, run_schedule_now
    from app.publishing.render import start_render_server

    ctx.check_queue()
    recovered = recover_interrupted_builds(ctx.database)
    for slug in recovered:
        click.echo(f"Publication interrompue de {slug} relancée.")
    for slug in run_schedule_now(ctx.database):
        click.echo(f"Publication programmée de {slug} rattrapée.")
    start_render_server()  # Pelican imported before the first publication, not during it
    workers = workers or available_cores()
    consumer = get_queue(ctx.settings).create_consumer(
        workers=workers, worker_type="thread", initial_delay=0.05, backoff=1.15, max_delay=0.5
    )
    consumer.run()


@click.command("nginx-config")
@click.option(
    "--admin-host", default=None, help="Host name of the admin (default: from BASTIDE_BASE_URL)."
)
@click.option(
    "--upstream", default="127.0.0.1:8000", show_default=True, help="Where `bastide serve` listens."
)
@click.option("--tls-certificate", default=None, help="Certificate file (PEM): serve HTTPS.")
@click.option("--tls-key", default=None, help="Private key file of the certificate (PEM).")
@click.option("--listen-http", default="80", show_default=True, help="Port (or address:port).")
@click.option("--listen-https", default="443", show_default=True, help="Port (or address:port).")
@pass_context
def nginx_config(
    ctx: CliContext,
    admin_host: str | None,
    upstream: str,
    tls_certificate: str | None,
    tls_key: str | None,
    listen_http: str,
    listen_https: str,
) -> None:
    """Print an nginx configuration serving every site on its host names."""
    from urllib.parse import urlsplit

    from sqlalchemy import select

    from app.models import Commune, Intercommunality
    from app.nginx import render_nginx_config

    tls = _tls_files(tls_certificate, tls_key)
    with ctx.database.unit_of_work() as session:
        sites = [
            *session.scalars(select(Commune).order_by(Commune.slug)),
            *session.scalars(select(Intercommunality).order_by(Intercommunality.slug)),
        ]
        admin_host = admin_host or urlsplit(ctx.settings.base_url).hostname
        config = render_nginx_config(
            ctx.settings,
            sites,
            admin_host,
            upstream,
            tls=tls,
            http_listen=listen_http,
            https_listen=listen_https,
        )
        click.echo(config, nl=False)


def _tls_files(certificate: str | None, key: str | None):
    from pathlib import Path

    from app.nginx import Tls

    if not certificate and not key:
        return None
    if not certificate or not key:
        raise UserError("--tls-certificate et --tls-key vont ensemble : donnez les deux fichiers.")
    for option, path in (("--tls-certificate", certificate), ("--tls-key", key)):
        if not Path(path).is_file():
            raise UserError(f"{option} {path} : ce fichier n'existe pas.")
    return Tls(certificate=str(Path(certificate).resolve()), key=str(Path(key).resolve()))


COMMANDS = [init, serve, worker, nginx_config]
