"""A connection that collects a ticket's bytes and hands them on as a whole.

CUPS queues and the demo's files printer take whole jobs and have no status channel.
"""

from __future__ import annotations


class CollectingConnection:
    """Base of the whole-job connections: `write` collects, `take` hands the job on."""

    can_read = False

    def __init__(self, name: str, timeout: float) -> None:
        self.name, self.timeout = name, timeout
        self._pending = bytearray()

    def open(self) -> None:
        """Nothing to open: the job goes out when it is complete."""

    def write(self, data: bytes) -> None:
        self._pending += data

    def read(self, n: int, timeout: float) -> bytes:
        return b""  # no status channel

    def take(self) -> bytes:
        """The bytes collected since the last call, and forget them."""
        data, self._pending = bytes(self._pending), bytearray()
        return data
