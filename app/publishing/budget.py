"""A time budget for pure-Python work that can be pathologically slow (Markdown rendering).

Python-Markdown has quadratic corners that no pre-check can list exhaustively; a render that
overruns its budget is interrupted with ``BudgetExceeded`` raised in the rendering thread.
Works in any thread (web requests run in a thread pool, so SIGALRM is not an option there).
The budget counts the thread's own CPU time, so a busy machine does not refuse a text that
renders in time on a quiet one; the wall clock is capped at WALL_FACTOR times the budget.
"""

from __future__ import annotations

import ctypes
import signal
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


def time_budget(seconds: float):
    """Context manager: raise BudgetExceeded in the calling thread if the block uses more
    than ``seconds`` of CPU time (in other threads, or WALL_FACTOR times that of wall-clock
    time)."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        return _cpu_timer_budget(seconds)
    return _watcher_budget(seconds)


@contextmanager
def _cpu_timer_budget(seconds: float) -> Iterator[None]:
    """In the main thread (a render child runs Pelican there): the process's CPU timer,
    which costs nothing per call, unlike a watcher thread per page."""
    outer_left, _ = signal.getitimer(signal.ITIMER_PROF)
    if outer_left and outer_left <= seconds:  # an enclosing budget is tighter: it rules
        yield
        return

    def expired(signum, frame):
        raise BudgetExceeded

    previous = signal.signal(signal.SIGPROF, expired)
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if outer_left:  # give the enclosing budget what it has left
            left = outer_left - (time.process_time() - started)
            signal.setitimer(signal.ITIMER_PROF, max(left, 0.001))


@contextmanager
def _watcher_budget(seconds: float) -> Iterator[None]:
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
