"""Lanes: named serial worker threads, each owning one resource (the store, the network,
the printer), as in Anki's `qt/aqt/taskman.py`.

A lane runs one job at a time, in the order submitted (an urgent job goes before the
jobs still waiting, never before the one running). `submit` returns a Future; `after`
runs a job once a delay has passed, and a job scheduled again under the same key
replaces the earlier one, so a wake-up is a scheduled job, never a polling loop: a lane
with nothing to do sleeps on its condition variable and costs nothing.

Lanes call each other only downwards (network -> store): a job on the store lane never
waits for another lane, so lanes cannot deadlock. `close()` runs what was already
submitted, drops what was only scheduled for later, and joins the thread; after it, a
submit is refused (the Future fails with `LaneClosed`).
"""

from __future__ import annotations

import heapq
import itertools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
U = TypeVar("U")


class LaneClosed(RuntimeError):
    """The lane is closed (the terminal is shutting down): the job was not run."""


class WrongLane(RuntimeError):
    """A job waited for a lane it may not wait for (a deadlock in the making)."""


@dataclass(order=True)
class _Job:
    due: float  # time.monotonic(); 0.0 for "now"
    order: tuple[int, int]  # (0 urgent | 1 normal, sequence): FIFO within each
    fn: Callable[[], Any] = field(compare=False)
    future: Future[Any] = field(compare=False)
    key: str | None = field(compare=False, default=None)
    cancelled: bool = field(compare=False, default=False)


class Lane:
    """One named thread running jobs one at a time; `rank` orders who may wait for whom."""

    def __init__(self, name: str, rank: int) -> None:
        self.name = name
        self.rank = rank
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._queue: list[_Job] = []
        self._keyed: dict[str, _Job] = {}
        self._sequence = itertools.count()
        self._closing = False
        self.jobs_started = 0  # for tests and health figures
        # Daemon only as a last resort: close() joins it; a job stuck in a device call
        # past close()'s timeout must not keep the process from ending.
        self._thread = threading.Thread(target=self._run, name=f"lane-{name}", daemon=True)
        self._thread.start()

    # -- submitting (any thread) -----------------------------------------------------------

    def submit(self, fn: Callable[[], T], *, urgent: bool = False) -> Future[T]:
        """Run `fn` on the lane as soon as the jobs before it are done."""
        return self._put(fn, 0.0, None, urgent)

    def after(self, delay_s: float, fn: Callable[[], T], *, key: str | None = None) -> Future[T]:
        """Run `fn` once `delay_s` has passed; under `key`, it replaces the job waiting there."""
        return self._put(fn, time.monotonic() + max(0.0, delay_s), key, False)

    def call(self, fn: Callable[[], T], timeout: float | None = None) -> T:
        """Run `fn` on the lane and wait for its result (never from the UI thread).

        On the lane's own thread `fn` runs at once. From another lane, only a lane of a
        lower rank may be waited for: the store (0) never waits for the network (2).
        """
        if self.is_current():
            return fn()
        caller = _current_lane()
        if caller is not None and caller.rank <= self.rank:
            raise WrongLane(f"lane {caller.name!r} may not wait for lane {self.name!r}")
        return self.submit(fn).result(timeout)

    def is_current(self) -> bool:
        return threading.current_thread() is self._thread

    def _put(self, fn: Callable[[], Any], due: float, key: str | None, urgent: bool) -> Future[Any]:
        future: Future[Any] = Future()
        with self._lock:
            if self._closing:
                future.set_exception(LaneClosed(f"lane {self.name!r} is closed"))
                return future
            job = _Job(due, (0 if urgent else 1, next(self._sequence)), fn, future, key)
            if key is not None:
                earlier = self._keyed.pop(key, None)
                if earlier is not None:
                    earlier.cancelled = True
                    earlier.future.cancel()
                self._keyed[key] = job
            heapq.heappush(self._queue, job)
            self._wake.notify()
        return future

    # -- the thread -------------------------------------------------------------------------

    def _next(self) -> _Job | None:
        """The next job to run, or None once closing and nothing is left to run now."""
        with self._lock:
            while True:
                while self._queue and self._queue[0].cancelled:
                    heapq.heappop(self._queue)
                if not self._queue:
                    if self._closing:
                        return None
                    self._wake.wait()
                    continue
                head = self._queue[0]
                wait = head.due - time.monotonic()
                if wait <= 0:
                    heapq.heappop(self._queue)
                    if head.key is not None and self._keyed.get(head.key) is head:
                        del self._keyed[head.key]
                    return head
                if self._closing:  # only jobs for later are left: they are dropped
                    for job in self._queue:
                        job.future.cancel()
                    self._queue.clear()
                    self._keyed.clear()
                    return None
                self._wake.wait(wait)

    def _run(self) -> None:
        _LOCAL.lane = self
        while (job := self._next()) is not None:
            if not job.future.set_running_or_notify_cancel():
                continue
            self.jobs_started += 1
            try:
                result = job.fn()
            except BaseException as error:  # handed to whoever waits on the future
                job.future.set_exception(error)
                if not isinstance(error, Exception):
                    raise
            else:
                job.future.set_result(result)

    # -- ending -----------------------------------------------------------------------------

    def close(self, timeout: float = 15.0) -> bool:
        """Refuse new jobs, finish the submitted ones, drop the scheduled ones, join.

        Returns False when the thread did not end within `timeout` (a job stuck in a
        device call): it is left as a daemon so that the process can still end.
        """
        with self._lock:
            self._closing = True
            self._wake.notify()
        if self.is_current():
            return True
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("lane %s did not end within %.0f s", self.name, timeout)
            return False
        return True

    @property
    def closed(self) -> bool:
        return self._closing

    @property
    def thread(self) -> threading.Thread:
        return self._thread


class _Local(threading.local):
    lane: Lane | None = None


_LOCAL = _Local()


def _current_lane() -> Lane | None:
    return _LOCAL.lane


def then(future: Future[T], lane: Lane, fn: Callable[[T], U], *, urgent: bool = False) -> Future[U]:
    """Once `future` is done, run `fn(result)` on `lane`; its Future, failing as either does.

    Nothing waits: the step is submitted by whichever thread completes `future`.
    """
    out: Future[U] = Future()

    def step(done: Future[T]) -> None:
        if done.cancelled():
            out.cancel()
            return
        error = done.exception()
        if error is not None:
            out.set_exception(error)
            return
        result = done.result()
        forward(lane.submit(lambda: fn(result), urgent=urgent), out)

    future.add_done_callback(step)
    return out


def forward(source: Future[T], target: Future[T]) -> None:
    """Complete `target` as `source` completes."""

    def copy(done: Future[T]) -> None:
        if done.cancelled():
            target.cancel()
        elif (error := done.exception()) is not None:
            target.set_exception(error)
        else:
            target.set_result(done.result())

    source.add_done_callback(copy)


def done_future(value: T) -> Future[T]:
    """A Future that already holds `value`."""
    future: Future[T] = Future()
    future.set_result(value)
    return future
