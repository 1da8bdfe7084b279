"""`TerminalDiagnostics` on a real Terminal (real store file, the demo's files printer or
the fake network printer, the stub central server on loopback, a loopback TLS server):
the figures' keys and states, the actions' Futures, the heartbeat's fields."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import trustme

from kiosk.catalog.loader import Catalog
from kiosk.config import CentralConfig, DocumentsConfig, KioskConfig, PrinterConfig, demo_config
from kiosk.diagnostics.collect import ScreenInfo, TerminalDiagnostics
from kiosk.diagnostics.figures import Figure, State
from kiosk.diagnostics.runs import RunRecord
from kiosk.protocol.events import Heartbeat
from kiosk.store.outbox import add_event, mark_dead
from kiosk.terminal import Terminal
from printer.fonts import find_cjk_font
from tests.kiosk.diagnostics.tls_server import TlsServer
from tests.kiosk.sync.stub_central import StubCentral
from tests.printer.fake_device import FakePrinter

WAIT = 30.0
KEYS = [
    "app_version",
    "catalog_version",
    "store_schema",
    "protocol_version",
    "terminal_number",
    "time_zone",
    "clock_drift",
    "central_url",
    "sync_state",
    "last_contact",
    "round_trip",
    "tls_certificate",
    "outbox",
    "dead_letters",
    "printer_connection",
    "printer_profile",
    "paper_width",
    "printer_status",
    "last_print",
    "a4_queue",
    "disk_free",
    "store_size",
    "memory",
    "uptime",
    "restarts",
    "last_crash",
    "screen",
]


@pytest.fixture
def make_terminal(tmp_path: Path, catalog: Catalog) -> Iterator[Callable[..., Terminal]]:
    made: list[Terminal] = []

    def make(config: KioskConfig | None = None) -> Terminal:
        terminal = Terminal(
            config or demo_config(tmp_path / "data"), find_cjk_font(), catalog=catalog
        )
        made.append(terminal)
        return terminal

    yield make
    for terminal in made:
        terminal.close()


def by_key(figures: list[Figure]) -> dict[str, Figure]:
    return {f.key: f for f in figures}


def states(figures: list[Figure]) -> dict[str, str]:
    return {f.key: f.state.value for f in figures}


def heartbeat(diag: TerminalDiagnostics, terminal: Terminal) -> Heartbeat:
    fields = {k: v for k, v in diag.heartbeat_fields().items() if v is not None}
    return Heartbeat(terminal=terminal.config.terminal_number, at=terminal.clock(), **fields)


def test_the_demo_terminal_s_figures(
    make_terminal: Callable[..., Terminal], catalog: Catalog
) -> None:
    terminal = make_terminal()
    runs = RunRecord(terminal.data_dir, boot=lambda: "boot-1")
    runs.start(datetime.now(UTC))
    diag = TerminalDiagnostics(terminal, runs=runs)
    figures = diag.collect(ScreenInfo(1080, 1920)).result(WAIT)
    assert [f.key for f in figures] == KEYS
    assert [f.section.value for f in figures][:7] == ["versions"] * 7
    got = by_key(figures)
    assert got["catalog_version"].value.en == catalog.version
    assert got["protocol_version"].value.en == "6"
    assert got["store_schema"].state is State.OK and got["store_schema"].value.en.isdigit()
    assert got["time_zone"].value.en == "Asia/Shanghai (UTC+08:00)"
    assert got["central_url"].value.en == "not configured (demo)"
    assert got["printer_status"].value.en == "demo: tickets written as files"
    assert got["a4_queue"].value.en == "not configured (PDFs saved only)"
    assert got["screen"].value.en == "1080×1920, portrait"
    assert got["restarts"].value.en == "0" and got["last_crash"].value.en == "none"
    # Nothing in a fresh demo terminal is a warning or a fault (the disk may be, here).
    bad = {k: s for k, s in states(figures).items() if s in ("warning", "fault")}
    assert set(bad) <= {"disk_free"}
    assert states(figures)["clock_drift"] == "unknown"  # no server, no drift

    beat = heartbeat(diag, terminal)
    assert beat.screen == "1080x1920 portrait" and beat.store_schema == got["store_schema"].value.en
    assert beat.printer_detail == "files (demo), 80 mm, gb18030" and beat.a4_status == "none"
    assert beat.disk_free_mb and beat.store_mb is not None and beat.restarts == 0
    assert beat.uptime_s is not None and beat.last_crash_at is None


def test_store_figures_outbox_dead_letters_and_a_crash(
    make_terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    terminal = make_terminal()
    data = terminal.data_dir
    earlier = RunRecord(data, pid=1, boot=lambda: "boot-1")
    earlier.start(datetime.now(UTC) - timedelta(hours=2))
    earlier.seen(datetime.now(UTC) - timedelta(hours=1))  # and then it died
    runs = RunRecord(data, pid=2, boot=lambda: "boot-1")
    runs.start(datetime.now(UTC))
    terminal.open().result(WAIT)
    old = terminal.clock() - timedelta(minutes=11)

    def write() -> None:
        with terminal.store.transaction() as s:
            add_event(s, "guide.viewed", {"item_id": "elderly-card"}, old)
            dead = add_event(s, "help.requested", {"context": {}}, old)
        with terminal.store.transaction() as s:
            mark_dead(s, dead.id, "422: refused for 110101199003074514")

    terminal.store_lane.submit(write).result(WAIT)
    diag = TerminalDiagnostics(terminal, runs=runs)
    got = by_key(diag.collect().result(WAIT))
    assert got["outbox"].state is State.WARNING  # the oldest waits over 10 minutes
    assert got["outbox"].value.en.startswith("1, the oldest waiting 11 minutes")
    assert got["dead_letters"].state is State.WARNING and got["dead_letters"].value.en == "1"
    assert got["restarts"].value.en == "1"
    assert got["last_crash"].state is State.WARNING and "1 hour ago" in got["last_crash"].value.en
    letters = diag.dead_letters().result(WAIT)
    assert [d.kind for d in letters] == ["help.requested"]
    assert letters[0].reason == "422: refused for 110101********4514"
    beat = heartbeat(diag, terminal)
    assert beat.restarts == 1 and beat.last_crash_at is not None


def test_the_printer_s_paper_out_and_the_a4_queue_disabled(
    make_terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    lpstat = tmp_path / "lpstat"
    lpstat.write_text(
        '#!/bin/sh\necho "printer $2 disabled since Thu Nov 26 10:40:00 2026 -"\n'
        'echo "\tPaper jam"\n',
        encoding="utf-8",
    )
    lpstat.chmod(lpstat.stat().st_mode | stat.S_IXUSR)
    with FakePrinter("paper_out") as fake:
        config = KioskConfig(
            terminal_number=5,
            data_dir=tmp_path / "data",
            printer=PrinterConfig(
                connection="network", host=fake.host, port=fake.port, timeout_s=0.5
            ),
            documents=DocumentsConfig(cups_queue="A4"),
        )
        terminal = make_terminal(config)
        diag = TerminalDiagnostics(terminal, lpstat=str(lpstat))
        got = by_key(diag.collect().result(WAIT))  # never asked: asked now
        assert got["printer_status"].state is State.FAULT
        assert got["printer_status"].value.en.startswith("paper out (network 127.0.0.1:")
        assert got["printer_connection"].value.en == f"network 127.0.0.1:{fake.port}"
        fake.state = "ready"
        check = diag.query_printer().result(WAIT)
        assert check.state is State.OK
        assert by_key(diag.collect().result(WAIT))["printer_status"].state is State.OK
        fake.state = "cover_open"
        printed = diag.print_test_ticket().result(WAIT)
        assert printed.code == "cover_open" and not printed.printed
    a4 = got["a4_queue"]
    assert a4.state is State.FAULT and a4.value.en == "A4: disabled (Paper jam)"
    assert heartbeat(diag, terminal).a4_status == "disabled"
    # Not the demo, and no central server configured: a warning.
    assert got["central_url"].state is State.WARNING


def test_the_central_server_s_figures_after_a_sync(
    make_terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    stub = StubCentral()
    try:
        config = demo_config(tmp_path / "data").model_copy(
            update={"central": CentralConfig(url=stub.url, token="t" * 43)}
        )
        terminal = make_terminal(config)
        terminal.open().result(WAIT)
        assert terminal.sync is not None
        terminal.sync.wait_for_status(lambda s: s.last_success_at is not None, WAIT)
        diag = TerminalDiagnostics(terminal)
        got = by_key(diag.collect().result(WAIT))
        assert got["central_url"].value.en == stub.url
        assert got["sync_state"].state is State.OK
        assert got["last_contact"].state is State.OK
        assert got["tls_certificate"].value.en == "not TLS (demo)"
        # The sync's link (kiosk.sync.link, fed by its clients): round trip and drift.
        assert got["round_trip"].state is State.OK and got["round_trip"].value.en.endswith(" ms")
        assert got["clock_drift"].state is State.OK  # the same machine's clock
        beat = heartbeat(diag, terminal)
        assert beat.round_trip_ms is not None and beat.clock_drift_s is not None
    finally:
        stub.close()


def test_the_tls_certificate_s_expiry_from_the_server(
    make_terminal: Callable[..., Terminal], tmp_path: Path
) -> None:
    ca = trustme.CA(organization_name="Hall test CA")
    expiry = (datetime.now(UTC) + timedelta(days=10)).replace(microsecond=0)
    server = TlsServer(ca.issue_cert("127.0.0.1", not_after=expiry), tmp_path)
    try:
        config = KioskConfig(
            terminal_number=2,
            data_dir=tmp_path / "data",
            central=CentralConfig(url=f"https://127.0.0.1:{server.port}", token="t" * 43),
        )
        terminal = make_terminal(config)
        diag = TerminalDiagnostics(terminal)
        got = by_key(diag.collect().result(WAIT))
        tls = got["tls_certificate"]
        assert tls.state is State.WARNING  # under 30 days left
        assert tls.value.en.startswith(f"expires {expiry.astimezone(terminal.clock.zone):%Y-%m-%d}")
        assert heartbeat(diag, terminal).tls_expires_at == expiry
    finally:
        server.stop()


def test_a_log_tail_through_the_terminal(make_terminal: Callable[..., Terminal]) -> None:
    terminal = make_terminal()
    log = terminal.data_dir / "logs" / "kiosk.log"
    log.parent.mkdir(parents=True)
    log.write_text("one\nphone 13812345678\n", encoding="utf-8")
    diag = TerminalDiagnostics(terminal)
    assert diag.log_tail().result(WAIT) == ["one", "phone 138****5678"]


def test_a_closed_terminal_leaves_figures_unknown_not_a_hang(
    make_terminal: Callable[..., Terminal],
) -> None:
    terminal = make_terminal()
    terminal.open().result(WAIT)
    diag = TerminalDiagnostics(terminal)
    terminal.close()
    got: dict[str, Any] = by_key(diag.collect().result(WAIT))
    assert got["store_schema"].state is State.UNKNOWN and got["outbox"].state is State.UNKNOWN
    assert set(got) == set(KEYS)
