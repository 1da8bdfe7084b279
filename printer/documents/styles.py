"""Paragraph and table styles of the A4 documents, and small flowable helpers.

Every style uses the CJK TrueType font with ``wordWrap='CJK'`` so Chinese lines break
between any two characters. Text from the catalog or the applicant is escaped before it
becomes paragraph markup: an answer containing ``<`` or ``&`` prints as typed. Table
cells name the font too (reportlab draws string cells in unembedded Helvetica otherwise),
and reportlab's list of punctuation that may not start a line is completed with the
full-width marks it lacks (，；：！？》 …), once, when styles are first made.

All text passes `printer.safe_text.printable` before it becomes markup (reportlab fails
on lone surrogates, and draws control characters as boxes). A long cell is cut into
table rows of at most `CELL_CHUNK_CHARS` characters: reportlab wraps a cell's whole
paragraph again each time the row is split at a page end, so one 40,000-character
answer cost time growing with the square of its length; rows of bounded size make each
page's work bounded, and a document's building linear in its text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors, textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus import paragraph as rl_paragraph

from printer.documents import line_breaks
from printer.safe_text import printable

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8c8c8c")
SHADE = colors.HexColor("#eef1f5")


@dataclass(frozen=True)
class Styles:
    """The paragraph styles of one document, all in the CJK font."""

    font: str
    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle


# Full-width punctuation that must not start a line (禁则). reportlab's CJK wrapping lets
# a character of its list hang at the line end instead, but its list misses these. The
# list is read from two modules (paragraphs of one run of text use textsplit's).
_CANNOT_START = "，；：！？》”’）…"


def _extend_line_start_rules() -> None:
    """Add the missing full-width punctuation to reportlab's cannot-start-a-line lists."""
    for module in (textsplit, rl_paragraph):
        known: str = module.ALL_CANNOT_START
        missing = "".join(c for c in _CANNOT_START if c not in known)
        if missing:
            module.ALL_CANNOT_START = known + missing


def make_styles(font: str) -> Styles:
    _extend_line_start_rules()
    line_breaks.install()  # 避头尾 both ways and words kept whole (reportlab's hangs one mark)

    def style(name: str, size: float, color: colors.Color = INK, **kw: float) -> ParagraphStyle:
        return ParagraphStyle(
            name,
            fontName=font,
            fontSize=size,
            leading=size * 1.45,
            wordWrap="CJK",
            textColor=color,
            **kw,
        )

    return Styles(
        font=font,
        body=style("body", 10.5, spaceAfter=4),
        small=style("small", 8.5, MUTED),
        heading=style("heading", 13, spaceBefore=10, spaceAfter=5),
        subheading=style("subheading", 10.5, MUTED, spaceBefore=5, spaceAfter=3),
        cell=style("cell", 9.5),
        cell_head=style("cell_head", 9.5, colors.white),
    )


# The most characters of one table cell's paragraph; a longer text continues in the
# next row (about eight lines of a wide column: a row split at a page end re-wraps this
# much at most).
CELL_CHUNK_CHARS = 300


def markup(text: str) -> str:
    """`text` as paragraph markup: printable, escaped, line breaks kept."""
    return escape(printable(text, multiline=True)).replace("\n", "<br/>")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped; line breaks kept)."""
    return Paragraph(markup(text), style)


def chunks(text: str, size: int | None = None) -> list[str]:
    """`text` in pieces of at most `size` (`CELL_CHUNK_CHARS`) characters, cut after a
    space or line break near the end of a piece (Latin words stay whole), else anywhere."""
    size = size or CELL_CHUNK_CHARS
    text = printable(text, multiline=True)
    pieces: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        soft = max(text.rfind(" ", end - size // 4, end), text.rfind("\n", end - size // 4, end))
        end = soft + 1 if soft > start else end
        pieces.append(text[start:end])
        start = end
    pieces.append(text[start:])
    return pieces


def heading(text: str, styles: Styles, *, sub: bool = False) -> list[Flowable]:
    """A section heading, on a new page when too little room is left for what follows.

    (A conditional page break rather than keepWithNext: that would move a table longer
    than a page to the next page whole, leaving this one empty.)
    """
    room = 22 * mm if sub else 32 * mm
    return [CondPageBreak(room), para(text, styles.subheading if sub else styles.heading)]


def with_detail(text: str, detail: str, styles: Styles) -> Paragraph:
    """A table cell: `text`, and under it `detail` in small grey type."""
    small = styles.small
    font = f'<br/><font size="{small.fontSize}" color="{small.textColor.hexval()}">'
    return Paragraph(markup(text) + font + markup(detail) + "</font>", styles.cell)


def grid(
    rows: Sequence[Sequence[str | Flowable]],
    widths: Sequence[float],
    styles: Styles,
    *,
    header: bool = True,
    label_column: bool = False,
) -> Table:
    """A ruled table; strings become wrapping paragraphs; the header repeats on each page.

    A string longer than `CELL_CHUNK_CHARS` continues in rows below its own, drawn
    without a rule between them, so a long answer reads as one cell; rows taller than a
    page are split across pages.
    """
    data: list[list[str | Flowable]] = []
    ends: list[int] = []  # the last table row of each given row
    for r, row in enumerate(rows):
        style = styles.cell_head if header and r == 0 else styles.cell
        cells = [chunks(c) if isinstance(c, str) else [c] for c in row]
        for k in range(max(len(c) for c in cells)):
            data.append(
                [
                    (Paragraph(markup(c[k]), style) if isinstance(c[k], str) else c[k])
                    if k < len(c)
                    else ""
                    for c in cells
                ]
            )
        ends.append(len(data) - 1)
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.font),  # string cells default to Helvetica
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, RULE),
        *(("LINEBELOW", (0, end), (-1, end), 0.5, RULE) for end in ends[:-1]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    continued = sorted(set(range(len(data))) - set(ends))  # rows another row continues
    commands += [("BOTTOMPADDING", (0, r), (-1, r), 0) for r in continued]
    commands += [("TOPPADDING", (0, r + 1), (-1, r + 1), 0) for r in continued]
    head = ends[0] + 1 if header and ends else 0  # the header's rows
    if head:
        commands.append(("BACKGROUND", (0, 0), (-1, head - 1), colors.HexColor("#3d5a80")))
    if label_column:
        commands.append(("BACKGROUND", (0, head), (0, -1), SHADE))
    return Table(
        data,
        colWidths=list(widths),
        style=TableStyle(commands),
        repeatRows=head,
        splitInRow=1,
        hAlign="LEFT",
        spaceAfter=5,
    )


def _cell(value: Flowable | str, styles: Styles) -> Flowable | str:
    return para(value, styles.body) if isinstance(value, str) and value else value


def signature_block(
    lines: Sequence[tuple[str, str]],
    styles: Styles,
    filled: Sequence[tuple[Flowable | str, Flowable | str]] = (),
) -> Flowable:
    """Signature and date lines, e.g. [("申请人签字：", "日期：")], kept on one page;
    `filled` puts what is already known on the lines, row by row (a signature image drawn
    on the screen, the date signed)."""
    rows: list[list[Flowable | str]] = []
    heights: list[float] = []
    for n, (who, when) in enumerate(lines):
        sign, day = filled[n] if n < len(filled) else ("", "")
        rows.append(
            [
                para(who, styles.body),
                _cell(sign, styles),
                para(when, styles.body),
                _cell(day, styles),
            ]
        )
        heights.append(24 * mm if isinstance(sign, Flowable) else 14 * mm)
    size = styles.body.fontSize
    who_w = max(stringWidth(who, styles.font, size) for who, _ in lines) + 16
    when_w = max(stringWidth(when, styles.font, size) for _, when in lines) + 18
    table = Table(
        rows,
        colWidths=[who_w, 70 * mm, when_w, 45 * mm],
        rowHeights=heights,
        style=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, -1), 0.7, INK),
                ("LINEBELOW", (3, 0), (3, -1), 0.7, INK),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("BOTTOMPADDING", (1, 0), (1, -1), 1),
            ]
        ),
        hAlign="LEFT",
    )
    return KeepTogether([Spacer(1, 6 * mm), table])
