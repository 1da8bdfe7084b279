"""The "call attendant" button: one tap stores a help request; a second tap asks before
it cancels (the attendant may be on the way: a stray tap must not send them back)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from ui.tasks import Tasks

if TYPE_CHECKING:
    from kiosk.help_requests import HelpCallChange
    from kiosk.terminal import Terminal


class HelpModel(QObject):
    """Whether the attendant has been called, for the button and the banner."""

    changed = Signal()
    chime = Signal()

    def __init__(
        self,
        terminal: Callable[[], Terminal | None],
        tasks: Tasks,
        context: Callable[[], dict[str, Any]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The terminal exists once the config is checked, right after the first frame.
        self._terminal, self._tasks, self._context = terminal, tasks, context
        self._request: str | None = None
        # The call being stored (the button shows "coming" already); a call cancelled or
        # left behind while it is stored is cancelled as soon as its id comes back.
        self._waiting: int | None = None
        self._calls = 0
        self._seen = False  # the attendant acknowledged the call (on the dashboard)
        self._confirming = False  # "cancel the call?" is asked

    active = Property(
        bool, lambda s: s._request is not None or s._waiting is not None, notify=changed
    )
    acknowledged = Property(bool, lambda s: s._seen, notify=changed)
    # The button's tap on an open call asks first; gone as soon as the call is.
    confirming = Property(bool, lambda s: s._confirming and s.is_open(), notify=changed)

    def is_open(self) -> bool:
        return self._request is not None or self._waiting is not None

    # A call can be stored once the terminal is open (a moment after the first frame; never
    # on a terminal whose store does not open: it is out of service and says whom to ask).
    available = Property(bool, lambda s: s._available(), notify=changed)

    def _available(self) -> bool:
        terminal = self._terminal()
        return terminal is not None and terminal.opened

    def terminal_opened(self) -> None:
        self.changed.emit()

    @Slot()
    def toggle(self) -> None:
        """Call, or cancel at once (tests, the bench; the button asks first: press())."""
        if self._request is not None or self._waiting is not None:
            self._cancel()
        else:
            self.call()

    @Slot()
    def press(self) -> None:
        """The button: calls; on an open call, asks whether to cancel it."""
        if self.is_open():
            self._confirming = True
            self.changed.emit()
        else:
            self.call()

    @Slot()
    def confirmCancel(self) -> None:
        """取消呼叫 in the question: the only tap that cancels an open call."""
        if self._confirming and self.is_open():
            self._cancel()
        self._confirming = False
        self.changed.emit()

    @Slot()
    def keepWaiting(self) -> None:
        """继续等待 in the question (or anything that closes it): the call stays."""
        if self._confirming:
            self._confirming = False
            self.changed.emit()

    @Slot()
    @Slot(str)
    def call(self, reason: str = "") -> None:
        """Call the attendant (also used when the printer fails)."""
        terminal = self._terminal()
        busy = self._request is not None or self._waiting is not None
        if busy or terminal is None or not terminal.opened:
            return
        context = self._context()
        if reason:
            context["screen"] = f"{context.get('screen', '')}:{reason}"
        self._calls += 1
        call = self._waiting = self._calls
        # Straight to the store lane: never behind a ticket number on the network lane.
        self._tasks.watch(
            terminal.call_help(context),
            lambda request: self._stored(call, request),
            busy=False,
        )
        self.chime.emit()
        self.changed.emit()

    def _stored(self, call: int, request_id: str) -> None:
        if call == self._waiting:
            self._waiting, self._request = None, request_id
        else:  # cancelled (or the applicant gone) while it was being stored
            self._cancel_stored(request_id)
        self.changed.emit()

    @Slot(object)
    def central_changed(self, change: HelpCallChange) -> None:
        """The attendant acknowledged or resolved this applicant's call (UI thread)."""
        if change.id != self._request:
            return  # an earlier applicant's call
        if change.state == "acknowledged":
            self._seen = True
        elif change.state in ("resolved", "cancelled"):
            # Helped: the button is free again (and a question about it is moot).
            self._request, self._seen, self._confirming = None, False, False
        self.changed.emit()

    def _cancel(self) -> None:
        self._seen = self._confirming = False
        if self._request is not None:
            request, self._request = self._request, None
            self._cancel_stored(request)
        self._waiting = None
        self.changed.emit()

    def _cancel_stored(self, request_id: str) -> None:
        terminal = self._terminal()
        if terminal is not None:
            terminal.cancel_help(request_id)

    def reset(self) -> None:
        """A new applicant: an open call is cancelled (its context is of the previous one)."""
        self._cancel()
