"""The touch kiosk: wiring the core, the printer and the view-models to the QML views.

`KioskApp` builds everything for one terminal; `run()` shows it (fullscreen, frameless
and on top in kiosk mode; a 1280x800 window in demo mode) and runs Qt's event loop.
Tests build a `KioskApp` on pytest-qt's application and drive the real QML.
"""

from __future__ import annotations

import logging
import os
import signal
import sys
import threading
from concurrent.futures import Future
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.i18n import Text, text
from kiosk.journey import Screen
from printer.fonts import CjkFont
from ui.chime import chime_file
from ui.help_model import HelpModel
from ui.idle_model import IdleModel
from ui.journey_model import JourneyModel
from ui.shell import Shell
from ui.sync_model import SyncModel
from ui.tasks import Tasks
from ui.translation import Languages

if TYPE_CHECKING:  # the back end is loaded after the first frame
    from kiosk.declarations import Declarations, Submitted
    from kiosk.help_requests import HelpDesk
    from kiosk.store.database import Store
    from kiosk.sync import HttpTicketSource, SyncWorker
    from printer.ticket_printer import PrintQueue

QML = Path(__file__).with_name("qml") / "Main.qml"
FONT_VERDICT = "cjk-font.json"  # in the data folder's cache: see printer.fonts
NOTICE_PRINTED = text(
    "一次性告知单已打印，请到打印机取走。",
    "The one-time notice is printed: please take it from the printer.",
)
log = logging.getLogger(__name__)


def prepare_environment() -> None:
    """Before the QGuiApplication exists: the in-window on-screen keyboard."""
    os.environ.setdefault("QT_IM_MODULE", "qtvirtualkeyboard")
    os.environ.setdefault("QT_QUICK_CONTROLS_STYLE", "Basic")
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
        self, config: KioskConfig, catalog: Catalog, font: CjkFont, app: QGuiApplication
    ) -> None:
        self.config = config
        self.app = app
        self.catalog, self.font = catalog, font
        data_dir = config.resolved_data_dir()
        family = _load_font(font)
        self.data_dir = data_dir
        self.tasks = Tasks()
        # The store, the printer and the documents take about a second to import and
        # open: they load on the worker once the home screen is up (every later store
        # task queues behind them on the same worker).
        self.store: Store
        self.desk: Declarations
        self.help_desk: HelpDesk
        self.printing: PrintQueue
        self.sync_worker: SyncWorker
        self._ticket_source: HttpTicketSource | None = None
        self._pending_catalog: Catalog | None = None
        self._backend: Future[Any] | None = None
        self._opened = threading.Event()
        self._open_lock = threading.Lock()
        self.languages = Languages(app)
        self.engine = QQmlApplicationEngine()
        self.shell = Shell(config, self._switch_language)
        self.journey = JourneyModel(
            catalog,
            self._desk,
            self.tasks,
            lambda: self.printing if self._opened.is_set() else None,
            today=lambda: datetime.now().astimezone().date(),
            language=lambda: self.shell.language_code,
            notice_printer=self._print_notice if config.documents.cups_queue else None,
        )
        self.help = HelpModel(
            self._help_desk,
            self.tasks,
            self._help_context,
        )
        self.idle = IdleModel(
            config.ui.idle_timeout_s,
            config.ui.idle_countdown_s,
            self.wipe,
            lambda: self.journey.journey.screen is not Screen.HOME,
        )
        self.sync = SyncModel(bool(config.central.url))
        self.sync.helpCallChanged.connect(self.help.central_changed)
        self.sync.catalogArrived.connect(self._new_catalog)
        self.help.changed.connect(self._wake_sync)  # a help call goes out at once
        self.journey.helpNeeded.connect(self.help.call)
        self.journey.applicantGone.connect(self._forget_applicant)
        self.shell.languageChanged.connect(lambda _: self.journey.refresh())
        ctx = self.engine.rootContext()
        for name, obj in (
            ("shell", self.shell),
            ("journey", self.journey),
            ("help", self.help),
            ("idle", self.idle),
            ("sync", self.sync),
        ):
            ctx.setContextProperty(name, obj)
        ctx.setContextProperty("cjkFamily", family)
        ctx.setContextProperty("kioskMode", not config.ui.demo)
        ctx.setContextProperty("chimeUrl", QUrl.fromLocalFile(str(chime_file(data_dir / "cache"))))
        self._switch_language(self.shell.language_code)
        self.engine.load(QUrl.fromLocalFile(str(QML)))
        roots = self.engine.rootObjects()
        if not roots:
            raise RuntimeError("the interface could not be loaded (see the log)")
        window = roots[0]
        assert isinstance(window, QQuickWindow)
        self.window = window
        # Touches reach the window first: watching it, not the whole application, keeps
        # Python out of the many events Qt delivers to other objects (loading included).
        window.installEventFilter(self.idle)
        window.frameSwapped.connect(self.start_backend, Qt.ConnectionType.SingleShotConnection)

    def start_backend(self) -> None:
        """Load and open the store, the printer and the documents on the worker (once)."""
        if self._backend is None:
            self._backend = self.tasks.run(self._open_backend, lambda _: None)
            self.journey.start_indexing()

    def _desk(self) -> Declarations:
        self._open_backend()  # on the worker, in case a task outran the first frame
        return self.desk

    def _help_desk(self) -> HelpDesk:
        self._open_backend()
        return self.help_desk

    def _open_backend(self) -> None:
        with self._open_lock:
            if not self._opened.is_set():
                self._open_backend_now()
                self._opened.set()

    def _open_backend_now(self) -> None:
        from kiosk.declarations import Declarations
        from kiosk.help_requests import HelpDesk
        from kiosk.store.database import Store
        from kiosk.sync import HttpTicketSource, SyncWorker, load_calendar
        from printer.ticket_printer import PrintQueue, TicketPrinter

        central, terminal = self.config.central, self.config.terminal_number
        self.store = Store(self.data_dir / "kiosk.db")
        self._ticket_source = HttpTicketSource(central) if central.url else None
        self.desk = Declarations(
            self.store,
            self.catalog,
            terminal,
            tickets=self._ticket_source,
            calendar=load_calendar(self.data_dir),
        )
        self.help_desk = HelpDesk(self.store, terminal, self.desk.clock)
        self.printing = PrintQueue(self.desk, self.catalog, TicketPrinter(self.config, self.font))
        self.sync_worker = SyncWorker(
            self.store,
            central,
            terminal,
            self.data_dir,
            catalog_version=self.catalog.version,
            printer_status=self.journey.printer_status,
            on_status=self.sync.on_status,
            on_catalog=self.sync.on_catalog,
            on_calendar=self._new_calendar,
            on_help_call=self.sync.on_help_call,
        )
        self.sync_worker.start()
        if self.config.documents.cups_queue:
            import printer.documents  # noqa: F401 - warm: the notice is built on demand

    def _wake_sync(self) -> None:
        if self._opened.is_set():
            self.sync_worker.wake()

    def _new_calendar(self, calendar: Any) -> None:
        """A holiday calendar from the central server (worker thread): due dates use it."""
        self.desk.calendar = calendar

    def _new_catalog(self, catalog: Catalog) -> None:
        """A checked catalog from the central server: served from the next applicant on."""
        self._pending_catalog = catalog
        if self.journey.journey.screen is Screen.HOME:
            self._switch_catalog()

    def _switch_catalog(self) -> None:
        catalog, self._pending_catalog = self._pending_catalog, None
        if catalog is None or catalog.version == self.catalog.version:
            return
        self.catalog = catalog
        self.journey.set_catalog(catalog)
        if self._opened.is_set():  # on the worker: behind any task still using the old one
            self.tasks.run(lambda: self._use_catalog(catalog), lambda _: None)
        log.info("now serving catalog %s", catalog.version)

    def _use_catalog(self, catalog: Catalog) -> None:
        self.desk.catalog = catalog
        self.printing.set_catalog(catalog)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Block until the back end is open (tests, benchmarks, shutdown)."""
        self.start_backend()
        assert self._backend is not None
        self._backend.result(timeout)

    def _print_notice(
        self,
        submitted: Submitted,
        answers: dict[str, Any],
        materials: dict[str, bool],
        language: str,
    ) -> Text:
        """Build the one-time notice and send it to the A4 printer (on a worker)."""
        from printer.documents import DocumentPrintError, build_notice, make_context, save_document

        ctx = make_context(
            self.config,
            self.font,
            reference=submitted.reference,
            item=self.catalog[submitted.review.item_id],
            answers=answers,
            materials=materials,
            review=submitted.review,
            submitted_at=self.desk.clock(),
            language=language,
        )
        try:
            save_document(build_notice(ctx), f"{submitted.reference}-notice", self.config)
        except DocumentPrintError as e:
            return e.applicant
        return NOTICE_PRINTED

    def _switch_language(self, language: str) -> None:
        self.languages.switch(language)
        self.engine.retranslate()

    def _help_context(self) -> dict[str, Any]:
        j = self.journey.journey
        context: dict[str, Any] = {"screen": j.screen.value, "language": self.shell.language_code}
        if j.item is not None:
            context["item_id"] = j.item.id
        if j.page_id is not None and j.screen is Screen.FORM:
            context["page_id"] = j.page_id
        if j.errors:
            context["fields_in_error"] = [e.target for e in j.errors]
        return context

    def wipe(self) -> None:
        """Forget the applicant everywhere: journey, help call, language, text size."""
        QGuiApplication.inputMethod().reset()  # drop a half-typed pinyin syllable unsaid
        self.journey.home()  # -> _forget_applicant

    def _forget_applicant(self) -> None:
        """What the journey does not hold: the help call, the language, the text size."""
        self.help.reset()
        self.shell.reset()
        if self._pending_catalog is not None:
            self._switch_catalog()
        self.engine.collectGarbage()

    def show(self) -> None:
        if self.config.ui.demo:
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
        """Tear down in order: the views first, then the models they bind to."""
        self.window.removeEventFilter(self.idle)
        self.window.close()
        self.engine.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        self.tasks.shutdown()  # lets a back end being opened finish first
        if self._opened.is_set():
            self.sync_worker.stop()
            self.printing.shutdown()
            if self._ticket_source is not None:
                self._ticket_source.close()
            self.store.close()


def _load_font(font: CjkFont) -> str:
    """Load the CJK font into Qt; its family name for QML."""
    font_id = QFontDatabase.addApplicationFont(str(font.path))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else font.family


def demo_kiosk(data_dir: Path) -> KioskApp:
    """A shown, ready demo kiosk on a new QGuiApplication (benchmarks, screenshots)."""
    from kiosk.catalog.loader import load_catalog
    from kiosk.config import demo_config
    from kiosk.resources import resource_path
    from printer.fonts import find_cjk_font

    prepare_environment()
    app = QGuiApplication(sys.argv)
    config = demo_config(data_dir)
    font = find_cjk_font(remember=config.resolved_data_dir() / "cache" / FONT_VERDICT)
    kiosk = KioskApp(config, load_catalog(resource_path("catalog")), font, app)
    kiosk.show()
    kiosk.wait_ready()
    return kiosk


def run(config: KioskConfig, catalog: Catalog, font: CjkFont) -> int:
    prepare_environment()
    app = QGuiApplication(sys.argv)
    app.setApplicationName("declaration-kiosk")
    # SIGTERM (systemd, a technician) and Ctrl+C (the demo) end the kiosk in order: the
    # worker, the printer and the store are closed. The quit is posted, so a signal that
    # comes while the window is still being built ends the event loop as soon as it runs
    # (quit() before exec() does nothing). Python runs signal handlers only when it gets
    # control: a timer gives it control twice a second.
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: QTimer.singleShot(0, app.quit))
    wake = QTimer()
    wake.timeout.connect(lambda: None)
    wake.start(500)
    kiosk = KioskApp(config, catalog, font, app)
    kiosk.show()
    try:
        return app.exec()
    finally:
        kiosk.close()
