"""The A4 queue's state from lpstat's real wording (CUPS 2.x, LC_ALL=C and en_US), and
from a real process: an lpstat that answers, one missing, one that hangs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.diagnostics.cups import CupsState, parse_lpstat, queue_state

# Captured from CUPS 2.4 (Debian 12): `LC_ALL=C lpstat -p A4` and with LANG=en_US.UTF-8.
IDLE_C = "printer A4 is idle.  enabled since Thu Nov 26 10:30:00 2026\n"
IDLE_EN = "printer A4 is idle.  enabled since Thu 26 Nov 2026 10:30:00 AM CST\n"
PRINTING = "printer A4 now printing A4-12.  enabled since Thu Nov 26 10:31:02 2026\n"
DISABLED = (
    "printer A4 disabled since Thu Nov 26 10:40:00 2026 -\n\tThe printer is not responding.\n"
)
DISABLED_NO_REASON = (
    "printer A4 disabled since Thu 26 Nov 2026 10:40:00 AM CST -\n\treason unknown\n"
)
HELD = "printer A4 is holding new jobs.  enabled since Thu Nov 26 10:30:00 2026\n"
INVALID = 'lpstat: Invalid destination name in list "A4".\n'  # CUPS 2.3 on
UNKNOWN_DEST = 'lpstat: Unknown destination "A4".\n'  # before
NO_SCHEDULER = "lpstat: Scheduler is not running.\n"
NO_CONNECT = "lpstat: Unable to connect to server: Connection refused\n"


@pytest.mark.parametrize(
    ("stdout", "stderr", "state", "detail"),
    [
        (IDLE_C, "", CupsState.IDLE, None),
        (IDLE_EN, "", CupsState.IDLE, None),
        (PRINTING, "", CupsState.PRINTING, None),
        (DISABLED, "", CupsState.DISABLED, "The printer is not responding."),
        (DISABLED_NO_REASON, "", CupsState.DISABLED, "reason unknown"),
        (HELD, "", CupsState.HELD, None),
        ("", INVALID, CupsState.UNKNOWN_QUEUE, INVALID.strip()),
        ("", UNKNOWN_DEST, CupsState.UNKNOWN_QUEUE, UNKNOWN_DEST.strip()),
        ("", NO_SCHEDULER, CupsState.NO_SCHEDULER, NO_SCHEDULER.strip()),
        ("", NO_CONNECT, CupsState.NO_SCHEDULER, NO_CONNECT.strip()),
        ("", "", CupsState.UNKNOWN, None),
        ("printer A4 is on fire.\n", "", CupsState.UNKNOWN, "is on fire."),
        ("\x00" * 100_000, "\xff" * 100_000, CupsState.UNKNOWN, None),
    ],
)
def test_lpstat_wording(stdout: str, stderr: str, state: CupsState, detail: str | None) -> None:
    queue = parse_lpstat("A4", stdout, stderr)
    assert queue.state is state and queue.queue == "A4"
    if detail is not None:
        assert queue.detail == detail
    assert queue.detail is None or len(queue.detail) <= 200


def test_another_printer_s_line_is_not_the_queue_s() -> None:
    other = "printer A4-colour is idle.  enabled since Thu Nov 26 10:30:00 2026\n"
    assert parse_lpstat("A4", other).state is CupsState.UNKNOWN


def _lpstat(tmp_path: Path, script: str) -> str:
    path = tmp_path / "lpstat"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for lpstat")
def test_a_real_lpstat_process_in_the_c_locale(tmp_path: Path) -> None:
    fake = _lpstat(
        tmp_path,
        'if [ "$LC_ALL" != C ] || [ "$1" != -p ]; then echo "wrong call" >&2; exit 2; fi\n'
        'echo "printer $2 is idle.  enabled since Thu Nov 26 10:30:00 2026"\n',
    )
    assert queue_state("A4", lpstat=fake).state is CupsState.IDLE
    broken = _lpstat(tmp_path, f"printf '{INVALID.strip()}\\n' >&2; exit 1\n")
    assert queue_state("A4", lpstat=broken).state is CupsState.UNKNOWN_QUEUE


@pytest.mark.skipif(os.name != "posix", reason="a shell script stands in for lpstat")
def test_a_hanging_lpstat_and_its_children_are_ended_at_the_timeout(tmp_path: Path) -> None:
    # sleep is a child of the shell, holding the pipes: it must be ended too.
    hang = _lpstat(tmp_path, "sleep 600\n")
    queue = queue_state("A4", lpstat=hang, timeout=0.3)
    assert queue.state is CupsState.UNKNOWN and "did not answer within 0.3 s" in (
        queue.detail or ""
    )


def test_no_cups_no_queue_and_names_that_are_not_queues(tmp_path: Path) -> None:
    missing = queue_state("A4", lpstat=str(tmp_path / "no-such-lpstat"))
    assert missing.state is CupsState.NO_CUPS
    assert queue_state(None).state is CupsState.NOT_CONFIGURED
    assert queue_state("").state is CupsState.NOT_CONFIGURED
    for bad in ("-h evil", "a b", "x/y", "-p"):
        assert queue_state(bad, lpstat=str(tmp_path / "never-run")).state is (
            CupsState.UNKNOWN_QUEUE
        )
