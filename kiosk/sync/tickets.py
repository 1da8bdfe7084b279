"""Hall-wide ticket numbers from the central server (`POST /api/v1/tickets`).

The applicant is standing at the terminal: the server gets about three seconds, and
any failure at all gives None, so `Declarations.issue_ticket` uses the terminal's own
offline number (``A07-001``) instead. Asking again for the same declaration reference
gives the same number, so an answer lost on the way leaves no gap in the hall's series.
"""

from __future__ import annotations

import logging
import threading
from datetime import date

from kiosk.config import CentralConfig
from kiosk.sync.client import CentralClient, SyncFault
from kiosk.tickets import CentralTicket, TicketRequest

log = logging.getLogger(__name__)

TICKET_TIMEOUT_S = 3.0


class HttpTicketSource:
    """A `QueueTicketSource` backed by the central server; safe to call from any thread."""

    def __init__(self, config: CentralConfig, *, timeout_s: float = TICKET_TIMEOUT_S) -> None:
        self._client = (
            CentralClient(config, connect_timeout_s=min(1.5, timeout_s), read_timeout_s=timeout_s)
            if config.url
            else None
        )
        # One requests.Session, used by one thread at a time.
        self._lock = threading.Lock()

    def allocate(self, series: str, day: date, terminal: int) -> str | None:
        """Always None: without a declaration reference a request could not be retried safely."""
        return None

    def request(self, ticket: TicketRequest) -> CentralTicket | None:
        if self._client is None:
            return None
        body = {
            "terminal": ticket.terminal,
            "reference": ticket.reference,
            "series": ticket.series,
            "day": ticket.day.isoformat(),
            "counters": list(ticket.counters),
        }
        if ticket.appointment is not None:
            body["appointment"] = ticket.appointment
        try:
            with self._lock:
                answer = self._client.post_json("/tickets", body)
        except SyncFault as e:
            log.warning("no central ticket for %s: %s", ticket.reference, e)
            return None
        except Exception:  # whatever it is, the applicant still gets an offline ticket
            log.exception("no central ticket for %s", ticket.reference)
            return None
        number, ahead = answer.get("number"), answer.get("ahead")
        if not isinstance(number, str):
            log.warning("central ticket answer without a number: %r", answer)
            return None
        if isinstance(ahead, bool) or not isinstance(ahead, int) or ahead < 0:
            ahead = None
        return CentralTicket(number, ahead)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
