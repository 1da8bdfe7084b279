"""Paper to take home from the touch screen: on the A4 printer when there is one, else as
a slip on the ticket printer; the PDF kept in the documents folder either way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from kiosk.catalog.loader import Catalog
from kiosk.config import DocumentsConfig, demo_config
from kiosk.samples import SAMPLES
from printer.escpos_reader import read
from printer.fonts import find_cjk_font
from tests.ui.conftest import Kiosk
from ui.app import KioskApp


@pytest.fixture
def a4_kiosk(
    qapp: Any, qtbot: Any, tmp_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Kiosk, Path]]:
    """A kiosk with an A4 CUPS queue, and a fake `lp` that keeps what it is sent."""
    bin_dir, printed = tmp_path / "bin", tmp_path / "printed"
    bin_dir.mkdir()
    printed.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(
        f'#!/bin/sh\nfor a; do last="$a"; done\ncp "$last" "{printed}/"\n', encoding="utf-8"
    )
    lp.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    config = demo_config(tmp_path / "data").model_copy(
        update={"documents": DocumentsConfig(cups_queue="hall-a4")}
    )
    app = KioskApp(config, find_cjk_font(), qapp, catalog=catalog)
    app.window.resize(1280, 800)
    app.window.show()
    try:
        qtbot.waitExposed(app.window)
        app.wait_ready()
        k = Kiosk(app, qtbot, tmp_path / "data")
        k.settle()
        yield k, printed
    finally:
        app.close()


def test_print_the_one_time_notice(a4_kiosk: tuple[Kiosk, Path]) -> None:
    k, printed = a4_kiosk
    k.choose("company-address-change", "enterprise")
    k.click("beginButton")
    k.fill_form(SAMPLES["company-address-change"]())
    k.tick_materials(missing=("business_licence",))
    k.submit()
    k.wait(lambda: k.app.journey.outcome == "rejected")
    assert k.app.journey.paperOnA4
    k.click("printPaper")
    k.wait(lambda: "已打印" in k.app.journey.paperMessage)
    (pdf,) = printed.glob("*.pdf")
    text = PdfReader(pdf).pages[0].extract_text()
    assert "一次性告知单" in text and "营业执照" in text


def _reject(k: Kiosk) -> None:
    assert k.declare("company-address-change", ("business_licence",), "enterprise") == "rejected"


def test_without_an_a4_printer_the_notice_is_a_slip(kiosk: Kiosk) -> None:
    k = kiosk
    assert not k.app.journey.paperOnA4
    _reject(k)
    k.click("printPaper")
    k.wait(lambda: not k.app.journey.paperBusy and k.app.journey.paperMessage != "")
    assert "已打印" in k.app.journey.paperMessage
    (slip,) = (k.data_dir / "tickets").glob("*notice*.bin")
    printed = read(slip.read_bytes(), "gb18030")
    assert "营业执照" in printed.text() and printed.problems == []
    assert any(k.journey.reference in code for code in printed.qr_codes())
    (pdf,) = (k.data_dir / "documents").glob("*.pdf")
    assert "营业执照" in PdfReader(pdf).pages[0].extract_text()


def test_a_pass_prints_its_confirmation_on_request(kiosk: Kiosk) -> None:
    k = kiosk
    assert k.declare("elderly-card") == "passed"
    assert not list((k.data_dir / "tickets").glob("*"))  # nothing printed unasked
    k.click("printPaper")
    k.wait(lambda: not k.app.journey.paperBusy and "已打印" in k.app.journey.paperMessage)
    assert list((k.data_dir / "tickets").glob("*confirmation*.bin"))
    (pdf,) = (k.data_dir / "documents").glob("*confirmation*.pdf")
    assert "申报信息确认单" in PdfReader(pdf).pages[0].extract_text()
