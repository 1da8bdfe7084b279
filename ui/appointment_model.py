"""The Saturday appointments' view-model (星期六办事预约, the terminal's `check_in` mode).

From the home screen the applicant books a Saturday (the item, one of the next service
Saturdays, a slot with places left, then name, mobile and, for a company's item, the
credit code), checks in on the day (the booking slip's QR, or the code and the mobile
number), or cancels or changes a booking (code and mobile). Every step asks the central
server (kiosk.bookings, on the network lane); when it cannot answer, the screen says so
plainly and offers the ordinary declaration instead. Checked in on time, the applicant
goes on to the ordinary declaration of the booked item, whose ticket is then of the
appointment series (kiosk.tickets.APPOINTMENT_SERIES); early, late or on another day,
the screen says why and offers the ordinary queue.

Pages: menu, items, when (Saturday and slot), form, booked, check_in, arrival, manage,
change (Saturday and slot for a booking moved), cancelled. Nothing of the applicant
stays after the privacy wipe (`forget`); an answer arriving after they left is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QObject, Signal, Slot

from kiosk.i18n import Text
from kiosk.modes import Mode, Navigator
from ui.tasks import Tasks

if TYPE_CHECKING:  # kiosk.appointments needs pydantic: loaded after the first frame
    from kiosk.appointments import Arrival, Booking, BookingRequest, Refusal, Saturday
    from kiosk.terminal import Terminal

log = logging.getLogger(__name__)

PAGES = (
    "menu",
    "items",
    "when",
    "form",
    "booked",
    "check_in",
    "arrival",
    "manage",
    "change",
    "cancelled",
)


class AppointmentModel(QObject):
    """Booking, check-in, cancelling and changing, one page at a time."""

    changed = Signal()
    cardRead = Signal(str)  # the booking form's name, from the ID card placed on the reader

    def __init__(
        self,
        navigator: Navigator,
        terminal: Callable[[], Terminal | None],
        tasks: Tasks,
        language: Callable[[], str],
        declare: Callable[[str | None, str | None], None],
        leave: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """`declare(item_id, code)`: the ordinary declaration of `item_id` (None: the
        services list), checked in with booking `code` (None: an ordinary ticket);
        `leave`: the kiosk's wipe, which forgets the applicant everywhere (this too)."""
        super().__init__(parent)
        self._navigator, self._terminal, self._tasks = navigator, terminal, tasks
        self._lang, self._declare, self._leave = language, declare, leave
        self._generation = 0
        self._clear()

    def _clear(self) -> None:
        self._page = "menu"
        self._busy = False
        self._problem: Text | None = None
        self._field = ""  # the field a refusal is about
        self._offline = False
        self._item_id: str | None = None
        self._saturdays: list[Saturday] = []
        self._day_index = -1
        self._slot = ""
        self._booking: Booking | None = None
        self._name = self._mobile = ""  # for the slip: gone with the applicant
        self._code = ""  # the booking being checked in, cancelled or changed
        self._arrival: Arrival | None = None
        self._slip: Text | None = None
        self._printing = False
        # An ID card placed on the booking form: its holder's number goes with the booking
        # (check-in by card on the day); gone with the applicant.
        self._card_id: str | None = None

    # -- for QML ------------------------------------------------------------------------------

    page = Property(str, lambda s: s._page, notify=changed)
    cardHeld = Property(bool, lambda s: s._card_id is not None, notify=changed)
    busy = Property(bool, lambda s: s._busy, notify=changed)
    problem = Property(str, lambda s: s._t(s._problem), notify=changed)
    problemField = Property(str, lambda s: s._field, notify=changed)
    # Booking cannot be done now (no server, or nothing left): offer the declaration.
    offline = Property(bool, lambda s: s._offline, notify=changed)
    items = Property(list, lambda s: s._items(), notify=changed)
    itemName = Property(str, lambda s: s._item_name(s._item_id), notify=changed)
    company = Property(bool, lambda s: s._company(), notify=changed)
    saturdays = Property(list, lambda s: s._saturday_rows(), notify=changed)
    dayIndex = Property(int, lambda s: s._day_index, notify=changed)
    slots = Property(list, lambda s: s._slot_rows(), notify=changed)
    slot = Property(str, lambda s: s._slot, notify=changed)
    slotSpan = Property(str, lambda s: s._slot_span(s._slot) if s._slot else "", notify=changed)
    chosenDay = Property(str, lambda s: s._chosen_day(), notify=changed)
    code = Property(str, lambda s: s._booking.printed_code if s._booking else "", notify=changed)
    bookedDay = Property(str, lambda s: s._booked("day"), notify=changed)
    bookedSlot = Property(str, lambda s: s._booked("slot"), notify=changed)
    bookedItem = Property(str, lambda s: s._booked("item"), notify=changed)
    arrivalResult = Property(str, lambda s: s._arrival.result if s._arrival else "", notify=changed)
    arrivalMessage = Property(str, lambda s: s._t(s._arrival_text()), notify=changed)
    slipMessage = Property(str, lambda s: s._t(s._slip), notify=changed)
    printing = Property(bool, lambda s: s._printing, notify=changed)
    arriveBefore = Property(int, lambda s: _window()[0], constant=True)
    arriveAfter = Property(int, lambda s: _window()[1], constant=True)

    def _t(self, value: Text | None) -> str:
        return value.get(self._lang()) if value is not None else ""

    def _catalog_items(self) -> list[Any]:
        terminal = self._terminal()
        catalog = getattr(terminal, "catalog", None) if terminal is not None else None
        if catalog is None:
            return []
        # The items served on Saturdays (政务 5+1), in the catalog's order.
        return [item for item in catalog.items.values() if item.saturday]

    def _items(self) -> list[dict[str, Any]]:
        lang = self._lang()
        return [{"id": item.id, "name": item.name.get(lang)} for item in self._catalog_items()]

    def _item(self, item_id: str | None) -> Any:
        terminal = self._terminal()
        catalog = getattr(terminal, "catalog", None) if terminal is not None else None
        if catalog is None or item_id is None:
            return None
        return catalog.items.get(item_id)

    def _item_name(self, item_id: str | None) -> str:
        item = self._item(item_id)
        return item.name.get(self._lang()) if item is not None else (item_id or "")

    def _company(self) -> bool:
        from kiosk.catalog.models import Category

        item = self._item(self._item_id)
        return item is not None and item.category is Category.ENTERPRISE

    def _saturday_rows(self) -> list[dict[str, Any]]:
        from kiosk.appointments import day_text

        lang = self._lang()
        return [
            {
                "day": day_text(s.day).get(lang),
                "hours": f"{s.opens}-{s.closes}",
                "bookable": s.bookable,
                "closed": s.closed,
            }
            for s in self._saturdays
        ]

    def _chosen(self) -> Saturday | None:
        if 0 <= self._day_index < len(self._saturdays):
            return self._saturdays[self._day_index]
        return None

    def _chosen_day(self) -> str:
        from kiosk.appointments import day_text

        chosen = self._chosen()
        return day_text(chosen.day).get(self._lang()) if chosen is not None else ""

    def _slot_rows(self) -> list[dict[str, Any]]:
        chosen = self._chosen()
        if chosen is None:
            return []
        return [
            {"start": s.start, "end": s.end, "left": s.left, "full": s.full or chosen.closed}
            for s in chosen.slots
        ]

    def _booked(self, key: str) -> str:
        from kiosk.appointments import day_text

        b = self._booking
        if b is None:
            return ""
        if key == "day":
            return day_text(b.day).get(self._lang())
        if key == "slot":
            return self._slot_span(b.slot)
        return self._item_name(b.item_id)

    def _slot_span(self, start: str) -> str:
        """ "09:00-10:00" for a slot's start, from the Saturdays known (else its start)."""
        for saturday in self._saturdays:
            found = saturday.slot(start)
            if found is not None:
                return f"{found.start}-{found.end}"
        return start

    def _arrival_text(self) -> Text | None:
        return self._arrival.message if self._arrival is not None else None

    # -- moving between pages ------------------------------------------------------------------

    def _go(self, page: str) -> None:
        self._generation += 1  # an answer for the page left is dropped
        self._page, self._busy = page, False
        self._problem, self._field, self._offline = None, "", False
        self.changed.emit()

    @Slot()
    def open(self) -> None:
        """The home screen's button: the appointments' menu over the (empty) journey."""
        self._generation += 1
        self._clear()
        self._navigator.enter(Mode.CHECK_IN)
        self.changed.emit()

    @Slot(str)
    def show(self, page: str) -> None:
        """The menu's choices and every page's "back"; menu, items, check_in or manage."""
        if page in ("menu", "items", "check_in", "manage"):
            if page in ("menu", "items"):
                self._item_id, self._saturdays, self._day_index, self._slot = None, [], -1, ""
            self._go(page)

    def _ask(self, future: Any, answered: Callable[[Any], None]) -> None:
        """`future`'s answer to `answered` (on the UI thread), unless the applicant left or
        moved on meanwhile; a Refusal is worded here."""
        from kiosk.appointments import BookingRefused, Refusal

        self._generation += 1
        generation = self._generation
        self._busy, self._problem, self._field, self._offline = True, None, "", False
        self.changed.emit()

        def done(answer: Any) -> None:
            if generation != self._generation:
                return
            self._busy = False
            if isinstance(answer, Refusal):
                self._refused(answer)
            else:
                answered(answer)
            self.changed.emit()

        def failed(error: BaseException) -> None:
            if generation != self._generation:
                return
            self._busy = False
            if isinstance(error, BookingRefused):
                self._refuse_field(error)
            else:
                log.error("appointments: %s", error)
                self._refused(Refusal("offline"))
            self.changed.emit()

        self._tasks.watch(future, done, failed)

    def _refused(self, refusal: Refusal) -> None:
        self._problem = refusal.message
        self._offline = refusal.reason == "offline"
        self._field = {"full": "slot", "no_such_slot": "slot", "not_found": "code"}.get(
            refusal.reason, ""
        )
        if refusal.reason in ("full", "no_such_slot") and self._page in ("form", "change"):
            # Taken meanwhile (another terminal had the last place): the slots again, as
            # they are now, with the words why.
            self._slot, self._page = "", "change" if self._page == "change" else "when"
            self._load_saturdays(refusal.message)

    def _refuse_field(self, refused: Any) -> None:
        from kiosk.appointments import MESSAGES

        self._problem, self._field = MESSAGES[refused.code], refused.code
        self._offline = False

    def _bookings(self) -> Any:
        terminal = self._terminal()
        return getattr(terminal, "bookings", None) if terminal is not None else None

    def _offline_now(self) -> bool:
        """No terminal open yet: the same plain words as a server that cannot answer."""
        if self._bookings() is not None:
            return False
        from kiosk.appointments import Refusal

        self._refused(Refusal("offline"))
        self.changed.emit()
        return True

    # -- booking -------------------------------------------------------------------------------

    @Slot(str)
    def chooseItem(self, item_id: str) -> None:
        if self._item(item_id) is None or self._offline_now():
            return
        self._item_id, self._day_index, self._slot = item_id, -1, ""
        self._go("when")
        self._load_saturdays()

    def _load_saturdays(self, why: Text | None = None) -> None:
        """The coming Saturdays from the server; `why` shown with them (a refusal's)."""
        bookings = self._bookings()
        if bookings is None:
            return
        previous = self._chosen()

        def arrived(found: list[Saturday]) -> None:
            self._saturdays = found
            same = next((i for i, s in enumerate(found) if previous and s.day == previous.day), -1)
            first = next((i for i, s in enumerate(found) if s.bookable), -1)
            self._day_index = same if same >= 0 and found[same].bookable else first
            if not found or first < 0:  # nothing to book: the ordinary declaration instead
                from kiosk.appointments import MESSAGES

                self._problem, self._offline = MESSAGES["none_left"], True
            elif why is not None:
                self._problem = why

        self._ask(bookings.saturdays(self._item_id), arrived)

    @Slot(int)
    def chooseDay(self, index: int) -> None:
        if 0 <= index < len(self._saturdays) and self._saturdays[index].bookable:
            self._day_index, self._slot = index, ""
            self._problem, self._field = None, ""
            self.changed.emit()

    @Slot(str)
    def chooseSlot(self, start: str) -> None:
        chosen = self._chosen()
        found = chosen.slot(start) if chosen is not None else None
        if chosen is None or found is None or found.full or chosen.closed:
            return
        self._slot = start
        if self._page == "change":
            self._change()
        else:
            self._go("form")

    @Slot(str, str, str)
    def book(self, name: str, mobile: str, credit_code: str) -> None:
        from kiosk.appointments import BookingRefused, BookingRequest

        chosen, bookings = self._chosen(), self._bookings()
        if chosen is None or self._item_id is None or bookings is None or self._busy:
            return
        try:
            request = BookingRequest.of(
                self._item_id,
                chosen.day,
                self._slot,
                name,
                mobile,
                id_number=self._card_id if not self._company() else None,
                credit_code=credit_code if self._company() else None,
            )
        except BookingRefused as refused:
            self._refuse_field(refused)
            self.changed.emit()
            return
        self._ask(bookings.book(request), lambda booking: self._booked_now(request, booking))

    def _booked_now(self, request: BookingRequest, booking: Booking) -> None:
        self._booking, self._name, self._mobile = booking, request.name, request.mobile
        self._page, self._slip = "booked", None
        self.printSlip()

    @Slot()
    def printSlip(self) -> None:
        """The booking slip: its code and QR (again, after a fault the slip words)."""
        terminal, booking = self._terminal(), self._booking
        if terminal is None or booking is None or self._printing:
            return
        self._printing, self._slip = True, None
        generation = self._generation
        self.changed.emit()

        def printed(words: Text) -> None:
            if generation == self._generation:
                self._printing, self._slip = False, words
                self.changed.emit()

        def failed(error: BaseException) -> None:
            if generation == self._generation:
                from kiosk.terminal import SLIP_NOT_PRINTED

                log.error("booking slip: %s", error)
                self._printing, self._slip = False, SLIP_NOT_PRINTED
                self.changed.emit()

        span = self._slot_span(booking.slot)
        end = span.rpartition("-")[2] if "-" in span else _hour_later(booking.slot)
        self._tasks.watch(
            terminal.print_booking_slip(booking, end, self._name, self._mobile, self._lang()),
            printed,
            failed,
            busy=False,
        )

    # -- check-in ------------------------------------------------------------------------------

    @Slot(str, str)
    def checkIn(self, code: str, mobile: str) -> None:
        from kiosk.appointments import BookingRefused, CheckInQuery

        try:
            query = CheckInQuery.typed(code, mobile)
        except BookingRefused as refused:
            self._refuse_field(refused)
            self.changed.emit()
            return
        self._check_in(query)

    @Slot(str, result=bool)
    def scanned(self, text: str) -> bool:
        """A QR code read at the terminal: True when it was one of this hall's booking
        slips (the check-in goes on with it), False otherwise (the caller says so)."""
        from kiosk.appointments import APPOINTMENT_QR_TEMPLATE, CheckInQuery

        query = CheckInQuery.scanned(text, APPOINTMENT_QR_TEMPLATE)
        if query is None or self._terminal() is None:
            return False
        if self._navigator.mode is not Mode.CHECK_IN:
            self.open()
        self._go("check_in")
        self._check_in(query)
        return True

    def _check_in(self, query: Any) -> None:
        bookings = self._bookings()
        if self._busy or self._offline_now() or bookings is None:
            return
        self._code = query.code
        self._ask(bookings.check_in(query), self._arrived)

    def card(self, values: Mapping[str, str]) -> None:
        """An ID card placed on the reader in this mode: on the booking form it names the
        applicant (and its number goes with the booking); anywhere else it checks in the
        holder's booking of today."""
        from kiosk.appointments import CardCheckIn

        if self._page == "form":
            if self._company():
                return  # a company's booking is the credit code's
            read = CardCheckIn.of(values.get("id_number", ""))
            if read is not None:
                self._card_id = read.id_number
                self.cardRead.emit(values.get("name", ""))
                self.changed.emit()
            return
        if self._page not in ("menu", "check_in"):
            return
        query = CardCheckIn.of(values.get("id_number", ""))
        bookings = self._bookings()
        if query is None or bookings is None or self._busy or self._offline_now():
            return
        self._go("check_in")
        self._code = ""
        self._ask(bookings.check_in_by_card(query), self._arrived)

    def _arrived(self, arrival: Arrival) -> None:
        if arrival.checked_in:
            code = arrival.code or self._code
            self._declare_now(arrival.item_id, code)
            return
        self._arrival, self._item_id = arrival, arrival.item_id
        self._page = "arrival"

    @Slot()
    def declareInstead(self) -> None:
        """The ordinary declaration (an ordinary ticket): offline, early or late."""
        self._declare_now(self._item_id if self._item(self._item_id) else None, None)

    def _declare_now(self, item_id: str | None, code: str | None) -> None:
        self._generation += 1
        self._clear()
        self._navigator.leave(Mode.CHECK_IN)
        self.changed.emit()
        self._declare(item_id, code)

    # -- cancelling and changing ---------------------------------------------------------------

    def _proof(self, code: str, mobile: str) -> tuple[str, str] | None:
        from kiosk.appointments import BookingRefused, CheckInQuery

        try:
            query = CheckInQuery.typed(code, mobile)
        except BookingRefused as refused:
            self._refuse_field(refused)
            self.changed.emit()
            return None
        assert query.mobile is not None
        return query.code, query.mobile

    @Slot(str, str)
    def cancelBooking(self, code: str, mobile: str) -> None:
        proof, bookings = self._proof(code, mobile), self._bookings()
        if proof is None or self._offline_now() or bookings is None or self._busy:
            return

        def cancelled(booking: Booking) -> None:
            self._booking, self._page = booking, "cancelled"

        self._ask(bookings.cancel(*proof), cancelled)

    @Slot(str, str)
    def startChange(self, code: str, mobile: str) -> None:
        proof = self._proof(code, mobile)
        if proof is None or self._offline_now():
            return
        self._code, self._mobile = proof
        self._item_id, self._day_index, self._slot = None, -1, ""
        self._go("change")
        self._load_saturdays()

    def _change(self) -> None:
        chosen, bookings = self._chosen(), self._bookings()
        if chosen is None or bookings is None or self._busy:
            return

        def changed(booking: Booking) -> None:
            self._booking, self._page, self._slip = booking, "booked", None
            self.printSlip()

        self._ask(bookings.change(self._code, self._mobile, chosen.day, self._slot), changed)

    # -- leaving -------------------------------------------------------------------------------

    @Slot()
    def close(self) -> None:
        """Back to the home screen: the next person starts afresh (the kiosk's wipe, which
        calls `forget`)."""
        self._leave()

    def forget(self) -> None:
        """The privacy wipe: nothing of the appointment stays, and its mode ends."""
        self._generation += 1
        self._clear()
        self._navigator.leave(Mode.CHECK_IN)
        self.changed.emit()

    def refresh_texts(self) -> None:
        self.changed.emit()


def _window() -> tuple[int, int]:
    """The check-in window's minutes before and after the slot starts."""
    from kiosk.appointments import ARRIVE_AFTER_MINUTES, ARRIVE_BEFORE_MINUTES

    return ARRIVE_BEFORE_MINUTES, ARRIVE_AFTER_MINUTES


def _hour_later(start: str) -> str:
    """A slot's end when the Saturdays are not known: the server's slots are an hour."""
    hour, minute = (int(part) for part in start.split(":"))
    return f"{min(hour + 1, 23):02d}:{minute:02d}"


__all__ = ["PAGES", "AppointmentModel"]
