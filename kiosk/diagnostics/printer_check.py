"""The technician's two printer actions: "query status" and "print a test ticket".

Both run on the printer lane (they block on the device) through the `TicketPrinter` the
composition root built (printer.printing: `query_status()`, `print_test()`); the core
imports nothing of the printer package (tests/kiosk/test_layering.py), so the printer is
described here by the two methods it is called through. A fault comes back in the
result, with words for the screen, never raised: the technician's (the fault's `advice`:
what is wrong, what to check, e.g. "缺少 libusb … apt install libusb-1.0-0"), never the
applicant's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

from kiosk.config import KioskConfig
from kiosk.diagnostics.figures import PRINTER_WORDS, Figure, State, printer_state
from kiosk.diagnostics.words import printer_fault
from kiosk.i18n import Text, text


class FaultAnswer(Protocol):
    """printer.errors.PrinterFault, as read here."""

    @property
    def code(self) -> str: ...

    @property
    def technician(self) -> str: ...  # the detail: link, bytes, system error

    @property
    def advice(self) -> Text: ...  # what is wrong and what to check


class StatusAnswer(Protocol):
    """printer.printing.StatusReport, as read here."""

    @property
    def code(self) -> str: ...

    @property
    def detail(self) -> str: ...

    @property
    def fault(self) -> FaultAnswer | None: ...  # the link failed before any answer


class PrintAnswer(Protocol):
    """printer.printing.PrintOutcome, as read here."""

    @property
    def status(self) -> str: ...  # "printed" or the fault's code

    @property
    def preview_png(self) -> bytes | None: ...

    @property
    def fault(self) -> FaultAnswer | None: ...


class DiagnosablePrinter(Protocol):
    """printer.printing.TicketPrinter, as the diagnostics call it."""

    def query_status(self) -> Any: ...

    def print_test(self, title: str, lines: Sequence[str]) -> Any: ...


@dataclass(frozen=True)
class PrinterCheck:
    """The answer to "query status": a code (figures.PRINTER_WORDS), the bytes seen."""

    code: str
    detail: str
    at: datetime
    figure: Figure

    @property
    def state(self) -> State:
        return self.figure.state

    @property
    def message(self) -> Text:
        """One sentence for the screen's note."""
        f = self.figure
        return text(f"打印机状态：{f.value.zh}", f"Printer status: {f.value.en}")


@dataclass(frozen=True)
class PrintCheck:
    """The test ticket's outcome (printer.printing.PrintOutcome) and words for it."""

    outcome: Any
    code: str  # "printed" or the fault's code
    at: datetime
    message: Text

    @property
    def printed(self) -> bool:
        return self.code == "printed"

    @property
    def preview_png(self) -> bytes | None:
        png: bytes | None = getattr(self.outcome, "preview_png", None)
        return png


def query_printer(printer: DiagnosablePrinter, now: datetime) -> PrinterCheck:
    """Ask the printer's status now (blocking: run it on the printer lane)."""
    answer: StatusAnswer = printer.query_status()
    code = str(answer.code)
    detail = str(answer.detail)[:200]
    shown = None if code in ("files", "ok") else detail
    figure = printer_state("printer_status", code, shown)
    if answer.fault is not None:  # the link's own words (libusb missing, the udev rule...)
        figure = replace(figure, hint=answer.fault.advice)
    return PrinterCheck(code, detail, now, figure)


TITLE = "打印测试 Printer test"


def ticket_lines(config: KioskConfig, now: datetime) -> list[str]:
    """What a test ticket says: who, when, how it is set up, and Chinese to look at."""
    p = config.printer
    return [
        f"终端 Terminal: {config.terminal_number}",
        f"时间 Time: {now:%Y-%m-%d %H:%M:%S}",
        f"配置 Profile: {p.profile}",
        f"纸宽 Paper: {p.paper_width_mm} mm",
        f"连接 Link: {printer_link(config)}",
        "中文测试：自助申报，预审通过后取号。",
        "一二三四五六七八九十 ￥ （）【】《》",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789",
    ]


def print_test_ticket(
    printer: DiagnosablePrinter, config: KioskConfig, now: datetime
) -> PrintCheck:
    """Print the test ticket (blocking: run it on the printer lane)."""
    outcome: PrintAnswer = printer.print_test(TITLE, ticket_lines(config, now))
    code = str(outcome.status)
    if code == "printed":
        message = text("测试票已打印，请查看出纸口。", "The test ticket is printed: see the slot.")
    else:
        # The code's word (as the status figure shows it), then the fault's own advice
        # and detail: "未找到打印机。缺少 libusb…：请安装 libusb-1.0-0…（usb 0483:5720: …）".
        words = PRINTER_WORDS.get(code, PRINTER_WORDS["fault"])[0]
        fault = outcome.fault
        advice = fault.advice if fault is not None else printer_fault(code)
        detail = str(fault.technician)[:200] if fault is not None else ""
        message = text(
            f"测试票未能打印：{words.zh}。{advice.zh}。" + (f"（{detail}）" if detail else ""),
            f"The test ticket was not printed: {words.en}. {advice.en}."
            + (f" ({detail})" if detail else ""),
        )
    return PrintCheck(outcome, code, now, message)


def printer_detail(config: KioskConfig) -> str:
    """The ticket printer's link and paper in a few words (the heartbeat's
    `printer_detail`, at most 64 characters), e.g. "network 192.168.1.40:9100, 80 mm"."""
    p = config.printer
    tail = f", {p.paper_width_mm} mm, {p.profile}"
    return printer_link(config)[: 64 - len(tail)] + tail


def printer_link(config: KioskConfig) -> str:
    """How the ticket printer is reached, e.g. "network 192.168.1.40:9100"."""
    p = config.printer
    match p.connection:
        case "files":
            link = "files (demo)"
        case "network":
            link = f"network {p.host}:{p.port}"
        case "device":
            link = f"device {p.device_path}"
        case "serial":
            link = f"serial {p.serial_port} {p.serial_baud}"
        case "usb":
            vendor, product = p.usb_vendor_id or 0, p.usb_product_id or 0
            link = f"usb {vendor:04x}:{product:04x}"
        case "cups":
            link = f"cups {p.cups_queue}"
        case _:
            link = str(p.connection)
    return link
