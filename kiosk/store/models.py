"""The local store's tables (SQLAlchemy 2 typed models).

Every business row that the central server must learn about is written in the same
transaction as its outbox event (see `outbox.py`), so an event is never lost or sent
for a row that was rolled back.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out (SQLite keeps no time zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("the store only takes time-zone-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Base of the store's tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: UTCDateTime,
    }


class Declaration(Base):
    """A submitted declaration (申报): the answers and material checklist for an item."""

    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    terminal: Mapped[int]
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    catalog_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict[str, Any]]
    materials: Mapped[dict[str, Any]]
    submitted_at: Mapped[datetime]
    # The latest pre-review outcome, denormalised for counting and lookup.
    outcome: Mapped[str] = mapped_column(String(32))
    commitment_accepted_at: Mapped[datetime | None]
    # The 容缺 commitment's signer (kiosk.committer) and their signature (kiosk.signature's
    # to_dict form), set with commitment_accepted_at and cleared with it on a resubmission.
    committer_name: Mapped[str | None] = mapped_column(String(64))
    committer_for: Mapped[str | None] = mapped_column(String(64))
    commitment_signature: Mapped[dict[str, Any] | None]
    # Made with the attendant's help (帮办, kiosk.staff): the account's username and the
    # name shown, and when it was marked; None for an applicant alone.
    assisted_by: Mapped[str | None] = mapped_column(String(64))
    assisted_by_name: Mapped[str | None] = mapped_column(String(64))
    assisted_at: Mapped[datetime | None]
    # 好差评 (kiosk.ratings): the level the applicant gave and when; None until rated.
    # One rating per declaration; the aspects and the applicant's words go only to the
    # central server (the rating.given event).
    rating: Mapped[str | None] = mapped_column(String(24))
    rated_at: Mapped[datetime | None]
    # 网格化零跑代办 (kiosk.proxy): the grid leader who declared for the resident (username,
    # name), the authorisation's reference and its last valid day; None otherwise.
    proxy_by: Mapped[str | None] = mapped_column(String(64))
    proxy_by_name: Mapped[str | None] = mapped_column(String(64))
    proxy_authorisation: Mapped[str | None] = mapped_column(String(40))
    proxy_valid_until: Mapped[date | None] = mapped_column(Date)
    # How the certificate reaches the applicant (kiosk.mail_requests): "mail" (the
    # address in `mailings`), "grid_leader" (brought by the grid leader), None: the counter.
    delivery: Mapped[str | None] = mapped_column(String(16))
    # 星期六办事预约: the booking code checked in on time for this declaration, whose
    # ticket is then of the appointment series (kiosk.tickets.APPOINTMENT_SERIES).
    appointment: Mapped[str | None] = mapped_column(String(8))

    reviews: Mapped[list[PrereviewRecord]] = relationship(
        back_populates="declaration", order_by="PrereviewRecord.id"
    )
    ticket: Mapped[Ticket | None] = relationship(back_populates="declaration")


class PrereviewRecord(Base):
    """One pre-review of a declaration (a declaration fixed and resubmitted has several)."""

    __tablename__ = "prereview_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    outcome: Mapped[str] = mapped_column(String(32))
    result: Mapped[dict[str, Any]]
    reviewed_at: Mapped[datetime]

    declaration: Mapped[Declaration] = relationship(back_populates="reviews")


class MailingRequest(Base):
    """证照免费邮寄 (kiosk.mail_requests): where the declaration's certificate is mailed;
    no row: collected at the counter."""

    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), unique=True)
    recipient: Mapped[str] = mapped_column(String(64))
    mobile: Mapped[str] = mapped_column(String(16))
    division: Mapped[str] = mapped_column(String(6))  # GB/T 2260 district code
    province: Mapped[str] = mapped_column(String(32))
    city: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32))
    street: Mapped[str] = mapped_column(String(120))
    postcode: Mapped[str] = mapped_column(String(6))
    requested_at: Mapped[datetime]


class Ticket(Base):
    """A queue ticket, issued only after pre-review passed."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("day", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), unique=True)
    number: Mapped[str] = mapped_column(String(16))
    day: Mapped[date] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(1))
    source: Mapped[str] = mapped_column(String(8))  # "central" or "local" (offline fallback)
    counters: Mapped[list[Any]]
    issued_at: Mapped[datetime]
    print_count: Mapped[int] = mapped_column(default=0)
    last_print_status: Mapped[str | None] = mapped_column(String(32))
    last_printed_at: Mapped[datetime | None]
    # Tickets waiting before this one at its counters, as the central server said when it
    # gave the number; None for an offline number (the ticket prints "—").
    ahead: Mapped[int | None]

    declaration: Mapped[Declaration] = relationship(back_populates="ticket")


class HelpRequest(Base):
    """An applicant's call for the guidance attendant (面对面 help)."""

    __tablename__ = "help_requests"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal: Mapped[int]
    state: Mapped[str] = mapped_column(String(16))  # open, cancelled, acknowledged, resolved
    context: Mapped[dict[str, Any]]
    requested_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]


class OutboxEvent(Base):
    """An event for the central server; its id is the idempotency key."""

    __tablename__ = "outbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(48))
    payload: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(8), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    # Retry schedule kept in the row so that it survives restarts.
    next_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]


class SyncState(Base):
    """Small values the sync worker keeps across restarts (e.g. the help-call cursor)."""

    __tablename__ = "sync_state"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEntry(Base):
    """Who did what at this terminal; details are masked before they are written."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]


class Sequence(Base):
    """Named counters: reference numbers and offline ticket numbers, per day."""

    __tablename__ = "sequences"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class StaffAccount(Base):
    """A staff account downloaded from the central server (GET /staff), for signing in
    offline: the PIN only as its slow hash (kiosk.pins's format, the hall's one salt)."""

    __tablename__ = "staff_accounts"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(255))


class StaffPad(Base):
    """The PIN pad's lock (one row, id 1): wrong PINs in a row, the current lock's end
    and length, and how many locks in a row (each one longer). Kept in the store so that
    a restart does not reopen a locked pad."""

    __tablename__ = "staff_pad"

    id: Mapped[int] = mapped_column(primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    lockouts: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    lock_s: Mapped[int] = mapped_column(default=0)  # the current (or last) lock's length


class OutOfServiceState(Base):
    """The terminal is out of service (暂停服务) since `since` (one row, id 1; none when
    in service): it stays so across a restart until staff put it back."""

    __tablename__ = "out_of_service"

    id: Mapped[int] = mapped_column(primary_key=True)
    reason: Mapped[str] = mapped_column(String(64))
    staff: Mapped[str] = mapped_column(String(64))  # the account's username
    staff_name: Mapped[str] = mapped_column(String(64))
    since: Mapped[datetime]
