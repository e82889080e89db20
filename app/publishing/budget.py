"""A time budget for pure-Python work that can be pathologically slow (Markdown rendering).

Python-Markdown has quadratic corners that no pre-check can list exhaustively; a render that
overruns its budget is interrupted with ``BudgetExceeded`` raised in the rendering thread.
Works in any thread (web requests run in a thread pool, so SIGALRM is not an option there).
The budget counts the thread's own CPU time, so a busy machine does not refuse a text that
renders in time on a quiet one; the wall clock is capped at WALL_FACTOR times the budget.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# Only a guard for work that does not burn CPU; a render starved by a busy machine is slow,
# not pathological.
WALL_FACTOR = 10


class BudgetExceeded(Exception):
    """The work did not finish within its time budget."""


def _raise_in(thread_id: int, exception: type[BaseException] | None) -> None:
    """Schedule ``exception`` in the thread (None cancels a pending one)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(
        ctypes.c_ulong(thread_id), ctypes.py_object(exception) if exception else None
    )


def _cpu_clock(thread_id: int) -> Callable[[], float]:
    """The CPU time of the thread, or the wall clock where the system cannot tell it."""
    try:
        clock = time.pthread_getcpuclockid(thread_id)
    except (AttributeError, OSError):
        return time.monotonic
    return lambda: time.clock_gettime(clock)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in the calling thread if the block uses more than ``seconds``
    of CPU time (or WALL_FACTOR times that of wall-clock time)."""
    target = threading.get_ident()
    cpu = _cpu_clock(target)
    done, lock = threading.Event(), threading.Lock()
    fired = []
    cpu_start, wall_end = cpu(), time.monotonic() + WALL_FACTOR * seconds

    def watch() -> None:
        while True:
            left = min(seconds - (cpu() - cpu_start), wall_end - time.monotonic())
            if left <= 0:
                break
            if done.wait(left):
                return
        with lock:
            if not done.is_set():
                fired.append(True)
                _raise_in(target, BudgetExceeded)

    watcher = threading.Thread(target=watch, name="time-budget", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            done.set()
        if fired:
            _raise_in(target, None)  # not delivered yet: it must not hit the caller later
