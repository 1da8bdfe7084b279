"""申报信息确认单: everything the applicant declared, for signature at the counter.

The item, every visible answer page by page (hidden fields never appear), the material
checklist (have / missing; essential or 容缺), the pre-review outcome, how the certificate
reaches the applicant (证照免费邮寄 to the address given, with the mobile masked, or
collected at the counter), a declaration of truthfulness and the applicant's signature
and date lines.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from kiosk.answer_format import answered_pages, relevant_materials
from kiosk.i18n import text
from kiosk.prereview import Outcome
from printer.documents.context import DocumentContext
from printer.documents.layout import DocumentKind, render
from printer.documents.sections import counters, due, item_summary
from printer.documents.styles import Styles, grid, heading, para, signature_block, with_detail

TITLE = text("申报信息确认单", "Declaration confirmation")


def _answers(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [*heading(ctx.pick("一、申报信息", "1. What you declared"), styles)]
    day = ctx.submitted_at.date()
    for page, fields in answered_pages(ctx.item, ctx.answers, day, ctx.language):
        story.extend(heading(ctx.tr(page.title), styles, sub=True))
        rows = [[ctx.tr(f.label), shown] for f, shown in fields]
        story.append(grid(rows, [58 * mm, 116 * mm], styles, header=False, label_column=True))
    return story


def _materials(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [*heading(ctx.pick("二、申请材料", "2. Materials"), styles)]
    materials = relevant_materials(ctx.item, ctx.answers, ctx.submitted_at.date())
    if not materials:
        return [*story, para(ctx.pick("本事项无需提交材料。", "No materials needed."), styles.body)]
    deficient = {d.material_id: d for d in ctx.review.deficiencies}
    rows: list[list[str | Flowable]] = [
        [
            ctx.pick("序号", "No."),
            ctx.pick("材料名称", "Material"),
            ctx.pick("类别", "Kind"),
            ctx.pick("状态", "Status"),
        ]
    ]
    for n, m in enumerate(materials, 1):
        form = ctx.tr(m.form.label) + ctx.pick(f" {m.copies} 份", f" × {m.copies}")
        name = with_detail(ctx.tr(m.name), form, styles)
        if m.essential or m.deficiency_days is None:
            kind = ctx.pick("必要材料", "Essential")
        else:
            kind = ctx.pick(
                f"可容缺（{m.deficiency_days} 个工作日内补齐）",
                f"May follow within {m.deficiency_days} working days",
            )
        status: str | Flowable = ctx.pick("缺", "Missing")
        if ctx.materials.get(m.id, False):
            status = ctx.pick("已备齐", "Brought")
        elif m.id in deficient:
            late = ctx.pick("缺（容缺受理）", "Missing (to follow)")
            status = with_detail(late, due(deficient[m.id], ctx), styles)
        rows.append([str(n), name, kind, status])
    story.append(grid(rows, [12 * mm, 72 * mm, 48 * mm, 42 * mm], styles))
    return story


def _outcome(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    review = ctx.review
    story: list[Flowable] = [
        *heading(ctx.pick("三、预审结果", "3. Pre-review"), styles),
        para(ctx.pick("预审结果：", "Result: ") + ctx.tr(review.outcome.label), styles.body),
    ]
    if review.outcome is Outcome.PASSED_WITH_DEFICIENCY:
        story.append(
            para(
                ctx.pick(
                    "所缺材料按容缺受理办理，须在上表所列期限前补齐，并签署容缺受理承诺书。",
                    "The missing materials can follow later: bring them by the dates above, "
                    "and sign the commitment to do so.",
                ),
                styles.body,
            )
        )
    elif review.outcome is Outcome.REJECTED:
        count = len(review.findings)
        story.append(
            para(
                ctx.pick(
                    f"预审发现 {count} 项问题，详见一次性告知单。",
                    f"Pre-review found {count} problem(s): see the one-time notice.",
                ),
                styles.body,
            )
        )
    return story


def handover(ctx: DocumentContext) -> str:
    """How the certificate reaches the applicant, as 领取方式 says it (the slip prints the
    same words). The English keeps the Chinese term: the counter's staff read it too."""
    if ctx.mailing is not None:
        return ctx.pick("免费邮寄", "Mailed free of charge (免费邮寄)")
    if ctx.brought_by_grid_leader:
        return ctx.pick("由网格长送证上门", "Brought home by the grid leader (网格长送证上门)")
    where = counters(ctx)
    return ctx.pick(f"窗口领取（{where}）", f"Collect at the counter (窗口领取): {where}")


def _handover(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    story: list[Flowable] = [
        *heading(ctx.pick("四、领取方式", "4. How you get the certificate"), styles)
    ]
    rows = [[ctx.pick("领取方式", "How"), handover(ctx)]]
    address = ctx.mailing
    if address is None:
        return [*story, grid(rows, [32 * mm, 142 * mm], styles, header=False, label_column=True)]
    # The address stays in Chinese in either language: the post reads it, not the
    # applicant. The mobile is masked: this paper may be left on the counter.
    rows += [
        [ctx.pick("收件人", "Recipient"), address.recipient],
        [ctx.pick("联系电话", "Mobile"), address.masked_mobile],
        [ctx.pick("收件地址", "Address"), address.address],
        [ctx.pick("邮政编码", "Postcode"), address.postcode],
    ]
    note = ctx.pick(
        "证照办结后免费邮寄至以上地址，请保持电话畅通。",
        "The certificate is posted free of charge to this address (in Chinese, for the "
        "post) when it is ready. Keep your phone on.",
    )
    return [
        *story,
        grid(rows, [32 * mm, 142 * mm], styles, header=False, label_column=True),
        para(note, styles.small),
        Spacer(1, 2 * mm),  # the small note would otherwise touch the pledge below it
    ]


def _story(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    pledge = ctx.pick(
        "本人承诺：以上填报信息及所提交的材料真实、准确、完整，如有不实，愿承担相应的法律责任。",
        "I declare that the information above and the materials I submit are true, accurate "
        "and complete, and I accept legal responsibility for any false statement.",
    )
    return [
        *item_summary(ctx, styles),
        *_answers(ctx, styles),
        *_materials(ctx, styles),
        *_outcome(ctx, styles),
        *_handover(ctx, styles),
        para(pledge, styles.body),
        signature_block(
            [(ctx.pick("申请人签字：", "Applicant's signature:"), ctx.pick("日期：", "Date:"))],
            styles,
        ),
    ]


CONFIRMATION = DocumentKind("confirmation", TITLE, _story)


def build_confirmation(ctx: DocumentContext) -> bytes:
    """The 申报信息确认单 of the declaration in `ctx`, as PDF bytes."""
    return render(ctx, CONFIRMATION)
