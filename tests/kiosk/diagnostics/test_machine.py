"""The machine's figures from a real data folder and a real store, and the run record:
a clean end, a crash (a start without an end), restarts since this boot, a corrupt file."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.diagnostics import machine
from kiosk.diagnostics.runs import KEEP, MAX_BYTES, RunRecord
from kiosk.store.database import Store
from kiosk.store.outbox import add_event

T0 = datetime(2026, 11, 26, 2, 0, tzinfo=UTC)
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def test_disk_free_of_the_data_folder_and_its_nearest_existing_parent(tmp_path: Path) -> None:
    expected = shutil.disk_usage(tmp_path).free / machine.MB
    free = machine.disk_free_mb(tmp_path)
    assert free is not None and abs(free - expected) < 64  # other writers may be busy
    assert machine.disk_free_mb(tmp_path / "not" / "made" / "yet") == pytest.approx(free, abs=64)


def test_store_size_counts_the_file_and_its_write_ahead_log(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.db"
    assert machine.store_size_mb(path) is None  # no store yet
    store = Store(path)
    try:
        with store.transaction() as s:
            for i in range(200):
                add_event(s, "guide.viewed", {"pad": "x" * 4000, "i": i}, T0)
        wal = path.with_name("kiosk.db-wal")
        assert wal.exists() and wal.stat().st_size > 0  # not checkpointed yet
        size = machine.store_size_mb(path)
        on_disk = (path.stat().st_size + wal.stat().st_size) / machine.MB
        assert size == pytest.approx(on_disk, abs=0.1) and size >= 0.7
    finally:
        store.close()


@linux_only
def test_resident_memory_and_uptime_of_this_process() -> None:
    memory = machine.resident_memory_mb()
    assert memory is not None and 10 < memory < 100_000
    uptime = machine.process_uptime_s()
    assert uptime is not None and uptime >= 0
    boot = machine.boot_id()
    assert boot == Path("/proc/sys/kernel/random/boot_id").read_text().strip()


def test_procfs_parsing() -> None:
    assert machine.parse_vm_rss("Name:\tkiosk\nVmRSS:\t  204800 kB\n") == 200.0
    assert machine.parse_vm_rss("Name:\tkiosk\n") is None
    assert machine.parse_vm_rss("VmRSS: lots kB") is None
    # The command name may hold spaces and parentheses; starttime is field 22.
    fields = ["S"] + ["0"] * 18 + ["1000"] + ["0"] * 10
    stat = "1234 (kiosk (x) y) " + " ".join(fields)
    assert machine.parse_process_uptime(stat, "250.00 900.00", 100) == 240.0
    assert machine.parse_process_uptime("1234 (k) S 1", "250.00 1", 100) is None
    assert machine.parse_process_uptime(stat, "", 100) is None


def _record(data_dir: Path, pid: int, boot: str = "boot-a") -> RunRecord:
    return RunRecord(data_dir, pid=pid, boot=lambda: boot)


def test_a_clean_end_is_no_crash(tmp_path: Path) -> None:
    first = _record(tmp_path, 10)
    first.start(T0)
    first.end(T0 + timedelta(hours=1))
    second = _record(tmp_path, 11)
    second.start(T0 + timedelta(hours=2))
    assert second.last_crash_at() is None
    assert second.restarts_since_boot() == 1
    data = json.loads((tmp_path / "runs.json").read_text())
    assert [r["clean"] for r in data["runs"]] == [True, False]


def test_a_start_without_an_end_is_a_crash_at_its_last_known_time(tmp_path: Path) -> None:
    crashed = _record(tmp_path, 10)
    crashed.start(T0)
    crashed.seen(T0 + timedelta(minutes=30))  # the heartbeat moved it on; then it died
    after = _record(tmp_path, 11)
    assert after.last_crash_at() == T0 + timedelta(minutes=30)  # also before its own start
    after.start(T0 + timedelta(hours=1))
    assert after.last_crash_at() == T0 + timedelta(minutes=30)
    after.end(T0 + timedelta(hours=2))
    assert _record(tmp_path, 12).last_crash_at() == T0 + timedelta(minutes=30)


def test_restarts_count_only_this_boot(tmp_path: Path) -> None:
    for pid in (1, 2, 3):
        run = _record(tmp_path, pid, boot="before")
        run.start(T0)
        run.end(T0)
    for pid in (4, 5):
        run = _record(tmp_path, pid, boot="now")
        run.start(T0)
        run.end(T0)
    current = _record(tmp_path, 6, boot="now")
    assert current.restarts_since_boot() == 2  # not started: the earlier runs of this boot
    current.start(T0)
    assert current.restarts_since_boot() == 2  # itself not counted
    assert RunRecord(tmp_path, pid=7, boot=lambda: None).restarts_since_boot() is None


def test_the_record_keeps_the_last_runs_only(tmp_path: Path) -> None:
    for pid in range(KEEP + 7):
        run = _record(tmp_path, pid)
        run.start(T0 + timedelta(seconds=pid))
        run.end(T0 + timedelta(seconds=pid))
    data = json.loads((tmp_path / "runs.json").read_text())
    assert len(data["runs"]) == KEEP and data["runs"][-1]["pid"] == KEEP + 6
    assert (tmp_path / "runs.json").stat().st_size < MAX_BYTES
    assert [p.name for p in tmp_path.iterdir()] == ["runs.json"]  # no temporary file left


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"{not json",
        b"\xff\xfe",
        b"[]",
        b'{"version": 1, "runs": {}}',
        b'{"version": 2, "runs": []}',
        b'{"version": 1, "runs": [{"pid": "x"}]}',
        b'{"version": 1, "runs": [{"boot": "a", "pid": 1, "clean": true,'
        b' "started_at": "2026-11-26T02:00:00", "last_seen_at": "2026-11-26T02:00:00"}]}',
        b"[" * 100_000,
        b" " * (MAX_BYTES + 10),
    ],
)
def test_a_corrupt_record_is_replaced_never_a_crash(
    tmp_path: Path, content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "runs.json").write_bytes(content)
    record = _record(tmp_path, 20)
    assert record.last_crash_at() is None and record.restarts_since_boot() == 0
    record.start(T0)
    data = json.loads((tmp_path / "runs.json").read_text())
    assert [r["pid"] for r in data["runs"]] == [20]
    assert record.restarts_since_boot() == 0


def test_an_unwritable_folder_does_not_stop_the_start(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    record = _record(blocker, 1)
    record.start(T0)  # logged, not raised
    assert record.current() is not None and "not written" in caplog.text
    assert os.path.isfile(blocker)
