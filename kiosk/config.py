"""The terminal's configuration file (终端配置): one TOML file per terminal, strictly typed.

``load_config(path)`` reads the file with tomllib and validates it with the pydantic models
below; every problem found is reported at once in a :class:`ConfigError`, one plain line per
problem naming the key (``printer.port``) and what is allowed. A misspelt key is an error,
and values are not coerced (``"3"`` is not the integer 3). Relative paths in the file are
resolved against the folder holding the file. ``resources/config.example.toml`` documents
every key. Imports no Qt.

Whatever the file holds, the answer is the config or a ConfigError, never another
exception: the file is read by kiosk.toml_safe (a size cap, bounded nesting); every text
that is shown follows its kiosk.text rule (``hall_name: at most 40 characters, one line``)
and every other string is one line without control characters; the QR template holds
exactly ``{reference}`` and, with the longest reference, still fits the paper.
"""

from __future__ import annotations

import contextlib
import ipaddress
import string
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kiosk import display
from kiosk.clock import DEFAULT_ZONE, zone
from kiosk.hours import OpeningHours, Span
from kiosk.i18n_schema import checked_str, rule_problem
from kiosk.pins import check_pin_hash
from kiosk.pins import hash_pin as hash_pin
from kiosk.pins import verify_pin as verify_pin
from kiosk.qr_fit import REFERENCE_MAX_CHARS, qr_fit
from kiosk.text import NOTICE, TextRule
from kiosk.toml_safe import TomlProblem, parse_toml, read_capped
from kiosk.validation_errors import describe_errors, type_name

# The defaults the first frame shows before this check runs are kiosk.display's.
APP_NAME = display.APP_NAME
Connection = Literal["files", "usb", "serial", "network", "device", "cups"]
Profile = Literal["gb18030", "gbk", "image"]
Baud = Literal[9600, 19200, 38400, 57600, 115200]
Language = Literal["zh_CN", "en_US"]
Role = Literal["attendant", "technician", "grid_leader"]
LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]
MAX_CONFIG_BYTES = display.MAX_CONFIG_BYTES
# `[ui] help_hold_s` (default, least, most): not on the first frame, so not kiosk.display's.
HELP_HOLD_S = (600, 60, 3600)
# `[staff] session_timeout_s` (default, least, most).
STAFF_SESSION_TIMEOUT_S = (60, 15, 600)
# The heading of every report of a bad config (`kiosk --config`, the touch interface).
HEADING = "配置错误 / Configuration error"
# Any other string of the config (a URL, a token, a port, a queue, a path): one line, no
# control characters, bounded.
_PLAIN = display.PATH_RULE
_QR_TEMPLATE = TextRule(max_chars=500)


def _to_path(value: object, info: ValidationInfo) -> Path:
    """Turn a TOML string into a Path, resolved against the config file's folder."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty; leave the key out to use the default")
        problem = rule_problem(_PLAIN, value)
        if problem is not None:
            raise ValueError(problem)
        value = Path(value)
    if not isinstance(value, Path):
        raise ValueError(f"expected text (a path), got {type_name(value)}")
    with contextlib.suppress(RuntimeError):  # no home directory to expand ~ against
        value = value.expanduser()
    base = info.context.get("base_dir") if isinstance(info.context, dict) else None
    return base / value if isinstance(base, Path) and not value.is_absolute() else value


ConfigPath = Annotated[Path, BeforeValidator(_to_path)]
Plain = Annotated[str, checked_str(_PLAIN)]
PinHash = Annotated[str, AfterValidator(check_pin_hash)]


def _cross_field(problems: list[tuple[str, str]]) -> None:
    """Raise the cross-field problems of one table; ConfigError puts each on its own key."""
    if problems:
        raise PydanticCustomError("cross_field", "{problems}", {"problems": tuple(problems)})


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class CentralConfig(_Table):
    """``[central]``: the hall's central server; an empty url means offline (events queue)."""

    url: Plain = ""
    token: Plain = ""
    ca_bundle: ConfigPath | None = None
    timeout_s: float = Field(default=10.0, ge=1, le=120)

    @field_validator("url")
    @classmethod
    def _check_url(cls, url: str) -> str:
        if not url:
            return url
        try:
            parts = urlsplit(url)
            host = parts.hostname or ""
            _ = parts.port  # raises ValueError for a bad port
        except ValueError:
            raise ValueError(f"{url!r} is not a valid URL") from None
        if parts.scheme not in ("http", "https") or not host:
            raise ValueError(f"{url!r} must start with https:// (or http://) and name a host")
        loopback = host == "localhost"  # urlsplit lower-cases the host
        with contextlib.suppress(ValueError):
            loopback = ipaddress.ip_address(host).is_loopback
        if parts.scheme == "http" and not loopback:
            raise ValueError(
                f"TLS is required: use https://; plain http:// is allowed only for a loopback "
                f"host (127.0.0.0/8, localhost, ::1), not {host!r}"
            )
        return url

    @model_validator(mode="after")
    def _check_token(self) -> CentralConfig:
        if self.url and not self.token.strip():
            _cross_field([("token", "required when central.url is set")])
        return self


class PrinterConfig(_Table):
    """``[printer]``: the 80 mm (or 58 mm) thermal ticket printer and how to reach it."""

    connection: Connection = "files"
    profile: Profile = "gb18030"
    paper_width_mm: Literal[80, 58] = 80
    output_dir: ConfigPath | None = None
    usb_vendor_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    usb_product_id: int | None = Field(default=None, ge=0, le=0xFFFF)
    serial_port: Plain | None = None
    serial_baud: Baud = 9600
    host: Plain | None = None
    port: int = Field(default=9100, ge=1, le=65535)
    device_path: ConfigPath = Path("/dev/usb/lp0")
    cups_queue: Plain | None = None
    timeout_s: float = Field(default=5.0, ge=0.5, le=60)
    # None: as the profile says (gb18030 and gbk print QR natively, image as a raster).
    native_qr: bool | None = None
    # The QR on the ticket: the counter opens the declaration, the applicant follows progress.
    qr_url_template: str = "https://zwfw.jkq.gov.cn/progress?ref={reference}"
    notice: Annotated[str, checked_str(NOTICE)] = "过号请重新取号 · 请妥善保管本票"

    @field_validator("qr_url_template")
    @classmethod
    def _check_template(cls, template: str) -> str:
        problem = rule_problem(_QR_TEMPLATE, template)
        if problem is not None:
            raise ValueError(problem)
        try:  # {{ and }} are literal braces; every other brace must be {reference}
            fields = [
                (name, spec, conversion)
                for _, name, spec, conversion in string.Formatter().parse(template)
                if name is not None
            ]
        except ValueError:
            fields = []
        url = template.format(reference="0") if fields == [("reference", "", None)] else ""
        if not url.startswith(("https://", "http://")):
            raise ValueError(
                "must be an http(s) URL containing {reference} once and no other {...}, "
                "e.g. https://hall.example/progress?ref={reference}"
            )
        return template

    @model_validator(mode="after")
    def _check_connection(self) -> PrinterConfig:
        needed = {
            "usb": ("usb_vendor_id", "usb_product_id"),
            "serial": ("serial_port",),
            "network": ("host",),
            "cups": ("cups_queue",),
        }.get(self.connection, ())
        missing = [k for k in needed if _blank(getattr(self, k))]
        _cross_field(
            [(k, f'required when printer.connection = "{self.connection}"') for k in missing]
        )
        return self

    @model_validator(mode="after")
    def _check_qr_fits(self) -> PrinterConfig:
        # The longest reference the protocol carries, not today's: a ticket must print.
        longest = self.qr_url_template.format(reference="0" * REFERENCE_MAX_CHARS)
        fit = qr_fit(longest, self.paper_width_mm)
        if not fit.fits:
            message = (
                f"too long for a QR code on {self.paper_width_mm} mm paper: with the longest "
                f"reference ({REFERENCE_MAX_CHARS} characters) the URL has "
                f"{fit.payload_bytes} bytes, at most {fit.capacity} fit (QR version "
                f"{fit.largest_version}, error correction M); shorten the URL"
            )
            _cross_field([("qr_url_template", message)])
        return self


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class UIConfig(_Table):
    """``[ui]``: idle timeouts, languages and display options of the touch screen."""

    idle_timeout_s: int = Field(
        default=display.IDLE_TIMEOUT_S[0],
        ge=display.IDLE_TIMEOUT_S[1],
        le=display.IDLE_TIMEOUT_S[2],
    )
    idle_countdown_s: int = Field(
        default=display.IDLE_COUNTDOWN_S[0],
        ge=display.IDLE_COUNTDOWN_S[1],
        le=display.IDLE_COUNTDOWN_S[2],
    )
    # The "thank you" screen after the ticket: back to the start screen after this long.
    finish_return_s: int = Field(
        default=display.FINISH_RETURN_S[0],
        ge=display.FINISH_RETURN_S[1],
        le=display.FINISH_RETURN_S[2],
    )
    # An open help call holds the privacy timeout off for at most this long (the applicant
    # waits for the attendant with the form kept); then the normal timeout runs.
    help_hold_s: int = Field(default=HELP_HOLD_S[0], ge=HELP_HOLD_S[1], le=HELP_HOLD_S[2])
    # The 朗读 (read aloud) button: the Qt TextToSpeech engine ("auto": the platform's,
    # "" = no button), its volume.
    read_aloud_engine: Literal["auto", "", "speechd", "flite", "sapi", "winrt", "mock"] = "auto"
    read_aloud_volume: float = Field(default=0.8, ge=0, le=1)
    languages: Annotated[tuple[Language, ...], Strict(False)] = ("zh_CN", "en_US")
    default_language: Language = "zh_CN"
    large_text: bool = False
    demo: bool = False

    @field_validator("languages")
    @classmethod
    def _check_languages(cls, languages: tuple[Language, ...]) -> tuple[Language, ...]:
        if not languages:
            raise ValueError("must list at least one language; allowed: zh_CN, en_US")
        for lang in languages:
            if languages.count(lang) > 1:
                raise ValueError(f"{lang!r} is listed more than once")
        return languages

    @model_validator(mode="after")
    def _check_default_language(self) -> UIConfig:
        if self.default_language not in self.languages:
            listed = ", ".join(self.languages)
            message = f"{self.default_language!r} is not in ui.languages ({listed})"
            _cross_field([("default_language", message)])
        return self


class DocumentsConfig(_Table):
    """``[documents]``: A4 documents (申报信息确认单, 一次性告知单, 容缺受理承诺书)."""

    output_dir: ConfigPath | None = None  # default <data_dir>/documents
    cups_queue: Plain | None = None  # print through `lp -d QUEUE` instead of only saving


def _span(value: str) -> str:
    if len(value) > 20:  # the message repeats the value: a span is 11 characters
        raise ValueError("not a time span like 09:00-17:00")
    Span.parse(value)  # ValueError says what is allowed
    return value


class HoursConfig(_Table):
    """``[hours]``: the hall's opening hours; Saturdays under 政务"5+1" (holidays excluded).
    Shown until the central server's calendar brings the hall's own (its "hours")."""

    weekdays: Annotated[str, AfterValidator(_span)] = display.DEFAULT_WEEKDAYS
    saturday: str = display.DEFAULT_SATURDAY  # "" when the hall does not open on Saturdays

    @field_validator("saturday")
    @classmethod
    def _check_saturday(cls, value: str) -> str:
        return value if value == "" else _span(value)

    def opening_hours(self) -> OpeningHours:
        saturday = Span.parse(self.saturday) if self.saturday else None
        return OpeningHours(Span.parse(self.weekdays), saturday)


def _zone_name(value: str) -> str:
    zone(value)  # ValueError names the zone
    return value


class StaffConfig(_Table):
    """``[staff]``: the staff session's timeout, and the fallback PIN hashes per role.

    The hashes in ``[staff.pins]`` are used only before the terminal is enrolled (before
    it first downloaded the hall's staff accounts from the central server): from then on
    each staff member signs in with their own PIN (kiosk.staff).
    """

    # A staff session ends after this long without a touch (the screen returns to the
    # applicant): an attendant called away must not leave a signed-in terminal behind.
    session_timeout_s: int = Field(
        default=STAFF_SESSION_TIMEOUT_S[0],
        ge=STAFF_SESSION_TIMEOUT_S[1],
        le=STAFF_SESSION_TIMEOUT_S[2],
    )
    pins: dict[Role, Annotated[tuple[PinHash, ...], Strict(False)]] = Field(default_factory=dict)


class IdCardConfig(_Table):
    """``[id_card]``: the second-generation ID card reader (居民身份证阅读器), through its
    own serial protocol (GA/T 467) or the vendor's library; left out: no reader."""

    # "serial": the reader's protocol on a serial or USB-serial port (needs port);
    # "vendor": the vendor's library (needs library); "fake": a made-up reader with a
    # sample card (the demo).
    connection: Literal["serial", "vendor", "fake"]
    port: Plain | None = None
    baud: Baud = 115200
    library: ConfigPath | None = None
    # Whose library: 华视 (termb) or 神思 (CommonInterface).
    vendor: Literal["chinavision", "synjones"] = "chinavision"
    # The library's own port number (华视: 1001 to 1016 for USB, 1 to 16 for serial).
    vendor_port: int = Field(default=1001, ge=1, le=9999)
    # How often the reader is asked for a card; the standard allows no faster than 0.3 s.
    poll_s: float = Field(default=0.5, ge=0.3, le=5)

    @model_validator(mode="after")
    def _check_connection(self) -> IdCardConfig:
        needed = {"serial": ("port",), "vendor": ("library",)}.get(self.connection, ())
        _cross_field(
            [
                (k, f'required when id_card.connection = "{self.connection}"')
                for k in needed
                if _blank(getattr(self, k))
            ]
        )
        return self


class ScannerConfig(_Table):
    """``[scanner]``: the QR and barcode scanner. By default a keyboard-wedge (USB HID)
    scanner, told apart from typing by its speed; "none" turns it off."""

    connection: Literal["keyboard", "serial", "evdev", "none"] = "keyboard"
    port: Plain | None = None  # "serial": the scanner's port
    baud: Baud = 9600
    # "evdev" (Linux): the scanner's input device, read exclusively when grab is true.
    device: ConfigPath | None = None
    grab: bool = True

    @model_validator(mode="after")
    def _check_connection(self) -> ScannerConfig:
        needed = {"serial": ("port",), "evdev": ("device",)}.get(self.connection, ())
        _cross_field(
            [
                (k, f'required when scanner.connection = "{self.connection}"')
                for k in needed
                if _blank(getattr(self, k))
            ]
        )
        return self


class SignalLightConfig(_Table):
    """``[signal_light]``: the call light above the terminal, through a relay: blinking
    while a help call waits, steady once acknowledged, off when resolved; left out: none."""

    # "hid": a USB HID relay board (16c0:05df); "serial": a serial relay (LCUS-1, needs
    # port); "fake": a relay that only records (the demo).
    connection: Literal["hid", "serial", "fake"]
    channel: int = Field(default=1, ge=1, le=8)
    port: Plain | None = None
    baud: Baud = 9600
    blink_period_s: float = Field(default=1.0, ge=0.2, le=5)

    @model_validator(mode="after")
    def _check_connection(self) -> SignalLightConfig:
        if self.connection == "serial" and _blank(self.port):
            _cross_field([("port", 'required when signal_light.connection = "serial"')])
        return self


class KioskConfig(_Table):
    """The whole config file of one terminal."""

    terminal_number: int = Field(ge=1, le=12)
    # Shown on every screen and printed on every ticket (the same rules as display.peek).
    hall_name: Annotated[str, checked_str(display.HALL_NAME_RULE)] = display.DEFAULT_HALL_NAME
    hall_name_en: Annotated[str, checked_str(display.HALL_NAME_EN_RULE)] = (
        display.DEFAULT_HALL_NAME_EN
    )
    # The hall's own county-level division (GB/T 2260 code, kiosk.divisions): first in the
    # province, city and district lists of a mailing address (证照免费邮寄).
    hall_division: Annotated[str, Field(pattern=r"^[1-9][0-9]{5}$")] = "220171"
    data_dir: ConfigPath | None = None
    catalog_dir: ConfigPath | None = None
    # A TrueType CJK font for tickets and PDFs; default: found with fontconfig.
    font_path: ConfigPath | None = None
    log_level: LogLevel = "INFO"
    # The hall's time zone: local times, references, ticket days and due dates use it,
    # whatever zone the terminal's operating system is set to.
    timezone: Annotated[str, AfterValidator(_zone_name)] = DEFAULT_ZONE
    hours: HoursConfig = HoursConfig()
    central: CentralConfig = CentralConfig()
    printer: PrinterConfig = PrinterConfig()
    documents: DocumentsConfig = DocumentsConfig()
    ui: UIConfig = UIConfig()
    staff: StaffConfig = StaffConfig()
    # The devices beside the printer (devices/, built by kiosk.device_hub).
    id_card: IdCardConfig | None = None
    scanner: ScannerConfig = ScannerConfig()
    signal_light: SignalLightConfig | None = None

    @model_validator(mode="after")
    def _check_plain_http(self) -> KioskConfig:
        # A loopback server without TLS is the demo's; a terminal in a hall speaks TLS.
        if self.central.url.startswith("http://") and not self.ui.demo:
            _cross_field(
                [("central.url", "plain http:// is allowed only in demo mode; use https://")]
            )
        return self

    def resolved_data_dir(self) -> Path:
        """``data_dir``, or the platform's user data dir when it is not set."""
        if self.data_dir is not None:
            return self.data_dir
        return display.default_data_dir()

    def resolved_ticket_dir(self) -> Path:
        """``printer.output_dir``, or ``<data_dir>/tickets`` when it is not set."""
        if self.printer.output_dir is not None:
            return self.printer.output_dir
        return self.resolved_data_dir() / "tickets"

    def resolved_document_dir(self) -> Path:
        """``documents.output_dir``, or ``<data_dir>/documents`` when it is not set."""
        if self.documents.output_dir is not None:
            return self.documents.output_dir
        return self.resolved_data_dir() / "documents"


class ConfigError(Exception):
    """The config file is missing, unreadable, not TOML, or has invalid values."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = list(problems) or ["invalid configuration"]
        super().__init__(path, self.problems)

    def __str__(self) -> str:
        first, *rest = self.problems
        return "\n".join([f"{self.path}: {first}", *(f"  {p}" for p in rest)])


def load_config(path: Path) -> KioskConfig:
    """Read and validate the terminal's config file; ConfigError lists every problem."""
    path = Path(path)
    try:
        raw = read_capped(path, MAX_CONFIG_BYTES, "config file")
    except TomlProblem as exc:
        raise ConfigError(path, [exc.message]) from None
    try:
        data = parse_toml(
            raw,
            max_bytes=MAX_CONFIG_BYTES,
            not_utf8="line {line}: not valid UTF-8 text; save the config file as UTF-8",
        )
    except TomlProblem as exc:
        raise ConfigError(path, [exc.message]) from None
    context = {"base_dir": path.absolute().parent}
    try:
        return KioskConfig.model_validate(data, context=context)
    except ValidationError as exc:
        raise ConfigError(path, describe_errors(exc.errors(), KioskConfig, _SECRET_KEYS)) from None


_SECRET_KEYS = ("staff", "central.token")  # never repeated in messages


def demo_config(data_dir: Path) -> KioskConfig:
    """The config of ``--demo``: terminal 1, tickets written as files under ``data_dir``."""
    data_dir = Path(data_dir).absolute()
    return KioskConfig(
        terminal_number=1,
        data_dir=data_dir,
        printer=PrinterConfig(connection="files", output_dir=data_dir / "tickets"),
        ui=UIConfig(demo=True),
        # A made-up reader with a sample card, and a light that only records.
        id_card=IdCardConfig(connection="fake"),
        signal_light=SignalLightConfig(connection="fake"),
    )
