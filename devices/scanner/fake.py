"""A fake serial scanner on a pseudo-terminal (Linux, macOS): the tests' and the demo's.

`os.openpty()` gives a pair; the slave's path is the port a SerialScanner opens, the fake
writes to the master what a scanner would send: `scan("...")` a code and its line end,
`garbage()` bytes that are not UTF-8, `over_long()` a code past any bound. `unplug()`
closes the master, as pulling the USB cable does (reads on the port fail, the path goes);
with `link`, the port is a symbolic link the fake points at each new pty, so
`plug_in()` brings the "same" port back and a retrying scanner finds it again.
"""

from __future__ import annotations

import os
from pathlib import Path

from devices.scanner.status import MAX_CODE_CHARS


class FakeSerialScanner:
    """A scanner at `port`; see the module."""

    def __init__(self, link: str | Path | None = None) -> None:
        self._link = Path(link) if link is not None else None
        self._master: int | None = None
        self._slave: int | None = None
        self.port = ""
        self.plug_in()

    @property
    def plugged_in(self) -> bool:
        return self._master is not None

    def plug_in(self) -> None:
        """A new pty (a no-op while plugged in); the link, if any, points at it."""
        if self._master is not None:
            return
        import tty  # Unix only: imported where a pty is made

        master, slave = os.openpty()
        # Raw from the start: bytes written before the scanner opens the port must not be
        # edited by the line discipline (CR to LF, echo back into the master).
        tty.setraw(slave)
        self._master, self._slave = master, slave
        slave_path = os.ttyname(slave)
        if self._link is None:
            self.port = slave_path
            return
        temporary = self._link.with_name(self._link.name + ".new")
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(slave_path)
        temporary.replace(self._link)  # atomic: the scanner never sees no link half-way
        self.port = str(self._link)

    def send(self, data: bytes) -> None:
        """Raw bytes, as the scanner's UART would send them."""
        if self._master is None:
            raise OSError("the fake scanner is unplugged")
        view = memoryview(data)
        while view:
            view = view[os.write(self._master, view) :]

    def scan(self, code: str, end: bytes = b"\r\n") -> None:
        """A code read, as UTF-8 with its line end (CR, LF or CRLF, as configured)."""
        self.send(code.encode("utf-8") + end)

    def garbage(self) -> None:
        """A line that is not UTF-8 (a scanner set to GBK, or line noise)."""
        self.send(b"\xff\xfe\xc3(\x80noise\r\n")

    def over_long(self, length: int = MAX_CODE_CHARS + 1) -> None:
        self.send(b"7" * length + b"\r\n")

    def unplug(self) -> None:
        """The cable pulled: the pty's both ends closed; the link stays, dangling."""
        for fd in (self._master, self._slave):
            if fd is not None:
                os.close(fd)
        self._master = self._slave = None

    def close(self) -> None:
        self.unplug()
        if self._link is not None:
            self._link.unlink(missing_ok=True)
