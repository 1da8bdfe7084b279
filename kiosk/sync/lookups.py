"""Live lookups at the central server for an applicant standing at the terminal.

`ProgressSource.ask` runs on the network lane: the server gets a few seconds, as for a
ticket number. Its outcomes: the server's answer checked (kiosk.progress), None for
"not found" (404: an unknown reference and a wrong pair alike), or a SyncFault the
terminal answers from its own store (unreachable, busy, a misbehaving server).
"""

from __future__ import annotations

import threading

from kiosk.card_lookup import CardQuery, from_card_answer
from kiosk.config import CentralConfig
from kiosk.progress import BadAnswer, Progress, Query, from_answer
from kiosk.sync.client import CentralClient, ProtocolFault

LOOKUP_TIMEOUT_S = 4.0


class ProgressSource:
    """POST /api/v1/progress; safe to call from any thread (one request at a time)."""

    def __init__(self, config: CentralConfig, *, timeout_s: float = LOOKUP_TIMEOUT_S) -> None:
        self._client = (
            CentralClient(config, connect_timeout_s=min(1.5, timeout_s), read_timeout_s=timeout_s)
            if config.url
            else None
        )
        self._lock = threading.Lock()  # one requests.Session, one thread at a time

    @property
    def configured(self) -> bool:
        return self._client is not None

    def ask(self, query: Query) -> Progress | None:
        """The declaration's progress, None when the server knows no such pair; SyncFault
        (Unreachable, ServerBusy, ProtocolFault...) when it cannot say."""
        if self._client is None:
            raise ProtocolFault("no central server configured")
        with self._lock:
            data = self._client.post_or_404("/progress", query.body())
        if data is None:
            return None
        try:
            return from_answer(data, query)
        except BadAnswer as e:
            raise ProtocolFault(str(e)) from None

    def ask_card(self, query: CardQuery) -> tuple[Progress, ...]:
        """The card holder's declarations (POST /progress/by-id-card), () when none;
        SyncFault when the server cannot say."""
        if self._client is None:
            raise ProtocolFault("no central server configured")
        with self._lock:
            data = self._client.post_or_404("/progress/by-id-card", query.body())
        if data is None:
            return ()
        try:
            return from_card_answer(data)
        except BadAnswer as e:
            raise ProtocolFault(str(e)) from None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
