"""HTTP to the hall's central server (docs/sync-protocol.md), with explicit timeouts.

Every failure becomes one of three exceptions, which decide what the worker does:
`Unreachable` and `ServerBusy` (try again later; the network or the server is down,
busy or failing), `AuthFault` (401/403: the terminal's token is wrong; a technician
must fix the configuration, meanwhile events are kept) and `ProtocolFault` (an answer
the terminal cannot use). One client is used by one thread: `requests.Session` is
not guaranteed to be thread-safe.

Every answer the server gives (any status) is one contact for the terminal's `Link`
(kiosk.sync.link), when the client was given one: the round trip up to the answer's
headers, and the server's clock from its `Date` header.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from kiosk.config import CentralConfig
from kiosk.protocol import PROTOCOL_VERSION
from kiosk.sync.backoff import parse_retry_after
from kiosk.sync.link import Link

log = logging.getLogger(__name__)

API = "/api/v1"
# Connecting to a host on the hall's LAN takes milliseconds; a few seconds means it is
# not there. Just above a multiple of 3 s, the TCP SYN retransmission window.
CONNECT_TIMEOUT_S = 3.05
# Size limits of what the terminal reads from the server: a few times the largest real
# answer (the bundled catalog is ~100 kB; a batch's results ~60 kB for 500 events).
MAX_CATALOG_BYTES = 4 * 1024 * 1024
MAX_JSON_BYTES = 1024 * 1024  # events' results, help calls, tickets, the calendar
MAX_ERROR_BYTES = 64 * 1024  # an error's body: its detail only
MAX_ETAG_CHARS = 128  # sent back in If-None-Match and kept on disk
CHUNK_BYTES = 64 * 1024
# What requests usually wraps, should a hostile answer get one through unwrapped.
_TRANSPORT_ERRORS = (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)


class SyncFault(Exception):
    """Something kept a request from succeeding; `str()` is for the technician."""


class Unreachable(SyncFault):
    """No answer: connection refused or reset, DNS, TLS, timeout."""


class ServerBusy(SyncFault):
    """The server answered 5xx or 429 (`status`, when it answered); `retry_after` is its
    minimum wait, if it said one."""

    def __init__(
        self, message: str, retry_after: float | None = None, status: int | None = None
    ) -> None:
        super().__init__(message)
        self.retry_after, self.status = retry_after, status


class AuthFault(SyncFault):
    """401/403: the token is missing, unknown, revoked, or not this terminal's."""


class ProtocolFault(SyncFault):
    """An answer the terminal cannot use (an unexpected status, not the agreed JSON)."""


@dataclass(frozen=True)
class Fetched:
    """A GET answer: `body` is None for 304 Not Modified and for 404."""

    status: int
    etag: str | None
    body: dict[str, Any] | None


def utc_now() -> datetime:
    return datetime.now(UTC)


class CentralClient:
    """One thread's connection to the central server."""

    def __init__(
        self,
        config: CentralConfig,
        *,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        read_timeout_s: float | None = None,
        clock: Callable[[], datetime] = utc_now,
        link: Link | None = None,
    ) -> None:
        if not config.url:
            raise ValueError("no central.url configured")
        self.base = config.url.rstrip("/") + API
        self.timeout = (
            min(connect_timeout_s, config.timeout_s),
            config.timeout_s if read_timeout_s is None else read_timeout_s,
        )
        # The read timeout bounds each wait for a byte; this bounds the whole answer, so
        # a server dripping a byte at a time cannot hold the lane (plus one last read).
        self.deadline_s = self.timeout[0] + self.timeout[1]
        self.clock = clock
        self.link = link
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {config.token}"
        self.session.headers["User-Agent"] = "declaration-kiosk"
        # Uncompressed on the hall's LAN: the size limits count the bytes as they arrive,
        # and a small compressed answer cannot unpack into gigabytes.
        self.session.headers["Accept-Encoding"] = "identity"
        # A watchdog ends a request still running at its deadline (a server dripping its
        # headers a byte at a time would keep every read within the read timeout).
        self.session.mount("http://", _DeadlineAdapter())
        self.session.mount("https://", _DeadlineAdapter())
        # TLS is verified always: with the hall's CA when one is configured.
        self.session.verify = str(config.ca_bundle) if config.ca_bundle else True
        # Requests honours proxy variables from the environment; a kiosk talks to its hall.
        self.session.trust_env = False

    def close(self) -> None:
        self.session.close()

    def post_events(self, terminal: int, events: Sequence[Mapping[str, Any]]) -> list[Any]:
        """POST a batch, with the protocol version its kinds belong to; return the server's
        `results` list (one per event)."""
        batch = {"terminal": terminal, "protocol": PROTOCOL_VERSION, "events": events}
        body = self._call("POST", "/events", json=batch).json()
        results = body.get("results")
        if not isinstance(results, list):
            raise ProtocolFault("POST /events: answer without a results list")
        return results

    def post_json(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        return self._call("POST", path, json=payload).json()

    def post_or_404(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any] | None:
        """POST, with 404 an answer (None) rather than a fault: a lookup that found nothing."""
        answer = self._call("POST", path, json=payload, allow=(404,))
        return None if answer.status == 404 else answer.json()

    def post_refusable(
        self, path: str, payload: Mapping[str, Any], refusals: tuple[int, ...]
    ) -> tuple[int, Any]:
        """POST, with the statuses `refusals` answers too: (status, its JSON body) rather
        than a fault, for a route whose refusals say why in their body (e.g. a 409's
        `reason`). A refusal's body that is not JSON is a fault like any other answer."""
        answer = self._call("POST", path, json=payload, allow=refusals, read=refusals)
        return answer.status, answer.json()

    def get(
        self,
        path: str,
        *,
        etag: str | None = None,
        params: Mapping[str, Any] | None = None,
        max_bytes: int = MAX_JSON_BYTES,
    ) -> Fetched:
        """GET with If-None-Match: 304 and 404 come back with no body. An answer over
        `max_bytes` is refused (ProtocolFault) without being read further."""
        headers = {"If-None-Match": etag} if etag else {}
        answer = self._call(
            "GET", path, headers=headers, params=params, allow=(304, 404), max_bytes=max_bytes
        )
        tag = _etag(answer.headers.get("ETag"))
        if answer.status in (304, 404):
            return Fetched(answer.status, tag, None)
        return Fetched(answer.status, tag, answer.json())

    def _call(
        self,
        method: str,
        path: str,
        *,
        allow: tuple[int, ...] = (),
        read: tuple[int, ...] = (),
        max_bytes: int = MAX_JSON_BYTES,
        **kwargs: Any,
    ) -> _Answer:
        url = self.base + path
        started = time.monotonic()
        watchdog = _Watchdog(self.deadline_s)
        try:
            return self._exchange(method, path, url, allow, read, max_bytes, started, kwargs)
        except SyncFault as e:
            if watchdog.fired:
                raise Unreachable(
                    f"{method} {path}: no complete answer within {self.deadline_s:.1f} s"
                ) from e
            raise
        finally:
            watchdog.cancel()

    def _exchange(
        self,
        method: str,
        path: str,
        url: str,
        allow: tuple[int, ...],
        read: tuple[int, ...],
        max_bytes: int,
        started: float,
        kwargs: dict[str, Any],
    ) -> _Answer:
        try:
            # Streamed: the body is read here, counted and cut off at its limit.
            response = self.session.request(
                method, url, timeout=self.timeout, stream=True, **kwargs
            )
        except requests.Timeout as e:
            raise Unreachable(f"{method} {path}: timed out ({type(e).__name__})") from _bare(e)
        except (*_TRANSPORT_ERRORS, requests.RequestException) as e:
            message = f"{method} {path}: {type(e).__name__}: {_short(e)}"
            raise Unreachable(message) from _bare(e)
        if self.link is not None:
            self._contact(response, started)
        with response:
            status = response.status_code
            ok = 200 <= status < 300 or status in allow
            # Only a 2xx answer's body is used (and a refusal's the caller `read`s): of an
            # error, a 304 or a 404, a little is read for its detail, and one over that is
            # just not read.
            used = ok and (status not in (304, 404) or status in read)
            try:
                body = self._read(
                    response, method, path, max_bytes if used else MAX_ERROR_BYTES, started
                )
            except ProtocolFault:
                if used:
                    raise
                body = b""
            answer = _Answer(method, path, status, response.headers, body)
        if ok:
            return answer
        detail = answer.detail(response.reason or "")
        if status in (401, 403):
            raise AuthFault(f"{method} {path}: {status} {detail} (check central.token)")
        if status == 429 or status >= 500:
            wait = None
            if status in (429, 503):
                wait = parse_retry_after(response.headers.get("Retry-After"), self.clock())
            raise ServerBusy(f"{method} {path}: {status} {detail}", wait, status)
        raise ProtocolFault(f"{method} {path}: {status} {detail}")

    def _contact(self, response: requests.Response, started: float) -> None:
        """The server answered: its round trip and its clock, for the link's figures."""
        assert self.link is not None
        try:
            self.link.record(time.monotonic() - started, response.headers.get("Date"), self.clock())
        except Exception:  # the figures are for show: never a reason to fail a request
            log.exception("recording the link's figures")

    def _read(
        self, response: requests.Response, method: str, path: str, limit: int, started: float
    ) -> bytes:
        """The whole body, at most `limit` bytes and `deadline_s` seconds, else a fault."""
        encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise ProtocolFault(f"{method} {path}: a {encoding!r}-encoded answer, not asked for")
        declared = response.headers.get("Content-Length", "").strip()
        # More digits than any limit has (and than int() takes): refused unread too.
        if declared.isdigit() and (len(declared) > 15 or int(declared) > limit):
            raise ProtocolFault(
                f"{method} {path}: answer of {_short(Exception(declared))} bytes refused "
                f"(at most {limit} bytes)"
            )
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(CHUNK_BYTES):
                size += len(chunk)
                if size > limit:
                    raise ProtocolFault(
                        f"{method} {path}: answer over {limit} bytes refused "
                        f"(at most {limit} bytes)"
                    )
                if time.monotonic() - started > self.deadline_s:
                    raise Unreachable(
                        f"{method} {path}: no complete answer within {self.deadline_s:.1f} s"
                    )
                chunks.append(chunk)
        except (*_TRANSPORT_ERRORS, requests.RequestException) as e:
            raise Unreachable(f"{method} {path}: {type(e).__name__}: {_short(e)}") from e
        return b"".join(chunks)


@dataclass(frozen=True)
class _Answer:
    method: str
    path: str
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> dict[str, Any]:
        """The body as a JSON object, or ProtocolFault saying what is wrong with it."""
        where = f"{self.method} {self.path}"
        try:
            data = json.loads(self.body.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise ProtocolFault(f"{where}: answer is not UTF-8 ({e.reason})") from None
        except RecursionError:
            raise ProtocolFault(f"{where}: answer nested too deep to read") from None
        except ValueError as e:
            raise ProtocolFault(f"{where}: not JSON ({_short(e)})") from None
        if not isinstance(data, dict):
            raise ProtocolFault(f"{where}: not a JSON object")
        return data

    def detail(self, default: str) -> str:
        try:
            body = self.json()
        except ProtocolFault:
            return _short(Exception(default))
        if "detail" in body:
            return _short(Exception(str(body["detail"])))
        return _short(Exception(default))


class _Watchdog:
    """Shuts the socket of this thread's request down once `seconds` have passed."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self.connection: HTTPConnection | None = None  # set as the request is sent
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        _CURRENT.watchdog = self
        self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            sock = None if self.connection is None else self.connection.sock
            if sock is None or self._timer.finished.is_set():
                return
            self.fired = True
            with contextlib.suppress(OSError):  # the blocked read returns: the request fails
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        with self._lock:
            self._timer.cancel()
        if getattr(_CURRENT, "watchdog", None) is self:
            _CURRENT.watchdog = None


class _Current(threading.local):
    watchdog: _Watchdog | None = None


_CURRENT = _Current()  # each client is used by one thread: its request's watchdog


class _Watched:
    """Mixed into urllib3's connections: the request being sent is its watchdog's."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        watchdog = _CURRENT.watchdog
        if watchdog is not None:
            watchdog.connection = self  # type: ignore[assignment]
        super().request(*args, **kwargs)  # type: ignore[misc]


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


class _DeadlineAdapter(HTTPAdapter):
    """requests' adapter with connections the watchdog can end."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        # PoolManager keeps its pool classes per instance so that they can be replaced.
        self.poolmanager.pool_classes_by_scheme = {
            "http": _WatchedHTTPPool,
            "https": _WatchedHTTPSPool,
        }


def _etag(value: str | None) -> str | None:
    """The server's ETag if it is a plausible one (printable ASCII, short), else None."""
    if value is None or not 0 < len(value) <= MAX_ETAG_CHARS:
        return None
    if not all(" " < c <= "~" for c in value):
        return None
    return value


def _bare(error: BaseException) -> BaseException:
    """`error` and the errors it came from without their tracebacks: their frames hold
    the failed connection's socket (a refused TLS handshake's, say), which would then
    wait for the cycle collector to be closed, far from here, rather than go now."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return error


def _short(e: Exception) -> str:
    text = str(e)
    return text if len(text) <= 200 else text[:197] + "..."


__all__ = [
    "MAX_CATALOG_BYTES",
    "MAX_JSON_BYTES",
    "AuthFault",
    "CentralClient",
    "Fetched",
    "ProtocolFault",
    "ServerBusy",
    "SyncFault",
    "Unreachable",
    "utc_now",
]
