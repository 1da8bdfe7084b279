"""A printer behind a device file, such as ``/dev/usb/lp0`` (Linux usblp driver).

A character device is opened read-write and non-blocking, so the ``DLE EOT`` replies can
be read back; when that is refused (or the path is a FIFO or a plain file), write-only,
and then ``can_read`` is False. Writes wait with ``select`` up to the timeout. The usblp
driver reports printer trouble as errors: ENOSPC paper out, EIO offline or in error,
ENODEV unplugged; each becomes its typed fault.
"""

from __future__ import annotations

import errno
import os
import select
import stat
import time
from pathlib import Path

from printer.errors import (
    Disconnected,
    NoAnswer,
    PaperOut,
    PrinterFault,
    PrinterNotFound,
    PrinterOffline,
)

_FLAGS = os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC


def _open_fault(where: str, exc: OSError) -> PrinterFault:
    reason = f"{where}: cannot open: {exc.strerror} (errno {exc.errno})"
    if exc.errno == errno.EBUSY:
        return PrinterOffline(f"{reason}; another program holds the printer")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return PrinterNotFound(f"{reason}; the kiosk user needs write access (group lp)")
    if exc.errno == errno.ENXIO:
        return PrinterNotFound(f"{reason}; no device (or no reader) behind this path")
    return PrinterNotFound(reason)


def _io_fault(where: str, exc: OSError, done: str) -> PrinterFault:
    reason = f"{where}: {exc.strerror} (errno {exc.errno}) {done}"
    if exc.errno == errno.ENOSPC:
        return PaperOut(f"{reason}; the driver reports paper out")
    if exc.errno == errno.EIO:
        return PrinterOffline(f"{reason}; the driver reports the printer offline or in error")
    return Disconnected(reason)


class DeviceFileConnection:
    """A device file (or FIFO, or plain file for tests) the ticket bytes are written to."""

    def __init__(self, path: Path | str, timeout: float = 5.0) -> None:
        self.path, self.timeout = Path(path), timeout
        self.name = f"device {self.path}"
        self.can_read = False
        self._fd: int | None = None

    def open(self) -> None:
        if self._fd is not None:
            return
        try:
            mode = os.stat(self.path).st_mode
        except FileNotFoundError as exc:
            raise PrinterNotFound(f"{self.name}: no such device (is it plugged in?)") from exc
        except OSError as exc:
            raise _open_fault(self.name, exc) from exc
        if stat.S_ISDIR(mode):
            raise PrinterNotFound(f"{self.name}: is a folder, not a device")
        fd = None
        if stat.S_ISCHR(mode):  # a FIFO opened read-write would read back its own data
            try:
                fd = os.open(self.path, os.O_RDWR | _FLAGS)
            except OSError as exc:
                if exc.errno not in (errno.EACCES, errno.EPERM, errno.EINVAL, errno.EROFS):
                    raise _open_fault(self.name, exc) from exc
        self.can_read = fd is not None
        if fd is None:
            extra = os.O_APPEND if stat.S_ISREG(mode) else 0
            try:
                fd = os.open(self.path, os.O_WRONLY | extra | _FLAGS)
            except OSError as exc:
                raise _open_fault(self.name, exc) from exc
        self._fd = fd

    def _handle(self) -> int:
        if self._fd is None:
            raise Disconnected(f"{self.name}: the device is not open")
        return self._fd

    def write(self, data: bytes) -> None:
        fd = self._handle()
        view, sent = memoryview(data), 0
        deadline = time.monotonic() + self.timeout
        while sent < len(view):
            left = deadline - time.monotonic()
            _, writable, _ = select.select([], [fd], [], max(0.0, left))
            if not writable:
                raise NoAnswer(
                    f"{self.name}: the printer took {sent} of {len(view)} bytes "
                    f"within {self.timeout:g} s"
                )
            try:
                sent += os.write(fd, view[sent:])
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise NoAnswer(f"{self.name}: the printer stays busy") from None
                time.sleep(min(0.01, self.timeout))  # writable yet EAGAIN: a short wait
            except OSError as exc:
                done = f"after {sent} of {len(view)} bytes"
                raise _io_fault(self.name, exc, done) from exc

    def read(self, n: int, timeout: float) -> bytes:
        fd = self._handle()
        if not self.can_read:
            return b""
        readable, _, _ = select.select([fd], [], [], max(0.0, timeout))
        if not readable:
            return b""
        try:
            return os.read(fd, n)
        except BlockingIOError:
            return b""
        except OSError as exc:
            if exc.errno in (errno.EINVAL, errno.EOPNOTSUPP):
                return b""  # a one-way printer: no status to read
            raise _io_fault(self.name, exc, "while reading the status") from exc

    def flush(self) -> None:
        """Nothing to do: ``write`` returns once the driver has taken the bytes."""

    def close(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
