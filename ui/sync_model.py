"""The terminal's link to the central server, as the header shows it.

The sync worker calls back on its own threads; this object re-emits what it reports as
queued signals, so the view-models change only on the UI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, Signal, Slot

if TYPE_CHECKING:
    from kiosk.catalog.loader import Catalog
    from kiosk.help_requests import HelpCallChange
    from kiosk.sync import SyncStatus


class SyncModel(QObject):
    """Online or offline and how much waits to be sent; relays the worker's news."""

    changed = Signal()
    # From the worker's threads (queued to the UI thread: this object lives there).
    statusArrived = Signal(object)
    helpCallChanged = Signal(object)
    catalogArrived = Signal(object)

    def __init__(self, configured: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._configured = configured
        self._online = False
        self._depth = 0
        self.statusArrived.connect(self._show)

    configured = Property(bool, lambda s: s._configured, constant=True)
    online = Property(bool, lambda s: s._online, notify=changed)
    outboxDepth = Property(int, lambda s: s._depth, notify=changed)

    # Callbacks for kiosk.sync.SyncWorker (any thread).
    def on_status(self, status: SyncStatus) -> None:
        self.statusArrived.emit(status)

    def on_help_call(self, change: HelpCallChange) -> None:
        self.helpCallChanged.emit(change)

    def on_catalog(self, catalog: Catalog) -> None:
        self.catalogArrived.emit(catalog)

    @Slot(object)
    def _show(self, status: SyncStatus) -> None:
        online, depth = status.online, status.outbox_depth
        if (online, depth) != (self._online, self._depth):
            self._online, self._depth = online, depth
            self.changed.emit()
