"""A lock between processes on one file, on POSIX (flock) and on Windows (msvcrt).

The kernel drops the lock with its holder, power cut or crash, so a lock file left
behind never blocks the next start: only a living holder does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

if sys.platform == "win32":  # pragma: no cover - Windows only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        # LK_LOCK retries for 10 s and then raises; an upgrade can take longer.
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                return
            except OSError:
                continue

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)


@contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the lock of the file at `path` (created if missing) until the block ends."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        _lock(fd)
        yield
    finally:
        os.close(fd)  # releases the lock


def sync_directory(path: Path) -> None:
    """Make a rename or a removal in the folder `path` durable (POSIX; Windows' NTFS
    journals its metadata, and a directory cannot be opened for fsync there)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
