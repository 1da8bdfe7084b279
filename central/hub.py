"""In-process notifications from the request threads to the dashboard's live streams.

The API stores events on worker threads; the dashboard's server-sent event streams wait
on the event loop. `publish()` is safe from any thread and wakes every subscriber.
One server process serves the hall, so no broker is needed.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Hub:
    """Topics published from any thread, delivered to asyncio queues."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]] = set()
        self._changes = 0

    @property
    def changes(self) -> int:
        """How many changes were published so far: a snapshot built after reading N
        holds every change up to N (central.dashboard.stream shares it by this)."""
        with self._lock:
            return self._changes

    def publish(self, topic: str) -> None:
        with self._lock:
            self._changes += 1
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, topic)
            except RuntimeError:  # that loop has closed
                self._drop(loop, queue)

    @contextmanager
    def subscribe(self) -> Iterator[asyncio.Queue[str]]:
        """A queue of topics for the running event loop, until the block ends."""
        entry = (asyncio.get_running_loop(), asyncio.Queue[str]())
        with self._lock:
            self._subscribers.add(entry)
        try:
            yield entry[1]
        finally:
            self._drop(*entry)

    def _drop(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str]) -> None:
        with self._lock:
            self._subscribers.discard((loop, queue))

    @property
    def subscribers(self) -> int:
        with self._lock:
            return len(self._subscribers)
