"""A central server for `kiosk --demo`: SQLite in the demo's data folder, on loopback.

Set up so that a new user sees the whole hall at once: terminal 1 registered (its token
handed to the demo kiosk), the bundled catalog imported, and a dashboard account
(`demo` / `demo-password`). The server runs as its own process (`central serve`), as in a
hall, so it never competes with the kiosk's interface for the Python interpreter.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from central.admin import add_staff, add_terminal, import_catalog
from central.db import Database
from central.models import Staff

DEMO_PORT = 8765
DEMO_USER, DEMO_PASSWORD = "demo", "demo-password"
READY_TIMEOUT_S = 30.0
log = logging.getLogger(__name__)


class DemoCentralError(Exception):
    """The demo's central server could not start; the message says why."""


@dataclass
class DemoCentral:
    """A running demo central server; `stop()` ends it."""

    url: str
    token: str
    process: subprocess.Popen[bytes]

    @property
    def dashboard(self) -> str:
        return f"{self.url}/dashboard"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def _free_port(preferred: int) -> int:
    """`preferred` when nothing listens there, else any free loopback port."""
    for port in (preferred, 0):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise DemoCentralError("no free loopback port")


def _die_with_parent() -> None:
    """In the child: end when the kiosk ends, however it ends (a killed kiosk too)."""
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def prepare(folder: Path, catalog_dir: Path, terminal: int = 1) -> tuple[str, str]:
    """The demo database, set up; its URL and terminal `terminal`'s new token."""
    url = f"sqlite:///{folder / 'central.db'}"
    now = datetime.now(UTC)
    db = Database(url)
    try:
        token = add_terminal(db, terminal, now).token
        import_catalog(db, catalog_dir, now)
        with db.read() as s:
            known = s.scalar(select(Staff.id).where(Staff.username == DEMO_USER)) is not None
        if not known:
            add_staff(db, DEMO_USER, "演示辅导员", "supervisor", DEMO_PASSWORD, now)
    finally:
        db.close()
    return url, token


def start(folder: Path, catalog_dir: Path, terminal: int = 1) -> DemoCentral:
    """Set up and start the demo's central server; wait until it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    database_url, token = prepare(folder, catalog_dir, terminal)
    central = _serve(folder, database_url, token, _free_port(DEMO_PORT))
    if central is None:  # another program took the port first: any free one then
        central = _serve(folder, database_url, token, _free_port(0))
    if central is None:
        raise DemoCentralError(f"central serve exited: {folder / 'central.log'}")
    return central


def _serve(folder: Path, database_url: str, token: str, port: int) -> DemoCentral | None:
    """`central serve` on `port`, once it answers as this demo's server (its terminal's
    token accepted); None when it exits first (the port was taken meanwhile)."""
    log_file = (folder / "central.log").open("ab")
    command = [sys.executable, "-m", "central", "serve", "--host", "127.0.0.1"]
    process = subprocess.Popen(
        [*command, "--port", str(port), "--database-url", database_url],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    log_file.close()
    central = DemoCentral(f"http://127.0.0.1:{port}", token, process)
    # Its own token, not just an answer: a free port probed can be taken before the
    # child binds it (two demos starting at once), and the other's server would answer.
    ours = urllib.request.Request(
        f"{central.url}/api/v1/queue", headers={"Authorization": f"Bearer {token}"}
    )
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return None
        # urllib, not requests: the server's install carries no HTTP client of its own.
        with (
            contextlib.suppress(OSError, urllib.error.URLError),
            urllib.request.urlopen(ours, timeout=1) as answer,
        ):
            if answer.status == 200:
                return central
        time.sleep(0.1)  # a child process starting: nothing to wait on but its port
    central.stop()
    raise DemoCentralError(f"central serve did not answer within {READY_TIMEOUT_S:.0f} s")
