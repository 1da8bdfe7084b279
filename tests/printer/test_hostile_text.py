"""Hostile text never breaks a ticket or a PDF: every profile, both widths, every document.

A line break or a paragraph separator (CR, FS/GS/RS, NEL, U+2029) in the hall name, the
notice or an item's or material's name made every ticket's preview fail in Pillow
(`can't measure length of multiline text`, `raqm_layout() failed`), and a lone
surrogate in the header of an A4 document failed reportlab. Here such text goes through
the real ticket builder (bytes read back like a printer would) and the real PDF builders
(read back with pypdf), as named characters and as hypothesis-generated text.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import ServiceItem
from kiosk.config import KioskConfig, PrinterConfig
from kiosk.forms import AnswerValue
from kiosk.i18n import text as bilingual
from printer.documents.context import DocumentContext
from printer.escpos_reader import read
from printer.fonts import find_cjk_font
from printer.printing import TicketPrinter
from printer.profiles import PAPERS, PROFILES
from printer.safe_text import MAX_TEXT_CHARS, printable
from printer.sample import sample_document_jobs, sample_ticket_content
from printer.text_encoding import display_width, wrap
from printer.ticket_content import TicketContent

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")

CASES = [(p, w) for p in PROFILES for w in (80, 58)]
# The characters of the defect, and their kin: each ended the ticket's preview.
SEPARATORS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "\x85"]
SEPARATORS += ["\u2028", "\u2029"]
OTHERS = ["\x00", "\x1b", "\x7f", "\x9b", "\ud800", "\udfff", "\u202e", "\u2066", "\ufeff"]
OTHERS += ["\U000e0001", "\uffff", "\ue000", "\u0301" * 40, "😀", "👨‍👩‍👧", "\u0600", "\u200f"]
TICKET_TEXTS = ("hall_name", "item_name", "notice", "deficiency")

# Text as hostile as it gets: any code point (surrogates included), with the named
# characters often, long runs of one character now and then.
hostile_pieces = st.one_of(
    st.characters(),  # any code point but a surrogate
    st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Mn", "Co", "Cn"]),
    st.sampled_from(SEPARATORS + OTHERS),
)
hostile_text = st.one_of(
    st.lists(hostile_pieces, max_size=60).map("".join),
    st.builds(lambda c, n: c * n, st.sampled_from(["a", "临", " ", "\u0301", "\x1c"]),
              st.integers(0, 20_000)),
)  # fmt: skip
FUZZ = settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def config(profile: str, width: int) -> KioskConfig:
    printer = PrinterConfig(profile=profile, paper_width_mm=width)  # type: ignore[arg-type]
    return KioskConfig(terminal_number=7, printer=printer)


def hostile_content(content: TicketContent, where: str, text: str) -> TicketContent:
    if where == "deficiency":
        (_, due), *rest = content.deficiencies
        return replace(content, deficiencies=((text, due), *rest))
    return replace(content, **{where: text})  # type: ignore[arg-type]


def check_ticket(catalog: Catalog, profile: str, width: int, content: TicketContent) -> str:
    """Render `content` (bytes and preview); the bytes read back; the printed text."""
    rendered = TicketPrinter(config(profile, width)).render(content)
    preview = Image.open(io.BytesIO(rendered.preview_png))
    assert preview.width == PAPERS[width].dots
    encoding = PROFILES[profile].encoding
    ticket = read(rendered.data, encoding or "gb18030", strict=True)
    assert ticket.cuts() == 1
    if encoding is None:
        return ""
    columns = PAPERS[width].columns
    assert all(display_width(ln.text) * ln.width <= columns for ln in ticket.lines)
    return "".join(line.strip() for line in ticket.text_lines())  # less the margins


@pytest.mark.parametrize(("profile", "width"), CASES)
@pytest.mark.parametrize("where", TICKET_TEXTS)
def test_separators_in_ticket_texts_print(
    catalog: Catalog, profile: str, width: int, where: str
) -> None:
    base = sample_ticket_content(catalog, config(profile, width))
    for sep in SEPARATORS:
        text = check_ticket(catalog, profile, width, hostile_content(base, where, f"东{sep}西"))
        if profile != "image":
            assert "东" in text and "西" in text, repr(sep)  # both halves printed


@pytest.mark.parametrize(("profile", "width"), CASES)
def test_other_hostile_characters_in_ticket_texts_print(
    catalog: Catalog, profile: str, width: int
) -> None:
    base = sample_ticket_content(catalog, config(profile, width))
    for where in TICKET_TEXTS:
        for ch in OTHERS:
            check_ticket(catalog, profile, width, hostile_content(base, where, f"东{ch}西"))


@pytest.mark.parametrize(("profile", "width"), CASES)
def test_the_notice_keeps_its_lines(catalog: Catalog, profile: str, width: int) -> None:
    """A multi-line notice prints line by line; the notice's separators become breaks."""
    base = sample_ticket_content(catalog, config(profile, width))
    text = check_ticket(
        catalog, profile, width, replace(base, notice="第一行\u2029第二行\r\n第三行")
    )
    if profile != "image":
        rendered = TicketPrinter(config(profile, width)).render(replace(base, notice="甲\n乙"))
        read_back = read(rendered.data, PROFILES[profile].encoding or "", strict=True)
        lines = [line.strip() for line in read_back.text_lines()]  # less the margins
        assert "甲" in lines and "乙" in lines
        assert "第一行第二行第三行" in text


@pytest.mark.parametrize(("profile", "width"), CASES)
def test_pathological_lengths_are_cut(catalog: Catalog, profile: str, width: int) -> None:
    """A 50,000-character name prints as a bounded ticket (cut with "…")."""
    base = sample_ticket_content(catalog, config(profile, width))
    content = replace(base, hall_name="临" * 50_000, item_name="a" * 50_000, notice="b" * 50_000)
    rendered = TicketPrinter(config(profile, width)).render(content)
    assert Image.open(io.BytesIO(rendered.preview_png)).height < 4000  # dots: about 50 cm
    if profile != "image":
        text = check_ticket(catalog, profile, width, content)
        assert "…" in text


def test_an_unprintable_qr_url_leaves_the_qr_out(catalog: Catalog) -> None:
    base = sample_ticket_content(catalog, config("gb18030", 80))
    for url in ("https://x/\ud800", "https://x/" + "a" * 5000, ""):
        rendered = TicketPrinter(config("gb18030", 80)).render(replace(base, qr_url=url))
        assert read(rendered.data, "gb18030", strict=True).qr_codes() == []


@pytest.mark.parametrize(("profile", "width"), CASES)
@FUZZ
@given(text=hostile_text, where=st.sampled_from((*TICKET_TEXTS, "number", "reference")))
def test_fuzzed_ticket_texts_always_print(
    catalog: Catalog, profile: str, width: int, text: str, where: str
) -> None:
    base = sample_ticket_content(catalog, config(profile, width))
    check_ticket(catalog, profile, width, hostile_content(base, where, text))


@FUZZ
@given(text=hostile_text, columns=st.integers(1, 60))
def test_wrap_takes_any_text(text: str, columns: int) -> None:
    safe = printable(text, multiline=True)
    lines = wrap(safe, columns)
    assert lines and all("\n" not in ln for ln in lines)
    assert all(display_width(ln) <= max(columns, 2) for ln in lines)


@FUZZ
@given(text=hostile_text, multiline=st.booleans())
def test_printable_is_bounded_and_clean(text: str, multiline: bool) -> None:
    safe = printable(text, multiline=multiline)
    assert len(safe) <= MAX_TEXT_CHARS
    assert all(not (0xD800 <= ord(c) <= 0xDFFF) for c in safe)
    assert all(ord(c) >= 0x20 and not 0x7F <= ord(c) < 0xA0 for c in safe if c != "\n")
    assert "\u2028" not in safe and "\u2029" not in safe
    assert multiline or "\n" not in safe
    assert printable(safe, multiline=multiline) == safe  # nothing left to take out


# --- A4 documents -------------------------------------------------------------------------

PDF_TEXTS = ("hall_name", "hall_name_en", "reference", "qr_url", "answer", "address", "catalog")


def hostile_item(item: ServiceItem, bad: str) -> ServiceItem:
    """`item` with `bad` as its name, its pages' titles, its fields' labels and its
    materials' names (what the loader refuses, as if it had got through)."""
    hostile = bilingual(bad, bad)
    pages = [
        p.model_copy(
            update={
                "title": hostile,
                "fields": [f.model_copy(update={"label": hostile}) for f in p.fields],
            }
        )
        for p in item.pages
    ]
    materials = [m.model_copy(update={"name": hostile}) for m in item.materials]
    return item.model_copy(update={"name": hostile, "pages": pages, "materials": materials})


def hostile_context(ctx: DocumentContext, where: str, text: str) -> DocumentContext:
    if where == "catalog":
        return replace(ctx, item=hostile_item(ctx.item, text))
    if where == "answer":
        answers: dict[str, AnswerValue] = {**ctx.answers, "company_name": text}
        return replace(ctx, answers=answers)
    if where == "address":
        address = {"province": text, "city": text, "district": "区", "detail": text}
        return replace(ctx, answers={**ctx.answers, "new_address": address})
    return replace(ctx, **{where: text})  # type: ignore[arg-type]


def check_pdf(builder: object, ctx: DocumentContext) -> str:
    pdf = builder(ctx)  # type: ignore[operator]
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert pages
    return "".join(p.extract_text() for p in pages)


@pytest.fixture(scope="module")
def jobs(catalog: Catalog) -> dict[str, tuple[object, DocumentContext]]:
    return dict(sample_document_jobs(catalog, KioskConfig(terminal_number=7), find_cjk_font(WQY)))


@pytest.mark.parametrize("document", ["confirmation", "notice", "commitment"])
@pytest.mark.parametrize("where", PDF_TEXTS)
def test_hostile_characters_in_documents(
    jobs: dict[str, tuple[object, DocumentContext]], document: str, where: str
) -> None:
    builder, ctx = jobs[document]
    # one document holding every character (a document takes a few hundred ms to build)
    text = "".join(f"东{ch}西" for ch in SEPARATORS + OTHERS + ["<b>&amp;", "]]>"])
    check_pdf(builder, hostile_context(ctx, where, text))


@pytest.mark.parametrize("document", ["confirmation", "notice", "commitment"])
@FUZZ
@given(text=hostile_text, where=st.sampled_from(PDF_TEXTS))
def test_fuzzed_document_texts_always_build(
    jobs: dict[str, tuple[object, DocumentContext]], document: str, text: str, where: str
) -> None:
    builder, ctx = jobs[document]
    check_pdf(builder, hostile_context(ctx, where, text))


def test_a_long_answer_is_printed_whole_across_rows(
    jobs: dict[str, tuple[object, DocumentContext]],
) -> None:
    """An answer cut into several table rows still reads as the whole answer, in order."""
    builder, ctx = jobs["confirmation"]
    detail = "".join(f"第{i:03d}号楼" for i in range(1, 301))  # 1,800 characters
    address = {"province": "吉林省", "city": "长春市", "district": "", "detail": detail}
    text = check_pdf(builder, replace(ctx, answers={**ctx.answers, "new_address": address}))
    found = [int(n) for n in re.findall(r"第(\d{3})号楼", "".join(text.split()))]
    assert found == list(range(1, 301))
