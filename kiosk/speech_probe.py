"""Is speech-dispatcher there and answering? Asked before Qt's speechd engine is made.

Qt's speechd engine calls the client library's spd_open, which was seen to wait for good
when the daemon did not answer. So before the engine is made, the read-aloud thread asks
the daemon itself, over its socket, with a deadline: "SET SELF CLIENT_NAME" must come back
with a 2xx reply (SSIP). A daemon that is not running is started once with
`speech-dispatcher --spawn` (bounded by a timeout, as the library would autospawn it) and
asked again; one that takes the connection and never replies (wedged: seen here after a
client was cut off) is killed first. Plain Python, no Qt; every step has a deadline.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

log = logging.getLogger(__name__)

ANSWER_S = 1.0  # one request and its reply
SPAWN_S = 5.0  # starting the daemon, until its socket answers


def socket_path(env: dict[str, str] | None = None) -> Path:
    """Where the daemon listens: $SPEECHD_ADDRESS (unix_socket:PATH), else under
    $XDG_RUNTIME_DIR, else ~/.cache (speech-dispatcher 0.8 and later)."""
    env = dict(os.environ) if env is None else env
    address = env.get("SPEECHD_ADDRESS", "")
    if address.startswith("unix_socket:"):
        return Path(address.removeprefix("unix_socket:"))
    runtime = env.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path(env.get("HOME", "~")).expanduser() / ".cache"
    return base / "speech-dispatcher" / "speechd.sock"


def state(path: Path, timeout: float = ANSWER_S) -> str:
    """ "answers" (a 2xx reply to a client name within `timeout` seconds), "silent" (it
    takes the connection but never replies: wedged) or "absent" (nobody listens)."""
    deadline = time.monotonic() + timeout
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(path))
            try:
                s.sendall(b"SET SELF CLIENT_NAME kiosk:read-aloud:probe\r\n")
                reply = b""
                while not reply.endswith(b"\r\n") and len(reply) < 1024:
                    s.settimeout(max(0.01, deadline - time.monotonic()))
                    chunk = s.recv(1024)
                    if not chunk:
                        return "silent"
                    reply += chunk
            except OSError:  # timed out, or hung up on us
                return "silent"
            if reply[:1] != b"2":
                return "silent"
            s.sendall(b"QUIT\r\n")
            return "answers"
    except OSError:  # no socket, refused (a stale one)
        return "absent"


def answers(path: Path, timeout: float = ANSWER_S) -> bool:
    """The daemon at `path` replies 2xx to a client name within `timeout` seconds."""
    return state(path, timeout) == "answers"


def _end_wedged(path: Path) -> None:
    """A daemon that takes connections but never replies (seen after a client was cut
    off mid-speech; SIGTERM does not move it): killed, by its own pid file, so that a
    fresh one can start. Only a process that is speech-dispatcher is touched."""
    pid_file = path.parent / "pid" / "speech-dispatcher.pid"
    try:
        pid = int(pid_file.read_text(encoding="ascii").strip())
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (OSError, ValueError):
        return
    if b"speech-dispatcher" not in command:
        return
    log.warning("read aloud: speech-dispatcher (pid %d) does not answer: restarting it", pid)
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        return
    deadline = time.monotonic() + 1.0
    while Path(f"/proc/{pid}/cmdline").exists() and time.monotonic() < deadline:
        if not Path(f"/proc/{pid}/cmdline").read_bytes():  # a zombie: gone as a daemon
            break
        time.sleep(0.02)
    path.unlink(missing_ok=True)


def ready(path: Path | None = None, spawn_s: float = SPAWN_S) -> bool:
    """speech-dispatcher answers, started once here if it was not running."""
    path = path or socket_path()
    found = state(path)
    if found == "answers":
        return True
    if found == "silent":
        _end_wedged(path)
    daemon = shutil.which("speech-dispatcher")
    if daemon is None:
        log.info("read aloud: speech-dispatcher is not installed")
        return False
    deadline = time.monotonic() + spawn_s
    try:
        # --spawn returns once the daemon runs (or another one already does).
        subprocess.run(
            [daemon, "--spawn"],
            timeout=spawn_s,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        log.warning("read aloud: speech-dispatcher did not start: %s", error)
        return False
    while time.monotonic() < deadline:
        if answers(path, min(ANSWER_S, max(0.05, deadline - time.monotonic()))):
            return True
        time.sleep(0.05)
    log.warning("read aloud: speech-dispatcher does not answer at %s", path)
    return False


__all__ = ["answers", "ready", "socket_path", "state"]
