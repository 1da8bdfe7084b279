"""The printed ticket's picture for the ticket screen, served from memory.

The printer lane hands back the picture it drew (PNG bytes) with its outcome; QML shows
it as `image://ticket/<n>`. It is kept in memory only while its applicant is there:
`show(None)` (on every wipe) forgets it, and each picture gets a new id, so Qt's image
cache can never show one applicant's ticket to the next.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QSize, QUrl
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickImageProvider

PROVIDER = "ticket"


class TicketImages(QQuickImageProvider):
    """At most one picture: the current applicant's ticket."""

    def __init__(self) -> None:
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._lock = threading.Lock()  # QML may ask from its image loading thread
        self._png: bytes | None = None
        self._serial = 0

    def show(self, png: bytes | None) -> QUrl:
        """Keep `png` (None: forget the picture) and return the URL that shows it."""
        with self._lock:
            self._png = png
            self._serial += 1
            serial = self._serial
        return QUrl(f"image://{PROVIDER}/{serial}") if png is not None else QUrl()

    def requestImage(self, id: str, size: QSize, requested: QSize) -> QImage:
        with self._lock:
            png = self._png if id == str(self._serial) else None
        image = QImage()
        if png is not None:
            image.loadFromData(png, "PNG")
        if size is not None:
            size.setWidth(image.width())
            size.setHeight(image.height())
        return image
