"""The terminal's side of sync with the hall's central server (docs/sync-protocol.md).

The composition root, at start::

    catalog = load_current_catalog(data_dir) or load_catalog(bundled)
    calendar = load_calendar(data_dir)  # None: chinesecalendar's data
    desk = Declarations(store, catalog, n, tickets=HttpTicketSource(config.central), ...)
    worker = SyncWorker(store, config.central, n, data_dir,
                        catalog_version=catalog.version, printer_status=...,
                        on_status=..., on_catalog=..., on_calendar=..., on_help_call=...)
    worker.start()   # ... worker.wake() after writing an urgent event; worker.stop() at exit
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kiosk.sync.files import current_catalog_dir, load_calendar, load_current_catalog
    from kiosk.sync.status import SyncStatus
    from kiosk.sync.tickets import HttpTicketSource
    from kiosk.sync.worker import SyncSettings, SyncWorker

# Imported when first used: the kiosk reads the downloaded catalog before its first frame,
# and the worker's imports (requests, SQLAlchemy) would cost it a quarter of a second.
_HOMES = {
    "HttpTicketSource": "kiosk.sync.tickets",
    "SyncSettings": "kiosk.sync.worker",
    "SyncStatus": "kiosk.sync.status",
    "SyncWorker": "kiosk.sync.worker",
    "current_catalog_dir": "kiosk.sync.files",
    "load_calendar": "kiosk.sync.files",
    "load_current_catalog": "kiosk.sync.files",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'kiosk.sync' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES[name]), name)


__all__ = [
    "HttpTicketSource",
    "SyncSettings",
    "SyncStatus",
    "SyncWorker",
    "current_catalog_dir",
    "load_calendar",
    "load_current_catalog",
]
