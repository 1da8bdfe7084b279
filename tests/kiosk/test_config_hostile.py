"""A hostile config file always gets an answer: the config, or a ConfigError naming the
file, the key and the limit; never a traceback, and the first frame's peek never raises.

The defects this guards against: a line break or a control character in the hall's name
or the ticket's notice was accepted and then broke every ticket; TOML nested a few
hundred levels deep raised RecursionError from `kiosk --config`; a QR template with
``{reference[x]}`` crashed the loader and ``{reference:>5000}`` made a QR no paper holds.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk import display
from kiosk.config import HEADING, MAX_CONFIG_BYTES, ConfigError, KioskConfig, load_config
from kiosk.display import Display, peek
from kiosk.resources import resource_path
from kiosk.text import NAME, NOTICE
from tests.kiosk.toml_mutations import WRONG_VALUES, mutated, places, replaced, to_toml

EXAMPLE = resource_path("config.example.toml")
KIOSK = Path(sys.executable).with_name("kiosk")
BASE = "terminal_number = 1\n"


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "config.toml"
    if isinstance(text, str):
        text = text.encode("utf-8", "surrogatepass")
    path.write_bytes(text)
    return path


def refusal(tmp_path: Path, text: str | bytes) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value.problems


def _toml_string(value: str) -> str:
    return (
        '"' + "".join(c if c.isalnum() or c in " -·." else f"\\u{ord(c):04x}" for c in value) + '"'
    )


# --- texts that reach a screen or a ticket -----------------------------------------------

BAD_CHARS = ["\n", "\r", "\t", "\x1c", "\x1d", "\x1f", "\x85", "\u2028", "\u2029", "\u202e"]


@pytest.mark.parametrize("ch", BAD_CHARS, ids=[f"U+{ord(c):04X}" for c in BAD_CHARS])
@pytest.mark.parametrize(
    ("table", "key", "rule"),
    [
        ("", "hall_name", "at most 40 characters, one line"),
        ("", "hall_name_en", "at most 80 characters, one line"),
        ("printer", "notice", "at most 300 characters, at most 8 lines"),
    ],
)
def test_a_control_character_in_a_shown_text_is_refused_naming_key_and_limit(
    tmp_path: Path, ch: str, table: str, key: str, rule: str
) -> None:
    if ch == "\n" and key == "notice":
        pytest.skip("the notice may hold line breaks")
    line = f"{key} = {_toml_string('经开区' + ch + '中心')}\n"
    text = BASE + (f"[{table}]\n{line}" if table else line)
    (problem,) = refusal(tmp_path, text)
    dotted = f"{table}.{key}" if table else key
    assert problem.startswith(f"{dotted}: ") and "at character 4 is not allowed" in problem
    assert f"({rule})" in problem


def test_the_issues_example_message(tmp_path: Path) -> None:
    assert refusal(tmp_path, BASE + 'hall_name = "经开区\\n政务服务中心"\n') == [
        "hall_name: a line break at character 4 is not allowed (at most 40 characters, one line)"
    ]


def test_a_huge_hall_name_is_refused_by_its_length(tmp_path: Path) -> None:
    assert refusal(tmp_path, BASE + 'hall_name = "' + "中" * 50_000 + '"\n') == [
        "hall_name: 50000 characters is too long (at most 40 characters, one line)"
    ]


def test_the_notice_may_have_lines_within_its_rule(tmp_path: Path) -> None:
    ok = load_config(
        write(tmp_path, BASE + '[printer]\nnotice = "过号请重新取号\\n请妥善保管本票"\n')
    )
    assert ok.printer.notice == "过号请重新取号\n请妥善保管本票"
    (problem,) = refusal(tmp_path, BASE + '[printer]\nnotice = "' + "a\\n" * 9 + 'a"\n')
    assert (
        problem == "printer.notice: 10 lines is too many (at most 300 characters, at most 8 lines)"
    )


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ('[central]\nurl = "https://h\\u001b[2J.example"\ntoken = "t"', "central.url"),
        ('[central]\nurl = "https://h.example"\ntoken = "se\\u0000cret"', "central.token"),
        ('[printer]\nconnection = "network"\nhost = "10.0.0.1\\n"', "printer.host"),
        ('[printer]\nconnection = "cups"\ncups_queue = "q\\u001c"', "printer.cups_queue"),
        ('[documents]\ncups_queue = "q\\u2029"', "documents.cups_queue"),
        ('data_dir = "/srv/\\u001bkiosk"', "data_dir"),
    ],
)
def test_every_other_string_is_one_line_without_controls(
    tmp_path: Path, line: str, key: str
) -> None:
    found = refusal(tmp_path, BASE + line + "\n")
    assert any(p.startswith(f"{key}: ") and "is not allowed" in p for p in found), found
    assert all("secret" not in p for p in found)  # a token is never repeated


# --- nesting, size, bytes ----------------------------------------------------------------

DEEP = {
    "arrays": "x = " + "[" * 400 + "]" * 400,
    "inline tables": "x = " + "{a = " * 400 + "1" + "}" * 400,
    "mixed": "[ui]\nlanguages = " + "[{a = " * 300 + "1" + "}]" * 300,
    "dotted headers": "[" + ".".join(["a"] * 400) + "]",
    "dotted keys": ".".join(["a"] * 400) + " = 1",
}


@pytest.mark.parametrize("body", DEEP.values(), ids=list(DEEP))
def test_deep_nesting_is_refused_without_recursion(tmp_path: Path, body: str) -> None:
    (problem,) = refusal(tmp_path, BASE + body + "\n")
    assert "nested more than 24 levels deep" in problem
    assert peek(tmp_path / "config.toml") is None  # no first frame: the check refuses it


@pytest.mark.parametrize(
    ("body", "command"),
    [
        (DEEP["arrays"], []),  # the touch interface's start: peek gives up, the check refuses
        (DEEP["inline tables"], ["outbox"]),
        ('hall_name = "a\\u001cb"', ["outbox"]),  # `outbox` checks before any window
    ],
)
def test_kiosk_config_prints_the_bilingual_heading_and_exits_2(
    tmp_path: Path, body: str, command: list[str]
) -> None:
    path = write(tmp_path, BASE + body + "\n")
    out = subprocess.run(
        [str(KIOSK), "--config", str(path), *command],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert out.returncode == 2, out.stderr
    assert out.stderr.startswith(f"{HEADING}:\n{path}: ")
    assert "配置" in HEADING and "Configuration" in HEADING
    assert "Traceback" not in out.stderr


def test_a_file_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    body = BASE + "# " + "x" * MAX_CONFIG_BYTES + "\n"
    assert refusal(tmp_path, body) == ["the file is larger than 256 KiB; is it the right file?"]
    assert peek(tmp_path / "config.toml") is None


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\x01\x02\xff\xfe binary",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        "terminal_number = 1\nhall_name = '政务'\n".encode("utf-16"),
        b"terminal_number = " + b"9" * 5000,
        b"terminal_number = 1e400",
        b'terminal_number = 1\nhall_name = "\\ud800"',
        b"\xef\xbb\xbf\xef\xbb\xbfterminal_number = 1",
    ],
)
def test_garbage_gets_a_message_naming_the_file(tmp_path: Path, raw: bytes) -> None:
    path = write(tmp_path, raw)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert str(info.value).startswith(f"{path}: ")
    peek(path)  # never raises


# --- the QR template -----------------------------------------------------------------------

QR = BASE + "[printer]\n"


@pytest.mark.parametrize(
    "template",
    [
        "https://h.example/{reference[x]}",
        "https://h.example/{reference.x}",
        "https://h.example/{reference:>5000}",
        "https://h.example/{reference!r}",
        "https://h.example/{reference}{reference}",
        "https://h.example/{}",
        "https://h.example/{0}",
        "https://h.example/{ref}",
        "https://h.example/{ reference }",
        "https://h.example/{reference",
        "https://h.example/reference}",
        "https://h.example/{{reference}}",
        "ftp://h.example/{reference}",
        "{reference}",
    ],
)
def test_the_qr_template_takes_exactly_reference(tmp_path: Path, template: str) -> None:
    (problem,) = refusal(tmp_path, QR + f"qr_url_template = '{template}'\n")
    assert problem.startswith("printer.qr_url_template: must be an http(s) URL containing")


def test_literal_braces_stay_allowed(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, QR + "qr_url_template = 'https://h/{{x}}?r={reference}'"))
    assert config.printer.qr_url_template.format(reference="R1") == "https://h/{x}?r=R1"


def test_a_url_whose_qr_would_not_fit_the_paper_is_refused(tmp_path: Path) -> None:
    # 253 bytes with the longest reference: version 12 holds 287, so 58 mm takes it...
    template = "https://h.example/" + "p" * 200 + "?r={reference}"
    for width in (80, 58):
        load_config(
            write(tmp_path, QR + f"paper_width_mm = {width}\nqr_url_template = '{template}'")
        )
    # ...and 60 bytes more is too much for 58 mm (largest QR version 12) but not 80 mm.
    template = "https://h.example/" + "p" * 260 + "?r={reference}"
    load_config(write(tmp_path, QR + f"qr_url_template = '{template}'"))
    (problem,) = refusal(tmp_path, QR + f"paper_width_mm = 58\nqr_url_template = '{template}'")
    assert problem == (
        "printer.qr_url_template: too long for a QR code on 58 mm paper: with the longest "
        "reference (32 characters) the URL has 313 bytes, at most 287 fit (QR version 12, "
        "error correction M); shorten the URL"
    )


# --- the first frame -----------------------------------------------------------------------


def test_peek_shows_the_default_for_a_hall_name_the_check_refuses(tmp_path: Path) -> None:
    for value in ['"a\\nb"', '"a\\u001cb"', '"' + "x" * 100 + '"', "5", "[1]", '"  "']:
        shown = peek(write(tmp_path, BASE + f"hall_name = {value}\nhall_name_en = {value}\n"))
        assert shown is not None
        assert (shown.hall_name, shown.hall_name_en) == (
            display.DEFAULT_HALL_NAME,
            display.DEFAULT_HALL_NAME_EN,
        )


@pytest.mark.parametrize("key", ["data_dir", "font_path"])
def test_peek_takes_no_path_the_check_refuses(tmp_path: Path, key: str) -> None:
    # The first frame opens the log folder under data_dir before the check runs: a NUL
    # there raised ValueError out of mkdir.
    for value in ['"/srv/a\\u0000b"', '"/srv/a\\nb"', '"/srv/' + "x" * 1001 + '"']:
        path = write(tmp_path, BASE + f"{key} = {value}\n")
        shown = peek(path)
        assert shown is not None
        if key == "data_dir":
            assert shown.data_dir == display.default_data_dir()
        else:
            assert shown.font_path is None
        (problem,) = refusal(tmp_path, BASE + f"{key} = {value}\n")
        assert problem.startswith(f"{key}: ")


def _answers(path: Path) -> KioskConfig | None:
    """load_config's answer: the config, or None for a ConfigError naming the file."""
    try:
        return load_config(path)
    except ConfigError as e:
        assert str(e).startswith(f"{path}: "), str(e)
        assert e.problems and all(isinstance(p, str) and p for p in e.problems)
        assert all(len(p) < 2000 for p in e.problems)  # a hostile value is not repeated
        return None


def _peeks(path: Path, config: KioskConfig | None) -> None:
    shown = peek(path)
    assert shown is None or isinstance(shown, Display)
    if config is not None and shown is not None:
        assert shown == Display.of(config)


# --- fuzzing -------------------------------------------------------------------------------


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(raw=mutated(BASE.encode() + EXAMPLE.read_bytes()))
def test_mutations_of_the_example_config_always_get_an_answer(tmp_path: Path, raw: bytes) -> None:
    path = write(tmp_path, raw)
    _peeks(path, _answers(path))


def _example() -> dict[str, Any]:
    """The example config's values, with the terminal number it leaves to be set."""
    return {"terminal_number": 1, **tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))}


def test_the_example_config_loads_and_so_does_its_emitted_copy(tmp_path: Path) -> None:
    example = load_config(write(tmp_path, BASE + EXAMPLE.read_text(encoding="utf-8")))
    copy = load_config(write(tmp_path, to_toml(_example())))
    assert copy.printer == example.printer and copy.hall_name == example.hall_name


@pytest.mark.parametrize("where", list(places(_example())), ids=str)
def test_a_wrong_value_at_any_key_gets_a_message(
    tmp_path: Path, where: tuple[str | int, ...]
) -> None:
    for value in WRONG_VALUES:
        path = write(tmp_path, to_toml(replaced(_example(), where, value)))
        config = _answers(path)
        _peeks(path, config)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    text=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"])
        | st.sampled_from(BAD_CHARS),
        max_size=120,
    )
)
def test_any_hall_name_is_loaded_as_written_or_refused(text: str) -> None:
    data = {"terminal_number": 1, "hall_name": text, "printer": {"notice": text}}
    try:
        config = KioskConfig.model_validate(data)
    except ValueError:
        return
    assert config.hall_name == text and NAME.problem(text) is None
    assert NOTICE.problem(config.printer.notice) is None


def test_a_pipe_or_a_device_is_refused_without_blocking(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "config.toml"
    os.mkfifo(fifo)  # reading it would block until a writer comes
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ConfigError) as info:
            load_config(path)
        assert info.value.problems == [
            "is not a regular file (a device or a pipe?), not a config file"
        ]
        assert peek(path) is None
