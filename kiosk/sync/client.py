"""HTTP to the hall's central server (docs/sync-protocol.md), with explicit timeouts.

Every failure becomes one of three exceptions, which decide what the worker does:
`Unreachable` and `ServerBusy` (try again later; the network or the server is down,
busy or failing), `AuthFault` (401/403: the terminal's token is wrong; a technician
must fix the configuration, meanwhile events are kept) and `ProtocolFault` (an answer
the terminal cannot use). One client is used by one thread: `requests.Session` is
not guaranteed to be thread-safe.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

from kiosk.config import CentralConfig
from kiosk.protocol import PROTOCOL_VERSION
from kiosk.sync.backoff import parse_retry_after

log = logging.getLogger(__name__)

API = "/api/v1"
# Connecting to a host on the hall's LAN takes milliseconds; a few seconds means it is
# not there. Just above a multiple of 3 s, the TCP SYN retransmission window.
CONNECT_TIMEOUT_S = 3.05


class SyncFault(Exception):
    """Something kept a request from succeeding; `str()` is for the technician."""


class Unreachable(SyncFault):
    """No answer: connection refused or reset, DNS, TLS, timeout."""


class ServerBusy(SyncFault):
    """The server answered 5xx or 429; `retry_after` is its minimum wait, if it said one."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


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
    ) -> None:
        if not config.url:
            raise ValueError("no central.url configured")
        self.base = config.url.rstrip("/") + API
        self.timeout = (
            min(connect_timeout_s, config.timeout_s),
            config.timeout_s if read_timeout_s is None else read_timeout_s,
        )
        self.clock = clock
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {config.token}"
        self.session.headers["User-Agent"] = "declaration-kiosk"
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
        body = self._json(self._call("POST", "/events", json=batch))
        results = body.get("results")
        if not isinstance(results, list):
            raise ProtocolFault("events answer without a results list")
        return results

    def post_json(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        return self._json(self._call("POST", path, json=payload))

    def get(
        self, path: str, *, etag: str | None = None, params: Mapping[str, Any] | None = None
    ) -> Fetched:
        """GET with If-None-Match: 304 and 404 come back with no body."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._call("GET", path, headers=headers, params=params, allow=(304, 404))
        if response.status_code in (304, 404):
            return Fetched(response.status_code, response.headers.get("ETag"), None)
        return Fetched(response.status_code, response.headers.get("ETag"), self._json(response))

    def _call(
        self,
        method: str,
        path: str,
        *,
        allow: tuple[int, ...] = (),
        **kwargs: Any,
    ) -> requests.Response:
        url = self.base + path
        try:
            response = self.session.request(method, url, timeout=self.timeout, **kwargs)
        except requests.Timeout as e:
            raise Unreachable(f"{method} {path}: timed out ({type(e).__name__})") from e
        except requests.RequestException as e:
            raise Unreachable(f"{method} {path}: {type(e).__name__}: {_short(e)}") from e
        status = response.status_code
        if 200 <= status < 300 or status in allow:
            return response
        detail = _detail(response)
        if status in (401, 403):
            raise AuthFault(f"{method} {path}: {status} {detail} (check central.token)")
        if status == 429 or status >= 500:
            wait = None
            if status in (429, 503):
                wait = parse_retry_after(response.headers.get("Retry-After"), self.clock())
            raise ServerBusy(f"{method} {path}: {status} {detail}", wait)
        raise ProtocolFault(f"{method} {path}: {status} {detail}")

    @staticmethod
    def _json(response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError as e:
            raise ProtocolFault(f"{response.request.method} {response.url}: not JSON") from e
        if not isinstance(body, dict):
            raise ProtocolFault(f"{response.request.method} {response.url}: not a JSON object")
        return body


def _short(e: Exception) -> str:
    text = str(e)
    return text if len(text) <= 200 else text[:197] + "..."


def _detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason or ""
    if isinstance(body, dict) and "detail" in body:
        return _short(Exception(str(body["detail"])))
    return response.reason or ""


__all__ = [
    "AuthFault",
    "CentralClient",
    "Fetched",
    "ProtocolFault",
    "ServerBusy",
    "SyncFault",
    "Unreachable",
    "utc_now",
]
