"""Tests of kiosk.config: loading, defaults, plain error messages, paths, the example file."""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs
import pytest
from pydantic import ValidationError

from kiosk.config import (
    CentralConfig,
    ConfigError,
    DocumentsConfig,
    HoursConfig,
    KioskConfig,
    PrinterConfig,
    StaffConfig,
    UIConfig,
    demo_config,
    hash_pin,
    load_config,
    verify_pin,
)
from kiosk.pins import MIN_ITERATIONS

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "config.example.toml"
UI_KEYS = (
    "idle_timeout_s, idle_countdown_s, finish_return_s, help_hold_s, read_aloud_engine, "
    "read_aloud_volume, languages, "
    "default_language, large_text, demo"
)
TOP_KEYS = (
    "terminal_number, hall_name, hall_name_en, hall_division, data_dir, catalog_dir, "
    "font_path, log_level, timezone, hours, central, printer, documents, ui, staff, "
    "id_card, scanner, signal_light"
)


def write(tmp_path: Path, text: str, name: str = "config.toml") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    return info.value.problems


# --- the example file ----------------------------------------------------------------------


def test_example_needs_a_terminal_number_as_shipped() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(EXAMPLE)
    assert info.value.problems == ["terminal_number: required; allowed: 1 to 12"]


def test_example_loads_once_terminal_number_is_set_and_shows_the_defaults(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count("# terminal_number = 1\n") == 1
    config = load_config(
        write(tmp_path, text.replace("# terminal_number = 1", "terminal_number = 7"))
    )
    assert config == KioskConfig(terminal_number=7)


@pytest.mark.parametrize(
    ("table", "model"),
    [
        ("", KioskConfig),
        ("central", CentralConfig),
        ("printer", PrinterConfig),
        ("documents", DocumentsConfig),
        ("hours", HoursConfig),
        ("ui", UIConfig),
        ("staff", StaffConfig),
    ],
)
def test_example_documents_every_key(table: str, model: type[KioskConfig]) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    if table:
        assert re.search(rf"^\[{table}(\.\w+)?\]$", text, re.MULTILINE), table
    for key in model.model_fields:
        if key in ("central", "printer", "documents", "hours", "ui", "staff"):
            continue
        if key in ("id_card", "scanner", "signal_light"):  # test_config_devices
            continue
        pattern = rf"^(# )?{key} = " if key != "pins" else r"^\[staff\.pins\]$"
        assert re.search(pattern, text, re.MULTILINE), f"{table}.{key} not in the example"


# --- defaults ------------------------------------------------------------------------------


def test_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "terminal_number = 4\n"))
    assert config.terminal_number == 4
    assert config.hall_name == "经开区政务服务中心"
    assert config.hall_name_en == "Economic Development Zone Government Service Center"
    assert config.data_dir is None
    assert config.catalog_dir is None
    assert config.log_level == "INFO"
    assert config.central == CentralConfig(url="", token="", ca_bundle=None, timeout_s=10.0)
    printer = config.printer
    assert (printer.connection, printer.profile, printer.paper_width_mm) == ("files", "gb18030", 80)
    assert (printer.output_dir, printer.usb_vendor_id, printer.usb_product_id) == (None,) * 3
    assert (printer.serial_port, printer.serial_baud) == (None, 9600)
    assert (printer.host, printer.port, printer.cups_queue) == (None, 9100, None)
    assert printer.device_path == Path("/dev/usb/lp0")
    assert printer.timeout_s == 5.0
    assert config.ui == UIConfig(
        idle_timeout_s=90,
        idle_countdown_s=30,
        languages=("zh_CN", "en_US"),
        default_language="zh_CN",
        large_text=False,
        demo=False,
    )
    assert config.staff.pins == {}
    platform_dir = Path(platformdirs.user_data_dir("declaration-kiosk", appauthor=False))
    assert config.resolved_data_dir() == platform_dir
    assert config.resolved_ticket_dir() == platform_dir / "tickets"


def test_resolved_dirs_follow_the_settings(tmp_path: Path) -> None:
    text = 'terminal_number = 2\ndata_dir = "d"\n[printer]\noutput_dir = "/srv/t"\n'
    config = load_config(write(tmp_path, text))
    assert config.resolved_data_dir() == tmp_path / "d"
    assert config.resolved_ticket_dir() == Path("/srv/t")
    config = load_config(write(tmp_path, 'terminal_number = 2\ndata_dir = "d"\n'))
    assert config.resolved_ticket_dir() == tmp_path / "d" / "tickets"


def test_a_full_valid_file(tmp_path: Path) -> None:
    text = """
terminal_number = 12
log_level = "DEBUG"
[central]
url = "https://central.example.cn/api/"
token = "s3cret"
timeout_s = 2.5
[printer]
connection = "usb"
profile = "image"
paper_width_mm = 58
usb_vendor_id = 0x0416
usb_product_id = 0x5011
[ui]
languages = ["en_US"]
default_language = "en_US"
large_text = true
idle_countdown_s = 20
"""
    config = load_config(write(tmp_path, text))
    assert config.terminal_number == 12
    assert config.central.timeout_s == 2.5
    assert (config.printer.usb_vendor_id, config.printer.usb_product_id) == (0x0416, 0x5011)
    assert config.printer.paper_width_mm == 58
    assert config.ui.languages == ("en_US",)
    assert config.ui.large_text is True


def test_config_is_frozen(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "terminal_number = 1\n"))
    with pytest.raises(ValidationError):
        config.terminal_number = 2  # type: ignore[misc]


# --- one bad value, one plain message --------------------------------------------------------

BAD = [
    ("terminal_number = 0", "terminal_number: 0 is out of range; allowed: 1 to 12"),
    ("terminal_number = 13", "terminal_number: 13 is out of range; allowed: 1 to 12"),
    (
        '[printer]\nprofile = "big5"',
        "printer.profile: 'big5' is not allowed; allowed: gb18030, gbk, image",
    ),
    (
        '[printer]\nconnection = "bluetooth"',
        "printer.connection: 'bluetooth' is not allowed; "
        "allowed: files, usb, serial, network, device, cups",
    ),
    (
        "[printer]\npaper_width_mm = 76",
        "printer.paper_width_mm: 76 is not allowed; allowed: 80, 58",
    ),
    (
        "[printer]\nserial_baud = 4800",
        "printer.serial_baud: 4800 is not allowed; allowed: 9600, 19200, 38400, 57600, 115200",
    ),
    (
        'log_level = "info"',
        "log_level: 'info' is not allowed; allowed: DEBUG, INFO, WARNING, ERROR",
    ),
    ("[printer]\nport = 0", "printer.port: 0 is out of range; allowed: 1 to 65535"),
    ("[printer]\ntimeout_s = 0.1", "printer.timeout_s: 0.1 is out of range; allowed: 0.5 to 60"),
    ("[central]\ntimeout_s = 121", "central.timeout_s: 121 is out of range; allowed: 1 to 120"),
    ("[ui]\nidle_timeout_s = 1000", "ui.idle_timeout_s: 1000 is out of range; allowed: 30 to 900"),
    ("[ui]\nidle_countdown_s = 10", "ui.idle_countdown_s: 10 is out of range; allowed: 20 to 120"),
    ('[printer]\nport = "9100"', "printer.port: expected an integer, got text '9100'"),
    ("[printer]\nport = 9100.0", "printer.port: expected an integer, got a number 9100"),
    ("terminal_number = true", None),
    ('[printer]\ntimeout_s = "5"', "printer.timeout_s: expected a number, got text '5'"),
    ('[ui]\nlarge_text = "yes"', "ui.large_text: expected true/false, got text 'yes'"),
    ("[ui]\ndemo = 1", "ui.demo: expected true/false, got an integer 1"),
    ('[ui]\nlanguages = "zh_CN"', "ui.languages: expected a list, got text 'zh_CN'"),
    ("hall_name = 5", "hall_name: expected text, got an integer 5"),
    ('hall_name = ""', "hall_name: must not be empty"),
    ("data_dir = 5", "data_dir: expected text (a path), got an integer"),
    ('data_dir = ""', "data_dir: must not be empty; leave the key out to use the default"),
    ("ui = 3", "ui: expected a table, got an integer 3"),
    (
        '[ui]\nlanguages = ["zh_CN", "fr_FR"]',
        "ui.languages[1]: 'fr_FR' is not allowed; allowed: zh_CN, en_US",
    ),
    (
        "[ui]\nlanguages = []",
        "ui.languages: must list at least one language; allowed: zh_CN, en_US",
    ),
    (
        '[ui]\nlanguages = ["en_US", "en_US"]\ndefault_language = "en_US"',
        "ui.languages: 'en_US' is listed more than once",
    ),
    (
        '[ui]\nlanguages = ["zh_CN"]\ndefault_language = "en_US"',
        "ui.default_language: 'en_US' is not in ui.languages (zh_CN)",
    ),
    (
        '[central]\nurl = "https://central.example.cn"',
        "central.token: required when central.url is set",
    ),
    (
        '[central]\nurl = "https://central.example.cn"\ntoken = "  "',
        "central.token: required when central.url is set",
    ),
    (
        '[printer]\nconnection = "serial"',
        'printer.serial_port: required when printer.connection = "serial"',
    ),
    (
        '[printer]\nconnection = "network"\nhost = ""',
        'printer.host: required when printer.connection = "network"',
    ),
    (
        '[printer]\nconnection = "cups"',
        'printer.cups_queue: required when printer.connection = "cups"',
    ),
    (
        "[printer]\nusb_vendor_id = 0x10000",
        "printer.usb_vendor_id: 65536 is out of range; allowed: 0 to 65535",
    ),
    (
        "[staff.pins]\nboss = []",
        "staff.pins.boss: unknown key 'boss'; allowed: attendant, technician, grid_leader",
    ),
    ("[staff]\npins = []", "staff.pins: expected a table, got a list"),
]


@pytest.mark.parametrize(("body", "expected"), BAD)
def test_bad_value_gives_one_plain_message(tmp_path: Path, body: str, expected: str | None) -> None:
    if not body.startswith("terminal_number"):
        body = "terminal_number = 1\n" + body
    found = problems(tmp_path, body + "\n")
    if expected is None:  # bool is not an integer
        expected = "terminal_number: expected an integer, got true/false true"
    assert found == [expected]


def test_misspelt_top_level_key(tmp_path: Path) -> None:
    found = problems(tmp_path, 'terminal_number = 1\nhall_nmae = "x"\n')
    assert found == [
        f"hall_nmae: unknown key; allowed keys at the top level: {TOP_KEYS}; "
        "did you mean 'hall_name'?"
    ]


def test_the_halls_division_is_a_district_code(tmp_path: Path) -> None:
    found = problems(tmp_path, 'terminal_number = 1\nhall_division = "22017"\n')
    assert len(found) == 1 and found[0].startswith("hall_division:")
    good = load_config(write(tmp_path, 'terminal_number = 1\nhall_division = "110105"\n'))
    assert good.hall_division == "110105"


def test_misspelt_key_in_a_table(tmp_path: Path) -> None:
    found = problems(tmp_path, "terminal_number = 1\n[ui]\nidel_timeout_s = 60\n")
    assert found == [
        f"ui.idel_timeout_s: unknown key; allowed keys in [ui]: {UI_KEYS}; "
        "did you mean 'idle_timeout_s'?"
    ]


def test_misspelt_table(tmp_path: Path) -> None:
    found = problems(tmp_path, "terminal_number = 1\n[printr]\nport = 1\n")
    assert len(found) == 1
    assert found[0].startswith("printr: unknown key; allowed keys at the top level:")
    assert found[0].endswith("did you mean 'printer'?")


def test_top_level_key_after_a_table_header_gets_a_hint(tmp_path: Path) -> None:
    found = problems(tmp_path, "[ui]\nlarge_text = true\nterminal_number = 3\n")
    assert found == [
        "terminal_number: required; allowed: 1 to 12",
        f"ui.terminal_number: unknown key; allowed keys in [ui]: {UI_KEYS}; "
        "top-level keys must come before the first [table] header",
    ]


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://central.example.cn/api", "central.example.cn"),
        ("http://192.168.1.10:8080", "192.168.1.10"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://LocalHost.example/", "localhost.example"),
    ],
)
def test_plain_http_to_a_non_loopback_host_is_refused(tmp_path: Path, url: str, host: str) -> None:
    found = problems(tmp_path, f'terminal_number = 1\n[central]\nurl = "{url}"\ntoken = "t"\n')
    assert found == [
        "central.url: TLS is required: use https://; plain http:// is allowed only for a "
        f"loopback host (127.0.0.0/8, localhost, ::1), not {host!r}"
    ]


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://127.8.9.10/", "http://LOCALHOST:8000/api", "http://[::1]:80"],
)
def test_plain_http_to_loopback_is_accepted_in_demo_mode(tmp_path: Path, url: str) -> None:
    central = f'[central]\nurl = "{url}"\ntoken = "t"\n'
    config = load_config(write(tmp_path, f"terminal_number = 1\n[ui]\ndemo = true\n{central}"))
    assert config.central.url == url
    assert problems(tmp_path, f"terminal_number = 1\n{central}") == [
        "central.url: plain http:// is allowed only in demo mode; use https://"
    ]


@pytest.mark.parametrize("url", ["ftp://central.example.cn", "https://", "central.example.cn"])
def test_url_needs_http_scheme_and_host(tmp_path: Path, url: str) -> None:
    found = problems(tmp_path, f'terminal_number = 1\n[central]\nurl = "{url}"\ntoken = "t"\n')
    assert found == [f"central.url: {url!r} must start with https:// (or http://) and name a host"]


def test_usb_without_ids_names_both_keys(tmp_path: Path) -> None:
    found = problems(tmp_path, 'terminal_number = 1\n[printer]\nconnection = "usb"\n')
    assert found == [
        'printer.usb_vendor_id: required when printer.connection = "usb"',
        'printer.usb_product_id: required when printer.connection = "usb"',
    ]


def test_plain_pin_instead_of_hash_says_use_hash_pin_and_does_not_echo_it(
    tmp_path: Path,
) -> None:
    found = problems(tmp_path, 'terminal_number = 1\n[staff.pins]\nattendant = ["480913"]\n')
    assert len(found) == 1
    assert found[0].startswith("staff.pins.attendant[0]: this looks like a plain PIN")
    assert "hash_pin" in found[0]
    assert "480913" not in found[0]


def test_malformed_pin_hash(tmp_path: Path) -> None:
    good = hash_pin("2468", iterations=MIN_ITERATIONS)
    body = f'terminal_number = 1\n[staff.pins]\ntechnician = ["{good}", "{good[:-2]}"]\n'
    found = problems(tmp_path, body)
    assert found == [
        "staff.pins.technician[1]: not a valid PIN hash (the hash must be 32 bytes in hex); "
        "make one with kiosk.pins.hash_pin (run `python -m kiosk.pins`)"
    ]


def test_pin_hashes_load_and_verify(tmp_path: Path) -> None:
    first, second = (hash_pin(p, iterations=MIN_ITERATIONS) for p in ("1357", "97531"))
    body = f'terminal_number = 1\n[staff.pins]\ngrid_leader = ["{first}", "{second}"]\n'
    config = load_config(write(tmp_path, body))
    assert config.staff.pins == {"grid_leader": (first, second)}
    assert verify_pin("97531", config.staff.pins["grid_leader"][1])
    assert not verify_pin("1357", config.staff.pins["grid_leader"][1])


def test_secret_values_are_not_echoed(tmp_path: Path) -> None:
    found = problems(tmp_path, "terminal_number = 1\n[central]\ntoken = 918273\n")
    assert found == ["central.token: expected text, got an integer"]


def test_all_problems_are_reported(tmp_path: Path) -> None:
    text = """terminal_number = 13
hall_nmae = "x"
[central]
url = "http://central.example.cn"
[printer]
profile = "big5"
[ui]
idle_countdown_s = 10
"""
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    err = info.value
    assert err.path == path
    keys = [p.split(":", 1)[0] for p in err.problems]
    assert sorted(keys) == sorted(
        ["terminal_number", "hall_nmae", "central.url", "printer.profile", "ui.idle_countdown_s"]
    )
    lines = str(err).splitlines()
    assert lines[0] == f"{path}: {err.problems[0]}"
    assert [line.strip() for line in lines[1:]] == err.problems[1:]


# --- reading the file ----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == ["config file not found"]
    assert str(info.value) == f"{path}: config file not found"


def test_a_folder_is_not_a_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert info.value.problems == ["is a folder, not a config file"]


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    found = problems(tmp_path, "terminal_number = 1\n\n[ui]\nlarge_text = yes\n")
    assert len(found) == 1
    assert found[0].startswith("TOML syntax error: ")
    assert "line 4" in found[0]


def test_non_utf8_bytes(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('terminal_number = 1\nhall_name = "政务服务中心"\n'.encode("gbk"))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert info.value.problems == ["line 2: not valid UTF-8 text; save the config file as UTF-8"]


def test_utf8_with_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes('\ufeffterminal_number = 5\nhall_name = "某某中心"\n'.encode())
    config = load_config(path)
    assert (config.terminal_number, config.hall_name) == (5, "某某中心")


# --- paths -----------------------------------------------------------------------------------


def test_relative_paths_are_resolved_against_the_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    text = """terminal_number = 1
data_dir = "data"
catalog_dir = "../catalog"
[central]
ca_bundle = "certs/ca.pem"
[printer]
output_dir = "out/tickets"
device_path = "lp"
"""
    folder = tmp_path / "etc"
    config = load_config(write(folder, text))
    assert config.data_dir == folder / "data"
    assert config.catalog_dir == folder / "../catalog"
    assert config.central.ca_bundle == folder / "certs/ca.pem"
    assert config.printer.output_dir == folder / "out/tickets"
    assert config.printer.device_path == folder / "lp"


def test_relative_config_path_still_gives_absolute_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "etc", 'terminal_number = 1\ndata_dir = "data"\n')
    monkeypatch.chdir(tmp_path)
    config = load_config(Path("etc/config.toml"))
    assert config.data_dir == tmp_path / "etc" / "data"


def test_absolute_and_home_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    text = f'terminal_number = 1\ndata_dir = "{tmp_path / "abs"}"\ncatalog_dir = "~/catalog"\n'
    config = load_config(write(tmp_path / "etc", text))
    assert config.data_dir == tmp_path / "abs"
    assert config.catalog_dir == tmp_path / "home" / "catalog"


# --- demo and error type -----------------------------------------------------------------------


def test_demo_config(tmp_path: Path) -> None:
    config = demo_config(tmp_path)
    assert config.terminal_number == 1
    assert config.ui.demo is True
    assert config.printer.connection == "files"
    assert config.resolved_data_dir() == tmp_path
    assert config.resolved_ticket_dir() == tmp_path / "tickets"
    assert config.central == CentralConfig()
    assert config.ui.model_copy(update={"demo": False}) == UIConfig()
    assert config.model_copy(
        update={
            "data_dir": None,
            "printer": PrinterConfig(),
            "ui": UIConfig(),
            "id_card": None,
            "signal_light": None,
        }
    ) == KioskConfig(terminal_number=1)


def test_config_error_str_lists_every_problem(tmp_path: Path) -> None:
    err = ConfigError(tmp_path / "c.toml", ["a: one", "b: two", "c: three"])
    assert str(err) == f"{tmp_path / 'c.toml'}: a: one\n  b: two\n  c: three"
    assert err.problems == ["a: one", "b: two", "c: three"]


# --- PIN helpers as exported here (see test_pins.py for the details) ---------------------------


def test_hash_pin_round_trip() -> None:
    encoded = hash_pin("0420", iterations=MIN_ITERATIONS)
    assert verify_pin("0420", encoded)
    assert not verify_pin("0421", encoded)
    assert not verify_pin("0420", "pbkdf2_sha256$oops")


def test_qr_url_template_must_hold_the_reference(tmp_path: Path) -> None:
    found = problems(tmp_path, 'terminal_number = 1\n[printer]\nqr_url_template = "https://x/"\n')
    assert found[0].startswith("printer.qr_url_template: must be an http(s) URL containing")
    bad_brace = 'terminal_number = 1\n[printer]\nqr_url_template = "https://x/{ref}{reference}"\n'
    assert problems(tmp_path, bad_brace)[0].startswith("printer.qr_url_template:")
    good = 'terminal_number = 1\n[printer]\nqr_url_template = "https://x/p?r={reference}"\n'
    assert load_config(write(tmp_path, good)).printer.qr_url_template.endswith("{reference}")


# --- time zone and opening hours ------------------------------------------------------------


def test_the_hall_time_zone_is_checked_by_name(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "terminal_number = 1\n")).timezone == "Asia/Shanghai"
    ok = load_config(write(tmp_path, 'terminal_number = 1\ntimezone = "Asia/Urumqi"\n'))
    assert ok.timezone == "Asia/Urumqi"
    with pytest.raises(ConfigError) as e:
        load_config(write(tmp_path, 'terminal_number = 1\ntimezone = "Asia/Beijing"\n'))
    assert e.value.problems == [
        "timezone: unknown time zone 'Asia/Beijing' (an IANA name such as Asia/Shanghai or UTC)"
    ]


def test_opening_hours_are_checked_spans(tmp_path: Path) -> None:
    cfg = load_config(
        write(tmp_path, 'terminal_number = 1\n[hours]\nweekdays = "08:30-17:30"\nsaturday = ""\n')
    )
    assert (
        str(cfg.hours.opening_hours().describe())
        == "办公时间：周一至周五 8:30-17:30（法定节假日除外）"
    )
    for bad, why in (
        ("9:00-17:00", "is not a time span like 09:00-17:00"),
        ("17:00-09:00", "the closing time must come after the opening time"),
    ):
        with pytest.raises(ConfigError) as e:
            load_config(write(tmp_path, f'terminal_number = 1\n[hours]\nweekdays = "{bad}"\n'))
        assert why in e.value.problems[0] and e.value.problems[0].startswith("hours.weekdays")
