"""`kiosk provision`: a one-time code exchanged over TLS with the real central server on
loopback (its certificate from a throwaway CA), the config written, the downloads
installed, the test ticket printed to the files printer. Every refusal leaves the old
config byte for byte; the token is never in a log record or a printed line.
"""

from __future__ import annotations

import argparse
import http.server
import json
import logging
import os
import ssl
import stat
import threading
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import ClassVar

import httpx
import pytest
import trustme
from sqlalchemy import func, select

from central import admin, enrolment
from central.app import create_app
from central.db import Database
from central.serve import ServerThread
from central.state import ServerState
from kiosk.config import load_config
from kiosk.provision import (
    CentralKeys,
    ProvisionResult,
    edit_config,
    normalise_code,
    provision,
    toml_string,
)
from kiosk.provision_cli import print_test, run
from kiosk.resources import resource_path
from kiosk.staff.accounts import installed_version
from kiosk.store.database import Store
from kiosk.store.models import StaffAccount
from kiosk.sync.files import current_pointer, stored_calendar

PIN = "583920"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def hall_ca() -> trustme.CA:
    return trustme.CA(organization_name="Hall test CA")


@pytest.fixture
def ca_file(tmp_path: Path, hall_ca: trustme.CA) -> Path:
    path = tmp_path / "etc" / "hall-ca.pem"
    path.parent.mkdir(parents=True, exist_ok=True)
    hall_ca.cert_pem.write_to_path(str(path))
    return path


class Central:
    def __init__(self, db: Database, server: ServerThread, clock: Clock) -> None:
        self.db, self.server, self.clock = db, server, clock
        self.url = server.base_url

    def code(self, number: int = 7) -> str:
        return enrolment.issue(self.db, number, self.clock(), "test").shown


@pytest.fixture
def central(tmp_path: Path, hall_ca: trustme.CA) -> Iterator[Central]:
    cert = hall_ca.issue_cert("127.0.0.1", "localhost")
    chain, key = tmp_path / "server.pem", tmp_path / "server.key"
    cert.private_key_pem.write_to_path(str(key))
    with chain.open("wb") as f:
        for blob in cert.cert_chain_pems:
            f.write(blob.bytes())
    db = Database(f"sqlite:///{tmp_path / 'central.db'}")
    now = datetime.now(UTC)
    admin.import_catalog(db, resource_path("catalog"), now)
    calendar = tmp_path / "calendar.json"
    days = {"2027-01-01": {"kind": "holiday", "name": "元旦"}}
    calendar.write_text(json.dumps({"version": "2027-1", "years": [2027], "days": days}))
    admin.import_calendar(db, calendar, now)
    admin.add_staff(db, "li.tech", "李技术", "technician", None, now, pin=PIN)
    clock = Clock()
    server = ServerThread(create_app(ServerState(db, clock=clock)), tls=(chain, key)).start()
    yield Central(db, server, clock)
    server.stop(force=True)
    db.close()


EXISTING = """\
# 3号厅的终端 (kept: comments stay)
terminal_number = 3
hall_name = "测试政务服务中心"
data_dir = "data"

[central]
# the old server
url = "https://old-central.example.cn"
token = "old-token-that-was-revoked-long-ago"
timeout_s = 7

[printer]
connection = "files"
output_dir = "tickets"

[ui]
idle_timeout_s = 120
"""


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "etc" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(EXISTING, encoding="utf-8")
    return path


def provisioned(central: Central, config_path: Path, ca: Path | None, code: str) -> ProvisionResult:
    return provision(
        central.url,
        code,
        config_path=config_path,
        ca_bundle=ca,
        timeout_s=5,
        print_test=print_test,
    )


def test_a_terminal_is_provisioned_end_to_end(
    central: Central,
    config_path: Path,
    ca_file: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    code = central.code(7)
    args = argparse.Namespace(config=config_path, central=central.url, code=code, ca=ca_file)
    assert run(args) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 8, out  # check, exchange, config, 3 downloads, ticket, done
    assert all(" / " in line for line in lines)
    assert all(line.startswith("✓") for line in lines[:7])

    assert stat.S_IMODE(os.stat(config_path).st_mode) == 0o600
    config = load_config(config_path)
    assert config.terminal_number == 7  # the code's, not the old 3
    assert (config.central.url, config.central.ca_bundle) == (central.url, ca_file)
    assert config.central.timeout_s == 7 and config.ui.idle_timeout_s == 120  # kept
    assert config.hall_name == "测试政务服务中心"
    text = config_path.read_text("utf-8")
    assert "# 3号厅的终端 (kept: comments stay)" in text and "# the old server" in text
    token = config.central.token
    assert token not in out and token not in caplog.text
    assert token not in capsys.readouterr().err
    with httpx.Client(verify=ssl.create_default_context(cafile=ca_file)) as c:
        answer = c.get(f"{central.url}/api/v1/queue", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200

    data_dir = config.resolved_data_dir()
    assert data_dir == config_path.parent / "data"
    pointer = current_pointer(data_dir)
    assert pointer is not None and pointer.version
    calendar = stored_calendar(data_dir)
    assert calendar is not None and calendar.calendar.version == "2027-1"
    store = Store(data_dir / "kiosk.db")
    try:
        with store.session() as s:
            assert installed_version(s)
            assert s.scalar(select(func.count()).select_from(StaffAccount)) == 1
    finally:
        store.close()
    tickets = list((config_path.parent / "tickets").iterdir())
    assert tickets, "no test ticket in the files printer's folder"


def test_a_new_config_is_written_minimal_and_loadable(
    central: Central, tmp_path: Path, ca_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "etc" / "new" / "config.toml"
    result = provision(central.url, central.code(2), config_path=path, ca_bundle=ca_file)
    assert [s.name for s in result.steps if not s.ok] == ["test_ticket"]  # none given
    assert result.config_written and result.terminal == 2
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    config = load_config(path)
    assert config.terminal_number == 2 and config.central.url == central.url
    assert current_pointer(tmp_path / "xdg" / "declaration-kiosk") is not None


def test_enrolling_again_replaces_the_token(
    central: Central, config_path: Path, ca_file: Path
) -> None:
    assert provisioned(central, config_path, ca_file, central.code(7)).ok
    first = load_config(config_path).central.token
    assert provisioned(central, config_path, ca_file, central.code(7)).ok
    second = load_config(config_path).central.token
    assert first != second
    with httpx.Client(verify=ssl.create_default_context(cafile=ca_file), base_url=central.url) as c:
        old = c.get("/api/v1/queue", headers={"Authorization": f"Bearer {first}"})
        new = c.get("/api/v1/queue", headers={"Authorization": f"Bearer {second}"})
    assert (old.status_code, new.status_code) == (401, 200)


def refused(result: ProvisionResult, step: str) -> str:
    assert not result.ok and not result.config_written
    failed = [s for s in result.steps if not s.ok]
    assert [s.name for s in failed] == [step], result.steps
    return failed[0].console()


def test_wrong_used_and_expired_codes_leave_the_config_untouched(
    central: Central, config_path: Path, ca_file: Path
) -> None:
    before = config_path.read_bytes()
    line = refused(provisioned(central, config_path, ca_file, "K7QM-3XPA"), "exchange")
    assert "登记码不正确" in line and "wrong" in line

    code = central.code(7)
    enrolment.redeem(central.db, code, central.clock())  # someone was quicker
    line = refused(provisioned(central, config_path, ca_file, code), "exchange")
    assert "已使用" in line and "used already" in line

    code = central.code(7)
    central.clock.now += timedelta(hours=25)
    line = refused(provisioned(central, config_path, ca_file, code), "exchange")
    assert "过期" in line and "expired" in line
    assert config_path.read_bytes() == before
    assert [p.name for p in config_path.parent.iterdir() if p.name.startswith(".")] == []


def test_an_untrusted_certificate_and_an_unreachable_server_are_told_apart(
    central: Central, config_path: Path, ca_file: Path
) -> None:
    before = config_path.read_bytes()
    code = central.code(7)
    line = refused(provisioned(central, config_path, None, code), "exchange")
    assert "TLS" in line and "--ca" in line
    port = central.server.port
    central.server.stop(force=True)
    result = provision(
        f"https://127.0.0.1:{port}", code, config_path=config_path, ca_bundle=ca_file
    )
    line = refused(result, "exchange")
    assert "无法连接" in line and "cannot be reached" in line
    assert config_path.read_bytes() == before


@pytest.mark.parametrize(
    ("url", "code", "ca", "words"),
    [
        ("http://central.example.cn", "K7QM-3XPA", None, "TLS is required"),
        ("ftp://127.0.0.1", "K7QM-3XPA", None, "https://"),
        ("https://127.0.0.1:1", "K7QM-3XP0", None, "not an enrolment code"),
        ("https://127.0.0.1:1", "", None, "not an enrolment code"),
        ("https://127.0.0.1:1", "K7QM-3XPA", "missing.pem", "not found"),
        ("https://127.0.0.1:1", "K7QM-3XPA", "config.toml", "not a CA certificate"),
    ],
    ids=["plain-http", "ftp", "zero-in-code", "empty-code", "no-ca-file", "ca-not-pem"],
)
def test_bad_input_is_refused_before_any_network(
    config_path: Path, url: str, code: str, ca: str | None, words: str
) -> None:
    before = config_path.read_bytes()
    ca_path = config_path.parent / ca if ca else None
    line = refused(provision(url, code, config_path=config_path, ca_bundle=ca_path), "check")
    assert words in line
    assert config_path.read_bytes() == before


def test_a_config_it_cannot_edit_is_refused_before_the_code_is_spent(
    tmp_path: Path, central: Central, ca_file: Path
) -> None:
    path = tmp_path / "etc" / "config.toml"
    path.write_text('terminal_number = 3\ncentral.url = ""\n', encoding="utf-8")
    code = central.code(7)
    line = refused(provisioned(central, path, ca_file, code), "check")
    assert "[central]" in line
    path.write_text("terminal_number = 3\n[printer]\nconnection = 'usb'\n", encoding="utf-8")
    line = refused(provisioned(central, path, ca_file, code), "check")
    assert "usb_vendor_id" in line  # the file would not load: said before the exchange
    assert provisioned(central, path.with_name("other.toml"), ca_file, code).config_written


# --- a hostile server ----------------------------------------------------------------------


class Hostile(http.server.BaseHTTPRequestHandler):
    """Answers every POST with `answer` (set by each test; one test at a time)."""

    answer: ClassVar[tuple[int, bytes, dict[str, str]]] = (500, b"", {})

    def do_POST(self) -> None:
        status, body, headers = self.answer
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hostile() -> Iterator[tuple[str, http.server.ThreadingHTTPServer]]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("status", "body", "headers", "words"),
    [
        (500, b'{"detail": "boom"}', {}, "failed"),
        (200, b"not json", {}, "cannot be used"),
        (200, b'{"terminal": 7}', {}, "token"),
        (200, b'{"terminal": 13, "token": "' + b"a" * 43 + b'"}', {}, "terminal"),
        (200, b'{"terminal": true, "token": "' + b"a" * 43 + b'"}', {}, "terminal"),
        (200, b'{"terminal": 7, "token": "a\\nb' + b"a" * 40 + b'"}', {}, "token"),
        (200, b"[" * 20_000 + b"]" * 20_000, {}, "at most 16384 bytes"),
        (404, b'{"detail": "Not Found"}', {}, "no enrolment"),
        (429, b"{}", {"Retry-After": "120"}, "2 min"),
        (418, b"", {}, "418"),
    ],
    ids=[
        "5xx",
        "not-json",
        "no-token",
        "bad-number",
        "bool-number",
        "token-with-newline",
        "huge",
        "not-central",
        "throttled",
        "teapot",
    ],
)
def test_a_hostile_answer_is_refused_and_nothing_is_written(
    tmp_path: Path,
    hostile: tuple[str, http.server.ThreadingHTTPServer],
    status: int,
    body: bytes,
    headers: dict[str, str],
    words: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, _server = hostile
    monkeypatch.setattr(Hostile, "answer", (status, body, headers))
    path = tmp_path / "config.toml"
    path.write_text("terminal_number = 3\n[ui]\ndemo = true\n", encoding="utf-8")  # http: demo
    before = path.read_bytes()
    line = refused(provision(url, "K7QM-3XPA", config_path=path, ca_bundle=None), "exchange")
    assert words in line
    assert path.read_bytes() == before


# --- the config editor ----------------------------------------------------------------------


def test_toml_strings_are_escaped() -> None:
    for value in ['a"b', "c:\\path\\x", "tab\there", "中文", "\x7f", ""]:
        assert tomllib.loads(f"k = {toml_string(value)}")["k"] == value


def test_the_editor_sets_the_keys_and_keeps_the_rest() -> None:
    keys = CentralKeys(5, "https://c.example", "t" * 43, None)
    text = edit_config('hall_name = "H"\n[central]\nca_bundle = "old.pem"\nurl = "x"', keys)
    data = tomllib.loads(text)
    assert data == {
        "hall_name": "H",
        "terminal_number": 5,
        "central": {"url": "https://c.example", "token": "t" * 43},
    }
    no_table = tomllib.loads(edit_config("[printer]\nconnection = 'files'\n", keys))
    assert no_table["central"]["url"] == "https://c.example" and no_table["terminal_number"] == 5
    assert no_table["printer"] == {"connection": "files"}


def test_a_code_is_read_with_or_without_its_dash_or_qr_prefix() -> None:
    assert normalise_code(" k7qm-3xpa ") == "K7QM3XPA"
    assert normalise_code("KIOSK-ENROL:K7QM3XPA") == "K7QM3XPA"
    assert normalise_code("K7QM-3XPI") is None  # I is not in the alphabet
    assert normalise_code("K" * 100_000) is None
