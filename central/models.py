"""The central server's tables (SQLAlchemy 2 typed models), for SQLite and PostgreSQL.

What the terminals send is kept twice on purpose: every event as it came (`events`, whose
primary key is the event id, so an event is stored once), and the state it changes
(declarations, tickets, help calls, terminal health), written in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kiosk.store.models import UTCDateTime


class Base(DeclarativeBase):
    """Base of the central server's tables."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: UTCDateTime,
        date: Date,
    }


class ApiClient(Base):
    """Who may call `/api/v1`: a terminal (by its number) or a counter's system."""

    __tablename__ = "api_clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # "terminal" or "counter"
    terminal_number: Mapped[int | None] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256, hex
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class Terminal(Base):
    """A terminal's health, as its latest heartbeat and events told."""

    __tablename__ = "terminals"

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last_seen_at: Mapped[datetime | None]
    app_version: Mapped[str | None] = mapped_column(String(32))
    catalog_version: Mapped[str | None] = mapped_column(String(32))
    calendar_version: Mapped[str | None] = mapped_column(String(32))
    printer_status: Mapped[str | None] = mapped_column(String(32))
    outbox_depth: Mapped[int | None]
    oldest_pending_age_s: Mapped[float | None]
    # The latest terminal.mode event (its `at` decides which is the latest: events can
    # arrive out of order) and the protocol version of the terminal's last batch.
    mode: Mapped[str | None] = mapped_column(String(16))
    mode_reason: Mapped[str | None] = mapped_column(String(64))
    mode_at: Mapped[datetime | None]
    protocol: Mapped[int | None]
    # Protocol 4: the diagnostics' figures of the latest heartbeat (None: not told).
    store_schema: Mapped[str | None] = mapped_column(String(32))
    dead_letters: Mapped[int | None]
    clock_drift_s: Mapped[float | None]  # the terminal's clock minus the server's
    round_trip_ms: Mapped[float | None]
    tls_expires_at: Mapped[datetime | None]
    printer_detail: Mapped[str | None] = mapped_column(String(64))
    a4_status: Mapped[str | None] = mapped_column(String(32))
    disk_free_mb: Mapped[float | None]
    store_mb: Mapped[float | None]
    memory_mb: Mapped[float | None]
    uptime_s: Mapped[float | None]
    restarts: Mapped[int | None]
    last_crash_at: Mapped[datetime | None]
    screen: Mapped[str | None] = mapped_column(String(32))
    # Protocol 6: the devices' states of the latest heartbeat (None: not told; "none":
    # the device is not configured), as the terminal worded them.
    id_card_status: Mapped[str | None] = mapped_column(String(32))
    scanner_status: Mapped[str | None] = mapped_column(String(32))
    signal_light_status: Mapped[str | None] = mapped_column(String(32))
    # The PIN pad's lock (staff.action pin_locked) and the latest staff sign-in there,
    # by the terminal's times: a sign-in after the lock ends the dashboard's alert.
    pin_locked_at: Mapped[datetime | None]
    pin_locked_until: Mapped[datetime | None]
    staff_signed_in_at: Mapped[datetime | None]


class Event(Base):
    """An event as a terminal sent it; the id is the terminal's idempotency key."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_kind_created", "kind", "created_at"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(48))
    created_at: Mapped[datetime]
    received_at: Mapped[datetime]
    payload: Mapped[dict[str, Any]]


class Declaration(Base):
    """A declaration submitted at a terminal, and where the counters have taken it."""

    __tablename__ = "declarations"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    terminal: Mapped[int]
    item_id: Mapped[str] = mapped_column(String(64), index=True)
    catalog_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    answers: Mapped[dict[str, Any]]  # kept for the counters; never shown on the dashboard
    materials: Mapped[dict[str, Any]]
    submitted_at: Mapped[datetime] = mapped_column(index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))  # the latest pre-review
    commitment_accepted_at: Mapped[datetime | None]
    # The signed 容缺 commitment (protocol 3), kept for the counter: who committed, for
    # whom when an agent signed, and the signature (kiosk.signature's to_dict form).
    committer: Mapped[str | None] = mapped_column(String(64))
    committer_for: Mapped[str | None] = mapped_column(String(64))
    commitment_signature: Mapped[dict[str, Any] | None]
    status: Mapped[str] = mapped_column(String(16))  # submitted, received, processing, ...
    updated_at: Mapped[datetime]
    # Protocol 4: made with the attendant's help (assist mode, 帮办): their username and
    # the name shown; None for a declaration the applicant made alone.
    assisted_by: Mapped[str | None] = mapped_column(String(64))
    assisted_by_name: Mapped[str | None] = mapped_column(String(64))
    # Protocol 5: declared by a grid leader for a resident (网格化零跑代办): their username
    # and name, and the 委托代办授权书's reference and last valid day; None otherwise.
    proxy_by: Mapped[str | None] = mapped_column(String(64))
    proxy_by_name: Mapped[str | None] = mapped_column(String(64))
    proxy_authorisation: Mapped[str | None] = mapped_column(String(40))
    proxy_valid_until: Mapped[date | None]
    # The 容缺 materials still owed, from the latest pre-review (central.progress.owed_of:
    # [{"id", "name": {"zh", "en"}, "due_date"}]), for the progress lookup; None before
    # schema 0007 filled it, or while no pre-review result has come.
    owed: Mapped[list[Any] | None]


class ApprovalState(Base):
    """Where one approval of a 联办 declaration stands at its own counters
    (central.approvals): submitted, received, completed or returned. A row is made when
    a counter first acts on the approval; none means submitted."""

    __tablename__ = "approval_states"
    __table_args__ = (UniqueConstraint("declaration_id", "approval_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    approval_id: Mapped[str] = mapped_column(String(64))  # the catalog's Approval.id
    status: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(64))  # "counter 3 · zhang"
    note: Mapped[str] = mapped_column(Text, default="")


class DeclarationView(Base):
    """The audit of the counters' views of a declaration's answers: every opening, and
    every refusal (a clerk whose counter does not serve the item), kept for the hall."""

    __tablename__ = "declaration_views"
    __table_args__ = (Index("ix_declaration_views_reference_at", "reference", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32))  # as asked, known or not
    staff: Mapped[str] = mapped_column(String(64))  # the clerk's username
    counter: Mapped[int | None]
    via: Mapped[str] = mapped_column(String(16))  # call, scan, typed
    allowed: Mapped[bool]
    at: Mapped[datetime] = mapped_column(index=True)


class DeclarationHolder(Base):
    """Who a declaration is about: one row per resident ID number among its answers, as
    its key (central.holders), for the progress lookup by ID card. A declaration
    submitted again has its latest answers' rows."""

    __tablename__ = "declaration_holders"
    __table_args__ = (Index("ix_declaration_holders_holder", "holder"),)

    reference: Mapped[str] = mapped_column(
        String(32), ForeignKey("declarations.reference"), primary_key=True
    )
    holder: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256, hex


class StatusChange(Base):
    """One move of a declaration through its statuses (its history)."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    by: Mapped[str] = mapped_column(String(64))  # "terminal 7", "counter 3", "staff zhang"
    note: Mapped[str] = mapped_column(Text, default="")


class WaitingEvent(Base):
    """An accepted event whose declaration, ticket or help call has not arrived yet.

    A terminal's events can reach the server out of order (a batch lost and resent after
    later ones): rejecting them would lose them, so they wait here, keyed by what they
    need ("declaration:<reference>", "ticket:<reference>", "help:<id>"), and are applied
    in the transaction that stores it.
    """

    __tablename__ = "waiting_events"

    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("events.id"), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), index=True)


class KeptEvent(Base):
    """An accepted event this server could not read when it came, kept to apply later.

    Its kind was unknown here (a terminal upgraded before its server), or its batch spoke
    a newer protocol than the server's and the server's older model refused the payload.
    Rejecting it would dead-letter it on the terminal; it is stored in `events`, answered
    "accepted", and applied once by a server that knows it (at its start:
    central.api.events.apply_kept_events).
    """

    __tablename__ = "kept_events"

    # Arrival order: kept events are applied in the order they came.
    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(36), ForeignKey("events.id"), unique=True)
    protocol: Mapped[int]  # the version its batch spoke
    checked_at: Mapped[int]  # the server's version when it was last tried
    problem: Mapped[str] = mapped_column(Text)  # why it could not be applied then


class DaySequence(Base):
    """The hall-wide ticket sequence of a day for a series (A001, A002, ...)."""

    __tablename__ = "day_sequences"

    day: Mapped[date] = mapped_column(primary_key=True)
    series: Mapped[str] = mapped_column(String(1), primary_key=True)
    value: Mapped[int]


class Ticket(Base):
    """A queue ticket: allocated here (central) or issued offline and learned by event."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("day", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    day: Mapped[date] = mapped_column(index=True)
    series: Mapped[str] = mapped_column(String(1))
    number: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(8))  # "central" or "local"
    terminal: Mapped[int]
    counters: Mapped[list[Any]]
    allocated_at: Mapped[datetime]
    issued_at: Mapped[datetime | None]  # set by the terminal's ticket.issued event
    print_status: Mapped[str | None] = mapped_column(String(32))
    print_count: Mapped[int] = mapped_column(default=0)
    # 叫号 (central.calling, migration 0013): waiting until a counter calls it, called
    # while the applicant comes to that counter, done once the counter has finished with
    # it. A skip or a transfer gives it an explicit place, (queue_priority, queue_rank),
    # instead of its natural one (appointment series first, then allocation).
    queue_state: Mapped[str] = mapped_column(
        String(16), default="waiting", server_default="waiting"
    )
    queue_priority: Mapped[int | None]
    queue_rank: Mapped[float | None]
    transferred_to: Mapped[int | None]  # only this counter may call it now
    skips: Mapped[int] = mapped_column(default=0, server_default="0")
    called_counter: Mapped[int | None]
    called_at: Mapped[datetime | None]
    called_by: Mapped[str | None] = mapped_column(String(64))


class CounterCall(Base):
    """One action of a counter's 叫号 (call, recall, skip, transfer, done): the hall
    display shows the latest calls, and the history says who called whom when."""

    __tablename__ = "counter_calls"
    __table_args__ = (Index("ix_counter_calls_day_at", "day", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    number: Mapped[str] = mapped_column(String(16))  # the ticket's number, as called
    counter: Mapped[int]  # the counter that acted (for a transfer: the one it left)
    action: Mapped[str] = mapped_column(String(16))  # call, recall, skip, transfer, done
    to_counter: Mapped[int | None]  # a transfer's counter
    by: Mapped[str] = mapped_column(String(64))  # the clerk's username
    at: Mapped[datetime]


class HelpCall(Base):
    """An applicant's call for the attendant, from request to resolution."""

    __tablename__ = "help_calls"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal: Mapped[int] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16))  # open, acknowledged, resolved, cancelled
    context: Mapped[dict[str, Any]]
    requested_at: Mapped[datetime] = mapped_column(index=True)
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    cancelled_at: Mapped[datetime | None]
    # Protocol 4: acknowledged or resolved at the terminal by a signed-in attendant, whose
    # name is then in acknowledged_by/resolved_by. A flag rather than a prefix in the
    # name: a display name cannot pass itself off as one, nor a prefix need parsing.
    at_terminal: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Hall-wide change number: terminals ask for the calls changed after the last one seen.
    change: Mapped[int] = mapped_column(index=True)


class Counter(Base):
    """Named counters, e.g. the help calls' change number (one row each)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int]


class CatalogVersion(Base):
    """A service catalog imported for the terminals: its TOML files, by file name."""

    __tablename__ = "catalogs"

    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    files: Mapped[dict[str, Any]]
    imported_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=False)


class CalendarVersion(Base):
    """A holiday calendar (WorkCalendar.to_dict() form) imported for the terminals."""

    __tablename__ = "calendars"

    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[dict[str, Any]]
    imported_at: Mapped[datetime]
    active: Mapped[bool] = mapped_column(default=False)


class Staff(Base):
    """A staff account: the dashboard's sign-in (with a password) and the terminals' PIN
    pad (with a personal PIN). Roles: central.staff.ROLES."""

    __tablename__ = "staff"
    # One hall-wide salt makes equal PINs equal hashes: unique, so that a terminal can
    # tell who typed a PIN from the PIN alone (central.staff). NULLs (no PIN) may repeat.
    __table_args__ = (Index("ix_staff_pin_hash", "pin_hash", unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # attendant, technician, grid_leader, ...
    # "" for a terminal-only account (no dashboard sign-in): no password matches it.
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime]
    disabled: Mapped[bool] = mapped_column(default=False)
    pin_hash: Mapped[str | None] = mapped_column(String(128))  # kiosk.pins form, hall salt
    pin_set_at: Mapped[datetime | None]
    # A counter clerk's counter (窗口号, 1-99): the tickets they call and the declarations
    # they may open are those of the items this counter serves. None for other roles.
    counter: Mapped[int | None]


class Setting(Base):
    """A named value of the hall's server, e.g. the PINs' salt (one row each)."""

    __tablename__ = "settings"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class StaffAction(Base):
    """A staff member's action at a terminal (staff.action events): the audit."""

    __tablename__ = "staff_actions"
    __table_args__ = (Index("ix_staff_actions_terminal_at", "terminal", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    terminal: Mapped[int]
    at: Mapped[datetime]  # the terminal's time of the action
    action: Mapped[str] = mapped_column(String(32))  # signed_in, pin_failed, ...
    staff: Mapped[str | None] = mapped_column(String(64))  # username; None: no one matched
    role: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[dict[str, Any]]  # a reason, a call's id: never an applicant's answers


class WebSession(Base):
    """A signed-in dashboard session, kept on the server; the cookie holds only its key."""

    __tablename__ = "web_sessions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # SHA-256 of the cookie
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class EnrolmentCode(Base):
    """A one-time enrolment code (central.enrolment), kept only as its SHA-256: a
    terminal exchanges it once for its API token."""

    __tablename__ = "enrolment_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256, hex
    terminal_number: Mapped[int] = mapped_column(index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    voided_at: Mapped[datetime | None]  # a newer code was issued for the terminal
    created_by: Mapped[str] = mapped_column(String(64))  # "cli" or a supervisor's username


class Rating(Base):
    """An applicant's 好差评 of one declaration (一事一评: one rating each)."""

    __tablename__ = "ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), unique=True)
    terminal: Mapped[int]
    level: Mapped[str] = mapped_column(String(24))  # kiosk.rating_scale.LEVELS
    aspects: Mapped[list[Any]]  # what fell short (kiosk.rating_scale.ASPECTS), for a low one
    text: Mapped[str] = mapped_column(Text, default="")  # the applicant's words, perhaps ""
    rated_at: Mapped[datetime] = mapped_column(index=True)  # the terminal's time
    received_at: Mapped[datetime]

    declaration: Mapped[Declaration] = relationship()


class WorkOrder(Base):
    """整改工单: a low rating to be answered within 15 working days (central.ratings)."""

    __tablename__ = "work_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"), unique=True)
    state: Mapped[str] = mapped_column(String(16), index=True)  # open, answered, closed
    opened_on: Mapped[date]  # the hall's day of the rating
    due_on: Mapped[date] = mapped_column(index=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answered_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    closed_at: Mapped[datetime | None]

    rating: Mapped[Rating] = relationship()


class Mailing(Base):
    """证照免费邮寄: where a declaration's certificate is mailed (central.mailings), from
    the terminal's latest mailing.requested, until a counter dispatches it."""

    __tablename__ = "mailings"

    id: Mapped[int] = mapped_column(primary_key=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declarations.id"), unique=True)
    terminal: Mapped[int]
    # The address; "" throughout once cancelled (the applicant collects at the counter).
    recipient: Mapped[str] = mapped_column(String(64))
    mobile: Mapped[str] = mapped_column(String(16))
    division: Mapped[str] = mapped_column(String(6))  # GB/T 2260 district code
    province: Mapped[str] = mapped_column(String(32))
    city: Mapped[str] = mapped_column(String(32))
    district: Mapped[str] = mapped_column(String(32))
    street: Mapped[str] = mapped_column(String(120))
    postcode: Mapped[str] = mapped_column(String(6))
    # The terminal's time of the request kept (its `at`): an older one arriving late loses.
    requested_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(16))  # requested, dispatched, cancelled
    carrier: Mapped[str | None] = mapped_column(String(32))  # set when dispatched
    tracking: Mapped[str | None] = mapped_column(String(32))
    dispatched_at: Mapped[datetime | None]
    dispatched_by: Mapped[str | None] = mapped_column(String(64))  # "counter 3"

    declaration: Mapped[Declaration] = relationship()


class SaturdayPlan(Base):
    """A service Saturday's plan (central.appointments): the places each slot offers, the
    counters to open, and whether it was closed (with why), after which none may book."""

    __tablename__ = "saturday_plans"

    day: Mapped[date] = mapped_column(primary_key=True)
    places_per_slot: Mapped[int]
    counters: Mapped[list[Any]]  # counter numbers, 1 to 99
    closed_at: Mapped[datetime | None]
    closed_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str] = mapped_column(String(200), default="")


class Appointment(Base):
    """A Saturday appointment (星期六办事预约): a place in a slot, found by its code."""

    __tablename__ = "appointments"
    __table_args__ = (
        Index("ix_appointments_day_slot", "day", "slot"),
        # Check-in by ID card finds the holder's booking by its number (migration 0012).
        Index("ix_appointments_id_number", "id_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(8), unique=True)
    day: Mapped[date]
    slot: Mapped[str] = mapped_column(String(5))  # "09:00"
    item_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(64))
    mobile: Mapped[str] = mapped_column(String(11))
    id_number: Mapped[str | None] = mapped_column(String(18))
    credit_code: Mapped[str | None] = mapped_column(String(18))
    terminal: Mapped[int]
    state: Mapped[str] = mapped_column(String(16))  # booked, cancelled, checked_in
    booked_at: Mapped[datetime]
    cancelled_at: Mapped[datetime | None]
    checked_in_at: Mapped[datetime | None]
    # The declaration whose ticket this checked-in booking gave (central.tickets): one
    # ticket per booking, so a second reference is refused `appointment_used`.
    reference: Mapped[str | None] = mapped_column(String(32))


# One live booking per mobile number and Saturday, even for two transactions that both
# checked first (central.appointments checks the ID numbers in code).
Index(
    "ux_appointments_live_mobile",
    Appointment.day,
    Appointment.mobile,
    unique=True,
    sqlite_where=Appointment.state != "cancelled",
    postgresql_where=Appointment.state != "cancelled",
)
# A reference's ticket comes from one booking at most (NULLs, the bookings without a
# ticket, never collide in a unique index, on SQLite as on PostgreSQL).
Index("ux_appointments_reference", Appointment.reference, unique=True)
