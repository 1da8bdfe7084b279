"""What the scanner tests share: callbacks that record into queues, waited on with a
timeout (the reading threads are real), and a check that no reading thread is left."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import pytest

from devices.scanner.status import ScannerStatus

WAIT_S = 10.0


class Recorder:
    """`on_code` and `on_status` for a scanner; `code()` and `status()` wait for the next."""

    def __init__(self) -> None:
        self.codes: queue.Queue[str] = queue.Queue()
        self.statuses: queue.Queue[ScannerStatus] = queue.Queue()

    def on_code(self, code: str) -> None:
        self.codes.put(code)

    def on_status(self, status: ScannerStatus) -> None:
        self.statuses.put(status)

    def code(self) -> str:
        return self.codes.get(timeout=WAIT_S)

    def status(self) -> ScannerStatus:
        return self.statuses.get(timeout=WAIT_S)

    def state(self) -> str:
        return self.status().state


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(autouse=True)
def _no_scanner_thread_left() -> Iterator[None]:
    yield
    left = [t.name for t in threading.enumerate() if t.name.startswith("scanner on ")]
    assert left == [], f"reading threads left running: {left}"
