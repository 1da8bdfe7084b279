"""The terminal's devices beside the printer, built from the config and closed with the
terminal: the ID card reader's process, a serial or evdev scanner, the call light.

`DeviceHub(config, ...)` builds nothing until `start()`, which the touch interface calls
after its first frame. Each device owns its thread (or, for the reader, its child
process) and ends it in `close()`; the callbacks come on those threads (the interface
re-emits them). A keyboard-wedge scanner is no device here: its keys reach the window,
where ui.scanner_filter tells it from typing.

What the hub reports, for the diagnostics screen and the heartbeat, is one short word a
device (`states()`: "ok", "none", "no_reader", "restarting", "disconnected", "fault")
and the technician's words (`details()`). The card's values go to `on_card` and nowhere
else: never logged, never kept here.

The "fake" connections (the demo): a made-up reader on a pseudo-terminal that the
hub owns, speaking the reader's own protocol to the reader's real process, with the
sample card placed by `place_demo_card()`; and a relay that only records.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from kiosk.config import KioskConfig
from kiosk.i18n import Text, text

if TYPE_CHECKING:
    from devices.id_card.card import IdCard
    from devices.id_card.fake_reader import FakeReader
    from devices.id_card.process import CardReaderProcess, ReaderStatus
    from devices.scanner.status import ScannerStatus
    from devices.signal_light.light import LightStatus, SignalLight

log = logging.getLogger(__name__)

NOT_CONFIGURED = text("未配置", "Not configured")
KEYBOARD_SCANNER = text(
    "键盘式扫码器：接上即可使用（不需要配置）",
    "Keyboard scanner: works as soon as it is plugged in (nothing to configure)",
)
STARTING = text("正在启动", "Starting")

# A reader's states, as the heartbeat words them.
_READER_WORDS = {
    "starting": "ok",
    "ready": "ok",
    "no_reader": "no_reader",
    "fault": "fault",
    "restarting": "restarting",
    "stopped": "none",
}
_SCANNER_WORDS = {
    "ready": "ok",
    "disconnected": "disconnected",
    "fault": "fault",
    "stopped": "none",
}


class DeviceHub:
    """The devices `config` names; each callback is called on the device's own thread."""

    def __init__(
        self,
        config: KioskConfig,
        *,
        today: Callable[[], date],
        on_card: Callable[[Mapping[str, str], bool, str], None],
        on_unreadable: Callable[[Text], None],
        on_reader: Callable[[bool], None],
        on_code: Callable[[str], None],
    ) -> None:
        self.config = config
        self._today = today
        self._on_card, self._on_unreadable = on_card, on_unreadable
        self._on_reader, self._on_code = on_reader, on_code
        self._lock = threading.Lock()
        self._started = self._closed = False
        self._reader: CardReaderProcess | None = None
        self._fake_reader: FakeReader | None = None
        self._scanner: Any = None  # SerialScanner or EvdevScanner
        self._scanner_status: ScannerStatus | None = None
        self._light: SignalLight | None = None
        self._light_status: LightStatus | None = None

    # -- starting and closing ---------------------------------------------------------------

    def start(self) -> None:
        """Start every configured device (once); a device that cannot start reports its
        fault in its status, the others start all the same."""
        with self._lock:
            if self._started or self._closed:
                return
            self._started = True
        for name, begin in (
            ("ID card reader", self._start_reader),
            ("scanner", self._start_scanner),
            ("call light", self._start_light),
        ):
            try:
                begin()
            except Exception:  # a bug in one device's set-up leaves the others working
                log.exception("the %s could not be started", name)

    def close(self) -> None:
        """End every device's thread and process (the light off first)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        for name, device in (
            ("call light", self._light),
            ("scanner", self._scanner),
            ("ID card reader", self._reader),
            ("fake reader", self._fake_reader),
        ):
            if device is None:
                continue
            try:
                device.close()
            except Exception:
                log.exception("the %s did not close cleanly", name)

    # -- the ID card reader ---------------------------------------------------------------

    def _start_reader(self) -> None:
        card = self.config.id_card
        if card is None:
            return
        from devices.id_card.process import CardReaderProcess, ReaderSettings

        port = card.port
        if card.connection == "fake":
            from devices.id_card.fake_reader import FakeReader

            self._fake_reader = FakeReader()
            port = self._fake_reader.port
        settings = ReaderSettings(
            backend="vendor" if card.connection == "vendor" else "serial",
            port=port or "",
            baud=card.baud,
            library=str(card.library) if card.library is not None else "",
            vendor=card.vendor,
            vendor_port=card.vendor_port,
            poll_s=card.poll_s,
        )
        self._reader = CardReaderProcess(
            settings,
            on_card=self._card,
            on_unreadable=self._on_unreadable,
            on_status=self._reader_status,
        )
        self._reader.start()

    def _card(self, card: IdCard) -> None:
        expired = card.expired(self._today())
        valid_to = card.valid_to.isoformat() if card.valid_to is not None else "长期"
        self._on_card(card.values(), expired, valid_to)
        fake = self._fake_reader
        if fake is not None:  # the demo's card is lifted once read, as a hand would
            fake.lift()

    def _reader_status(self, status: ReaderStatus) -> None:
        self._on_reader(str(status.state) in ("ready", "starting"))

    def place_demo_card(self) -> None:
        """The demo: the sample card on the made-up reader (nothing without one)."""
        fake = self._fake_reader
        if fake is not None:
            from devices.id_card.fake_reader import FakeCard
            from kiosk.samples import sample_resident_id

            # The demo's made-up applicant, old enough for the 老年证 the demo walks.
            fake.place(
                FakeCard(
                    name="张玉琴",
                    id_number=sample_resident_id(birth="19540318", seq="042"),
                    sex="2",
                    nation="01",
                    address="吉林省长春市南关区人民大街5号",
                    authority="长春市公安局南关分局",
                    valid_from="20140318",
                    valid_to="长期",
                )
            )

    @property
    def has_demo_card(self) -> bool:
        """Whether the config names the made-up reader (known before `start()`)."""
        card = self.config.id_card
        return card is not None and card.connection == "fake"

    # -- the scanner ----------------------------------------------------------------------

    def _start_scanner(self) -> None:
        scanner = self.config.scanner
        if scanner.connection == "serial":
            from devices.scanner.serial_scanner import SerialScanner

            assert scanner.port is not None  # the config requires it
            self._scanner = SerialScanner(
                scanner.port,
                scanner.baud,
                on_code=self._on_code,
                on_status=self._keep_scanner_status,
            )
        elif scanner.connection == "evdev":
            from devices.scanner.evdev_scanner import EvdevScanner

            assert scanner.device is not None
            self._scanner = EvdevScanner(
                str(scanner.device),
                grab=scanner.grab,
                on_code=self._on_code,
                on_status=self._keep_scanner_status,
            )
        else:
            return
        self._scanner.start()

    def _keep_scanner_status(self, status: ScannerStatus) -> None:
        self._scanner_status = status

    # -- the call light -------------------------------------------------------------------

    def _start_light(self) -> None:
        light = self.config.signal_light
        if light is None:
            return
        from devices.signal_light.light import SignalLight

        relay: Any
        if light.connection == "fake":
            from devices.signal_light.fake import FakeRelay

            relay = FakeRelay()
        elif light.connection == "serial":
            from devices.signal_light.serial_relay import SerialRelay

            assert light.port is not None
            relay = SerialRelay(light.port, channel=light.channel, baud=light.baud)
        else:
            from devices.signal_light.hid_relay import HidRelay

            relay = HidRelay(light.channel)
        self._light = SignalLight(
            relay, blink_period_s=light.blink_period_s, on_status=self._keep_light_status
        )

    def _keep_light_status(self, status: LightStatus) -> None:
        self._light_status = status

    def show_help(self, states: list[str]) -> None:
        """The help calls still waited on (kiosk.terminal's on_help_states): blinking
        while one is open, steady once acknowledged, off when none is left."""
        light = self._light
        if light is not None:
            from devices.signal_light.follow import light_for

            light.show(light_for(states))

    def test_light(self) -> bool:
        """The diagnostics' "blink the light"; False when there is none."""
        light = self._light
        if light is None:
            return False
        light.test()
        return True

    @property
    def light(self) -> SignalLight | None:
        return self._light

    # -- what the diagnostics and the heartbeat show ---------------------------------------

    def states(self) -> dict[str, str]:
        """One word a device, for the heartbeat (protocol 6)."""
        reader = self._reader
        scanner, light = self._scanner_status, self._light
        return {
            "id_card_status": "none"
            if self.config.id_card is None
            else _READER_WORDS.get(str(reader.status.state), "fault")
            if reader is not None
            else "fault",
            "scanner_status": "none"
            if self.config.scanner.connection in ("none", "keyboard")
            else _SCANNER_WORDS.get(scanner.state, "fault")
            if scanner is not None
            else "ok",
            "signal_light_status": "none"
            if self.config.signal_light is None
            else light.status.state
            if light is not None and light.status.state != "stopped"
            else "fault",
        }

    def details(self) -> dict[str, Text]:
        """The technician's words for each device (the diagnostics screen)."""
        reader, light = self._reader, self._light
        scanner = self._scanner_status
        return {
            "id_card": NOT_CONFIGURED
            if self.config.id_card is None
            else reader.status_text()
            if reader is not None
            else STARTING,
            "scanner": NOT_CONFIGURED
            if self.config.scanner.connection == "none"
            else KEYBOARD_SCANNER
            if self.config.scanner.connection == "keyboard"
            else scanner.detail
            if scanner is not None
            else STARTING,
            "signal_light": NOT_CONFIGURED
            if self.config.signal_light is None
            else light.status.detail
            if light is not None
            else STARTING,
        }
