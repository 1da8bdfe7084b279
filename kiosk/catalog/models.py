"""Typed models of the service catalog: items, form pages, fields, materials.

The catalog files are written by hall staff (TOML, one file per service item); these
models are what a file must say. Checks that need more than one value (ids that must
be unique, expressions that must name existing fields) live in `checks.py`, so that
their messages can name the field they are about.

Every text that is shown follows one of kiosk.text's rules, in both languages (the
Chinese rule first; English may be longer, a Chinese character taking two columns):
names one ticket line (NAME/LABEL), labels and options LABEL or SHORT, hints and
messages SHORT, descriptions, guidance and the commitment PARAGRAPH. Lists are bounded
too, so that a file within the loader's size cap is checked in bounded time.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, StringConstraints

from kiosk.catalog.expr import Expression
from kiosk.catalog.patterns import CompiledPattern
from kiosk.i18n import Text
from kiosk.i18n_schema import checked_str, ruled
from kiosk.text import LABEL, NAME, PARAGRAPH, SHORT

# Field and page ids are names in expressions, so they follow the expression grammar.
Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,63}$")]
Counter = Annotated[int, Field(ge=1, le=99)]

# The texts of the catalog by what they are (Chinese rule, English rule).
NameText = Annotated[Text, ruled(NAME, LABEL)]  # an item's name: a ticket line
LabelText = Annotated[Text, ruled(LABEL)]  # a page title, an option, a department
MaterialName = Annotated[Text, ruled(LABEL, SHORT)]  # printed on the ticket when missing
ShortText = Annotated[Text, ruled(SHORT)]  # a field's question, a hint, a message
LongText = Annotated[Text, ruled(PARAGRAPH)]  # a description, guidance, the commitment
Keyword = Annotated[str, checked_str(NAME)]


class Category(StrEnum):
    """The hall's two kinds of service."""

    ENTERPRISE = "enterprise"  # 企业服务
    PERSONAL = "personal"  # 个人服务

    @property
    def label(self) -> Text:
        from kiosk.i18n import text

        if self is Category.ENTERPRISE:
            return text("企业服务", "Business services")
        return text("个人服务", "Personal services")


def category_tabs() -> list[tuple[Category | None, Text]]:
    """The services screen's choices, in order: every service, then each category."""
    from kiosk.i18n import text

    return [(None, text("全部", "All")), *((c, c.label) for c in Category)]


class FieldType(StrEnum):
    """The kinds of answer a form field takes."""

    TEXT = "text"
    LONG_TEXT = "long_text"
    NUMBER = "number"
    MONEY = "money"
    DATE = "date"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    YES_NO = "yes_no"
    RESIDENT_ID = "resident_id"
    CREDIT_CODE = "credit_code"
    MOBILE = "mobile"
    LANDLINE = "landline"
    POSTAL_CODE = "postal_code"
    ADDRESS = "address"


TEXT_TYPES = frozenset({FieldType.TEXT, FieldType.LONG_TEXT})
CHOICE_TYPES = frozenset({FieldType.SINGLE_CHOICE, FieldType.MULTIPLE_CHOICE})
RANGE_TYPES = frozenset({FieldType.NUMBER, FieldType.MONEY, FieldType.DATE})


class MaterialForm(StrEnum):
    """Whether the counter wants the original, a copy, or both."""

    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"

    @property
    def label(self) -> Text:
        from kiosk.i18n import text

        return {
            MaterialForm.ORIGINAL: text("原件", "original"),
            MaterialForm.COPY: text("复印件", "copy"),
            MaterialForm.ORIGINAL_AND_COPY: text("原件及复印件", "original and copy"),
        }[self]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_default=True)


class Choice(_Model):
    """One option of a single or multiple choice field."""

    value: Identifier
    label: LabelText


class Constraint(_Model):
    """A rule an answer must satisfy, written in the catalog's expression language."""

    rule: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    message: ShortText
    _expression: Expression | None = PrivateAttr(default=None)

    @property
    def expression(self) -> Expression:
        assert self._expression is not None, "catalog not checked"
        return self._expression


class FormField(_Model):
    """One question on a form page."""

    id: Identifier
    type: FieldType
    label: ShortText
    hint: ShortText | None = None
    required: bool = True
    min_length: Annotated[int, Field(ge=0, le=10_000)] | None = None
    max_length: Annotated[int, Field(ge=1, le=10_000)] | None = None
    # Numbers and money as decimal text or numbers; dates as "YYYY-MM-DD" or "today".
    min: str | int | float | None = None
    max: str | int | float | None = None
    pattern: str | None = None
    pattern_message: ShortText | None = None
    choices: Annotated[list[Choice], Field(max_length=60)] = []
    min_choices: Annotated[int, Field(ge=0)] | None = None
    max_choices: Annotated[int, Field(ge=1)] | None = None
    relevant: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None
    constraints: Annotated[list[Constraint], Field(max_length=10)] = []
    approval: Identifier | None = None
    # The ID card value this field takes when a card is placed on the reader
    # (kiosk.id_card_fill: "name", "id_number", "address", ...).
    from_id_card: Identifier | None = None
    _relevance: Expression | None = PrivateAttr(default=None)
    _pattern: CompiledPattern | None = PrivateAttr(default=None)
    _min: Decimal | str | None = PrivateAttr(default=None)
    _max: Decimal | str | None = PrivateAttr(default=None)

    @property
    def relevance(self) -> Expression | None:
        return self._relevance

    @property
    def compiled_pattern(self) -> CompiledPattern | None:
        """The pattern compiled by a linear-time engine (kiosk.catalog.patterns)."""
        return self._pattern

    @property
    def bounds(self) -> tuple[Decimal | str | None, Decimal | str | None]:
        """Range bounds: Decimal for numbers and money; ISO date or "today" for dates."""
        return self._min, self._max

    def choice_label(self, value: str) -> Text | None:
        return next((c.label for c in self.choices if c.value == value), None)


class Page(_Model):
    """An ordered page of the form; the UI shows one page per screen."""

    id: Identifier
    title: LabelText
    guidance: LongText | None = None
    relevant: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None
    fields: Annotated[list[FormField], Field(min_length=1, max_length=40)]
    _relevance: Expression | None = PrivateAttr(default=None)

    @property
    def relevance(self) -> Expression | None:
        return self._relevance


class Material(_Model):
    """A document the applicant brings to the counter."""

    id: Identifier
    name: MaterialName
    note: ShortText | None = None
    copies: Annotated[int, Field(ge=1, le=20)] = 1
    form: MaterialForm = MaterialForm.ORIGINAL
    # Essential materials must be present; the others may be missing under 容缺受理
    # if the applicant commits to supply them within `deficiency_days` working days.
    essential: bool = True
    deficiency_days: Annotated[int, Field(ge=1, le=60)] | None = None
    relevant: Annotated[str, StringConstraints(min_length=1, max_length=2000)] | None = None
    approval: Identifier | None = None
    # The ID card value this field takes when a card is placed on the reader
    # (kiosk.id_card_fill: "name", "id_number", "address", ...).
    from_id_card: Identifier | None = None
    _relevance: Expression | None = PrivateAttr(default=None)

    @property
    def relevance(self) -> Expression | None:
        return self._relevance


class Approval(_Model):
    """One approval of a joint item (联办 / 一件事), with its own department and counters."""

    id: Identifier
    name: LabelText
    department: LabelText
    counters: Annotated[list[Counter], Field(min_length=1, max_length=20)]
    time_limit_days: Annotated[int, Field(ge=0, le=365)] | None = None


class GridProxy(_Model):
    """网格化零跑代办: the item may be declared by a grid leader for a resident
    (kiosk.proxy). Names the fields holding the resident's name and ID and the grid
    leader's name, and the answers a proxy declaration starts with (a yes/no field
    true or false, a choice by its value)."""

    resident_name: Identifier
    resident_id: Identifier
    leader_name: Identifier | None = None
    prefill: Annotated[dict[Identifier, bool | str], Field(max_length=10)] = {}


class ServiceItem(_Model):
    """A service item (事项) of the hall's catalog."""

    id: ItemId
    name: NameText
    description: LongText
    category: Category
    departments: Annotated[list[LabelText], Field(min_length=1, max_length=10)]
    counters: Annotated[list[Counter], Field(min_length=1, max_length=20)]
    time_limit_days: Annotated[int, Field(ge=0, le=365)]  # 承诺时限; 0 = same day (即办)
    fee: Annotated[Decimal, Field(ge=0, le=1_000_000, decimal_places=2)] = Decimal(0)
    fee_note: ShortText | None = None
    free_mailing: bool = False  # 证照免费邮寄
    grid_proxy: GridProxy | None = None  # 网格化零跑代办 allowed
    saturday: bool = False  # served on Saturdays (政务 5+1)
    joint: bool = False  # 联办 / 一件事
    approvals: Annotated[list[Approval], Field(max_length=10)] = []
    # Any letter but Y, the Saturday appointments' series (kiosk.tickets.APPOINTMENT_SERIES).
    ticket_series: Annotated[str, StringConstraints(pattern=r"^[A-XZ]$")] | None = None
    keywords: Annotated[list[Keyword], Field(max_length=40)] = []
    commitment: LongText | None = None
    pages: Annotated[list[Page], Field(min_length=1, max_length=20)]
    materials: Annotated[list[Material], Field(max_length=60)] = []

    @property
    def series(self) -> str:
        """The ticket letter: the item's own, else A for business and B for personal."""
        if self.ticket_series:
            return self.ticket_series
        return "A" if self.category is Category.ENTERPRISE else "B"

    def fields(self) -> list[FormField]:
        return [f for page in self.pages for f in page.fields]

    def field(self, field_id: str) -> FormField:
        for page in self.pages:
            for f in page.fields:
                if f.id == field_id:
                    return f
        raise KeyError(field_id)

    def page_of(self, field_id: str) -> Page:
        for page in self.pages:
            if any(f.id == field_id for f in page.fields):
                return page
        raise KeyError(field_id)

    def approval(self, approval_id: str) -> Approval:
        for a in self.approvals:
            if a.id == approval_id:
                return a
        raise KeyError(approval_id)
