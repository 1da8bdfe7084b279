"""The speech-dispatcher probe: a daemon that answers, one that does not, none at all;
every case within its deadline."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kiosk import speech_probe


@contextmanager
def _serve(path: Path, reply: bytes | None) -> Iterator[None]:
    """A daemon at `path` that sends `reply` to the first line (None: never answers)."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    stop = threading.Event()

    def run() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(1024)
            if reply is not None:
                conn.sendall(reply)
            stop.wait(10)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        server.close()
        thread.join(5)


@pytest.fixture
def sock(tmp_path: Path) -> Path:
    return tmp_path / "speechd.sock"


def test_a_daemon_that_answers(sock: Path) -> None:
    with _serve(sock, b"208 OK CLIENT NAME SET\r\n"):
        assert speech_probe.answers(sock)


def test_a_daemon_that_refuses(sock: Path) -> None:
    with _serve(sock, b"400 ERR\r\n"):
        assert not speech_probe.answers(sock)


def test_a_daemon_that_never_answers_is_given_up_at_the_deadline(sock: Path) -> None:
    with _serve(sock, None):
        started = time.monotonic()
        assert not speech_probe.answers(sock, timeout=0.3)
        assert time.monotonic() - started < 5  # bounded: never the wait seen in spd_open


def test_no_daemon(sock: Path) -> None:
    assert not speech_probe.answers(sock)
    sock.touch()  # a stale socket file from a daemon that has gone
    assert not speech_probe.answers(sock)


def test_where_the_daemon_listens() -> None:
    assert speech_probe.socket_path({"SPEECHD_ADDRESS": "unix_socket:/run/s.sock"}) == Path(
        "/run/s.sock"
    )
    assert speech_probe.socket_path({"XDG_RUNTIME_DIR": "/run/user/1000"}) == Path(
        "/run/user/1000/speech-dispatcher/speechd.sock"
    )
    assert speech_probe.socket_path({"HOME": "/home/k"}) == Path(
        "/home/k/.cache/speech-dispatcher/speechd.sock"
    )


@pytest.mark.skipif(shutil.which("speech-dispatcher") is None, reason="no speech-dispatcher")
def test_the_real_daemon_is_started_and_answers(tmp_path: Path) -> None:
    """As the set-up installs it: started by the probe when not running, then asked."""
    assert speech_probe.ready()


def test_a_wedged_daemon_is_ended_so_a_fresh_one_can_start(
    sock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It takes the connection and never replies: killed by its pid file, socket gone."""
    wedged = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)", "speech-dispatcher"]
    )
    (sock.parent / "pid").mkdir()
    (sock.parent / "pid" / "speech-dispatcher.pid").write_text(f"{wedged.pid}\n")
    monkeypatch.setattr(shutil, "which", lambda _name: None)  # no fresh one here
    try:
        with _serve(sock, None):
            assert speech_probe.state(sock, timeout=0.3) == "silent"
            assert not speech_probe.ready(sock)
            assert wedged.wait(5) == -signal.SIGKILL
            assert not sock.exists()
    finally:
        wedged.kill()


def test_only_speech_dispatcher_is_ever_ended(sock: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    (sock.parent / "pid").mkdir()
    (sock.parent / "pid" / "speech-dispatcher.pid").write_text(f"{other.pid}\n")
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    try:
        with _serve(sock, None):
            assert not speech_probe.ready(sock)
            assert other.poll() is None  # a stale pid file's pid, now another program's
    finally:
        other.kill()
        other.wait(5)
