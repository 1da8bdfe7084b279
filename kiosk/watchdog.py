"""systemd's notify protocol (sd_notify), without libsystemd: readiness and watchdog pings.

On a terminal the kiosk runs as `declaration-kiosk.service` (deploy/linux/), a
`Type=notify` unit with `WatchdogSec=`: systemd waits for READY=1 before it counts the
kiosk as started, and restarts it when no WATCHDOG=1 arrives within the watchdog time.
The messages are datagrams of `KEY=value` lines sent to the unix socket named by
NOTIFY_SOCKET: a path, or an abstract name written with a leading "@".

The pings must come from the UI thread's event loop (ui/watchdog.py), so that a hung
interface stops them; this module only speaks the protocol. It never raises on a send:
a watchdog that cannot reach systemd must not take the kiosk down with it (systemd will
restart it anyway if the pings really stop arriving). Qt-free.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)

# sockaddr_un's sun_path is 108 bytes on Linux, the terminating NUL included for a path.
_SUN_PATH_MAX = 108
# systemd reads one datagram of at most a page or so; a status line is short anyway.
STATUS_MAX = 200


class Notifier:
    """A connection-less sender to systemd's notify socket (one per process)."""

    def __init__(self, address: str, *, watchdog_usec: int | None = None) -> None:
        """`address`: NOTIFY_SOCKET's value ("/run/systemd/notify" or "@name").
        `watchdog_usec`: the watchdog time in microseconds, when it applies to us."""
        self._address = _socket_address(address)
        self._name = address
        self._watchdog_usec = watchdog_usec
        self._failing = False  # a failure was logged; quiet until a send succeeds again
        self._socket: socket.socket | None = socket.socket(
            socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC
        )
        # Never block the UI thread: a full receive queue (systemd busy) drops the ping
        # rather than freezing the interface, which would be the hang the watchdog is for.
        self._socket.setblocking(False)

    @classmethod
    def from_environment(cls, env: Mapping[str, str] | None = None) -> Notifier | None:
        """The notifier systemd asks for in `env` (default os.environ), or None when
        NOTIFY_SOCKET is unset or unusable (not under systemd: nothing to notify)."""
        env = os.environ if env is None else env
        address = env.get("NOTIFY_SOCKET", "")
        if not address:
            return None
        try:
            return cls(address, watchdog_usec=watchdog_usec(env))
        except ValueError as error:
            log.warning("通知套接字不可用 / the notify socket cannot be used: %s", error)
            return None
        except OSError as error:
            log.warning("通知套接字无法打开 / the notify socket cannot be opened: %s", error)
            return None

    @property
    def interval_s(self) -> float | None:
        """How often to ping: half the watchdog time (as systemd advises), or None when
        no watchdog is set for this process."""
        if self._watchdog_usec is None:
            return None
        return self._watchdog_usec / 2_000_000

    def ready(self) -> None:
        """The kiosk is up (its home screen shown): the unit counts as started."""
        self._send("READY=1")

    def ping(self) -> None:
        """The UI thread is alive: resets systemd's watchdog timer."""
        self._send("WATCHDOG=1")

    def stopping(self) -> None:
        """The kiosk is shutting down on purpose: no restart is due to missing pings."""
        self._send("STOPPING=1")

    def status(self, text: str) -> None:
        """A one-line status for `systemctl status` (newlines would start other keys)."""
        line = " ".join(text.split())[:STATUS_MAX]
        self._send(f"STATUS={line}")

    def close(self) -> None:
        """Close the socket; sends after this do nothing."""
        sock, self._socket = self._socket, None
        if sock is not None:
            sock.close()

    def _send(self, message: str) -> None:
        sock = self._socket
        if sock is None:
            return
        try:
            sock.sendto(message.encode("utf-8"), self._address)
        except OSError as error:  # no listener, queue full, socket gone: never raised
            if not self._failing:
                self._failing = True
                log.warning(
                    "无法通知 systemd / cannot notify systemd at %s (%s): %s",
                    self._name,
                    message.split("=", 1)[0],
                    error,
                )
            return
        if self._failing:
            self._failing = False
            log.info("已恢复通知 systemd / systemd is reachable again at %s", self._name)

    def __enter__(self) -> Notifier:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def watchdog_usec(env: Mapping[str, str]) -> int | None:
    """WATCHDOG_USEC when it is a positive number and meant for this process: systemd
    sets WATCHDOG_PID to the service's main process, so a child that inherits the
    variables (a process the kiosk starts) must not ping in its place. Under cage the
    kiosk is itself cage's child: the unit removes WATCHDOG_PID for it (see
    deploy/linux/declaration-kiosk.service)."""
    raw = env.get("WATCHDOG_USEC", "").strip()
    if not raw:
        return None
    pid = env.get("WATCHDOG_PID", "").strip()
    if pid and (not _decimal(pid) or int(pid) != os.getpid()):
        return None
    if not _decimal(raw) or len(raw) > 19:  # at most 2**64 µs, as systemd's parser
        log.warning("WATCHDOG_USEC 无效 / WATCHDOG_USEC is not a number: %r", raw[:40])
        return None
    usec = int(raw)
    return usec if usec > 0 else None


def _decimal(text: str) -> bool:
    """ASCII digits only (str.isdigit alone takes "٣" and "²")."""
    return text.isascii() and text.isdigit()


def _socket_address(address: str) -> str | bytes:
    """NOTIFY_SOCKET's value as a socket address; ValueError when it is not one."""
    if address.startswith("@"):
        # An abstract name: a leading NUL byte, the rest without a terminating NUL.
        name = b"\0" + address[1:].encode("utf-8", "surrogateescape")
        if len(name) == 1 or len(name) > _SUN_PATH_MAX:
            raise ValueError(f"abstract socket name of bad length: {len(name) - 1} bytes")
        return name
    if address.startswith("/"):
        encoded = os.fsencode(address)
        if len(encoded) >= _SUN_PATH_MAX or b"\0" in encoded:
            raise ValueError(f"socket path too long or malformed ({len(encoded)} bytes)")
        return address
    # systemd 253 adds vsock:CID:PORT (for virtual machines); a terminal is not one.
    raise ValueError(f"not a unix socket path or @name: {address[:40]!r}")
