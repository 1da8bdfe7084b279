"""A relay that behaves like the device, for the tests and the demo: ``FakeRelay``.

It records every switch with a monotonic timestamp. ``unplug()`` pulls it out: an open
handle is dead from then on (the next ``set`` raises ``LightDisconnected``, as the hidraw
ioctl or the serial write would) and ``open`` raises ``LightNotFound`` until ``plug()``;
as with the real board, a handle opened before the unplug stays dead after ``plug()``:
only a new ``open`` brings it back.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from devices.signal_light.faults import LightDisconnected, LightNotFound


class FakeRelay:
    """One relay channel in memory; safe to read from another thread than the driver's."""

    def __init__(self, name: str = "fake relay", clock: Callable[[], float] = time.monotonic):
        self.name = name
        self._clock = clock
        self._lock = threading.Lock()
        self._switches: list[tuple[float, bool]] = []
        self._plugged = True
        self._open = False
        self._dead = False  # the open handle outlived an unplug
        self._lit = False
        self.opens = 0
        self.closes = 0

    @property
    def switches(self) -> list[tuple[float, bool]]:
        """Every ``set`` that reached the relay: (monotonic time, on), oldest first."""
        with self._lock:
            return list(self._switches)

    @property
    def lit(self) -> bool:
        """Whether the light is on now (off while unplugged: the board has no power)."""
        with self._lock:
            return self._lit and self._plugged

    @property
    def is_open(self) -> bool:
        with self._lock:
            return self._open

    def unplug(self) -> None:
        with self._lock:
            self._plugged = False
            self._dead = self._open
            self._lit = False  # the relay drops out without the board's power

    def plug(self) -> None:
        with self._lock:
            self._plugged = True

    def open(self) -> None:
        with self._lock:
            if self._open:
                return  # a dead handle too: as with the board, only close() and open() revive it
            if not self._plugged:
                raise LightNotFound(f"{self.name}: unplugged")
            self._open, self._dead = True, False
            self.opens += 1

    def set(self, on: bool) -> None:
        with self._lock:
            if not self._open:
                raise LightDisconnected(f"{self.name}: the device is not open")
            if self._dead:
                raise LightDisconnected(f"{self.name}: the feature report failed: unplugged")
            self._lit = on
            self._switches.append((self._clock(), on))

    def close(self) -> None:
        with self._lock:
            if self._open:
                self.closes += 1
            self._open = self._dead = False
