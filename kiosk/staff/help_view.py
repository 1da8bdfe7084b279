"""A help call as the attendant sees it at the terminal: where the applicant was, on
which item and page, which fields were in error, how long they have waited.

The call's context names things by id (kiosk.help_requests.CONTEXT_KEYS); the words come
from the catalog the terminal serves. Nothing of the answers is in a context, so nothing
of them is shown. A call the terminal raised itself at start (kiosk.recovery: a ticket
committed but never printed) names the ticket: "号票 A07-003 未打印", and `CallView.ticket`
tells the staff home which ticket its reprint button prints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kiosk.i18n import Text, text
from kiosk.staff import reasons

if TYPE_CHECKING:
    from kiosk.catalog.loader import Catalog

SCREENS: dict[str, Text] = {
    "home": text("首页", "Home"),
    "services": text("选择事项", "Choosing a service"),
    "intro": text("事项介绍", "Service introduction"),
    "form": text("填写表单", "Filling in the form"),
    "materials": text("核对材料", "Materials"),
    "check": text("确认信息", "Checking the answers"),
    "result": text("预审结果", "Pre-review result"),
    "ticket": text("取号", "Ticket"),
    "finish": text("办理完成", "Finished"),
    "out_of_service": text("暂停服务", "Out of service"),
}
# kiosk.recovery's calls: {"screen": "ticket_unprinted", "ticket": "A07-003", ...}.
UNPRINTED_SCREEN = "ticket_unprinted"
UNPRINTED = text("号票 {number} 未打印", "Ticket {number} was not printed")
UNPRINTED_NO_NUMBER = text("号票未打印", "A ticket was not printed")
ACKNOWLEDGED = text("已确认，正在处理", "Acknowledged, being handled")
OPEN = text("等待辅导员", "Waiting for the attendant")
WAITED = text("已等待 {m} 分 {s} 秒", "Waiting for {m} min {s} s")


@dataclass(frozen=True)
class CallView:
    """One call in words (each a Text: the screen shows it in its language)."""

    id: str
    state: str  # open or acknowledged
    state_label: Text
    where: Text  # the screen, and why (a printer fault)
    item: Text | None
    page: Text | None
    fields: tuple[Text, ...]
    waited_s: float
    # The ticket to reprint (its reference, else its number) for a call raised because
    # it was never printed; None for an applicant's call.
    ticket: str | None = None

    def waited(self) -> Text:
        m, s = divmod(max(0, int(self.waited_s)), 60)
        return Text(WAITED.zh.format(m=m, s=s), WAITED.en.format(m=m, s=s))


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def describe_call(
    call_id: str,
    state: str,
    context: Mapping[str, Any],
    requested_at: datetime,
    now: datetime,
    catalog: Catalog | None,
) -> CallView:
    """The call's context in words, from `catalog` (ids it does not know stay ids)."""
    screen, _, reason = _str(context.get("screen")).partition(":")
    where = SCREENS.get(screen, Text(screen, screen))
    ticket: str | None = None
    if screen == UNPRINTED_SCREEN:
        number = _str(context.get("ticket"))[:16]
        where = UNPRINTED.format(number=number) if number else UNPRINTED_NO_NUMBER
        ticket = _str(context.get("reference"))[:32] or number or None
    if reason:
        why = reasons.REASONS.get(reason, Text(reason, reason))
        where = Text(f"{where.zh}（{why.zh}）", f"{where.en} ({why.en})")
    item_id, page_id = _str(context.get("item_id")), _str(context.get("page_id"))
    item = catalog.items.get(item_id) if catalog is not None and item_id else None
    page: Text | None = None
    fields: list[Text] = []
    if item is not None:
        page = next((p.title for p in item.pages if p.id == page_id), None)
        errors = context.get("fields_in_error")
        for field_id in errors if isinstance(errors, list) else []:
            try:
                fields.append(item.field(field_id).label)
            except (KeyError, TypeError):
                continue  # a field of another catalog version: not named
    return CallView(
        id=call_id,
        state=state,
        state_label=ACKNOWLEDGED if state == "acknowledged" else OPEN,
        where=where,
        item=item.name if item is not None else (Text(item_id, item_id) if item_id else None),
        page=page,
        fields=tuple(fields),
        waited_s=(now - requested_at).total_seconds(),
        ticket=ticket,
    )
