"""What the home screen's first frame needs of the config, read before the config is checked.

Checking the config means pydantic (about 90 ms of imports and model building); the
touch interface shows its home screen first and checks the config right after, as it
loads the catalog. `peek(path)` reads the few values the first frame shows straight from
the TOML file, each one only if it is what the config allows (any other value shows its
default for that moment); the full check follows the first frame, and a config that
fails it still stops the kiosk with its message (exit status 2) before anyone can start.
A file that cannot be read as TOML at all (or is larger than the config's cap, or nested
deeper than kiosk.toml_safe allows) is not peeked: it is checked (and refused) before any
window opens. A hall name that breaks its rule (kiosk.text) shows the default name, as the
check will refuse it; `peek` never raises, whatever the file holds.

The defaults live here, and kiosk.config uses them: one value each. Tests check that
`peek(path) == Display.of(load_config(path))` for valid files, and the same for the demo.
Imports no pydantic and no Qt.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.clock import DEFAULT_ZONE, zone
from kiosk.hours import OpeningHours, Span
from kiosk.text import LABEL, NAME, TextRule
from kiosk.toml_safe import TomlProblem, parse_toml, read_capped

if TYPE_CHECKING:  # the checked config, after the first frame
    from kiosk.config import KioskConfig

APP_NAME = "declaration-kiosk"
DEFAULT_HALL_NAME = "经开区政务服务中心"
DEFAULT_HALL_NAME_EN = "Economic Development Zone Government Service Center"
LANGUAGES = ("zh_CN", "en_US")
DEFAULT_WEEKDAYS = "09:00-17:00"
DEFAULT_SATURDAY = "09:00-16:00"
IDLE_TIMEOUT_S = (90, 30, 900)  # default, least, most
IDLE_COUNTDOWN_S = (30, 20, 120)
FINISH_RETURN_S = (6, 3, 60)
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# A terminal's config is about 10 KiB with all its comments.
MAX_CONFIG_BYTES = 256 * 1024
# The hall's name is printed on every ticket (NAME: one line of Hanzi); the English name
# is shown on screen (LABEL: twice the characters, a Hanzi being two columns wide).
HALL_NAME_RULE = NAME
HALL_NAME_EN_RULE = LABEL
# A path, and any other string of the config: one line, no control characters, bounded.
PATH_RULE = TextRule(max_chars=1000, allow_empty=True)


@dataclass(frozen=True)
class Display:
    """The terminal as its screen shows it from the first frame."""

    terminal_number: int
    hall_name: str
    hall_name_en: str
    languages: tuple[str, ...]
    default_language: str
    large_text: bool
    demo: bool
    timezone: str
    weekdays: str
    saturday: str
    idle_timeout_s: int
    idle_countdown_s: int
    finish_return_s: int
    data_dir: Path
    font_path: Path | None
    log_level: str
    central: bool  # a central server is configured (the header's offline note)

    @property
    def opening_hours(self) -> OpeningHours:
        return OpeningHours(
            Span.parse(self.weekdays), Span.parse(self.saturday) if self.saturday else None
        )

    @classmethod
    def of(cls, config: KioskConfig) -> Display:
        """What a checked config shows."""
        ui = config.ui
        return cls(
            terminal_number=config.terminal_number,
            hall_name=config.hall_name,
            hall_name_en=config.hall_name_en,
            languages=tuple(ui.languages),
            default_language=ui.default_language,
            large_text=ui.large_text,
            demo=ui.demo,
            timezone=config.timezone,
            weekdays=config.hours.weekdays,
            saturday=config.hours.saturday,
            idle_timeout_s=ui.idle_timeout_s,
            idle_countdown_s=ui.idle_countdown_s,
            finish_return_s=ui.finish_return_s,
            data_dir=config.resolved_data_dir(),
            font_path=config.font_path,
            log_level=config.log_level,
            central=bool(config.central.url),
        )


def default_data_dir() -> Path:
    import platformdirs  # only where the config names no data folder

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def demo(data_dir: Path) -> Display:
    """What `kiosk --demo` shows (kiosk.config.demo_config): terminal 1, the defaults."""
    return _display({"terminal_number": 1, "ui": {"demo": True}}, Path(data_dir).absolute())


def peek(path: Path) -> Display | None:
    """The first frame's values from the config file at `path`, unchecked; None when the
    file cannot be read as UTF-8 TOML (the check then refuses it before any window)."""
    try:
        data = parse_toml(read_capped(Path(path), MAX_CONFIG_BYTES), max_bytes=MAX_CONFIG_BYTES)
    except TomlProblem:
        return None
    base = Path(path).absolute().parent
    data_dir = _path(data.get("data_dir"), base)
    return _display(data, data_dir or default_data_dir(), base)


def _display(data: dict[str, Any], data_dir: Path, base: Path | None = None) -> Display:
    ui, hours = _table(data, "ui"), _table(data, "hours")
    central = _table(data, "central")
    languages = ui.get("languages")
    if not (
        isinstance(languages, list)
        and languages
        and all(lang in LANGUAGES for lang in languages)
        and len(set(languages)) == len(languages)
    ):
        languages = list(LANGUAGES)
    first = "zh_CN" if "zh_CN" in languages else str(languages[0])
    default_language = _choice(ui.get("default_language"), tuple(languages), first)
    return Display(
        terminal_number=_int(data.get("terminal_number"), (0, 1, 12)),
        hall_name=_text(data.get("hall_name"), DEFAULT_HALL_NAME, HALL_NAME_RULE),
        hall_name_en=_text(data.get("hall_name_en"), DEFAULT_HALL_NAME_EN, HALL_NAME_EN_RULE),
        languages=tuple(languages),
        default_language=default_language,
        large_text=_bool(ui.get("large_text"), False),
        demo=_bool(ui.get("demo"), False),
        timezone=_zone(data.get("timezone")),
        weekdays=_span(hours.get("weekdays"), DEFAULT_WEEKDAYS, empty_ok=False),
        saturday=_span(hours.get("saturday"), DEFAULT_SATURDAY, empty_ok=True),
        idle_timeout_s=_int(ui.get("idle_timeout_s"), IDLE_TIMEOUT_S),
        idle_countdown_s=_int(ui.get("idle_countdown_s"), IDLE_COUNTDOWN_S),
        finish_return_s=_int(ui.get("finish_return_s"), FINISH_RETURN_S),
        data_dir=data_dir,
        font_path=_path(data.get("font_path"), base) if base is not None else None,
        log_level=_choice(data.get("log_level"), LOG_LEVELS, "INFO"),
        central=isinstance(central.get("url"), str) and bool(central.get("url")),
    )


def _choice(value: object, allowed: tuple[str, ...], default: str) -> str:
    return value if isinstance(value, str) and value in allowed else default


def _table(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def _text(value: object, default: str, rule: TextRule) -> str:
    # As the check reads it: the length first (a huge value costs nothing), then the rule.
    if isinstance(value, str) and len(value) <= rule.max_chars and rule.problem(value) is None:
        return value
    return default


def _bool(value: object, default: bool) -> bool:
    return value if isinstance(value, bool) else default


def _int(value: object, bounds: tuple[int, int, int]) -> int:
    default, least, most = bounds
    if isinstance(value, int) and not isinstance(value, bool) and least <= value <= most:
        return value
    return default


def _span(value: object, default: str, *, empty_ok: bool) -> str:
    if empty_ok and value == "":
        return ""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            Span.parse(value)
            return value
    return default


def _zone(value: object) -> str:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            zone(value)
            return value
    return DEFAULT_ZONE


def _path(value: object, base: Path) -> Path | None:
    """As the config resolves a path: `~` expanded, relative to the config's folder; None
    for what the check refuses (a NUL or a line break would fail the first mkdir)."""
    if not isinstance(value, str) or not value.strip() or PATH_RULE.problem(value):
        return None
    path = Path(value)
    with contextlib.suppress(RuntimeError):  # no home directory to expand ~ against
        path = path.expanduser()
    return path if path.is_absolute() else base / path
