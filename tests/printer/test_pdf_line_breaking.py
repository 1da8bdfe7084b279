"""The PDFs' line breaking (避头尾, words kept whole): paragraphs of every style and width
split as reportlab lays them out (`Paragraph.wrap`, then its lines), and the three
documents built with names engineered to meet line ends, read back with pypdf.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import ServiceItem
from kiosk.config import KioskConfig
from kiosk.i18n import text as bilingual
from kiosk.prereview import ReviewResult
from printer.documents.context import DocumentContext
from printer.documents.styles import make_styles, markup
from printer.fonts import find_cjk_font, register_reportlab_font
from printer.sample import sample_document_jobs
from printer.text_encoding import NO_LINE_END, NO_LINE_START

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
pytestmark = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")
CLOSING = NO_LINE_START - {"·"}
TEXT = "材料（房产证）。、请核对（复印件）：Passport ABC123 证件“原件”，谢谢"
WORDS = ("房产证", "复印件", "Passport", "ABC123")


def line_texts(p: Paragraph, width: float) -> list[str]:
    p.wrap(width, 10_000)
    para = p.blPara
    if para.kind == 0:
        return ["".join(words).strip() for _, words in para.lines]
    return ["".join(w.text for w in line.words).strip() for line in para.lines]


def check(lines: list[str], text: str) -> None:
    lines = [ln for ln in lines if ln]
    assert [ln for ln in lines if ln[0] in CLOSING] == [], "closing punctuation starts a line"
    assert [ln for ln in lines if ln[-1] in NO_LINE_END] == [], "opening punctuation ends one"
    joined = "".join(lines)
    for word in WORDS:
        if word in text:
            assert sum(ln.count(word) for ln in lines) == joined.count(word), word


@pytest.mark.parametrize("style", ["body", "cell", "small", "heading"])
@pytest.mark.parametrize("markup_kind", ["plain", "br", "font"])
def test_paragraph_lines_keep_the_rules(style: str, markup_kind: str) -> None:
    styles = make_styles(register_reportlab_font(find_cjk_font(WQY)))
    chosen = getattr(styles, style)
    for pad in range(0, 12):
        text = "甲" * pad + TEXT
        source = {
            "plain": markup(text),
            "br": markup(text) + "<br/>" + markup(text),
            "font": markup(text) + '<br/><font size="7">' + markup(text) + "</font>",
        }[markup_kind]
        for width in range(120, 300, 7):
            check(line_texts(Paragraph(source, chosen), width), text)


def engineered(item: ServiceItem) -> ServiceItem:
    materials = [
        m.model_copy(update={"name": bilingual("甲" * (5 * i + 3) + TEXT, "Proof (deed)")})
        for i, m in enumerate(item.materials)
    ]
    return item.model_copy(update={"materials": materials})


def engineered_review(review: ReviewResult) -> ReviewResult:
    """The review's texts (commitment, missing materials, findings) padded to meet line ends."""
    texts = [bilingual("甲" * (3 * i + 1) + TEXT, "Proof (deed)") for i in range(10)]
    first = review.deficiencies[:1]
    deficiencies = tuple(replace(d, name=t) for d in first for t in texts)
    findings = tuple(replace(f, label=texts[i % 10]) for i, f in enumerate(review.findings))
    commitment = bilingual("本人承诺" + TEXT * 3, "I undertake") if review.commitment else None
    return replace(
        review,
        deficiencies=deficiencies,
        findings=findings,
        commitment=commitment,
    )


@pytest.mark.parametrize("document", ["confirmation", "notice", "commitment"])
def test_documents_keep_the_rules(catalog: Catalog, document: str) -> None:
    jobs = dict(sample_document_jobs(catalog, KioskConfig(terminal_number=7), find_cjk_font(WQY)))
    builder, ctx = jobs[document]
    assert isinstance(ctx, DocumentContext)
    ctx = replace(
        ctx,
        item=engineered(ctx.item),
        review=engineered_review(ctx.review),
        hall_name="经开区政务服务中心" + TEXT * 2,
    )
    pdf = builder(ctx)
    lines = [
        ln.strip()
        for page in PdfReader(io.BytesIO(pdf)).pages
        for ln in page.extract_text().splitlines()
    ]
    check(lines, TEXT)
