"""Worker heartbeats: each worker process rewrites ``data_dir/run/worker-<host>-<pid>.json``
every 30 seconds; the health report counts the files younger than two minutes."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

BEAT_EVERY = 30.0
STALE_AFTER = timedelta(minutes=2)
FORGET_AFTER = timedelta(days=1)
_started = threading.Lock()
_thread: threading.Thread | None = None


def run_dir(data_dir: Path) -> Path:
    """Where the worker processes leave their heartbeats."""
    return data_dir / "run"


def heartbeat_file(data_dir: Path, host: str | None = None, pid: int | None = None) -> Path:
    """The heartbeat file of one worker process (this one by default)."""
    host = host or socket.gethostname()
    return run_dir(data_dir) / f"worker-{host}-{pid or os.getpid()}.json"


def write_heartbeat(data_dir: Path, now: datetime | None = None) -> Path:
    """Record that this worker process is alive (atomic rewrite of its file)."""
    now = now or datetime.now(UTC)
    path = heartbeat_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"host": socket.gethostname(), "pid": os.getpid(), "at": now.isoformat()}
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(record))
    os.replace(partial, path)
    return path


def read_heartbeats(data_dir: Path) -> list[dict]:
    """Every heartbeat on record, with its age in seconds (unreadable files are skipped)."""
    now = datetime.now(UTC)
    beats = []
    for path in sorted(run_dir(data_dir).glob("worker-*.json")):
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            record = json.loads(path.read_text())
            age = (now - datetime.fromisoformat(record["at"])).total_seconds()
            beats.append({"host": record["host"], "pid": record["pid"], "age_s": round(age)})
    return beats


def forget_old_heartbeats(data_dir: Path) -> None:
    """Remove the files of workers silent for a day (killed without a goodbye)."""
    limit = FORGET_AFTER.total_seconds()
    for beat in read_heartbeats(data_dir):
        if beat["age_s"] > limit:
            heartbeat_file(data_dir, beat["host"], beat["pid"]).unlink(missing_ok=True)


def start_heartbeat(data_dir: Path) -> None:
    """Write a heartbeat now and every BEAT_EVERY seconds from a daemon thread (once per
    process: Huey calls its start-up hooks in each worker thread)."""
    global _thread
    with _started:
        if _thread is not None and _thread.is_alive():
            return
        write_heartbeat(data_dir)
        forget_old_heartbeats(data_dir)
        _thread = threading.Thread(
            target=_beat_forever, args=(data_dir,), name="bastide-heartbeat", daemon=True
        )
        _thread.start()


def _beat_forever(data_dir: Path) -> None:
    stop = threading.Event()
    while not stop.wait(BEAT_EVERY):
        with contextlib.suppress(OSError):
            write_heartbeat(data_dir)


def stop_heartbeat(data_dir: Path) -> None:
    """Remove this process's heartbeat: a worker that stopped cleanly is not reported dead."""
    heartbeat_file(data_dir).unlink(missing_ok=True)
