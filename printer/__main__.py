"""Sample prints for technicians: `python -m printer sample --out DIR`.

Writes, for a built-in sample declaration, one ticket per built-in printer profile and
paper width (`.bin` raw bytes and `.png` preview), each document's slip for them
(`slip-<document>-<profile>-<width>mm`: paper to take home without an A4 printer) and
each A4 document (`.pdf`), so a technician can try each profile on a new printer and keep
the one that prints Chinese correctly. `--printer [PROFILE]` sends one test ticket to the
printer of `--config` instead, with the configured profile or the one named, so each can
be tried on the real paper.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.catalog.loader import load_catalog
from kiosk.config import ConfigError, KioskConfig, PrinterConfig, load_config
from kiosk.resources import resource_path
from printer.errors import PrinterFault
from printer.fonts import FontNotFound, find_cjk_font
from printer.printing import TicketPrinter, print_content
from printer.profiles import PROFILES
from printer.sample import sample_documents, sample_slips, sample_ticket_content


def write_samples(out: Path, config: KioskConfig) -> list[Path]:
    """Every profile x width ticket and every document for the sample declaration."""
    out.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog(config.catalog_dir or resource_path("catalog"))
    font = find_cjk_font(config.font_path)
    written: list[Path] = []
    for profile in PROFILES:
        for width in (80, 58):
            printer_config = config.printer.model_copy(
                update={"profile": profile, "paper_width_mm": width}
            )
            cfg = config.model_copy(update={"printer": printer_config})
            rendered = TicketPrinter(cfg, font).render(sample_ticket_content(catalog, cfg))
            stem = out / f"ticket-{profile}-{width}mm"
            stem.with_suffix(".bin").write_bytes(rendered.data)
            stem.with_suffix(".png").write_bytes(rendered.preview_png)
            written += [stem.with_suffix(".bin"), stem.with_suffix(".png")]
            for name, (data, png) in sample_slips(catalog, cfg, font).items():
                slip = out / f"slip-{name}-{profile}-{width}mm"
                slip.with_suffix(".bin").write_bytes(data)
                slip.with_suffix(".png").write_bytes(png)
                written += [slip.with_suffix(".bin"), slip.with_suffix(".png")]
    for name, pdf in sample_documents(catalog, config, font).items():
        path = out / f"{name}.pdf"
        path.write_bytes(pdf)
        written.append(path)
    return written


def test_ticket(config: KioskConfig) -> int:
    """Send the sample ticket to the configured printer; say plainly how it went, in the
    technician's words (what is wrong, what to check), never the applicant's."""
    catalog = load_catalog(config.catalog_dir or resource_path("catalog"))
    printer = TicketPrinter(config)
    outcome = print_content(printer, sample_ticket_content(catalog, config))
    fault, report = outcome.fault, outcome.report
    if fault is not None:
        print(fault_lines(fault), file=sys.stderr)
        return 1
    assert report is not None  # print_content gives a report or a fault
    print(
        f"已发送 {report.bytes_sent} 字节，配置 {printer.profile.name} / "
        f"sent {report.bytes_sent} bytes with profile {printer.profile.name}; "
        f"打印后状态 / status after: {report.status_after}"
    )
    for warning in report.warnings:
        print(f"警告 / warning: {warning}")
    return 0


def fault_lines(fault: PrinterFault) -> str:
    """A printer fault for the technician: what is wrong and what to check in both
    languages, then the detail (the link, the status bytes, the system's error)."""
    return (
        f"测试票未能打印 / The test ticket was not printed ({fault.code}):\n"
        f"{fault.advice.zh}\n{fault.advice.en}\n"
        f"详情 / detail: {fault.technician}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m printer")
    sub = parser.add_subparsers(dest="command", required=True)
    sample = sub.add_parser("sample", help="sample tickets and documents")
    sample.add_argument("--out", type=Path, help="folder for the sample files")
    sample.add_argument(
        "--printer",
        nargs="?",
        const="",
        metavar="PROFILE",
        choices=["", *PROFILES],
        help="send a test ticket to the printer in --config instead, "
        "with its own profile or PROFILE (gb18030, gbk, image)",
    )
    sample.add_argument("--config", type=Path, help="the terminal's config file")
    args = parser.parse_args(argv)
    try:
        config = (
            load_config(args.config)
            if args.config
            else KioskConfig(terminal_number=1, printer=PrinterConfig())
        )
        if args.printer is not None:
            if args.config is None:
                parser.error("--printer needs --config (the printer to use)")
            if args.printer:
                printer = config.printer.model_copy(update={"profile": args.printer})
                config = config.model_copy(update={"printer": printer})
            return test_ticket(config)
        if args.out is None:
            parser.error("sample needs --out DIR (or --printer)")
        for path in write_samples(args.out, config):
            print(path)
    except ConfigError as e:
        print(f"配置错误 / Configuration error:\n{e}", file=sys.stderr)
        return 2
    except FontNotFound as e:
        print(f"{e.message.zh}\n{e.message.en}", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
