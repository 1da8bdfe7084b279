"""A fake evdev scanner: a FIFO that `struct input_event` records are written into, as
the kernel writes a USB HID scanner's key presses to ``/dev/input/eventN`` (Linux).

`scan("...")` types a code as a US-layout scanner does (shift pressed around upper case
and symbols, a SYN_REPORT after each change, Enter at the end); `keys()` sends raw key
events (a key no layout maps, say). The FIFO is opened read-write by the fake itself, so
a reader never meets its end before the fake `unplug()`s it; `plug_in()` makes the node
again. A FIFO is no input device:
the exclusive grab (EVIOCGRAB) fails on it, which is how tests see that fault.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from devices.scanner.evdev_scanner import EVENT
from devices.scanner.keymap import (
    EV_KEY,
    EV_SYN,
    KEY_ENTER,
    KEY_LEFTSHIFT,
    PRESS,
    RELEASE,
    strokes,
)


def event(kind: int, code: int, value: int, at: float = 0.0) -> bytes:
    """One `struct input_event` record."""
    seconds = int(at)
    return EVENT.pack(seconds, int((at - seconds) * 1_000_000), kind, code, value)


def key_events(code: int, *, shift: bool = False) -> bytes:
    """A key pressed and released (with shift around it), each change reported."""
    syn = event(EV_SYN, 0, 0)
    out = b""
    if shift:
        out += event(EV_KEY, KEY_LEFTSHIFT, PRESS) + syn
    out += event(EV_KEY, code, PRESS) + syn + event(EV_KEY, code, RELEASE) + syn
    if shift:
        out += event(EV_KEY, KEY_LEFTSHIFT, RELEASE) + syn
    return out


def typed(code: str, *, enter: bool = True) -> bytes:
    """The records a scanner sends for `code` (US layout), Enter at the end."""
    out = b""
    for char in code:
        key, shift = strokes(char)
        out += key_events(key, shift=shift)
    return out + (key_events(KEY_ENTER) if enter else b"")


class FakeEvdevScanner:
    """A scanner whose input device is the FIFO at `path` (made here)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None
        self.plug_in()

    @property
    def plugged_in(self) -> bool:
        return self._fd is not None

    def plug_in(self) -> None:
        """The device node appears (a no-op while plugged in)."""
        if self._fd is not None:
            return
        os.mkfifo(self.path)
        self._fd = os.open(self.path, os.O_RDWR)  # never blocks, unlike O_WRONLY

    def send(self, data: bytes) -> None:
        if self._fd is None:
            raise OSError("the fake scanner is unplugged")
        view = memoryview(data)
        while view:  # blocks while the pipe is full, until the reader drains it
            view = view[os.write(self._fd, view) :]

    def scan(self, code: str, *, enter: bool = True) -> None:
        self.send(typed(code, enter=enter))

    def keys(self, codes: Iterable[int]) -> None:
        self.send(b"".join(key_events(code) for code in codes))

    def unplug(self) -> None:
        """The last writer gone, so the reader meets the FIFO's end, and the node goes,
        as ``/dev/input/eventN`` does (a FIFO opened again would never end, nor say so)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
            self.path.unlink(missing_ok=True)

    def close(self) -> None:
        self.unplug()
