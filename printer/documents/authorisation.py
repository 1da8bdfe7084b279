"""委托代办授权书: the resident's authorisation of the grid leader who declared for them.

网格化零跑代办: a community grid leader declares at the terminal for a resident who cannot
come (kiosk.proxy). This sheet names both (the resident with the full number of their
resident ID: it is the legal paper the resident signs; the grid leader with their staff
account and role), the item, what the grid leader may do for them, the day it was made
and the day it ends, and has the signature and date lines of both. The grid leader takes
it to the resident to sign (or thumbprint) and brings it back with the materials.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from kiosk.i18n import text
from printer.documents.context import DocumentContext
from printer.documents.layout import DocumentKind, render
from printer.documents.sections import counters, item_summary
from printer.documents.styles import SHADE, Styles, grid, heading, para, signature_block

if TYPE_CHECKING:  # kiosk.proxy imports the store's models: printing needs no store
    from kiosk.proxy import ProxyGrant

TITLE = text("委托代办授权书", "Authorisation to apply on my behalf")

# Two label/value pairs a row: the form reads as the paper forms at the counter do.
PAIR_WIDTHS = [28 * mm, 55 * mm, 30 * mm, 61 * mm]


def _pairs(rows: list[list[str]], styles: Styles) -> Table:
    """A ruled table of label, value, label, value rows, both label columns shaded."""
    table = grid(rows, PAIR_WIDTHS, styles, header=False, label_column=True)
    table.setStyle(TableStyle([("BACKGROUND", (2, 0), (2, -1), SHADE)]))
    return table


def _or_blank(value: str, ctx: DocumentContext) -> str:
    # A grant made from answers that lack the name or ID still prints, with a gap to fill
    # in by hand, rather than a blank the eye skips over.
    return value or ctx.pick("（未填写）", "(not given)")


def _parties(ctx: DocumentContext, grant: ProxyGrant, styles: Styles) -> list[Flowable]:
    rows = [
        [
            ctx.pick("委托人", "Resident"),
            _or_blank(grant.resident_name, ctx),
            ctx.pick("公民身份号码", "Resident ID no."),
            _or_blank(grant.resident_id, ctx),
        ],
        [
            ctx.pick("受托人", "Grid leader"),
            grant.leader_name,
            ctx.pick("工作账号", "Staff account"),
            grant.leader_account,
        ],
        [
            ctx.pick("受托人身份", "Role"),
            ctx.pick("社区网格长", "Community grid leader"),
            ctx.pick("授权书编号", "Authorisation no."),
            grant.authorisation,
        ],
    ]
    return [
        *heading(ctx.pick("一、委托人与受托人", "1. The resident and the grid leader"), styles),
        _pairs(rows, styles),
    ]


def scope(ctx: DocumentContext, grant: ProxyGrant) -> str:
    """What the resident authorises, in the first person, as they sign it (the slip
    prints the same words)."""
    item = ctx.tr(ctx.item.name)
    hall = ctx.pick(ctx.hall_name, ctx.hall_name_en or ctx.hall_name)
    leader = grant.leader_name
    # "申报“…”事项" rather than "办理…": item names often end in 办理 themselves.
    return ctx.pick(
        f"本人因行动不便，无法亲自到{hall}申报“{item}”事项，现委托社区网格长{leader}"
        "代为申报、提交及补正材料、领取证照。受托人在授权范围内的行为，本人予以认可。"
        "受托人无转委托权。",
        f"Because getting about is hard for me, I cannot come to {hall} myself to apply for "
        f'"{item}". I authorise {leader}, my community grid leader, to apply for me: to '
        "submit and correct the materials and to collect the certificate or card. I accept "
        "what they do within this authorisation as done by me. They may not pass it on to "
        "anyone else.",
    )


def _scope(ctx: DocumentContext, grant: ProxyGrant, styles: Styles) -> list[Flowable]:
    return [
        *heading(ctx.pick("二、委托事项及权限", "2. What the grid leader may do"), styles),
        para(scope(ctx, grant), styles.body),
    ]


def _validity(ctx: DocumentContext, grant: ProxyGrant, styles: Styles) -> list[Flowable]:
    start, end = grant.granted_on.isoformat(), grant.valid_until.isoformat()
    rows = [
        [ctx.pick("授权日期", "Granted on"), start, ctx.pick("有效期至", "Valid until"), end],
    ]
    holds = ctx.pick(
        f"本授权自 {start} 起至 {end} 止有效。受托人应在有效期内，将经委托人签字或按手印的"
        f"本授权书连同申请材料送交{counters(ctx)}（申报编号 {ctx.reference}）。",
        f"This authorisation holds from {start} to {end}. Within that time the grid leader "
        f"brings it, signed or thumbprinted by the resident, with the materials to "
        f"{counters(ctx)} (reference {ctx.reference}).",
    )
    return [
        *heading(ctx.pick("三、授权期限", "3. How long it holds"), styles),
        _pairs(rows, styles),
        para(holds, styles.body),
    ]


def _story(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    grant = ctx.proxy
    if grant is None:
        raise ValueError("an authorisation needs the grant of a grid leader's declaration")
    # The labels are as short as signature_block needs to keep its four columns inside
    # the page's 174 mm ("委托人（签字或按手印）：" would push the date line into the
    # margin), so the thumbprint is said in the line above.
    thumb = ctx.pick(
        "委托人不能书写的，请在委托人签字处按手印。",
        "A resident who cannot write puts a thumbprint on their signature line instead.",
    )
    return [
        *item_summary(ctx, styles),
        *_parties(ctx, grant, styles),
        *_scope(ctx, grant, styles),
        *_validity(ctx, grant, styles),
        para(thumb, styles.small),
        signature_block(
            [
                (
                    ctx.pick("委托人签字或手印：", "Resident's signature:"),
                    ctx.pick("日期：", "Date:"),
                ),
                (ctx.pick("受托人签字：", "Signed by grid leader:"), ctx.pick("日期：", "Date:")),
            ],
            styles,
        ),
    ]


AUTHORISATION = DocumentKind("authorisation", TITLE, _story)


def build_authorisation(ctx: DocumentContext) -> bytes:
    """The 委托代办授权书 of the grid leader's proxy declaration in `ctx` (`ctx.proxy`), as
    PDF bytes; ValueError without a grant."""
    return render(ctx, AUTHORISATION)
