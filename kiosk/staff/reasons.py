"""Why a terminal is out of service (暂停服务), as the attendant chooses it, and what its
screen says meanwhile.

The reason is kept by its code (in the store, the staff.action event and terminal.mode
for the dashboard); its words come from here in the screen's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.i18n import Text, text

REASONS: dict[str, Text] = {
    "printer": text("打印机故障", "Printer fault"),
    "maintenance": text("设备维护", "Maintenance"),
    "network": text("网络故障", "Network fault"),
    "other": text("其他原因", "Other reason"),
}
DEFAULT_REASON = "other"

PAUSED = text(
    "本终端暂停服务，请使用其他终端。",
    "This terminal is out of service: please use another terminal.",
)
IN_SERVICE = text("正在服务的终端：{numbers} 号", "Terminals in service: {numbers}")
NONE_IN_SERVICE = text("请咨询工作人员。", "Please ask a member of staff.")


def reason_text(code: str) -> Text:
    """The words of a reason code (an unknown code, e.g. from an older version: other)."""
    return REASONS.get(code, REASONS[DEFAULT_REASON])


def in_service_line(terminals: Sequence[int] | None, own: int) -> Text:
    """Where to go instead: the other terminals in service, or whom to ask (unknown or
    none in service)."""
    others = sorted({n for n in terminals or () if n != own})
    if not others:
        return NONE_IN_SERVICE
    return Text(
        IN_SERVICE.zh.format(numbers="、".join(map(str, others))),
        IN_SERVICE.en.format(numbers=", ".join(map(str, others))),
    )
