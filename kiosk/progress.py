"""办件进度查询: where a declaration is, asked by its reference and proof of holding it.

The applicant proves it with the ticket's own QR code (the terminal read it: possession
of the ticket) or by typing the reference and the last four digits of a mobile number
given in the declaration. The central server answers with the status history (submitted,
received, processing, completed, or returned with the counter's note), the 容缺
materials still owed with their due dates, and the mailing state; a wrong pair gets the
same answer as an unknown reference, so it reveals nothing. Offline, or before the
declaration reached the server, the terminal answers from its own store what it knows,
marked as possibly out of date. No answers are ever part of it.

Plain Python: the query is checked here, where the applicant's input enters; the
server's answer is checked here too (a misbehaving server gets a fault, never a crash).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.i18n import Text, text
from kiosk.protocol.fields import Moment, Note, Reference
from kiosk.store.models import Declaration
from kiosk.validators import mobile_problem, normalize_mobile

REFERENCE = re.compile(r"(\d{8})-?(\d{2})-?(\d{4})")
"""A reference as the ticket prints it (20261126-07-0012), the dashes optional when typed."""
SCAN_MAX_CHARS = 512  # a QR code's text beyond this is not one of the hall's
STATUSES = ("submitted", "received", "processing", "completed", "returned")
FAILURES_BEFORE_PAUSE = 5
"""Wrong pairs in a row at one terminal before lookups pause for PAUSE_S (a guard against
trying every four digits by hand; the server has its own limit per terminal)."""
PAUSE_S = 60.0


class QueryRefused(ValueError):
    """What the applicant typed cannot be a lookup: `code` is `reference` or `digits`."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class BadAnswer(ValueError):
    """The server's answer is not a progress answer (a misbehaving or older server)."""


@dataclass(frozen=True)
class Query:
    """A lookup: the reference and its proof, the mobile's last four digits or the QR."""

    reference: str
    digits: str | None = None  # None: the ticket's QR was read

    @property
    def by_qr(self) -> bool:
        return self.digits is None

    def body(self) -> dict[str, str]:
        """The central server's request body (POST /api/v1/progress)."""
        if self.digits is None:
            return {"reference": self.reference, "via": "qr"}
        return {"reference": self.reference, "digits": self.digits}

    @classmethod
    def typed(cls, reference: str, digits: str) -> Query:
        """From the lookup screen: full-width digits and stray spaces are the keyboard's,
        not the applicant's fault, so they are taken; anything else is refused."""
        ref = _reference(reference)
        if ref is None:
            raise QueryRefused("reference")
        four = unicodedata.normalize("NFKC", digits).strip()
        if not re.fullmatch(r"\d{4}", four, re.ASCII):
            raise QueryRefused("digits")
        return cls(ref, four)

    @classmethod
    def scanned(cls, code: str, qr_url_template: str) -> Query | None:
        """From a QR code read at the terminal: a query when it is one of this hall's
        tickets or documents (`printer.qr_url_template` with its reference), else None."""
        if len(code) > SCAN_MAX_CHARS or "{reference}" not in qr_url_template:
            return None
        before, _, after = qr_url_template.partition("{reference}")
        # As printed: the template's literal braces ({{ and }}) are single on the ticket.
        before, after = (part.replace("{{", "{").replace("}}", "}") for part in (before, after))
        code = code.strip()
        if not (code.startswith(before) and code.endswith(after)):
            return None
        middle = code[len(before) : len(code) - len(after)]
        ref = _reference(middle, dashes_required=True)
        return cls(ref) if ref is not None else None


def _reference(value: str, *, dashes_required: bool = False) -> str | None:
    value = unicodedata.normalize("NFKC", value).strip().replace(" ", "")
    if dashes_required and value.count("-") != 2:
        return None
    match = REFERENCE.fullmatch(value)
    return "-".join(match.groups()) if match else None


@dataclass(frozen=True)
class Step:
    """One status the declaration reached, and the counter's note (a return's reason)."""

    status: str
    at: datetime
    note: str = ""


@dataclass(frozen=True)
class Owed:
    """A 容缺 material still to be brought, by `due`."""

    material_id: str
    name: Text
    due: date


@dataclass(frozen=True)
class Progress:
    """A declaration's progress; `current` False: what this terminal knows, perhaps out
    of date (the server could not be asked, or has not heard of it yet)."""

    reference: str
    item_id: str
    status: str
    history: tuple[Step, ...]
    owed: tuple[Owed, ...] = ()
    ticket: str | None = None
    rating: str | None = None
    mailing: Mapping[str, Any] | None = None
    current: bool = True
    checked_at: datetime | None = None

    @property
    def completed(self) -> bool:
        return self.status == "completed"

    @property
    def returned_note(self) -> str:
        """The counter's note on a return (退件), else ""."""
        for step in reversed(self.history):
            if step.status == "returned":
                return step.note
        return ""


# -- the server's answer, checked ------------------------------------------------------------

Status = Literal["submitted", "received", "processing", "completed", "returned"]
Short = Annotated[str, Field(max_length=64)]
Name = Annotated[str, Field(max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Step(_Strict):
    status: Status
    at: Moment
    note: Note = ""


class _Names(_Strict):
    zh: Name
    en: Name


class _Owed(_Strict):
    id: Short
    name: _Names
    due_date: date


class _Rating(_Strict):
    level: Short


class _Mailing(_Strict):
    """证照免费邮寄 as the server tells it: requested, or dispatched with its tracking."""

    state: Literal["requested", "dispatched", "grid_leader"]
    carrier: Short | None = None
    tracking: Annotated[str, Field(max_length=32)] | None = None
    dispatched_at: Moment | None = None
    district: Name | None = None


class _Answer(_Strict):
    reference: Reference
    item_id: Short
    status: Status
    history: list[_Step] = Field(max_length=100)
    owed: list[_Owed] = Field(default_factory=list, max_length=50)
    ticket: Annotated[str, Field(max_length=16)] | None = None
    mailing: _Mailing | None = None
    rating: _Rating | None = None
    checked_at: Moment | None = None


def from_answer(data: Mapping[str, Any], query: Query) -> Progress:
    """The server's 200 answer as Progress; BadAnswer when it is not one (or is about
    another declaration than the one asked for)."""
    try:
        answer = _Answer.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadAnswer(f"progress answer: {where}: {first['msg']}"[:200]) from None
    if answer.reference != query.reference:
        raise BadAnswer("progress answer about another declaration")
    return Progress(
        reference=answer.reference,
        item_id=answer.item_id,
        status=answer.status,
        history=tuple(Step(s.status, s.at, s.note) for s in answer.history),
        owed=tuple(Owed(o.id, text(o.name.zh, o.name.en), o.due_date) for o in answer.owed),
        ticket=answer.ticket,
        rating=answer.rating.level if answer.rating else None,
        mailing=answer.mailing.model_dump() if answer.mailing else None,
        current=True,
        checked_at=answer.checked_at,
    )


# -- what the terminal knows -----------------------------------------------------------------


def mobile_tails(answers: Mapping[str, Any]) -> set[str]:
    """The last four digits of every mainland mobile number among `answers`."""
    tails: set[str] = set()
    for value in answers.values():
        if isinstance(value, str) and len(value) <= 32 and mobile_problem(value) is None:
            tails.add(normalize_mobile(value)[-4:])
    return tails


def local_progress(session: Session, query: Query) -> Progress | None:
    """What this terminal's store knows of the declaration; None when it does not know it
    or the digits do not match (the same None: a wrong pair reveals nothing here either)."""
    decl = session.scalar(select(Declaration).where(Declaration.reference == query.reference))
    if decl is None:
        return None
    if query.digits is not None and query.digits not in mobile_tails(decl.answers or {}):
        return None
    owed: list[Owed] = []
    latest = decl.reviews[-1].result if decl.reviews else {}
    if decl.outcome == "passed_with_deficiency" and decl.commitment_accepted_at is not None:
        for d in latest.get("deficiencies", []) if isinstance(latest, dict) else []:
            try:
                name = d["name"]
                owed.append(
                    Owed(
                        str(d["material_id"]),
                        text(str(name["zh"]), str(name["en"])),
                        date.fromisoformat(d["due_date"]),
                    )
                )
            except (KeyError, TypeError, ValueError):  # an older record: shown without it
                continue
    return Progress(
        reference=decl.reference,
        item_id=decl.item_id,
        status="submitted",
        history=(Step("submitted", decl.submitted_at),),
        owed=tuple(owed),
        ticket=decl.ticket.number if decl.ticket is not None else None,
        rating=decl.rating,
        current=False,
    )


# -- the outcome shown -----------------------------------------------------------------------

Problem = Literal["", "not_found", "card_not_found", "busy", "paused", "unreachable"]


@dataclass(frozen=True)
class LookupResult:
    """A lookup's outcome: `progress`, or `problem` in a word for the screen to word."""

    progress: Progress | None
    problem: Problem = ""
    # A lookup by ID card that found several: the applicant chooses (kiosk.card_lookup).
    choices: tuple[Progress, ...] = ()


class Attempts:
    """Wrong pairs in a row at this terminal: after FAILURES_BEFORE_PAUSE, lookups pause
    for PAUSE_S. A lookup that finds the declaration starts the count again."""

    def __init__(self, failures: int = FAILURES_BEFORE_PAUSE, pause_s: float = PAUSE_S) -> None:
        self._limit, self._pause_s = failures, pause_s
        self._failures = 0
        self._until = float("-inf")

    def paused(self, now: float) -> bool:
        return now < self._until

    def record(self, found: bool, now: float) -> None:
        if found:
            self._failures = 0
            return
        self._failures += 1
        if self._failures >= self._limit:
            self._failures = 0
            self._until = now + self._pause_s


MESSAGES: Mapping[str, Text] = {
    "reference": text(
        "受理编号不完整：请按号票上的编号输入，例如 20261126-07-0012。",
        "The reference is incomplete: type it as printed on the ticket, e.g. 20261126-07-0012.",
    ),
    "digits": text(
        "请输入申报时所填手机号码的后四位数字。",
        "Type the last four digits of the mobile number given in the declaration.",
    ),
    "not_found": text(
        "没有查到这件申报：请核对受理编号和手机号码后四位。",
        "No declaration was found: check the reference and the mobile number's last four digits.",
    ),
    "card_not_found": text(
        "没有查到与这张身份证有关的申报。如申报时填的是他人的身份证号码，请用受理编号查询。",
        "No declaration was found for this ID card. If another person's ID number was "
        "given in it, look it up by its reference.",
    ),
    "busy": text(
        "查询的人较多，请稍后再试。", "Many lookups at the moment: please try again shortly."
    ),
    "paused": text(
        "输错次数较多，请一分钟后再试，或咨询工作人员。",
        "Too many wrong tries: please try again in a minute, or ask a member of staff.",
    ),
    "unreachable": text(
        "暂时无法连接办件系统，本终端也没有这件申报的记录。请稍后再试，或到窗口咨询。",
        "The service system cannot be reached, and this terminal has no record of the "
        "declaration. Please try again later, or ask at a counter.",
    ),
}
