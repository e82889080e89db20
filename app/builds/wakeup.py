"""A SQLite queue the worker waits on instead of polling it.

Every enqueue sends a one-byte datagram to a Unix socket named after the queue file (in
the abstract namespace: no file to clean up, no path-length limit); a worker with an
empty queue waits on that socket, so a build starts as soon as it is queued. The
datagram is only a hint: the worker still reads the queue itself, at least every
``read_timeout`` seconds, so a lost datagram or a second consumer (which cannot bind the
same name) only brings back the polling delay.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import threading
from pathlib import Path

from huey.storage import SqliteStorage

log = logging.getLogger(__name__)
READ_TIMEOUT = 0.5  # seconds a worker waits for a datagram before reading the queue


def wake_address(filename: str) -> str:
    """The abstract socket name of the queue stored in ``filename``."""
    digest = hashlib.sha256(str(Path(filename).resolve()).encode()).hexdigest()[:32]
    return f"\0bastide-queue-{digest}"


def send_wakeup(address: str) -> bool:
    """Wake a worker waiting on ``address``; False if none listens (never raises)."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.setblocking(False)
            sender.sendto(b"!", address)
        return True
    except OSError:  # nobody listens, or its buffer is full: it will read the queue anyway
        return False


class WakeableSqliteStorage(SqliteStorage):
    """Huey's SQLite storage with a blocking ``dequeue`` woken by ``enqueue``."""

    blocking = True  # Huey's worker then calls dequeue() again at once instead of sleeping

    def __init__(self, *args, read_timeout: float = READ_TIMEOUT, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.read_timeout = read_timeout
        self.address = wake_address(self.filename)
        self._receiver: socket.socket | None = None
        self._receiver_lock = threading.Lock()

    def enqueue(self, data, priority=None):
        """Store the task, then wake a waiting worker."""
        super().enqueue(data, priority=priority)
        send_wakeup(self.address)

    def dequeue(self):
        """The next task; if there is none, wait for a wake-up (at most read_timeout)."""
        data = super().dequeue()
        if data is None and self._wait_for_wakeup():
            data = super().dequeue()
        return data

    def _wait_for_wakeup(self) -> bool:
        receiver = self._listen()
        if receiver is None:  # another consumer listens: plain polling
            threading.Event().wait(self.read_timeout)
            return True
        try:
            receiver.recv(16)
        except (TimeoutError, BlockingIOError):
            return False
        return True

    def _listen(self) -> socket.socket | None:
        with self._receiver_lock:
            if self._receiver is None:
                receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                try:
                    receiver.bind(self.address)
                except OSError:
                    receiver.close()
                    log.info("another worker listens on this queue: polling it instead")
                    self._receiver = False
                    return None
                receiver.settimeout(self.read_timeout)
                self._receiver = receiver
            return self._receiver or None

    def close(self) -> None:
        """Stop listening (the consumer's end)."""
        with self._receiver_lock:
            if self._receiver:
                self._receiver.close()
            self._receiver = None
