"""The terminal's composition root: everything one terminal runs, built in order, closed in
reverse. Qt-free; the console walk-through, the touch interface (ui/app.py adapts it to
Qt) and the benchmarks all build a `Terminal`.

Three lanes (kiosk.lanes), each the only user of what it owns:
- *store* (rank 0): the SQLite store, its only writer: declarations, help calls, tickets,
  the record of every print, and the sync's bookkeeping;
- *printer* (rank 1): the thermal printer and the A4 documents; it hands each outcome
  back, and the store lane records it;
- *network* (rank 2): the central server: ticket numbers (urgent: an applicant waits)
  and the sync's passes, woken by every commit that queues an event.

Every action returns a Future completed on a lane's thread; nothing here waits, except
the console's blocking facade. A help call goes to the store lane at once: it never
waits behind a ticket number, which is asked on the network lane.

Staff at the terminal (kiosk.staff): `self.staff`, a StaffDesk built by `open()`, and
Future-returning methods the touch interface calls for the PIN pad, the help call, assist
mode and out of service, all on the store lane; `send_now()` and `download_now()` for
the diagnostics screen on the network lane. A terminal restarted out of service reads so
(`out_of_service_state()`) and stays out of service.

Opening is staged so that the touch interface shows its home screen first: `Terminal()`
only starts the lanes; `open()` loads the catalog (the one downloaded last, else the
bundled one), opens the store and starts the sync, on the store lane. A malformed
catalog fails the Future with its CatalogError, before any applicant can start.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kiosk.clock import HallClock, utc_now
from kiosk.config import KioskConfig
from kiosk.i18n import Text, text
from kiosk.lanes import Lane, done_future, forward, then

if TYPE_CHECKING:  # loaded by open(), on the store lane, after the first frame
    from kiosk.appointments import Booking
    from kiosk.bookings import Bookings
    from kiosk.card_lookup import CardQuery
    from kiosk.catalog.loader import Catalog
    from kiosk.catalog.models import ServiceItem
    from kiosk.committer import Committer
    from kiosk.declarations import Declarations, IssuedTicket, SignedCommitment, Submitted
    from kiosk.divisions import Divisions
    from kiosk.forms import AnswerValue
    from kiosk.help_requests import HelpCallChange, HelpDesk, OpenHelpCall
    from kiosk.mailing import MailingAddress
    from kiosk.prereview import ReviewResult
    from kiosk.progress import LookupResult, Query
    from kiosk.proxy import ProxyGrant
    from kiosk.ratings import Rating
    from kiosk.search import ServiceIndex
    from kiosk.services import Services
    from kiosk.signature import Signature
    from kiosk.staff.desk import StaffDesk
    from kiosk.staff.identity import OutOfService, PadState, SignIn, StaffMember
    from kiosk.store.database import Store
    from kiosk.sync import HttpTicketSource, SyncSettings, SyncStatus, SyncWorker
    from kiosk.tickets import CentralTicket, TicketRequest
    from kiosk.workcalendar import WorkCalendar
    from printer.errors import PrinterFault
    from printer.fonts import CjkFont
    from printer.printing import PrintOutcome, TicketPrinter
    from printer.ticket_content import TicketContent

log = logging.getLogger(__name__)

SLIP_PRINTED = text("预约单已打印，请收好。", "Your appointment slip is printed: please keep it.")
SLIP_NOT_PRINTED = text(
    "打印机暂时无法打印预约单。预约已经成功，请记下屏幕上的预约码。",
    "The appointment slip could not be printed. The appointment is made: please note the "
    "code on the screen.",
)

T = TypeVar("T")


DOCUMENT_NOT_SAVED = text(
    "文件未能生成，请呼叫辅导员。", "The document could not be made: please call the attendant."
)


class PaperWhere(StrEnum):
    """Where paper from `Terminal.take_home` went."""

    A4 = "a4"  # the A4 printer (CUPS)
    SLIP = "slip"  # the thermal ticket printer, as a slip
    SAVED = "saved"  # printed nowhere (a printer fault), the PDF saved for the counter
    NONE = "none"  # nothing printed or saved (the documents folder failed; or not signed)


@dataclass(frozen=True, repr=False)
class TakeHome:
    """What `Terminal.take_home` did: the document, where it was printed, its saved PDF,
    and the message for the applicant (both languages); a slip's picture for the screen."""

    reference: str
    document: str  # "notice", "commitment" or "confirmation"
    where: PaperWhere
    path: Path | None  # the PDF in the documents folder (None: not saved)
    message: Text
    fault: PrinterFault | None = None  # the slip printer's fault, typed
    preview_png: bytes | None = None  # the slip as printed (None: A4, or a fault)
    to_printer_s: float | None = None  # from the call to the bytes at the printer / lp done

    @property
    def printed(self) -> bool:
        return self.where in (PaperWhere.A4, PaperWhere.SLIP)

    def __repr__(self) -> str:
        return f"TakeHome({self.document}, {self.where.value}, {self.reference})"


_DOCUMENT_FOR = {
    "rejected": "notice",
    "passed_with_deficiency": "commitment",
    "passed": "confirmation",
}
_Gathered = tuple[
    "ServiceItem",
    "Committer | None",
    "SignedCommitment | None",
    "ProxyGrant | None",
    "MailingAddress | str | None",
]
AUTHORISATION = "authorisation"  # 委托代办授权书 of a grid leader's proxy declaration
TITLES_OF = frozenset((*_DOCUMENT_FOR.values(), AUTHORISATION))

SLIP_PRINTED = text("已打印，请在下方出纸口取走。", "Printed: please take it from the slot below.")
A4_PRINTED = text(
    "已打印，请到旁边的 A4 打印机取走。", "Printed: please take it from the A4 printer beside you."
)
SIGN_FIRST = text(
    "请先在承诺书上签名，再打印。", "Please sign the commitment first, then print it."
)


@dataclass
class TerminalHooks:
    """What the terminal tells its interface; called on a lane's thread (re-emit them)."""

    on_sync_status: Callable[[SyncStatus], None] | None = None
    on_help_call: Callable[[HelpCallChange], None] | None = None
    # A downloaded, checked catalog: serve it from the next applicant on (use_catalog).
    on_catalog: Callable[[Catalog], None] | None = None
    # A ticket's bytes were handed to the printer (the picture is drawn after).
    on_ticket_sent: Callable[[str], None] | None = None
    # A downloaded, checked work calendar (its opening hours, if any, for the screen).
    on_calendar: Callable[[WorkCalendar], None] | None = None
    # After any change of a help call (made here, or by the attendant on the dashboard):
    # the states of the calls an applicant still waits on ("open", "acknowledged"), for
    # the call light above the terminal.
    on_help_states: Callable[[list[str]], None] | None = None


class Terminal:
    """One terminal: its lanes, store, desks, printer, documents, sync and ticket source."""

    def __init__(
        self,
        config: KioskConfig,
        font: CjkFont,
        *,
        hooks: TerminalHooks | None = None,
        catalog: Catalog | None = None,
        time_source: Callable[[], datetime] = utc_now,
        sync_settings: SyncSettings | None = None,
    ) -> None:
        self.config = config
        self.font = font
        self.hooks = hooks or TerminalHooks()
        self.clock = HallClock(config.timezone, time_source)
        self.data_dir = config.resolved_data_dir()
        self._given_catalog = catalog
        self._sync_settings = sync_settings
        self._lock = threading.Lock()
        self._opening: Future[Catalog] | None = None
        self._closed = False
        self._printer_state = "unknown"  # for the heartbeat: "ok" or the last fault's code
        self.pending_catalog: Catalog | None = None
        # The diagnostics' figures for each heartbeat (the composition root sets it);
        # called on the network lane, through a lambda, so it may be replaced at any time.
        self.heartbeat_extra: Callable[[], Mapping[str, Any]] = dict
        # Built by open() on the store lane.
        self.catalog: Catalog
        self.store: Store
        self.desk: Declarations
        self.help_desk: HelpDesk
        self.staff: StaffDesk
        self.ticket_printer: TicketPrinter
        self.sync: SyncWorker | None = None
        self.tickets: HttpTicketSource | None = None
        self.services: Services | None = None
        self.bookings: Bookings | None = None
        self.store_lane = Lane("store", rank=0)
        self.printer_lane = Lane("printer", rank=1)
        self.network_lane = Lane("network", rank=2)

    # -- opening ----------------------------------------------------------------------------

    def open(self) -> Future[Catalog]:
        """Load the catalog and open everything on it (once); the Future holds the catalog."""
        with self._lock:
            if self._opening is None:
                self._opening = self.store_lane.submit(self._open)
            return self._opening

    @property
    def printer_state(self) -> str:
        """The last print's result, as the heartbeat tells it: "ok", a fault's code, or
        "unknown" before the first print."""
        return self._printer_state

    @property
    def opened(self) -> bool:
        opening = self._opening
        return opening is not None and opening.done() and opening.exception() is None

    def _open(self) -> Catalog:
        from kiosk.bookings import Bookings
        from kiosk.catalog.loader import load_catalog
        from kiosk.declarations import Declarations
        from kiosk.help_requests import HelpDesk
        from kiosk.ratings import Ratings
        from kiosk.resources import resource_path
        from kiosk.services import Services
        from kiosk.staff.desk import StaffDesk
        from kiosk.store.database import Store
        from kiosk.sync import HttpTicketSource, SyncWorker, load_calendar, load_current_catalog
        from kiosk.sync.appointments import AppointmentSource
        from kiosk.sync.lookups import ProgressSource
        from printer.printing import TicketPrinter

        config, data_dir = self.config, self.data_dir
        catalog = (
            self._given_catalog
            or load_current_catalog(data_dir)  # the last one downloaded and checked
            or load_catalog(config.catalog_dir or resource_path("catalog"))
        )
        self.catalog = catalog
        self.store = Store(data_dir / "kiosk.db")
        self.store.bind_writer(self.store_lane.thread)
        central = config.central
        self.tickets = HttpTicketSource(central) if central.url else None
        self.desk = Declarations(
            self.store,
            catalog,
            config.terminal_number,
            tickets=self.tickets,
            calendar=load_calendar(data_dir),
            clock=self.clock,
        )
        self.help_desk = HelpDesk(self.store, config.terminal_number, self.clock)
        self.staff = StaffDesk(
            self.store,
            config.terminal_number,
            self.clock,
            {str(role): pins for role, pins in config.staff.pins.items()},
        )
        self.ticket_printer = TicketPrinter(config, self.font)
        self.services = Services(
            self.store,
            Ratings(self.store, config.terminal_number, self.clock),
            ProgressSource(central),
            self.store_lane,
            self.network_lane,
            self.wake_sync,
        )
        self.bookings = Bookings(
            AppointmentSource(central), self.network_lane, config.terminal_number
        )
        self._call_for_unprinted()  # before the sync starts: its first pass sends them
        self.sync = SyncWorker(
            self.store,
            central,
            config.terminal_number,
            data_dir,
            catalog_version=catalog.version,
            printer_status=lambda: self._printer_state,
            on_status=self.hooks.on_sync_status,
            on_catalog=self._catalog_arrived,
            on_calendar=self._calendar_arrived,
            on_help_call=self._help_call_changed,
            settings=self._sync_settings,
            run_store=self.store_lane.call,
            heartbeat_extra=lambda: self.heartbeat_extra(),
        )
        self.sync.start(self.network_lane)
        self._tell_help_states()  # a call left open before a restart lights the light again
        self.printer_lane.submit(self._warm_printer)
        log.info("terminal %d open, catalog %s", config.terminal_number, catalog.version)
        return catalog

    def _call_for_unprinted(self) -> None:
        """Back after a crash or a power cut (kiosk.recovery): a help call for each
        ticket of the last 30 minutes never printed, so the attendant reprints it."""
        from kiosk.recovery import call_for_unprinted

        try:
            call_for_unprinted(self.store, self.config.terminal_number, self.clock())
        except Exception:  # the applicants of today still need the terminal to open
            log.exception("the tickets not printed before the start could not be called for")

    def _warm_printer(self) -> None:
        """Build a ticket nobody prints, while nobody waits: the first real ticket would
        otherwise pay python-escpos's imports (about 50 ms) before its bytes go out."""
        from kiosk.prereview import Outcome
        from printer.ticket_content import TicketContent

        reference = "00000000-00-0000"
        content = TicketContent(
            hall_name=self.config.hall_name,
            number="A00-000",
            item_name="-",
            counters=(1,),
            ahead=None,
            outcome=Outcome.PASSED,
            deficiencies=(),
            reference=reference,
            qr_url=self.config.printer.qr_url_template.format(reference=reference),
            issued_at=self.clock(),
            terminal=self.config.terminal_number,
            notice=self.config.printer.notice,
        )
        try:
            self.ticket_printer.build(content)
            # And what paper to take home needs (reportlab's imports: some 100 ms).
            import printer.documents
            import printer.slip  # noqa: F401
        except Exception:  # the real ticket will say what is wrong, to the applicant too
            log.exception("the ticket printer's warm-up failed")

    def _after_open(self, fn: Callable[[], Any], lane: Lane | None = None) -> Future[Any]:
        """`fn` on `lane` (the store's) once the terminal is open."""
        return then(self.open(), lane or self.store_lane, lambda _: fn())

    # -- the applicant's actions (any thread; the Futures complete on lanes) -----------------

    def submit(
        self,
        item_id: str,
        answers: Mapping[str, AnswerValue],
        materials: Mapping[str, bool],
        language: str,
        reference: str | None = None,
        appointment: str | None = None,
    ) -> Future[Submitted]:
        """Pre-review and store; `appointment`: the Saturday booking checked in with."""
        return self._after_open(
            lambda: self.desk.submit(item_id, answers, materials, language, reference, appointment)
        )

    def accept_commitment(self, reference: str, signature: Signature) -> Future[Committer | None]:
        """Store the signed 容缺 commitment (the signature from `Signature.from_pad`) and
        queue its event; the Future holds the person committing (None: the form names
        nobody), for the screen to show "承诺人：…"."""
        return self._after_open(lambda: self.desk.accept_commitment(reference, signature))

    def guide_viewed(self, item_id: str) -> Future[None]:
        return self._after_open(lambda: self.desk.guide_viewed(item_id))

    def call_help(self, context: Mapping[str, Any]) -> Future[str]:
        """Store a help call (the commit sends it); then follow the attendant's answer."""
        stored = self._after_open(lambda: self.help_desk.request(context))
        stored.add_done_callback(lambda _: self.wake_sync())
        return self._help_moved(stored)

    def cancel_help(self, request_id: str) -> Future[bool]:
        return self._help_moved(self._after_open(lambda: self.help_desk.cancel(request_id)))

    def _help_moved(self, future: Future[T]) -> Future[T]:
        """Once `future` (a help call's change) is done, tell the calls' states."""
        future.add_done_callback(lambda _: self.store_lane.submit(self._tell_help_states))
        return future

    def _help_call_changed(self, change: HelpCallChange) -> None:
        """The attendant answered a call on the dashboard (the sync's news)."""
        if self.hooks.on_help_call is not None:
            self.hooks.on_help_call(change)
        self.store_lane.submit(self._tell_help_states)

    def _tell_help_states(self) -> None:
        """On the store lane: the states of the calls still waited on, to the hook."""
        hook = self.hooks.on_help_states
        if hook is None or self._closed:
            return
        try:
            states = [call.state for call in self.help_desk.active_requests()]
        except Exception:  # the store closing under it: the next change tells again
            log.exception("the help calls' states could not be read")
            return
        hook(states)

    def take_ticket(
        self, reference: str, review: ReviewResult
    ) -> tuple[Future[IssuedTicket], Future[PrintOutcome]]:
        """Issue the ticket, then print it: the ticket's Future first, the print's after.

        Store lane: check and prepare; network lane (urgent): the hall-wide number, when a
        central server is configured; store lane: commit (the number is kept whatever the
        printer does); printer lane: the bytes; store lane: the outcome recorded.
        """
        prepared = self._after_open(lambda: self.desk.prepare_ticket(reference))
        asked: Future[tuple[IssuedTicket | TicketRequest, CentralTicket | None]]
        if self.config.central.url:
            asked = then(prepared, self.network_lane, self._ask_central, urgent=True)
        else:
            asked = then(prepared, self.store_lane, lambda p: (p, None))
        committed = then(asked, self.store_lane, lambda pair: self._commit(pair, review))
        issued = then(committed, self.store_lane, lambda pair: pair[0])
        printed = self._print(committed)
        return issued, printed

    def reprint(self, issued: IssuedTicket, review: ReviewResult) -> Future[PrintOutcome]:
        """Print a stored ticket again (after a fault: paper loaded, cover closed)."""
        content = self._after_open(lambda: (issued, self._content(issued, review)))
        return self._print(content)

    def reprint_ticket(self, number_or_reference: str) -> Future[PrintOutcome]:
        """Print a stored ticket again by its reference or its number (the attendant's
        reprint from the staff home, e.g. for a call "号票 A07-003 未打印"). A number
        names the latest ticket that has it (numbers start again each day). Fails with
        TicketRefused ("unknown_reference") for a ticket the store does not have."""
        content = self._after_open(lambda: self._stored_content(number_or_reference))
        return self._print(content)

    def _stored_content(self, number_or_reference: str) -> tuple[IssuedTicket, TicketContent]:
        from sqlalchemy import select

        from kiosk.declarations import TicketRefused
        from kiosk.store.models import Declaration, Ticket

        wanted = number_or_reference.strip() if isinstance(number_or_reference, str) else ""
        if not 0 < len(wanted) <= 32:  # both are short; anything else names no ticket
            raise TicketRefused("unknown_reference", wanted[:32])
        with self.store.session() as s:
            reference = s.scalar(
                select(Declaration.reference)
                .join(Ticket, Ticket.declaration_id == Declaration.id)
                .where((Declaration.reference == wanted) | (Ticket.number == wanted))
                .order_by((Declaration.reference == wanted).desc(), Ticket.issued_at.desc())
                .limit(1)
            )
        if reference is None:
            raise TicketRefused("unknown_reference", wanted)
        issued, review = self.desk.ticket_details(reference)
        return issued, self._content(issued, review)

    def _ask_central(
        self, prepared: IssuedTicket | TicketRequest
    ) -> tuple[IssuedTicket | TicketRequest, CentralTicket | None]:
        from kiosk.declarations import IssuedTicket

        if isinstance(prepared, IssuedTicket):
            return prepared, None
        return prepared, self.desk.ask_central(prepared)

    def _commit(
        self,
        pair: tuple[IssuedTicket | TicketRequest, CentralTicket | None],
        review: ReviewResult,
    ) -> tuple[IssuedTicket, TicketContent]:
        from kiosk.declarations import IssuedTicket

        prepared, central = pair
        issued = (
            prepared
            if isinstance(prepared, IssuedTicket)
            else self.desk.commit_ticket(prepared, central)
        )
        return issued, self._content(issued, review)

    def _content(self, issued: IssuedTicket, review: ReviewResult) -> TicketContent:
        from printer.ticket_content import ticket_content

        return ticket_content(issued, self.desk.catalog[issued.item_id], review, self.config)

    def _print(self, content: Future[tuple[IssuedTicket, TicketContent]]) -> Future[PrintOutcome]:
        outcome = then(content, self.printer_lane, lambda pair: self._print_now(pair[1]))
        return then(outcome, self.store_lane, self._record_print)

    def _print_now(self, content: TicketContent) -> PrintOutcome:
        from printer.printing import print_content

        sent = self.hooks.on_ticket_sent
        return print_content(
            self.ticket_printer,
            content,
            on_sent=None if sent is None else lambda: sent(content.reference),
        )

    def _record_print(self, outcome: PrintOutcome) -> PrintOutcome:
        self._printer_state = "ok" if outcome.fault is None else outcome.fault.code
        try:
            self.desk.record_print(outcome.reference, outcome.status)
        except Exception:  # the ticket is stored; a failed record must not hide the outcome
            log.exception("print of %s not recorded", outcome.reference)
        return outcome

    def take_home(
        self,
        submitted: Submitted,
        answers: Mapping[str, AnswerValue],
        materials: Mapping[str, bool],
        language: str,
        document: str | None = None,
    ) -> Future[TakeHome]:
        """Paper for the applicant to take home, from the touch screen; never fails with a
        printer's fault (the result says what happened, in words to show).

        `document`: "notice" (一次性告知单), "commitment" (容缺受理承诺书, once signed:
        the signature is read from the store) or "confirmation" (申报信息确认单); None
        chooses by the outcome (rejected: the notice, 容缺: the commitment, passed: the
        confirmation). On the A4 printer when `[documents] cups_queue` is set (a failed
        ``lp`` falls back to the slip), else as a slip on the ticket printer; the PDF is
        saved in the documents folder either way (after the slip's bytes, which never wait
        for it). A document.handed_out event and an audit row record it.
        """
        tapped = time.perf_counter()
        kind = document or _DOCUMENT_FOR[submitted.review.outcome.value]
        if kind not in TITLES_OF:
            raise ValueError(f"no such document: {kind!r}")
        gathered = self._after_open(lambda: self._gather(submitted, answers, kind))
        handed = then(
            gathered,
            self.printer_lane,
            lambda g: self._hand_out(submitted, g, answers, materials, language, kind, tapped),
        )
        # A bug (or a reference the store does not know) still gets words for the screen.
        failed = TakeHome(submitted.reference, kind, PaperWhere.NONE, None, DOCUMENT_NOT_SAVED)
        return then(_or(handed, failed), self.store_lane, self._record_hand_out)

    def _gather(
        self, submitted: Submitted, answers: Mapping[str, AnswerValue], kind: str
    ) -> _Gathered:
        """On the store lane: the item, the person committing, the signed commitment, for
        an authorisation the proxy's grant, for a confirmation the mailing address."""
        from kiosk.committer import committer

        item = self.desk.catalog[submitted.review.item_id]
        signed = self.desk.commitment(submitted.reference) if kind == "commitment" else None
        who = (
            signed.committer
            if signed is not None
            else committer(item, answers, self.clock().date())
        )
        grant = self._proxy_grant(submitted.reference, item) if kind == AUTHORISATION else None
        return item, who, signed, grant, self._mailing_of(submitted.reference, kind)

    def _mailing_of(self, reference: str, kind: str) -> MailingAddress | str | None:
        """How the certificate reaches the applicant, for the confirmation (申报信息确认单):
        the mailing address, "grid_leader" (the grid leader brings it), None (the counter)."""
        if kind != "confirmation":
            return None
        from kiosk.mail_requests import GRID_LEADER, MailRequests

        requests = MailRequests(self.store, self.config.terminal_number, self.clock)
        if requests.delivery(reference) == GRID_LEADER:
            return GRID_LEADER
        return requests.current(reference)

    def _proxy_grant(self, reference: str, item: ServiceItem) -> ProxyGrant | None:
        from sqlalchemy import select

        from kiosk.proxy import stored_grant
        from kiosk.store.models import Declaration

        with self.store.session() as s:
            decl = s.scalar(select(Declaration).where(Declaration.reference == reference))
            return stored_grant(decl, item) if decl is not None else None

    def _hand_out(
        self,
        submitted: Submitted,
        gathered: _Gathered,
        answers: Mapping[str, AnswerValue],
        materials: Mapping[str, bool],
        language: str,
        kind: str,
        tapped: float,
    ) -> TakeHome:
        """On the printer lane: the slip's bytes or the A4 document to lp, the PDF saved."""
        from printer.documents import (
            DocumentPrintError,
            build_authorisation,
            build_commitment,
            build_confirmation,
            build_notice,
            make_context,
            print_file,
            save_pdf,
        )
        from printer.slip import fault_message, print_slip, slip_content

        item, who, signed, grant, mailing = gathered
        if kind == "commitment" and signed is None:
            return TakeHome(submitted.reference, kind, PaperWhere.NONE, None, SIGN_FIRST)
        if kind == AUTHORISATION and grant is None:  # not a grid leader's declaration
            return TakeHome(submitted.reference, kind, PaperWhere.NONE, None, DOCUMENT_NOT_SAVED)
        now = self.clock()
        ctx = make_context(
            self.config,
            self.font,
            reference=submitted.reference,
            item=item,
            answers=answers,
            materials=materials,
            review=submitted.review,
            submitted_at=now,
            language=language,
            committer=who.name if who else None,
            committer_for=who.on_behalf_of if who else None,
            signature=signed.signature if signed else None,
            signed_at=(signed.accepted_at.astimezone(now.tzinfo) if signed else None),
            proxy=grant,
            mailing=mailing if not isinstance(mailing, str) else None,
            brought_by_grid_leader=mailing == "grid_leader",
        )
        build = {
            "notice": build_notice,
            "commitment": build_commitment,
            AUTHORISATION: build_authorisation,
        }.get(kind, build_confirmation)
        name = f"{submitted.reference}-{kind}"
        path: Path | None = None

        def save() -> Path | None:
            try:
                return save_pdf(build(ctx), name, self.config)
            except Exception:  # the documents folder full or gone, a document that fails
                log.exception("document %s not saved", name)
                return None

        queue = self.config.documents.cups_queue
        if queue:
            path = save()
            if path is not None:
                try:
                    print_file(path, queue)
                except DocumentPrintError as e:  # the slip printer still gives paper
                    log.error("document %s: %s; printing a slip instead", name, e.technician)
                else:
                    return TakeHome(
                        submitted.reference,
                        kind,
                        PaperWhere.A4,
                        path,
                        A4_PRINTED,
                        to_printer_s=time.perf_counter() - tapped,
                    )
        outcome = print_slip(
            self.ticket_printer, slip_content(kind, ctx, self.ticket_printer.paper, now)
        )
        to_printer = time.perf_counter() - tapped
        if path is None:
            path = save()
        if outcome.fault is None:
            return TakeHome(
                submitted.reference,
                kind,
                PaperWhere.SLIP,
                path,
                SLIP_PRINTED,
                preview_png=outcome.preview_png,
                to_printer_s=to_printer,
            )
        message = fault_message(outcome.fault) if path is not None else DOCUMENT_NOT_SAVED
        return TakeHome(
            submitted.reference,
            kind,
            PaperWhere.NONE if path is None else PaperWhere.SAVED,
            path,
            message,
            fault=outcome.fault,
        )

    def _record_hand_out(self, result: TakeHome) -> TakeHome:
        """On the store lane: the event and the audit row (no personal data in either)."""
        from kiosk.protocol import payload
        from kiosk.store.audit import audit
        from kiosk.store.outbox import add_event

        if result.fault is not None:
            self._printer_state = result.fault.code
        elif result.where is PaperWhere.SLIP:
            self._printer_state = "ok"
        if result.message is SIGN_FIRST:
            return result
        now = self.clock()
        printer = {PaperWhere.A4: "a4", PaperWhere.SLIP: "slip"}.get(result.where, "none")
        status = (
            "printed" if result.printed else (result.fault.code if result.fault else "not_saved")
        )
        try:
            with self.store.transaction() as s:
                event = payload(
                    "document.handed_out",
                    reference=result.reference,
                    terminal=self.config.terminal_number,
                    document=result.document,
                    printer=printer,
                    status=status,
                    at=now,
                )
                add_event(s, "document.handed_out", event, now)
                audit(
                    s,
                    "applicant",
                    "document.handed_out",
                    {k: event[k] for k in ("reference", "document", "printer", "status")},
                    now,
                )
        except Exception:  # the paper is out; a failed record must not hide it
            log.exception("hand-out of %s not recorded", result.reference)
        return result

    # -- the services around the declaration (kiosk.services) ------------------------------

    def look_up(self, query: Query) -> Future[LookupResult]:
        """A declaration's progress (办件进度查询): the server's, else what this terminal knows."""
        return self._with_services(lambda services: services.look_up(query))

    def look_up_card(self, query: CardQuery) -> Future[LookupResult]:
        """The declarations of the ID card placed on the reader (kiosk.card_lookup)."""
        return self._with_services(lambda services: services.look_up_card(query))

    def print_booking_slip(
        self, booking: Booking, slot_end: str, name: str, mobile: str, language: str
    ) -> Future[Text]:
        """星期六办事预约: the booking slip (its code and QR) on the ticket printer; the
        words for the applicant, printed or not (the booking holds either way)."""

        def print_it() -> Text:
            from kiosk.appointments import ARRIVE_AFTER_MINUTES, ARRIVE_BEFORE_MINUTES
            from printer.booking_slip import BookingSlipContent, print_booking_slip

            item = self.catalog.items.get(booking.item_id)
            content = BookingSlipContent(
                booking=booking,
                slot_end=slot_end,
                hall_name=self.config.hall_name,
                item_name=item.name.get(language) if item is not None else booking.item_id,
                name=name,
                mobile=mobile,
                booked_at=self.clock(),
                terminal=self.config.terminal_number,
                arrive_before_minutes=ARRIVE_BEFORE_MINUTES,
                arrive_after_minutes=ARRIVE_AFTER_MINUTES,
                language=language,
            )
            outcome = print_booking_slip(self.ticket_printer, content)
            self._printer_state = outcome.status
            if outcome.fault is None:
                return SLIP_PRINTED
            log.warning("booking slip not printed: %s", outcome.fault.code)
            return SLIP_NOT_PRINTED

        return then(self.open(), self.printer_lane, lambda _: print_it())

    def request_mailing(
        self, reference: str, address: MailingAddress | None, *, grid_leader: bool = False
    ) -> Future[datetime]:
        """证照免费邮寄: mail the certificate to `address` (checked by MailingAddress.of),
        or (None) collect it at the counter, or (None, `grid_leader`) have the grid leader
        who declared bring it; stored and queued, the sync woken."""

        def store() -> datetime:
            from kiosk.mail_requests import MailRequests

            requests = MailRequests(self.store, self.config.terminal_number, self.clock)
            return requests.request(reference, address, grid_leader=grid_leader)

        return self._staff_then_wake(store)

    def divisions(self) -> Future[Divisions]:
        """The province, city and district lists (read once, off the UI thread)."""

        def load() -> Divisions:
            from kiosk.divisions import Divisions

            return Divisions.load()

        return self.store_lane.submit(load)

    def rate(self, rating: Rating) -> Future[datetime]:
        """The applicant's rating (好差评) stored and queued for the server; when rated."""
        return self._with_services(lambda services: services.rate(rating))

    def _with_services(self, fn: Callable[[Services], Future[T]]) -> Future[T]:
        """`fn(services)`'s Future, once the terminal is open (it builds them)."""
        out: Future[T] = Future()

        def opened(done: Future[Catalog]) -> None:
            if done.exception() is not None:
                out.set_exception(done.exception() or RuntimeError("not open"))
            else:
                assert self.services is not None
                forward(fn(self.services), out)

        self.open().add_done_callback(opened)
        return out

    # -- staff at the terminal (any thread; the Futures complete on the store lane) --------

    def staff_sign_in(self, pin: str) -> Future[SignIn]:
        """Check a PIN from the pad (about 0.1 s of hashing, on the store lane)."""
        return self._after_open(lambda: self.staff.sign_in(pin))

    def staff_pad_state(self) -> Future[PadState]:
        """Whether the PIN pad is locked (a lock survives a restart)."""
        return self._after_open(self.staff.pad_state)

    def staff_record(
        self, identity: StaffMember, action: str, detail: Mapping[str, Any] | None = None
    ) -> Future[None]:
        """Any other staff action (kiosk.staff.actions): its audit entry and event."""
        return self._after_open(lambda: self.staff.record(identity, action, detail))

    def open_help_calls(self) -> Future[list[OpenHelpCall]]:
        return self._after_open(self.staff.open_help_calls)

    def acknowledge_help(self, identity: StaffMember, call_id: str) -> Future[bool]:
        """The attendant acknowledged the call at the terminal; True when it moved."""
        return self._help_moved(
            self._staff_then_wake(lambda: self.staff.acknowledge_help(identity, call_id))
        )

    def resolve_help(self, identity: StaffMember, call_id: str) -> Future[bool]:
        return self._help_moved(
            self._staff_then_wake(lambda: self.staff.resolve_help(identity, call_id))
        )

    def mark_assisted(self, identity: StaffMember, reference: str) -> Future[None]:
        """The declaration was made with the attendant's help (帮办), once."""
        return self._after_open(lambda: self.staff.mark_assisted(identity, reference))

    def mark_proxied(self, identity: StaffMember, reference: str) -> Future[ProxyGrant]:
        """The declaration was made by a grid leader for a resident (网格化零跑代办), once;
        the grant its authorisation prints."""

        def mark() -> ProxyGrant:
            from sqlalchemy import select

            from kiosk.staff.desk import UnknownDeclaration
            from kiosk.store.models import Declaration

            with self.store.session() as s:
                item_id = s.scalar(
                    select(Declaration.item_id).where(Declaration.reference == reference)
                )
            if item_id is None or item_id not in self.desk.catalog.items:
                raise UnknownDeclaration(f"no declaration {reference!r} of a known item")
            return self.staff.mark_proxied(identity, reference, self.desk.catalog[item_id])

        return self._staff_then_wake(mark)

    def take_out_of_service(self, identity: StaffMember, reason: str) -> Future[None]:
        """Out of service (暂停服务) until `back_in_service`, across restarts; the sync
        then asks which terminals are in service (`in_service_terminals`)."""
        return self._staff_then_wake(lambda: self.staff.take_out_of_service(identity, reason))

    def back_in_service(self, identity: StaffMember) -> Future[None]:
        return self._after_open(lambda: self.staff.back_in_service(identity))

    def out_of_service_state(self) -> Future[OutOfService | None]:
        """The stored out-of-service state (read at start: a terminal restarted out of
        service stays so)."""
        return self._after_open(self.staff.out_of_service)

    def in_service_terminals(self) -> tuple[int, ...] | None:
        """The terminals in service as the central server last said (None: unknown)."""
        sync = self.sync
        return sync.in_service_terminals() if sync is not None else None

    def send_now(self) -> None:
        """The diagnostics' "send now": the outbox at once, its backoff ended."""
        if self.sync is not None:
            self.sync.send_now()

    def download_now(self) -> None:
        """The diagnostics' "download now": catalog, calendar and staff list at once."""
        if self.sync is not None:
            self.sync.download_now()

    def _staff_then_wake(self, fn: Callable[[], Any]) -> Future[Any]:
        """`fn` on the store lane, then the sync woken (the dashboard hears at once)."""
        done = self._after_open(fn)
        done.add_done_callback(lambda _: self.wake_sync())
        return done

    # -- what the central server sends -----------------------------------------------------

    def _catalog_arrived(self, catalog: Catalog) -> None:
        """A checked catalog (network lane): it waits for the next applicant."""
        self.pending_catalog = catalog
        if self.hooks.on_catalog is not None:
            self.hooks.on_catalog(catalog)

    def use_catalog(self, catalog: Catalog) -> Future[Catalog]:
        """Serve `catalog` from now on (call between applicants): behind any task still
        using the old one on the store lane."""

        def switch() -> Catalog:
            self.catalog = self.desk.catalog = catalog
            if self.pending_catalog is catalog:
                self.pending_catalog = None
            log.info("now serving catalog %s", catalog.version)
            return catalog

        return self._after_open(switch)

    def _calendar_arrived(self, calendar: WorkCalendar) -> None:
        """A holiday calendar from the central server (network lane): due dates use it,
        and the interface hears of it (the opening hours it may carry)."""

        def use() -> None:
            self.desk.calendar = calendar

        self._after_open(use)
        if self.hooks.on_calendar is not None:
            self.hooks.on_calendar(calendar)

    def search_index(self, catalog: Catalog) -> Future[ServiceIndex]:
        """The services' pinyin search index (pypinyin takes a few hundred milliseconds).

        Built on the printer lane, which is idle between applicants (a catalog changes
        only then), so that the store lane stays free for the applicant's writes.
        """
        from kiosk.search import ServiceIndex

        return self.printer_lane.submit(lambda: ServiceIndex(list(catalog)))

    def record_mode(self, mode: str, reason: str = "") -> Future[None] | None:
        """Tell the central server the terminal's mode changed (its dashboard shows it).

        Nothing when the store is not open (a terminal whose store fails cannot write:
        the dashboard sees it go silent instead).
        """
        if not self.opened:
            return None
        now = self.clock()

        def write() -> None:
            from kiosk.protocol import payload
            from kiosk.store.outbox import add_event

            event = payload(
                "terminal.mode",
                terminal=self.config.terminal_number,
                mode=mode,
                reason=reason[:64],
                at=now,
            )
            with self.store.transaction() as s:
                add_event(s, "terminal.mode", event, now)

        return self.store_lane.submit(write)

    def wake_sync(self) -> None:
        if self.sync is not None:
            self.sync.wake()

    # -- closing ----------------------------------------------------------------------------

    def close(self, timeout: float = 15.0) -> None:
        """End everything in reverse order: the sync and the network, the printer, the
        store (its lane finishes what was submitted first, so no write is lost)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if self.sync is not None:
            self.sync.stop(timeout)
        self.network_lane.close(timeout)
        if self.tickets is not None:
            self.tickets.close()
        if self.services is not None:
            self.services.close()
        if self.bookings is not None:
            self.bookings.close()
        self.printer_lane.close(timeout)
        self.store_lane.close(timeout)
        store = vars(self).get("store")  # also when a later step of open() failed
        if store is not None:
            store.close()
        log.info("terminal %d closed", self.config.terminal_number)


def _or(future: Future[TakeHome], fallback: TakeHome) -> Future[TakeHome]:
    """`future`'s result, or `fallback` when it failed (the failure logged)."""
    out: Future[TakeHome] = Future()

    def settle(done: Future[TakeHome]) -> None:
        if done.cancelled():
            out.cancel()
        elif (error := done.exception()) is not None:
            log.error("%s of %s failed", fallback.document, fallback.reference, exc_info=error)
            out.set_result(fallback)
        else:
            out.set_result(done.result())

    future.add_done_callback(settle)
    return out


class ConsoleDesk:
    """The terminal's desk for a console program: each call waits for its lane."""

    def __init__(self, terminal: Terminal, timeout: float = 60.0) -> None:
        self._t = terminal
        self._timeout = timeout
        self.terminal = terminal.config.terminal_number
        self.last_print: Future[PrintOutcome] | None = None

    def submit(
        self,
        item_id: str,
        answers: Mapping[str, AnswerValue],
        materials: Mapping[str, bool],
        language: str = "zh_CN",
        reference: str | None = None,
    ) -> Submitted:
        return self._t.submit(item_id, answers, materials, language, reference).result(
            self._timeout
        )

    def accept_commitment(self, reference: str, signature: Signature) -> Committer | None:
        return self._t.accept_commitment(reference, signature).result(self._timeout)

    def issue_ticket(self, reference: str, review: ReviewResult) -> IssuedTicket:
        issued, printed = self._t.take_ticket(reference, review)
        self.last_print = printed
        return issued.result(self._timeout)

    def outbox_depth(self) -> int:
        from kiosk.store.outbox import depth

        def count() -> int:
            with self._t.store.session() as s:
                return depth(s)

        result: int = self._t.store_lane.submit(count).result(self._timeout)
        return result


__all__ = ["ConsoleDesk", "Terminal", "TerminalHooks", "done_future"]
