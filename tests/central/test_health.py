"""The terminal health alerts (central.dashboard.health), rule by rule, on plain rows."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from central.dashboard import health
from central.dashboard.i18n import Language
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
        # Protocol 6: a configured device that cannot work.
        ({"id_card_status": "fault"}, ["id_card_fault"]),
        ({"id_card_status": "no_reader"}, ["id_card_fault"]),
        ({"scanner_status": "disconnected"}, ["scanner_fault"]),
        ({"scanner_status": "fault"}, ["scanner_fault"]),
        ({"signal_light_status": "fault"}, ["signal_light_fault"]),
        # Not configured, coming back by itself, a newer terminal's word: shown, no alert.
        ({"id_card_status": "none", "scanner_status": "none", "signal_light_status": "none"}, []),
        ({"id_card_status": "restarting"}, []),
        ({"scanner_status": "firmware_update"}, []),
        ({"id_card_status": "ok", "scanner_status": "ok", "signal_light_status": "ok"}, []),
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


def test_the_devices_states_are_figures_and_their_faults_warnings_in_both_languages() -> None:
    terminal = row(
        printer_status="paper_out",
        id_card_status="no_reader",
        scanner_status="disconnected",
        signal_light_status="fault",
        disk_free_mb=512.0,
    )
    found = health.alerts(terminal, NOW)
    assert [(a.code, a.level) for a in found] == [
        ("paper_out", "fault"),
        ("id_card_fault", "warning"),  # the terminal still serves: typed in, not read
        ("scanner_fault", "warning"),
        ("signal_light_fault", "warning"),
        ("disk_low", "warning"),
    ]
    assert [health.label(a, "zh", HALL) for a in found[1:4]] == [
        "身份证读卡器：未检测到读卡器",
        "扫码器：连接中断",
        "呼叫灯：故障",
    ]
    assert [health.label(a, "en", HALL) for a in found[1:4]] == [
        "ID card reader: No reader found",
        "QR scanner: Disconnected",
        "Call light: Fault",
    ]
    devices = ("figure_id_card", "figure_scanner", "figure_signal_light")

    def shown(terminal: Terminal, lang: Language) -> list[tuple[str, str, str]]:
        return [
            (f["key"], f["label"], f["value"])
            for f in health.figures(terminal, lang, HALL)
            if f["key"] in devices
        ]

    assert shown(terminal, "zh") == [
        ("figure_id_card", "身份证读卡器", "未检测到读卡器"),
        ("figure_scanner", "扫码器", "连接中断"),
        ("figure_signal_light", "呼叫灯", "故障"),
    ]
    assert shown(terminal, "en") == [
        ("figure_id_card", "ID card reader", "No reader found"),
        ("figure_scanner", "QR scanner", "Disconnected"),
        ("figure_signal_light", "Call light", "Fault"),
    ]
    calm = row(id_card_status="restarting", scanner_status="ok", signal_light_status="none")
    assert shown(calm, "zh") == [
        ("figure_id_card", "身份证读卡器", "正在重启"),
        ("figure_scanner", "扫码器", "正常"),
        ("figure_signal_light", "呼叫灯", "未配置"),
    ]
    assert [v for _, _, v in shown(calm, "en")] == ["Restarting", "OK", "Not configured"]
    # A newer terminal's word is shown as it came (the page escapes it); unknown: left out.
    newer = row(scanner_status="<firmware>")
    assert shown(newer, "en") == [("figure_scanner", "QR scanner", "<firmware>")]
    assert health.label(
        health.Alert("scanner_fault", "warning", {"status": "<x>"}), "zh", HALL
    ) == ("扫码器：<x>")
