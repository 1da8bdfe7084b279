"""The page machinery every A4 document shares.

A document is a :class:`DocumentKind`: a title in both languages and a function that
writes its body as reportlab flowables. :func:`render` lays the body out on A4 pages,
each with the hall's header (hall name in Chinese and English, the title with its
subtitle in the other language, the reference with its QR code, terminal and time) and a
footer numbering the pages "第 x 页 / 共 y 页". The total is known only at the end, so
the canvas keeps each page and draws the footers when the document is saved. The font
is the embedded CJK TrueType font, also as the canvas's initial font, so no standard
(unembedded) font ever enters the PDF. Output is deterministic (``invariant=1``). The
texts the header and footer draw pass `printer.safe_text.printable` (reportlab fails on
a lone surrogate), and a QR payload no QR code holds is left out rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from typing import Any

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from kiosk import wording
from kiosk.i18n import Text
from printer.documents.context import DocumentContext
from printer.documents.styles import INK, MUTED, RULE, Styles, make_styles
from printer.fonts import register_reportlab_font
from printer.safe_text import printable

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
HEADER_H = 54 * mm  # top edge of the page to the top of the body
FOOTER_H = 20 * mm  # bottom edge of the page to the bottom of the body
QR_SIZE = 28 * mm

Story = Callable[[DocumentContext, Styles], list[Flowable]]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of A4 document: its key (used in file names), title, and body writer."""

    key: str
    title: Text
    story: Story


def render(ctx: DocumentContext, kind: DocumentKind) -> bytes:
    """The PDF of `kind` for `ctx`."""
    font = register_reportlab_font(ctx.font)
    buffer = BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=HEADER_H,
        bottomMargin=FOOTER_H,
        title=printable(f"{kind.title.zh} {ctx.reference}", limit=200),
        author=printable(ctx.hall_name, limit=200),
        subject=kind.title.en,
        creator="declaration-kiosk",
        invariant=1,
        initialFontName=font,
    )
    frame = Frame(
        MARGIN,
        FOOTER_H,
        PAGE_W - 2 * MARGIN,
        PAGE_H - HEADER_H - FOOTER_H,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    header = partial(_draw_header, ctx=ctx, title=kind.title, font=font)
    doc.addPageTemplates([PageTemplate("page", [frame], onPage=header)])
    footer = partial(_draw_footer, ctx=ctx, font=font)
    doc.build(kind.story(ctx, make_styles(font)), canvasmaker=partial(_NumberedCanvas, footer))
    return buffer.getvalue()


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab is untyped
    """A canvas that holds its pages until the end, to print "page x of y" on each."""

    def __init__(self, footer: Callable[[Canvas, int], None], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._footer(self, total)
            super().showPage()
        super().save()


def _fit(text: str, font: str, size: float, width: float) -> float:
    """`size`, made smaller (down to 60%) until `text` fits `width`."""
    floor = size * 0.6
    while size > floor and stringWidth(text, font, size) > width:
        size -= 0.5
    return size


# The most characters a header or footer line draws (the loaders allow far fewer).
LINE_CHARS = 200


def _text(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, width: float
) -> None:
    text = printable(text, limit=LINE_CHARS)
    canv.setFont(font, _fit(text, font, size, width))
    canv.drawString(x, y, text)


def _draw_header(
    canv: Canvas, doc: BaseDocTemplate, *, ctx: DocumentContext, title: Text, font: str
) -> None:
    canv.saveState()
    top = PAGE_H
    qr_x = PAGE_W - MARGIN - QR_SIZE
    width = qr_x - MARGIN - 6 * mm
    canv.setFillColor(INK)
    _text(canv, MARGIN, top - 17 * mm, ctx.hall_name, font, 12.5, width)
    canv.setFillColor(MUTED)
    _text(canv, MARGIN, top - 21.5 * mm, ctx.hall_name_en, font, 8, width)
    main, sub = (title.en, title.zh) if ctx.english else (title.zh, title.en)
    canv.setFillColor(INK)
    _text(canv, MARGIN, top - 32.5 * mm, main, font, 21, width)
    canv.setFillColor(MUTED)
    _text(canv, MARGIN, top - 38.5 * mm, sub, font, 10.5, width)
    _draw_qr(canv, ctx.qr_url, qr_x, top - 11 * mm - QR_SIZE, font)
    canv.setFillColor(INK)
    canv.setFont(font, 8)
    reference = printable(ctx.reference, limit=64)
    canv.drawCentredString(qr_x + QR_SIZE / 2, top - 41.5 * mm, reference)
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.8)
    canv.line(MARGIN, top - 44 * mm, PAGE_W - MARGIN, top - 44 * mm)
    when = ctx.submitted_at.strftime("%Y-%m-%d %H:%M")
    meta = ctx.pick(
        f"申报编号：{ctx.reference}　　{wording.terminal(ctx.terminal, 'zh')}　　提交时间：{when}",
        f"Reference: {ctx.reference}    Terminal: {ctx.terminal}    Submitted: {when}",
    )
    _text(canv, MARGIN, top - 49.5 * mm, meta, font, 9.5, PAGE_W - 2 * MARGIN)
    canv.restoreState()


# The most bytes of a QR payload drawn: a version 40 code at error correction M holds
# 2331; the loader allows a URL of a few hundred.
QR_MAX_BYTES = 2331


def _draw_qr(canv: Canvas, payload: str, x: float, y: float, font: str) -> None:
    try:
        size = len(payload.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: no QR can hold it
        return
    if not 0 < size <= QR_MAX_BYTES:
        return
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    )
    # The renderer would otherwise select Helvetica (unembedded) for the drawing.
    drawing.initialFontName = font
    drawing.add(widget)
    renderPDF.draw(drawing, canv, x, y)


def _draw_footer(canv: Canvas, total: int, *, ctx: DocumentContext, font: str) -> None:
    number = canv.getPageNumber()
    canv.saveState()
    canv.setStrokeColor(RULE)
    canv.setLineWidth(0.5)
    canv.line(MARGIN, 15 * mm, PAGE_W - MARGIN, 15 * mm)
    canv.setFillColor(INK)
    canv.setFont(font, 9)
    pages = f"第 {number} 页 / 共 {total} 页"
    if ctx.english:
        pages = f"Page {number} of {total} · {pages}"
    canv.drawCentredString(PAGE_W / 2, 10 * mm, pages)
    canv.setFillColor(MUTED)
    where = ctx.pick(
        f"{ctx.hall_name} · {wording.terminal(ctx.terminal, 'zh')}",
        wording.terminal(ctx.terminal, "en").capitalize(),
    )
    _text(canv, MARGIN, 10 * mm, where, font, 7.5, PAGE_W / 2 - MARGIN - 30 * mm)
    canv.setFont(font, 7.5)
    canv.drawRightString(PAGE_W - MARGIN, 10 * mm, printable(ctx.reference, limit=64))
    canv.restoreState()
