"""Paper to take home on the thermal printer: the notice, commitment, confirmation or
authorisation slip.

A terminal without an A4 printer still hands the applicant paper: the document's gist as
a slip from the ticket printer (every terminal has one). It is laid out with the
ticket's blocks (kiosk's 避头尾 wrapping in `text_encoding.wrap`, every text through
`safe_text.printable` with a limit), for 58 and 80 mm paper and the three profiles,
and printed as a ticket is (`delivery.deliver`): faults come back typed in the outcome,
never raised, and the bytes go before the preview is drawn.

What each slip says, in the applicant's language (titles in both):
- notice (一次性告知单): every problem and how to fix it;
- commitment (容缺受理承诺书): each missing material with its due date, the person
  committing and their signature as a raster, the date signed;
- confirmation (申报信息确认单): the item, the pre-review outcome, a short summary and
  领取方式 as the A4 confirmation words it: 免费邮寄 with the address label (the mobile
  masked, the address in Chinese for the post), or 窗口领取 at the item's counters;
- authorisation (委托代办授权书, 网格化零跑代办): the resident (name and full ID number:
  it is the paper the resident signs), the grid leader, the authorisation's reference,
  what it allows, how long it holds, and blank lines for both to sign and date;
each with the hall, the reference and its QR (the progress page), the time and terminal.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from PIL import Image

from kiosk import wording
from kiosk.i18n import Text, text
from printer import preview as drawing
from printer.delivery import DeliveryReport
from printer.documents.context import DocumentContext
from printer.errors import PrinterFault
from printer.printing import TicketPrinter, print_blocks
from printer.profiles import Paper
from printer.safe_text import printable
from printer.ticket_layout import (
    NAME_CHARS,
    NOTICE_CHARS,
    SHORT_CHARS,
    Align,
    Block,
    Cut,
    Feed,
    Line,
    Picture,
    Rule,
    _fitting_scale,
    _lines,
    _qr,
)

if TYPE_CHECKING:  # kiosk.proxy imports the store's models: printing needs no store
    from kiosk.proxy import ProxyGrant

log = logging.getLogger(__name__)

TEXT_CHARS = 300  # one problem, fix or summary value on a slip
MAX_ROWS = 40  # problems, materials or summary rows printed (a catalog has far fewer)
MAILING_LINES = 3  # name and mobile, address, postal code (MailingAddress.label_lines)

TITLES = {
    "notice": text("一次性告知单", "One-time notice"),
    "commitment": text("容缺受理承诺书", "Commitment to bring the missing materials"),
    "confirmation": text("申报信息确认单", "Declaration confirmation"),
    "authorisation": text("委托代办授权书", "Authorisation to apply on my behalf"),
}


@dataclass(frozen=True, repr=False)
class SlipContent:
    """Everything one slip prints, already in the applicant's words."""

    kind: str  # "notice", "commitment", "confirmation" or "authorisation"
    hall_name: str
    reference: str
    qr_url: str
    item_name: str
    made_at: datetime
    terminal: int
    counters: tuple[int, ...]
    english: bool = False
    # notice: (what, problem, how to fix it)
    fixes: tuple[tuple[str, str, str], ...] = ()
    # commitment: (material, due date)
    missing: tuple[tuple[str, date], ...] = ()
    # the commitment's text, as the applicant read it on the screen; the authorisation's
    # scope, as the A4 authorisation words it
    undertaking: str = ""
    committer: str | None = None
    committer_for: str | None = None
    signature: Image.Image | None = None  # 1-bit, at most the paper's width
    signed_at: datetime | None = None
    # confirmation: (label, value)
    summary: tuple[tuple[str, str], ...] = ()
    # confirmation: 领取方式 (the A4 confirmation's words) and, when the certificate is
    # mailed, the address as MailingAddress.label_lines gives it (the mobile masked)
    handover: str = ""
    mailing: tuple[str, ...] = ()
    # authorisation: who declares for whom, until when
    proxy: ProxyGrant | None = None

    def __repr__(self) -> str:  # no personal data in logs
        return f"SlipContent({self.kind}, {self.reference})"

    def pick(self, zh: str, en: str) -> str:
        return en if self.english else zh


def _p(value: str, limit: int = TEXT_CHARS) -> str:
    return printable(value, limit=limit)


def slip_layout(c: SlipContent, paper: Paper) -> list[Block]:
    """The slip, top to bottom."""
    cols = paper.text_columns
    reference = _p(c.reference, SHORT_CHARS)
    item = _p(c.item_name, NAME_CHARS)
    blocks = heading(c.hall_name, TITLES[c.kind], cols)
    blocks += _lines(c.pick(f"事项：{item}", f"Service: {item}"), cols, words=(item,))
    blocks += _lines(c.pick(f"申报编号：{reference}", f"Reference: {reference}"), cols)
    blocks.append(Feed())
    if c.kind == "notice":
        blocks += _notice(c, cols)
    elif c.kind == "commitment":
        blocks += _commitment(c, cols, paper)
    elif c.kind == "authorisation":
        blocks += _authorisation(c, cols)
    else:
        blocks += _confirmation(c, cols)
    blocks.append(Rule())
    blocks += _qr(c.qr_url, paper)
    blocks += _lines(c.pick("扫码查看办理进度", "Scan to follow progress"), cols, Align.CENTER)
    where = wording.counters(c.counters, "en" if c.english else "zh")
    blocks += _lines(c.pick(f"办理窗口：{where}", f"Where: {where}"), cols)
    terminal = wording.terminal(c.terminal, "en" if c.english else "zh")
    terminal = terminal[:1].upper() + terminal[1:]  # "Terminal 7", as the screen says it
    blocks += _lines(f"{c.made_at:%Y-%m-%d %H:%M}  {terminal}", cols)
    blocks.append(Cut())
    return blocks


def heading(hall_name: str, title: Text, cols: int) -> list[Block]:
    """A slip's head: the hall's name and the title (in both languages), then a rule."""
    hall = _p(hall_name, NAME_CHARS)
    out = _lines(hall, cols, Align.CENTER, _fitting_scale(hall, cols, 2), bold=True)
    out += _lines(title.zh, cols, Align.CENTER, _fitting_scale(title.zh, cols, 2), bold=True)
    out += _lines(title.en, cols, Align.CENTER)
    out.append(Rule())
    return out


def _notice(c: SlipContent, cols: int) -> list[Block]:
    fixes = c.fixes[:MAX_ROWS]
    out: list[Block] = _lines(
        c.pick(
            f"预审发现以下 {len(c.fixes)} 项问题，请逐项补正后重新申报：",
            f"Pre-review found {_problems(len(c.fixes))}. Put each right, then declare again:",
        ),
        cols,
        bold=True,
    )
    for n, (what, problem, fix) in enumerate(fixes, 1):
        out += _lines(f"{n}. {_p(what)}", cols, bold=True, words=(_p(what),))
        out += _lines(c.pick(f"问题：{_p(problem)}", f"Problem: {_p(problem)}"), cols)
        out += _lines(c.pick(f"补正：{_p(fix)}", f"Fix: {_p(fix)}"), cols)
    if len(c.fixes) > MAX_ROWS:
        out += _lines(c.pick("（其余问题请到窗口咨询）", "(Ask at the counter for the rest)"), cols)
    return out


def _problems(count: int) -> str:
    return "1 problem" if count == 1 else f"{count} problems"


def _commitment(c: SlipContent, cols: int, paper: Paper) -> list[Block]:
    out: list[Block] = _lines(
        c.pick("所缺材料及补齐期限：", "Missing materials and due dates:"), cols, bold=True
    )
    for n, (name, due) in enumerate(c.missing[:MAX_ROWS], 1):
        name = _p(name, NAME_CHARS)
        out += _lines(f"{n}. {name}", cols, words=(name,))
        out += _lines(c.pick(f"   {due:%Y-%m-%d} 前补齐", f"   by {due:%Y-%m-%d}"), cols)
    if c.undertaking:
        out += _lines(_p(c.undertaking, NOTICE_CHARS), cols)
    out.append(Feed())
    name = _p(c.committer, NAME_CHARS) if c.committer else "________"
    out += _lines(c.pick(f"承诺人：{name}", f"Committed by: {name}"), cols, bold=True)
    if c.committer_for:
        behalf = _p(c.committer_for, NAME_CHARS)
        out += _lines(c.pick(f"（代{behalf}办理）", f"(for {behalf})"), cols)
    out += _lines(c.pick("签名：", "Signature:"), cols)
    if c.signature is not None:
        out.append(Picture(fit_signature(c.signature, paper)))
    if c.signed_at is not None:
        out += _lines(
            c.pick(f"签署日期：{c.signed_at:%Y-%m-%d}", f"Signed on {c.signed_at:%Y-%m-%d}"), cols
        )
    return out


# Feeds above a blank signature line: room for a hand (or a thumb) on 58 mm paper too.
SIGN_FEEDS = 3


def _sign_here(label: str, day: str, cols: int) -> list[Block]:
    """A label, room to sign, a blank line across the paper, and a blank date."""
    return [
        *_lines(label, cols),
        Feed(SIGN_FEEDS),
        Line("_" * cols),
        *_lines(f"{day}{'_' * 12}", cols),
        Feed(),
    ]


def _authorisation(c: SlipContent, cols: int) -> list[Block]:
    g = c.proxy
    if g is None:  # slip_content refuses it first; a hand-made content says so here
        raise ValueError("an authorisation slip needs the grant of a grid leader's declaration")
    blank = c.pick("（未填写）", "(not given)")
    resident = _p(g.resident_name, NAME_CHARS) or blank
    leader = _p(g.leader_name, NAME_CHARS)
    role = c.pick("社区网格长", "community grid leader")
    out: list[Block] = []
    out += _lines(
        c.pick(f"委托人：{resident}", f"Resident: {resident}"), cols, bold=True, words=(resident,)
    )
    # The full number: the resident signs this paper as the one the ID names.
    resident_id = _p(g.resident_id, SHORT_CHARS) or blank
    out += _lines(c.pick(f"公民身份号码：{resident_id}", f"Resident ID: {resident_id}"), cols)
    out += _lines(
        c.pick(f"受托人：{leader}（{role}）", f"Grid leader: {leader} ({role})"),
        cols,
        bold=True,
        words=(leader,),
    )
    account = _p(g.leader_account, SHORT_CHARS)
    out += _lines(c.pick(f"工作账号：{account}", f"Staff account: {account}"), cols)
    number = _p(g.authorisation, SHORT_CHARS)
    out += _lines(c.pick(f"授权书编号：{number}", f"Authorisation no.: {number}"), cols)
    out.append(Feed())
    if c.undertaking:
        out += _lines(_p(c.undertaking, NOTICE_CHARS), cols)
    start, end = g.granted_on.isoformat(), g.valid_until.isoformat()
    out += _lines(
        c.pick(f"有效期：{start} 至 {end}", f"Valid from {start} to {end}"), cols, bold=True
    )
    out.append(Feed())
    day = c.pick("日期：", "Date: ")
    out += _sign_here(
        c.pick("委托人（签字或按手印）：", "Resident (signature or thumbprint):"), day, cols
    )
    out += _sign_here(c.pick("受托人签字：", "Grid leader's signature:"), day, cols)
    return out


def _confirmation(c: SlipContent, cols: int) -> list[Block]:
    out: list[Block] = []
    for label, value in c.summary[:MAX_ROWS]:
        out += _lines(f"{_p(label, NAME_CHARS)}：{_p(value)}", cols)
    if c.handover:
        how = _p(c.handover)
        # The counters kept on one line, as the slip's foot prints them: 窗口领取 at
        # "3、4 或 5 号窗口", not "3、4 或" and "5 号窗口" on two.
        where = wording.counters(c.counters, "en" if c.english else "zh")
        out += _lines(
            c.pick(f"领取方式：{how}", f"How you get the certificate: {how}"),
            cols,
            bold=True,
            words=(where,),
        )
        for line in c.mailing[:MAILING_LINES]:
            out += _lines(_p(line), cols)
    out += _lines(
        c.pick(
            "本单仅供您留存，完整申报信息以窗口受理为准。",
            "For your records; the counter holds the full declaration.",
        ),
        cols,
    )
    return out


def fit_signature(image: Image.Image, paper: Paper) -> Image.Image:
    """A signature picture no wider than the paper between its margins."""
    room = paper.dots - 2 * paper.margin_columns * drawing.CELL
    if image.width <= room:
        return image.convert("1")
    height = max(1, image.height * room // image.width)
    return (
        image.convert("L")
        .resize((room, height))
        .point(lambda v: 255 if v >= 128 else 0)
        .convert("1")
    )


def signature_size(paper: Paper) -> tuple[int, int]:
    """The pixels a signature is drawn at for `paper`: the width between the margins,
    a third of it high."""
    room = paper.dots - 2 * paper.margin_columns * drawing.CELL
    return room, room // 3


# -- printing -------------------------------------------------------------------------------

PRINTED = "printed"


@dataclass(frozen=True)
class SlipOutcome:
    """How printing one slip went; `fault` typed (never raised), `status` for the store."""

    reference: str
    kind: str
    report: DeliveryReport | None = None
    fault: PrinterFault | None = None
    preview_png: bytes | None = None
    to_connection_s: float | None = None  # from the call to every byte handed over

    @property
    def status(self) -> str:
        return PRINTED if self.fault is None else self.fault.code


def print_slip(
    printer: TicketPrinter,
    content: SlipContent,
    *,
    on_sent: Callable[[], None] | None = None,
) -> SlipOutcome:
    """Print one slip on the ticket printer, bytes first, preview after; never raises."""
    return print_laid_out(
        printer,
        lambda: slip_layout(content, printer.paper),
        content.reference,
        content.kind,
        on_sent=on_sent,
    )


def print_laid_out(
    printer: TicketPrinter,
    layout: Callable[[], list[Block]],
    reference: str,
    kind: str,
    *,
    on_sent: Callable[[], None] | None = None,
) -> SlipOutcome:
    """Print the slip `layout` lays out (`kind`, for `reference`) as `print_slip` does:
    bytes first, preview after; never raises (a fault in laying out is one too)."""
    printed = print_blocks(
        printer,
        layout,
        f"{reference}_{kind}_{datetime.now():%H%M%S%f}",
        f"slip {kind}",
        on_sent=on_sent,
    )
    return SlipOutcome(
        reference,
        kind,
        report=printed.report,
        fault=printed.fault,
        preview_png=printed.preview_png,
        to_connection_s=printed.to_connection_s,
    )


# What the applicant is told when the slip printer fails: the document is saved, an
# attendant is called (the screen calls one; the fault reaches the dashboard as the
# printer's status), the counter can print it.
_SLIP_FAULTS = {
    "paper_out": text("打印机缺纸", "The printer is out of paper"),
    "cover_open": text("打印机盖未关好", "The printer cover is open"),
    "offline": text("打印机暂时无法使用", "The printer is not available right now"),
    "disconnected": text("打印中断", "Printing was interrupted"),
    "no_answer": text("打印机没有响应", "The printer is not responding"),
    "not_found": text("未找到打印机", "The printer cannot be found"),
}
_SLIP_FAULT = text("打印机出现故障", "The printer has a problem")
_SAVED = text(
    "，未能打印。已通知辅导员；文件已保存，窗口可以为您打印。",
    ": nothing was printed. An attendant has been called; the document is saved and the "
    "counter can print it for you.",
)


def fault_message(fault: PrinterFault) -> Text:
    """The applicant's message for a slip that could not be printed."""
    reason = _SLIP_FAULTS.get(fault.code, _SLIP_FAULT)
    return Text(reason.zh + _SAVED.zh, reason.en + _SAVED.en)


def slip_content(kind: str, ctx: DocumentContext, paper: Paper, made_at: datetime) -> SlipContent:
    """The slip of document `kind` for the declaration in `ctx` (the A4 document's context:
    the slip says the same in fewer words), its signature drawn for `paper`."""
    from kiosk.answer_format import relevant_materials
    from printer.documents.authorisation import scope  # the A4 authorisation's own words
    from printer.documents.confirmation import handover  # the A4 confirmation's own words
    from printer.documents.notice import _what  # the notice's own wording of a subject

    review, item = ctx.review, ctx.item
    base = SlipContent(
        kind=kind,
        hall_name=ctx.hall_name_en if ctx.english and ctx.hall_name_en else ctx.hall_name,
        reference=ctx.reference,
        qr_url=ctx.qr_url,
        item_name=ctx.tr(item.name),
        made_at=made_at,
        terminal=ctx.terminal,
        counters=tuple(item.counters),
        english=ctx.english,
    )
    if kind == "notice":
        fixes = tuple((_what(f, ctx), ctx.tr(f.message), ctx.tr(f.fix)) for f in review.findings)
        return replace(base, fixes=fixes)
    if kind == "commitment":
        picture = None
        if ctx.signature is not None:
            picture = ctx.signature.image(*signature_size(paper), mode="1")
        return replace(
            base,
            missing=tuple((ctx.tr(d.name), d.due_date) for d in review.deficiencies),
            undertaking=ctx.tr(review.commitment) if review.commitment else "",
            committer=ctx.committer,
            committer_for=ctx.committer_for,
            signature=picture,
            signed_at=ctx.signed_at,
        )
    if kind == "authorisation":
        if ctx.proxy is None:
            raise ValueError("an authorisation slip needs the grant of a grid leader's declaration")
        return replace(base, proxy=ctx.proxy, undertaking=scope(ctx, ctx.proxy))
    materials = relevant_materials(item, ctx.answers, ctx.submitted_at.date())
    brought = sum(1 for m in materials if ctx.materials.get(m.id, False))
    summary = [
        (ctx.pick("预审结果", "Pre-review"), ctx.tr(review.outcome.label)),
        (ctx.pick("申报时间", "Declared"), f"{ctx.submitted_at:%Y-%m-%d %H:%M}"),
        (
            ctx.pick("材料", "Materials"),
            ctx.pick(
                f"已备齐 {brought}/{len(materials)} 项", f"{brought} of {len(materials)} brought"
            ),
        ),
    ]
    if ctx.committer:
        summary.append((ctx.pick("申请人", "Applicant"), ctx.committer))
    for d in review.deficiencies:
        due = ctx.pick(f"（{d.due_date:%Y-%m-%d} 前补齐）", f" (by {d.due_date:%Y-%m-%d})")
        summary.append((ctx.pick("容缺材料", "To follow"), ctx.tr(d.name) + due))
    mailing = tuple(ctx.mailing.label_lines()) if ctx.mailing is not None else ()
    return replace(base, summary=tuple(summary), handover=handover(ctx), mailing=mailing)
