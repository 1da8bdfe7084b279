"""Paper to take home on the ticket printer: the notice, commitment and confirmation slips,
read back from their ESC/POS bytes on both paper widths and all three profiles, the
signature as a raster, faults through the fake printer; and the commitment PDF with the
person committing and the signature image."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.samples import sample_signature_strokes
from kiosk.signature import Signature
from printer.connections import NetworkConnection
from printer.documents import DocumentContext, build_commitment
from printer.errors import CoverOpen, PaperOut
from printer.escpos_reader import read
from printer.printing import TicketPrinter
from printer.profiles import PAPERS, PROFILES
from printer.slip import fault_message, print_slip, slip_content, slip_layout
from printer.ticket_layout import Line, Picture
from tests.printer.fake_device import FakePrinter
from tests.printer.test_documents import REFERENCE, URL, WQY, deficient, pages_text, rejected

pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")
CASES = [(p, w) for p in PROFILES for w in (80, 58)]
MADE = datetime(2026, 11, 26, 10, 30).astimezone()


@pytest.fixture
def at(clock) -> datetime:  # type: ignore[no-untyped-def]
    return clock()


def signed(ctx: DocumentContext) -> DocumentContext:
    strokes, width, height = sample_signature_strokes()
    return replace(
        ctx,
        committer="徐有为",
        committer_for="吉林恒鑫环保科技有限公司",
        signature=Signature.from_pad(strokes, width, height),
        signed_at=MADE,
        qr_url=URL,
    )


def printer_for(profile: str, width: int, fake: FakePrinter | None = None) -> TicketPrinter:
    config = KioskConfig(
        terminal_number=3,
        printer=PrinterConfig(profile=profile, paper_width_mm=width),  # type: ignore[arg-type]
    )
    if fake is None:
        return TicketPrinter(config)
    return TicketPrinter(
        config, connect=lambda _: NetworkConnection(fake.host, fake.port, timeout=1.0)
    )


def slip_bytes(kind: str, ctx: DocumentContext, profile: str, width: int) -> bytes:
    from printer.escpos_ticket import build

    printer = printer_for(profile, width)
    content = slip_content(kind, ctx, printer.paper, MADE)
    return build(
        slip_layout(content, printer.paper), printer.profile, printer.paper, printer.font
    ).data


def joined(data: bytes, profile: str) -> str:
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    ticket = read(data, encoding, strict=True)
    return "".join(ticket.text_lines()).replace(" ", "")


@pytest.mark.parametrize(("profile", "width"), CASES)
def test_the_commitment_slip_reads_back(
    catalog: Catalog, at: datetime, profile: str, width: int
) -> None:
    ctx = signed(deficient(catalog, at))
    data = slip_bytes("commitment", ctx, profile, width)
    encoding = PROFILES[profile].encoding
    ticket = read(data, encoding or "gb18030", strict=encoding is not None)
    assert ticket.cuts() == 1
    if encoding is None:  # the image profile: one raster, the slip drawn as printed
        assert ticket.bit_images and ticket.text_lines() == []
        return
    text = joined(data, profile)
    assert "容缺受理承诺书" in text and "Commitmenttobringthemissingmaterials" in text
    assert (
        REFERENCE in text and "承诺人：徐有为" in text and "代吉林恒鑫环保科技有限公司办理" in text
    )
    for d in ctx.review.deficiencies:
        assert f"{d.due_date:%Y-%m-%d}前补齐" in text
    assert "签署日期：2026-11-26" in text
    assert ticket.qr_codes() == [URL]
    # The signature: a raster as wide as the paper, with ink in it, beside the QR code.
    images = [img for img in ticket.images() if img.width == PAPERS[width].dots]
    assert images, "no signature raster"
    ink = images[0].convert("L").histogram()[0]
    assert ink > 500


@pytest.mark.parametrize(("profile", "width"), [c for c in CASES if c[0] != "image"])
def test_the_notice_slip_lists_every_fix(
    catalog: Catalog, at: datetime, profile: str, width: int
) -> None:
    ctx = replace(rejected(catalog, at), qr_url=URL)
    text = joined(slip_bytes("notice", ctx, profile, width), profile)
    assert "一次性告知单" in text and REFERENCE in text
    assert f"预审发现以下{len(ctx.review.findings)}项问题" in text
    for finding in ctx.review.findings:
        assert re.sub(r"\s", "", finding.fix.zh) in text
        assert re.sub(r"\s", "", finding.message.zh) in text


@pytest.mark.parametrize("width", [80, 58])
def test_the_confirmation_slip_sums_the_declaration_up(
    catalog: Catalog, at: datetime, width: int
) -> None:
    ctx = replace(signed(deficient(catalog, at)), signature=None)
    text = joined(slip_bytes("confirmation", ctx, "gb18030", width), "gb18030")
    assert "申报信息确认单" in text and "企业登记信息变更（住所变更）" in text
    assert "预审结果：容缺受理" in text and "申请人：徐有为" in text and REFERENCE in text


def test_slips_in_english(catalog: Catalog, at: datetime) -> None:
    ctx = replace(signed(deficient(catalog, at)), language="en_US")
    text = joined(slip_bytes("commitment", ctx, "gb18030", 80), "gb18030")
    assert "Committedby:徐有为" in text and "容缺受理承诺书" in text
    assert "(for吉林恒鑫环保科技有限公司)" in text and "Signedon2026-11-26" in text
    assert "Terminal3" in text  # as the screen says it
    notice = replace(rejected(catalog, at, "en_US"), qr_url=URL)
    text = joined(slip_bytes("notice", notice, "gb18030", 80), "gb18030")
    assert "Pre-reviewfound3problems." in text and "(s)" not in text


def test_no_line_of_a_slip_starts_with_closing_punctuation(catalog: Catalog, at: datetime) -> None:
    ctx = signed(deficient(catalog, at))
    for kind in ("notice", "commitment", "confirmation"):
        base = rejected(catalog, at) if kind == "notice" else ctx
        for paper in PAPERS.values():
            content = slip_content(kind, replace(base, qr_url=URL), paper, MADE)
            for block in slip_layout(content, paper):
                if isinstance(block, Line) and block.text:
                    assert block.text[0] not in "）」』】〕》，。、；：！？", block.text
                    assert block.text[-1] not in "（「『【〔《", block.text
                if isinstance(block, Picture):
                    assert block.image.width <= paper.dots


def test_a_slip_goes_to_the_printer_and_its_picture_after(catalog: Catalog, at: datetime) -> None:
    ctx = signed(deficient(catalog, at))
    with FakePrinter() as fake:
        printer = printer_for("gb18030", 80, fake)
        sent: list[int] = []
        outcome = print_slip(
            printer,
            slip_content("commitment", ctx, printer.paper, MADE),
            on_sent=lambda: sent.append(len(fake.received)),
        )
        received = fake.received
    assert outcome.fault is None and outcome.status == "printed" and sent
    assert outcome.preview_png is not None and outcome.preview_png.startswith(b"\x89PNG")
    assert outcome.to_connection_s is not None and outcome.to_connection_s < 5
    assert "承诺人：徐有为" in joined(received, "gb18030")


@pytest.mark.parametrize(("state", "fault"), [("paper_out", PaperOut), ("cover_open", CoverOpen)])
def test_a_printer_fault_comes_back_typed_with_words_for_the_applicant(
    catalog: Catalog, at: datetime, state: str, fault: type
) -> None:
    ctx = signed(deficient(catalog, at))
    with FakePrinter(state) as fake:  # type: ignore[arg-type]
        printer = printer_for("gb18030", 80, fake)
        outcome = print_slip(printer, slip_content("commitment", ctx, printer.paper, MADE))
        assert fake.received == b""
    assert isinstance(outcome.fault, fault) and outcome.status == state
    assert outcome.preview_png is None
    message = fault_message(outcome.fault)
    assert "未能打印" in message.zh and "文件已保存" in message.zh
    assert "saved" in message.en and "counter" in message.en


def test_a_bug_is_a_fault_outcome_never_raised(catalog: Catalog, at: datetime) -> None:
    ctx = signed(deficient(catalog, at))
    printer = printer_for("gb18030", 80)

    def broken(_: KioskConfig) -> NetworkConnection:
        raise RuntimeError("a bug")

    printer.connect = broken
    outcome = print_slip(printer, slip_content("commitment", ctx, printer.paper, MADE))
    assert outcome.fault is not None and outcome.status == "fault"


def test_the_commitment_pdf_names_the_committer_and_carries_the_signature(
    catalog: Catalog, at: datetime, tmp_path: Path
) -> None:
    ctx = signed(deficient(catalog, at))
    pdf = build_commitment(ctx)
    text = "".join(pages_text(pdf))
    assert "承诺人徐有为（代吉林恒鑫环保科技有限公司办理）" in text
    assert "承诺人签字" in text and "2026-11-26" in text
    for d in ctx.review.deficiencies:
        assert d.due_date.isoformat() in text
    images = [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images]
    assert len(images) == 1
    picture = images[0].image
    assert picture is not None and picture.width >= 600  # 300 dpi over 60 mm: crisp
    assert picture.convert("L").histogram()[0] > 1000  # black ink
    english = "".join(pages_text(build_commitment(replace(ctx, language="en_US"))))
    assert "Committedby徐有为(for吉林恒鑫环保科技有限公司)" in english


def test_an_unsigned_commitment_pdf_leaves_the_line_blank(catalog: Catalog, at: datetime) -> None:
    ctx = deficient(catalog, at)
    pdf = build_commitment(ctx)
    assert "承诺人（未填写）" in "".join(pages_text(pdf))
    assert [img for page in PdfReader(io.BytesIO(pdf)).pages for img in page.images] == []


GOLDEN = Path(__file__).with_name("golden")
GOLDEN_CASES = [
    (d, p, w)
    for d in ("notice", "commitment", "confirmation")
    for p in ("gb18030", "gbk")
    for w in (80, 58)
] + [("commitment", "image", 58)]


@pytest.mark.parametrize(("document", "profile", "width"), GOLDEN_CASES)
def test_golden_bytes(catalog: Catalog, document: str, profile: str, width: int) -> None:
    """Any change to a slip's bytes must be deliberate: UPDATE_GOLDEN=1 rewrites them."""
    import os

    from printer.sample import sample_slips

    config = KioskConfig(
        terminal_number=7,
        printer=PrinterConfig(profile=profile, paper_width_mm=width),  # type: ignore[arg-type]
    )
    from printer.fonts import find_cjk_font

    data, _ = sample_slips(catalog, config, find_cjk_font())[document]
    golden = GOLDEN / f"slip-{document}-{profile}-{width}mm.bin"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes()


def test_hostile_text_still_makes_a_bounded_slip(catalog: Catalog, at: datetime) -> None:
    """Whatever text reaches a slip (answers, a catalog), it prints, and stays short."""
    from kiosk.i18n import Text

    ctx = rejected(catalog, at)
    odd = "\u202e\x00\r\n\ud800名" * 20_000
    finding = replace(ctx.review.findings[0], message=Text(odd, odd), fix=Text(odd, odd))
    review = replace(ctx.review, findings=(finding,) * 500)
    hostile = replace(signed(ctx), review=review, committer=odd, qr_url=URL)
    printer = printer_for("gb18030", 58)
    for kind in ("notice", "commitment", "confirmation"):
        if kind == "commitment":
            hostile = replace(hostile, review=replace(deficient(catalog, at).review))
        blocks = slip_layout(slip_content(kind, hostile, printer.paper, MADE), printer.paper)
        assert len(blocks) < 2000
        text = joined(slip_bytes(kind, hostile, "gb18030", 58), "gb18030")
        assert "\u202e" not in text and "\x00" not in text
