"""The printer lane's job: bytes to the printer first, the picture after, drawn once.

The printer is the fake loopback device (or the demo's files printer); the connection
only notes when bytes are written and flushed, and the drawing functions are spied on
(called through) to see when, and how often, the ticket is drawn.
"""

from __future__ import annotations

import inspect
import io
import logging
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig, PrinterConfig
from printer import preview
from printer.connections import Connection, NetworkConnection
from printer.errors import PAPER_RAN_OUT, PaperOut, PrinterFault
from printer.escpos_reader import read
from printer.printing import PrintOutcome, TicketPrinter, print_content
from printer.profiles import PAPERS, PROFILES
from printer.sample import sample_ticket_content
from printer.ticket_content import TicketContent
from printer.ticket_layout import layout
from tests.printer.fake_device import FakePrinter

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).with_name("golden")
CASES = [(p, w) for p in PROFILES for w in (80, 58)]


@dataclass
class Events:
    """What happened, in order: writes and flushes on the link, drawing, PNG encoding."""

    log: list[str]

    def first(self, kind: str) -> int:
        return self.log.index(kind)

    def last(self, kind: str) -> int:
        return len(self.log) - 1 - self.log[::-1].index(kind)


@pytest.fixture
def events(monkeypatch: pytest.MonkeyPatch) -> Events:
    seen = Events([])
    picture, png_bytes = preview.picture, preview.png_bytes

    def drawing(*args: object, **kwargs: object) -> Image.Image:
        seen.log.append("draw")
        return picture(*args, **kwargs)  # type: ignore[arg-type]

    def encoding(image: Image.Image) -> bytes:
        seen.log.append("png")
        return png_bytes(image)

    monkeypatch.setattr(preview, "picture", drawing)
    monkeypatch.setattr(preview, "png_bytes", encoding)
    return seen


class NotingConnection(NetworkConnection):
    """The real network transport to the fake printer, noting each write and flush."""

    def __init__(self, fake: FakePrinter, events: Events) -> None:
        super().__init__(fake.host, fake.port, 0.5)
        self.events = events

    def write(self, data: bytes) -> None:
        super().write(data)
        self.events.log.append("write")

    def flush(self) -> None:
        super().flush()
        self.events.log.append("flush")


@pytest.fixture
def fake() -> Iterator[FakePrinter]:
    with FakePrinter() as printer:
        yield printer


def config(profile: str = "gb18030", width: int = 80) -> KioskConfig:
    return KioskConfig(
        terminal_number=7,
        printer=PrinterConfig(profile=profile, paper_width_mm=width),  # type: ignore[arg-type]
    )


def network_printer(
    fake: FakePrinter, events: Events, profile: str = "gb18030", width: int = 80
) -> TicketPrinter:
    return TicketPrinter(config(profile, width), connect=lambda _: NotingConnection(fake, events))


def content(catalog: Catalog, printer: TicketPrinter) -> TicketContent:
    return sample_ticket_content(catalog, printer.config)


def png(outcome: PrintOutcome) -> Image.Image:
    assert outcome.preview_png is not None
    return Image.open(io.BytesIO(outcome.preview_png))


# --- bytes first, picture after ------------------------------------------------------------


@pytest.mark.parametrize(("profile", "width"), [c for c in CASES if c[0] != "image"])
def test_text_profiles_send_every_byte_before_drawing_the_preview(
    catalog: Catalog, fake: FakePrinter, events: Events, profile: str, width: int
) -> None:
    printer = network_printer(fake, events, profile, width)
    ticket = content(catalog, printer)
    outcome = print_content(printer, ticket, on_sent=lambda: events.log.append("sent"))
    assert outcome.status == "printed" and outcome.fault is None
    assert events.log.count("draw") == 1 and events.log.count("png") == 1
    # every write and flush (ticket and status queries) and the hand-over come first
    assert events.last("write") < events.first("draw") < events.first("png")
    assert events.last("flush") < events.first("sent") < events.first("draw")
    assert fake.received == (GOLDEN / f"ticket-{profile}-{width}mm.bin").read_bytes()
    # dot for dot the ticket's own layout, drawn without the cut
    blocks = preview.without_cut(layout(ticket, PAPERS[width]))
    expected = preview.render(blocks, printer.paper, printer.font)
    assert png(outcome).tobytes() == expected.tobytes()
    assert outcome.to_connection_s is not None and outcome.preview_s is not None


@pytest.mark.parametrize("width", [80, 58])
def test_image_profile_draws_once_for_raster_and_preview(
    catalog: Catalog, fake: FakePrinter, events: Events, width: int
) -> None:
    printer = network_printer(fake, events, "image", width)
    outcome = print_content(printer, content(catalog, printer))
    assert outcome.status == "printed"
    assert events.log.count("draw") == 1  # the raster's drawing is the preview too
    assert events.first("draw") < events.first("write")  # the raster is the bytes
    assert events.last("write") < events.first("png")  # the PNG waits for the printer
    assert fake.received == (GOLDEN / f"ticket-image-{width}mm.bin").read_bytes()
    printed = read(fake.received, "gb18030", strict=True).picture()
    shown = png(outcome)
    assert shown.size == printed.size == (PAPERS[width].dots, printed.height)
    assert shown.convert("1").tobytes() == printed.tobytes()  # the paper, dot for dot


def test_render_without_printing_draws_once(catalog: Catalog, events: Events) -> None:
    printer = TicketPrinter(config("image"))
    rendered = printer.render(content(catalog, printer))
    assert events.log == ["draw", "png"]
    assert rendered.data == (GOLDEN / "ticket-image-80mm.bin").read_bytes()


# --- the files printer --------------------------------------------------------------------


def test_files_printer_writes_the_bin_when_handed_over_and_the_png_after(
    catalog: Catalog, tmp_path: Path, events: Events
) -> None:
    printer = TicketPrinter(KioskConfig(terminal_number=7, data_dir=tmp_path))
    folder = tmp_path / "tickets"
    at_hand_over: list[tuple[list[str], list[str]]] = []

    def sent() -> None:
        at_hand_over.append((sorted(p.suffix for p in folder.iterdir()), list(events.log)))

    outcome = print_content(printer, content(catalog, printer), on_sent=sent)
    assert at_hand_over == [([".bin"], [])]  # the bytes are there, nothing drawn yet
    assert outcome.status == "printed" and outcome.report is not None
    (binary,) = folder.glob("*.bin")
    assert binary.name.startswith("20261126-07-0012_A07-012_")
    assert outcome.preview_path == binary.with_suffix(".png")
    assert outcome.report.files == (binary, binary.with_suffix(".png"))
    assert binary.with_suffix(".png").read_bytes() == outcome.preview_png
    assert sorted(p.name for p in folder.iterdir()) == [binary.name, f"{binary.stem}.png"]
    assert "A07-012" in read(binary.read_bytes(), "gb18030", strict=True).text_lines()


def test_a_png_that_cannot_be_written_leaves_the_ticket_printed(
    catalog: Catalog, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    printer = TicketPrinter(KioskConfig(terminal_number=7, data_dir=tmp_path))
    folder = tmp_path / "tickets"

    def block_the_png() -> None:  # something already sits where the picture goes
        (binary,) = folder.glob("*.bin")
        binary.with_suffix(".png").mkdir()

    with caplog.at_level(logging.WARNING, logger="printer"):
        outcome = print_content(printer, content(catalog, printer), on_sent=block_the_png)
    assert outcome.status == "printed" and outcome.fault is None
    assert outcome.preview_png is not None and outcome.preview_path is None
    assert outcome.report is not None and [p.suffix for p in outcome.report.files] == [".bin"]
    assert "cannot write" in caplog.text


# --- faults -------------------------------------------------------------------------------


def test_a_fault_before_any_byte_gives_no_preview(catalog: Catalog, events: Events) -> None:
    sent: list[bool] = []
    with FakePrinter("paper_out") as fake:
        printer = network_printer(fake, events)
        outcome = print_content(
            printer, content(catalog, printer), on_sent=lambda: sent.append(True)
        )
        assert fake.received == b""  # nothing on an empty roll
    assert isinstance(outcome.fault, PaperOut) and outcome.status == "paper_out"
    assert outcome.fault.applicant.zh.startswith("打印机缺纸")
    assert outcome.fault.applicant.en and "nothing sent" in outcome.fault.technician
    assert outcome.report is None and outcome.preview_png is None and outcome.preview_path is None
    assert "draw" not in events.log and "png" not in events.log and sent == []
    assert (outcome.reference, outcome.number) == ("20261126-07-0012", "A07-012")


def test_paper_running_out_during_the_ticket_is_a_fault_after_the_hand_over(
    catalog: Catalog, events: Events
) -> None:
    sent: list[bool] = []
    with FakePrinter(paper_runs_out_after=100) as fake:
        printer = network_printer(fake, events)
        outcome = print_content(
            printer, content(catalog, printer), on_sent=lambda: sent.append(True)
        )
    assert isinstance(outcome.fault, PaperOut) and outcome.status == "paper_out"
    assert outcome.fault.applicant == PAPER_RAN_OUT  # may be cut short: reprint
    assert sent == [True] and outcome.to_connection_s is not None  # the bytes did go out
    assert outcome.preview_png is None and "draw" not in events.log


def test_an_unexpected_exception_is_a_fault_outcome_not_raised(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    def broken_driver(_: KioskConfig) -> Connection:
        raise RuntimeError("driver bug")

    printer = TicketPrinter(config(), connect=broken_driver)
    with caplog.at_level(logging.ERROR, logger="printer"):
        outcome = print_content(printer, content(catalog, printer))
    assert type(outcome.fault) is PrinterFault and outcome.status == "fault"
    assert outcome.fault.technician == "unexpected RuntimeError: driver bug"
    assert outcome.fault.applicant.zh and outcome.fault.applicant.en
    assert outcome.preview_png is None and "RuntimeError: driver bug" in caplog.text


def test_a_failing_on_sent_does_not_unprint_the_ticket(
    catalog: Catalog, fake: FakePrinter, events: Events, caplog: pytest.LogCaptureFixture
) -> None:
    def on_sent() -> None:
        raise ValueError("the caller's bug")

    printer = network_printer(fake, events)
    with caplog.at_level(logging.ERROR, logger="printer"):
        outcome = print_content(printer, content(catalog, printer), on_sent=on_sent)
    assert outcome.status == "printed" and outcome.preview_png is not None
    assert "on_sent callback failed" in caplog.text


# --- no store -----------------------------------------------------------------------------


def test_the_print_function_takes_no_store_and_cannot_reach_one() -> None:
    assert list(inspect.signature(print_content).parameters) == ["printer", "content", "on_sent"]
    check = (
        "import sys, printer.printing; "
        "print([m for m in sys.modules if m.split('.')[0] == 'sqlalchemy' "
        "or m.startswith(('kiosk.store', 'kiosk.declarations'))])"
    )
    out = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
