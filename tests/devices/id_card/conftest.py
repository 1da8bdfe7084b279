"""The fake reader on a pseudo-terminal, closed after each test (its thread with it)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest

from devices.id_card.fake_reader import FakeReader

needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="no pseudo-terminals here")


@pytest.fixture
def fake() -> Iterator[FakeReader]:
    reader = FakeReader()
    yield reader
    reader.close()
    assert not [t for t in threading.enumerate() if t.name == "fake-id-card-reader"]
