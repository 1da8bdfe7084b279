"""证照免费邮寄 on paper: the 申报信息确认单 and its thermal slip say how the certificate
reaches the applicant (领取方式): mailed free of charge to the address given, with the
recipient, the mobile masked, the address and the postal code; or collected at the
counter. Both are read back (PDF text; ESC/POS bytes through the project's reader), in
both languages, with a hostile street printed as typed. Every page of both PDFs and a
preview of each slip are drawn to out/documents/ (git ignores out/) to look at."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from reportlab.platypus import Flowable, KeepTogether

from kiosk.catalog.loader import Catalog
from kiosk.config import KioskConfig
from kiosk.divisions import Divisions
from kiosk.forms import AnswerValue
from kiosk.mailing import MailingAddress
from kiosk.prereview import Outcome, prereview
from kiosk.samples import elderly_card_answers
from printer import preview
from printer.documents import CONFIRMATION, DocumentContext, build_confirmation, make_context
from printer.documents.layout import MARGIN, PAGE_W
from printer.documents.styles import make_styles
from printer.escpos_reader import read
from printer.escpos_ticket import build
from printer.fonts import find_cjk_font, register_reportlab_font
from printer.profiles import PROFILES
from printer.slip import slip_content, slip_layout
from tests.printer.test_documents import REFERENCE, URL, WQY, assert_fonts_embedded, pages_text
from tests.printer.test_slip import MADE, printer_for

pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")

ROOT = Path(__file__).parents[2]
OUT = ROOT / "out" / "documents"
ITEM = "elderly-card"
MOBILE = "13604317788"
MASKED = "136****7788"
STREET = "会展社区福临家园5栋2单元"
ADDRESS = "吉林省长春市长春经济技术开发区" + STREET
POSTCODE = "130033"
# The elderly card's counters (its catalog entry), as the section says them.
COUNTERS = (10, 11)
COUNTER = {"zh_CN": "10或11号窗口", "en_US": "counter10or11"}
# Where the section starts and where the pledge after it does, read back without spaces.
SECTION = {
    "zh_CN": ("四、领取方式", "本人承诺"),
    "en_US": ("4.Howyougetthecertificate", "Ideclare"),
}
TEXT_CASES = [(p, w) for p in PROFILES if PROFILES[p].encoding is not None for w in (80, 58)]


@pytest.fixture
def at(clock) -> datetime:  # type: ignore[no-untyped-def]
    now: datetime = clock()
    return now


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return Divisions.load()


def address(divisions: Divisions, street: str = STREET) -> MailingAddress:
    """The sample address as the screen makes it (MailingAddress.of checks it)."""
    return MailingAddress.of("张玉琴", MOBILE, "220171", street, POSTCODE, divisions)


def declared(
    catalog: Catalog,
    at: datetime,
    mailing: MailingAddress | None,
    language: str = "zh_CN",
) -> DocumentContext:
    """The sample elderly card of 张玉琴, with `mailing` passed through make_context.

    The family contact is another number than the recipient's mobile, so the mobile
    printed in full anywhere on the paper would show; the form's own delivery answer
    agrees with the mailing.
    """
    item = catalog[ITEM]
    answers: dict[str, AnswerValue] = {
        **elderly_card_answers(),
        "family_contact": "13944001122",
        "delivery": "counter" if mailing is None else "mail",
    }
    materials = {m.id: True for m in item.materials}
    review = prereview(item, answers, materials, at.date())
    assert review.outcome is Outcome.PASSED
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
        mailing=mailing,
    )


def section(text: str, language: str) -> str:
    """The 领取方式 section of a confirmation's text: from its heading to the pledge."""
    start, end = SECTION[language]
    assert text.count(start) == 1, f"{start} printed {text.count(start)} times"
    return text[text.index(start) : text.index(end, text.index(start))]


def draw(pdf: bytes, name: str) -> list[Path]:
    """Every page of `pdf` as out/documents/<name>-<n>.png at 80 dpi, to look at."""
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob(f"{name}-*.png"):
        old.unlink()
    path = OUT / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", path, OUT / name], check=True, timeout=60)
    return sorted(OUT.glob(f"{name}-*.png"))


# --- the A4 confirmation ------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_confirmation_names_the_mailing_address(
    catalog: Catalog, at: datetime, divisions: Divisions, language: str
) -> None:
    mailing = address(divisions)
    ctx = declared(catalog, at, mailing, language)
    assert ctx.mailing is mailing  # make_context passed it through
    pdf = build_confirmation(ctx)
    text = "".join(pages_text(pdf))
    assert MOBILE not in text  # nowhere on the paper, masked in the section
    part = section(text, language)
    if language == "zh_CN":
        needles = ["领取方式免费邮寄", "收件人张玉琴", f"联系电话{MASKED}", f"收件地址{ADDRESS}"]
        needles += [f"邮政编码{POSTCODE}", "证照办结后免费邮寄至以上地址"]
    else:  # the address in Chinese, for the post, under English labels
        needles = ["HowMailedfreeofcharge(免费邮寄)", "Recipient张玉琴", f"Mobile{MASKED}"]
        needles += [f"Address{ADDRESS}", f"Postcode{POSTCODE}", "(inChinese,forthepost)"]
    for needle in needles:
        assert needle in part, needle
    assert "窗口领取" not in part
    assert_fonts_embedded(pdf)
    assert draw(pdf, f"confirmation-mailing-{language}")


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_without_a_mailing_address_it_is_collected_at_the_counter(
    catalog: Catalog, at: datetime, language: str
) -> None:
    ctx = declared(catalog, at, None, language)
    assert ctx.mailing is None and tuple(ctx.item.counters) == COUNTERS
    pdf = build_confirmation(ctx)
    part = section("".join(pages_text(pdf)), language)
    expected = {
        "zh_CN": f"领取方式窗口领取（{COUNTER[language]}）",
        "en_US": f"HowCollectatthecounter(窗口领取):{COUNTER[language]}",
    }
    assert expected[language] in part
    assert "免费邮寄" not in part and "张玉琴" not in part and POSTCODE not in part
    assert draw(pdf, f"confirmation-counter-{language}")


def test_a_proxys_certificate_brought_by_the_grid_leader(catalog: Catalog, at: datetime) -> None:
    from dataclasses import replace

    ctx = replace(declared(catalog, at, None, "zh_CN"), brought_by_grid_leader=True)
    part = section("".join(pages_text(build_confirmation(ctx))), "zh_CN")
    assert "领取方式由网格长送证上门" in part and "窗口领取" not in part


def test_a_hostile_street_prints_as_typed(
    catalog: Catalog, at: datetime, divisions: Divisions
) -> None:
    mailing = address(divisions, "<b>&x 会展社区</b>")
    assert mailing.street == "<b>&x 会展社区</b>"  # the screen lets it through: it is text
    text = "".join(pages_text(build_confirmation(declared(catalog, at, mailing))))
    part = section(text, "zh_CN")
    assert "收件地址吉林省长春市长春经济技术开发区<b>&x会展社区</b>" in part
    assert "&amp;" not in part


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
@pytest.mark.parametrize("mailed", [True, False])
def test_the_section_stays_inside_the_page(
    catalog: Catalog, at: datetime, divisions: Divisions, language: str, mailed: bool
) -> None:
    ctx = declared(catalog, at, address(divisions) if mailed else None, language)
    styles = make_styles(register_reportlab_font(ctx.font))
    body = PAGE_W - 2 * MARGIN
    flowables: list[Flowable] = []
    for f in CONFIRMATION.story(ctx, styles):
        flowables += f._content if isinstance(f, KeepTogether) else [f]
    for flowable in flowables:
        width, _ = flowable.wrap(body, 10_000)
        assert width <= body + 0.01, (type(flowable).__name__, width, body)


def test_the_address_stays_out_of_the_contexts_repr(
    catalog: Catalog, at: datetime, divisions: Divisions
) -> None:
    street = "临河街3366号新厂房"  # in no answer of the sample: only the address holds it
    ctx = declared(catalog, at, address(divisions, street))
    assert ctx.mailing is not None and ctx.mailing.street == street
    shown = repr(ctx)
    assert MOBILE not in shown and street not in shown and "MailingAddress" not in shown


def test_printing_loads_no_mailing_or_divisions_module() -> None:
    """The context names MailingAddress for the type checker only: a terminal printing a
    document loads neither kiosk.mailing nor the divisions it checks addresses with."""
    code = (
        "import sys, printer.documents, printer.slip, printer.documents.confirmation\n"
        "print(sorted(m for m in ('kiosk.mailing', 'kiosk.divisions') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- the thermal slip ---------------------------------------------------------------------


def slip_text(ctx: DocumentContext, profile: str, width: int, name: str | None = None) -> str:
    """The confirmation slip read back from its ESC/POS bytes, spaces removed; with
    `name`, its preview drawn to out/documents/."""
    printer = printer_for(profile, width)
    blocks = slip_layout(slip_content("confirmation", ctx, printer.paper, MADE), printer.paper)
    built = build(blocks, printer.profile, printer.paper, printer.font)
    if name is not None:
        picture = built.picture or preview.picture(
            blocks, printer.paper, printer.font, printer.profile.encoding
        )
        OUT.mkdir(parents=True, exist_ok=True)
        (OUT / f"{name}.png").write_bytes(preview.png_bytes(picture))
    encoding = PROFILES[profile].encoding
    assert encoding is not None
    ticket = read(built.data, encoding, strict=True)
    assert ticket.cuts() == 1 and ticket.qr_codes() == [URL]
    return "".join(ticket.text_lines()).replace(" ", "")


@pytest.mark.parametrize(("profile", "width"), TEXT_CASES)
def test_the_slip_says_where_it_is_mailed(
    catalog: Catalog, at: datetime, divisions: Divisions, profile: str, width: int
) -> None:
    ctx = declared(catalog, at, address(divisions))
    name = f"slip-confirmation-mailing-{profile}-{width}mm" if profile == "gb18030" else None
    text = slip_text(ctx, profile, width, name)
    for needle in (
        "申报信息确认单",
        "领取方式：免费邮寄",
        f"张玉琴{MASKED}",
        ADDRESS,
        "邮编130033",
    ):
        assert needle in text, needle
    assert MOBILE not in text and "窗口领取" not in text


def test_the_slip_in_english_keeps_the_address_in_chinese(
    catalog: Catalog, at: datetime, divisions: Divisions
) -> None:
    ctx = declared(catalog, at, address(divisions), "en_US")
    text = slip_text(ctx, "gb18030", 80, "slip-confirmation-mailing-gb18030-80mm-en")
    for needle in (
        "Howyougetthecertificate:Mailedfreeofcharge(免费邮寄)",
        f"张玉琴{MASKED}",
        ADDRESS,
        "邮编130033",
    ):
        assert needle in text, needle
    assert MOBILE not in text


@pytest.mark.parametrize("language", ["zh_CN", "en_US"])
def test_the_slip_without_a_mailing_address_says_the_counter(
    catalog: Catalog, at: datetime, language: str
) -> None:
    text = slip_text(declared(catalog, at, None, language), "gb18030", 58)
    expected = {
        "zh_CN": f"领取方式：窗口领取（{COUNTER[language]}）",
        "en_US": f"Howyougetthecertificate:Collectatthecounter(窗口领取):{COUNTER[language]}",
    }
    assert expected[language] in text
    assert "免费邮寄" not in text and POSTCODE not in text


def test_a_hostile_street_on_the_slip_prints_as_typed(
    catalog: Catalog, at: datetime, divisions: Divisions
) -> None:
    ctx = declared(catalog, at, address(divisions, "<b>&x 会展社区</b>"))
    text = slip_text(ctx, "gb18030", 58)
    assert "吉林省长春市长春经济技术开发区<b>&x会展社区</b>" in text


def test_a_hand_made_address_on_the_slip_is_bounded(
    catalog: Catalog, at: datetime, divisions: Divisions
) -> None:
    """An address that never passed MailingAddress.of (a store row edited by hand) still
    makes a short slip: each line is cut at the slip's text limit, controls dropped."""
    odd = "\u202e\x00<b>&\r\n\ud800址" * 5_000
    ctx = declared(catalog, at, replace(address(divisions), street=odd, recipient=odd))
    paper = printer_for("gb18030", 58).paper
    assert len(slip_layout(slip_content("confirmation", ctx, paper, MADE), paper)) < 200
    text = slip_text(ctx, "gb18030", 58)
    assert "领取方式：免费邮寄" in text and "\u202e" not in text and "\x00" not in text
