"""`kiosk outbox`: the technician sees what waits, why it failed, and every rejected
event with the server's reason; never a payload (it may hold an applicant's answers)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.store.database import Store
from kiosk.store.outbox import add_event, mark_dead, reschedule

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def test_waiting_failing_and_dead_events_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "demo"
    store = Store(data / "kiosk.db")
    with store.transaction() as s:
        waiting = add_event(s, "declaration.submitted", {"mobile": "13943112345"}, NOW)
        rejected = add_event(s, "foo.bar", {"id_number": "11010519491231002X"}, NOW)
    with store.transaction() as s:
        reschedule(s, [waiting.id], NOW + timedelta(seconds=30), "server busy (503)")
        mark_dead(s, rejected.id, "unknown kind 'foo.bar' (id_number 11010519491231002X)")
    store.close()

    assert main(["--demo", "--data-dir", str(data), "outbox"]) == 1  # a dead letter
    out = capsys.readouterr().out
    assert "待发送 / waiting: 1" in out
    assert "next attempt: 09:00:30 UTC (attempt 2; last error: server busy (503))" in out
    assert "被拒收 / dead letters: 1" in out
    assert f"foo.bar {rejected.id}: unknown kind 'foo.bar' (id_number 110105" in out
    assert "13943112345" not in out and "11010519491231002X" not in out


def test_an_empty_outbox_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--demo", "--data-dir", str(tmp_path / "demo"), "outbox"]) == 0
    out = capsys.readouterr().out
    assert "待发送 / waiting: 0" in out and "last sent: —" in out
