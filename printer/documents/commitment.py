"""容缺受理承诺书: the applicant's undertaking to supply each missing material by its date.

The commitment text of the pre-review (the item's own or the default), a table of the
missing materials with their working days and due dates, where to bring them, and the
the person committing (承诺人, from the answers: kiosk.committer), and the signature and
date lines of the applicant, with the signature drawn on the screen and the date it was
signed, and of the counter officer.
"""

from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image

from kiosk.i18n import text
from printer.documents.context import DocumentContext
from printer.documents.layout import DocumentKind, render
from printer.documents.sections import counters, due, item_summary
from printer.documents.styles import Styles, grid, heading, para, signature_block

TITLE = text("容缺受理承诺书", "Commitment to bring the missing materials")


def _story(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    review = ctx.review
    if review.commitment is None or not review.deficiencies:
        raise ValueError("a commitment letter needs a review accepted with deficiency")
    rows: list[list[str]] = [
        [
            ctx.pick("序号", "No."),
            ctx.pick("所缺材料", "Missing material"),
            ctx.pick("补齐时限", "Time allowed"),
            ctx.pick("截止日期", "Due date"),
        ]
    ]
    for n, d in enumerate(review.deficiencies, 1):
        days = ctx.pick(f"{d.working_days} 个工作日", f"{d.working_days} working days")
        rows.append([str(n), ctx.tr(d.name), days, due(d, ctx)])
    where = ctx.pick(
        f"请在截止日期前将所缺材料送交{counters(ctx)}，并出示申报编号 {ctx.reference}。",
        f"Bring the missing materials to {counters(ctx)} by the due date, with "
        f"reference {ctx.reference}.",
    )
    who = ctx.committer or ""
    if who and ctx.committer_for:
        who += ctx.pick(f"（代{ctx.committer_for}办理）", f" (for {ctx.committer_for})")
    committed = grid(
        [[ctx.pick("承诺人", "Committed by"), who or ctx.pick("（未填写）", "(not given)")]],
        [32 * mm, 142 * mm],
        styles,
        header=False,
        label_column=True,
    )
    signed: list[tuple[Flowable | str, Flowable | str]] = []
    if ctx.signature is not None:
        day = ctx.signed_at or ctx.submitted_at
        signed.append((_signature_image(ctx), day.strftime("%Y-%m-%d")))
    return [
        *item_summary(ctx, styles),
        committed,
        *heading(ctx.pick("承诺内容", "Undertaking"), styles),
        para(ctx.tr(review.commitment), styles.body),
        *heading(ctx.pick("所缺材料及补齐期限", "Missing materials and due dates"), styles),
        grid(rows, [12 * mm, 92 * mm, 28 * mm, 42 * mm], styles),
        para(where, styles.body),
        signature_block(
            [
                (ctx.pick("承诺人签字：", "Applicant's signature:"), ctx.pick("日期：", "Date:")),
                (ctx.pick("受理人签字：", "Counter officer:"), ctx.pick("日期：", "Date:")),
            ],
            styles,
            signed,
        ),
    ]


SIGNATURE_MM = (60, 20)  # the picture on the signature line
SIGNATURE_DPI = 300


def _signature_image(ctx: DocumentContext) -> Flowable:
    """The signature drawn on the screen, as a PNG on the line (300 dpi: crisp on paper)."""
    assert ctx.signature is not None
    w_mm, h_mm = SIGNATURE_MM
    px = round(w_mm / 25.4 * SIGNATURE_DPI), round(h_mm / 25.4 * SIGNATURE_DPI)
    return Image(io.BytesIO(ctx.signature.png(*px)), width=w_mm * mm, height=h_mm * mm)


COMMITMENT = DocumentKind("commitment", TITLE, _story)


def build_commitment(ctx: DocumentContext) -> bytes:
    """The 容缺受理承诺书 of a review accepted with deficiency, as PDF bytes."""
    return render(ctx, COMMITMENT)
