"""The demo printer: tickets are written to a folder instead of paper.

The connection only collects the bytes; :func:`printer.delivery.deliver` writes them as
``<folder>/<name>.bin`` as soon as they are handed over, and
:func:`printer.delivery.write_preview` puts the ``<name>.png`` preview beside it once it is
drawn (so for a moment a ``.bin`` has no ``.png`` yet). No status channel.
"""

from __future__ import annotations

from pathlib import Path

from printer.transports.collecting import CollectingConnection


class FilesConnection(CollectingConnection):
    """A folder standing in for the printer (the demo default)."""

    def __init__(self, folder: Path | str, timeout: float = 5.0) -> None:
        super().__init__(f"files {folder}", timeout)
        self.folder = Path(folder)

    def flush(self) -> None:
        """Nothing to do: the bytes wait for ``take()``."""

    def close(self) -> None:
        self.take()
