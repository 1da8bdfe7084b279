"""证照免费邮寄 at the terminal: the mailing address of a declaration's certificate, kept
with the declaration and sent to the central server (mailing.requested), or taken back
(collected at the counter after all).

The address is checked where it enters (kiosk.mailing.MailingAddress.of); here it is
stored and queued in one transaction. Never logged: the log names the reference only.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select

from kiosk.mailing import MailingAddress
from kiosk.protocol import payload
from kiosk.store.database import Store
from kiosk.store.models import Declaration, MailingRequest
from kiosk.store.outbox import add_event

log = logging.getLogger(__name__)

MAIL, GRID_LEADER = "mail", "grid_leader"  # declarations.delivery; None: at the counter


class UnknownDeclaration(LookupError):
    """No declaration with this reference in the terminal's store."""


class MailRequests:
    """Mailing addresses of this terminal's declarations."""

    def __init__(self, store: Store, terminal: int, clock: Callable[[], datetime]) -> None:
        self.store, self.terminal, self.clock = store, terminal, clock

    def request(
        self, reference: str, address: MailingAddress | None, *, grid_leader: bool = False
    ) -> datetime:
        """Mail the certificate to `address`, or (None) collect it at the counter, or
        (None, `grid_leader`) have the grid leader who declared bring it; the event either
        way (the server keeps the latest). The time it was recorded."""
        now = self.clock()
        with self.store.transaction() as s:
            decl = s.scalar(select(Declaration).where(Declaration.reference == reference))
            if decl is None:
                raise UnknownDeclaration(reference)
            row = s.scalar(select(MailingRequest).where(MailingRequest.declaration_id == decl.id))
            if address is None:
                if row is not None:
                    s.delete(row)
                fields: dict[str, object] = {"mail": False, "grid_leader": grid_leader}
            else:
                if row is None:
                    row = MailingRequest(declaration_id=decl.id)
                    s.add(row)
                for name, value in address.payload_fields().items():
                    setattr(row, name, value)
                row.requested_at = now
                fields = {"mail": True, **address.payload_fields()}
            decl.delivery = MAIL if address else GRID_LEADER if grid_leader else None
            add_event(
                s,
                "mailing.requested",
                payload(
                    "mailing.requested",
                    reference=reference,
                    terminal=self.terminal,
                    at=now,
                    **fields,
                ),
                now,
            )
        how = "mailed" if address else "by the grid leader" if grid_leader else "at the counter"
        log.info("declaration %s: the certificate %s", reference, how)
        return now

    def delivery(self, reference: str) -> str | None:
        """How the certificate reaches the applicant: "mail", "grid_leader", or None (at
        the counter)."""
        with self.store.session() as s:
            how: str | None = s.scalar(
                select(Declaration.delivery).where(Declaration.reference == reference)
            )
            return how

    def current(self, reference: str) -> MailingAddress | None:
        """Where `reference`'s certificate is mailed; None: collected at the counter."""
        with self.store.session() as s:
            row = s.scalar(
                select(MailingRequest)
                .join(Declaration, Declaration.id == MailingRequest.declaration_id)
                .where(Declaration.reference == reference)
            )
            if row is None:
                return None
            return MailingAddress(
                recipient=row.recipient,
                mobile=row.mobile,
                division=row.division,
                province=row.province,
                city=row.city,
                district=row.district,
                street=row.street,
                postcode=row.postcode,
            )
