"""The 委托代办授权书 of a grid leader's proxy declaration (网格化零跑代办): the A4 PDF in
both languages and the thermal slip, each read back (PDF text, the QR code; ESC/POS bytes
through the project's reader), with the resident's full ID, a hostile name printed as
typed, and nothing outside the page. Page 1 of each PDF and a preview of each slip are
drawn to out/documents/ (git ignores out/) for a person to look at."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from reportlab.platypus import Flowable, KeepTogether

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.prereview import Outcome, prereview
from kiosk.proxy import VALID_DAYS, ProxyGrant, grant
from kiosk.samples import elderly_card_answers
from printer import preview
from printer.documents import (
    AUTHORISATION,
    DocumentContext,
    build_authorisation,
    make_context,
)
from printer.documents.layout import MARGIN, PAGE_W
from printer.documents.styles import make_styles
from printer.escpos_reader import read
from printer.escpos_ticket import build
from printer.fonts import find_cjk_font, register_reportlab_font
from printer.profiles import PROFILES
from printer.sample import sample_authorisation_job
from printer.slip import slip_content, slip_layout
from tests.printer.test_documents import (
    REFERENCE,
    URL,
    WQY,
    assert_fonts_embedded,
    pages_text,
    qr_payloads,
)
from tests.printer.test_slip import MADE, printer_for

pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")

ROOT = Path(__file__).parents[2]
OUT = ROOT / "out" / "documents"
ITEM = "elderly-card"
LEADER_ACCOUNT, LEADER_NAME = "gridlead07", "王婧姝"
GRANTED = date(2026, 11, 26)
LABELS = {
    "zh_CN": ("委托人签字或手印：", "受托人签字：", "日期："),
    "en_US": ("Resident's signature:", "Signed by grid leader:", "Date:"),
}


@pytest.fixture
def at(clock) -> datetime:  # type: ignore[no-untyped-def]
    now: datetime = clock()
    return now


def grant_of(ctx: DocumentContext) -> ProxyGrant:
    assert ctx.proxy is not None
    return ctx.proxy


def proxied(catalog: Catalog, at: datetime, language: str = "zh_CN") -> DocumentContext:
    """The elderly card 王婧姝, grid leader, declared for 张玉琴, with its grant made as the
    terminal makes it (kiosk.proxy.grant) and passed through make_context."""
    item = catalog[ITEM]
    answers = elderly_card_answers()
    materials = {m.id: True for m in item.materials}
    review = prereview(item, answers, materials, at.date())
    made = grant(
        item,
        answers,
        reference=REFERENCE,
        leader_account=LEADER_ACCOUNT,
        leader_name=LEADER_NAME,
        today=GRANTED,
    )
    assert made is not None and review.outcome is Outcome.PASSED
    return make_context(
        KioskConfig(terminal_number=3),
        find_cjk_font(WQY),
        reference=REFERENCE,
        item=item,
        answers=answers,
        materials=materials,
        review=review,
        submitted_at=at,
        language=language,
        proxy=made,
    )


def draw(pdf: bytes, name: str) -> Path:
    """Page 1 of `pdf` as out/documents/<name>-1.png at 80 dpi, to look at."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", path, OUT / name],
        check=True,
        timeout=60,
    )
    return OUT / f"{name}-1.png"


# --- the A4 document ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_authorisation_names_both_the_item_and_how_long_it_holds(
    catalog: Catalog, at: datetime, language: str, tmp_path: Path
) -> None:
    ctx = proxied(catalog, at, language)
    assert ctx.proxy is not None
    resident_id = ctx.proxy.resident_id
    assert len(resident_id) == 18  # the sample's real-looking number, printed whole
    pdf = build_authorisation(ctx)
    pages = pages_text(pdf)
    assert len(pages) == 1  # one sheet to sign
    text = pages[0]
    for needle in (
        "委托代办授权书",
        "Authorisationtoapplyonmybehalf",
        "张玉琴",
        resident_id,
        LEADER_NAME,
        LEADER_ACCOUNT,
        f"WT{REFERENCE}",
        REFERENCE,
        "2026-11-26",
        "2026-12-26",
        *(label.replace(" ", "") for label in LABELS[language]),
    ):
        assert needle in text, needle
    if language == "zh_CN":
        for needle in (
            "老年人优待证（老年证）办理",
            "委托人",
            "公民身份号码",
            "受托人",
            "社区网格长",
            "授权书编号",
            "授权日期",
            "有效期至",
            "本授权自2026-11-26起至2026-12-26止有效",
            "现委托社区网格长王婧姝代为申报、提交及补正材料、领取证照",
            "本人予以认可",
            "按手印",
        ):
            assert needle in text, needle
        assert "Resident" not in text
    else:
        for needle in (
            "Seniorcitizencard(elderlycard)",
            "ResidentIDno.",
            "Communitygridleader",
            "Authorisationno.",
            "Grantedon",
            "Validuntil",
            "holdsfrom2026-11-26to2026-12-26",
            "Iauthorise王婧姝,mycommunitygridleader",
            "thumbprint",
        ):
            assert needle in text, needle
        assert "委托人签字" not in text
    assert_fonts_embedded(pdf)
    assert qr_payloads(pdf, tmp_path) == [URL]
    assert draw(pdf, f"authorisation-{language}").is_file()


def test_the_paper_prints_the_grants_own_dates(catalog: Catalog, at: datetime) -> None:
    ctx = proxied(catalog, at)
    later = replace(
        ctx,
        proxy=replace(
            grant_of(ctx),
            granted_on=date(2027, 1, 30),
            valid_until=date(2027, 1, 30) + timedelta(days=VALID_DAYS),
        ),
    )
    text = pages_text(build_authorisation(later))[0]
    assert "本授权自2027-01-30起至2027-03-01止有效" in text
    assert "2026-12-26" not in text


def test_no_grant_no_authorisation(catalog: Catalog, at: datetime) -> None:
    ctx = replace(proxied(catalog, at), proxy=None)
    with pytest.raises(ValueError, match="grant"):
        build_authorisation(ctx)
    with pytest.raises(ValueError, match="grant"):
        slip_content("authorisation", ctx, printer_for("gb18030", 80).paper, MADE)


def test_a_hostile_name_prints_as_typed(catalog: Catalog, at: datetime) -> None:
    ctx = proxied(catalog, at)
    assert ctx.proxy is not None
    hostile = replace(
        ctx,
        proxy=replace(
            ctx.proxy,
            resident_name="<b>&amp;张</b>",
            leader_name="王&lt;婧]]>姝",
            leader_account="a<br/>b",
        ),
    )
    text = pages_text(build_authorisation(hostile))[0]
    assert "<b>&amp;张</b>" in text  # in the table, not bold, not unescaped
    assert "王&lt;婧]]>姝" in text and "社区网格长王&lt;婧]]>姝代为申报" in text
    assert "a<br/>b" in text


def test_a_grant_without_the_residents_id_leaves_a_gap_to_fill(
    catalog: Catalog, at: datetime
) -> None:
    ctx = proxied(catalog, at)
    blank = replace(ctx, proxy=replace(grant_of(ctx), resident_id=""))
    text = pages_text(build_authorisation(blank))[0]
    assert "公民身份号码（未填写）" in text


def _tables(flowables: list[Flowable]) -> list[Flowable]:
    out: list[Flowable] = []
    for f in flowables:
        out += _tables(f._content) if isinstance(f, KeepTogether) else [f]
    return out


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_nothing_sticks_out_into_the_margin(catalog: Catalog, at: datetime, language: str) -> None:
    """Every table and the signature lines stay inside the body's width (signature_block
    sizes its label column to the longest label: a long one pushes the date line off)."""
    ctx = proxied(catalog, at, language)
    styles = make_styles(register_reportlab_font(ctx.font))
    body = PAGE_W - 2 * MARGIN
    for flowable in _tables(AUTHORISATION.story(ctx, styles)):
        width, _ = flowable.wrap(body, 10_000)
        assert width <= body + 0.01, (type(flowable).__name__, width, body)


def test_the_sample_authorisation_builds(catalog: Catalog) -> None:
    builder, ctx = sample_authorisation_job(
        catalog, KioskConfig(terminal_number=3), find_cjk_font(WQY)
    )
    assert ctx.proxy == ProxyGrant(
        resident_name="张玉琴",
        resident_id=str(elderly_card_answers()["applicant_id"]),
        leader_account="wangjs",
        leader_name="王婧姝",
        granted_on=date(2026, 11, 26),
        valid_until=date(2026, 12, 26),
        authorisation="WT20261126-07-0012",
    )
    text = pages_text(builder(ctx))[0]
    assert "委托代办授权书" in text and "WT20261126-07-0012" in text and "7号终端" in text


# --- the slip -----------------------------------------------------------------------------

TEXT_CASES = [(p, w) for p in PROFILES if PROFILES[p].encoding is not None for w in (80, 58)]


def slip(ctx: DocumentContext, profile: str, width: int, name: str | None = None) -> bytes:
    """The authorisation slip's ESC/POS bytes; with `name`, its preview drawn to out/."""
    printer = printer_for(profile, width)
    blocks = slip_layout(slip_content("authorisation", ctx, printer.paper, MADE), printer.paper)
    built = build(blocks, printer.profile, printer.paper, printer.font)
    if name is not None:
        picture = built.picture or preview.picture(
            blocks, printer.paper, printer.font, printer.profile.encoding
        )
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{name}.png").write_bytes(preview.png_bytes(picture))
    return built.data


def slip_text(data: bytes, profile: str) -> str:
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    ticket = read(data, encoding, strict=True)
    assert ticket.cuts() == 1 and ticket.qr_codes() == [URL]
    return "".join(ticket.text_lines()).replace(" ", "")


@pytest.mark.parametrize(("profile", "width"), TEXT_CASES)
def test_the_slip_says_the_same(catalog: Catalog, at: datetime, profile: str, width: int) -> None:
    ctx = proxied(catalog, at)
    assert ctx.proxy is not None
    name = f"slip-authorisation-{profile}-{width}mm" if profile == "gb18030" else None
    text = slip_text(slip(ctx, profile, width, name), profile)
    for needle in (
        "委托代办授权书",
        "Authorisationtoapplyonmybehalf",
        f"申报编号：{REFERENCE}",
        "事项：老年人优待证（老年证）办理",
        "委托人：张玉琴",
        f"公民身份号码：{ctx.proxy.resident_id}",  # whole: the resident signs this paper
        f"受托人：{LEADER_NAME}（社区网格长）",
        f"工作账号：{LEADER_ACCOUNT}",
        f"授权书编号：WT{REFERENCE}",
        "有效期：2026-11-26至2026-12-26",
        "现委托社区网格长王婧姝代为申报",
        "委托人（签字或按手印）：",
        "受托人签字：",
    ):
        assert needle in text, needle
    # Each signature is a blank line across the paper and a blank date after it.
    columns = printer_for(profile, width).paper.text_columns
    assert text.count("_" * columns) == 2
    assert text.count("日期：____________") == 2


def test_the_slip_in_english(catalog: Catalog, at: datetime) -> None:
    ctx = proxied(catalog, at, "en_US")
    text = slip_text(slip(ctx, "gb18030", 80, "slip-authorisation-gb18030-80mm-en"), "gb18030")
    for needle in (
        "委托代办授权书",
        "Service:Seniorcitizencard(elderlycard)",
        "Resident:张玉琴",
        f"ResidentID:{grant_of(ctx).resident_id}",
        f"Gridleader:{LEADER_NAME}(communitygridleader)",
        f"Authorisationno.:WT{REFERENCE}",
        "Validfrom2026-11-26to2026-12-26",
        "Resident(signatureorthumbprint):",
        "Gridleader'ssignature:",
    ):
        assert needle in text, needle
    assert "委托人" not in text


def test_the_image_profile_draws_the_slip_as_one_raster(catalog: Catalog, at: datetime) -> None:
    printer = printer_for("image", 58)
    data = slip(proxied(catalog, at), "image", 58)
    ticket = read(data, "gb18030")
    assert ticket.cuts() == 1 and ticket.bit_images() and ticket.text_lines() == []
    assert printer.paper.dots == ticket.images()[0].width


def test_a_hostile_name_on_the_slip_is_printed_and_bounded(catalog: Catalog, at: datetime) -> None:
    ctx = proxied(catalog, at)
    odd = "\u202e\x00<b>&\r\n\ud800名" * 5_000
    hostile = replace(ctx, proxy=replace(grant_of(ctx), resident_name=odd, leader_name="<b>&"))
    paper = printer_for("gb18030", 58).paper
    assert len(slip_layout(slip_content("authorisation", hostile, paper, MADE), paper)) < 500
    text = slip_text(slip(hostile, "gb18030", 58), "gb18030")
    assert "委托人：<b>&" in text and "受托人：<b>&（社区网格长）" in text
    assert "\u202e" not in text and "\x00" not in text
