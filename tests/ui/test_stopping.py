"""SIGTERM in every state ends the kiosk in order: status 0, never a signal, nothing lost.

The real `kiosk` command runs with a robot applicant (tests/ui/autopilot.py) walking
declarations to printed tickets; SIGTERM comes at a random moment of a chosen state:
loading, the home screen, a form, while the slow printer prints, while the outbox is sent
to the central server, and with the demo's own central server. Each run must end with
exit status 0 (an orderly end: the lanes, the printer, the store closed) and no
traceback, every ticket the applicant saw must be in the store, and the demo's server
must go with the kiosk. The seed is fixed, so a failure can be replayed.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from central.admin import add_terminal
from central.app import create_app
from central.db import Database
from central.serve import ServerThread
from central.state import ServerState
from kiosk.store.database import Store
from kiosk.store.models import Ticket
from tests.printer.fake_device import FakePrinter

AUTOPILOT = Path(__file__).with_name("autopilot.py")
SEED = 20261201
RUNS_PER_STATE = 9  # six states: 54 stops
# Where to stop: after which line of the robot's, plus a random delay of up to `spread`.
STATES = {
    "loading": ("BOOT", 0.6),
    "home": ("STATE home", 0.05),
    "form": ("STATE form", 0.02),
    "printing": ("TICKET", 0.05),  # the slow printer is still printing it
    "syncing": ("PRINTED", 0.03),  # its events are on their way to the central server
    "demo_central": ("STATE services", 0.3),  # `kiosk --demo` with its own server
}


@pytest.fixture(scope="module")
def hall(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, FakePrinter]]:
    """A real central server on loopback and a fake network printer that takes its time."""
    folder = tmp_path_factory.mktemp("hall")
    db = Database(f"sqlite:///{folder / 'central.db'}")
    token = add_terminal(db, 1, datetime.now(UTC)).token
    server = ServerThread(create_app(ServerState(db))).start()
    printer = FakePrinter(bytes_per_s=6000, lifetime=3600)
    try:
        yield server.base_url, token, printer
    finally:
        printer.stop()
        server.stop()
        db.close()


def _config(folder: Path, url: str, token: str, printer: FakePrinter) -> Path:
    path = folder / "kiosk.toml"
    path.write_text(
        f"""terminal_number = 1
data_dir = "{folder / "data"}"

[central]
url = "{url}"
token = "{token}"

[printer]
connection = "network"
host = "{printer.host}"
port = {printer.port}

[ui]
demo = true
""",
        encoding="utf-8",
    )
    return path


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _stop_once(args: list[str], marker: str, delay: float, data_dir: Path) -> list[str]:
    """Start the kiosk, SIGTERM it `delay` s after `marker`; what the robot said."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    kiosk = subprocess.Popen(
        [sys.executable, str(AUTOPILOT), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    lines: list[str] = []
    stderr: list[str] = []
    assert kiosk.stdout is not None and kiosk.stderr is not None
    reader = threading.Thread(target=lambda: stderr.extend(kiosk.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        for line in kiosk.stdout:
            lines.append(line.strip())
            if line.startswith(marker):
                break
        else:
            pytest.fail(
                f"the kiosk ended before {marker!r}: {lines[-5:]} {''.join(stderr)[-2000:]}"
            )
        # A random moment of that state: the process is ours, nothing to wait on but time.
        time.sleep(delay)
        kiosk.send_signal(signal.SIGTERM)
        lines += [line.strip() for line in kiosk.stdout]
        kiosk.wait(timeout=60)
    finally:
        if kiosk.poll() is None:
            kiosk.kill()
            kiosk.wait()
        reader.join(10)
        kiosk.stdout.close()
        kiosk.stderr.close()
    errors = "".join(stderr)
    assert kiosk.returncode == 0, (
        f"ended by {kiosk.returncode} after {lines[-3:]}:\n{errors[-3000:]}"
    )
    assert "Traceback" not in errors and "Fatal Python error" not in errors, errors[-3000:]
    tickets = {line.split()[1] for line in lines if line.startswith("TICKET ")}
    store = Store(data_dir / "kiosk.db")  # it opens: no half-written migration, no lock left
    try:
        with store.session() as s:
            stored = set(s.scalars(select(Ticket.number)))
    finally:
        store.close()
    assert tickets <= stored, f"tickets shown but not stored: {tickets - stored}"
    return lines


@pytest.mark.parametrize("state", list(STATES))
def test_sigterm_in_every_state_is_an_orderly_end(
    state: str, hall: tuple[str, str, FakePrinter], tmp_path: Path
) -> None:
    url, token, printer = hall
    marker, spread = STATES[state]
    rng = random.Random(f"{SEED}-{state}")
    for run in range(RUNS_PER_STATE):
        folder = tmp_path / f"run{run}"
        folder.mkdir()
        delay = rng.uniform(0, spread)
        if state == "demo_central":
            args = ["--demo", "--data-dir", str(folder / "data")]
        else:
            args = ["--config", str(_config(folder, url, token, printer))]
        lines = _stop_once(args, marker, delay, folder / "data")
        if state == "demo_central":
            ports = [
                int(line.rsplit(":", 1)[1].split("/")[0])
                for line in lines
                if "Dashboard: http://127.0.0.1:" in line
            ]
            assert ports and not _listening(ports[0]), "the demo's server outlived the kiosk"
