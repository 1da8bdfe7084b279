"""A TLS server on loopback that completes handshakes with a given certificate (and
says nothing more): the diagnostics read its certificate's expiry."""

from __future__ import annotations

import socket
import ssl
import threading
from pathlib import Path

import trustme


class TlsServer:
    """Accepts connections on loopback and completes TLS handshakes with `cert`."""

    def __init__(self, cert: trustme.LeafCert, tmp_path: Path) -> None:
        chain, key = tmp_path / "chain.pem", tmp_path / "key.pem"
        cert.private_key_pem.write_to_path(str(key))
        chain.write_bytes(b"".join(blob.bytes() for blob in cert.cert_chain_pems))
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(chain, key)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.handshakes = 0
        self._done = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except TimeoutError:
                continue
            conn.settimeout(5)
            try:
                with self.context.wrap_socket(conn, server_side=True), self._done:
                    self.handshakes += 1
                    self._done.notify_all()
            except (OSError, ssl.SSLError):
                conn.close()

    def wait_for_handshakes(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until the server side has completed `count` handshakes (it may finish a
        moment after the client did)."""
        with self._done:
            return self._done.wait_for(lambda: self.handshakes >= count, timeout)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.listener.close()
