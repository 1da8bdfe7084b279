"""Field validators for declaration forms: ID numbers, credit codes, phones, dates, amounts.

Every check returns ``None`` when the value is acceptable, or one *message key* (a member of
:data:`PROBLEM_KEYS`) naming the first problem found; the UI turns keys into localised text.
No function here raises on any ``str`` input: empty, whitespace, full-width characters,
emoji and very long strings all give a key, never an exception.

Checksums are implemented here rather than taken from python-stdnum (see docs/DESIGN.md):

* 居民身份证号码 (GB 11643): 18 characters, ISO 7064 MOD 11-2 check digit, birth date at
  positions 7-14. Area codes are *not* checked against a table: codes are retired and
  created over time, and a real person's ID stays valid.
* 统一社会信用代码 (GB 32100): 18 characters from a 31-character alphabet, MOD 31-3 check
  character. The embedded organisation code's own check digit is not checked (real codes
  of individual businesses break it).

Money and numbers are parsed to :class:`~decimal.Decimal`, never ``float``.

Only spaces (Unicode category Zs, the ideographic space among them), tabs and line breaks
count as whitespace here. ``str.strip()`` and ``str.split()`` would also drop the
information separators U+001C-U+001F and NEL U+0085, so an ID number carrying one would
pass and be stored with it; such a character is a ``*.characters`` or ``*.format``
problem instead.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Final

from kiosk.text import refused_char

__all__ = [
    "PROBLEM_KEYS",
    "birth_date_from_resident_id",
    "credit_code_check_char",
    "credit_code_problem",
    "is_valid_credit_code",
    "is_valid_resident_id",
    "landline_problem",
    "mobile_problem",
    "normalize_credit_code",
    "normalize_landline",
    "normalize_mobile",
    "normalize_resident_id",
    "parse_date",
    "parse_money",
    "parse_number",
    "postal_code_problem",
    "resident_id_check_digit",
    "resident_id_problem",
    "trim",
]

PROBLEM_KEYS: Final[frozenset[str]] = frozenset(
    {
        "resident_id.empty",
        "resident_id.length",
        "resident_id.characters",
        "resident_id.birth_date_invalid",
        "resident_id.birth_date_too_early",
        "resident_id.birth_date_future",
        "resident_id.check_digit",
        "credit_code.empty",
        "credit_code.length",
        "credit_code.characters",
        "credit_code.authority",
        "credit_code.area",
        "credit_code.check_char",
        "mobile.empty",
        "mobile.format",
        "landline.empty",
        "landline.format",
        "postal_code.empty",
        "postal_code.format",
        "date.empty",
        "date.format",
        "date.invalid",
        "money.empty",
        "money.format",
        "money.negative",
        "money.too_many_decimals",
        "money.too_large",
        "number.empty",
        "number.format",
    }
)
"""Every message key any function in this module can return."""

_DIGITS: Final = "0123456789"

# Full-width forms U+FF01..U+FF5E map to ASCII U+0021..U+007E; the ideographic space to a
# space. Narrower than NFKC on purpose: circled or superscript digits stay invalid.
_HALFWIDTH: Final[dict[int, int]] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALFWIDTH[0x3000] = 0x20
_ASCII_UPPER: Final[dict[int, int]] = {code: code - 32 for code in range(ord("a"), ord("z") + 1)}


# What counts as whitespace: every space separator (Zs), tab, line feed, carriage return.
_WHITESPACE: Final = (
    " \t\n\r\u00a0\u1680"
    + "".join(chr(code) for code in range(0x2000, 0x200B))
    + "\u202f\u205f\u3000"
)
_DROP_WHITESPACE: Final[dict[int, None]] = {ord(char): None for char in _WHITESPACE}


def _to_halfwidth(value: str) -> str:
    """Convert full-width ASCII variants (and the ideographic space) to plain ASCII."""
    return value.translate(_HALFWIDTH)


def trim(value: str) -> str:
    """`value` without surrounding whitespace (controls such as U+001C stay, to be refused)."""
    return value.strip(_WHITESPACE)


def _without_whitespace(value: str) -> str:
    """Drop all whitespace, surrounding and inner (controls stay, to be refused)."""
    return value.translate(_DROP_WHITESPACE)


def _has_control(value: str) -> bool:
    """Whether `value` holds a character no answer may (a control, a line separator, an
    invisible format character: kiosk.text.refused_char)."""
    return any(refused_char(char) for char in value)


def _all_digits(value: str) -> bool:
    """Whether ``value`` is non-empty and only ASCII digits (``str.isdigit`` is too wide)."""
    return bool(value) and all(char in _DIGITS for char in value)


# --------------------------------------------------------------------------------------------
# 居民身份证号码: resident ID number (GB 11643)
# --------------------------------------------------------------------------------------------

_RESIDENT_ID_LENGTH: Final = 18
# ISO 7064 MOD 11-2: weight of position i (0-based, of 17) is 2^(17-i) mod 11.
_RESIDENT_ID_WEIGHTS: Final[tuple[int, ...]] = tuple(pow(2, 17 - i, 11) for i in range(17))
_EARLIEST_BIRTH_DATE: Final = date(1900, 1, 1)


def normalize_resident_id(value: str) -> str:
    """Return ``value`` without whitespace, full-width characters made ASCII, ``x`` as ``X``.

    The result is what the other resident ID functions check; it is not itself validated.
    """
    return _without_whitespace(_to_halfwidth(value)).replace("x", "X")


def _resident_id_digit_sum_check(first17: str) -> str:
    """Check digit of 17 ASCII digits (the caller guarantees the shape)."""
    total = sum(
        int(char) * weight for char, weight in zip(first17, _RESIDENT_ID_WEIGHTS, strict=True)
    )
    check = (12 - total % 11) % 11
    return "X" if check == 10 else str(check)


def resident_id_check_digit(first17: str) -> str:
    """Return the check digit (``0``-``9`` or ``X``) for the first 17 digits of an ID.

    ``first17`` is normalised first; anything that is not then exactly 17 ASCII digits gives
    an empty string.
    """
    digits = normalize_resident_id(first17)
    if len(digits) != _RESIDENT_ID_LENGTH - 1 or not _all_digits(digits):
        return ""
    return _resident_id_digit_sum_check(digits)


def _resident_id_date(normalized: str) -> date | None:
    """Birth date at positions 7-14 of a shape-checked ID, or None if not a calendar date."""
    text = normalized[6:14]
    try:
        return date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _resident_id_shape_problem(normalized: str) -> str | None:
    """Problems with emptiness, length and characters of a normalised ID."""
    if not normalized:
        return "resident_id.empty"
    if _has_control(normalized):  # before length: the applicant sees 18 characters
        return "resident_id.characters"
    if len(normalized) != _RESIDENT_ID_LENGTH:
        return "resident_id.length"
    if not _all_digits(normalized[:17]) or normalized[17] not in _DIGITS + "X":
        return "resident_id.characters"
    return None


def _resident_id_date_problem(birth: date | None, today: date | None) -> str | None:
    """Problems with a birth date taken from an ID (None when it is not a calendar date)."""
    if birth is None:
        return "resident_id.birth_date_invalid"
    if birth < _EARLIEST_BIRTH_DATE:
        return "resident_id.birth_date_too_early"
    if birth > (date.today() if today is None else today):
        return "resident_id.birth_date_future"
    return None


def resident_id_problem(value: str, today: date | None = None) -> str | None:
    """Return None for a valid 18-character resident ID number, else the first problem's key.

    Checked in order: empty, length, characters, birth date (a calendar date, not before
    1900-01-01, not after ``today`` which defaults to the current date), check digit.
    The area code is deliberately not checked against a table.
    """
    normalized = normalize_resident_id(value)
    problem = _resident_id_shape_problem(normalized)
    if problem is not None:
        return problem
    problem = _resident_id_date_problem(_resident_id_date(normalized), today)
    if problem is not None:
        return problem
    if _resident_id_digit_sum_check(normalized[:17]) != normalized[17]:
        return "resident_id.check_digit"
    return None


def is_valid_resident_id(value: str, today: date | None = None) -> bool:
    """Whether ``value`` is a valid resident ID number (see :func:`resident_id_problem`)."""
    return resident_id_problem(value, today) is None


def birth_date_from_resident_id(value: str, today: date | None = None) -> date | None:
    """Return the birth date inside a resident ID number, or None.

    None unless the normalised value has the shape of an ID (18 characters, digits, last
    digit or ``X``) and its birth date is a calendar date from 1900-01-01 to ``today``
    (default: the current date). The check digit is not required to be right, so a form can
    show the date while the applicant corrects a mistyped last digit.
    """
    normalized = normalize_resident_id(value)
    if _resident_id_shape_problem(normalized) is not None:
        return None
    birth = _resident_id_date(normalized)
    if _resident_id_date_problem(birth, today) is not None:
        return None
    return birth


# --------------------------------------------------------------------------------------------
# 统一社会信用代码: unified social credit code (GB 32100)
# --------------------------------------------------------------------------------------------

_CREDIT_CODE_LENGTH: Final = 18
# GB 32100 code alphabet: digits and capitals without I, O, Z, S, V; index = character value.
_CREDIT_CODE_ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_VALUES: Final[dict[str, int]] = {
    char: index for index, char in enumerate(_CREDIT_CODE_ALPHABET)
}
# MOD 31-3: weight of position i (0-based, of 17) is 3^i mod 31.
_CREDIT_CODE_WEIGHTS: Final[tuple[int, ...]] = tuple(pow(3, i, 31) for i in range(17))
_CREDIT_CODE_AUTHORITIES: Final = "123456789ANY"
_CREDIT_CODE_ORGANISATION_TYPES: Final = "123456789"


def normalize_credit_code(value: str) -> str:
    """Return ``value`` without whitespace, full-width characters made ASCII, upper case.

    Only ASCII letters are upper-cased, so the length never changes by case mapping.
    """
    return _without_whitespace(_to_halfwidth(value)).translate(_ASCII_UPPER)


def _credit_code_check(first17: str) -> str:
    """Check character of 17 alphabet characters (the caller guarantees the shape)."""
    total = sum(
        _CREDIT_CODE_VALUES[char] * weight
        for char, weight in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return _CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_check_char(first17: str) -> str:
    """Return the check character for the first 17 characters of a credit code.

    ``first17`` is normalised first; anything that is not then exactly 17 characters of the
    GB 32100 alphabet gives an empty string.
    """
    code = normalize_credit_code(first17)
    if len(code) != _CREDIT_CODE_LENGTH - 1 or any(
        char not in _CREDIT_CODE_VALUES for char in code
    ):
        return ""
    return _credit_code_check(code)


def credit_code_problem(value: str) -> str | None:
    """Return None for a valid unified social credit code, else the first problem's key.

    Checked in order: empty, length, characters (GB 32100 alphabet: no I, O, Z, S, V),
    registration authority (1-9, A, N, Y) and organisation type (1-9), area (6 digits),
    MOD 31-3 check character.
    """
    code = normalize_credit_code(value)
    if not code:
        return "credit_code.empty"
    if _has_control(code):  # before length: the applicant sees 18 characters
        return "credit_code.characters"
    if len(code) != _CREDIT_CODE_LENGTH:
        return "credit_code.length"
    if any(char not in _CREDIT_CODE_VALUES for char in code):
        return "credit_code.characters"
    if code[0] not in _CREDIT_CODE_AUTHORITIES or code[1] not in _CREDIT_CODE_ORGANISATION_TYPES:
        return "credit_code.authority"
    if not _all_digits(code[2:8]):
        return "credit_code.area"
    if _credit_code_check(code[:17]) != code[17]:
        return "credit_code.check_char"
    return None


def is_valid_credit_code(value: str) -> bool:
    """Whether ``value`` is a valid unified social credit code."""
    return credit_code_problem(value) is None


# --------------------------------------------------------------------------------------------
# Phones and postal codes
# --------------------------------------------------------------------------------------------

_MOBILE_RE: Final = re.compile(r"(?:\+?86)?(1[3-9][0-9]{9})")

# Area codes: 010 and 02x have three digits, all others (03xx-09xx) four. Encoding this
# keeps a number without separator unambiguous (02187654321 is 021-87654321).
_AREA: Final = r"0(?:[12][0-9]|[3-9][0-9]{2})"
_LANDLINE_RE: Final = re.compile(
    rf"(?:\((?P<paren_area>{_AREA})\)|(?P<area>{_AREA}))"
    r" ?-? ?"
    r"(?P<local>[2-9][0-9]{6,7})"
    r"(?:(?: ?- ?| ?转 ?)(?P<extension>[0-9]{1,6}))?"
)


def _mobile_digits(value: str) -> str | None:
    """The 11 digits of a mainland mobile number, or None."""
    compact = trim(_to_halfwidth(value)).replace(" ", "").replace("-", "")
    match = _MOBILE_RE.fullmatch(compact)
    return match.group(1) if match else None


def mobile_problem(value: str) -> str | None:
    """Return None for a mainland mobile number, else ``mobile.empty`` or ``mobile.format``.

    Spaces and hyphens are ignored, as is a leading ``+86`` or ``86``; what remains must be
    11 digits, ``1`` then ``3``-``9``.
    """
    if not trim(_to_halfwidth(value)):
        return "mobile.empty"
    return None if _mobile_digits(value) else "mobile.format"


def normalize_mobile(value: str) -> str:
    """Return the 11 digits of a valid mobile number, or the stripped input when invalid."""
    digits = _mobile_digits(value)
    return trim(value) if digits is None else digits


def _landline_parts(value: str) -> tuple[str, str, str | None] | None:
    """Area code, local number and extension of a landline number, or None."""
    match = _LANDLINE_RE.fullmatch(trim(_to_halfwidth(value)))
    if match is None:
        return None
    area = match.group("paren_area") or match.group("area")
    return area, match.group("local"), match.group("extension")


def landline_problem(value: str) -> str | None:
    """Return None for a landline number with area code, else its problem key.

    Accepted: area code (``010``, ``02x``, ``0xxx``, optionally in parentheses), optional
    separator (``-`` or a space), a 7-8 digit local number not starting with 0 or 1, and an
    optional extension of 1-6 digits after ``-`` or ``转``. The area code is required.
    """
    if not trim(_to_halfwidth(value)):
        return "landline.empty"
    return None if _landline_parts(value) else "landline.format"


def normalize_landline(value: str) -> str:
    """Return ``AREA-LOCAL`` or ``AREA-LOCAL-EXT``, or the stripped input when invalid."""
    parts = _landline_parts(value)
    if parts is None:
        return trim(value)
    area, local, extension = parts
    return f"{area}-{local}" if extension is None else f"{area}-{local}-{extension}"


def postal_code_problem(value: str) -> str | None:
    """Return None for a postal code: 6 ASCII digits, the first 0-8 (none start with 9)."""
    code = trim(value)
    if not code:
        return "postal_code.empty"
    if len(code) != 6 or not _all_digits(code) or code[0] == "9":
        return "postal_code.format"
    return None


# --------------------------------------------------------------------------------------------
# Dates, money, numbers
# --------------------------------------------------------------------------------------------

_DATE_PATTERNS: Final[tuple[re.Pattern[str], ...]] = (
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})/(?P<m>[0-9]{1,2})/(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})\.(?P<m>[0-9]{1,2})\.(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
    re.compile(r"(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})月(?P<d>[0-9]{1,2})日"),
)


def parse_date(value: str) -> tuple[date | None, str | None]:
    """Parse a date typed as 2026-11-26, 2026/11/26, 2026.11.26, 20261126 or 2026年11月26日.

    Returns ``(date, None)`` or ``(None, key)``: ``date.empty``, ``date.format`` for an
    unrecognised shape, ``date.invalid`` for a recognised shape that is no calendar date.
    Full-width digits are accepted.
    """
    text = trim(_to_halfwidth(value))
    if not text:
        return None, "date.empty"
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match is not None:
            try:
                parsed = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None, "date.invalid"
            return parsed, None
    return None, "date.format"


_MONEY_MAX: Final = Decimal("999999999999.99")
_MONEY_RE: Final = re.compile(
    r"(?P<sign>-?)"
    r"(?P<integer>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)"
    r"(?:\.(?P<fraction>[0-9]+))?"
)


def parse_money(value: str) -> tuple[Decimal | None, str | None]:
    """Parse a yuan amount such as ``¥1,234.50`` or ``1234.5元`` to a Decimal with 2 places.

    Accepted: an optional leading ``¥``/``￥`` (a minus sign may come before or after it),
    thousands commas in groups of three, at most 2 decimal places (further zeros are
    tolerated: ``1.500`` is 1.50), an optional trailing ``元``. Keys: ``money.empty``,
    ``money.format``, ``money.negative``, ``money.too_many_decimals``, ``money.too_large``
    (above 999,999,999,999.99).
    """
    text = trim(_to_halfwidth(value))
    if not text:
        return None, "money.empty"
    sign = ""
    if text.startswith("-"):
        sign, text = "-", trim(text[1:])
    if text[:1] in ("¥", "￥"):
        text = trim(text[1:])
    if text.endswith("元"):
        text = trim(text[:-1])
    match = _MONEY_RE.fullmatch(text)
    if match is None or (sign and match["sign"]):
        return None, "money.format"
    if sign or match["sign"]:
        return None, "money.negative"
    fraction = (match["fraction"] or "").rstrip("0")
    if len(fraction) > 2:
        return None, "money.too_many_decimals"
    amount = Decimal(f"{match['integer'].replace(',', '')}.{fraction.ljust(2, '0')}")
    if amount > _MONEY_MAX:
        return None, "money.too_large"
    return amount, None


_NUMBER_RE: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)")


def parse_number(value: str) -> tuple[Decimal | None, str | None]:
    """Parse a plain decimal number (optional sign and decimals, no commas, no exponent).

    Returns the exact Decimal, or ``number.empty`` / ``number.format`` (also for NaN and
    Infinity spellings). Full-width digits are accepted.
    """
    text = trim(_to_halfwidth(value))
    if not text:
        return None, "number.empty"
    if _NUMBER_RE.fullmatch(text) is None:
        return None, "number.format"
    return Decimal(text), None
