"""The central server certificate's expiry, read from a real loopback TLS server whose
certificate has a notAfter chosen here (trustme), also when no authority trusts it; a
hostile server's bytes never give anything but TlsProbeError."""

from __future__ import annotations

import contextlib
import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import trustme
from hypothesis import given
from hypothesis import strategies as st

from kiosk.diagnostics.tls import TlsProbeError, certificate_expiry, not_after
from tests.kiosk.diagnostics.tls_server import TlsServer


@pytest.fixture
def ca() -> trustme.CA:
    return trustme.CA(organization_name="Hall test CA")


@pytest.fixture
def serve(ca: trustme.CA, tmp_path: Path) -> Iterator[type[TlsServer]]:
    started: list[TlsServer] = []

    def start(not_after_: datetime) -> TlsServer:
        cert = ca.issue_cert("127.0.0.1", "localhost", not_after=not_after_)
        server = TlsServer(cert, tmp_path)
        started.append(server)
        return server

    yield start  # type: ignore[misc]
    for server in started:
        server.stop()


@pytest.mark.parametrize(
    "expiry",
    [
        datetime(2031, 3, 4, 5, 6, 7, tzinfo=UTC),  # UTCTime
        datetime(2051, 1, 2, 3, 4, 5, tzinfo=UTC),  # from 2050 on: GeneralizedTime
        datetime(2024, 1, 1, tzinfo=UTC),  # expired: still read, never refused
    ],
)
def test_the_expiry_of_an_untrusted_loopback_certificate(serve: Any, expiry: datetime) -> None:
    server = serve(expiry)
    assert certificate_expiry(f"https://127.0.0.1:{server.port}/api") == expiry
    assert server.wait_for_handshakes(1)


def test_plain_http_has_no_certificate() -> None:
    assert certificate_expiry("http://127.0.0.1:9/") is None  # nothing connects


def test_an_unreachable_server_or_a_bad_url_is_a_probe_error() -> None:
    closed = socket.create_server(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    with pytest.raises(TlsProbeError, match="cannot connect"):
        certificate_expiry(f"https://127.0.0.1:{port}/")
    for bad in ("ftp://x", "https://", "https://[::1", "https://h:99999/"):
        with pytest.raises(TlsProbeError):
            certificate_expiry(bad)


def test_a_server_that_never_answers_times_out() -> None:
    silent = socket.create_server(("127.0.0.1", 0))  # accepts (backlog), never speaks TLS
    try:
        url = f"https://127.0.0.1:{silent.getsockname()[1]}/"
        with pytest.raises(TlsProbeError, match=r"did not answer within 0\.3 s"):
            certificate_expiry(url, timeout=0.3)
    finally:
        silent.close()


def test_a_plain_tcp_server_is_a_handshake_failure(tmp_path: Path) -> None:
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)
    done = threading.Event()

    def answer() -> None:
        try:
            conn, _ = listener.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        except OSError:
            pass
        done.set()

    threading.Thread(target=answer, daemon=True).start()
    try:
        with pytest.raises(TlsProbeError, match="TLS handshake"):
            certificate_expiry(f"https://127.0.0.1:{listener.getsockname()[1]}/")
    finally:
        done.wait(5)
        listener.close()


def test_not_after_refuses_what_is_not_a_certificate(ca: trustme.CA) -> None:
    der = ssl.PEM_cert_to_DER_cert(ca.cert_pem.bytes().decode())
    assert not_after(der).year >= 2026
    for bad in (
        b"",
        b"\x30",
        b"\x30\x84\xff\xff\xff\xff",
        der[:40],
        b"\x02\x01\x00",
        b"x" * 70_000,
    ):
        with pytest.raises(TlsProbeError):
            not_after(bad)
    for i in range(len(der)):  # every byte of a real certificate broken, one at a time
        broken = der[:i] + bytes([der[i] ^ 0xFF]) + der[i + 1 :]
        with contextlib.suppress(TlsProbeError):
            assert not_after(broken).tzinfo is UTC


@given(st.binary(max_size=512))
def test_not_after_on_any_bytes_is_a_date_or_a_probe_error(blob: bytes) -> None:
    try:
        moment = not_after(blob)
    except TlsProbeError:
        return
    assert moment.tzinfo is UTC
