"""kiosk.watchdog: systemd's notify protocol, spoken to a real unix datagram socket of the
test's own (a path, or an abstract name), as systemd would receive it."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.watchdog import STATUS_MAX, Notifier, watchdog_usec


class Listener:
    """A bound datagram socket standing in for systemd's notify socket."""

    def __init__(self, address: str) -> None:
        self.name = address
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.settimeout(5)  # a bound on each wait: a missing message fails, not hangs
        bind = b"\0" + address[1:].encode() if address.startswith("@") else address
        self.sock.bind(bind)

    def receive(self) -> str:
        return self.sock.recv(4096).decode()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def abstract() -> Iterator[Listener]:
    listener = Listener(f"@kiosk-test-{uuid.uuid4().hex}")
    yield listener
    listener.close()


@pytest.fixture
def path_socket(tmp_path: Path) -> Iterator[Listener]:
    path = tmp_path / "notify"
    assert len(os.fsencode(path)) < 108, "tmp_path too long for a unix socket"
    listener = Listener(str(path))
    yield listener
    listener.close()


def notifier_for(env: dict[str, str]) -> Notifier:
    notifier = Notifier.from_environment(env)
    assert notifier is not None
    return notifier


def test_no_notifier_outside_systemd() -> None:
    assert Notifier.from_environment({}) is None
    assert Notifier.from_environment({"NOTIFY_SOCKET": ""}) is None
    assert Notifier.from_environment({"WATCHDOG_USEC": "30000000"}) is None


@pytest.mark.parametrize("which", ["abstract", "path_socket"])
def test_messages_arrive_in_order(which: str, request: pytest.FixtureRequest) -> None:
    listener: Listener = request.getfixturevalue(which)
    with notifier_for({"NOTIFY_SOCKET": listener.name}) as notifier:
        notifier.ready()
        notifier.ping()
        notifier.status("正在打印 / printing")
        notifier.stopping()
        received = [listener.receive() for _ in range(4)]
    assert received == ["READY=1", "WATCHDOG=1", "STATUS=正在打印 / printing", "STOPPING=1"]


def test_interval_is_half_the_watchdog_time() -> None:
    base = {"NOTIFY_SOCKET": "@kiosk-test-interval"}
    with notifier_for({**base, "WATCHDOG_USEC": "30000000"}) as n:
        assert n.interval_s == 15.0
    ours = {**base, "WATCHDOG_USEC": "200000", "WATCHDOG_PID": str(os.getpid())}
    with notifier_for(ours) as n:
        assert n.interval_s == pytest.approx(0.1)
    with notifier_for(base) as n:
        assert n.interval_s is None  # no watchdog asked for: READY and STOPPING only


def test_watchdog_of_another_process_is_not_ours() -> None:
    """systemd sets WATCHDOG_PID to the main process: a child inheriting it (the kiosk
    under cage, if the unit did not drop it) must not ping in the main process's place."""
    other = os.getppid()
    assert other != os.getpid()
    env = {"NOTIFY_SOCKET": "@kiosk-test-pid", "WATCHDOG_USEC": "30000000"}
    with notifier_for({**env, "WATCHDOG_PID": str(other)}) as n:
        assert n.interval_s is None
    assert watchdog_usec({**env, "WATCHDOG_PID": "not-a-pid"}) is None


@pytest.mark.parametrize("value", ["abc", "-5", "0", "1.5", "9" * 40, " ", "٣٠٠"])
def test_bad_watchdog_usec_means_no_watchdog(value: str) -> None:
    assert watchdog_usec({"WATCHDOG_USEC": value}) is None


@pytest.mark.parametrize(
    "address",
    ["relative/notify", "@", "@" + "x" * 200, "/" + "x" * 200, "vsock:2:1234", "/a\0b"],
)
def test_unusable_socket_names_are_refused_with_a_message(
    address: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kiosk.watchdog"):
        assert Notifier.from_environment({"NOTIFY_SOCKET": address}) is None
    assert "notify socket" in caplog.text
    assert "Traceback" not in caplog.text


def test_status_is_one_line_and_bounded(abstract: Listener) -> None:
    """A newline in the text would start another assignment (an injected WATCHDOG=1 or
    READY=1): the status is folded to one line and cut to STATUS_MAX characters."""
    with Notifier(abstract.name) as notifier:
        notifier.status("打印机缺纸\nWATCHDOG=1\nREADY=1")
        assert abstract.receive() == "STATUS=打印机缺纸 WATCHDOG=1 READY=1"
        notifier.status("长" * 1000)
        assert abstract.receive() == "STATUS=" + "长" * STATUS_MAX


def test_send_errors_are_swallowed_and_logged_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "notify"  # nobody listens yet
    notifier = Notifier(str(path))
    with caplog.at_level(logging.INFO, logger="kiosk.watchdog"):
        notifier.ready()
        notifier.ping()
        notifier.ping()
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1
        assert "cannot notify systemd" in warnings[0].getMessage()
        listener = Listener(str(path))  # systemd (back) at its socket
        try:
            notifier.ping()
            assert listener.receive() == "WATCHDOG=1"
            assert "reachable again" in caplog.text
        finally:
            listener.close()
        notifier.close()
        notifier.close()  # twice is fine
        notifier.ping()  # after close: nothing, no error
        notifier.stopping()


def test_a_full_queue_never_blocks_the_caller(abstract: Listener) -> None:
    """systemd not reading (busy, stopped): the datagrams pile up in its queue, and a
    blocking send would freeze the UI thread that pings. The sends return at once."""
    notifier = Notifier(abstract.name)
    done = threading.Event()

    def flood() -> None:
        for _ in range(5000):  # far beyond the queue (net.unix.max_dgram_qlen, buffers)
            notifier.ping()
        done.set()

    thread = threading.Thread(target=flood, daemon=True)
    thread.start()
    try:
        assert done.wait(10), "a ping blocked on systemd's full queue"
    finally:
        while not done.is_set():  # unblock a broken (blocking) notifier before closing
            abstract.receive()
        thread.join(10)
        notifier.close()
    assert abstract.receive() == "WATCHDOG=1"  # what was queued is intact
