"""The first frame's values, read before the config's check, are the check's own values
for every valid file, and a harmless default for any invalid one (which the check then
refuses). Nothing of it imports pydantic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk import display
from kiosk.config import demo_config, load_config
from kiosk.display import Display

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "resources" / "config.example.toml"

VALID = [
    "terminal_number = 4\n",
    'terminal_number = 12\nhall_name = "高新区政务服务中心"\nhall_name_en = "Hi-Tech Zone Centre"\n'
    'data_dir = "var/kiosk"\nfont_path = "~/fonts/wqy.ttc"\nlog_level = "DEBUG"\n'
    'timezone = "Asia/Urumqi"\n[hours]\nweekdays = "08:30-17:30"\nsaturday = ""\n'
    '[central]\nurl = "https://hall.example"\ntoken = "t"\n'
    '[ui]\nlanguages = ["en_US", "zh_CN"]\ndefault_language = "en_US"\nlarge_text = true\n'
    "idle_timeout_s = 300\nidle_countdown_s = 20\nfinish_return_s = 60\ndemo = true\n",
    'terminal_number = 1\ndata_dir = "/srv/kiosk"\n[ui]\nlanguages = ["zh_CN"]\n',
]


@pytest.mark.parametrize("text", VALID)
def test_a_valid_file_shows_what_its_check_says(tmp_path: Path, text: str) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    assert display.peek(path) == Display.of(load_config(path))


def test_the_example_config_shows_what_its_check_says(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace("# terminal_number = 1", "terminal_number = 7"),
        encoding="utf-8",
    )
    assert display.peek(path) == Display.of(load_config(path))


def test_the_demo_shows_what_its_config_says(tmp_path: Path) -> None:
    assert display.demo(tmp_path / "demo") == Display.of(demo_config(tmp_path / "demo"))


def test_invalid_values_show_defaults_for_the_moment_before_the_check(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(
        'terminal_number = "7"\nhall_name = 3\ntimezone = "Mars/Base"\nlog_level = "LOUD"\n'
        '[hours]\nweekdays = "9-5"\n[ui]\nlanguages = ["fr_FR"]\nidle_timeout_s = 5\n'
        "large_text = 1\n",
        encoding="utf-8",
    )
    shown = display.peek(path)
    assert shown is not None
    assert (shown.terminal_number, shown.hall_name, shown.timezone, shown.log_level) == (
        0,
        display.DEFAULT_HALL_NAME,
        "Asia/Shanghai",
        "INFO",
    )
    assert (shown.weekdays, shown.languages, shown.idle_timeout_s, shown.large_text) == (
        display.DEFAULT_WEEKDAYS,
        display.LANGUAGES,
        90,
        False,
    )


@pytest.mark.parametrize(
    "raw", [b"terminal_number = [", b"\xff\xfe not utf-8", b"a = " + b"[" * 5000 + b"]" * 5000]
)
def test_a_file_that_is_not_toml_is_not_peeked(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(raw)
    assert display.peek(path) is None  # checked (and refused) before any window
    assert display.peek(tmp_path / "missing.toml") is None


def test_the_first_frame_needs_no_pydantic() -> None:
    code = (
        "import sys; from kiosk import display; import ui.app; "
        "assert 'pydantic' not in sys.modules, sorted(m for m in sys.modules if 'pydantic' in m)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
