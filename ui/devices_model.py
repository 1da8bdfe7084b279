"""The terminal's devices in the touch interface: the QR scanner's codes routed, the ID
card reader's cards handed to the form (ui.id_card_model), the call light following the
help calls, and the diagnostics' device tests.

Qt-side adapter of kiosk.device_hub: the hub's devices call back on their own threads;
what they report is re-emitted here as queued signals. A keyboard-wedge scanner is
caught by ui.scanner_filter on the window, a serial or evdev one is delivered through
the same filter, so every code takes one road: `kiosk.scan_routing.route` says where it
goes (the progress lookup, the check-in, the staff screen, or "not this hall's").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot

from kiosk.i18n import Text, text
from kiosk.modes import Mode, Navigator
from ui.scanner_filter import ScannerFilter

if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.device_hub import DeviceHub
    from kiosk.terminal import Terminal
    from ui.appointment_model import AppointmentModel
    from ui.id_card_model import IdCardModel
    from ui.lookup_model import LookupModel

TEST_CARD = text("请在读卡区放置一张身份证。", "Place an ID card on the reader.")
NO_READER = text("未配置身份证阅读器。", "No ID card reader is configured.")
CARD_READ = text("已读到身份证：{card}", "ID card read: {card}")
NOTICE_MS = 8000  # how long "not this hall's code" stays
TESTED_LIGHT = text("呼叫灯将闪烁 3 秒。", "The call light blinks for 3 seconds.")
NO_LIGHT = text("未配置呼叫灯。", "No call light is configured.")
SCANNED = text("已扫到：{kind}（{length} 个字符）", "Scanned: {kind} ({length} characters)")
KINDS = {
    "lookup": text("本大厅的号票或文件", "a ticket or document of this hall"),
    "check_in": text("预约单", "an appointment slip"),
    "staff": text("工作人员码", "a staff code"),
    "foreign": text("不是本大厅的码", "not a code of this hall"),
}


class DevicesModel(QObject):
    """Owns the device hub and the scanner filter; routes what is scanned."""

    changed = Signal()
    staffScanned = Signal(str)  # a code read during a staff session (e.g. an enrolment)
    _helpStates = Signal(list)
    _cardArrived = Signal(object, bool, str)  # from the reader's thread: values, expired, to

    def __init__(
        self,
        navigator: Navigator,
        language: Callable[[], str],
        lookup: LookupModel,
        appointment: AppointmentModel,
        id_card: IdCardModel,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._navigator, self._language = navigator, language
        self._lookup, self._appointment, self._id_card = lookup, appointment, id_card
        self.filter = ScannerFilter(self)
        self.filter.scanned.connect(self.route)
        self._hub: DeviceHub | None = None
        self._config: KioskConfig | None = None
        self._notice: Text | None = None
        self._tested: Text | None = None  # the diagnostics' last device test, no content
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self.clearNotice)
        self._helpStates.connect(self._show_help)
        self._cardArrived.connect(self._card_here)
        self._testing_card = False  # the diagnostics' "read a card" waits for one

    # -- lifetime -------------------------------------------------------------------------

    def watch(self, window: QObject) -> None:
        """Catch a keyboard-wedge scanner's keys on the window (before any field)."""
        self.filter.install(window)

    def start(self, config: KioskConfig, terminal: Terminal) -> None:
        """The config is checked: start the devices it names (their own threads)."""
        from kiosk.device_hub import DeviceHub

        self._config = config
        if config.scanner.connection == "none":
            self.filter.close()  # no scanner: every key is typing
        self._hub = hub = DeviceHub(
            config,
            today=terminal.clock.today,
            on_card=self._card,
            on_unreadable=self._id_card.on_unreadable,
            on_reader=self._id_card.on_reader,
            on_code=self.filter.deliver,
        )
        if config.id_card is not None:  # before the reader can report its state
            self._id_card.attach(demo_place=hub.place_demo_card if hub.has_demo_card else None)
        hub.start()

    @property
    def hub(self) -> DeviceHub | None:
        return self._hub

    def on_help_states(self, states: list[str]) -> None:
        """kiosk.terminal's on_help_states (the store lane's thread)."""
        self._helpStates.emit(states)

    @Slot(list)
    def _show_help(self, states: list[str]) -> None:
        if self._hub is not None:
            self._hub.show_help(states)

    def close(self) -> None:
        self._notice_timer.stop()
        self.filter.close()
        if self._hub is not None:
            self._hub.close()

    # -- what is scanned --------------------------------------------------------------------

    @Slot(str)
    def route(self, code: str) -> None:
        """A code read by any scanner: where it goes (kiosk.scan_routing)."""
        from kiosk.scan_routing import NOT_OURS, ScanKind, route

        template = self._config.printer.qr_url_template if self._config else ""
        staff = self._navigator.mode is Mode.STAFF
        where = route(code, qr_url_template=template, staff_session=staff)
        self._tested = SCANNED.format(kind=KINDS[where.kind.value], length=len(code.strip()))
        opened = False
        if where.kind is ScanKind.STAFF:
            self.staffScanned.emit(where.code)
            opened = True
        elif where.kind is ScanKind.LOOKUP and self._applicant_may_leave():
            opened = self._lookup.scanned(where.code)
        elif where.kind is ScanKind.CHECK_IN and self._applicant_may_leave():
            opened = self._appointment.scanned(where.code)
        if not opened and where.kind is not ScanKind.STAFF:
            self._notice = NOT_OURS if where.kind is ScanKind.FOREIGN else BUSY
            self._notice_timer.start()
        else:
            self._notice = None
        self.changed.emit()

    def _applicant_may_leave(self) -> bool:
        """A scan opens the lookup or the check-in from where an applicant is, except
        out of service."""
        return self._navigator.mode is not Mode.OUT_OF_SERVICE

    @Slot()
    def clearNotice(self) -> None:
        if self._notice is not None:
            self._notice = None
            self.changed.emit()

    def forget(self) -> None:
        """The applicant left: the notice and the last test go too."""
        self._notice_timer.stop()
        self._notice, self._tested = None, None
        self.changed.emit()

    notice = Property(
        str, lambda s: s._notice.get(s._language()) if s._notice else "", notify=changed
    )
    tested = Property(
        str, lambda s: s._tested.get(s._language()) if s._tested else "", notify=changed
    )

    # -- the diagnostics' device tests ------------------------------------------------------

    def _card(self, values: Mapping[str, str], expired: bool, valid_to: str) -> None:
        """A card read (the reader's thread): to the UI thread, which says whose it is."""
        self._cardArrived.emit(dict(values), expired, valid_to)

    @Slot(object, bool, str)
    def _card_here(self, values: dict[str, str], expired: bool, valid_to: str) -> None:
        """The diagnostics' test, the open progress lookup, or the form (ui.id_card_model)."""
        try:
            if self._testing_card:
                self._testing_card = False
                name, number = values.get("name", ""), values.get("id_number", "")
                masked = (
                    f"{name[:1]}{'*' * max(1, len(name) - 1)} {number[:4]}{'*' * 10}{number[-4:]}"
                )
                self._tested = CARD_READ.format(card=masked)
                self.changed.emit()
            elif self._navigator.mode is Mode.PROGRESS:
                self._lookup.card(values.get("id_number", ""))
            elif self._navigator.mode is Mode.CHECK_IN:
                self._appointment.card(values)
            else:
                self._id_card.on_card(values, expired, valid_to)
        finally:
            values.clear()

    @Slot()
    def testCard(self) -> None:
        """ "Read a card" on the diagnostics screen: the next card is shown masked."""
        configured = self._config is not None and self._config.id_card is not None
        self._testing_card = configured
        self._tested = TEST_CARD if configured else NO_READER
        self.changed.emit()

    def staff_left(self) -> None:
        """The diagnostics closed: a card placed later is the form's again."""
        self._testing_card = False

    @Slot()
    def blinkLight(self) -> None:
        """ "Blink the light" on the diagnostics screen."""
        shown = self._hub is not None and self._hub.test_light()
        self._tested = TESTED_LIGHT if shown else NO_LIGHT
        self.changed.emit()


BUSY = text(
    "此码现在无法打开，请稍后再扫，或咨询辅导员。",
    "This code cannot be opened now: please scan it again later, or ask the attendant.",
)
