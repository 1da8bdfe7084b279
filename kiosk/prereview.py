"""Pre-review (预审): may this declaration take a queue ticket?

A pure function of the item, the answers, the material checklist and the date. Its
findings are also the content of the one-time notice (一次性告知): one finding per
problem, each saying what is wrong and how to fix it, in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from kiosk.catalog.models import ServiceItem
from kiosk.forms import Answers, FieldProblem, check_answer, form_state
from kiosk.i18n import Text, text
from kiosk.messages import fix, message
from kiosk.workcalendar import WorkCalendar, default_calendar


class Outcome(StrEnum):
    """The three results of pre-review, worst last."""

    PASSED = "passed"  # 预审通过
    PASSED_WITH_DEFICIENCY = "passed_with_deficiency"  # 容缺受理
    REJECTED = "rejected"  # 预审未通过

    @property
    def label(self) -> Text:
        return {
            Outcome.PASSED: text("预审通过", "Pre-review passed"),
            Outcome.PASSED_WITH_DEFICIENCY: text("容缺受理", "Accepted, materials to follow"),
            Outcome.REJECTED: text("预审未通过", "Pre-review not passed"),
        }[self]


def may_take_ticket(outcome: Outcome, commitment_accepted: bool) -> bool:
    """预审通过后取号: the one rule of who gets a queue ticket.

    A declaration that passed pre-review gets one; one accepted with a deficiency
    (容缺受理) only once the applicant has accepted the commitment (承诺书); a rejected
    one never (its one-time notice says what to bring instead).
    """
    return outcome is Outcome.PASSED or (
        outcome is Outcome.PASSED_WITH_DEFICIENCY and commitment_accepted
    )


_ORDER = [Outcome.PASSED, Outcome.PASSED_WITH_DEFICIENCY, Outcome.REJECTED]


def worst(outcomes: list[Outcome]) -> Outcome:
    return max(outcomes, key=_ORDER.index, default=Outcome.PASSED)


@dataclass(frozen=True)
class Finding:
    """One problem: a field answer, a missing essential material, or the item itself."""

    kind: str  # "field" | "material" | "item"
    target: str  # field id, material id or item id
    page_id: str | None  # where "fix now" takes the applicant
    approval_id: str | None
    code: str  # message key
    label: Text  # the field's label or the material's name
    message: Text
    fix: Text


@dataclass(frozen=True)
class Deficiency:
    """A material missing under 容缺受理, to be supplied by `due_date`."""

    material_id: str
    name: Text
    working_days: int
    due_date: date
    approval_id: str | None


@dataclass(frozen=True)
class ApprovalReview:
    """The outcome for one approval of a joint item."""

    approval_id: str
    name: Text
    outcome: Outcome


@dataclass(frozen=True)
class ReviewResult:
    """What pre-review decided, and everything the applicant must be told."""

    item_id: str
    outcome: Outcome
    reviewed_on: date
    findings: tuple[Finding, ...] = ()
    deficiencies: tuple[Deficiency, ...] = ()
    commitment: Text | None = None  # the 承诺书 text, for PASSED_WITH_DEFICIENCY
    approvals: tuple[ApprovalReview, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able form, for the store and the outbox."""
        data = asdict(self)
        data["reviewed_on"] = self.reviewed_on.isoformat()
        for d in data["deficiencies"]:
            d["due_date"] = d["due_date"].isoformat()
        plain: dict[str, Any] = _plain(data)
        return plain

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReviewResult:
        def t(d: Mapping[str, str] | None) -> Text | None:
            return None if d is None else text(d["zh"], d["en"])

        return cls(
            item_id=data["item_id"],
            outcome=Outcome(data["outcome"]),
            reviewed_on=date.fromisoformat(data["reviewed_on"]),
            findings=tuple(
                Finding(
                    **{**f, "label": t(f["label"]), "message": t(f["message"]), "fix": t(f["fix"])}
                )
                for f in data["findings"]
            ),
            deficiencies=tuple(
                Deficiency(
                    **{**d, "name": t(d["name"]), "due_date": date.fromisoformat(d["due_date"])}
                )
                for d in data["deficiencies"]
            ),
            commitment=t(data.get("commitment")),
            approvals=tuple(
                ApprovalReview(
                    a["approval_id"], text(a["name"]["zh"], a["name"]["en"]), Outcome(a["outcome"])
                )
                for a in data["approvals"]
            ),
        )


def _plain(value: Any) -> Any:
    if isinstance(value, Text):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, StrEnum):
        return value.value
    return value


DEFAULT_COMMITMENT = text(
    "本人自愿申请容缺受理，承诺在下列期限内补齐所缺材料：{materials}。"
    "逾期未补齐的，同意本次申请按撤回处理。本人对所作承诺的真实性负责。",
    "I ask for my application to be accepted now, with materials to follow, and undertake "
    "to supply the missing "
    "materials by these dates: {materials}. If I do not, I agree that this application "
    "is treated as withdrawn. I am responsible for the truth of this undertaking.",
)


def prereview(
    item: ServiceItem,
    answers: Answers,
    materials: Mapping[str, bool],
    on: date,
    calendar: WorkCalendar | None = None,
) -> ReviewResult:
    """Review a declaration of `item` made on `on`; `materials` maps material id -> present."""
    calendar = calendar or default_calendar()
    state = form_state(item, answers, on)
    findings: list[Finding] = []
    if on.weekday() == 5 and not item.saturday:
        findings.append(
            Finding(
                "item",
                item.id,
                None,
                None,
                "item.not_on_saturday",
                item.name,
                message("item.not_on_saturday", item.name),
                fix("item.not_on_saturday", item.name),
            )
        )
    for page in item.pages:
        for f in page.fields:
            if f.id not in state.visible:
                continue  # hidden by relevance: not asked, not reviewed
            for p in check_answer(f, answers.get(f.id), state, on):
                findings.append(field_finding(item, p, page.id))
    deficiencies: list[Deficiency] = []
    for m in item.materials:
        if m.relevance is not None and not m.relevance.truthy(state.values, on):
            continue
        if materials.get(m.id, False):
            continue
        if m.essential or m.deficiency_days is None:
            findings.append(
                Finding(
                    "material",
                    m.id,
                    None,
                    m.approval,
                    "material.missing",
                    m.name,
                    message("material.missing", m.name),
                    fix("material.missing", m.name),
                )
            )
        else:
            due = calendar.add_working_days(on, m.deficiency_days)
            deficiencies.append(Deficiency(m.id, m.name, m.deficiency_days, due, m.approval))
    approvals = tuple(
        ApprovalReview(
            a.id,
            a.name,
            _outcome(
                [f for f in findings if f.approval_id in (None, a.id)],
                [d for d in deficiencies if d.approval_id in (None, a.id)],
            ),
        )
        for a in item.approvals
    )
    outcome = _outcome(findings, deficiencies)
    commitment = None
    if outcome is Outcome.PASSED_WITH_DEFICIENCY:
        commitment = _commitment(item.commitment or DEFAULT_COMMITMENT, deficiencies)
    return ReviewResult(
        item.id,
        outcome,
        on,
        tuple(findings),
        tuple(deficiencies) if outcome is not Outcome.REJECTED else (),
        commitment,
        approvals,
    )


def _outcome(findings: list[Finding], deficiencies: list[Deficiency]) -> Outcome:
    if findings:
        return Outcome.REJECTED
    return Outcome.PASSED_WITH_DEFICIENCY if deficiencies else Outcome.PASSED


def field_finding(item: ServiceItem, p: FieldProblem, page_id: str) -> Finding:
    """The finding for one field problem, with the catalog's own message where it has one."""
    f = item.field(p.field_id)
    if p.key == "constraint" and p.constraint_index is not None:
        msg = f.constraints[p.constraint_index].message
    elif p.key == "text.pattern" and f.pattern_message is not None:
        msg = f.pattern_message
    else:
        msg = message(p.key, f.label, **p.params)
    return Finding(
        "field", f.id, page_id, f.approval, p.key, f.label, msg, fix(p.key, f.label, **p.params)
    )


def _titled(name: str) -> str:
    """A material's name in 《》 unless it already has them."""
    return name if "《" in name else f"《{name}》"


def _commitment(template: Text, deficiencies: list[Deficiency]) -> Text:
    zh = "；".join(
        f"{_titled(d.name.zh)}（{d.due_date.year}年{d.due_date.month}月{d.due_date.day}日前）"
        for d in deficiencies
    )
    en = "; ".join(f"{d.name.en} (by {d.due_date.isoformat()})" for d in deficiencies)
    return template.format(materials=text(zh, en))
