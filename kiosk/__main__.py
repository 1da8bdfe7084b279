"""The `kiosk` command: start the kiosk, or check a catalog folder.

    kiosk --demo                 demo mode: a window, its own data folder, the files printer
    kiosk --config PATH          kiosk mode (fullscreen) with the terminal's config file
    kiosk --demo --console       a console walk-through of one declaration
    kiosk check-catalog [PATH]   check a catalog folder (exit 0 when clean)
    kiosk [--config PATH] self-test   the technician's checks, offscreen (exit 0: all passed)
    kiosk --config PATH outbox   what waits for the central server; rejected events
    kiosk --config PATH provision --central URL --code CODE [--ca FILE]
                                 enrol the terminal with the hall's one-time code

The terminal itself is built by the composition root, kiosk.terminal.Terminal.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.resources import resource_path
from kiosk.stopping import STOP, raise_interrupt

# Imported in main(), after the stop request is installed and pydantic is told that the
# kiosk uses no plugins (looking for them scans every installed package: 15 ms a start).
if TYPE_CHECKING:
    from kiosk.config import KioskConfig
    from kiosk.declarations import IssuedTicket, Submitted
    from kiosk.display import Display
    from kiosk.forms import AnswerValue
    from printer.fonts import CjkFont

EXIT_BAD_CONFIG = 2
EXIT_BAD_CATALOG = 3
EXIT_NO_FONT = 4
EXIT_NOT_INSTALLED = 5
EXIT_STORE_TOO_NEW = 6  # the store was written by a newer release (kiosk.store.database)
EXIT_RESTART = 75  # the technician's "restart the kiosk" (ui.staff_model.RESTART_EXIT)
# What the terminal's install brings (`pip install 'declaration-kiosk[terminal]'`).
TERMINAL_PACKAGES = frozenset(
    {"PySide6", "shiboken6", "requests", "qrcode", "escpos", "usb", "serial", "PIL"}
    | {"reportlab", "pypinyin"}
)

log = logging.getLogger("kiosk")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiosk", description="Self-service declaration kiosk")
    p.add_argument("--config", type=Path, help="the terminal's config file (TOML)")
    p.add_argument("--demo", action="store_true", help="demo mode with its own data folder")
    p.add_argument("--data-dir", type=Path, help="data folder for demo mode")
    p.add_argument(
        "--no-central",
        action="store_true",
        help="demo mode without its central server on loopback (the outbox just fills)",
    )
    p.add_argument(
        "--console",
        action="store_true",
        help="a console walk-through of one declaration instead of the touch UI",
    )
    sub = p.add_subparsers(dest="command")
    check = sub.add_parser("check-catalog", help="check a catalog folder")
    check.add_argument("path", nargs="?", type=Path, help="the folder (default: bundled)")
    from kiosk import provision_cli

    provision_cli.add_parser(sub)
    sub.add_parser(
        "self-test",
        help="check the config, catalog, font, store, home screen, pinyin keyboard, ticket, "
        "PDF, central server and printer, with no display (exit 0 when all pass)",
    )
    sub.add_parser(
        "outbox",
        help="what waits to be sent to the central server, and the rejected events "
        "(with --config or --demo; exit 1 when there are rejected events)",
    )
    return p


def check_catalog_command(path: Path | None) -> int:
    from kiosk.catalog.loader import HEADING, CatalogError, load_catalog

    folder = path or resource_path("catalog")
    try:
        catalog = load_catalog(folder)
    except CatalogError as e:
        print(f"{HEADING}:")
        for problem in e.problems:
            print(problem)
        print(f"{len(e.problems)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: catalog is clean ({len(catalog)} items)")
    return 0


def _demo_data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir is not None:
        return Path(args.data_dir)
    import platformdirs

    return Path(platformdirs.user_data_dir("declaration-kiosk", appauthor=False)) / "demo"


def _config(args: argparse.Namespace) -> KioskConfig:
    from kiosk.config import ConfigError, demo_config, load_config

    if args.demo:
        return demo_config(_demo_data_dir(args))
    if args.config is None:
        raise ConfigError(Path("-"), ["kiosk mode needs --config PATH (or use --demo)"])
    return load_config(args.config)


def main(argv: list[str] | None = None) -> int:
    # First of all: SIGTERM and Ctrl+C end the kiosk in order, in every state.
    STOP.install()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        code = _main(argv)
    except ModuleNotFoundError as e:  # a server-only install: say what to install
        if (e.name or "").split(".")[0] not in TERMINAL_PACKAGES:
            raise
        print(
            f"终端所需的软件包未安装 / The terminal's packages are not installed ({e.name}):\n"
            "  pip install 'declaration-kiosk[terminal]'",
            file=sys.stderr,
        )
        return EXIT_NOT_INSTALLED
    if code == EXIT_RESTART and argv is None and not STOP.requested:
        # Everything is closed in order by now (the store's writes are done): the same
        # command again, in this process's place (no supervising service needed).
        logging.shutdown()
        command = restart_command()
        os.execv(command[0], command)
    return code


def restart_command() -> list[str]:
    """The command line that started this kiosk (interpreter and options included)."""
    if getattr(sys, "frozen", False):  # the PyInstaller bundle: its own executable
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, *sys.orig_argv[1:]]


def _main(argv: list[str] | None) -> int:
    given = sys.argv[1:] if argv is None else argv
    if given[:1] == ["--voice"]:  # the read-aloud voice's own process (ui/voice_process.py)
        from ui.voice_process import main as voice

        return voice(given[1:])
    if given[:1] == ["--id-card-reader"]:  # the ID card reader's (devices/id_card/worker.py)
        from devices.id_card.worker import main as id_card_reader

        return id_card_reader(given[1:])
    args = _parser().parse_args(argv)
    if args.command == "check-catalog":
        return check_catalog_command(args.path)
    if args.command == "self-test":
        from kiosk.selftest import ScreenChecks
        from kiosk.selftest import main as self_test
        from ui import self_check

        return self_test(args.config, ScreenChecks(self_check.home_screen, self_check.pinyin))
    if args.command == "provision":
        from kiosk import provision_cli

        return provision_cli.run(args)
    display = _first_frame(args)
    if display is not None:  # the touch interface: its home screen, then the config's check
        return _start(args, display, font_path=display.font_path, data_dir=display.data_dir)
    from kiosk.config import HEADING, ConfigError

    try:
        config = _config(args)
    except ConfigError as e:
        print(f"{HEADING}:\n{e}", file=sys.stderr)
        return EXIT_BAD_CONFIG
    if args.command == "outbox":
        from kiosk.outbox_report import report
        from kiosk.store.database import Store, StoreError

        try:
            store = Store(config.resolved_data_dir() / "kiosk.db")
        except StoreError as e:
            print(f"{e.message.zh}\n{e.message.en}", file=sys.stderr)
            return EXIT_STORE_TOO_NEW
        try:
            return 1 if report(store, datetime.now(UTC)) else 0
        finally:
            store.close()
    return _start(args, config, font_path=config.font_path, data_dir=config.resolved_data_dir())


def _first_frame(args: argparse.Namespace) -> Display | None:
    """What the touch interface's first frame shows, before the config is checked (no
    pydantic): for the touch interface only, not the console or the demo's own server
    (they need the checked config first), and only from a file that reads as TOML."""
    from kiosk import display

    if args.command is not None or args.console:
        return None
    if args.demo:
        return display.demo(_demo_data_dir(args)) if args.no_central else None
    return display.peek(args.config) if args.config is not None else None


def _start(
    args: argparse.Namespace,
    config: KioskConfig | Display,
    *,
    font_path: Path | None,
    data_dir: Path,
) -> int:
    """Logging and the font, then the touch interface or the console."""
    from kiosk.display import Display
    from kiosk.logsetup import log_folder, setup_logging

    setup_logging(config.log_level, log_folder(data_dir))
    from printer.fonts import FontNotFound, find_cjk_font

    try:  # without a Chinese font, tickets and PDFs would show boxes: refuse to start
        font = find_cjk_font(font_path, remember=data_dir / "cache" / "cjk-font.json")
    except FontNotFound as e:
        print(f"{e.message.zh}\n{e.message.en}", file=sys.stderr)
        return EXIT_NO_FONT
    demo_central = None
    try:
        if args.console:
            STOP.on_request(raise_interrupt)
        if args.demo and not args.no_central and not STOP.requested:
            assert not isinstance(config, Display)
            config, demo_central = _with_demo_central(config, config.catalog_dir)
        if not args.console:
            from ui.app import run as run_ui

            # The touch interface checks the config and loads the catalog after its first
            # frame; a bad one still stops it (2, 3) before an applicant can start.
            return run_ui(
                config, font, STOP, load_config=lambda: _config(args), config_path=args.config
            )
        assert not isinstance(config, Display)
        return _console(config, font, demo_central is not None)
    except KeyboardInterrupt:
        return 0
    finally:
        STOP.on_request(None)
        if demo_central is not None:
            demo_central.stop()


def _with_demo_central(config: KioskConfig, catalog_dir: Path | None) -> tuple[KioskConfig, Any]:
    """Start the demo's central server on loopback and point the kiosk at it."""
    from kiosk.config import CentralConfig

    try:
        from central.demo import DEMO_PASSWORD, DEMO_USER, DemoCentralError, start
    except ModuleNotFoundError:  # the terminal's bundle carries no central server
        print("本程序不含中心服务器，离线演示 / No central server in this build, offline demo")
        return config, None

    folder = config.resolved_data_dir() / "central"
    try:
        central = start(folder, catalog_dir or resource_path("catalog"), config.terminal_number)
    except DemoCentralError as e:  # the kiosk works offline: say so and go on
        print(f"中心服务器未能启动，离线演示 / Central server not started, offline demo: {e}")
        return config, None
    print(
        f"中心服务器 / Central server: {central.url}\n"
        f"辅导台 / Dashboard: {central.dashboard}  ({DEMO_USER} / {DEMO_PASSWORD})",
        flush=True,
    )
    link = CentralConfig(url=central.url, token=central.token)
    return config.model_copy(update={"central": link}), central


def _console(config: KioskConfig, font: CjkFont, with_central: bool) -> int:
    """The console walk-through on the same terminal the touch interface runs."""
    from kiosk.catalog.loader import HEADING, CatalogError
    from kiosk.prereview import Outcome
    from kiosk.store.database import StoreError
    from kiosk.terminal import ConsoleDesk, Terminal
    from kiosk.walkthrough import run

    terminal = Terminal(config, font)
    try:
        try:
            catalog = terminal.open().result()
        except CatalogError as e:
            print(f"{HEADING}:\n{e}", file=sys.stderr)
            return EXIT_BAD_CATALOG
        except StoreError as e:
            print(f"{e.message.zh}\n{e.message.en}", file=sys.stderr)
            return EXIT_STORE_TOO_NEW
        desk = ConsoleDesk(terminal)

        reviewed: list[tuple[Submitted, Mapping[str, AnswerValue], Mapping[str, bool]]] = []

        def hand_out(
            sub: Submitted, answers: Mapping[str, AnswerValue], materials: Mapping[str, bool]
        ) -> None:
            paper = terminal.take_home(sub, answers, materials, "zh_CN").result()
            if paper.path is not None:
                print(f"文书已生成 / document written: {paper.path}")
            print(f"{paper.message.zh} / {paper.message.en}")

        def on_review(
            sub: Submitted, answers: Mapping[str, AnswerValue], materials: Mapping[str, bool]
        ) -> None:
            # The notice at once; the commitment once it is signed (after the review).
            if sub.review.outcome is Outcome.REJECTED:
                hand_out(sub, answers, materials)
            reviewed.append((sub, answers, materials))

        def on_ticket(ticket: IssuedTicket) -> None:
            assert desk.last_print is not None
            outcome = desk.last_print.result(60)
            if outcome.fault is not None:
                print(f"{outcome.fault.applicant.zh}\n{outcome.fault.applicant.en}")
            elif outcome.report is not None:
                for path in outcome.report.files:
                    print(f"票据 / ticket: {path}")
            sub, answers, materials = reviewed[-1]
            if sub.review.outcome is Outcome.PASSED_WITH_DEFICIENCY:
                hand_out(sub, answers, materials)  # the signed commitment

        run(catalog, desk, config.hall_name, on_review=on_review, on_ticket=on_ticket)
        if config.central.url and terminal.sync is not None:
            status = terminal.sync.wait_for_status(lambda s: s.outbox_depth == 0, 15)
            print(
                "已发送到中心服务器 / sent to the central server: "
                f"{'是 yes' if status.outbox_depth == 0 else '否 no'}"
                f"（待发送 / waiting: {status.outbox_depth}）"
            )
        if with_central and sys.stdin.isatty():
            input("按回车键停止中心服务器 / Press Enter to stop the central server: ")
        return 0
    finally:
        terminal.close()


if __name__ == "__main__":
    sys.exit(main())
