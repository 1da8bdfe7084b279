"""`kiosk --config FILE provision --central URL --code CODE [--ca FILE]`: enrol this
terminal with a one-time code (kiosk.provision), one bilingual line per step.

A command, like kiosk.__main__: it builds the ticket printer for the test ticket (the
core's kiosk.provision imports none). Exit status 0 only when every step passed; 1 when
one was refused (the line says why); 2 for a missing --config.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

# The `kiosk` command builds its parser on every start, before the touch interface's
# first frame: nothing heavy (pydantic, the config) is imported until provision runs.
if TYPE_CHECKING:
    from kiosk.config import KioskConfig

EXIT_REFUSED = 1
EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `provision` on the kiosk's subcommands (the config path is the main
    parser's --config, required for it)."""
    p = sub.add_parser(
        "provision",
        help="enrol this terminal with a one-time code from the central server "
        "(central enrol --number N), write --config, download the catalog, calendar "
        "and staff list, print a test ticket",
    )
    p.add_argument("--central", required=True, metavar="URL", help="e.g. https://central.hall")
    p.add_argument("--code", required=True, help="the enrolment code, e.g. K7QM-3XPA")
    p.add_argument(
        "--ca", type=Path, metavar="FILE", help="the hall's CA certificate (PEM), if its own"
    )


def print_test(config: KioskConfig) -> Any:
    """The diagnostics' test ticket on the configured printer (a PrintCheck)."""
    from kiosk.clock import HallClock
    from kiosk.diagnostics.printer_check import print_test_ticket
    from printer.fonts import find_cjk_font
    from printer.printing import TicketPrinter

    remember = config.resolved_data_dir() / "cache" / "cjk-font.json"
    printer = TicketPrinter(config, find_cjk_font(config.font_path, remember=remember))
    return print_test_ticket(printer, config, HallClock(config.timezone)())


def run(args: argparse.Namespace) -> int:
    """Run `provision` as parsed; print each step as it ends; the exit status."""
    from kiosk.provision import Step, provision

    config_path: Path | None = getattr(args, "config", None)
    if config_path is None:
        print(
            "provision 需要 --config 配置文件路径 / provision needs --config FILE "
            "(the config to write, e.g. /etc/declaration-kiosk/config.toml)",
            file=sys.stderr,
        )
        return EXIT_USAGE

    def show(step: Step) -> None:
        print(step.console(), flush=True)

    result = provision(
        args.central,
        args.code,
        config_path=config_path,
        ca_bundle=args.ca,
        print_test=print_test,
        on_step=show,
    )
    if result.ok:
        print("登记完成 / Provisioning done")
        return 0
    if result.config_written:
        print(
            "配置已写入，但有步骤未通过：处理后在诊断页面重试下载或打印 / The config is "
            "written but a step failed: fix it, then download or print again from the "
            "diagnostics screen",
            file=sys.stderr,
        )
    return EXIT_REFUSED
