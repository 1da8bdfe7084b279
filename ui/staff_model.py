"""The staff side's view-model: the PIN pad, the staff home screen, assist mode, out of
service; the staff session's timeout.

The flow itself (which screen, who is signed in, what the role may do) is kiosk.staff's
StaffFlow; this object shows it, runs the terminal's staff actions on its lanes (the UI
thread never waits: a PIN's slow hash runs on the store lane) and times the session:
`[staff] session_timeout_s` without a touch ends it, and the screen returns exactly where
the applicant was. The PIN's digits are kept only until they are sent, and only as
digits: the pad is buttons, never a text field, so no keyboard sees or learns them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Property, QEvent, QObject, QTimer, Signal, Slot

from kiosk.i18n import Text, text
from kiosk.modes import Mode
from kiosk.staff import reasons
from kiosk.staff.actions import (
    ASSIST_ENDED,
    PROXY_ENDED,
    PROXY_STARTED,
    TICKET_REPRINT_FAILED,
    TICKET_REPRINTED,
)
from kiosk.staff.help_view import CallView, describe_call
from kiosk.staff.roles import role_name
from kiosk.staff.session import (
    ASSIST,
    DIAGNOSTICS,
    EXIT,
    HELP,
    OUT_OF_SERVICE,
    PROXY,
    StaffFlow,
    StaffScreen,
)
from ui.idle_model import INPUT_EVENTS
from ui.tasks import Tasks

if TYPE_CHECKING:
    from kiosk.staff.identity import SignIn, StaffMember
    from kiosk.terminal import Terminal
    from printer.printing import PrintOutcome
    from ui.help_model import HelpModel
    from ui.journey_model import JourneyModel

log = logging.getLogger(__name__)

PIN_MAX = 8
PIN_MIN = 4  # the config's fallback PINs may be 4 digits; personal ones are 6 to 8

PIN_PROMPT = text("请输入员工密码", "Enter your staff PIN")
PIN_SHORT = text("密码为 6 至 8 位数字。", "The PIN has 6 to 8 digits.")
PIN_WRONG = text("密码不正确，还可再试 {n} 次。", "Wrong PIN: {n} more tries before the pad locks.")
PIN_LOCKED = text(
    "输错次数过多，已锁定，请于 {time} 后再试。",
    "Too many wrong PINs: the pad is locked until {time}.",
)
PIN_CHECKING = text("正在核对…", "Checking…")
PIN_FAILED = text(
    "暂时无法核对密码，请稍后再试。", "The PIN cannot be checked now: try again later."
)
# The reprint of a ticket never printed (kiosk.recovery's call), told to the attendant or
# technician: a printer fault in the technician's words (PrinterFault.for_technician),
# never the applicant's "an attendant has been called".
REPRINTING = text("正在重新打印…", "Reprinting…")
REPRINTED = text("号票 {number} 已重新打印", "Ticket {number} reprinted")
REPRINT_UNKNOWN = text(
    "本终端没有这张号票，无法重新打印。", "This terminal has no such ticket to reprint."
)
REPRINT_FAILED = text(
    "重新打印未完成，请稍后再试。", "The reprint did not go through: try again later."
)


def _fmt(message: Text, **values: object) -> Text:
    return Text(message.zh.format(**values), message.en.format(**values))


class StaffModel(QObject):
    """Everything the staff screens and the assist band show."""

    changed = Signal()  # screen, session, pad, lock: they change together
    callsChanged = Signal()
    # The kiosk should end with this exit status (restart, exit to the system).
    exitRequested = Signal(int)

    def __init__(
        self,
        flow: StaffFlow,
        terminal: Callable[[], Terminal | None],
        tasks: Tasks,
        language: Callable[[], str],
        clock: Callable[[], datetime],
        help_model: HelpModel,
        journey: Callable[[], JourneyModel | None],
        wipe: Callable[[], None],
        timeout_s: float = 60.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.flow = flow
        self._terminal, self._tasks, self._lang, self._clock = terminal, tasks, language, clock
        self._help, self._journey, self._wipe = help_model, journey, wipe
        self._digits: list[str] = []
        self._message: Text | None = None
        self._checking = False
        self._locked_until: datetime | None = None
        self._calls: list[CallView] = []
        # What the staff home says after a reprint (a Text: it follows the language), and
        # whether it is a problem; the ticket being reprinted (one at a time).
        self._notice: Text | None = None
        self._notice_problem = False
        self._reprinting: str | None = None  # the call whose ticket is printing
        self._reprint_for: object = None  # the session that asked (its outcome is its own)
        self._out_of_service: str | None = None  # the reason's code while out of service
        self._in_service: tuple[int, ...] | None = None
        self._closed = False
        # The session's timeout: restarted by every touch while a staff screen or assist
        # mode is on; it ends the session.
        self._timeout = QTimer(self)
        self._timeout.setSingleShot(True)
        self.set_timeout(timeout_s)
        self._timeout.timeout.connect(self._timed_out)
        # The lock's end: the pad takes PINs again.
        self._unlock = QTimer(self)
        self._unlock.setSingleShot(True)
        self._unlock.timeout.connect(self._unlocked)
        # While out of service: the terminals in service, as the sync last heard.
        self._poll = QTimer(self)
        self._poll.setInterval(5000)
        self._poll.timeout.connect(self._read_in_service)

    def set_timeout(self, seconds: float) -> None:
        self._timeout.setInterval(round(seconds * 1000))

    @property
    def timers(self) -> tuple[QTimer, ...]:
        return self._timeout, self._unlock, self._poll

    def close(self) -> None:
        self._closed = True
        for timer, slot in (
            (self._timeout, self._timed_out),
            (self._unlock, self._unlocked),
            (self._poll, self._read_in_service),
        ):
            timer.stop()
            timer.timeout.disconnect(slot)
        self._forget()

    # -- what QML reads ---------------------------------------------------------------

    def _t(self, value: Text | None) -> str:
        return value.get(self._lang()) if value is not None else ""

    def _session_value(self, read: Callable[[Any], str]) -> str:
        session = self.flow.session
        return read(session.identity) if session is not None else ""

    screen = Property(
        str, lambda s: s.flow.screen.value if s.flow.shown and s.flow.screen else "", notify=changed
    )
    signedIn = Property(bool, lambda s: s.flow.session is not None, notify=changed)
    assisting = Property(bool, lambda s: s.flow.assisting, notify=changed)
    proxying = Property(bool, lambda s: s.flow.proxying, notify=changed)
    name = Property(str, lambda s: s._session_value(lambda i: i.display_name), notify=changed)
    roleName = Property(
        str,
        lambda s: s._session_value(lambda i: s._t(role_name(i.role))),
        notify=changed,
    )
    pinLength = Property(int, lambda s: len(s._digits), notify=changed)
    pinMax = Property(int, lambda s: PIN_MAX, constant=True)
    message = Property(str, lambda s: s._t(s._message or PIN_PROMPT), notify=changed)
    hasProblem = Property(bool, lambda s: s._message not in (None, PIN_CHECKING), notify=changed)
    checking = Property(bool, lambda s: s._checking, notify=changed)
    locked = Property(bool, lambda s: s._locked_until is not None, notify=changed)
    mayHelp = Property(bool, lambda s: s.flow.may(HELP), notify=changed)
    mayAssist = Property(bool, lambda s: s.flow.may(ASSIST), notify=changed)
    mayProxy = Property(bool, lambda s: s.flow.may(PROXY), notify=changed)
    mayPause = Property(bool, lambda s: s.flow.may(OUT_OF_SERVICE), notify=changed)
    mayDiagnose = Property(bool, lambda s: s.flow.may(DIAGNOSTICS), notify=changed)
    mayExit = Property(bool, lambda s: s.flow.may(EXIT), notify=changed)
    outOfService = Property(bool, lambda s: s._out_of_service is not None, notify=changed)
    reasons = Property(
        list,
        lambda s: [{"code": c, "label": s._t(t)} for c, t in reasons.REASONS.items()],
        notify=changed,
    )
    pausedText = Property(str, lambda s: s._t(reasons.PAUSED), notify=changed)
    pausedReason = Property(
        str,
        lambda s: s._t(reasons.reason_text(s._out_of_service)) if s._out_of_service else "",
        notify=changed,
    )
    inServiceText = Property(str, lambda s: s._t(s._in_service_line()), notify=changed)
    notice = Property(str, lambda s: s._t(s._notice), notify=changed)
    noticeProblem = Property(bool, lambda s: s._notice_problem, notify=changed)
    reprinting = Property(bool, lambda s: s._reprinting is not None, notify=changed)

    def refresh_texts(self) -> None:
        """The language changed: every text shown (kept as Texts) is read again."""
        self.changed.emit()
        self.callsChanged.emit()

    def _in_service_line(self) -> Text:
        terminal = self._terminal()
        own = terminal.config.terminal_number if terminal is not None else 0
        return reasons.in_service_line(self._in_service, own)

    def _call_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "callId": c.id,
                "state": c.state,
                "stateLabel": self._t(c.state_label),
                "where": self._t(c.where),
                "item": self._t(c.item),
                "page": self._t(c.page),
                "fields": "、".join(self._t(f) for f in c.fields)
                if self._lang() != "en_US"
                else ", ".join(self._t(f) for f in c.fields),
                "waited": self._t(c.waited()),
                # The ticket to reprint (a call raised for a ticket never printed).
                "ticket": c.ticket or "",
            }
            for c in self._calls
        ]

    calls = Property(list, _call_rows, notify=callsChanged)

    # -- the hidden gesture and the PIN pad ------------------------------------------

    @Slot()
    def openPad(self) -> None:
        """The hidden gesture (a 3-second press on the hall's name)."""
        if self._closed:
            return
        terminal = self._terminal()
        if terminal is None or not terminal.opened:
            return  # nothing to sign in to yet (the store is not open)
        self._digits.clear()
        self._message = None
        self.flow.open_pad()
        if self.flow.session is not None:
            self._load_calls()
        self._restart_timeout()
        self.changed.emit()

    @Slot(str)
    def digit(self, d: str) -> None:
        if self.flow.screen is not StaffScreen.PIN or self._checking or self._locked_until:
            return
        if len(d) == 1 and d in "0123456789" and len(self._digits) < PIN_MAX:
            self._digits.append(d)
            if self._message is not PIN_PROMPT:
                self._message = None
            self.changed.emit()

    @Slot()
    def erase(self) -> None:
        if self._digits and not self._checking:
            self._digits.pop()
            self.changed.emit()

    @Slot()
    def clearPin(self) -> None:
        if not self._checking:
            self._digits.clear()
            self.changed.emit()

    @Slot()
    def submitPin(self) -> None:
        terminal = self._terminal()
        if self.flow.screen is not StaffScreen.PIN or self._checking or terminal is None:
            return
        if self._locked_until is not None:
            return
        if len(self._digits) < PIN_MIN:
            self._message = PIN_SHORT
            self.changed.emit()
            return
        pin = "".join(self._digits)
        self._digits.clear()
        self._checking, self._message = True, PIN_CHECKING
        self.changed.emit()
        self._tasks.watch(terminal.staff_sign_in(pin), self._checked, self._check_failed)
        del pin

    def _checked(self, result: SignIn) -> None:
        self._checking = False
        if self.flow.screen is not StaffScreen.PIN:
            self.changed.emit()
            return  # the pad was closed (timeout) meanwhile: a success is not used
        identity, until = result.identity, result.locked_until
        if identity is not None:
            self._message = None
            self.flow.signed_in(identity, self._clock())
            self._load_calls()
        elif until is not None:
            self._lock(until)
        else:
            left = result.attempts_left
            self._message = _fmt(PIN_WRONG, n=left) if left is not None else PIN_SHORT
        self._restart_timeout()
        self.changed.emit()

    def _check_failed(self, error: BaseException) -> None:
        log.error("the PIN could not be checked", exc_info=error)
        self._checking, self._message = False, PIN_FAILED
        self.changed.emit()

    def _lock(self, until: datetime) -> None:
        self._locked_until = until
        local = until.astimezone(self._clock().tzinfo)
        self._message = _fmt(PIN_LOCKED, time=local.strftime("%H:%M"))
        wait_ms = max(0, int((until - self._clock()).total_seconds() * 1000))
        self._unlock.start(min(wait_ms, 2**31 - 1))

    @Slot()
    def _unlocked(self) -> None:
        self._locked_until, self._message = None, None
        self.changed.emit()

    # -- the signed-in staff member's actions -----------------------------------------

    def _record(self, action: str, detail: dict[str, Any] | None = None) -> None:
        session = self.flow.session
        if session is not None:
            self._record_as(session.identity, action, detail or {})

    def _record_as(self, identity: StaffMember, action: str, detail: dict[str, Any]) -> None:
        terminal = self._terminal()
        if terminal is not None:
            self._tasks.watch(
                terminal.staff_record(identity, action, detail), lambda _: None, busy=False
            )

    @Slot()
    def back(self) -> None:
        """返回 on a staff screen: the home screen from the others, the applicant from it."""
        if self.flow.screen in (StaffScreen.DIAGNOSTICS, StaffScreen.TOUCH_TEST):
            self.flow.show(StaffScreen.HOME)
            self.changed.emit()
        else:
            self.end()

    @Slot()
    def end(self) -> None:
        """End the session (or close the pad): the applicant's screen as they left it."""
        self._end("signed_out")

    def _end(self, action: str) -> None:
        proxying = self.flow.proxying
        if self.flow.assisting:
            self._assist_ended()
        if self.flow.session is not None:
            self._record(action)
        self.flow.end()
        self._forget()
        self.changed.emit()
        self.callsChanged.emit()
        if proxying:
            # The declaration was the resident's, not the next applicant's: it goes, with
            # everything else of it (the journey's proxy mode included).
            self._wipe()

    def _forget(self) -> None:
        """Nothing of the session stays: digits, messages, calls."""
        self._digits.clear()
        self._message = None
        self._calls = []
        self._notice, self._notice_problem = None, False
        self._timeout.stop()

    @Slot(str)
    def show(self, screen: str) -> None:
        if self.flow.show(StaffScreen(screen)):
            if screen == StaffScreen.DIAGNOSTICS.value:
                self._record("diagnostics_opened")
            self.changed.emit()

    def _load_calls(self) -> None:
        terminal = self._terminal()
        if terminal is None or not self.flow.may(HELP):
            return
        self._tasks.watch(terminal.open_help_calls(), self._show_calls, busy=False)

    def _show_calls(self, calls: list[Any]) -> None:
        if self.flow.session is None:
            return  # ended meanwhile: nothing of the calls is kept
        journey = self._journey()
        catalog = journey.journey.catalog if journey is not None else None
        now = self._clock()
        self._calls = [
            describe_call(c.id, c.state, c.context or {}, c.requested_at, now, catalog)
            for c in calls
        ]
        self.callsChanged.emit()

    def help_changed(self) -> None:
        """The applicant called or cancelled meanwhile: the list follows."""
        if self.flow.shown and self.flow.screen is StaffScreen.HOME:
            self._load_calls()

    @Slot(str)
    def acknowledge(self, call_id: str) -> None:
        self._help_action(call_id, "acknowledged")

    @Slot(str)
    def resolve(self, call_id: str) -> None:
        self._help_action(call_id, "resolved")

    def _help_action(self, call_id: str, state: str) -> None:
        terminal, session = self._terminal(), self.flow.session
        if terminal is None or session is None or not self.flow.may(HELP):
            return
        act = terminal.acknowledge_help if state == "acknowledged" else terminal.resolve_help
        now = self._clock()

        def done(moved: bool) -> None:
            from kiosk.help_requests import HelpCallChange  # its store, after the first frame

            if moved:  # the applicant's call button follows, as from the dashboard
                self._help.central_changed(HelpCallChange(call_id, state, now))
            self._load_calls()

        self._tasks.watch(act(session.identity, call_id), done)

    @Slot(str)
    def reprintTicket(self, ticket: str) -> None:
        """重新打印 on a call for a ticket never printed (kiosk.recovery): print it
        again, say how it went, audit it and, once printed, resolve the call. Only a
        ticket of a call on the list is printed from here: the staff home is no way to
        print any ticket by its number."""
        terminal, session = self._terminal(), self.flow.session
        if terminal is None or session is None or not self.flow.may(HELP):
            return
        if self._reprinting is not None:
            return  # one at a time: a second tap would print the ticket twice
        call = next((c for c in self._calls if c.ticket and c.ticket == ticket), None)
        if call is None:
            return
        # The session may end while the printer works: the outcome is still recorded
        # and the call resolved in the name of who tapped.
        identity = session.identity
        self._reprinting, self._reprint_for = call.id, session
        self._notice, self._notice_problem = REPRINTING, False
        self.changed.emit()
        self._tasks.watch(
            terminal.reprint_ticket(ticket),
            lambda outcome: self._reprinted(identity, call.id, outcome),
            lambda error: self._reprint_failed(error),
        )

    def _reprinted(self, identity: StaffMember, call_id: str, outcome: PrintOutcome) -> None:
        terminal = self._terminal()
        self._reprinting = None
        number = outcome.number
        fault = outcome.fault
        if fault is not None:
            self._say(fault.for_technician, problem=True)
            self._record_as(
                identity, TICKET_REPRINT_FAILED, {"ticket": number, "status": outcome.status}
            )
            return  # the applicant still has no paper: the call stays
        self._say(_fmt(REPRINTED, number=number), problem=False)
        self._record_as(identity, TICKET_REPRINTED, {"ticket": number})
        if terminal is not None:
            self._tasks.watch(
                terminal.resolve_help(identity, call_id), lambda _: self._load_calls(), busy=False
            )

    def _reprint_failed(self, error: BaseException) -> None:
        from kiosk.declarations import TicketRefused  # the core's, after the first frame

        self._reprinting = None
        if isinstance(error, TicketRefused):
            self._say(REPRINT_UNKNOWN, problem=True)
        else:
            log.error("the ticket could not be reprinted", exc_info=error)
            self._say(REPRINT_FAILED, problem=True)

    def _say(self, notice: Text, *, problem: bool) -> None:
        # Shown to whoever asked only: not to the applicant, nor to the next one signed in.
        if self.flow.session is not None and self.flow.session is self._reprint_for:
            self._notice, self._notice_problem = notice, problem
        self._reprint_for = None
        self.changed.emit()

    @Slot()
    def startAssist(self) -> None:
        """协助办理: the applicant's journey again, with the attendant's band and tools."""
        terminal, session = self._terminal(), self.flow.session
        if terminal is None or session is None or not self.flow.start_assist():
            return
        self._record("assist_started", {"screen": self._applicant_screen()})
        self.mark_assisted()
        self._restart_timeout()
        self.changed.emit()

    @Slot()
    def startProxy(self) -> None:
        """代办申报 (网格化零跑代办): a new journey for a resident, the items that allow it,
        the form prefilled as the catalog says; the band and its tools as in assist."""
        terminal, session, journey = self._terminal(), self.flow.session, self._journey()
        if terminal is None or session is None or journey is None:
            return
        if not self.flow.start_proxy():
            return
        journey.wipe()  # whoever was at the screen before: nothing of theirs carries over
        journey.set_proxy(session.identity.display_name)
        journey.start()
        self._record(PROXY_STARTED, {"screen": "services"})
        self._restart_timeout()
        self.changed.emit()

    def _applicant_screen(self) -> str:
        journey = self._journey()
        return journey.journey.screen.value if journey is not None else "home"

    def mark_assisted(self) -> None:
        """The journey's declaration (once there is one) was made with help."""
        terminal, session, journey = self._terminal(), self.flow.session, self._journey()
        if terminal is None or session is None or not session.assisting or journey is None:
            return
        submitted = journey.journey.submitted
        if submitted is None:
            return
        if session.proxying:
            # The grant first, then its 委托代办授权书 for the resident to sign.
            self._tasks.watch(
                terminal.mark_proxied(session.identity, submitted.reference),
                lambda _: journey.authorisation_ready(submitted),
                lambda error: log.error("proxy declaration not marked: %s", error),
                busy=False,
            )
            return
        self._tasks.watch(
            terminal.mark_assisted(session.identity, submitted.reference),
            lambda _: None,
            busy=False,
        )

    @Slot()
    def endAssist(self) -> None:
        """结束协助: the screen is the applicant's alone again (the session ends)."""
        self._end("signed_out")

    def _assist_ended(self) -> None:
        ended = PROXY_ENDED if self.flow.proxying else ASSIST_ENDED
        self._record(ended, {"screen": self._applicant_screen()})

    def applicant_gone(self) -> None:
        """The applicant was forgotten (the privacy timeout, finish): assist ends with
        them, so nothing of theirs can be reached through it."""
        if self.flow.assisting:
            self._end("signed_out")

    @Slot(str)
    def pause(self, reason: str) -> None:
        """暂停服务 with a reason: the applicant (if any) is forgotten, the screen says
        where to go instead."""
        terminal, session = self._terminal(), self.flow.session
        if terminal is None or session is None or not self.flow.may(OUT_OF_SERVICE):
            return
        code = reason if reason in reasons.REASONS else reasons.DEFAULT_REASON
        self._tasks.watch(
            terminal.take_out_of_service(session.identity, code), lambda _: None, busy=False
        )
        self._wipe()
        self.show_out_of_service(code)
        self._end("signed_out")

    def show_out_of_service(self, code: str) -> None:
        """Out of service (taken so now, or found so at start)."""
        self._out_of_service = code
        self.flow.navigator.out_of_service(
            Text(
                f"{reasons.PAUSED.zh}（{reasons.reason_text(code).zh}）",
                f"{reasons.PAUSED.en} ({reasons.reason_text(code).en})",
            ),
            code,
        )
        self._read_in_service()
        self._poll.start()
        self.changed.emit()

    @Slot()
    def resume(self) -> None:
        """恢复服务."""
        terminal, session = self._terminal(), self.flow.session
        if terminal is None or session is None or self._out_of_service is None:
            return
        if not self.flow.may(OUT_OF_SERVICE):
            return
        self._tasks.watch(terminal.back_in_service(session.identity), lambda _: None, busy=False)
        self.in_service()

    def in_service(self) -> None:
        """The out-of-service screen goes (taken back into service)."""
        self._out_of_service = None
        self._poll.stop()
        self.flow.navigator.in_service()
        self.changed.emit()

    @Slot()
    def _read_in_service(self) -> None:
        terminal = self._terminal()
        found = terminal.in_service_terminals() if terminal is not None else None
        if found != self._in_service:
            self._in_service = found
            self.changed.emit()

    @Slot()
    def restart(self) -> None:
        self._leave_kiosk("restart", RESTART_EXIT)

    @Slot()
    def exitToSystem(self) -> None:
        self._leave_kiosk("exit", MAINTENANCE_EXIT)

    def _leave_kiosk(self, action: str, code: int) -> None:
        terminal, session = self._terminal(), self.flow.session
        if terminal is None or session is None or not self.flow.may(EXIT):
            return
        recorded = terminal.staff_record(session.identity, action, {})
        # The audit row is written before the kiosk ends (the store lane finishes it).
        self._tasks.watch(recorded, lambda _: self.exitRequested.emit(code), busy=False)

    # -- the session's timeout ---------------------------------------------------------

    def _restart_timeout(self) -> None:
        if self.flow.active and not self._closed:
            self._timeout.start()
        else:
            self._timeout.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._closed and event.type() in INPUT_EVENTS and self.flow.active:
            self._timeout.start()
        return False

    @Slot()
    def _timed_out(self) -> None:
        if self._closed or not self.flow.active:
            return
        self._end("session_ended")

    def expire_now(self) -> None:
        """For tests: behave as if the session's timeout had passed."""
        self._timeout.stop()
        self._timed_out()

    def in_mode(self) -> bool:
        return self.flow.navigator.mode is Mode.STAFF


RESTART_EXIT = 75  # EX_TEMPFAIL: `kiosk` starts itself again (kiosk/__main__.py)
MAINTENANCE_EXIT = 0  # a clean exit; a supervising service restarts it unless stopped
