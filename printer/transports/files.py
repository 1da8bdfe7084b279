"""The demo printer: tickets are written to a folder instead of paper.

The connection only collects the bytes; :func:`printer.delivery.deliver` then writes them
as ``<folder>/<name>.bin`` with the ``<name>.png`` preview beside it. No status channel.
"""

from __future__ import annotations

from pathlib import Path


class FilesConnection:
    """A folder standing in for the printer (the demo default)."""

    can_read = False

    def __init__(self, folder: Path | str, timeout: float = 5.0) -> None:
        self.folder, self.timeout = Path(folder), timeout
        self.name = f"files {self.folder}"
        self._pending = bytearray()

    def open(self) -> None:
        """Nothing to open: the folder is created when a ticket is written."""

    def write(self, data: bytes) -> None:
        self._pending += data

    def read(self, n: int, timeout: float) -> bytes:
        return b""

    def take(self) -> bytes:
        """The bytes collected since the last call, and forget them."""
        data, self._pending = bytes(self._pending), bytearray()
        return data

    def flush(self) -> None:
        """Nothing to do: the bytes wait for ``take()``."""

    def close(self) -> None:
        self._pending = bytearray()
