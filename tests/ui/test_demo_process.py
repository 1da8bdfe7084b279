"""`kiosk --demo` as a process: it starts its central server, and whatever ends the kiosk
(Ctrl+C, SIGTERM, even SIGKILL) ends the server too: nothing is left listening."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

KIOSK = str(Path(sys.executable).with_name("kiosk"))


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize(
    ("how", "running"),
    [
        (signal.SIGTERM, True),  # the touch interface up: its event loop quits
        (signal.SIGINT, True),
        (signal.SIGTERM, False),  # still starting
        (signal.SIGKILL, True),  # no chance to clean up: the server still goes
    ],
)
def test_the_demo_central_server_ends_with_the_kiosk(
    tmp_path: Path, how: signal.Signals, running: bool
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    kiosk = subprocess.Popen(
        [KIOSK, "--demo", "--data-dir", str(tmp_path / "demo")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert kiosk.stdout is not None
        port = 0
        for line in kiosk.stdout:  # the kiosk prints the dashboard once the server answers
            found = re.search(r"Dashboard: http://127\.0\.0\.1:(\d+)/dashboard", line)
            if found:
                port = int(found.group(1))
                break
        assert port and _listening(port)
        store = tmp_path / "demo" / "kiosk.db"  # opened after the first frame
        deadline = time.monotonic() + 30
        while running and not store.exists() and time.monotonic() < deadline:
            time.sleep(0.05)  # another process starting: nothing to wait on but its files
        assert store.exists() or not running
        kiosk.send_signal(how)
        kiosk.wait(timeout=30)
        if how is not signal.SIGKILL:
            assert kiosk.returncode == 0  # an orderly end: worker, printer and store closed
            assert kiosk.stderr is not None and "Traceback" not in kiosk.stderr.read()
        deadline = time.monotonic() + 10
        while _listening(port) and time.monotonic() < deadline:
            time.sleep(0.05)  # another process ending: nothing to wait on but its port
        assert not _listening(port)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        for pipe in (kiosk.stdout, kiosk.stderr):
            if pipe is not None:
                pipe.close()
