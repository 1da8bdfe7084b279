"""A printer behind a CUPS queue: the bytes go to ``lp -d QUEUE -o raw`` as one job.

CUPS takes whole jobs, so the bytes are collected and sent on ``flush()`` (or on
``close()`` if any are left). There is no status channel (``can_read`` is False). ``lp``
runs with a timeout; its error text goes into the technician message.
"""

from __future__ import annotations

import subprocess

from printer.errors import NoAnswer, PrinterNotFound, PrinterOffline
from printer.transports.collecting import CollectingConnection

_MISSING_QUEUE = ("does not exist", "unknown destination", "no such", "not found")


class CupsConnection(CollectingConnection):
    """A CUPS print queue, fed raw ESC/POS bytes through ``lp``."""

    def __init__(self, queue: str, timeout: float = 5.0) -> None:
        super().__init__(f"cups queue {queue}", timeout)
        self.queue = queue

    def flush(self) -> None:
        """Send the collected bytes as one raw job; an empty buffer sends nothing."""
        data = self.take()
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
