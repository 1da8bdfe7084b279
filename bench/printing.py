"""Printing benchmarks: one ticket's bytes, its way to the printer, its preview, A4 documents.

Prints one figure a line as `name: value unit (target ...)`. A ticket takes the paper
itself about a second (some 130 mm at 130 mm/s), so building its bytes should cost
under 2% of that. `ticket_to_connection_*` is content -> every byte handed to the
connection (a connection that takes bytes and drops them, so the figure is ours, not a
link's), through `print_content`, beside the same through the path before it
(`*_preview_first`: layout, bytes, then the preview drawn again and PNG-encoded with
optimize=True before the first byte went out). `ticket_preview_*` is what
`print_content` does after the hand-over: drawing (or reusing) the picture and the PNG.
`confirmation_pdf_long_address` is the confirmation with one address part of 40,000
characters beside the same with 4,000, in the same run: building is linear in the text
(the old builder took 10.8 s at 40,000), and text past what any form takes is cut.
`take_home_*` is paper to take home from the touch screen (`Terminal.take_home`, the
signed commitment): from the call to the slip's last byte at the connection, and to the
A4 document handed to `lp` (a stand-in that only exits) on the terminal's lanes.
Run: `.venv/bin/python bench/printing.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


import io
import statistics
import time
from collections.abc import Callable
from dataclasses import replace

from bench.timing import median_ms
from kiosk.catalog.loader import Catalog, load_catalog
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.resources import resource_path
from printer import preview
from printer.delivery import deliver
from printer.documents.context import DocumentContext
from printer.escpos_ticket import build
from printer.fonts import CjkFont, find_cjk_font
from printer.printing import TicketPrinter, print_content
from printer.profiles import PAPERS, PROFILES, Paper, PrinterProfile
from printer.sample import sample_document_jobs, sample_ticket_content
from printer.ticket_content import TicketContent
from printer.ticket_layout import layout
from printer.transports.collecting import CollectingConnection

RUNS = 100


class DroppingConnection(CollectingConnection):
    """Takes the bytes and drops them: the figures measure the kiosk, not a link."""

    def __init__(self) -> None:
        super().__init__("bench", 1.0)

    def flush(self) -> None:
        self.take()

    def close(self) -> None:
        self.take()


def _preview_first(
    printer: TicketPrinter, content: TicketContent, sent: Callable[[], None]
) -> None:
    """The path before `print_content`, as `TicketPrinter.render` + `print` were: the
    preview drawn (a second time for the image profile) and PNG-encoded with
    optimize=True before the first byte goes out."""
    blocks = layout(content, printer.paper)
    data = build(blocks, printer.profile, printer.paper, printer.font).data
    image = preview.render(preview.without_cut(blocks), printer.paper, printer.font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    conn = printer.connect(printer.config)
    conn.open()
    try:
        deliver(conn, data, name="bench", on_sent=sent)
    finally:
        conn.close()


def _stamp(into: list[float]) -> Callable[[], None]:
    return lambda: into.append(time.perf_counter())


def _median(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def print_path(catalog: Catalog, font: CjkFont) -> None:
    for profile in ("gb18030", "gbk", "image"):
        printer_config = PrinterConfig(profile=profile, paper_width_mm=80)
        cfg = KioskConfig(terminal_number=7, printer=printer_config)
        printer = TicketPrinter(cfg, font, connect=lambda _: DroppingConnection())
        content = sample_ticket_content(catalog, cfg)
        new: list[float] = []
        old: list[float] = []
        after: list[float] = []
        for run in range(RUNS + 1):  # the first run warms caches and is dropped
            handed: list[float] = []
            start = time.perf_counter()
            print_content(printer, content, on_sent=_stamp(handed))
            end = time.perf_counter()
            before: list[float] = []
            old_start = time.perf_counter()
            _preview_first(printer, content, _stamp(before))
            if run:
                new.append(handed[0] - start)
                after.append(end - handed[0])
                old.append(before[0] - old_start)
        print(
            f"ticket_to_connection_{profile}_80mm: {_median(new):.2f} ms (target <= 20 ms; "
            f"content -> bytes handed to the connection, preview after, median of {RUNS})"
        )
        print(
            f"ticket_to_connection_{profile}_80mm_preview_first: {_median(old):.2f} ms "
            f"(before: the same with the preview drawn and encoded first, median of {RUNS})"
        )
        print(
            f"ticket_preview_{profile}: {_median(after):.2f} ms (after the hand-over: "
            f"drawing and PNG encoding, median of {RUNS})"
        )


def long_address(catalog: Catalog, font: CjkFont) -> None:
    """The confirmation with a 4,000- and a 40,000-character address part."""
    builder, ctx = sample_document_jobs(catalog, KioskConfig(terminal_number=7), font)[
        "confirmation"
    ]
    address = ctx.answers["new_address"]
    assert isinstance(address, dict)
    figures: dict[int, float] = {}
    for length in (4_000, 40_000):
        answers = {**ctx.answers, "new_address": {**address, "detail": "临" * length}}
        long_ctx = replace(ctx, answers=answers)

        def build_long(c: DocumentContext = long_ctx) -> bytes:
            return builder(c)

        figures[length] = median_ms(build_long, 3)
    short, long = figures[4_000], figures[40_000]
    print(
        f"confirmation_pdf_long_address: {long:.0f} ms (target <= {10 * short:.0f} ms, ten "
        f"times the {short:.0f} ms of 4,000 characters: linear; 40,000 characters in one "
        "address part, median of 3)"
    )


class StampingConnection(DroppingConnection):
    """Drops the bytes and notes when the last of them were handed over (the flush)."""

    def __init__(self, stamps: list[float]) -> None:
        super().__init__()
        self.stamps = stamps

    def flush(self) -> None:
        super().flush()
        self.stamps.append(time.perf_counter())


TAKE_HOME_RUNS = 20


def take_home_path(catalog: Catalog, font: CjkFont) -> None:
    """Terminal.take_home from the call (the tap) to the slip's bytes at the connection,
    and to the A4 document handed to lp (a stand-in `lp` that only exits), for the signed
    commitment (the largest slip: its signature is a raster) and the notice."""
    import os
    import stat
    import tempfile

    from kiosk.config import DocumentsConfig, demo_config
    from kiosk.samples import SAMPLES, sample_signature_strokes
    from kiosk.signature import Signature
    from kiosk.terminal import Terminal

    item = "company-address-change"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        bin_dir = root / "bin"
        bin_dir.mkdir()
        lp = bin_dir / "lp"
        lp.write_text("#!/bin/sh\nexit 0\n")
        lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
        os.environ["PATH"] = f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
        base = demo_config(root / "data")
        image = base.printer.model_copy(update={"profile": "image"})
        configs = {
            "slip": base,
            "slip_image": base.model_copy(update={"printer": image}),
            "a4": base.model_copy(update={"documents": DocumentsConfig(cups_queue="bench")}),
        }
        for where, config in configs.items():
            terminal = Terminal(config, font, catalog=catalog)
            try:
                terminal.open().result(60)
                stamps: list[float] = []

                def connect(_: KioskConfig, into: list[float] = stamps) -> StampingConnection:
                    return StampingConnection(into)

                terminal.ticket_printer.connect = connect
                answers = SAMPLES[item]()
                have = {m.id: m.id != "premises_proof" for m in catalog[item].materials}
                sub = terminal.submit(item, answers, have, "zh_CN").result(60)
                strokes, width, height = sample_signature_strokes()
                signed = Signature.from_pad(strokes, width, height)
                terminal.accept_commitment(sub.reference, signed).result(60)
                samples: list[float] = []
                first = 0.0
                for run in range(TAKE_HOME_RUNS + 1):  # the first run is reported apart
                    stamps.clear()
                    tapped = time.perf_counter()
                    paper = terminal.take_home(sub, answers, have, "zh_CN").result(60)
                    assert paper.printed, paper.message
                    done = stamps[0] if where != "a4" else tapped + (paper.to_printer_s or 0)
                    if run:
                        samples.append(done - tapped)
                    else:
                        first = done - tapped
            finally:
                terminal.close()
            what = (
                "the call -> the slip's last byte at the connection (the PDF saved after)"
                if where != "a4"
                else "the call -> the commitment PDF built, saved and lp returned"
            )
            name = {
                "slip": "take_home_slip_commitment_gb18030_80mm",
                "slip_image": "take_home_slip_commitment_image_80mm",
                "a4": "take_home_a4_commitment",
            }[where]
            print(
                f"{name}: {_median(samples):.0f} ms (target <= 300 ms; {what}, through the "
                f"terminal's lanes, max {max(samples) * 1000:.0f} ms, the first tap after the "
                f"opening {first * 1000:.0f} ms, median of {TAKE_HOME_RUNS})"
            )


def main() -> None:
    catalog = load_catalog(resource_path("catalog"))
    font = find_cjk_font()
    print_path(catalog, font)
    take_home_path(catalog, font)
    for profile in ("gb18030", "gbk", "image"):
        for width in (80, 58):
            printer = PrinterConfig(profile=profile, paper_width_mm=width)
            content = sample_ticket_content(
                catalog, KioskConfig(terminal_number=7, printer=printer)
            )
            paper, chosen = PAPERS[width], PROFILES[profile]

            def ticket(
                content: TicketContent = content,
                paper: Paper = paper,
                chosen: PrinterProfile = chosen,
            ) -> bytes:
                return build(layout(content, paper), chosen, paper, font).data

            ms = median_ms(ticket, 200)
            print(
                f"ticket_bytes_{profile}_{width}mm: {ms:.2f} ms (target <= 20 ms; layout and "
                f"ESC/POS bytes, {len(ticket())} bytes, median of 200)"
            )
    for name, (builder, ctx) in sample_document_jobs(
        catalog, KioskConfig(terminal_number=7), font
    ).items():
        ms = median_ms(lambda b=builder, c=ctx: b(c), 20)  # type: ignore[misc]
        print(
            f"pdf_{name}: {ms:.1f} ms (target <= 150 ms; {len(builder(ctx))} bytes, "
            "font subset embedded, median of 20)"
        )
    long_address(catalog, font)


if __name__ == "__main__":
    main()
