"""The terminal health alerts (central.dashboard.health), rule by rule, on plain rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from central.dashboard import health
from central.models import Terminal

NOW = datetime(2026, 11, 26, 2, 30, tzinfo=UTC)
HALL = ZoneInfo("Asia/Shanghai")


def row(**fields: Any) -> Terminal:
    return Terminal(number=3, **({"last_seen_at": NOW - timedelta(seconds=30)} | fields))


def codes(terminal: Terminal | None) -> list[str]:
    return [a.code for a in health.alerts(terminal, NOW)]


def test_a_healthy_terminal_has_no_alert() -> None:
    healthy = row(
        printer_status="ok",
        disk_free_mb=1024.0,
        clock_drift_s=60.0,
        dead_letters=0,
        mode="applicant",
    )
    assert codes(healthy) == []
    assert codes(row(printer_status="unknown", clock_drift_s=-60.0)) == []


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"last_seen_at": NOW - timedelta(minutes=2, seconds=1)}, ["silent"]),
        ({"last_seen_at": None}, ["silent"]),
        ({"printer_status": "paper_out"}, ["paper_out"]),
        ({"printer_status": "cover_open"}, ["printer_fault"]),
        ({"printer_status": "offline"}, ["printer_fault"]),
        ({"disk_free_mb": 1023.9}, ["disk_low"]),
        ({"clock_drift_s": 60.5}, ["clock_drift"]),
        ({"clock_drift_s": -61.0}, ["clock_drift"]),
        ({"dead_letters": 1}, ["dead_letters"]),
        ({"pin_locked_until": NOW + timedelta(seconds=1)}, ["pin_locked"]),
        ({"pin_locked_until": NOW}, []),  # its time is over
        ({"mode": "out_of_service", "mode_reason": "卡纸"}, ["out_of_service"]),
    ],
)
def test_each_rule(fields: dict[str, Any], expected: list[str]) -> None:
    assert codes(row(**fields)) == expected


def test_a_registered_terminal_never_heard_from_is_silent() -> None:
    assert codes(None) == ["silent"]


def test_faults_come_first_and_labels_are_in_both_languages() -> None:
    terminal = row(
        last_seen_at=NOW - timedelta(minutes=10),
        printer_status="cover_open",
        disk_free_mb=512.0,
        clock_drift_s=75.0,
        dead_letters=3,
        mode="out_of_service",
        mode_reason="维护",
        pin_locked_until=NOW + timedelta(minutes=3),
    )
    found = health.alerts(terminal, NOW)
    assert [a.level for a in found] == ["fault", "fault"] + ["warning"] * 5
    zh = [health.label(a, "zh", HALL) for a in found]
    en = [health.label(a, "en", HALL) for a in found]
    assert zh == [
        "超过2分钟未联系",
        "打印机故障：纸仓盖未关",
        "暂停服务 · 维护",
        "密码键盘已锁定至 10:33",
        "磁盘空间不足：剩余 512 MB",
        "时钟偏差 +75秒",
        "3 条数据无法上传",
    ]
    assert en == [
        "Silent for more than 2 minutes",
        "Printer fault: Cover open",
        "Out of service · 维护",
        "PIN pad locked until 10:33",
        "Disk nearly full: 512 MB free",
        "Clock off by +75 s",
        "3 events could not be sent",
    ]
    assert health.label(health.Alert("paper_out", "fault"), "en", HALL) == "Printer out of paper"
    # An unknown printer status is shown as it came (the page escapes it).
    assert health.label(
        health.Alert("printer_fault", "fault", {"status": "<jam>"}), "en", HALL
    ) == ("Printer fault: <jam>")


def test_figures_leave_out_what_is_unknown() -> None:
    assert health.figures(row(), "en", HALL) == []
    assert health.figures(None, "en", HALL) == []
    shown = health.figures(row(disk_free_mb=20480.0, round_trip_ms=41.6, restarts=0), "en", HALL)
    assert [(f["key"], f["value"]) for f in shown] == [
        ("figure_disk_free", "20.0 GB free"),
        ("figure_round_trip", "42 ms"),
        ("figure_restarts", "0"),
    ]
