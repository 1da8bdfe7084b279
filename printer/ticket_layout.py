"""The ticket's layout as blocks (lines, rules, a QR code, a cut), for any paper width.

The same blocks are turned into ESC/POS bytes (`escpos_ticket.py`) and into the
preview image (`preview.py`), so what the screen shows is what the paper gets. Every
text of the ticket's content passes `safe_text.printable` first, with a limit of its
own: whatever the config, the catalog or the store hand over, a ticket comes out, and
no text makes it a metre long.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from PIL import Image

from kiosk import wording
from kiosk.qr_fit import PAPER_DOTS, qr_fit
from printer.profiles import Paper
from printer.safe_text import printable
from printer.text_encoding import display_width, wrap
from printer.ticket_content import TicketContent


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Line:
    """One printed line; `scale` enlarges width and height (GS ! on the printer)."""

    text: str
    align: Align = Align.LEFT
    scale: int = 1
    bold: bool = False


@dataclass(frozen=True)
class Rule:
    """A dashed line across the paper."""


@dataclass(frozen=True)
class Qr:
    payload: str
    module: int  # dots per QR module


@dataclass(frozen=True, eq=False)
class Picture:
    """A 1-bit image printed as a raster, centred (a signature on a slip); at most the
    paper's width in dots."""

    image: Image.Image

    def __repr__(self) -> str:  # never the pixels (a signature is personal data)
        return f"Picture({self.image.width}x{self.image.height})"


@dataclass(frozen=True)
class Feed:
    lines: int = 1


@dataclass(frozen=True)
class Cut:
    """Feed past the cutter and cut."""


Block = Line | Rule | Qr | Picture | Feed | Cut

# The most characters printed of each text (the loaders allow far less: 40 for a name,
# 300 for the notice); beyond these a text is cut with "…".
NAME_CHARS = 120
NOTICE_CHARS = 600
SHORT_CHARS = 64  # the number, the reference


def _lines(
    text: str,
    columns: int,
    align: Align = Align.LEFT,
    scale: int = 1,
    bold: bool = False,
    words: tuple[str, ...] = (),
) -> list[Block]:
    """`text` wrapped to the paper at `scale`, `words` (names) kept whole where they can."""
    return [Line(part, align, scale, bold) for part in wrap(text, columns // scale, words)]


def _fitting_scale(text: str, columns: int, largest: int) -> int:
    """The largest scale at which `text` fits on one line."""
    for scale in range(largest, 1, -1):
        if display_width(text) * scale <= columns:
            return scale
    return 1


def _qr(payload: str, paper: Paper) -> list[Block]:
    """The QR code, or nothing when no QR of the payload fits the paper (the config's
    check refuses such a URL; this keeps a ticket printing should one get through)."""
    module = 6 if paper.columns >= 48 else 5
    try:
        payload.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: the QR libraries cannot encode it
        return []
    fit = qr_fit(payload, paper.width_mm if paper.width_mm in PAPER_DOTS else min(PAPER_DOTS))
    return [Qr(payload, module)] if payload and fit.fits else []


def safe_content(t: TicketContent) -> TicketContent:
    """`t` with every text printable and within its limit."""
    return replace(
        t,
        hall_name=printable(t.hall_name, limit=NAME_CHARS),
        number=printable(t.number, limit=SHORT_CHARS),
        item_name=printable(t.item_name, limit=NAME_CHARS),
        deficiencies=tuple((printable(n, limit=NAME_CHARS), d) for n, d in t.deficiencies),
        reference=printable(t.reference, limit=SHORT_CHARS),
        notice=printable(t.notice, multiline=True, limit=NOTICE_CHARS),
    )


def layout(t: TicketContent, paper: Paper) -> list[Block]:
    """The ticket, top to bottom."""
    t = safe_content(t)
    cols = paper.text_columns  # between the margins
    blocks: list[Block] = []
    blocks += _lines(
        t.hall_name, cols, align=Align.CENTER, bold=True, scale=_fitting_scale(t.hall_name, cols, 2)
    )
    blocks += _lines("自助申报 · 预审通过后取号", cols, align=Align.CENTER)
    blocks.append(Rule())
    blocks.append(Line("您的号码 Your number", Align.CENTER))
    big = _fitting_scale(t.number, cols, 4)
    blocks += _lines(t.number, cols, align=Align.CENTER, scale=big, bold=True)
    blocks.append(Rule())
    # Worded as the screen words them (kiosk.wording): 3、4 或 5 号窗口, 7 号终端.
    go = f"请到 {wording.counters(t.counters, 'zh')}"
    blocks += _lines(go, cols, align=Align.CENTER, bold=True, scale=_fitting_scale(go, cols, 2))
    english = wording.counters(t.counters, "en")
    blocks += _lines(f"Go to {english}", cols, align=Align.CENTER)
    ahead = wording.waiting_ahead(t.ahead)
    blocks += _lines(f"前面等候：{ahead.zh}", cols, align=Align.CENTER)
    blocks += _lines(f"Waiting ahead: {ahead.en}", cols, align=Align.CENTER)
    blocks.append(Feed())
    blocks += _lines(f"事项：{t.item_name}", cols, words=(t.item_name,))
    blocks += _lines(f"预审：{t.outcome.label.zh}", cols, bold=True)
    for name, due in t.deficiencies:
        blocks += _lines(f"· 容缺材料：{name}，请于 {due:%Y-%m-%d} 前补交", cols, words=(name,))
    blocks += _lines(f"申报编号：{t.reference}", cols)
    blocks += _qr(t.qr_url, paper)
    blocks += _lines("扫码查看办理进度 Scan to follow progress", cols, align=Align.CENTER)
    blocks.append(Rule())
    blocks += _lines(f"{t.issued_at:%Y-%m-%d %H:%M}  {wording.terminal(t.terminal, 'zh')}", cols)
    blocks += _lines(t.notice, cols)
    blocks.append(Cut())
    return blocks
