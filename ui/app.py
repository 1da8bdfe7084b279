"""The touch kiosk: the terminal (kiosk.terminal, the composition root) adapted to Qt.

`KioskApp` shows the home screen from what the first frame needs (kiosk.display: read
from the config file without checking it, or from a checked config), and only after
that frame checks the config, builds the terminal and asks it to load the catalog and
open the store; the applicant's journey (its view-model imports the catalog's models)
is attached when they are there. Nothing before the first frame imports pydantic. `run()`
shows it (fullscreen, frameless and on top in kiosk mode; a 1280x800 window in demo
mode) and runs Qt's event loop. Tests build a `KioskApp` on pytest-qt's application and
drive the real QML.

Every timer, connection and thread has an owner here: `close()` ends them in order (the
deliveries from the lanes first, then the views' models, the window, the terminal), and
after it nothing fires.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QEventLoop,
    QStandardPaths,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.clock import HallClock, utc_now
from kiosk.display import Display
from kiosk.modes import STORE_UNAVAILABLE, Mode, Navigator
from kiosk.resources import resource_path
from kiosk.staff.session import StaffFlow
from kiosk.stopping import StopRequest
from kiosk.watchdog import Notifier
from ui.appointment_model import AppointmentModel
from ui.chime import chime_file
from ui.devices_model import DevicesModel
from ui.diagnostics_model import DiagnosticsModel
from ui.help_model import HelpModel
from ui.id_card_model import IdCardModel
from ui.idle_model import IdleModel
from ui.input_keys import InputKeys
from ui.lookup_model import LookupModel
from ui.mailing_model import MailingModel
from ui.navigator_model import NavigatorModel
from ui.rating_model import RatingModel
from ui.shell import Shell
from ui.signal_waker import SignalWaker
from ui.speech_model import SpeechModel
from ui.staff_model import RESTART_EXIT, StaffModel
from ui.sync_model import SyncModel
from ui.tasks import Tasks
from ui.theme import Theme
from ui.ticket_image import PROVIDER, TicketImages
from ui.translation import SOURCE_LANGUAGE, Languages
from ui.watchdog import WatchdogPinger

if TYPE_CHECKING:  # loaded after the first frame: the config's check, the catalog
    from kiosk.catalog.loader import Catalog
    from kiosk.config import KioskConfig
    from kiosk.diagnostics.collect import TerminalDiagnostics
    from kiosk.diagnostics.runs import RunRecord
    from kiosk.search import ServiceIndex
    from kiosk.staff.identity import OutOfService
    from kiosk.sync import SyncSettings
    from kiosk.terminal import Terminal
    from printer.fonts import CjkFont
    from ui.journey_model import JourneyModel

QML = Path(__file__).with_name("qml") / "Main.qml"
FONT_VERDICT = "cjk-font.json"  # in the data folder's cache: see printer.fonts
EXIT_BAD_CONFIG = 2
EXIT_BAD_CATALOG = 3
EXIT_STORE_TOO_NEW = 6  # kiosk.__main__'s: the store was written by a newer release
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timings:
    """The interface's waits in seconds; the config's, unless a test shortens them."""

    idle_s: float
    countdown_s: int
    countdown_tick_ms: int
    finish_return_s: float
    # How long an open help call holds the timeout off; None: the config's `help_hold_s`.
    help_hold_s: float | None = None
    # A staff session's time without a touch; None: the config's `[staff]` one.
    staff_timeout_s: float | None = None

    @classmethod
    def of(cls, display: Display) -> Timings:
        return cls(display.idle_timeout_s, display.idle_countdown_s, 1000, display.finish_return_s)


def prepare_environment() -> None:
    """Before the QGuiApplication exists: the in-window on-screen keyboard, with the
    kiosk's layouts (resources/keyboard/layouts: Qt 6.8's zh_CN, en_GB and fallback
    layouts, unchanged but for the digit pads in the phone's order, 1-2-3 on top)."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
    layouts = resource_path("keyboard", "layouts")
    if layouts.is_dir():  # else Qt's own layouts (7-8-9 on top), the kiosk works on
        os.environ.setdefault("QT_VIRTUALKEYBOARD_LAYOUT_PATH", str(layouts))
    stop_pinyin_learning()


def stop_pinyin_learning() -> Path | None:
    """Keep the pinyin keyboard from learning what applicants type.

    Qt Virtual Keyboard's pinyin engine learns every phrase chosen (names!) into a user
    dictionary, in memory and in `<config>/qtvirtualkeyboard/pinyin/usr_dict.dat`, and
    offers it first to the next applicant who types the same syllables. Qt has no setting
    for it (VirtualKeyboardSettings.userDataPath and userDataReset are not used by the
    pinyin engine), but the engine runs without a user dictionary when that file cannot
    be opened: a folder takes its place. Returns the path, or None when it cannot be made.
    """
    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    path = Path(config) / "qtvirtualkeyboard" / "pinyin" / "usr_dict.dat"
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        log.warning("the pinyin keyboard may learn what applicants type: %s", error)
        return None
    return path


class KioskApp:
    """Everything one terminal's touch interface needs, built and connected."""

    def __init__(
        self,
        config: KioskConfig | Display,
        font: CjkFont,
        app: QGuiApplication,
        *,
        load_config: Callable[[], KioskConfig] | None = None,
        catalog: Catalog | None = None,
        timings: Timings | None = None,
        time_source: Callable[[], datetime] = utc_now,
        sync_settings: SyncSettings | None = None,
        config_path: Path | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        """`config`: a checked config, or the first frame's Display with `load_config`
        to check the config right after that frame (the `kiosk` command's way).
        `config_path`: the file it came from (the diagnostics' enrolment rewrites it);
        `notifier`: systemd's, when the kiosk runs as a service with a watchdog."""
        self.app, self.font = app, font
        if isinstance(config, Display):
            if load_config is None:
                raise ValueError("a Display needs load_config: the config is checked after")
            self.display, self.config = config, None
        else:
            self.display, self.config = Display.of(config), config
        self._load_config = load_config
        self._catalog, self._time_source, self._sync_settings = catalog, time_source, sync_settings
        self.exit_code = 0
        self._closed = False
        # systemd's watchdog: pinged from this (the UI) thread's event loop, so a hung
        # interface stops the pings and the service restarts the kiosk.
        self.watchdog = WatchdogPinger(notifier, app) if notifier is not None else None
        self._backend_started = False
        self._mode_sent = (Mode.APPLICANT.value, "")
        display = self.display
        timings = timings or Timings.of(display)
        family = _load_font(font)
        self.clock = HallClock(display.timezone, time_source)
        self.sync = SyncModel(display.central)
        self.terminal: Terminal | None = None
        self.tasks = Tasks()
        self.input_keys = InputKeys()  # before anything that may settle the keyboard
        self.languages = Languages(app)
        self.engine = QQmlApplicationEngine()
        self.images = TicketImages()
        self.engine.addImageProvider(PROVIDER, self.images)
        self.journey: JourneyModel | None = None  # once the catalog is loaded
        self.shell = Shell(display, self._switch_language, self.clock)
        self.theme = Theme(lambda: bool(self.shell.property("largeText")))
        self.shell.changed.connect(self.theme.follow)
        self.navigator = Navigator(on_change=self._mode_changed)
        self.nav = NavigatorModel(
            self.navigator, lambda: self.shell.language_code, timings.finish_return_s
        )
        self.help = HelpModel(lambda: self.terminal, self.tasks, self._help_context)
        self.rating = RatingModel(
            lambda: self.terminal,
            self.tasks,
            lambda: self.shell.language_code,
            self.nav.hold_finish,
        )
        self.lookup = LookupModel(
            self.navigator,
            lambda: self.terminal,
            self.tasks,
            lambda: self.shell.language_code,
            lambda: self.clock.zone,
            self.rating,
            self.wipe,
        )
        self.appointment = AppointmentModel(
            self.navigator,
            lambda: self.terminal,
            self.tasks,
            lambda: self.shell.language_code,
            self._declare_after_appointment,
            self.wipe,
        )
        self.id_card = IdCardModel(
            lambda: self.journey,
            lambda: self.shell.language_code,
            lambda: self.terminal.divisions() if self.terminal is not None else None,
        )
        self.devices = DevicesModel(
            self.navigator,
            lambda: self.shell.language_code,
            self.lookup,
            self.appointment,
            self.id_card,
        )
        self.mailing = MailingModel(
            lambda: self.terminal,
            self.tasks,
            lambda: self.shell.language_code,
            self._hall_division,
        )
        self.idle = IdleModel(
            timings.idle_s,
            timings.countdown_s,
            self.wipe,
            lambda: self.navigator.applicant_present,
            tick_ms=timings.countdown_tick_ms,
            hold_s=timings.help_hold_s or 600.0,  # the config's once it is checked
        )
        self._hold_from_config = timings.help_hold_s is None
        self.diagnostics: TerminalDiagnostics | None = None
        self._runs: RunRecord | None = None
        self.staff = StaffModel(
            StaffFlow(self.navigator),
            lambda: self.terminal,
            self.tasks,
            lambda: self.shell.language_code,
            self.clock,
            self.help,
            lambda: self.journey,
            self.wipe,
            timeout_s=timings.staff_timeout_s or 60.0,
        )
        self._staff_timeout_from_config = timings.staff_timeout_s is None
        self.diag = DiagnosticsModel(
            lambda: self.terminal,
            lambda: self.diagnostics,
            self.tasks,
            lambda: self.shell.language_code,
            lambda: (self.window.width(), self.window.height()),
            self._staff_record,
        )
        self.diag.config_path = lambda: config_path
        self.devices.staffScanned.connect(self.diag.scanned)  # e.g. an enrolment code's QR
        self.staff.exitRequested.connect(self._leave)
        self.help.changed.connect(self.staff.help_changed)
        self.speech = SpeechModel(lambda: self.shell.language_code, self._field_texts)
        self.idle.changed.connect(self._idle_changed)
        self.help.changed.connect(self._help_changed)
        self.sync.helpCallChanged.connect(self.help.central_changed)
        self.sync.catalogArrived.connect(self._new_catalog)
        self.shell.languageChanged.connect(self._language_changed)
        ctx = self.engine.rootContext()
        for name, obj in (
            ("shell", self.shell),
            ("nav", self.nav),
            ("help", self.help),
            ("idle", self.idle),
            ("sync", self.sync),
            ("speech", self.speech),
            ("theme", self.theme),
            ("staff", self.staff),
            ("diag", self.diag),
            ("inputKeys", self.input_keys),
            ("lookup", self.lookup),
            ("appointment", self.appointment),
            ("rating", self.rating),
            ("mailing", self.mailing),
            ("idCard", self.id_card),
            ("devices", self.devices),
        ):
            ctx.setContextProperty(name, obj)
        ctx.setContextProperty("cjkFamily", family)
        ctx.setContextProperty("kioskMode", not display.demo)
        chime = chime_file(display.data_dir / "cache")
        ctx.setContextProperty("chimeUrl", QUrl.fromLocalFile(str(chime)))
        self.languages.switch(self.shell.language_code)
        self.engine.load(QUrl.fromLocalFile(str(QML)))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the interface could not be loaded (see the log)")
        window = roots[0]
        assert isinstance(window, QQuickWindow)
        self.window = window
        # Touches reach the window first: watching it, not the whole application, keeps
        # Python out of the many events Qt delivers to other objects (loading included).
        # A keyboard-wedge scanner's keys are taken out before any field sees them; its
        # filter goes first so that it is asked last (Qt asks the latest filter first):
        # the idle and staff timeouts still see a scan as someone at the terminal.
        self.devices.watch(window)
        window.installEventFilter(self.idle)
        window.installEventFilter(self.staff)  # the staff session's timeout
        window.widthChanged.connect(self._screen_changed)
        window.heightChanged.connect(self._screen_changed)
        # Once the first frame is on screen: on the next turn of the event loop, so that
        # the frame's own handling (and anyone else watching for it) is not held up.
        window.frameSwapped.connect(self._after_first_frame, Qt.ConnectionType.SingleShotConnection)

    def _after_first_frame(self) -> None:
        if self.watchdog is not None:  # systemd: started; from now on the UI thread pings
            self.watchdog.start()
        QTimer.singleShot(0, self.start_backend)

    def _build_terminal(self, config: KioskConfig) -> Terminal:
        from kiosk.terminal import Terminal, TerminalHooks

        return Terminal(
            config,
            self.font,
            hooks=TerminalHooks(
                on_sync_status=self.sync.on_status,
                on_help_call=self.sync.on_help_call,
                on_catalog=self.sync.on_catalog,
                on_calendar=self.shell.on_calendar,  # its hours, queued to the UI thread
                on_help_states=self.devices.on_help_states,  # the call light
            ),
            catalog=self._catalog,
            time_source=self._time_source,
            sync_settings=self._sync_settings,
        )

    # -- the back end, after the first frame ------------------------------------------------

    def start_backend(self) -> None:
        """After the first frame (once): check the config, build the terminal, and load
        the catalog and open the store on its store lane."""
        if self._closed or self._backend_started:
            return
        self._backend_started = True
        if self.config is None:
            from kiosk.config import HEADING, ConfigError

            assert self._load_config is not None
            try:
                self.config = self._load_config()
            except ConfigError as error:  # the same message (and status) as before a window
                print(f"{HEADING}:\n{error}", file=sys.stderr)
                self.exit_code = EXIT_BAD_CONFIG
                self.app.exit(EXIT_BAD_CONFIG)
                return
            self.display = Display.of(self.config)
            self.shell.show(self.display)
        if self._hold_from_config:  # before any call: calls wait for the terminal
            self.idle.set_hold_limit(self.config.ui.help_hold_s)
        self.speech.configure(self.config.ui.read_aloud_engine, self.config.ui.read_aloud_volume)
        if self._staff_timeout_from_config:
            self.staff.set_timeout(self.config.staff.session_timeout_s)
        self.terminal = terminal = self._build_terminal(self.config)
        from kiosk.diagnostics.collect import TerminalDiagnostics
        from kiosk.diagnostics.runs import RunRecord

        self._runs = RunRecord(terminal.data_dir)
        self._runs.start(terminal.clock())
        self.diagnostics = diagnostics = TerminalDiagnostics(terminal, runs=self._runs)
        terminal.heartbeat_extra = diagnostics.heartbeat_fields
        self.devices.start(self.config, terminal)
        diagnostics.devices = lambda: self.devices.hub
        self._screen_changed()
        self.tasks.watch(terminal.open(), self._opened, self._open_failed, busy=False)

    def _opened(self, catalog: Catalog) -> None:
        from ui.journey_model import JourneyModel

        terminal = self.terminal
        assert terminal is not None
        journey = JourneyModel(
            catalog,
            terminal,
            self.tasks,
            terminal.clock.today,
            lambda: self.shell.language_code,
            settle_input=self.input_keys.dismiss,
            show_preview=self.images.show,
        )
        journey.helpNeeded.connect(self.help.call)
        journey.applicantGone.connect(self._forget_applicant)
        journey.declared.connect(self.staff.mark_assisted)
        journey.declared.connect(self._offer_mailing)
        journey.screenChanged.connect(self._offer_rating)
        for moved in (journey.screenChanged, journey.pageChanged, journey.itemChanged):
            moved.connect(self.id_card.refresh)
        self.journey = journey
        self.nav.attach(journey)
        self.help.terminal_opened()
        self.shell.start_hours(terminal.desk.calendar)  # the stored calendar's hours, if any
        self._freeze_start_up()
        # A terminal taken out of service stays so through a restart.
        self.tasks.watch(terminal.out_of_service_state(), self._paused_at_start, busy=False)
        self.tasks.watch(terminal.search_index(catalog), self._index_built, busy=False)

    def _index_built(self, index: ServiceIndex) -> None:
        assert self.journey is not None
        self.journey.set_index(index)
        self._freeze_start_up()

    @staticmethod
    def _freeze_start_up() -> None:
        """What the start built lives as long as the kiosk: out of the cycle collector's
        way (gc.freeze), so that the collection at each applicant's wipe costs a few
        milliseconds rather than a scan of every object (about 200 ms here)."""
        gc.collect()
        gc.freeze()

    def _open_failed(self, error: BaseException) -> None:
        from kiosk.catalog.loader import HEADING, CatalogError
        from kiosk.store.database import StoreError

        if isinstance(error, StoreError):
            # A store of a newer release: never touched; the technician installs that one.
            print(f"{error.message.zh}\n{error.message.en}", file=sys.stderr)
            log.error("the store cannot be used: %s", error.message.en)
            self.exit_code = EXIT_STORE_TOO_NEW
            self.app.exit(EXIT_STORE_TOO_NEW)
            return
        if isinstance(error, CatalogError):
            # A malformed catalog stops the kiosk with its message (a technician's fix).
            print(f"{HEADING}:\n{error}", file=sys.stderr)
            log.error("the catalog cannot be used: %s", error)
            self.exit_code = EXIT_BAD_CATALOG
            self.app.exit(EXIT_BAD_CATALOG)
            return
        # The store (or another part) cannot open: say so on screen, never a traceback.
        log.error("the terminal could not open", exc_info=error)
        self.navigator.out_of_service(STORE_UNAVAILABLE, "store_unavailable")

    def _paused_at_start(self, state: OutOfService | None) -> None:
        if state is not None:
            self.staff.show_out_of_service(state.reason)

    def _screen_changed(self) -> None:
        """The screen's size for the diagnostics and the heartbeat ("1920x1080 landscape")."""
        if self.diagnostics is not None:
            from kiosk.diagnostics.collect import ScreenInfo

            size = ScreenInfo(self.window.width(), self.window.height())
            self.diagnostics.set_screen(size.describe())

    def _staff_record(self, action: str, detail: dict[str, Any]) -> None:
        """A staff action from a screen other than the staff home (diagnostics)."""
        terminal, session = self.terminal, self.staff.flow.session
        if terminal is not None and session is not None:
            self.tasks.watch(
                terminal.staff_record(session.identity, action, detail), lambda _: None, busy=False
            )

    def _leave(self, code: int) -> None:
        """Restart or exit to the system, from the technician's screen (audited before)."""
        log.warning("the kiosk ends at the technician's request (exit status %d)", code)
        self.exit_code = code
        self.app.exit(code)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Until the journey is attached (tests, benchmarks): runs the event loop."""
        self.start_backend()
        deadline = time.monotonic() + timeout
        while self.journey is None:
            if self.exit_code or self.navigator.mode is Mode.OUT_OF_SERVICE:
                raise RuntimeError("the terminal did not open (see the log)")
            if time.monotonic() > deadline:
                raise TimeoutError("the terminal did not open in time")
            self.app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    # -- what the central server sends ------------------------------------------------------

    def _new_catalog(self, catalog: Catalog) -> None:
        """A checked catalog from the central server: served from the next applicant on."""
        if not self.navigator.applicant_present:
            self._switch_catalog()

    def _switch_catalog(self) -> None:
        terminal, journey = self.terminal, self.journey
        catalog = terminal.pending_catalog if terminal is not None else None
        if (
            terminal is None
            or catalog is None
            or journey is None
            or catalog.version == terminal.catalog.version
        ):
            return
        index = terminal.search_index(catalog)

        def switched(_: object) -> None:
            if self.navigator.applicant_present:  # someone started meanwhile: next time
                return
            self.tasks.watch(index, lambda built: journey.set_catalog(catalog, built), busy=False)

        self.tasks.watch(terminal.use_catalog(catalog), switched, busy=False)

    # -- the applicant --------------------------------------------------------------------

    def _switch_language(self, language: str) -> None:
        self.input_keys.settle()  # the keyboard's language changes with it
        self.languages.switch(language)
        self.engine.retranslate()

    def _offer_rating(self) -> None:
        """The thank-you screen offers the rating of the declaration just ticketed."""
        j = self.journey.journey if self.journey is not None else None
        if j is None or j.screen.value != "finish" or j.submitted is None:
            return
        if self.rating.reference_offered != j.submitted.reference:
            self.rating.begin(j.submitted.reference)

    def _hall_division(self) -> str:
        """The hall's own district, first in the mailing address's lists."""
        return self.config.hall_division if self.config is not None else ""

    def _offer_mailing(self) -> None:
        """A pass (or 容缺) offers free mailing of the certificate, when the item has one."""
        j = self.journey.journey if self.journey is not None else None
        if j is None or j.submitted is None or j.item is None:
            return
        passed = j.submitted.review.outcome.value != "rejected"
        leader = self.journey.proxy_leader if self.journey is not None else None
        free = passed and j.item.free_mailing
        self.mailing.offer(j.submitted.reference, free, j.answers, leader if free else None)

    def _language_changed(self, _: str) -> None:
        if self.journey is not None:
            self.journey.refresh_texts()
        self.lookup.refresh_texts()
        self.appointment.refresh_texts()
        self.rating.refresh_texts()
        self.mailing.changed.emit()  # its messages
        self.staff.refresh_texts()  # the staff screen's role, calls and notice
        self.nav.changed.emit()  # the out-of-service reason

    def _idle_changed(self) -> None:
        if self.idle.warning:  # "do you need more time?" shows whole, over no keyboard
            self.input_keys.hide()
            self.help.keepWaiting()  # nor under "cancel the call?"

    def _help_changed(self) -> None:
        # An open call holds the privacy timeout off (up to its limit).
        self.idle.call_open(self.help.is_open())

    def _mode_changed(self) -> None:
        self.input_keys.settle()
        devices = getattr(self, "devices", None)  # made after the navigator
        if devices is not None and self.navigator.mode is not Mode.STAFF:
            devices.staff_left()
        self.nav.update()
        mode = (self.navigator.mode.value, self.navigator.reason_code)
        if mode != self._mode_sent and self.terminal is not None:
            self._mode_sent = mode  # the dashboard shows each terminal's mode
            self.terminal.record_mode(*mode)

    def _declare_after_appointment(self, item_id: str | None, code: str | None) -> None:
        """From the appointments' screen to the ordinary declaration: of `item_id` (None:
        the services list), checked in with booking `code` (None: an ordinary ticket)."""
        journey = self.journey
        if journey is None:
            return
        journey.wipe()  # nothing of anyone before carries over
        journey.set_appointment(code)
        journey.start()
        if item_id is not None:
            journey.chooseItem(item_id)

    def _help_context(self) -> dict[str, Any]:
        context: dict[str, Any] = {
            "screen": self.navigator.screen,
            "language": self.shell.language_code,
        }
        j = self.journey.journey if self.journey is not None else None
        if j is not None:
            if j.item is not None:
                context["item_id"] = j.item.id
            if j.page_id is not None and j.screen.value == "form":
                context["page_id"] = j.page_id
            if j.errors:
                context["fields_in_error"] = [e.target for e in j.errors]
        return context

    def wipe(self) -> None:
        """Forget the applicant everywhere: journey, help call, language, text size."""
        self.input_keys.settle()  # drop a half-typed pinyin syllable unsaid
        if self.journey is not None:
            self.journey.home()  # -> _forget_applicant
        else:
            self._forget_applicant()

    def _field_texts(self, focus: str) -> tuple[str, str]:
        """The label and error of the form field whose input is `focus` (an objectName:
        field_<id> or addr_<id>_<part>), for read aloud; empty when it is none."""
        if self.journey is None or not focus.startswith(("field_", "addr_")):
            return "", ""
        for row in self.journey.fields.rows():
            field_id = str(row["fieldId"])
            if focus == f"field_{field_id}" or focus.startswith(f"addr_{field_id}_"):
                return str(row["label"]), str(row.get("error") or "")
        return "", ""

    def _forget_applicant(self) -> None:
        """What the journey does not hold: the help call, the language, the text size."""
        self.speech.stop()
        self.lookup.forget()  # the lookup's result and the rating too
        self.appointment.forget()
        self.mailing.forget()
        self.id_card.reset()
        self.devices.forget()
        self.staff.applicant_gone()  # assist mode ends with the applicant
        self.help.reset()
        self.shell.reset()
        if self.terminal is not None and self.terminal.pending_catalog is not None:
            self._switch_catalog()
        self.engine.collectGarbage()
        # Python's cycles too, here on the UI thread between applicants: left to the cycle
        # collector, a QObject in one may be destroyed on a lane's thread, which can
        # deadlock with the UI thread (Qt's connection lock against the GIL).
        gc.collect()

    # -- the window -----------------------------------------------------------------------

    def show(self) -> None:
        if self.display.demo:
            self.window.resize(1280, 800)
            self.window.show()
        else:
            self.window.setFlags(
                self.window.flags()
                | Qt.WindowType.FramelessWindowHint
                | Qt.WindowType.WindowStaysOnTopHint
            )
            self.window.showFullScreen()

    def close(self) -> None:
        """Tear down in order: the lanes' deliveries, the timers and models, the views,
        then the terminal (the sync, the network, the printer, the store)."""
        if self._closed:
            return
        self._closed = True
        if self.watchdog is not None:  # a deliberate end, not a hang (a restart in place
            # is no stop: systemd would not take its READY=1 after a STOPPING=1)
            self.watchdog.stop(stopping=self.exit_code != RESTART_EXIT)
            self.watchdog.deleteLater()
        self.tasks.close()
        self.speech.close()
        self.idle.close()
        self.staff.close()
        self.diag.close()
        self.shell.close()
        self.nav.close()
        self.input_keys.detach()
        if self.journey is not None:
            self.journey.close()
        self.window.removeEventFilter(self.idle)
        self.window.removeEventFilter(self.staff)
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.devices.close()  # the reader's process, the scanner's and light's threads
        if self.terminal is not None:
            self.terminal.close()
        if self._runs is not None:
            self._runs.end(utc_now())  # a clean end: not counted as a crash
        gc.unfreeze()  # this kiosk's objects may go (a test's, a restart's next kiosk)
        self.images.show(None)
        # The translator is installed in the application, which outlives this kiosk (a
        # test's, or a restart's): it goes with the kiosk that installed it.
        self.languages.switch(SOURCE_LANGUAGE)


def _load_font(font: CjkFont) -> str:
    """Load the CJK font into Qt; its family name for QML."""
    font_id = QFontDatabase.addApplicationFont(str(font.path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else font.family


def demo_kiosk(data_dir: Path, **kwargs: Any) -> KioskApp:
    """A shown, ready demo kiosk on a new QGuiApplication (benchmarks, screenshots)."""
    from kiosk.config import demo_config
    from printer.fonts import find_cjk_font

    prepare_environment()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    assert isinstance(app, QGuiApplication)
    config = kwargs.pop("config", None) or demo_config(data_dir)
    font = find_cjk_font(remember=config.resolved_data_dir() / "cache" / FONT_VERDICT)
    kiosk = KioskApp(config, font, app, **kwargs)
    kiosk.show()
    kiosk.wait_ready()
    return kiosk


FIRST_FRAME_REPORT = "KIOSK_FIRST_FRAME_REPORT"


def _report_first_frame_if_asked(kiosk: KioskApp, app: QGuiApplication) -> None:
    """With KIOSK_FIRST_FRAME_REPORT=1 the kiosk prints FRAME on stdout at its first frame
    and quits: bench/ui.py times the bundle's start and the checkout's the same way."""
    if os.environ.get(FIRST_FRAME_REPORT) != "1":
        return

    def frame() -> None:
        print("FRAME", flush=True)
        app.quit()

    kiosk.window.frameSwapped.connect(frame, Qt.ConnectionType.SingleShotConnection)


def run(
    config: KioskConfig | Display,
    font: CjkFont,
    stop: StopRequest,
    load_config: Callable[[], KioskConfig] | None = None,
    config_path: Path | None = None,
) -> int:
    """Show the kiosk until it is asked to stop (SIGTERM, Ctrl+C); the exit status.

    With a Display and `load_config`, the config is checked after the first frame.
    """
    prepare_environment()
    app = QGuiApplication(sys.argv)
    app.setApplicationName("declaration-kiosk")
    waker = SignalWaker()
    # A stop asked before the event loop runs (even before the window exists) is kept
    # and acted on when it starts: quit() before exec() would do nothing.
    stop.on_request(lambda: QTimer.singleShot(0, app.quit))
    kiosk: KioskApp | None = None
    notifier = Notifier.from_environment()  # under systemd (deploy/linux): its watchdog
    try:
        kiosk = KioskApp(
            config,
            font,
            app,
            load_config=load_config,
            config_path=config_path,
            notifier=notifier,
        )
        kiosk.show()
        _report_first_frame_if_asked(kiosk, app)
        code = app.exec()
        return kiosk.exit_code or code
    finally:
        stop.on_request(None)
        if kiosk is not None:
            kiosk.close()
        if notifier is not None:
            notifier.close()
        waker.close()
