"""`kiosk self-test`: what a technician runs on a new terminal or a new bundle.

With no display (Qt offscreen), in a temporary folder, it goes through what a terminal
needs, one check after another, and prints one bilingual line for each:

- the config (the one given with ``--config``, else the demo's) and the catalog;
- the CJK font (the bundle's own first), with the glyphs of the documents' headings;
- a store opened and migrated to the newest schema;
- the home screen built to its first frame (a real window, its picture not blank);
- "zhongwen" typed on the pinyin keyboard, 中文 found among its candidates;
- a ticket's bytes for the configured profile, read back as the printer would;
- an A4 document's PDF;
- when configured: the central server reached with the terminal's token, and the
  printer asked for its status (a files printer has none to give).

Exit 0 only when every check passes. Nothing of it touches the terminal's data folder:
the store, the tickets and the cache go to the temporary folder, removed at the end.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import Text, text

if TYPE_CHECKING:
    from kiosk.catalog.loader import Catalog
    from kiosk.config import KioskConfig
    from printer.fonts import CjkFont

PASS = "通过 PASS"
FAIL = "失败 FAIL"
SKIP = "跳过 SKIP"


class CheckFailed(Exception):
    """A check's plain reason (English detail; the check's name says what it was)."""


@dataclass(frozen=True)
class CheckResult:
    name: Text
    status: str  # PASS, FAIL or SKIP
    detail: str
    elapsed_ms: float

    def line(self) -> str:
        return f"[{self.status}] {self.name.zh} / {self.name.en}: {self.detail}"


@dataclass(frozen=True)
class ScreenChecks:
    """The interface's checks (ui.self_check), given by the `kiosk` command: the core
    imports no Qt."""

    home_screen: Callable[[KioskConfig, CjkFont, Catalog | None], str]
    pinyin: Callable[[str, str], str]


@dataclass
class _State:
    """What one check hands the next."""

    config: KioskConfig | None = None
    catalog: Catalog | None = None
    font: CjkFont | None = None


class SelfTest:
    """The checks in order; a check that needs an earlier one's result fails with it."""

    def __init__(self, config_path: Path | None, work: Path, screen: ScreenChecks) -> None:
        self.config_path, self.work, self.screen = config_path, work, screen
        self.state = _State()
        self.results: list[CheckResult] = []

    def run(self, report: Callable[[CheckResult], None] = lambda _: None) -> bool:
        checks: list[tuple[Text, Callable[[], str | None]]] = [
            (text("配置文件", "Config file"), self.check_config),
            (text("事项目录", "Service catalog"), self.check_catalog),
            (text("邮寄地址列表", "Address lists"), self.check_divisions),
            (text("中文字体", "Chinese font"), self.check_font),
            (text("本地数据库", "Local store"), self.check_store),
            (text("首页画面", "Home screen"), self.check_home_screen),
            (text("拼音输入", "Pinyin keyboard"), self.check_pinyin),
            (text("号票打印数据", "Ticket bytes"), self.check_ticket),
            (text("A4 文书", "A4 document"), self.check_pdf),
            (text("读卡进程", "ID card reader process"), self.check_card_reader),
            (text("中心服务器", "Central server"), self.check_central),
            (text("打印机状态", "Printer status"), self.check_printer),
        ]
        for name, check in checks:
            began = time.perf_counter()
            try:
                detail = check()
                status = PASS if detail is not None else SKIP
                detail = detail if detail is not None else self._skip_reason
            except CheckFailed as e:
                status, detail = FAIL, str(e)
            except Exception as e:  # a bug or a broken bundle: said, never a traceback
                status, detail = FAIL, f"{type(e).__name__}: {e}"
            result = CheckResult(name, status, detail, (time.perf_counter() - began) * 1000)
            self.results.append(result)
            report(result)
        return all(r.status != FAIL for r in self.results)

    _skip_reason = ""

    def _skip(self, reason: str) -> None:
        self._skip_reason = reason

    # -- the checks -------------------------------------------------------------------------

    def check_config(self) -> str:
        from kiosk.config import ConfigError, demo_config, load_config

        if self.config_path is None:
            config = demo_config(self.work / "data")
            where = "demo config (no --config given)"
        else:
            try:
                config = load_config(self.config_path)
            except ConfigError as e:
                raise CheckFailed(str(e).replace("\n", "; ")) from None
            where = str(self.config_path)
        self.state.config = config
        return f"{where}, terminal {config.terminal_number}"

    def check_catalog(self) -> str:
        from kiosk.catalog.loader import CatalogError, load_catalog
        from kiosk.resources import resource_path

        config = self._config()
        folder = config.catalog_dir or resource_path("catalog")
        try:
            catalog = load_catalog(folder)
        except CatalogError as e:
            raise CheckFailed(
                f"{len(e.problems)} problem(s) in {folder}: {e.problems[0]}"
            ) from None
        self.state.catalog = catalog
        return f"{len(catalog)} items from {folder}"

    def check_divisions(self) -> str:
        """The province, city and district lists of 证照免费邮寄, with the hall's own."""
        from kiosk.divisions import DivisionDataError, Divisions

        try:
            divisions = Divisions.load()
        except DivisionDataError as e:
            raise CheckFailed(str(e)) from None
        home = self._config().hall_division
        place = divisions.home_place(home)
        if place is None:
            raise CheckFailed(f"hall_division {home} is not a district in the lists")
        return f"{len(divisions)} districts; the hall's: {place.province.name}{place.district.name}"

    def check_font(self) -> str:
        from printer.fonts import FontNotFound, bundled_fonts, find_cjk_font

        try:
            font = find_cjk_font(self._config().font_path)
        except FontNotFound as e:
            raise CheckFailed(e.message.en) from None
        self.state.font = font
        origin = "bundled" if font.path in bundled_fonts() else "system"
        return f"{font.family} ({origin}: {font.path})"

    def check_store(self) -> str:
        from sqlalchemy import text as sql

        from kiosk.store.database import Store

        store = Store(self.work / "store" / "kiosk.db")
        try:
            with store.session() as session:
                revision = session.execute(sql("SELECT version_num FROM alembic_version")).scalar()
        finally:
            store.close()
        return f"created and migrated to schema {revision}"

    def check_home_screen(self) -> str:
        return self.screen.home_screen(self._ui_config(), self._font(), self.state.catalog)

    def check_pinyin(self) -> str:
        return self.screen.pinyin("zhongwen", "中文")

    def check_ticket(self) -> str:
        from printer.escpos_reader import read
        from printer.printing import TicketPrinter
        from printer.sample import sample_ticket_content

        config = self._config()
        printer = TicketPrinter(config, self._font())
        content = sample_ticket_content(self._catalog(), config)
        built = printer.build(content)
        profile = printer.profile
        encoding = profile.encoding or "gb18030"  # image profiles: only commands to read
        ticket = read(built.data, encoding)
        if ticket.problems:
            raise CheckFailed(f"profile {profile.name}: {ticket.problems[0]}")
        number = content.number
        if profile.encoding is not None and number not in ticket.text():
            raise CheckFailed(f"profile {profile.name}: the number {number} is not printed")
        if profile.encoding is None and not ticket.images():
            raise CheckFailed(f"profile {profile.name}: no picture in the ticket")
        if not ticket.cuts():
            raise CheckFailed(f"profile {profile.name}: the paper is never cut")
        return f"profile {profile.name}, {len(built.data)} bytes read back, ticket {number}"

    def check_pdf(self) -> str:
        from printer.sample import sample_documents

        documents = sample_documents(self._catalog(), self._config(), self._font())
        name, pdf = next(iter(documents.items()))
        if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
            raise CheckFailed(f"{name}: not a complete PDF")
        if b"/FontFile2" not in pdf:  # the CJK TrueType font embedded, not the viewer's
            raise CheckFailed(f"{name}: the Chinese font is not embedded")
        (self.work / f"{name}.pdf").write_bytes(pdf)
        return f"{name}.pdf, {len(pdf) // 1024} KB, font embedded"

    def check_card_reader(self) -> str | None:
        """The ID card reader's own process (kiosk --id-card-reader in the bundle) reads a
        sample card from a made-up reader speaking the reader's protocol on a pty; the
        configured reader itself is the diagnostics' to show."""
        import threading

        from kiosk.config import IdCardConfig, ScannerConfig
        from kiosk.device_hub import DeviceHub

        if sys.platform == "win32":
            self._skip("no pseudo-terminal for the made-up reader on Windows")
            return None
        config = self._config().model_copy(
            update={
                "id_card": IdCardConfig(connection="fake"),
                "scanner": ScannerConfig(connection="none"),
                "signal_light": None,
            }
        )
        read = threading.Event()
        hub = DeviceHub(
            config,
            today=date.today,
            on_card=lambda values, expired, valid_to: read.set(),
            on_unreadable=lambda _: None,
            on_reader=lambda _: None,
            on_code=lambda _: None,
        )
        began = time.perf_counter()
        try:
            hub.start()
            hub.place_demo_card()
            if not read.wait(20):
                raise CheckFailed(f"no card read in 20 s: {hub.details()['id_card'].en}")
        finally:
            hub.close()
        return f"a sample card read in {(time.perf_counter() - began) * 1000:.0f} ms"

    def check_central(self) -> str | None:
        from kiosk.sync.client import CentralClient, SyncFault

        link = self._config().central
        if not link.url:
            self._skip("no [central] url configured (offline terminal)")
            return None
        client = CentralClient(link)
        began = time.perf_counter()
        try:  # an authenticated route: the token is checked too
            client.get("/terminals/in-service")
        except SyncFault as e:
            raise CheckFailed(f"{link.url}: {e}") from None
        finally:
            client.close()
        elapsed = (time.perf_counter() - began) * 1000
        return f"{link.url} answered in {elapsed:.0f} ms, token accepted"

    def check_printer(self) -> str | None:
        from printer.printing import TicketPrinter

        config = self._config()
        if config.printer.connection == "files":
            self._skip("the files printer (demo) has no status to ask")
            return None
        report = TicketPrinter(config, self._font()).query_status()
        fault = report.fault
        if fault is not None:  # the technician's words: what is wrong, what to check
            raise CheckFailed(f"{fault.advice.zh} / {fault.advice.en} ({report.detail})")
        return f"{report.connection}: {report.detail}"

    # -- what the checks share --------------------------------------------------------------

    def _config(self) -> KioskConfig:
        if self.state.config is None:
            raise CheckFailed("needs the config, which failed")
        return self.state.config

    def _catalog(self) -> Catalog:
        if self.state.catalog is None:
            raise CheckFailed("needs the catalog, which failed")
        return self.state.catalog

    def _font(self) -> CjkFont:
        if self.state.font is None:
            raise CheckFailed("needs the font, which failed")
        return self.state.font

    def _ui_config(self) -> KioskConfig:
        """The terminal's config, its data and tickets in the temporary folder, offline:
        the screen's check must not sync, print or write the terminal's own store."""
        from kiosk.config import CentralConfig, PrinterConfig

        config = self._config()
        data = self.work / "screen"
        printer = PrinterConfig(connection="files", output_dir=data / "tickets")
        return config.model_copy(
            update={"data_dir": data, "central": CentralConfig(), "printer": printer}
        )


def main(config_path: Path | None, screen: ScreenChecks) -> int:
    """Run every check, print a line for each and a last line; 0 when all passed."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no display needed, even where there is one
    # Qt Multimedia's search for optional libraries is no news for a technician.
    os.environ.setdefault("QT_LOGGING_RULES", "qt.multimedia.*=false;qt.qml.propertyCache*=false")
    with tempfile.TemporaryDirectory(prefix="kiosk-self-test-") as folder:
        test = SelfTest(config_path, Path(folder), screen)
        ok = test.run(lambda result: print(result.line(), flush=True))
    failed = sum(r.status == FAIL for r in test.results)
    if ok:
        print("自检通过 / Self-test passed")
        return 0
    print(f"自检未通过：{failed} 项失败 / Self-test failed: {failed} check(s)")
    return 1
