"""The worker waits on the queue instead of polling it: an enqueue wakes it."""

from __future__ import annotations

import threading

from huey import Huey

from app.builds.queue import _make_huey
from app.builds.wakeup import WakeableSqliteStorage, send_wakeup, wake_address

LONG = 60.0  # a wait the test never reaches unless the wake-up is lost


def _storage(path, read_timeout=LONG) -> WakeableSqliteStorage:
    return WakeableSqliteStorage("bastide", filename=str(path), read_timeout=read_timeout)


def test_an_enqueue_wakes_the_waiting_dequeue(tmp_path):
    consumer, producer = _storage(tmp_path / "queue.db"), _storage(tmp_path / "queue.db")
    consumer._listen()  # the worker is waiting on the socket before the build is queued
    got = []
    waiting = threading.Thread(target=lambda: got.append(consumer.dequeue()))
    waiting.start()
    producer.enqueue(b"task")
    waiting.join(LONG / 4)
    consumer.close()
    assert not waiting.is_alive(), "the dequeue was not woken by the enqueue"
    assert [bytes(data) for data in got] == [b"task"]


def test_without_a_datagram_the_dequeue_waits(tmp_path):
    consumer = _storage(tmp_path / "queue.db", read_timeout=0.05)
    assert consumer._listen() is not None
    assert consumer._wait_for_wakeup() is False
    assert send_wakeup(consumer.address) is True
    assert consumer._wait_for_wakeup() is True
    consumer.close()


def test_a_second_consumer_falls_back_to_polling(tmp_path):
    first, second = _storage(tmp_path / "queue.db"), _storage(tmp_path / "queue.db", 0.01)
    assert first._listen() is not None
    assert second._listen() is None
    second.enqueue(b"task")
    assert bytes(second.dequeue()) == b"task"
    first.close()


def test_the_platform_queue_wakes_its_worker(tmp_path):
    huey = _make_huey(f"sqlite:///{tmp_path / 'queue.db'}")
    assert isinstance(huey, Huey) and isinstance(huey.storage, WakeableSqliteStorage)
    assert huey.storage.blocking  # Huey's worker does not sleep between dequeues
    assert huey.storage.address == wake_address(str(tmp_path / "queue.db"))
