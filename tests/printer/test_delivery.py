"""Delivering tickets: the happy path and every fault, on a fake loopback printer,
failing device files, the files printer, a fake ``lp``, and the factory."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import KioskConfig, PrinterConfig
from printer.connections import (
    Connection,
    CupsConnection,
    DeviceFileConnection,
    FilesConnection,
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    connection_from_config,
)
from printer.delivery import DeliveryReport, deliver, status, write_preview
from printer.errors import (
    PAPER_RAN_OUT,
    CoverOpen,
    Disconnected,
    NoAnswer,
    PaperOut,
    PrinterFault,
    PrinterNotFound,
    PrinterOffline,
)
from tests.printer.fake_device import FakePrinter, State, refused_port

TIMEOUT = 0.3
ID_NUMBER = "11010519491231002X"  # a personal number inside the ticket: never in messages
TICKET = (
    b"\x1b@\x1c&"
    + "经开区政务服务中心 A012 请到 3 号窗口\n".encode("gb18030") * 40
    + f"ref {ID_NUMBER}\n".encode("ascii")
    + b"\x1dV\x00"
)
assert b"\x10\x04" not in TICKET  # the fake would read it as a status query


def check_fault(fault: PrinterFault, kind: type[PrinterFault], where: str) -> None:
    """The right type, both applicant languages, a technician text naming the link."""
    assert type(fault) is kind
    assert fault.applicant.zh.strip() and fault.applicant.en.strip()
    assert where in fault.technician
    for message in (fault.technician, fault.applicant.zh, fault.applicant.en, str(fault)):
        assert ID_NUMBER not in message


@pytest.fixture
def fake() -> Iterator[Callable[..., FakePrinter]]:
    started: list[FakePrinter] = []

    def start(state: State = "ready", **modes: Any) -> FakePrinter:
        printer = FakePrinter(state, **modes)
        started.append(printer)
        return printer

    yield start
    for printer in started:
        printer.stop()


@pytest.fixture
def connect() -> Iterator[Callable[[FakePrinter], NetworkConnection]]:
    opened: list[NetworkConnection] = []

    def make(printer: FakePrinter) -> NetworkConnection:
        conn = NetworkConnection(printer.host, printer.port, TIMEOUT)
        opened.append(conn)
        return conn

    yield make
    for conn in opened:
        conn.close()


Fake = Callable[..., FakePrinter]
Connect = Callable[[FakePrinter], NetworkConnection]


# --- network printer: the happy path ------------------------------------------------------


def test_happy_path_delivers_exactly_the_bytes(fake: Fake, connect: Connect) -> None:
    printer = fake()
    conn = connect(printer)
    report = deliver(conn, TICKET, name="unused")
    assert printer.received == TICKET
    assert printer.queries == [1, 2, 4, 1, 2, 4]
    assert report.bytes_sent == len(TICKET)
    for seen in (report.status_before, report.status_after):
        assert (seen.online, seen.cover_open, seen.paper) == (True, False, "ok")
    assert report.warnings == []


def test_on_sent_comes_after_the_last_byte_and_before_the_status_after(
    fake: Fake, connect: Connect
) -> None:
    printer = fake()
    conn = connect(printer)
    queries_then: list[list[int]] = []
    deliver(conn, TICKET, name="t", on_sent=lambda: queries_then.append(list(printer.queries)))
    assert queries_then == [[1, 2, 4]]  # the status before was asked, the one after not yet
    assert printer.received == TICKET and printer.queries == [1, 2, 4, 1, 2, 4]


def test_on_sent_is_not_called_when_nothing_was_sent(fake: Fake, connect: Connect) -> None:
    sent: list[bool] = []
    with pytest.raises(PaperOut):
        deliver(connect(fake("paper_out")), TICKET, name="t", on_sent=lambda: sent.append(True))
    assert sent == []


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_on_sent_is_not_called_when_a_write_fails() -> None:
    sent: list[bool] = []
    conn = DeviceFileConnection("/dev/full", TIMEOUT)
    try:
        with pytest.raises(PaperOut):
            deliver(conn, TICKET, name="t", on_sent=lambda: sent.append(True))
    finally:
        conn.close()
    assert sent == []


def test_two_tickets_on_one_connection(fake: Fake, connect: Connect) -> None:
    printer = fake()
    conn = connect(printer)
    deliver(conn, TICKET, name="a")
    deliver(conn, TICKET, name="b")
    assert printer.received == TICKET * 2 and printer.connections == 1


def test_near_end_paper_prints_with_a_warning(fake: Fake, connect: Connect) -> None:
    printer = fake("near_end")
    report = deliver(connect(printer), TICKET, name="t")
    assert printer.received == TICKET
    assert report.status_after.paper == "near_end"
    assert len(report.warnings) == 1 and "near end" in report.warnings[0]


def test_status_for_health_checks(fake: Fake, connect: Connect) -> None:
    printer = fake("cover_open")
    seen = status(connect(printer))
    assert seen.cover_open is True and seen.online is False
    assert printer.received == b""


# --- network printer: faults --------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "kind"),
    [("offline", PrinterOffline), ("cover_open", CoverOpen), ("paper_out", PaperOut)],
)
def test_a_fault_before_the_ticket_sends_nothing(
    fake: Fake, connect: Connect, state: State, kind: type[PrinterFault]
) -> None:
    printer = fake(state)
    conn = connect(printer)
    with pytest.raises(kind) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, kind, conn.name)
    assert "nothing sent" in caught.value.technician
    assert "n1=1a" in caught.value.technician  # the status bytes seen
    assert caught.value.applicant == kind.default_applicant
    assert printer.received == b""


def test_paper_running_out_during_the_ticket(fake: Fake, connect: Connect) -> None:
    printer = fake(paper_runs_out_after=100)
    conn = connect(printer)
    with pytest.raises(PaperOut) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, PaperOut, conn.name)
    assert caught.value.applicant == PAPER_RAN_OUT  # the ticket may be cut short
    assert f"after all {len(TICKET)} ticket bytes" in caught.value.technician
    assert printer.received == TICKET


def test_disconnected_mid_ticket(fake: Fake, connect: Connect) -> None:
    printer = fake(close_after=100)
    conn = connect(printer)
    with pytest.raises(Disconnected) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, Disconnected, conn.name)
    assert printer.received == TICKET[:100]


def test_a_silent_printer_is_no_answer_and_gets_nothing(fake: Fake, connect: Connect) -> None:
    printer = fake(silent=True)
    conn = connect(printer)
    with pytest.raises(NoAnswer) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, NoAnswer, conn.name)
    assert "n1=-" in caught.value.technician
    assert printer.received == b"" and printer.queries == [1]  # one timeout, not three


def test_a_silent_printer_has_unknown_status_not_ok(fake: Fake, connect: Connect) -> None:
    seen = status(connect(fake(silent=True)))
    assert not seen.known and seen.paper is None and seen.fault() is None


def test_connection_refused() -> None:
    conn = NetworkConnection("127.0.0.1", refused_port(), TIMEOUT)
    try:
        with pytest.raises(PrinterOffline) as caught:
            deliver(conn, TICKET, name="t")
    finally:
        conn.close()
    check_fault(caught.value, PrinterOffline, conn.name)
    assert "refused" in caught.value.technician


def test_reading_before_opening_is_a_typed_fault() -> None:
    with pytest.raises(Disconnected):
        NetworkConnection("127.0.0.1", 9, TIMEOUT).read(1, 0.0)


# --- device files -------------------------------------------------------------------------


def test_a_fifo_without_reader_cannot_be_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    conn = DeviceFileConnection(fifo, TIMEOUT)
    with pytest.raises(PrinterNotFound) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, PrinterNotFound, conn.name)
    assert f"errno {errno.ENXIO}" in caught.value.technician


def test_a_fifo_nobody_reads_is_no_answer_once_full(tmp_path: Path) -> None:
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    conn = DeviceFileConnection(fifo, TIMEOUT)
    try:
        with pytest.raises(NoAnswer) as caught:
            deliver(conn, TICKET * 200, name="t")  # more than a pipe holds
    finally:
        conn.close()
        os.close(reader)
    assert conn.can_read is False  # a FIFO is never opened read-write
    check_fault(caught.value, NoAnswer, conn.name)
    assert "ticket bytes sent" in caught.value.technician


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_is_paper_out() -> None:
    conn = DeviceFileConnection("/dev/full", TIMEOUT)
    try:
        conn.open()
        with pytest.raises(PaperOut) as direct:
            conn.write(TICKET)
        with pytest.raises(PaperOut) as caught:
            deliver(conn, TICKET, name="t")
    finally:
        conn.close()
    assert f"errno {errno.ENOSPC}" in direct.value.technician
    check_fault(caught.value, PaperOut, conn.name)


def test_a_missing_device_is_not_found(tmp_path: Path) -> None:
    conn = DeviceFileConnection(tmp_path / "usb" / "lp9", TIMEOUT)
    with pytest.raises(PrinterNotFound) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, PrinterNotFound, conn.name)


def test_a_regular_file_works_as_a_write_only_device(tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    conn = DeviceFileConnection(device, TIMEOUT)
    try:
        report = deliver(conn, TICKET, name="t")
        assert conn.can_read is False
    finally:
        conn.close()
    assert device.read_bytes() == TICKET
    assert report.bytes_sent == len(TICKET)
    assert not report.status_before.known and not report.status_after.known
    assert any("no status channel" in w for w in report.warnings)


# --- the files printer --------------------------------------------------------------------


def test_files_printer_writes_the_bin_at_once_and_the_png_after(tmp_path: Path) -> None:
    folder = tmp_path / "tickets"
    seen: list[list[str]] = []
    report = deliver(
        FilesConnection(folder),
        TICKET,
        name="A012",
        on_sent=lambda: seen.append(sorted(p.name for p in folder.iterdir())),
    )
    assert seen == [["A012.bin"]]  # handed over: the bytes are there, the picture is not yet
    assert (folder / "A012.bin").read_bytes() == TICKET
    assert report.files == (folder / "A012.bin",)
    assert report.bytes_sent == len(TICKET) and report.warnings == []
    assert write_preview(folder, "A012", b"\x89PNG fake") == folder / "A012.png"
    assert (folder / "A012.png").read_bytes() == b"\x89PNG fake"
    assert sorted(p.name for p in folder.iterdir()) == ["A012.bin", "A012.png"]  # no temp files


def test_files_printer_writes_atomically(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "A012.bin").write_bytes(b"old")
    (tmp_path / "A012.png").write_bytes(b"old png")

    def no_rename(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "replace", no_rename)
    sent: list[bool] = []
    with pytest.raises(PrinterNotFound) as caught:
        deliver(FilesConnection(tmp_path), TICKET, name="A012", on_sent=lambda: sent.append(True))
    check_fault(caught.value, PrinterNotFound, "files")
    assert sent == []  # not handed over
    with pytest.raises(OSError, match="I/O error"):
        write_preview(tmp_path, "A012", b"png")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A012.bin", "A012.png"]  # temps gone
    assert (tmp_path / "A012.bin").read_bytes() == b"old"  # never half-written
    assert (tmp_path / "A012.png").read_bytes() == b"old png"


@pytest.mark.parametrize("name", ["", ".hidden", "a/b", "..", "a\\b"])
def test_files_printer_refuses_names_with_folders(tmp_path: Path, name: str) -> None:
    with pytest.raises(ValueError):
        deliver(FilesConnection(tmp_path), TICKET, name=name)
    with pytest.raises(ValueError):
        write_preview(tmp_path, name, b"png")


# --- CUPS through a fake lp ---------------------------------------------------------------


def fake_lp(folder: Path, body: str) -> None:
    folder.mkdir(exist_ok=True)
    script = folder / "lp"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)


def test_cups_sends_one_raw_job(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir, log = tmp_path / "bin", tmp_path / "log"
    log.mkdir()
    fake_lp(bin_dir, f'printf "%s\\n" "$@" > "{log}/args"\ncat > "{log}/stdin"')
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    conn = CupsConnection("TM-T88", TIMEOUT * 10)
    report = deliver(conn, TICKET, name="t")
    conn.close()  # nothing left to send: lp is not run again
    assert (log / "args").read_text().split() == ["-d", "TM-T88", "-o", "raw"]
    assert (log / "stdin").read_bytes() == TICKET
    assert report.bytes_sent == len(TICKET) and not report.status_after.known


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("lp: The printer or class does not exist.", PrinterNotFound),
        ('lp: Destination \\"TM-T88\\" is not accepting jobs.', PrinterOffline),
    ],
)
def test_cups_failure_carries_lps_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, message: str, kind: type[PrinterFault]
) -> None:
    fake_lp(tmp_path, f'cat > /dev/null\necho "{message}" >&2\nexit 1')
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    conn = CupsConnection("TM-T88", TIMEOUT * 10)
    with pytest.raises(kind) as caught:
        deliver(conn, TICKET, name="t")
    check_fault(caught.value, kind, conn.name)
    assert message.replace("\\", "") in caught.value.technician
    assert "exited with 1" in caught.value.technician


def test_cups_without_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(PrinterNotFound) as caught:
        deliver(CupsConnection("TM-T88", TIMEOUT), TICKET, name="t")
    assert "lp is not installed" in caught.value.technician


def test_cups_lp_hanging_is_no_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_lp(tmp_path, "exec sleep 5")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(NoAnswer):
        deliver(CupsConnection("TM-T88", TIMEOUT), TICKET, name="t")


# --- links that cannot be opened here -----------------------------------------------------


def test_serial_port_missing(tmp_path: Path) -> None:
    conn = SerialConnection(str(tmp_path / "ttyUSB9"), 9600, TIMEOUT)
    with pytest.raises(PrinterNotFound) as caught:
        conn.open()
    check_fault(caught.value, PrinterNotFound, conn.name)
    conn.close()


def test_usb_device_missing() -> None:
    conn = UsbConnection(0xFFFF, 0xFFFE, TIMEOUT)
    with pytest.raises(PrinterNotFound) as caught:
        conn.open()
    check_fault(caught.value, PrinterNotFound, "usb ffff:fffe")
    conn.close()


# --- the factory --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "kind", "attributes"),
    [
        ({"connection": "network", "host": "10.0.0.5"}, NetworkConnection, {"port": 9100}),
        ({"connection": "device"}, DeviceFileConnection, {"path": Path("/dev/usb/lp0")}),
        (
            {"connection": "serial", "serial_port": "/dev/ttyS0", "serial_baud": 19200},
            SerialConnection,
            {"port": "/dev/ttyS0", "baud": 19200},
        ),
        (
            {"connection": "usb", "usb_vendor_id": 0x0416, "usb_product_id": 0x5011},
            UsbConnection,
            {"vendor_id": 0x0416, "product_id": 0x5011},
        ),
        ({"connection": "cups", "cups_queue": "TM-T88"}, CupsConnection, {"queue": "TM-T88"}),
    ],
)
def test_factory_picks_the_transport(
    settings: dict[str, Any], kind: type[Any], attributes: dict[str, object]
) -> None:
    config = KioskConfig(terminal_number=1, printer=PrinterConfig(timeout_s=2.5, **settings))
    conn = connection_from_config(config)
    assert type(conn) is kind and isinstance(conn, Connection)
    assert conn.timeout == 2.5
    for key, value in attributes.items():
        assert getattr(conn, key) == value


def test_factory_files_printer_uses_the_ticket_dir(tmp_path: Path) -> None:
    config = KioskConfig(
        terminal_number=1, printer=PrinterConfig(connection="files", output_dir=tmp_path)
    )
    conn = connection_from_config(config)
    assert isinstance(conn, FilesConnection) and conn.folder == config.resolved_ticket_dir()
    with contextlib.closing(conn):
        report = deliver(conn, TICKET, name="demo")
    assert isinstance(report, DeliveryReport) and (tmp_path / "demo.bin").exists()
