"""How the kiosk words the facts it states, once, for screen, ticket and paper alike.

A fee of nothing reads 免费 / Free (not "0.00 元"); counters read as a person would say
them: 请到 10 或 11 号窗口 / counter 10 or 11, 3、4 或 5 号窗口 / counters 3, 4 or 5; the
terminal is 1 号终端 / terminal 1 everywhere; an unknown number of people waiting says
why it is unknown. Plain Python; the UI and the printer pass the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from kiosk.i18n import Text, text


def _english(lang: str) -> bool:
    return lang.startswith("en")


def fee(amount: Decimal, lang: str) -> str:
    """免费 / Free for nothing, else 12.50 元 / ¥12.50."""
    if amount == 0:
        return "Free" if _english(lang) else "免费"
    return f"¥{amount:.2f}" if _english(lang) else f"{amount:.2f} 元"


def _either(items: Sequence[str], lang: str) -> str:
    """'10 or 11', '3, 4 or 5' / '10 或 11', '3、4 或 5'."""
    if len(items) <= 1:
        return "".join(items)
    if _english(lang):
        return f"{', '.join(items[:-1])} or {items[-1]}"
    return f"{'、'.join(items[:-1])} 或 {items[-1]}"


def counters(numbers: Sequence[int], lang: str) -> str:
    """Where to go: 10 或 11 号窗口 / counter 10 or 11 (any one of them serves)."""
    listed = _either([str(n) for n in numbers], lang)
    if _english(lang):
        return f"{'counters' if len(numbers) > 2 else 'counter'} {listed}"
    return f"{listed} 号窗口"


def terminal(number: int, lang: str) -> str:
    """The terminal's name, one way everywhere: 1 号终端 / terminal 1."""
    return f"terminal {number}" if _english(lang) else f"{number} 号终端"


def waiting_ahead(ahead: int | None) -> Text:
    """How many wait before this ticket; when the hall's server cannot say (offline), why."""
    if ahead is None:
        return text(
            "暂时无法获取（网络中断），请留意叫号屏",
            "Not known right now (no connection); watch the calling screen",
        )
    if ahead == 0:
        return text("无人等候，请直接前往", "Nobody; go straight there")
    return text(f"{ahead} 人", f"{ahead} {'person' if ahead == 1 else 'people'}")


def time_limit(days: int) -> Text:
    """The promised time limit (承诺时限): working days, or on the spot (即办)."""
    if days == 0:
        return text("即办（当场办结）", "on the spot")
    return text(f"{days} 个工作日", f"{days} working day{'s' if days > 1 else ''}")


def next_steps(outcome: str, counter_numbers: Sequence[int], days: int) -> list[Text]:
    """What happens after a pre-review that let the applicant on: each step in order.

    `outcome` is the review's ("passed" or "passed_with_deficiency"); a rejected
    declaration has its fixes instead, so it gets no steps.
    """
    if outcome not in ("passed", "passed_with_deficiency"):
        return []
    where_zh, where_en = counters(counter_numbers, "zh"), counters(counter_numbers, "en")
    steps = []
    if outcome == "passed_with_deficiency":
        steps.append(
            text(
                "阅读下面的承诺书，用手指在框内签名，再点“确认承诺”。",
                'Read the commitment below, sign in the box with your finger, then tap "Confirm".',
            )
        )
    steps.append(text("点“取号”，打印您的排队号。", 'Tap "Take a ticket" to print your number.'))
    steps.append(
        text(
            f"留意叫号屏和广播：叫到您的号码时，带上材料原件到 {where_zh}办理。",
            "Watch the calling screen and listen: when your number is called, take the "
            f"originals of your materials to {where_en}.",
        )
    )
    limit = time_limit(days)
    steps.append(
        text(
            "窗口受理后当场办结。"
            if days == 0
            else f"窗口受理后 {limit.zh}内办结；凭申报编号可以查询办理进度。",
            "It is done on the spot once the counter accepts it."
            if days == 0
            else f"Once the counter accepts it, it is done within {limit.en}; "
            "your reference number lets you follow its progress.",
        )
    )
    if outcome == "passed_with_deficiency":
        steps.append(
            text(
                "请在承诺的日期前把缺少的材料交到窗口，逾期将按规定处理。",
                "Bring the missing materials to the counter by the dates you committed to; "
                "after them the declaration is handled by the rules.",
            )
        )
    return steps
