"""Fixtures of the sync tests: a settable UTC clock, a stub central server, the real central
server on loopback, a worker maker."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import CentralConfig
from kiosk.store.database import Store
from kiosk.sync.worker import SyncSettings, SyncWorker
from tests.kiosk.sync.stub_central import StubCentral


class UTCClock:
    """A clock the test moves; read from the worker's threads."""

    def __init__(self, start: datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += timedelta(seconds=seconds)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """The real central server (its Database and ServerThread) on loopback, on SQLite."""
    from central.app import create_app
    from central.db import Database
    from central.serve import ServerThread
    from central.state import ServerState

    db = Database(f"sqlite:///{tmp_path / 'central.db'}")
    server = ServerThread(create_app(ServerState(db))).start()
    yield db, server
    server.stop(force=True)
    db.close()


@pytest.fixture
def utc_clock() -> UTCClock:
    return UTCClock(datetime(2026, 11, 26, 2, 30, tzinfo=UTC))


@pytest.fixture
def stub() -> Iterator[StubCentral]:
    s = StubCentral()
    yield s
    s.close()


# Fast enough for tests, and heartbeats only where a test asks for them.
FAST = SyncSettings(heartbeat_s=None, help_poll_active_s=0.02)


@pytest.fixture
def make_worker(
    store: Store, tmp_path: Path, utc_clock: UTCClock
) -> Iterator[Callable[..., SyncWorker]]:
    workers: list[SyncWorker] = []

    def make(url: str, *, start: bool = True, **kwargs: Any) -> SyncWorker:
        kwargs.setdefault("settings", FAST)
        kwargs.setdefault("clock", utc_clock)
        kwargs.setdefault("rng", random.Random(7))
        config = CentralConfig(url=url, token="t" * 43 if url else "")
        worker = SyncWorker(kwargs.pop("store", store), config, 7, tmp_path / "data", **kwargs)
        workers.append(worker)
        if start:
            worker.start()
        return worker

    yield make
    for w in workers:
        w.stop()
