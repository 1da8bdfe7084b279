"""The "call attendant" button: one tap stores a help request, a second tap cancels it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.help_requests import HelpDesk
from ui.tasks import Tasks


class HelpModel(QObject):
    """Whether the attendant has been called, for the button and the banner."""

    changed = Signal()
    chime = Signal()

    def __init__(
        self,
        desk: HelpDesk,
        tasks: Tasks,
        context: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._desk, self._tasks, self._context = desk, tasks, context
        self._request: str | None = None
        self._pending = False  # a request being stored: the button shows "coming" already

    active = Property(bool, lambda s: s._request is not None or s._pending, notify=changed)

    @Slot()
    def toggle(self) -> None:
        if self._request is None and not self._pending:
            self.call()
        elif self._request is not None:
            request, self._request = self._request, None
            self._tasks.run(lambda: self._desk.cancel(request), lambda _: None)
            self.changed.emit()

    @Slot()
    @Slot(str)
    def call(self, reason: str = "") -> None:
        """Call the attendant (also used when the printer fails)."""
        if self._request is not None or self._pending:
            return
        context = self._context()
        if reason:
            context["screen"] = f"{context.get('screen', '')}:{reason}"
        self._pending = True
        self._tasks.run(lambda: self._desk.request(context), self._stored)
        self.chime.emit()
        self.changed.emit()

    def _stored(self, request_id: str) -> None:
        self._pending = False
        self._request = request_id
        self.changed.emit()

    def reset(self) -> None:
        """A new applicant: an open call is cancelled (its context is of the previous one)."""
        if self._request is not None:
            self.toggle()
        self._pending = False
        self.changed.emit()
