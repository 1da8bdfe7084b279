"""A network printer on a raw TCP port (JetDirect / AppSocket, port 9100).

The ticket goes out on the socket and the ``DLE EOT`` replies come back on the same one.
Every socket call has a timeout: connect and send use the connection's, reads their own.
"""

from __future__ import annotations

import errno
import socket

from printer.errors import Disconnected, NoAnswer, PrinterNotFound, PrinterOffline

_LINK_BROKEN = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)


class NetworkConnection:
    """A raw TCP connection to ``host:port``."""

    can_read = True

    def __init__(self, host: str, port: int = 9100, timeout: float = 5.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.name = f"network {host}:{port}"
        self._sock: socket.socket | None = None

    def open(self) -> None:
        if self._sock is not None:
            return
        where = f"{self.name} (connect timeout {self.timeout:g} s)"
        try:
            self._sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except socket.gaierror as exc:
            raise PrinterNotFound(f"{where}: host name not found: {exc}") from exc
        except ConnectionRefusedError as exc:
            raise PrinterOffline(f"{where}: connection refused: nothing listens") from exc
        except TimeoutError as exc:
            raise PrinterOffline(f"{where}: no answer to the connection request") from exc
        except OSError as exc:
            unreachable = exc.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH)
            what = "host unreachable" if unreachable else f"cannot connect: {exc}"
            raise PrinterOffline(f"{where}: {what}") from exc

    def _socket(self) -> socket.socket:
        if self._sock is None:
            raise Disconnected(f"{self.name}: the connection is not open")
        return self._sock

    def write(self, data: bytes) -> None:
        sock = self._socket()
        sock.settimeout(self.timeout)  # since Python 3.5: the limit for the whole sendall
        try:
            sock.sendall(data)
        except TimeoutError as exc:
            raise NoAnswer(
                f"{self.name}: the printer did not take {len(data)} bytes within {self.timeout:g} s"
            ) from exc
        except _LINK_BROKEN as exc:
            raise Disconnected(f"{self.name}: the link broke while sending: {exc}") from exc
        except OSError as exc:
            raise Disconnected(f"{self.name}: sending failed: {exc}") from exc

    def read(self, n: int, timeout: float) -> bytes:
        sock = self._socket()
        sock.settimeout(max(0.0, timeout))
        try:
            data = sock.recv(n)
        except (TimeoutError, BlockingIOError):
            return b""
        except OSError as exc:
            raise Disconnected(f"{self.name}: the link broke while reading: {exc}") from exc
        finally:
            sock.settimeout(self.timeout)
        if not data:
            raise Disconnected(f"{self.name}: the printer closed the connection")
        return data

    def flush(self) -> None:
        """Nothing to do: ``write`` returns once the socket has taken the bytes."""

    def close(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            sock.close()
