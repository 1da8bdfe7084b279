"""A printer behind a CUPS queue: the bytes go to ``lp -d QUEUE -o raw`` as one job.

CUPS takes whole jobs, so the bytes are collected and sent on ``flush()`` (or on
``close()`` if any are left). There is no status channel (``can_read`` is False). ``lp``
runs with a timeout; its error text goes into the technician message.
"""

from __future__ import annotations

import subprocess

from printer.errors import NoAnswer, PrinterNotFound, PrinterOffline

_MISSING_QUEUE = ("does not exist", "unknown destination", "no such", "not found")


class CupsConnection:
    """A CUPS print queue, fed raw ESC/POS bytes through ``lp``."""

    can_read = False

    def __init__(self, queue: str, timeout: float = 5.0) -> None:
        self.queue, self.timeout = queue, timeout
        self.name = f"cups queue {queue}"
        self._pending = bytearray()

    def open(self) -> None:
        """Nothing to open: the job is handed to ``lp`` when the bytes are complete."""

    def write(self, data: bytes) -> None:
        self._pending += data

    def read(self, n: int, timeout: float) -> bytes:
        return b""

    def flush(self) -> None:
        """Send the collected bytes as one raw job; an empty buffer sends nothing."""
        data, self._pending = bytes(self._pending), bytearray()
        if not data:
            return
        command = ["lp", "-d", self.queue, "-o", "raw"]
        what = f"{self.name}: {' '.join(command)} with {len(data)} bytes"
        try:
            done = subprocess.run(
                command, input=data, capture_output=True, timeout=self.timeout, check=False
            )
        except FileNotFoundError as exc:
            raise PrinterNotFound(f"{what}: lp is not installed (package cups-client)") from exc
        except subprocess.TimeoutExpired as exc:
            raise NoAnswer(f"{what}: lp did not finish within {self.timeout:g} s") from exc
        except OSError as exc:
            raise PrinterNotFound(f"{what}: cannot run lp: {exc}") from exc
        if done.returncode != 0:
            error = done.stderr.decode("utf-8", "replace").strip()[:500] or "(no message)"
            reason = f"{what}: lp exited with {done.returncode}: {error}"
            if any(word in error.lower() for word in _MISSING_QUEUE):
                raise PrinterNotFound(reason)
            raise PrinterOffline(reason)

    def close(self) -> None:
        """Send whatever is still collected."""
        self.flush()
