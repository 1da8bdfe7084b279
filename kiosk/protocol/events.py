"""One pydantic model per event kind: the payload fields both sides rely on.

The terminal builds its payloads with these models (`Payload.payload()` or
`kiosk.protocol.payload`) and the server checks what arrives with the same ones. Payloads
may carry more than these fields (answers, the pre-review's details): extra fields are
kept as they are, so a newer terminal's additions reach the server's `events` table
untouched. Each model says in `since` which protocol version introduced it
(docs/sync-protocol.md, "Kinds").
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from kiosk import rating_scale
from kiosk.protocol.fields import (
    Count,
    CounterNumber,
    Identifier,
    Moment,
    Reference,
    Series,
    TerminalNumber,
    Text8,
    Text16,
    Text32,
    Text64,
    storable,
)


class Payload(BaseModel):
    """A kind's payload; `since` is the protocol version that introduced the kind."""

    model_config = ConfigDict(extra="allow", frozen=True)

    since: ClassVar[int] = 1
    # The version that last widened the model (a new optional field): 0 when none did.
    widened: ClassVar[int] = 0

    def payload(self) -> dict[str, Any]:
        """The JSON-ready payload: the fields that were given (and any extra ones), times
        as ISO 8601 with their offset, days as ISO dates."""
        return self.model_dump(mode="json", exclude_unset=True)


class DeclarationSubmitted(Payload):
    reference: Reference
    terminal: TerminalNumber
    item_id: Text64
    catalog_version: Text32
    language: Text8
    submitted_at: Moment
    answers: dict[str, Any] = Field(default_factory=dict)
    materials: dict[str, Any] = Field(default_factory=dict)


class PrereviewResult(Payload):
    # The rest of kiosk.prereview.ReviewResult.to_dict() comes as extra fields.
    reference: Reference
    outcome: Literal["passed", "passed_with_deficiency", "rejected"]


class SignedStrokes(BaseModel):
    """The applicant's signature (kiosk.signature.Signature.to_dict): strokes of integer
    points on a grid whose longer side is 1000, each stroke a flat [x0, y0, x1, y1, …]."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    w: int = Field(ge=1, le=1000)
    h: int = Field(ge=1, le=1000)
    strokes: list[
        Annotated[list[Annotated[int, Field(ge=0, le=1000)]], Field(min_length=2, max_length=4000)]
    ] = Field(min_length=1, max_length=64)


class CommitmentAccepted(Payload):
    """The 容缺 commitment accepted. Since protocol 3 (a widening: both fields optional)
    with who committed (`committer`, and `committer_for` when an agent signs for someone)
    and the signature drawn on the screen; the whole payload stays within SMALL."""

    widened: ClassVar[int] = 3

    reference: Reference
    accepted_at: Moment
    committer: Text64 | None = None
    committer_for: Text64 | None = None
    signature: SignedStrokes | None = None


class TicketIssued(Payload):
    reference: Reference
    number: Text16
    day: date
    series: Series
    source: Literal["central", "local"]
    counters: list[CounterNumber] = Field(max_length=50)
    terminal: TerminalNumber
    item_id: Text64
    issued_at: Moment


class TicketPrinted(Payload):
    """ticket.printed, ticket.reprinted and ticket.print_failed (`status` the fault)."""

    reference: Reference
    number: Text16
    status: Text32
    at: Moment


class HelpRequested(Payload):
    id: Identifier
    terminal: TerminalNumber
    context: dict[str, Any]
    requested_at: Moment


class HelpDone(Payload):
    """help.acknowledged and help.resolved, done at the terminal by the attendant. Since
    protocol 4 (a widening: both optional) with who did it: `staff`, the account's
    username, and `by`, the name the dashboard shows ("已在终端处理 by <by>")."""

    widened: ClassVar[int] = 4

    id: Identifier
    terminal: TerminalNumber
    at: Moment
    staff: Text64 | None = None
    by: Text64 | None = None


class HelpCancelled(Payload):
    id: Identifier
    terminal: TerminalNumber
    cancelled_at: Moment


class GuideViewed(Payload):
    item_id: Text64
    terminal: TerminalNumber
    at: Moment


class PrinterStatus(Payload):
    terminal: TerminalNumber
    status: Text32
    at: Moment


Seconds = Annotated[float, Field(ge=0, le=1e10, allow_inf_nan=False)]
Megabytes = Annotated[float, Field(ge=0, le=1e9, allow_inf_nan=False)]


class Heartbeat(Payload):
    """The terminal's figures every 30 s. Since protocol 4 (a widening: every new field
    optional) with what its diagnostics screen shows, for the dashboard's health alerts;
    since protocol 6 (a widening again) with the states of its devices beside the printer."""

    widened: ClassVar[int] = 6

    # Only the terminal and the time are required: a heartbeat missing a figure still
    # says the terminal is alive, and a rejected heartbeat would only fill dead letters.
    terminal: TerminalNumber
    at: Moment
    outbox_depth: Count | None = None
    oldest_pending_age_s: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    app_version: Text32 | None = None
    catalog_version: Text32 | None = None
    calendar_version: Text32 | None = None
    printer_status: Text32 | None = None
    # Since 4: the diagnostics' figures (kiosk.diagnostics), each None when unknown.
    store_schema: Text32 | None = None
    dead_letters: Count | None = None
    # The terminal's clock minus the server's (the HTTP Date of its last answer).
    clock_drift_s: float | None = Field(default=None, ge=-1e9, le=1e9, allow_inf_nan=False)
    round_trip_ms: float | None = Field(default=None, ge=0, le=1e7, allow_inf_nan=False)
    tls_expires_at: Moment | None = None
    printer_detail: Text64 | None = None  # e.g. "network 192.168.1.40:9100, 80 mm"
    a4_status: Text32 | None = None  # the CUPS queue: idle, printing, disabled, none
    disk_free_mb: Megabytes | None = None  # of the data folder's file system
    store_mb: Megabytes | None = None
    memory_mb: Megabytes | None = None  # the kiosk process's resident memory
    uptime_s: Seconds | None = None  # of the kiosk process
    restarts: Count | None = None  # kiosk starts since the machine booted, less one
    last_crash_at: Moment | None = None  # the last run that did not end cleanly
    screen: Text32 | None = None  # e.g. "1920x1080 landscape"
    # Since 6: each device's state for the technician, None when unknown; "none" is a
    # device not configured. The words the dashboard knows are listed with each; any
    # other short word (a newer terminal's) is taken as it is.
    id_card_status: Text32 | None = None  # ok, none, no_reader, fault, restarting
    scanner_status: Text32 | None = None  # ok, none, disconnected, fault
    signal_light_status: Text32 | None = None  # the call light: ok, none, fault


class CatalogRefused(Payload):
    terminal: TerminalNumber
    version: str
    problems: list[Any]
    at: Moment | None = None  # terminals have always sent it; optional for the old checks


class DocumentHandedOut(Payload):
    """Paper handed to the applicant from the touch screen: which document (`notice`,
    `commitment`, `confirmation`; since 5 `authorisation`, a proxy's 委托代办授权书), on
    which printer (`a4`, `slip`, or `none` when it was only saved) and how it went
    (`printed`, or the fault's code)."""

    since: ClassVar[int] = 3
    widened: ClassVar[int] = 5

    reference: Reference
    terminal: TerminalNumber
    document: Literal["notice", "commitment", "confirmation", "authorisation"]
    printer: Literal["a4", "slip", "none"]
    status: Text32
    at: Moment


class StaffAction(Payload):
    """A staff member did something at the terminal (issue 12's audit): `action` a word
    (kiosk.staff.actions: signed_in, pin_failed, pin_locked, help_acknowledged,
    assist_started, out_of_service, restart, ...), `staff` the account's username (None
    for a PIN that matched nobody), `role`, and a small `detail` (a reason, a help call's
    id, which diagnostics action): never an applicant's answers."""

    since: ClassVar[int] = 4

    terminal: TerminalNumber
    action: Text32
    staff: Text64 | None = None
    role: Text16 | None = None
    detail: dict[str, Any] = Field(default_factory=dict)
    at: Moment


class DeclarationAssisted(Payload):
    """A declaration made with the attendant's help (assist mode, 帮办): who helped; the
    hall counts assisted declarations."""

    since: ClassVar[int] = 4

    reference: Reference
    terminal: TerminalNumber
    staff: Text64
    by: Text64  # the attendant's display name
    at: Moment


class DeclarationProxied(Payload):
    """A grid leader declared for a resident (网格化零跑代办, kiosk.proxy): who, and the
    委托代办授权书 printed for the resident to sign (its reference and last valid day).
    The resident is named in the declaration's own answers."""

    since: ClassVar[int] = 5

    reference: Reference
    terminal: TerminalNumber
    staff: Text64
    by: Text64  # the grid leader's display name
    authorisation: Annotated[str, Field(pattern=r"^WT[0-9A-Za-z-]{1,38}$")]
    valid_until: date
    at: Moment


DivisionCode = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{5}$")]
"""A county-level division's code (GB/T 2260, e.g. 220171 长春经济技术开发区)."""
Postcode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]
MobileDigits = Annotated[str, StringConstraints(pattern=r"^1[3-9][0-9]{9}$")]


class MailingRequested(Payload):
    """证照免费邮寄: the certificate is to be mailed free of charge, to this recipient and
    address (the province, city and district by their names and the district's code, then
    the street address and postal code), instead of collected at the counter. Sent again
    when the applicant changes it; `mail` false: back to collecting at the counter, or
    with `grid_leader` true brought home by the grid leader who declared for the resident
    (网格化零跑代办)."""

    since: ClassVar[int] = 5

    reference: Reference
    terminal: TerminalNumber
    mail: bool = True
    grid_leader: bool = False
    recipient: Text64 = ""
    mobile: MobileDigits | Literal[""] = ""
    division: DivisionCode | Literal[""] = ""
    province: Text32 = ""
    city: Text32 = ""
    district: Text32 = ""
    street: Annotated[str, StringConstraints(max_length=120), AfterValidator(storable)] = ""
    postcode: Postcode | Literal[""] = ""
    at: Moment

    @model_validator(mode="after")
    def _whole_when_mailed(self) -> MailingRequested:
        if self.mail and self.grid_leader:
            raise ValueError("mailed or brought by the grid leader, not both")
        if self.mail:
            missing = [
                name
                for name in ("recipient", "mobile", "division", "province", "street", "postcode")
                if not getattr(self, name)
            ]
            if missing:
                raise ValueError(f"a mailing needs {', '.join(missing)}")
        return self


RatingLevel = Literal["very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied"]
"""The national 好差评 levels: 非常满意, 满意, 基本满意, 不满意, 非常不满意."""
RATING_LEVELS: tuple[str, ...] = get_args(RatingLevel)
assert RATING_LEVELS == rating_scale.LEVELS, "kiosk.rating_scale and the protocol differ"
RatingAspect = Literal["efficiency", "attitude", "guide", "ease", "other"]
"""What fell short in a low rating: 办事效率, 服务态度, 指南准确, 操作便捷, other."""
RATING_ASPECTS: tuple[str, ...] = get_args(RatingAspect)
assert RATING_ASPECTS == rating_scale.ASPECTS, "kiosk.rating_scale and the protocol differ"
RATING_TEXT_MAX = rating_scale.TEXT_MAX


class RatingGiven(Payload):
    """The applicant rated the service of one declaration (好差评, 一事一评: one rating per
    declaration). A low rating (dissatisfied or very dissatisfied) says which aspects fell
    short; `text` is the applicant's own words, perhaps empty."""

    since: ClassVar[int] = 5

    reference: Reference
    terminal: TerminalNumber
    level: RatingLevel
    aspects: list[RatingAspect] = Field(default_factory=list, max_length=len(RATING_ASPECTS))
    text: Annotated[str, Field(max_length=RATING_TEXT_MAX)] = ""
    rated_at: Moment

    @field_validator("aspects")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each aspect at most once")
        return value

    @field_validator("text")
    @classmethod
    def _storable_text(cls, value: str) -> str:
        return storable(value)


Mode = Literal["applicant", "staff", "check_in", "progress", "out_of_service"]
MODES: tuple[str, ...] = get_args(Mode)
OUT_OF_SERVICE = "out_of_service"


class TerminalMode(Payload):
    """The terminal's mode changed (applicant journey, staff, check-in, progress lookup,
    out of service); `reason` is a short text for the hall, perhaps empty."""

    since: ClassVar[int] = 2

    terminal: TerminalNumber
    mode: Mode
    reason: Text64 = ""
    at: Moment
