"""The ``bastide`` command: the IT team's tool to run the platform.

Each group of commands lives in its own module; heavy modules are imported inside the
commands so that ``bastide --help`` stays instant.
"""

from __future__ import annotations

from functools import cached_property

import click

from app.config import ConfigError, Settings


class UserError(click.ClickException):
    """A mistake the person at the terminal can fix: exit code 2 and one clear sentence."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.secho(f"Erreur : {self.format_message()}", err=True, fg="red")


class CliContext:
    """What every command needs: the settings and, on demand, the database."""

    def __init__(self, settings: Settings):
        self.settings = settings

    @cached_property
    def database(self):
        from sqlalchemy.exc import ArgumentError, OperationalError

        from app.db import Database
        from app.migrate import upgrade_database

        try:
            upgrade_database(self.settings)
        except ModuleNotFoundError as error:
            raise UserError(
                f"le pilote de base de données « {error.name} » manque pour DATABASE_URL : "
                "installez-le, par exemple pip install -e '.[postgresql]'."
            ) from error
        except ConfigError as error:
            raise UserError(str(error)) from error
        except (ArgumentError, OperationalError) as error:
            raise UserError(
                f"impossible d'ouvrir la base de données ({self.settings.database_url}) : "
                f"{error.__class__.__name__}. Vérifiez DATABASE_URL et BASTIDE_DATA_DIR."
            ) from error
        return Database(self.settings)

    def close(self) -> None:
        """Release the database connections (called when the command ends)."""
        if "database" in self.__dict__:
            self.database.dispose()

    def check_queue(self) -> None:
        """Fail early, with a sentence, if BASTIDE_QUEUE_URL is not usable."""
        from app.builds.queue import get_queue

        try:
            get_queue(self.settings)
        except ValueError as error:
            raise UserError(str(error)) from error


pass_context = click.make_pass_decorator(CliContext)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(ctx: click.Context) -> None:
    """Bastide: websites for the small communes of a metropolis or an intercommunality."""
    try:
        ctx.obj = CliContext(Settings.from_env())
    except ConfigError as error:
        raise UserError(str(error)) from error
    ctx.call_on_close(ctx.obj.close)
    from app.operations.events import configure_event_log

    configure_event_log()


def _register_commands() -> None:
    from app.cli import (
        builds,
        demo,
        directory,
        files,
        onboarding,
        operations,
        platform,
        revisions,
        users,
    )

    for module in (
        platform,
        onboarding,
        users,
        builds,
        demo,
        directory,
        files,
        revisions,
        operations,
    ):
        for command in module.COMMANDS:
            main.add_command(command)


_register_commands()
