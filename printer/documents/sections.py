"""Pieces several documents share: the item summary, counters, due dates, where to get help."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from kiosk import wording
from kiosk.prereview import Deficiency
from printer.documents.context import DocumentContext
from printer.documents.styles import Styles, grid


def counters(ctx: DocumentContext) -> str:
    """The item's counters as the screen and ticket say them (`kiosk.wording`):
    "3、4 或 5 号窗口" or "counters 3, 4 or 5"."""
    return wording.counters(ctx.item.counters, "en" if ctx.english else "zh")


_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def due(deficiency: Deficiency, ctx: DocumentContext) -> str:
    """A due date: "2026-12-03（星期四）前", or "by 2026-12-03 (Thursday)"."""
    day = deficiency.due_date
    if ctx.english:
        return f"by {day.isoformat()} ({_WEEKDAYS_EN[day.weekday()]})"
    return f"{day.isoformat()}（星期{'一二三四五六日'[day.weekday()]}）前"


def item_summary(ctx: DocumentContext, styles: Styles) -> list[Flowable]:
    """A table naming the item, its departments, counters, time limit and fee."""
    item = ctx.item
    days = item.time_limit_days
    # Worded as the screens word them (kiosk.wording): 免费 / Free, 即办（当场办结）.
    limit = ctx.tr(wording.time_limit(days))
    fee = ctx.pick(wording.fee(item.fee, "zh"), wording.fee(item.fee, "en"))
    rows = [
        [ctx.pick("申报事项", "Service item"), ctx.tr(item.name)],
        [
            ctx.pick("办理部门", "Department"),
            ctx.pick("、", ", ").join(ctx.tr(d) for d in item.departments),
        ],
        [ctx.pick("办理窗口", "Where"), counters(ctx).capitalize()],
        [ctx.pick("承诺时限", "Time limit"), limit],
        [ctx.pick("收费标准", "Fee"), fee],
    ]
    if item.approvals:
        names = ctx.pick("、", "; ").join(ctx.tr(a.name) for a in item.approvals)
        rows.append([ctx.pick("联办事项", "Approvals covered"), names])
    return [grid(rows, [32 * mm, 142 * mm], styles, header=False, label_column=True)]


def help_text(ctx: DocumentContext) -> str:
    """How to get help and declare again."""
    return ctx.pick(
        "如有疑问，请点击自助终端屏幕上的“呼叫辅导员”，业务辅导人员将面对面为您解答；"
        "也可到服务大厅咨询台咨询，或到" + counters(ctx) + "办理。"
        f"材料补正后，请在任一自助终端重新申报（可出示本单，申报编号 {ctx.reference}），"
        "预审通过后即可取号办理。",
        'If anything is unclear, tap "Call attendant" on the kiosk screen and the guidance '
        f"attendant will help you in person, or ask at the information desk or at {counters(ctx)}. "
        "When everything is corrected, declare again at any self-service terminal (bring this "
        f"notice; reference {ctx.reference}); you can take a ticket once pre-review passes.",
    )
