"""Shared fixtures: the real catalog, a fresh store per test, a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.catalog.loader import Catalog, load_catalog
from kiosk.resources import resource_path
from kiosk.store.database import Store

CST = timezone(timedelta(hours=8), "CST")


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(resource_path("catalog"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "kiosk.db")
    yield s
    s.close()


class Clock:
    """A settable clock in the hall's time zone."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def on(self, day: date) -> None:
        self.now = datetime.combine(day, self.now.timetz())


@pytest.fixture
def clock() -> Clock:
    # A Thursday, an ordinary working day.
    return Clock(datetime(2026, 11, 26, 10, 30, tzinfo=CST))
