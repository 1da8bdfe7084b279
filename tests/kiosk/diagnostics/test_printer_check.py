"""The technician's printer actions against the fake network printer (tests/printer): its
DLE EOT answers give the status figure (paper out and cover open are faults), the test
ticket goes through the same TicketPrinter; the demo's files printer is "ok"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from kiosk.config import KioskConfig, PrinterConfig, demo_config
from kiosk.diagnostics.figures import State
from kiosk.diagnostics.printer_check import (
    print_test_ticket,
    printer_detail,
    query_printer,
    ticket_lines,
)
from printer.escpos_reader import read
from printer.fonts import find_cjk_font
from printer.printing import TicketPrinter
from tests.conftest import CST
from tests.printer.fake_device import FakePrinter, refused_port
from tests.printer.fake_device import State as FakeState

NOW = datetime(2026, 11, 26, 10, 30, 5, tzinfo=CST)


def network(tmp_path: Path, port: int, host: str = "127.0.0.1") -> KioskConfig:
    return KioskConfig(
        terminal_number=7,
        data_dir=tmp_path / "data",
        printer=PrinterConfig(connection="network", host=host, port=port, timeout_s=0.5),
    )


@pytest.mark.parametrize(
    ("fake_state", "code", "state"),
    [
        ("ready", "ok", State.OK),
        ("near_end", "near_end", State.WARNING),
        ("paper_out", "paper_out", State.FAULT),
        ("cover_open", "cover_open", State.FAULT),
        ("offline", "offline", State.FAULT),
    ],
)
def test_query_status_from_the_fake_printer_s_answers(
    tmp_path: Path, fake_state: FakeState, code: str, state: State
) -> None:
    with FakePrinter(fake_state) as fake:
        printer = TicketPrinter(network(tmp_path, fake.port), find_cjk_font())
        check = query_printer(printer, NOW)
        assert fake.queries[:3] == [1, 2, 4] and fake.received == b""  # asked, nothing printed
    assert (check.code, check.state, check.at) == (code, state, NOW)
    assert check.figure.key == "printer_status"
    if state is not State.OK:
        assert "DLE EOT n1=" in check.detail and check.figure.hint is not None
        assert check.message.en.startswith("Printer status: ")


def test_a_silent_or_absent_printer_is_a_fault(tmp_path: Path) -> None:
    with FakePrinter(silent=True) as fake:
        printer = TicketPrinter(network(tmp_path, fake.port), find_cjk_font())
        silent = query_printer(printer, NOW)
    assert (silent.code, silent.state) == ("no_answer", State.FAULT)
    absent = query_printer(TicketPrinter(network(tmp_path, refused_port()), find_cjk_font()), NOW)
    assert absent.state is State.FAULT and absent.code in ("offline", "not_found")
    assert "127.0.0.1" in absent.detail


def test_the_files_printer_of_the_demo_is_ok(tmp_path: Path) -> None:
    printer = TicketPrinter(demo_config(tmp_path / "data"), find_cjk_font())
    check = query_printer(printer, NOW)
    assert (check.code, check.state) == ("files", State.OK)
    assert check.figure.value.en == "demo: tickets written as files"


def test_a_test_ticket_on_the_fake_printer(tmp_path: Path) -> None:
    with FakePrinter("ready") as fake:
        config = network(tmp_path, fake.port)
        result = print_test_ticket(TicketPrinter(config, find_cjk_font()), config, NOW)
        received = fake.received
    assert result.printed and result.code == "printed" and result.preview_png
    assert result.message.en == "The test ticket is printed: see the slot."
    printed = "\n".join(read(received, "gb18030", strict=True).text_lines())
    assert "打印测试 Printer test" in printed
    assert "终端 Terminal: 7" in printed and "时间 Time: 2026-11-26 10:30:05" in printed
    assert "纸宽 Paper: 80 mm" in printed and "配置 Profile: gb18030" in printed
    assert "中文测试：自助申报，预审通过后取号。" in printed


def test_a_test_ticket_with_the_paper_out_is_its_fault(tmp_path: Path) -> None:
    with FakePrinter("paper_out") as fake:
        config = network(tmp_path, fake.port)
        result = print_test_ticket(TicketPrinter(config, find_cjk_font()), config, NOW)
        assert fake.received == b""  # refused before any byte
    assert not result.printed and result.code == "paper_out" and result.preview_png is None
    assert result.message.zh.startswith("测试票未能打印：缺纸。")
    assert result.outcome.fault.code == "paper_out"


def test_the_demo_s_test_ticket_is_a_file_with_its_picture(tmp_path: Path) -> None:
    config = demo_config(tmp_path / "data")
    result = print_test_ticket(TicketPrinter(config, find_cjk_font()), config, NOW)
    assert result.printed
    names = sorted(p.suffix for p in (tmp_path / "data" / "tickets").iterdir())
    assert names == [".bin", ".png"]


def test_printer_detail_fits_the_heartbeat(tmp_path: Path) -> None:
    assert printer_detail(network(tmp_path, 9100, "192.168.1.40")) == (
        "network 192.168.1.40:9100, 80 mm, gb18030"
    )
    assert printer_detail(demo_config(tmp_path)) == "files (demo), 80 mm, gb18030"
    long = network(tmp_path, 9100, "h" * 200)
    assert len(printer_detail(long)) == 64 and printer_detail(long).endswith(", 80 mm, gb18030")
    assert ticket_lines(long, NOW)[0] == "终端 Terminal: 7"
