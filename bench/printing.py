"""Printing benchmarks: building one ticket's bytes, and each A4 document.

Prints one figure a line as `name: value unit (target ...)`. A ticket takes the paper
itself about a second (some 130 mm at 130 mm/s), so building its bytes should cost
under 2% of that. Run: `.venv/bin/python bench/printing.py`.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from bench.timing import median_ms
from kiosk.catalog.loader import load_catalog
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.resources import resource_path
from printer.escpos_ticket import build
from printer.fonts import find_cjk_font
from printer.profiles import PAPERS, PROFILES, Paper, PrinterProfile
from printer.sample import sample_document_jobs, sample_ticket_content
from printer.ticket_content import TicketContent
from printer.ticket_layout import layout


def main() -> None:
    catalog = load_catalog(resource_path("catalog"))
    font = find_cjk_font()
    for profile in ("gb18030", "gbk", "image"):
        for width in (80, 58):
            printer = PrinterConfig(profile=profile, paper_width_mm=width)  # type: ignore[arg-type]
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


if __name__ == "__main__":
    main()
