"""A printer fault told to a technician: what is wrong and what to check, never the
applicant's "staff have been told, your ticket is saved".

The printer CLI (`python -m printer sample --printer`) and the diagnostics' status query
and test ticket, against the loopback fake printer in each fault state, a port that
refuses, and pyusb on a machine without libusb (its backend lookups made to find
nothing, as on a Debian install without libusb-1.0-0) or with no such device on the bus.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from kiosk.config import KioskConfig, PrinterConfig
from kiosk.diagnostics import words
from kiosk.diagnostics.printer_check import print_test_ticket, query_printer
from kiosk.i18n import Text
from printer import errors
from printer.__main__ import main
from printer.fonts import find_cjk_font
from printer.printing import TicketPrinter
from printer.transports.usb import UsbConnection
from tests.conftest import CST
from tests.printer.fake_device import FakePrinter, refused_port

ROOT = Path(__file__).parents[2]
PRINTER_CLI = (sys.executable, "-m", "printer", "sample", "--printer")
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=CST)
FAULTS = [
    errors.PrinterFault,
    errors.PrinterOffline,
    errors.PaperOut,
    errors.CoverOpen,
    errors.Disconnected,
    errors.NoAnswer,
    errors.PrinterNotFound,
]


def applicant_texts() -> list[str]:
    """Every applicant's message of every fault, in both languages, and its telltales."""
    found = [errors.PAPER_RAN_OUT.zh, errors.PAPER_RAN_OUT.en]
    for fault in FAULTS:
        found += [fault.default_applicant.zh, fault.default_applicant.en]
    return found


def assert_no_applicant_words(output: str) -> None:
    for words_ in applicant_texts():
        assert words_ not in output
    for telltale in (
        "已通知辅导员",
        "取号信息已保存",
        "attendant has been called",
        "ticket is saved",
    ):
        assert telltale not in output, output


def network_toml(tmp_path: Path, port: int) -> Path:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        f'terminal_number = 5\n[printer]\nconnection = "network"\n'
        f'host = "127.0.0.1"\nport = {port}\ntimeout_s = 0.5\n',
        encoding="utf-8",
    )
    return cfg


def usb_toml(tmp_path: Path) -> Path:
    cfg = tmp_path / "kiosk.toml"
    cfg.write_text(
        'terminal_number = 5\n[printer]\nconnection = "usb"\n'
        "usb_vendor_id = 0x0483\nusb_product_id = 0x5720\n",
        encoding="utf-8",
    )
    return cfg


def usb_config() -> KioskConfig:
    printer = PrinterConfig(connection="usb", usb_vendor_id=0x0483, usb_product_id=0x5720)
    return KioskConfig(terminal_number=5, printer=printer)


@pytest.fixture
def no_libusb(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyusb as on a machine without libusb-1.0-0 (nor libusb-0.1, nor openusb)."""
    import usb.backend.libusb0  # type: ignore[import-untyped]
    import usb.backend.libusb1  # type: ignore[import-untyped]
    import usb.backend.openusb  # type: ignore[import-untyped]

    for module in (usb.backend.libusb1, usb.backend.openusb, usb.backend.libusb0):
        monkeypatch.setattr(module, "get_backend", lambda *_a, **_k: None)


class EmptyBus:
    """A pyusb backend whose bus has no device on it (the printer unplugged)."""

    def enumerate_devices(self) -> Iterator[Any]:
        return iter(())


@pytest.fixture
def empty_bus(monkeypatch: pytest.MonkeyPatch) -> None:
    import usb.backend.libusb1

    monkeypatch.setattr(usb.backend.libusb1, "get_backend", lambda *_a, **_k: EmptyBus())


def test_every_fault_has_a_technician_s_text_apart_from_the_applicant_s() -> None:
    for fault_type in FAULTS:
        fault = fault_type("network 10.0.0.9:9100: detail")
        advice = fault.advice
        assert isinstance(advice, Text) and advice.zh and advice.en
        assert advice == words.printer_fault(fault.code)
        assert_no_applicant_words(f"{advice.zh}\n{advice.en}")
        told = fault.for_technician
        assert told.zh.startswith(advice.zh) and "network 10.0.0.9:9100: detail" in told.en
    paper = errors.PaperOut("x")
    assert paper.advice.zh.startswith("打印机缺纸") and "load a roll" in paper.advice.en
    # Its own advice survives the trip to another process (pickling), as the applicant's does.
    fault = errors.PrinterNotFound("usb 0483:5720: x", advice=words.LIBUSB_MISSING)
    again = pickle.loads(pickle.dumps(fault))
    assert again.advice == words.LIBUSB_MISSING and again.technician == fault.technician


@pytest.mark.parametrize(
    ("state", "expected"),
    [("paper_out", "paper_out"), ("cover_open", "cover_open"), ("offline", "offline")],
)
def test_the_cli_tells_the_technician_what_to_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], state: Any, expected: str
) -> None:
    with FakePrinter(state) as fake:
        code = main(["sample", "--printer", "--config", str(network_toml(tmp_path, fake.port))])
    out = capsys.readouterr()
    assert code == 1
    lines = out.err.splitlines()
    advice = words.printer_fault(expected)
    assert lines[0] == f"测试票未能打印 / The test ticket was not printed ({expected}):"
    assert lines[1:3] == [advice.zh, advice.en]
    assert lines[3].startswith("详情 / detail: network 127.0.0.1:")
    assert_no_applicant_words(out.out + out.err)


def test_the_cli_on_a_port_that_refuses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sample", "--printer", "--config", str(network_toml(tmp_path, refused_port()))])
    out = capsys.readouterr()
    assert code == 1 and "refused" in out.err.lower()
    assert words.printer_fault("offline").en in out.err or words.printer_fault("not_found").en in (
        out.err
    )
    assert_no_applicant_words(out.out + out.err)


def test_the_cli_as_a_process_prints_no_applicant_words(tmp_path: Path) -> None:
    with FakePrinter("paper_out") as fake:
        done = subprocess.run(
            [*PRINTER_CLI, "--config", str(network_toml(tmp_path, fake.port))],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
        )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert words.printer_fault("paper_out").zh in done.stderr
    assert_no_applicant_words(done.stdout + done.stderr)


def test_no_libusb_says_to_install_it(no_libusb: None) -> None:
    link = UsbConnection(0x0483, 0x5720)
    with pytest.raises(errors.PrinterNotFound) as raised:
        link.open()
    fault = raised.value
    assert fault.advice == words.LIBUSB_MISSING
    assert "apt install libusb-1.0-0" in fault.for_technician.zh
    assert fault.for_technician.en.startswith("libusb is missing: install libusb-1.0-0")
    assert "no libusb backend" in fault.technician


def test_no_libusb_through_the_cli_and_the_diagnostics(
    no_libusb: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sample", "--printer", "--config", str(usb_toml(tmp_path))]) == 1
    out = capsys.readouterr()
    assert words.LIBUSB_MISSING.zh in out.err and words.LIBUSB_MISSING.en in out.err
    assert "usb 0483:5720: no libusb backend" in out.err
    assert_no_applicant_words(out.out + out.err)

    printer = TicketPrinter(usb_config(), find_cjk_font())
    status = query_printer(printer, NOW)
    assert status.code == "not_found" and status.figure.hint == words.LIBUSB_MISSING
    test = print_test_ticket(printer, usb_config(), NOW)
    assert not test.printed and "apt install libusb-1.0-0" in test.message.zh
    assert "install libusb-1.0-0" in test.message.en
    assert_no_applicant_words(f"{test.message.zh}\n{test.message.en}")


def test_no_such_usb_device_names_its_ids(empty_bus: None, tmp_path: Path) -> None:
    with pytest.raises(errors.PrinterNotFound) as raised:
        UsbConnection(0x0483, 0x5720).open()
    advice = raised.value.advice
    assert advice == words.usb_not_found(0x0483, 0x5720)
    assert "未找到 USB 打印机 0483:5720" in advice.zh and "lsusb" in advice.zh
    assert advice.en.startswith("No USB printer with vendor:product 0483:5720")
    status = query_printer(TicketPrinter(usb_config(), find_cjk_font()), NOW)
    assert status.figure.hint == advice


class RefusingLink:
    """A link that opens, then refuses with its own advice: at the status query before
    the ticket (`where == "status"`) or at the first chunk of it (`"write"`)."""

    def __init__(self, where: str) -> None:
        self.name, self.timeout, self.where = "usb 0483:5720", 0.1, where
        self.can_read = where == "status"

    def _refuse(self) -> None:
        raise errors.PrinterNotFound(f"{self.name}: refused", advice=words.USB_NO_PERMISSION)

    def open(self) -> None:
        pass

    def write(self, data: bytes) -> None:
        if self.where == "write":
            self._refuse()

    def read(self, n: int, timeout: float) -> bytes:
        self._refuse()
        return b""

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass


@pytest.mark.parametrize(
    ("where", "detail"),
    [("status", "status before the ticket, nothing sent"), ("write", "0 of 1000 ticket bytes")],
)
def test_a_transport_s_own_advice_survives_the_fuller_detail(where: str, detail: str) -> None:
    from printer.delivery import deliver

    with pytest.raises(errors.PrinterNotFound) as raised:
        deliver(RefusingLink(where), b"x" * 1000, name="t")
    fault = raised.value
    assert fault.advice == words.USB_NO_PERMISSION  # not the fault type's default
    assert detail in fault.technician and fault.technician.startswith("usb 0483:5720: refused")
    assert fault.for_technician.zh.startswith(words.USB_NO_PERMISSION.zh)
