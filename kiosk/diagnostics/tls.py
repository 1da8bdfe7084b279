"""The central server's TLS certificate: when it expires, read from the server itself.

Only the certificate's `notAfter` is read, so the handshake verifies nothing (no chain,
no host name): a technician must see "expired on ..." for an expired or untrusted
certificate too, which a verifying handshake would refuse before showing it. Nothing is
sent over the connection; the sync's own requests still verify (kiosk.sync.client).

The certificate comes as DER bytes, and the standard library decodes certificates only
from verified handshakes or files, so `not_after` reads the validity from the DER
itself: a few bounded steps into the structure, refusing anything malformed (a hostile
server's bytes give `TlsProbeError`, never an exception of another kind or a hang).
Blocking (connect, handshake: `TIMEOUT_S` each): run it on the network lane.
"""

from __future__ import annotations

import socket
import ssl
from datetime import UTC, datetime
from urllib.parse import urlsplit

TIMEOUT_S = 3.0
MAX_CERT_BYTES = 64 * 1024


class TlsProbeError(Exception):
    """The certificate could not be read; the message says why, for the technician."""


def certificate_expiry(url: str, timeout: float = TIMEOUT_S) -> datetime | None:
    """When the certificate of the https server at `url` expires (UTC); None for http.

    Raises TlsProbeError when the URL is not usable, the server does not answer within
    `timeout`, the handshake fails or the certificate cannot be read.
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise TlsProbeError(f"not a URL: {e}") from None
    if parts.scheme.lower() == "http":
        return None
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise TlsProbeError("not an http:// or https:// URL with a host")
    host = parts.hostname
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False  # read-only: see the module's docstring
    context.verify_mode = ssl.CERT_NONE
    try:
        with (
            socket.create_connection((host, port or 443), timeout=timeout) as raw,
            context.wrap_socket(raw, server_hostname=host) as tls,
        ):
            der = tls.getpeercert(binary_form=True)
    except TimeoutError:
        raise TlsProbeError(f"{host}:{port or 443} did not answer within {timeout:g} s") from None
    except ssl.SSLError as e:
        raise TlsProbeError(f"TLS handshake with {host} failed: {e.reason or e}") from None
    except OSError as e:
        raise TlsProbeError(f"cannot connect to {host}:{port or 443}: {e.strerror or e}") from None
    if not der:
        raise TlsProbeError(f"{host} sent no certificate")
    return not_after(der)


def _element(data: bytes, at: int) -> tuple[int, int, int]:
    """The DER element at `at`: (tag, start of its content, end of its content)."""
    if at + 2 > len(data):
        raise TlsProbeError("certificate truncated")
    tag, length = data[at], data[at + 1]
    at += 2
    if length & 0x80:
        count = length & 0x7F
        if count == 0 or count > 4 or at + count > len(data):
            raise TlsProbeError("certificate has a bad length")
        length = int.from_bytes(data[at : at + count], "big")
        at += count
    if at + length > len(data):
        raise TlsProbeError("certificate truncated")
    return tag, at, at + length


_SEQUENCE, _EXPLICIT_0, _UTC_TIME, _GENERALIZED_TIME = 0x30, 0xA0, 0x17, 0x18


def not_after(der: bytes) -> datetime:
    """The `notAfter` of a DER X.509 certificate (RFC 5280, 4.1), as UTC."""
    if not der or len(der) > MAX_CERT_BYTES:
        raise TlsProbeError("not a certificate of a plausible size")
    tag, start, _ = _element(der, 0)  # Certificate
    if tag != _SEQUENCE:
        raise TlsProbeError("not a certificate")
    tag, at, _ = _element(der, start)  # TBSCertificate
    if tag != _SEQUENCE:
        raise TlsProbeError("not a certificate")
    # version [0] (optional), serialNumber, signature, issuer, then validity.
    tag, _, end = _element(der, at)
    if tag == _EXPLICIT_0:
        at = end
    for _ in range(3):
        _, _, at = _element(der, at)
    tag, validity, _ = _element(der, at)
    if tag != _SEQUENCE:
        raise TlsProbeError("certificate has no validity")
    _, _, at = _element(der, validity)  # notBefore
    tag, start, end = _element(der, at)
    return _time(tag, der[start:end])


def _time(tag: int, value: bytes) -> datetime:
    try:
        words = value.decode("ascii")
    except UnicodeDecodeError:
        raise TlsProbeError("certificate time is not text") from None
    if not words.endswith("Z") or not words[:-1].isdigit():
        raise TlsProbeError("certificate time is not in UTC")
    try:
        if tag == _UTC_TIME and len(words) == 13:  # YYMMDDHHMMSSZ, 1950-2049 (RFC 5280)
            year = int(words[:2])
            full = f"{1900 + year if year >= 50 else 2000 + year}{words[2:12]}"
        elif tag == _GENERALIZED_TIME and len(words) == 15:  # YYYYMMDDHHMMSSZ
            full = words[:14]
        else:
            raise TlsProbeError("certificate time has an unknown form")
        return datetime.strptime(full, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        raise TlsProbeError("certificate time is not a date") from None
