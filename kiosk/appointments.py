"""星期六办事预约 (政务"5+1") at the terminal: a booking and a check-in, checked as typed.

The central server keeps the places (docs/sync-protocol.md, "Saturday appointments"):
the next service Saturdays in one-hour slots, one live booking per person and Saturday,
cancel, change and check-in by the booking's code and the mobile number it was booked
with. This module is the terminal's plain-Python core of it, for the screens to use:

- `BookingRequest.of` and `CheckInQuery.typed` check and clean what the applicant typed
  where it enters (NFKC, trimming, kiosk.validators' checks), refusing with
  `BookingRefused(code)`, `code` naming the field (MESSAGES words it);
- `CheckInQuery.scanned` reads a booking slip's QR code: the hall's URL template with
  `{code}` (APPOINTMENT_QR_TEMPLATE by default, like the ticket's
  `printer.qr_url_template` with `{reference}`), so a phone camera opens the hall's page
  and the terminal knows its own; anything else is None, never an exception;
- the server's answers are checked with strict pydantic models into frozen dataclasses
  (`Saturday`, `Booking`, `Arrival`); a misbehaving server gives `BadAnswer`.

Nothing here talks to the network: kiosk.sync.appointments does, on the network lane.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from kiosk.i18n import Text, text
from kiosk.text import refused_char
from kiosk.validators import (
    credit_code_problem,
    mobile_problem,
    normalize_credit_code,
    normalize_mobile,
    normalize_resident_id,
    resident_id_problem,
    trim,
)

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
"""The server's booking codes (central.appointments): no 0/O, 1/I/L, read out on the phone."""
CODE_LENGTH = 8
CODE = re.compile(f"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
APPOINTMENT_QR_TEMPLATE = "https://zwfw.jkq.gov.cn/appointment?code={code}"
"""The booking slip's QR code: the hall's page of the booking, `{code}` its code."""
ARRIVE_BEFORE_MINUTES = 30
"""Check-in opens this long before the slot (the server's, central.appointments.EARLY)."""
ARRIVE_AFTER_MINUTES = 15
"""... and closes this long after the slot starts (central.appointments.LATE)."""
SCAN_MAX_CHARS = 512  # a QR code's text beyond this is not one of the hall's
NAME_MAX_CHARS = 64  # the server's limit (central.api.appointments.BookingIn)
ITEM_ID = re.compile(r"[A-Za-z0-9_-]{1,36}")  # kiosk.protocol.fields.Identifier
SLOT = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
SATURDAY = 5  # date.weekday()
FIELDS = ("item_id", "day", "slot", "name", "mobile", "id_number", "credit_code", "identity")
"""The codes of BookingRefused for a booking; a check-in's are "code" and "mobile"."""
REASONS = (
    "full",
    "already_booked",
    "closed",
    "not_a_service_saturday",
    "checked_in",
    "no_such_slot",
    "not_found",
    "throttled",
)
"""The server's refusals (its problem documents' `reason`)."""


class BookingRefused(ValueError):
    """What the applicant typed cannot be a booking (or a booking's code): `code` names
    the field (FIELDS, or "code"), `problem` kiosk.validators' key when it has one."""

    def __init__(self, code: str, problem: str | None = None) -> None:
        self.code = code
        self.problem = problem
        super().__init__(code if problem is None else f"{code}: {problem}")


class BadAnswer(ValueError):
    """The server's answer is not an appointment answer (a misbehaving or older server)."""


# -- what the applicant typed -----------------------------------------------------------------

# Dashes as keyboards and input methods give them (U+2010 to U+2015, the minus sign); NFKC
# already made the full-width hyphen-minus a plain one.
_DASHES = dict.fromkeys(map(ord, "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"))


def _nfkc(value: object, code: str) -> str:
    """`value` in NFKC (full-width letters and digits as ASCII), else BookingRefused."""
    if not isinstance(value, str):
        raise BookingRefused(code)
    return unicodedata.normalize("NFKC", value)


def booking_code(value: object) -> str:
    """A booking code as typed, in its stored form: NFKC, upper case, without spaces and
    dashes (the slip prints it in two groups of four), of the server's alphabet only."""
    code = _nfkc(value, "code").upper().translate(_DASHES)
    # Every space (NFKC made the ideographic one U+0020) and line break; not str.split(),
    # which would also drop the separators U+001C-U+001F (kiosk.validators: refused).
    code = "".join(c for c in code if c not in "\t\r\n" and unicodedata.category(c) != "Zs")
    if not CODE.fullmatch(code):
        raise BookingRefused("code")
    return code


def checked_mobile(value: object) -> str:
    """A mainland mobile number's 11 digits, else BookingRefused("mobile", its key)."""
    number = _nfkc(value, "mobile")
    problem = mobile_problem(number)
    if problem is not None:
        raise BookingRefused("mobile", problem)
    return normalize_mobile(number)


def checked_day(value: object) -> date:
    """A day the applicant chose: a Saturday (a date, not a datetime)."""
    if not isinstance(value, date) or isinstance(value, datetime) or value.weekday() != SATURDAY:
        raise BookingRefused("day")
    return value


def checked_slot(value: object) -> str:
    """A slot's start, "09:00"."""
    start = trim(_nfkc(value, "slot"))
    if not SLOT.fullmatch(start):
        raise BookingRefused("slot")
    return start


def _name(value: object) -> str:
    # Runs of spaces inside a name are the keyboard's (two taps): one space is kept.
    # NFKC made the ideographic space a plain one; a tab stays, to be refused.
    name = re.sub(" {2,}", " ", trim(_nfkc(value, "name")))
    if (
        not name
        or len(name) > NAME_MAX_CHARS
        or any(refused_char(c) or not c.isprintable() for c in name)
    ):
        raise BookingRefused("name")
    return name


def _optional(value: object, code: str) -> str | None:
    """An optional field: None, or empty as the screen leaves it, is not given."""
    if value is None:
        return None
    cleaned = trim(_nfkc(value, code))
    return cleaned or None


@dataclass(frozen=True)
class BookingRequest:
    """A place asked for, every field checked and in the form the server stores."""

    item_id: str
    day: date
    slot: str
    name: str
    mobile: str
    id_number: str | None = None
    credit_code: str | None = None

    @classmethod
    def of(
        cls,
        item_id: str,
        day: date,
        slot: str,
        name: str,
        mobile: str,
        id_number: str | None = None,
        credit_code: str | None = None,
    ) -> BookingRequest:
        """From the booking screen; BookingRefused(code) for the first field that cannot
        be (in FIELDS' order). Full-width characters and stray spaces are the keyboard's,
        not the applicant's fault, so they are taken."""
        if not isinstance(item_id, str) or not ITEM_ID.fullmatch(item_id):
            raise BookingRefused("item_id")  # the catalog's, not typed: a screen's bug
        saturday = checked_day(day)
        start = checked_slot(slot)
        checked_name = _name(name)
        number = checked_mobile(mobile)
        resident = _optional(id_number, "id_number")
        if resident is not None:
            problem = resident_id_problem(resident)
            if problem is not None:
                raise BookingRefused("id_number", problem)
            resident = normalize_resident_id(resident)
        credit = _optional(credit_code, "credit_code")
        if credit is not None:
            problem = credit_code_problem(credit)
            if problem is not None:
                raise BookingRefused("credit_code", problem)
            credit = normalize_credit_code(credit)
        if resident is not None and credit is not None:
            raise BookingRefused("identity")  # the server takes one: a person or a company
        return cls(item_id, saturday, start, checked_name, number, resident, credit)

    def body(self, terminal: int) -> dict[str, Any]:
        """The central server's request body (POST /api/v1/appointments)."""
        body: dict[str, Any] = {
            "terminal": terminal,
            "item_id": self.item_id,
            "day": self.day.isoformat(),
            "slot": self.slot,
            "name": self.name,
            "mobile": self.mobile,
        }
        if self.id_number is not None:
            body["id_number"] = self.id_number
        if self.credit_code is not None:
            body["credit_code"] = self.credit_code
        return body


@dataclass(frozen=True, repr=False)
class CardCheckIn:
    """An arrival proved by the resident ID card placed on the reader: today's booking of
    its holder (POST /api/v1/appointments/check-in-by-id-card)."""

    id_number: str

    @classmethod
    def of(cls, id_number: str) -> CardCheckIn | None:
        number = normalize_resident_id(id_number) if isinstance(id_number, str) else ""
        return cls(number) if number and resident_id_problem(number) is None else None

    def body(self) -> dict[str, str]:
        return {"id_number": self.id_number}

    def __repr__(self) -> str:  # never the whole number, in a log or a traceback
        return f"CardCheckIn({self.id_number[:4]}…{self.id_number[-4:]})"


@dataclass(frozen=True)
class CheckInQuery:
    """An arrival: the booking's code and its proof, the mobile number or the slip's QR."""

    code: str
    mobile: str | None = None  # None: the booking slip's QR was read

    @property
    def by_qr(self) -> bool:
        return self.mobile is None

    def body(self) -> dict[str, str]:
        """The central server's request body (POST /api/v1/appointments/check-in)."""
        if self.mobile is None:
            return {"code": self.code, "via": "qr"}
        return {"code": self.code, "mobile": self.mobile}

    @classmethod
    def typed(cls, code: str, mobile: str) -> CheckInQuery:
        """From the check-in screen: BookingRefused("code") or ("mobile", its key)."""
        return cls(booking_code(code), checked_mobile(mobile))

    @classmethod
    def scanned(cls, text: object, template: str = APPOINTMENT_QR_TEMPLATE) -> CheckInQuery | None:
        """From a QR code read at the terminal: a query when it is one of this hall's
        booking slips (`template` with the code as printed, upper case, no dashes), else
        None: another QR code is not an error the applicant made."""
        if not isinstance(text, str) or not isinstance(template, str):
            return None
        if len(text) > SCAN_MAX_CHARS or template.count("{code}") != 1:
            return None
        before, _, after = template.partition("{code}")
        text = text.strip()  # a scanner may end its text with a line break
        if len(text) < len(before) + len(after):
            return None
        if not (text.startswith(before) and text.endswith(after)):
            return None
        middle = text[len(before) : len(text) - len(after)]
        # Printed by the hall, so exactly as the server gave it: nothing to clean.
        return cls(middle) if CODE.fullmatch(middle) else None


def qr_text(code: str, template: str = APPOINTMENT_QR_TEMPLATE) -> str:
    """The text of a booking slip's QR code (what `CheckInQuery.scanned` reads back)."""
    return template.replace("{code}", booking_code(code))


# -- the server's answers, checked ------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One hour of a Saturday and the places still free in it."""

    start: str
    end: str
    left: int

    @property
    def full(self) -> bool:
        return self.left == 0


@dataclass(frozen=True)
class Saturday:
    """A service Saturday: its hours, whether the hall still takes bookings, its slots."""

    day: date
    opens: str
    closes: str
    closed: bool
    slots: tuple[Slot, ...]

    @property
    def bookable(self) -> bool:
        return not self.closed and any(not s.full for s in self.slots)

    def slot(self, start: str) -> Slot | None:
        return next((s for s in self.slots if s.start == start), None)


@dataclass(frozen=True)
class Booking:
    """A booking as the server answers it: nothing of the applicant."""

    code: str
    day: date
    slot: str
    item_id: str

    @property
    def printed_code(self) -> str:
        """The code in two groups of four, as a slip prints it (typed back either way)."""
        return f"{self.code[:4]} {self.code[4:]}"


Result = Literal["on_time", "early", "late", "not_today"]


@dataclass(frozen=True)
class Arrival:
    """The outcome of a check-in; `minutes` for early: until check-in opens."""

    result: Result
    day: date
    slot: str
    item_id: str
    minutes: int | None = None
    # The booking's code, when the check-in was by ID card (the applicant typed none).
    code: str | None = None

    @property
    def checked_in(self) -> bool:
        return self.result == "on_time"

    @property
    def message(self) -> Text:
        return MESSAGES[self.result].format(
            minutes=self.minutes if self.minutes is not None else "",
            day=day_text(self.day),
            slot=self.slot,
        )


@dataclass(frozen=True)
class Refusal:
    """The server refused: `reason` one of REASONS; `minutes` for throttled, if it said."""

    reason: str
    minutes: int | None = None

    @property
    def message(self) -> Text:
        return MESSAGES.get(self.reason, MESSAGES["offline"])


def _day(value: object) -> date:
    """A day only as the text YYYY-MM-DD (lax pydantic would take a number of seconds)."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise ValueError("must be a calendar day, YYYY-MM-DD")
    return date.fromisoformat(value)


Day = Annotated[date, BeforeValidator(_day)]
Time = Annotated[str, Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
Code = Annotated[str, Field(pattern=f"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")]
ItemId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,36}$")]


class _Strict(BaseModel):
    # Strict: a number is not a day nor a string, a string not a number or a boolean;
    # extra keys ignored, so a newer server may say more.
    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)


class _Slot(_Strict):
    start: Time
    end: Time
    left: Annotated[int, Field(ge=0, le=10_000)]


class _Saturday(_Strict):
    day: Day
    opens: Time
    closes: Time
    closed: bool
    slots: list[_Slot] = Field(max_length=48)  # half-hour slots all day at most


class _Saturdays(_Strict):
    saturdays: list[_Saturday] = Field(max_length=20)


class _Booking(_Strict):
    code: Code
    day: Day
    slot: Time
    item_id: ItemId


class _Cancelled(_Booking):
    state: Literal["cancelled"]


class _Arrival(_Strict):
    result: Result
    day: Day
    slot: Time
    item_id: ItemId
    minutes: Annotated[int, Field(ge=0, le=24 * 60)] | None = None  # early: the same day


class _CardArrival(_Arrival):
    code: Annotated[str, Field(pattern=CODE.pattern)]


def _checked(model: type[_Strict], data: object, what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise BadAnswer(f"{what} answer: {where}: {first['msg']}"[:200]) from None


def saturdays_from_answer(data: Mapping[str, Any]) -> list[Saturday]:
    """The answer of GET /appointments/saturdays; BadAnswer when it is not one."""
    answer: _Saturdays = _checked(_Saturdays, data, "saturdays")
    found: list[Saturday] = []
    for s in answer.saturdays:
        if s.day.weekday() != SATURDAY:
            raise BadAnswer(f"saturdays answer: {s.day} is not a Saturday")
        if found and s.day <= found[-1].day:
            raise BadAnswer("saturdays answer: the days are not in order")
        starts = [x.start for x in s.slots]
        # "HH:MM" texts compare as times do.
        if any(x.start >= x.end for x in s.slots) or starts != sorted(set(starts)):
            raise BadAnswer(f"saturdays answer: the slots of {s.day} are not in order")
        slots = tuple(Slot(x.start, x.end, x.left) for x in s.slots)
        found.append(Saturday(s.day, s.opens, s.closes, s.closed, slots))
    return found


def booking_from_answer(
    data: Mapping[str, Any],
    *,
    code: str | None = None,
    day: date | None = None,
    slot: str | None = None,
    item_id: str | None = None,
    cancelled: bool = False,
) -> Booking:
    """A booking answered (booked, changed or cancelled); BadAnswer when it is not one, or
    not the one asked for (another code, day, slot or item than given here)."""
    answer: _Booking = _checked(_Cancelled if cancelled else _Booking, data, "booking")
    asked = {"code": code, "day": day, "slot": slot, "item_id": item_id}
    for key, value in asked.items():
        if value is not None and getattr(answer, key) != value:
            raise BadAnswer(f"booking answer about another booking ({key})")
    return Booking(answer.code, answer.day, answer.slot, answer.item_id)


def arrival_from_answer(data: Mapping[str, Any]) -> Arrival:
    """The answer of POST /appointments/check-in; BadAnswer when it is not one."""
    answer: _Arrival = _checked(_Arrival, data, "check-in")
    minutes = answer.minutes
    if answer.result == "early" and minutes is None:
        raise BadAnswer("check-in answer: early without its minutes")
    if answer.result != "early":
        minutes = None  # only an early arrival's wait means anything
    return Arrival(answer.result, answer.day, answer.slot, answer.item_id, minutes)


def card_arrival_from_answer(data: Mapping[str, Any]) -> Arrival:
    """The answer of POST /appointments/check-in-by-id-card: a check-in's and the code."""
    answer: _CardArrival = _checked(_CardArrival, data, "check-in by card")
    arrival = arrival_from_answer({k: v for k, v in data.items() if k != "code"})
    return Arrival(
        arrival.result, arrival.day, arrival.slot, arrival.item_id, arrival.minutes, answer.code
    )


# -- the words -------------------------------------------------------------------------------

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def day_text(day: date) -> Text:
    """A day as an applicant reads it: 11月28日（星期六）, Saturday 28 November."""
    return text(
        f"{day.month}月{day.day}日（星期{_WEEKDAYS_ZH[day.weekday()]}）",
        f"{_WEEKDAYS_EN[day.weekday()]} {day.day} {_MONTHS_EN[day.month - 1]}",
    )


MESSAGES: Mapping[str, Text] = {
    # The server's refusals.
    "full": text(
        "这个时段已经约满了，请换一个时段。",
        "This time is fully booked. Please choose another time.",
    ),
    "already_booked": text(
        "您在这个星期六已经有预约了，同一天只能约一次。",
        "You already have an appointment on this Saturday: one per person and day.",
    ),
    "closed": text(
        "这个星期六已经停止预约，请选择别的星期六。",
        "This Saturday no longer takes appointments. Please choose another Saturday.",
    ),
    "not_a_service_saturday": text(
        "这一天不能预约，请从列出的星期六中选择。",
        "That day cannot be booked. Please choose one of the Saturdays shown.",
    ),
    "no_such_slot": text(
        "没有这个时段，请从列出的时段中选择。",
        "There is no such time. Please choose one of the times shown.",
    ),
    "checked_in": text(
        "这个预约已经签到，不能再更改或取消。",
        "This appointment is already checked in: it cannot be changed or cancelled.",
    ),
    "not_found": text(
        "没有查到这个预约。请核对预约码和预约时填写的手机号码。",
        "No appointment was found. Please check the code and the mobile number you gave.",
    ),
    # Check-in by ID card (the reason the terminal gives a card's not_found).
    "card_not_found": text(
        "今天没有这张身份证的预约。请扫描预约单上的二维码，或输入预约码和手机号码签到。",
        "There is no appointment today for this ID card. Scan the code on the appointment "
        "slip, or type the code and the mobile number.",
    ),
    "throttled": text(
        "输错的次数太多了，请过一会儿再试，或请工作人员帮忙。",
        "Too many wrong tries. Please try again a little later, or ask a member of staff.",
    ),
    "offline": text(
        "预约需要连接办件系统，现在无法预约。您可以直接办理申报。",
        "Appointments need the service system, which cannot be reached now. "
        "You can still make your declaration directly.",
    ),
    "none_left": text(
        "近期的星期六都已约满或停止预约。您可以直接办理申报，星期六到大厅排队办理。",
        "The coming Saturdays are fully booked or closed. You can still make your "
        "declaration directly and queue on a Saturday.",
    ),
    # Check-in.
    "on_time": text(
        "签到成功。请留意叫号，到窗口办理。",
        "You are checked in. Please wait to be called to a counter.",
    ),
    "early": text(
        "您来早了，还要等 {minutes} 分钟才能签到。请在大厅稍坐，到时间再来签到。",
        "You are early: check-in opens in {minutes} minutes. Please take a seat and check in then.",
    ),
    "late": text(
        "已经过了预约的签到时间。请直接取号排队办理，或请工作人员帮忙。",
        "The check-in time of this appointment has passed. Please take a ticket and "
        "queue, or ask a member of staff.",
    ),
    "not_today": text(
        "您的预约不是今天，是 {day} {slot}。请在那天来签到。",
        "Your appointment is not today but on {day} at {slot}. Please check in then.",
    ),
    # The fields of a booking and of a check-in.
    "item_id": text(
        "这个事项现在不能预约，请咨询工作人员。",
        "This service cannot be booked now. Please ask a member of staff.",
    ),
    "day": text("请选择一个星期六。", "Please choose a Saturday."),
    "slot": text("请选择一个时段。", "Please choose a time."),
    "name": text(
        "请填写您的姓名（不超过64个字）。",
        "Please enter your name (at most 64 characters).",
    ),
    "mobile": text(
        "请填写11位手机号码，例如 139 1234 5678。",
        "Please enter an 11-digit mobile number, e.g. 139 1234 5678.",
    ),
    "id_number": text(
        "身份证号码不对，请核对18位号码，最后一位可能是 X。",
        "The ID card number is not right: check its 18 characters (the last may be X).",
    ),
    "credit_code": text(
        "统一社会信用代码不对，请核对营业执照上的18位代码。",
        "The unified social credit code is not right: check the 18 characters on the "
        "business licence.",
    ),
    "identity": text(
        "身份证号码和统一社会信用代码只填一个。",
        "Give either the ID card number or the credit code, not both.",
    ),
    "code": text(
        "预约码是8位字母和数字（没有0、1、I、L、O），请按预约单上的预约码输入。",
        "The code has 8 letters and digits (no 0, 1, I, L or O): type it as printed on "
        "the appointment slip.",
    ),
}
