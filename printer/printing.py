"""Printing one ticket: its bytes to the printer first, its picture after; never the store.

``print_content(printer, content)`` is the whole job of the printer lane. It lays the
ticket out once, builds its ESC/POS bytes and hands them to the connection; only then
does it draw the preview the touch screen shows (the ``image`` profile's one drawing is
both its raster and its preview) and, for the ``files`` printer, write ``<name>.png``
beside ``<name>.bin``. It blocks on the device, so the caller runs it on its printer
thread; it takes no store and starts no thread: the caller records
``PrintOutcome.status`` on the store's own lane. Every fault comes back as a typed
``PrinterFault`` in the outcome, never raised, and a ticket whose bytes did not all go
out gets no preview.

``TicketPrinter.send`` and ``TicketPrinter.preview`` are its two steps, for a caller that
wants them apart; ``TicketPrinter.render`` gives the bytes and the preview without
printing (the technician's sample files, the golden-byte tests).

For the technician's diagnostics (kiosk.diagnostics, which reaches the printer only
through the ``TicketPrinter`` the composition root built): ``TicketPrinter.query_status``
asks ``DLE EOT`` and says what came back, and ``TicketPrinter.print_test`` prints a
short test ticket of given lines, both blocking and neither raising.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from PIL import Image

from kiosk.config import KioskConfig
from printer import preview as drawing
from printer.connections import Connection, FilesConnection, connection_from_config
from printer.delivery import DeliveryReport, deliver, write_preview
from printer.delivery import status as ask_status
from printer.errors import PrinterFault
from printer.escpos_ticket import build
from printer.fonts import CjkFont, find_cjk_font
from printer.profiles import paper_for, profile_for
from printer.safe_text import printable
from printer.status import UNKNOWN, PrinterStatus
from printer.ticket_content import TicketContent
from printer.ticket_layout import (
    NAME_CHARS,
    Align,
    Block,
    Cut,
    Rule,
    _fitting_scale,
    _lines,
    layout,
)

log = logging.getLogger(__name__)

PRINTED = "printed"  # the status recorded for a ticket whose bytes all went out


@dataclass(frozen=True)
class BuiltTicket:
    """One ticket laid out once: its blocks and bytes, and the drawing made on the way."""

    content: TicketContent
    blocks: tuple[Block, ...]
    data: bytes
    replaced: tuple[str, ...]  # characters the printer's font could not take
    picture: Image.Image | None  # the ``image`` profile's drawing, reused as the preview


@dataclass(frozen=True)
class SentTicket:
    """A ticket the printer took: the report, and what its preview is drawn from."""

    built: BuiltTicket
    name: str  # the files printer's ``<name>.bin`` and ``<name>.png``
    report: DeliveryReport
    folder: Path | None  # the files printer's folder (the ``.png`` goes there); else None


@dataclass(frozen=True)
class TicketPreview:
    """The ticket as the screen shows it: PNG bytes, and the files printer's ``.png``."""

    png: bytes
    path: Path | None = None  # None: not the files printer, or the file could not be written


@dataclass(frozen=True)
class RenderedTicket:
    """A ticket's printer bytes and its preview image (PNG), without printing."""

    data: bytes
    preview_png: bytes
    replaced: tuple[str, ...]


class TicketPrinter:
    """The terminal's thermal printer, as configured: profile, paper, font, connection."""

    def __init__(
        self,
        config: KioskConfig,
        font: CjkFont | None = None,
        connect: Callable[[KioskConfig], Connection] = connection_from_config,
    ) -> None:
        self.config = config
        self.profile = profile_for(config.printer)
        self.paper = paper_for(config.printer)
        self.font = font or find_cjk_font(config.font_path)
        self.connect = connect

    def build(self, content: TicketContent) -> BuiltTicket:
        """Lay the ticket out (once) and build its bytes; no printer involved."""
        blocks = tuple(layout(content, self.paper))
        built = build(blocks, self.profile, self.paper, self.font)
        return BuiltTicket(content, blocks, built.data, tuple(built.replaced), built.picture)

    def send(
        self, content: TicketContent, *, on_sent: Callable[[], None] | None = None
    ) -> SentTicket:
        """Step 1: build the ticket's bytes and deliver them (blocking); raises PrinterFault.

        ``on_sent`` runs on this thread the moment every byte is handed to the connection.
        """
        built = self.build(content)
        name = f"{content.reference}_{content.number}_{datetime.now():%H%M%S%f}"
        conn = self.connect(self.config)
        try:
            report = deliver(conn, built.data, name=name, on_sent=on_sent)
        finally:
            conn.close()
        folder = conn.folder if isinstance(conn, FilesConnection) else None
        return SentTicket(built, name, report, folder)

    def preview(self, sent: SentTicket) -> TicketPreview:
        """Step 2: the sent ticket's preview, and the files printer's ``<name>.png``.

        The ticket is printed by now, so a ``.png`` that cannot be written is logged, not
        raised: the PNG bytes still come back.
        """
        png = self._png(sent.built)
        if sent.folder is None:
            return TicketPreview(png)
        try:
            return TicketPreview(png, write_preview(sent.folder, sent.name, png))
        except OSError as exc:
            number = sent.built.content.number
            log.warning("ticket %s printed; cannot write %s.png: %s", number, sent.name, exc)
            return TicketPreview(png)

    def render(self, content: TicketContent) -> RenderedTicket:
        """The ticket's bytes and preview PNG without printing, drawn once."""
        built = self.build(content)
        return RenderedTicket(built.data, self._png(built), built.replaced)

    def query_status(self) -> StatusReport:
        """Ask the printer ``DLE EOT`` 1, 2 and 4 now (blocking, the connection's timeout
        per reply); never raises: a link that fails comes back as the report's fault."""
        conn: Connection | None = None
        try:
            conn = self.connect(self.config)
            seen = ask_status(conn)
            return StatusReport(conn.name, conn.can_read, self._files(conn), seen)
        except PrinterFault as fault:
            name = conn.name if conn is not None else self.config.printer.connection
            can_read = conn.can_read if conn is not None else False
            return StatusReport(name, can_read, False, UNKNOWN, fault)
        except Exception as e:  # a bug must not take the diagnostics screen down
            log.exception("printer status query failed")
            bug = PrinterFault(f"unexpected {type(e).__name__}: {e}")
            return StatusReport(self.config.printer.connection, False, False, UNKNOWN, bug)
        finally:
            if conn is not None:
                try:
                    conn.close()
                except Exception:  # the answer is in; a failing close only goes to the log
                    log.exception("closing the printer after a status query")

    def print_test(self, title: str, lines: Sequence[str]) -> PrintOutcome:
        """A test ticket: `title` big, then `lines` (the caller's words), through the
        same connection, profile and font as the tickets; never raises."""
        return print_test_ticket(self, title, lines)

    @staticmethod
    def _files(conn: Connection) -> bool:
        return isinstance(conn, FilesConnection)

    def _png(self, built: BuiltTicket) -> bytes:
        picture = built.picture
        if picture is None:  # text profiles: drawn only now, after the bytes
            picture = drawing.picture(built.blocks, self.paper, self.font, self.profile.encoding)
        return drawing.png_bytes(picture)


@dataclass(frozen=True)
class StatusReport:
    """What the printer said to ``DLE EOT``, over which link.

    ``code`` is one word for the technician's screen and the heartbeat: ``ok``,
    ``near_end``, a fault's code (``paper_out``, ``cover_open``, ``offline``, a link's
    ``not_found``, ``disconnected``, ``no_answer``...), ``no_status`` (a link that cannot
    read: CUPS, a device file) or ``files`` (the demo's files printer).
    """

    connection: str
    can_read: bool
    files: bool  # the ``files`` printer (demo): it has no status, and needs none
    status: PrinterStatus
    fault: PrinterFault | None = None  # the link failed before any answer

    @property
    def code(self) -> str:
        if self.fault is not None:
            return self.fault.code
        if not self.can_read:
            return "files" if self.files else "no_status"
        if not self.status.known:
            return "no_answer"  # a ticket would be refused the same way (deliver)
        shown = self.status.fault()
        if shown is not None:
            return shown.code
        return "near_end" if self.status.paper == "near_end" else "ok"

    @property
    def detail(self) -> str:
        """The status bytes seen, or the link's fault, for the technician."""
        if self.fault is not None:
            return self.fault.technician
        return f"{self.connection}: {self.status.describe()}" if self.can_read else self.connection


@dataclass(frozen=True)
class PrintOutcome:
    """How printing one ticket went: a report and its preview, or the fault to show and flag.

    ``status`` is what the caller records in the store. A fault comes with no preview.
    For the files printer ``report.files`` is ``(<name>.bin, <name>.png)``.
    """

    reference: str
    number: str
    report: DeliveryReport | None = None
    fault: PrinterFault | None = None
    preview_png: bytes | None = None  # None with a fault, or if drawing failed (logged)
    preview_path: Path | None = None  # the files printer's ``<name>.png``
    to_connection_s: float | None = None  # start -> every byte handed to the connection
    preview_s: float | None = None  # drawing (or reusing) the picture, PNG, ``.png`` file

    @property
    def status(self) -> str:
        """``"printed"``, or the fault's code (``paper_out``, ``no_answer``, ...)."""
        return PRINTED if self.fault is None else self.fault.code


def print_content(
    printer: TicketPrinter,
    content: TicketContent,
    *,
    on_sent: Callable[[], None] | None = None,
) -> PrintOutcome:
    """Print one ticket, bytes first and preview after; never raises (blocking).

    ``on_sent`` runs on the calling thread the moment every byte is handed to the
    connection, before the status after the ticket is asked and before the preview is
    drawn; it is not called when the bytes did not all go out. An exception from it is
    logged and ignored: the ticket is out by then.
    """
    start = time.perf_counter()
    handed: list[float] = []

    def sent_now() -> None:
        handed.append(time.perf_counter())
        if on_sent is None:
            return
        try:
            on_sent()
        except Exception:  # a caller's bug must not turn a printed ticket into a fault
            log.exception("ticket %s: the on_sent callback failed", content.number)

    def failed(fault: PrinterFault) -> PrintOutcome:
        to_connection = handed[0] - start if handed else None
        return PrintOutcome(
            content.reference, content.number, fault=fault, to_connection_s=to_connection
        )

    try:
        sent = printer.send(content, on_sent=sent_now)
    except PrinterFault as fault:
        log.error("ticket %s not printed: %s", content.number, fault.technician)
        return failed(fault)
    except Exception as e:  # a bug must not leave the applicant without an answer
        log.exception("ticket %s not printed", content.number)
        return failed(PrinterFault(f"unexpected {type(e).__name__}: {e}"))
    drawing_from = time.perf_counter()
    shown: TicketPreview | None
    try:
        shown = printer.preview(sent)
    except Exception:  # printed already: only the picture is missing
        log.exception("ticket %s printed; its preview could not be drawn", content.number)
        shown = None
    report = sent.report
    if shown is not None and shown.path is not None:
        report = replace(report, files=(*report.files, shown.path))
    return PrintOutcome(
        content.reference,
        content.number,
        report=report,
        preview_png=shown.png if shown is not None else None,
        preview_path=shown.path if shown is not None else None,
        to_connection_s=handed[0] - start if handed else None,
        preview_s=time.perf_counter() - drawing_from,
    )


TEST_REFERENCE = "test-ticket"  # a test ticket's reference: no declaration has it
TEST_NUMBER = "TEST"
TEST_LINES = 20  # lines on a test ticket, each at most NAME_CHARS


def layout_test_ticket(title: str, lines: Sequence[str], columns: int) -> list[Block]:
    """A test ticket's layout: the title as large as fits, a rule, the lines, a cut."""
    heading = printable(title, limit=NAME_CHARS)
    blocks: list[Block] = _lines(
        heading, columns, Align.CENTER, _fitting_scale(heading, columns, 2), bold=True
    )
    blocks.append(Rule())
    for line in list(lines)[:TEST_LINES]:
        blocks += _lines(printable(line, limit=NAME_CHARS), columns)
    blocks.append(Rule())
    blocks.append(Cut())
    return blocks


@dataclass(frozen=True)
class Printed:
    """How printing a layout of blocks went (`print_blocks`): the report and its preview,
    or the fault (never raised)."""

    report: DeliveryReport | None = None
    fault: PrinterFault | None = None
    preview_png: bytes | None = None  # None with a fault, or if drawing failed (logged)
    preview_path: Path | None = None  # the files printer's ``<name>.png``
    to_connection_s: float | None = None  # start -> every byte handed to the connection
    preview_s: float | None = None  # drawing the picture, PNG, ``.png`` file


def print_blocks(
    printer: TicketPrinter,
    layout: Callable[[], list[Block]],
    name: str,
    what: str,
    *,
    on_sent: Callable[[], None] | None = None,
) -> Printed:
    """Print what `layout` lays out on `printer` (blocking): its bytes first, then its
    preview (drawn unless the profile built the picture already). `what` names it in
    the log ("test ticket", "slip notice"); `on_sent` as for `print_content`."""
    start = time.perf_counter()
    handed: list[float] = []

    def sent_now() -> None:
        handed.append(time.perf_counter())
        if on_sent is not None:
            try:
                on_sent()
            except Exception:  # the paper is out by then
                log.exception("%s: the on_sent callback failed", what)

    def elapsed() -> float | None:
        return handed[0] - start if handed else None

    try:
        blocks = layout()
        built = build(blocks, printer.profile, printer.paper, printer.font)
        conn = printer.connect(printer.config)
        try:
            report = deliver(conn, built.data, name=name, on_sent=sent_now)
        finally:
            conn.close()
    except PrinterFault as fault:
        log.error("%s not printed: %s", what, fault.technician)
        return Printed(fault=fault, to_connection_s=elapsed())
    except Exception as e:  # a bug must not leave the person at the terminal without an answer
        log.exception("%s not printed", what)
        bug = PrinterFault(f"unexpected {type(e).__name__}: {e}")
        return Printed(fault=bug, to_connection_s=elapsed())
    drawing_from = time.perf_counter()
    png: bytes | None = None
    path: Path | None = None
    try:
        picture = built.picture or drawing.picture(
            blocks, printer.paper, printer.font, printer.profile.encoding
        )
        png = drawing.png_bytes(picture)
        if isinstance(conn, FilesConnection):
            path = write_preview(conn.folder, name, png)
            report = replace(report, files=(*report.files, path))
    except Exception:  # printed already: only the picture is missing
        log.exception("%s printed; its preview could not be drawn", what)
    return Printed(
        report=report,
        preview_png=png,
        preview_path=path,
        to_connection_s=elapsed(),
        preview_s=time.perf_counter() - drawing_from,
    )


def print_test_ticket(printer: TicketPrinter, title: str, lines: Sequence[str]) -> PrintOutcome:
    """Print a test ticket on `printer` (blocking), bytes before preview; never raises."""
    printed = print_blocks(
        printer,
        lambda: layout_test_ticket(title, lines, printer.paper.text_columns),
        f"{TEST_REFERENCE}_{datetime.now():%H%M%S%f}",
        "test ticket",
    )
    return PrintOutcome(
        TEST_REFERENCE,
        TEST_NUMBER,
        report=printed.report,
        fault=printed.fault,
        preview_png=printed.preview_png,
        preview_path=printed.preview_path,
        to_connection_s=printed.to_connection_s,
        preview_s=printed.preview_s,
    )
