"""The thermal ticket: golden bytes per profile and width, read back like a printer would."""

from __future__ import annotations

import io
import logging
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig, PrinterConfig
from printer.escpos_reader import Ticket, read
from printer.escpos_ticket import build
from printer.fonts import find_cjk_font
from printer.preview import render, without_cut
from printer.printing import TicketPrinter
from printer.profiles import PAPERS, PROFILES, profile_for
from printer.sample import REFERENCE, sample_ticket_content
from printer.text_encoding import display_width, encode, wrap
from printer.ticket_content import TicketContent
from printer.ticket_layout import Line, layout

GOLDEN = Path(__file__).with_name("golden")
CASES = [(p, w) for p in PROFILES for w in (80, 58)]
URL = f"https://zwfw.jkq.gov.cn/progress?ref={REFERENCE}"


def config(profile: str = "gb18030", width: int = 80, **printer: object) -> KioskConfig:
    return KioskConfig(
        terminal_number=7, printer=PrinterConfig(profile=profile, paper_width_mm=width, **printer)
    )  # type: ignore[arg-type]


def ticket_bytes(catalog: Catalog, profile: str, width: int, **changes: object) -> bytes:
    cfg = config(profile, width)
    content = replace(sample_ticket_content(catalog, cfg), **changes)  # type: ignore[arg-type]
    return TicketPrinter(cfg).render(content).data


def qr_from_image(image: Image.Image) -> list[str]:
    padded = Image.new("L", (image.width + 80, image.height + 80), 255)
    padded.paste(image.convert("L"), (40, 40))
    return [r.text for r in zxingcpp.read_barcodes(padded)]


@pytest.mark.parametrize(("profile", "width"), CASES)
def test_golden_bytes(catalog: Catalog, profile: str, width: int) -> None:
    """Any change to the printed bytes must be deliberate: UPDATE_GOLDEN=1 rewrites them."""
    data = ticket_bytes(catalog, profile, width)
    golden = GOLDEN / f"ticket-{profile}-{width}mm.bin"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes()


def _joined(ticket: Ticket) -> str:
    """The printed text with line breaks (and the spaces wrapping ate) taken out."""
    return "".join(ticket.text_lines()).replace(" ", "")


@pytest.mark.parametrize(("profile", "width"), [c for c in CASES if c[0] != "image"])
def test_text_profiles_read_back(catalog: Catalog, profile: str, width: int) -> None:
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    # strict: no byte >= 0x80 outside Chinese mode, no stray text before a cut or QR
    ticket = read(ticket_bytes(catalog, profile, width), encoding, strict=True)
    assert ticket.initialised and [e.on for e in ticket.chinese_mode_events] == [True]
    lines = ticket.lines_with_style()
    big = [ln for ln in lines if ln.text == "A07-012"]
    assert len(big) == 1 and big[0].align == "center" and big[0].width >= 3
    assert big[0].height == big[0].width and big[0].bold
    text = _joined(ticket)
    assert "经开区政务服务中心" in text
    assert "企业登记信息变更（住所变更）" in text  # wrapped on 58 mm, whole when joined
    for printed in (
        "请到 3、4 或 5 号窗口",
        "Go to counters 3, 4 or 5",
        "前面等候：5 人",
        "Waiting ahead: 5 people",
        "预审：容缺受理",
        "新住所使用证明（房产证或租赁合同），请于 2026-12-03 前补交",
        f"申报编号：{REFERENCE}",
        "2026-11-26 10:30  7 号终端",
        "过号请重新取号",
    ):
        assert printed.replace(" ", "") in text, printed
    assert ticket.qr_codes() == [URL]
    assert ticket.cuts() == 1
    columns = PAPERS[width].columns
    assert all(display_width(ln.text) * ln.width <= columns for ln in lines), "overflow"


@pytest.mark.parametrize("width", [80, 58])
def test_image_profile_is_one_raster_with_a_readable_qr(catalog: Catalog, width: int) -> None:
    ticket = read(ticket_bytes(catalog, "image", width), "gb18030", strict=True)
    assert ticket.text_lines() == [] and ticket.chinese_mode_events == []
    assert ticket.qr_codes() == [] and ticket.cuts() == 1
    image = ticket.picture()  # one raster, in bands
    assert image.width == PAPERS[width].dots
    assert qr_from_image(image) == [URL]


def test_mixed_and_symbol_heavy_text(catalog: Catalog) -> None:
    item = "企业开办“一件事” Company start-up (设立登记+公章刻制+涉税事项)"
    notice = "费用￥0.00 ¥0 · №3 — ①②③ 《》【】：；😀 A07-012"
    data = ticket_bytes(catalog, "gbk", 80, item_name=item, notice=notice, ahead=None)
    text = _joined(read(data, "gbk", strict=True))
    assert item.replace(" ", "") in text
    assert "前面等候：暂时无法获取（网络中断），请留意叫号屏" in text
    assert "Waitingahead:Notknownrightnow(noconnection);watchthecallingscreen" in text
    # ¥ is not in GBK: a look-alike; the emoji: "?"; the rest as written
    assert "费用￥0.00 ￥0 · №3 — ①②③ 《》【】：；? A07-012".replace(" ", "") in text


def test_unprintable_characters_are_replaced_and_logged(
    catalog: Catalog, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = config()
    content = replace(sample_ticket_content(catalog, cfg), notice="¥𠮷😀")
    with caplog.at_level(logging.WARNING, logger="printer"):
        rendered = TicketPrinter(cfg).render(content)
    assert rendered.replaced == ("¥", "𠮷", "😀")
    assert "cannot print were replaced" in caplog.text


def test_native_qr_can_be_turned_off(catalog: Catalog) -> None:
    cfg = config("gb18030", 80, native_qr=False)
    assert not profile_for(cfg.printer).native_qr
    data = TicketPrinter(cfg).render(sample_ticket_content(catalog, cfg)).data
    ticket = read(data, "gb18030", strict=True)
    assert ticket.qr_codes() == []
    (qr,) = ticket.images()
    assert qr_from_image(qr) == [URL]


@pytest.mark.parametrize("width", [80, 58])
def test_preview_shows_the_same_ticket(catalog: Catalog, width: int) -> None:
    cfg = config("gb18030", width)
    rendered = TicketPrinter(cfg).render(sample_ticket_content(catalog, cfg))
    image = Image.open(io.BytesIO(rendered.preview_png))
    assert image.width == PAPERS[width].dots and image.height > 600
    assert qr_from_image(image) == [URL]
    # the number is the largest thing on it: its line is at scale 3 or more
    blocks = layout(sample_ticket_content(catalog, cfg), PAPERS[width])
    number = next(b for b in blocks if isinstance(b, Line) and b.text == "A07-012")
    assert number.scale >= 3


def test_wrap_and_width() -> None:
    assert display_width("企业A1") == 6
    assert wrap("事项：企业登记信息变更（住所变更）", 16) == [
        "事项：企业登记",  # 信息 and 变更 kept whole
        "信息变更（住所",
        "变更）",
    ]
    assert wrap("Counter 3, 4, 5 and more words", 12) == ["Counter 3,", "4, 5 and", "more words"]
    assert all(display_width(x) <= 10 for x in wrap("https://example.org/a/very/long/url", 10))
    assert encode("¥1", "gbk").data == "￥1".encode("gbk")
    assert encode("A\nB\x1b", "gbk").data == b"A?B?"  # no stray printer commands


def test_build_is_pure(catalog: Catalog) -> None:
    cfg = config()
    content: TicketContent = sample_ticket_content(catalog, cfg)
    blocks = layout(content, PAPERS[80])
    font = find_cjk_font()
    first = build(blocks, PROFILES["gb18030"], PAPERS[80], font).data
    assert build(blocks, PROFILES["gb18030"], PAPERS[80], font).data == first
    assert (
        render(without_cut(blocks), PAPERS[80], font).tobytes()
        == render(without_cut(blocks), PAPERS[80], font).tobytes()
    )
    assert content.deficiencies == (("新住所使用证明（房产证或租赁合同）", date(2026, 12, 3)),)
