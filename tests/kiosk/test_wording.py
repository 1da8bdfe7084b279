"""The kiosk words fees, counters, the terminal and the queue as a person would."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk import wording


@pytest.mark.parametrize(
    ("amount", "zh", "en"),
    [(Decimal("0.00"), "免费", "Free"), (Decimal("12.5"), "12.50 元", "¥12.50")],
)
def test_a_fee_of_nothing_is_free(amount: Decimal, zh: str, en: str) -> None:
    assert (wording.fee(amount, "zh_CN"), wording.fee(amount, "en_US")) == (zh, en)


@pytest.mark.parametrize(
    ("numbers", "zh", "en"),
    [
        ([7], "7 号窗口", "counter 7"),
        ([10, 11], "10 或 11 号窗口", "counter 10 or 11"),
        ([3, 4, 5], "3、4 或 5 号窗口", "counters 3, 4 or 5"),
    ],
)
def test_counters_read_as_any_one_of_them(numbers: list[int], zh: str, en: str) -> None:
    assert wording.counters(numbers, "zh_CN") == zh
    assert wording.counters(numbers, "en_US") == en


def test_the_terminal_is_named_one_way() -> None:
    assert wording.terminal(1, "zh_CN") == "1 号终端"
    assert wording.terminal(12, "en_US") == "terminal 12"


def test_an_unknown_queue_says_why() -> None:
    unknown = wording.waiting_ahead(None)
    assert "网络" in unknown.zh and "connection" in unknown.en
    assert wording.waiting_ahead(0).en == "Nobody; go straight there"
    assert (wording.waiting_ahead(1).en, wording.waiting_ahead(4).zh) == ("1 person", "4 人")


def test_next_steps_follow_the_outcome() -> None:
    assert wording.next_steps("rejected", [3], 5) == []
    passed = wording.next_steps("passed", [10, 11], 5)
    assert [s.zh[:4] for s in passed] == ["点“取号", "留意叫号", "窗口受理"]
    assert "10 或 11 号窗口办理" in passed[1].zh and "counter 10 or 11" in passed[1].en
    assert "5 个工作日内办结" in passed[2].zh and "5 working days" in passed[2].en
    signed = wording.next_steps("passed_with_deficiency", [3, 4, 5], 0)
    assert "签名" in signed[0].zh and "sign" in signed[0].en
    assert signed[3].zh == "窗口受理后当场办结。"
    assert "缺少的材料" in signed[-1].zh


def test_time_limit() -> None:
    now = wording.time_limit(0)
    assert (now.zh, now.en) == ("即办（当场办结）", "on the spot")
    assert wording.time_limit(1).en == "1 working day"
