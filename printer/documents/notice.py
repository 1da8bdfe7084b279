"""一次性告知单: every problem pre-review found, and how to fix each, on one sheet.

So that the applicant needs one more trip at most: each finding of a rejected review is
listed, numbered, with what it is about, what is wrong and how to put it right; then the
item's counters and how to get help.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from kiosk.i18n import text
from kiosk.prereview import Finding
from printer.documents.context import DocumentContext
from printer.documents.layout import DocumentKind, render
from printer.documents.sections import help_text, item_summary
from printer.documents.styles import Styles, grid, heading, para, signature_block

TITLE = text("一次性告知单", "One-time notice")


def _what(finding: Finding, ctx: DocumentContext) -> str:
    """The finding's subject, with the approval of a joint item it belongs to."""
    label = ctx.tr(finding.label)
    if finding.kind == "material":
        label = ctx.pick(f"材料：{label}", f"Material: {label}")
    if finding.approval_id is not None and ctx.item.approvals:
        approval = ctx.tr(ctx.item.approval(finding.approval_id).name)
        label += ctx.pick(f"（{approval}）", f" ({approval})")
    return label


def _story(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    findings = ctx.review.findings
    if not findings:
        raise ValueError("a one-time notice needs a review with findings")
    name = ctx.tr(ctx.item.name)
    intro = ctx.pick(
        f"您申报的“{name}”经预审，发现以下 {len(findings)} 项问题。"
        "现一次性告知如下，请按“补正方法”逐项补正后重新申报：",
        f'Pre-review of your declaration for "{name}" found the {len(findings)} problem(s) '
        "below. This notice lists all of them at once: put each right as the last column "
        "says, then declare again.",
    )
    rows: list[list[str]] = [
        [
            ctx.pick("序号", "No."),
            ctx.pick("项目", "About"),
            ctx.pick("问题", "Problem"),
            ctx.pick("补正方法", "How to fix it"),
        ]
    ]
    for n, f in enumerate(findings, 1):
        rows.append([str(n), _what(f, ctx), ctx.tr(f.message), ctx.tr(f.fix)])
    return [
        *item_summary(ctx, styles),
        *heading(ctx.pick("一、需要补正的问题", "1. What needs to be put right"), styles),
        para(intro, styles.body),
        grid(rows, [12 * mm, 46 * mm, 56 * mm, 60 * mm], styles),
        *heading(ctx.pick("二、咨询与帮助", "2. Help"), styles),
        para(help_text(ctx), styles.body),
        para(
            ctx.pick(
                "本告知单由自助终端根据预审结果生成，已列出本次预审发现的全部问题。",
                "The kiosk printed this notice from the pre-review; it lists every problem found.",
            ),
            styles.small,
        ),
        signature_block(
            [(ctx.pick("申请人签收：", "Received by:"), ctx.pick("日期：", "Date:"))], styles
        ),
    ]


NOTICE = DocumentKind("notice", TITLE, _story)


def build_notice(ctx: DocumentContext) -> bytes:
    """The 一次性告知单 of a rejected review in `ctx`, as PDF bytes (ValueError if none)."""
    return render(ctx, NOTICE)
