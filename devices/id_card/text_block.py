"""The card's 256-byte text block (文字信息): its layouts, parsed and checked.

The block is UCS-2 little-endian, each field at a fixed place and width in bytes,
left-aligned and padded with spaces. The character at byte 248 tells the layouts apart:

- "I": the foreigner's permanent residence card, 2017 layout (外国人永久居留身份证);
- "J": the Hong Kong / Macao / Taiwan residents' residence permit (港澳台居民居住证): the
  resident card's layout with the pass number and the issue count in its reserved
  bytes, and no nation;
- "Y": the foreigner's permanent residence card of 2023. Its field positions could not
  be confirmed from a source at hand (the 18-character number does not fit the "I"
  layout's 30 bytes, so the fields must have moved), so it is recognised and refused
  as `CardUnsupported` ("please fill in the form by hand") rather than guessed at;
- anything else (a space): the resident card (居民身份证).

Every check that fails (a field that does not decode or holds control characters, an
impossible date, an ID number whose shape, check digit or birth date is wrong) raises
`CardUnreadable` with a reason code: a card that does not check out is never half-used.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Final

from devices.id_card.card import LONG_TERM, CardKind, IdCard
from devices.id_card.codes import NATIONS, SEXES
from devices.id_card.faults import CardUnreadable, CardUnsupported
from kiosk.validators import resident_id_problem

BLOCK_LENGTH: Final = 256
TYPE_OFFSET: Final = 248  # the card type's character, in every layout

# (field, offset, width in bytes), in the order the standard lists them.
Layout = tuple[tuple[str, int, int], ...]
RESIDENT_LAYOUT: Final[Layout] = (
    ("name", 0, 30),
    ("sex", 30, 2),
    ("nation", 32, 4),
    ("birth", 36, 16),
    ("address", 52, 70),
    ("id_number", 122, 36),
    ("authority", 158, 30),
    ("valid_from", 188, 16),
    ("valid_to", 204, 16),
    # 220-256 reserved (36 bytes)
)
HMT_LAYOUT: Final[Layout] = (
    *RESIDENT_LAYOUT,
    ("pass_number", 220, 18),
    ("issue_count", 238, 4),
    ("type", TYPE_OFFSET, 2),
)
FOREIGNER_LAYOUT: Final[Layout] = (
    ("english_name", 0, 120),
    ("sex", 120, 2),
    ("id_number", 122, 30),
    ("nationality", 152, 6),
    ("name", 158, 30),
    ("valid_from", 188, 16),
    ("valid_to", 204, 16),
    ("birth", 220, 16),
    ("version", 236, 4),
    ("authority", 240, 8),
    ("type", TYPE_OFFSET, 2),
    # 250-256 reserved (6 bytes)
)
LAYOUTS: Final[Mapping[CardKind, Layout]] = {
    CardKind.RESIDENT: RESIDENT_LAYOUT,
    CardKind.HMT_RESIDENT: HMT_LAYOUT,
    CardKind.FOREIGNER: FOREIGNER_LAYOUT,
}
TYPE_CHARS: Final[Mapping[CardKind, str]] = {
    CardKind.RESIDENT: " ",
    CardKind.HMT_RESIDENT: "J",
    CardKind.FOREIGNER: "I",
}
FOREIGNER_2023: Final = "Y"

_RESIDENT_NUMBER: Final = re.compile(r"[0-9]{17}[0-9X]")
_OLD_FOREIGNER_NUMBER: Final = re.compile(r"[A-Z]{3}[0-9]{12}")
_COUNTRY_CODE: Final = re.compile(r"[A-Z]{3}")
_DATE: Final = re.compile(r"[0-9]{8}")
_EARLIEST: Final = date(1900, 1, 1)


def _decode(raw: bytes) -> str:
    try:
        value = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        raise CardUnreadable("bad_text") from None
    value = value.strip(" \x00\u3000")
    # Controls and lone surrogates never belong on a card; private-use characters do
    # (rare characters of names), and what the form accepts is decided there.
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise CardUnreadable("bad_text")
    return value


def fields(block: bytes, layout: Layout) -> dict[str, str]:
    """Each field of `layout` decoded and stripped of its padding."""
    return {name: _decode(block[at : at + width]) for name, at, width in layout}


def _date(value: str) -> date:
    if not _DATE.fullmatch(value):
        raise CardUnreadable("bad_date")
    try:
        day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise CardUnreadable("bad_date") from None
    if day < _EARLIEST:
        raise CardUnreadable("bad_date")
    return day


def _validity(f: Mapping[str, str]) -> tuple[date, date | None]:
    valid_from = _date(f["valid_from"])
    valid_to = None if f["valid_to"] == LONG_TERM else _date(f["valid_to"])
    if valid_to is not None and valid_to < valid_from:
        raise CardUnreadable("bad_date")
    return valid_from, valid_to


def _sex(code: str) -> str:
    if code not in SEXES:
        raise CardUnreadable("bad_sex")
    return code


def _resident_number(number: str, birth: date) -> str:
    number = number.upper()
    # The shape first, exactly (the validator would take full-width digits, which no card
    # holds); the kiosk's clock is not trusted to refuse a card born "in the future".
    if not _RESIDENT_NUMBER.fullmatch(number) or resident_id_problem(number, date.max):
        raise CardUnreadable("bad_id_number")
    if number[6:14] != birth.strftime("%Y%m%d"):
        raise CardUnreadable("id_birth_mismatch")
    return number


def card_type(block: bytes) -> str:
    """The type character at byte 248 ("I", "J", "Y", or a space for the resident card)."""
    try:
        return block[TYPE_OFFSET : TYPE_OFFSET + 2].decode("utf-16-le")
    except UnicodeDecodeError:
        return ""


def _resident(block: bytes, kind: CardKind) -> IdCard:
    f = fields(block, LAYOUTS[kind])
    birth = _date(f["birth"])
    valid_from, valid_to = _validity(f)
    if not f["name"]:
        raise CardUnreadable("no_name")
    nation = ""
    if kind is CardKind.RESIDENT:
        nation = f["nation"]
        if nation not in NATIONS:
            raise CardUnreadable("bad_nation")
    return IdCard(
        kind=kind,
        name=f["name"],
        sex=_sex(f["sex"]),
        nation=nation,
        birth=birth,
        address=f["address"],
        id_number=_resident_number(f["id_number"], birth),
        authority=f["authority"],
        valid_from=valid_from,
        valid_to=valid_to,
        pass_number=f.get("pass_number", ""),
    )


def _foreigner(block: bytes) -> IdCard:
    f = fields(block, FOREIGNER_LAYOUT)
    birth = _date(f["birth"])
    valid_from, valid_to = _validity(f)
    number = f["id_number"].upper()
    if not _OLD_FOREIGNER_NUMBER.fullmatch(number):
        raise CardUnreadable("bad_id_number")
    if not _COUNTRY_CODE.fullmatch(f["nationality"]):
        raise CardUnreadable("bad_nationality")
    if not (f["name"] or f["english_name"]):
        raise CardUnreadable("no_name")
    return IdCard(
        kind=CardKind.FOREIGNER,
        # The form's name: the Chinese name when the card has one (most have), else the
        # English one.
        name=f["name"] or f["english_name"],
        sex=_sex(f["sex"]),
        nation="",
        birth=birth,
        address="",
        id_number=number,
        authority=f["authority"],
        valid_from=valid_from,
        valid_to=valid_to,
        english_name=f["english_name"],
        nationality=f["nationality"],
    )


def parse_text_block(block: bytes) -> IdCard:
    """The card the text block describes; CardUnreadable (or CardUnsupported) otherwise."""
    if len(block) != BLOCK_LENGTH:
        raise CardUnreadable("bad_length")
    kind_char = card_type(block)
    if kind_char == FOREIGNER_2023:
        raise CardUnsupported("foreigner_2023")
    if kind_char == TYPE_CHARS[CardKind.FOREIGNER]:
        return _foreigner(block)
    if kind_char == TYPE_CHARS[CardKind.HMT_RESIDENT]:
        return _resident(block, CardKind.HMT_RESIDENT)
    return _resident(block, CardKind.RESIDENT)
