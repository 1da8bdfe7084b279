"""A console walk-through of one declaration, from the catalog to a ticket.

Until the touch interface exists this is what the demo command shows: the same core
the kiosk uses (catalog, pre-review, store, tickets), driven by a scripted applicant
who first mistypes a credit code, fixes it, is missing one deficiency-eligible
material, accepts the commitment and takes a ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from kiosk import wording
from kiosk.answer_format import format_answer
from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import Category
from kiosk.declarations import IssuedTicket, Submitted
from kiosk.forms import AnswerValue
from kiosk.prereview import Outcome, ReviewResult
from kiosk.samples import company_address_change_answers, sample_signature_strokes
from kiosk.signature import Signature

ITEM = "company-address-change"


def _review(out: Callable[[str], None], review: ReviewResult) -> None:
    out(f"\n预审结果 / Pre-review: {review.outcome.label.zh} / {review.outcome.label.en}")
    for n, f in enumerate(review.findings, 1):
        out(f"  {n}. {f.label.zh}：{f.message.zh}。{f.fix.zh}")
    for d in review.deficiencies:
        out(
            f"  容缺材料：{d.name.zh}，请于 {d.due_date.isoformat()} 前补交"
            f"（{d.working_days} 个工作日）"
        )
    if review.commitment:
        out(f"  承诺书：{review.commitment.zh}")


# Called with each submitted declaration (answers, checklist) and with the issued ticket:
# the composition root wires them to the A4 documents and the ticket printer.
ReviewHook = Callable[[Submitted, Mapping[str, AnswerValue], Mapping[str, bool]], None]
TicketHook = Callable[[IssuedTicket], None]


class Desk(Protocol):
    """What the walk-through needs of the terminal (kiosk.terminal.ConsoleDesk)."""

    terminal: int

    def submit(
        self,
        item_id: str,
        answers: Mapping[str, AnswerValue],
        materials: Mapping[str, bool],
        language: str = ...,
        reference: str | None = ...,
    ) -> Submitted: ...

    def accept_commitment(self, reference: str, signature: Signature) -> object: ...

    def issue_ticket(self, reference: str, review: ReviewResult) -> IssuedTicket: ...

    def outbox_depth(self) -> int: ...


def run(
    catalog: Catalog,
    desk: Desk,
    hall_name: str,
    out: Callable[[str], None] = print,
    on_review: ReviewHook | None = None,
    on_ticket: TicketHook | None = None,
) -> str:
    """Walk one declaration through; return the ticket number."""
    out(f"== {hall_name} · 自助申报终端 {desk.terminal} 号 ==")
    for category in Category:
        names = "、".join(i.name.zh for i in catalog.by_category(category))
        out(f"{category.label.zh}（{len(catalog.by_category(category))} 项）：{names}")
    item = catalog[ITEM]
    out(f"\n选择事项 / Item: {item.name.zh} / {item.name.en}")
    out(
        f"承诺时限 {wording.time_limit(item.time_limit_days).zh} · "
        f"收费 {wording.fee(item.fee, 'zh')} · 受理窗口 {wording.counters(item.counters, 'zh')}"
    )
    for m in item.materials:
        kind = "必要材料" if m.essential else f"可容缺（{m.deficiency_days} 个工作日内补交）"
        out(f"  材料：{m.name.zh} · {m.form.label.zh} {m.copies} 份 · {kind}")

    answers = company_address_change_answers()
    code = str(answers["credit_code"])
    answers["credit_code"] = code[:-1] + ("0" if code[-1] != "0" else "1")  # a slip of the finger
    for page in item.pages:
        out(f"\n【{page.title.zh}】")
        for f in page.fields:
            if f.id in answers:
                out(f"  {f.label.zh}：{format_answer(f, answers[f.id])}")
    materials = {m.id: m.id != "premises_proof" for m in item.materials}

    first = desk.submit(ITEM, answers, materials)
    out(f"\n提交申报，编号 {first.reference}")
    _review(out, first.review)
    if on_review:
        on_review(first, dict(answers), materials)
    if first.review.outcome is Outcome.REJECTED:
        out("\n申请人按一次性告知修改统一社会信用代码后重新提交。")
        answers["credit_code"] = code
    second = desk.submit(ITEM, answers, materials, reference=first.reference)
    _review(out, second.review)
    if on_review:
        on_review(second, dict(answers), materials)
    if second.review.outcome is Outcome.PASSED_WITH_DEFICIENCY:
        strokes, width, height = sample_signature_strokes()
        desk.accept_commitment(second.reference, Signature.from_pad(strokes, width, height))
        out("申请人已在屏幕上签署承诺书。")
    ticket = desk.issue_ticket(second.reference, second.review)
    out(f"\n取号成功 / Your ticket: {ticket.number}")
    out(f"请到 {'、'.join(map(str, ticket.counters))} 号窗口办理 · 申报编号 {ticket.reference}")
    if on_ticket:
        on_ticket(ticket)
    out(f"待同步事件 / Events waiting for the central server: {desk.outbox_depth()}")
    return ticket.number
