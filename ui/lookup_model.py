"""The progress lookup's view-model (办件进度查询, the terminal's `progress` mode).

From the home screen the applicant opens the lookup, types the reference and the last
four digits of the mobile number (or a scanner hands over the ticket's QR code:
`scanned`), and sees the declaration's status history, the 容缺 materials still owed and
the mailing state, from the central server or, marked as perhaps out of date, from this
terminal (kiosk.services). A completed declaration not yet rated offers the rating.
Nothing of it stays after the privacy wipe (`forget`); a result arriving after the
applicant left is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.i18n import Text
from kiosk.modes import Mode, Navigator
from ui.rating_model import RatingModel
from ui.tasks import Tasks

if TYPE_CHECKING:  # kiosk.progress needs pydantic: loaded after the first frame
    from kiosk.card_lookup import CardQuery
    from kiosk.progress import LookupResult, Progress, Query
    from kiosk.terminal import Terminal


class LookupModel(QObject):
    """The lookup's entry, its result, and leaving it."""

    changed = Signal()

    def __init__(
        self,
        navigator: Navigator,
        terminal: Callable[[], Terminal | None],
        tasks: Tasks,
        language: Callable[[], str],
        zone: Callable[[], tzinfo],
        rating: RatingModel,
        leave: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """`leave`: the kiosk's wipe, which forgets the applicant everywhere (this too)."""
        super().__init__(parent)
        self._leave = leave
        self._navigator, self._terminal, self._tasks = navigator, terminal, tasks
        self._lang, self._zone, self._rating = language, zone, rating
        self._generation = 0
        self._clear()

    def _clear(self) -> None:
        self._busy = False
        self._problem: Text | None = None
        self._field = ""  # the field a refusal is about: reference or digits
        self._progress: Progress | None = None
        self._choices: tuple[Progress, ...] = ()  # an ID card's several declarations

    # -- for QML ------------------------------------------------------------------------------

    busy = Property(bool, lambda s: s._busy, notify=changed)
    problem = Property(
        str, lambda s: s._problem.get(s._lang()) if s._problem else "", notify=changed
    )
    problemField = Property(str, lambda s: s._field, notify=changed)
    found = Property(bool, lambda s: s._progress is not None, notify=changed)
    reference = Property(
        str, lambda s: s._progress.reference if s._progress else "", notify=changed
    )
    itemName = Property(str, lambda s: s._item_name(), notify=changed)
    status = Property(str, lambda s: s._shown("status"), notify=changed)
    current = Property(bool, lambda s: bool(s._progress and s._progress.current), notify=changed)
    ticket = Property(
        str, lambda s: (s._progress.ticket or "") if s._progress else "", notify=changed
    )
    returnedNote = Property(
        str, lambda s: s._progress.returned_note if s._progress else "", notify=changed
    )
    history = Property(list, lambda s: s._history(), notify=changed)
    owed = Property(list, lambda s: s._owed(), notify=changed)
    checkedAt = Property(str, lambda s: s._checked_at(), notify=changed)
    mailingState = Property(str, lambda s: s._mailing("state"), notify=changed)
    mailingCarrier = Property(str, lambda s: s._mailing("carrier"), notify=changed)
    mailingTracking = Property(str, lambda s: s._mailing("tracking"), notify=changed)
    mailingDistrict = Property(str, lambda s: s._mailing("district"), notify=changed)
    choices = Property(list, lambda s: s._choice_rows(), notify=changed)

    def _choice_rows(self) -> list[dict[str, Any]]:
        """An ID card's declarations to choose from (none after a typed lookup)."""
        return [
            {
                "reference": p.reference,
                "itemName": self._name_of(p.item_id),
                "at": self._when(p.history[0].at) if p.history else "",
                "status": p.status,
                "shown": self._progress is not None and p.reference == self._progress.reference,
            }
            for p in self._choices
        ]

    def _mailing(self, key: str) -> str:
        """A part of the mailing state (证照免费邮寄), "" when none was asked for."""
        mailing = self._progress.mailing if self._progress is not None else None
        value = mailing.get(key) if mailing else None
        return str(value) if value is not None else ""

    def _shown(self, name: str) -> str:
        """A text attribute of the progress shown ("" without one)."""
        return str(getattr(self._progress, name) or "") if self._progress else ""

    def _item_name(self) -> str:
        return self._name_of(self._progress.item_id) if self._progress else ""

    def _name_of(self, item_id: str) -> str:
        terminal = self._terminal()
        try:
            return terminal.catalog[item_id].name.get(self._lang()) if terminal else item_id
        except (KeyError, AttributeError):  # an item of an older catalog: its id
            return item_id

    def _when(self, at: datetime) -> str:
        from ui.journey_rows import long_date  # the form's module: after the first frame

        local = at.astimezone(self._zone())
        return f"{long_date(local.date(), self._lang())} {local:%H:%M}"

    def _history(self) -> list[dict[str, Any]]:
        if self._progress is None:
            return []
        return [
            {"status": step.status, "at": self._when(step.at), "note": step.note}
            for step in self._progress.history
        ]

    def _owed(self) -> list[dict[str, Any]]:
        if self._progress is None:
            return []
        from ui.journey_rows import long_date

        lang = self._lang()
        return [
            {"name": o.name.get(lang), "due": long_date(o.due, lang)} for o in self._progress.owed
        ]

    def _checked_at(self) -> str:
        p = self._progress
        return self._when(p.checked_at) if p is not None and p.checked_at is not None else ""

    # -- actions ------------------------------------------------------------------------------

    @Slot()
    def open(self) -> None:
        """The home screen's button: the lookup over the (empty) journey."""
        self._generation += 1
        self._clear()
        self._navigator.enter(Mode.PROGRESS)
        self.changed.emit()

    @Slot(str, str)
    def lookUp(self, reference: str, digits: str) -> None:
        from kiosk.progress import MESSAGES, Query, QueryRefused

        try:
            query = Query.typed(reference, digits)
        except QueryRefused as refused:
            self._problem, self._field = MESSAGES[refused.code], refused.code
            self.changed.emit()
            return
        self._ask(query)

    @Slot(str, result=bool)
    def scanned(self, code: str) -> bool:
        """A QR code read at the terminal: True when it was one of this hall's tickets or
        documents (the lookup opens on it), False otherwise (the caller says so)."""
        from kiosk.progress import Query

        terminal = self._terminal()
        if terminal is None:
            return False
        query = Query.scanned(code, terminal.config.printer.qr_url_template)
        if query is None:
            return False
        if self._navigator.mode is not Mode.PROGRESS:
            self.open()
        self._ask(query)
        return True

    def card(self, id_number: str) -> None:
        """An ID card placed on the reader while the lookup is open: its holder's
        declarations (kiosk.card_lookup); a card that reads wrong is said so."""
        from kiosk.card_lookup import CardQuery
        from kiosk.progress import MESSAGES

        query = CardQuery.of(id_number)
        if query is None:
            self._problem, self._field = MESSAGES["card_not_found"], ""
            self.changed.emit()
            return
        self._ask(query)

    @Slot(str)
    def choose(self, reference: str) -> None:
        """One of an ID card's declarations, shown."""
        chosen = next((p for p in self._choices if p.reference == reference), None)
        if chosen is not None:
            self._progress = chosen
            self._rating.forget()
            if chosen.completed:
                self._rating.begin(chosen.reference, rated=chosen.rating)
            self.changed.emit()

    def _ask(self, query: Query | CardQuery) -> None:
        from kiosk.card_lookup import CardQuery

        terminal = self._terminal()
        if terminal is None or self._busy:
            return
        self._generation += 1
        generation = self._generation
        self._busy, self._problem, self._field, self._progress = True, None, "", None
        self._choices = ()
        self._rating.forget()
        self.changed.emit()
        asked = (
            terminal.look_up_card(query)
            if isinstance(query, CardQuery)
            else terminal.look_up(query)
        )
        self._tasks.watch(
            asked,
            lambda result: self._answered(generation, result),
            lambda error: self._failed(generation, error),
        )

    def _answered(self, generation: int, result: LookupResult) -> None:
        if generation != self._generation:  # the applicant left meanwhile
            return
        from kiosk.progress import MESSAGES

        self._busy = False
        self._progress = result.progress
        self._choices = result.choices
        self._problem = MESSAGES[result.problem] if result.problem else None
        p = result.progress
        if p is not None and p.completed:
            self._rating.begin(p.reference, rated=p.rating)
        self.changed.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            from kiosk.progress import MESSAGES

            self._busy, self._problem = False, MESSAGES["unreachable"]
            self.changed.emit()

    @Slot()
    def again(self) -> None:
        """Another lookup: the entry again, the result gone."""
        self._generation += 1
        self._clear()
        self._rating.forget()
        self.changed.emit()

    @Slot()
    def close(self) -> None:
        """Back to the home screen: the next person starts afresh (the kiosk's wipe, which
        calls `forget`)."""
        self._leave()

    def forget(self) -> None:
        """The privacy wipe: nothing of the lookup stays, and its mode ends."""
        self._generation += 1
        self._clear()
        self._rating.forget()
        self._navigator.leave(Mode.PROGRESS)
        self.changed.emit()

    def refresh_texts(self) -> None:
        self.changed.emit()
