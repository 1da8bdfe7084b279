"""Tests for kiosk.validators: generated ID numbers and credit codes, tables of field inputs."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.validators import (
    PROBLEM_KEYS,
    birth_date_from_resident_id,
    credit_code_check_char,
    credit_code_problem,
    is_valid_credit_code,
    is_valid_resident_id,
    landline_problem,
    mobile_problem,
    normalize_credit_code,
    normalize_landline,
    normalize_mobile,
    normalize_resident_id,
    parse_date,
    parse_money,
    parse_number,
    postal_code_problem,
    resident_id_check_digit,
    resident_id_problem,
)

# Fixed "today" for the tests that pass one explicitly; generated data stays before it.
TODAY = date.today()
FIXED_TODAY = date(2026, 11, 26)

FAST = settings(max_examples=60, deadline=None, database=None)
THOROUGH = settings(max_examples=200, deadline=None, database=None)

# --------------------------------------------------------------------------------------------
# Reference implementations, written differently from the module on purpose.
# --------------------------------------------------------------------------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# GB 32100 weights as printed in the standard.
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def reference_id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2 in its recursive form: p = 2 * (p + digit) mod 11."""
    p = 0
    for char in first17:
        p = (p + int(char)) * 2 % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def reference_credit_check(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def make_id(area: str, birth: str, sequence: str = "123") -> str:
    first17 = area + birth + sequence
    return first17 + reference_id_check(first17)


def make_credit_code(first17: str) -> str:
    return first17 + reference_credit_check(first17)


def digits(size: int) -> st.SearchStrategy[str]:
    return st.text("0123456789", min_size=size, max_size=size)


def ymd(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


@st.composite
def resident_ids(
    draw: st.DrawFn, min_birth: date = date(1900, 1, 1), max_birth: date = TODAY
) -> str:
    birth = draw(st.dates(min_value=min_birth, max_value=max_birth))
    return make_id(draw(digits(6)), ymd(birth), draw(digits(3)))


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from("123456789ANY"))
    organisation_type = draw(st.sampled_from("123456789"))
    body = draw(st.text(CREDIT_ALPHABET, min_size=9, max_size=9))
    return make_credit_code(authority + organisation_type + draw(digits(6)) + body)


# Replacement characters for the single-change properties: ASCII digits and letters (the
# forbidden I O Z S V too), lower case, a space, full-width forms, non-ASCII digits, emoji.
REPLACEMENTS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZxailosvzy -_.０１２３４５６７８９ＸｘＡＹ٣३中😀"


def equivalent_in_id(replacement: str, original: str) -> bool:
    """Whether normalising turns ``replacement`` into ``original`` (full-width, ``x``)."""
    return unicodedata.normalize("NFKC", replacement).replace("x", "X") == original


def equivalent_in_credit_code(replacement: str, original: str) -> bool:
    return unicodedata.normalize("NFKC", replacement).upper() == original


def replaced(value: str, position: int, char: str) -> str:
    return value[:position] + char + value[position + 1 :]


# --------------------------------------------------------------------------------------------
# Resident ID numbers
# --------------------------------------------------------------------------------------------


@THOROUGH
@given(resident_ids())
def test_generated_resident_ids_are_valid(resident_id: str) -> None:
    assert resident_id_problem(resident_id, today=TODAY) is None
    assert is_valid_resident_id(resident_id, today=TODAY)
    assert resident_id_check_digit(resident_id[:17]) == resident_id[17]
    birth = resident_id[6:14]
    assert birth_date_from_resident_id(resident_id, today=TODAY) == date(
        int(birth[:4]), int(birth[4:6]), int(birth[6:])
    )


@FAST
@given(resident_ids())
def test_every_single_character_change_of_a_resident_id_fails(resident_id: str) -> None:
    for position, original in enumerate(resident_id):
        for char in REPLACEMENTS:
            if equivalent_in_id(char, original):
                continue
            changed = replaced(resident_id, position, char)
            problem = resident_id_problem(changed, today=TODAY)
            assert problem is not None, (changed, position, char)
            assert not is_valid_resident_id(changed, today=TODAY)
            if char.isascii() and char.isdigit() and not 6 <= position < 14:
                # Area, sequence or check digit: only the checksum can notice.
                assert problem == "resident_id.check_digit", (changed, problem)


@FAST
@given(resident_ids(min_birth=TODAY + timedelta(days=1), max_birth=date(9999, 12, 31)))
def test_generated_future_birth_dates_are_rejected(resident_id: str) -> None:
    assert resident_id_problem(resident_id, today=TODAY) == "resident_id.birth_date_future"
    assert resident_id_problem(resident_id) == "resident_id.birth_date_future"
    assert birth_date_from_resident_id(resident_id, today=TODAY) is None


@FAST
@given(resident_ids(min_birth=date(1, 1, 1), max_birth=date(1899, 12, 31)))
def test_generated_birth_dates_before_1900_are_rejected(resident_id: str) -> None:
    assert resident_id_problem(resident_id, today=TODAY) == "resident_id.birth_date_too_early"
    assert birth_date_from_resident_id(resident_id, today=TODAY) is None


def test_gb_11643_example_number_is_valid() -> None:
    assert resident_id_problem("11010519491231002X") is None
    assert resident_id_check_digit("11010519491231002") == "X"
    assert birth_date_from_resident_id("11010519491231002X") == date(1949, 12, 31)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "resident_id.empty"),
        ("   ", "resident_id.empty"),
        ("\u3000\t", "resident_id.empty"),
        ("11010519491231002", "resident_id.length"),
        ("11010519491231002XX", "resident_id.length"),
        ("1101051949123100", "resident_id.length"),
        ("11010519491231002X😀", "resident_id.length"),
        ("11010519491231002A", "resident_id.characters"),
        ("X10105194912310021", "resident_id.characters"),
        ("11010519491231002-", "resident_id.characters"),
        ("1101051949123100٣X", "resident_id.characters"),
        ("110105194912310😀2X", "resident_id.characters"),
        ("11010519491231002X".replace("2", "a"), "resident_id.characters"),
        # Birth date checks come before the check digit, so the last digit is arbitrary here.
        ("110105194913310020", "resident_id.birth_date_invalid"),
        ("110105194900310020", "resident_id.birth_date_invalid"),
        ("110105000001010020", "resident_id.birth_date_invalid"),
        ("110105189912310020", "resident_id.birth_date_too_early"),
        ("110105202701010020", "resident_id.birth_date_future"),
        ("110105194912310021", "resident_id.check_digit"),
        ("110105194912310020", "resident_id.check_digit"),
    ],
)
def test_resident_id_problem_order(value: str, expected: str) -> None:
    assert resident_id_problem(value, today=FIXED_TODAY) == expected


@pytest.mark.parametrize(
    ("area", "birth", "today", "expected"),
    [
        # A future birth date with a correct check digit: the date is what fails.
        ("110105", "20270101", FIXED_TODAY, "resident_id.birth_date_future"),
        ("110105", "20261127", FIXED_TODAY, "resident_id.birth_date_future"),
        ("110105", "20261126", FIXED_TODAY, None),
        ("110105", "20261127", date(2026, 11, 27), None),
        ("110105", "18991231", FIXED_TODAY, "resident_id.birth_date_too_early"),
        ("110105", "18990101", FIXED_TODAY, "resident_id.birth_date_too_early"),
        ("110105", "19000101", FIXED_TODAY, None),
        ("110105", "20230230", FIXED_TODAY, "resident_id.birth_date_invalid"),
        ("110105", "19000229", FIXED_TODAY, "resident_id.birth_date_invalid"),
        ("110105", "20000229", FIXED_TODAY, None),
        ("110105", "20240229", FIXED_TODAY, None),
        ("110105", "20230431", FIXED_TODAY, "resident_id.birth_date_invalid"),
        # Area codes missing from any table are not an error.
        ("990000", "19800101", FIXED_TODAY, None),
        ("000000", "19800101", FIXED_TODAY, None),
    ],
)
def test_resident_id_birth_dates_and_areas(
    area: str, birth: str, today: date, expected: str | None
) -> None:
    resident_id = make_id(area, birth)
    assert resident_id_problem(resident_id, today=today) == expected
    assert is_valid_resident_id(resident_id, today=today) is (expected is None)


def test_birth_date_from_resident_id() -> None:
    valid = make_id("990000", "19800101")
    assert birth_date_from_resident_id(valid) == date(1980, 1, 1)
    # A wrong check digit still shows the birth date; a wrong date or shape does not.
    wrong_check = valid[:17] + ("0" if valid[17] != "0" else "1")
    assert birth_date_from_resident_id(wrong_check) == date(1980, 1, 1)
    assert birth_date_from_resident_id(make_id("110105", "20230230")) is None
    assert birth_date_from_resident_id(make_id("110105", "20270101"), FIXED_TODAY) is None
    assert birth_date_from_resident_id("") is None
    assert birth_date_from_resident_id("1980") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11010519491231002X", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("  110105 19491231 002x\n", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("１１０１０５\u3000１９４９１２３１００２ｘ", "11010519491231002X"),
        ("", ""),
    ],
)
def test_normalize_resident_id(value: str, expected: str) -> None:
    assert normalize_resident_id(value) == expected
    assert resident_id_problem(value) == resident_id_problem(expected)


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("11010519491231002", "X"),
        ("１１０１０５１９４９１２３１００２", "X"),
        ("1101051949123100", ""),
        ("110105194912310021", ""),
        ("1101051949123100X", ""),
        ("", ""),
    ],
)
def test_resident_id_check_digit(first17: str, expected: str) -> None:
    assert resident_id_check_digit(first17) == expected


# --------------------------------------------------------------------------------------------
# Unified social credit codes
# --------------------------------------------------------------------------------------------


@THOROUGH
@given(credit_codes())
def test_generated_credit_codes_are_valid(code: str) -> None:
    assert credit_code_problem(code) is None
    assert is_valid_credit_code(code)
    assert credit_code_check_char(code[:17]) == code[17]
    assert is_valid_credit_code(code.lower())


@FAST
@given(credit_codes())
def test_every_single_character_change_of_a_credit_code_fails(code: str) -> None:
    for position, original in enumerate(code):
        for char in REPLACEMENTS:
            if equivalent_in_credit_code(char, original):
                continue
            changed = replaced(code, position, char)
            problem = credit_code_problem(changed)
            assert problem is not None, (changed, position, char)
            assert not is_valid_credit_code(changed)
            if char in CREDIT_ALPHABET and position >= 8:
                # Organisation code and check character: only the checksum can notice.
                assert problem == "credit_code.check_char", (changed, problem)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_real_credit_codes_are_valid(code: str) -> None:
    assert credit_code_problem(code) is None
    assert credit_code_check_char(code[:17]) == code[17]
    assert reference_credit_check(code[:17]) == code[17]


@pytest.mark.parametrize("authority", list("123456789ANY"))
def test_every_registration_authority_is_accepted(authority: str) -> None:
    code = make_credit_code(authority + "1110000600037341")
    assert credit_code_problem(code) is None


@pytest.mark.parametrize("forbidden", list("IOZSV"))
@pytest.mark.parametrize("position", [0, 1, 5, 10, 17])
def test_forbidden_letters_are_rejected(forbidden: str, position: int) -> None:
    code = replaced("91110000600037341L", position, forbidden)
    assert credit_code_problem(code) == "credit_code.characters"
    assert credit_code_problem(code.lower()) == "credit_code.characters"
    assert credit_code_check_char(code[:17]) == ("" if position < 17 else "L")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "credit_code.empty"),
        (" \u3000 ", "credit_code.empty"),
        ("91110000600037341", "credit_code.length"),
        ("91110000600037341LL", "credit_code.length"),
        ("91110000600037341-", "credit_code.characters"),
        ("9111000060003734😀L", "credit_code.characters"),
        # Authority and organisation type: make_credit_code gives them a right check char.
        (make_credit_code("01110000600037341"), "credit_code.authority"),
        (make_credit_code("B1110000600037341"), "credit_code.authority"),
        (make_credit_code("X1110000600037341"), "credit_code.authority"),
        (make_credit_code("90110000600037341"), "credit_code.authority"),
        (make_credit_code("9A110000600037341"), "credit_code.authority"),
        (make_credit_code("91A10000600037341"), "credit_code.area"),
        (make_credit_code("9111000Y600037341"), "credit_code.area"),
        ("91110000600037341K", "credit_code.check_char"),
        ("91350100M000100Y40", "credit_code.check_char"),
    ],
)
def test_credit_code_problem_order(value: str, expected: str) -> None:
    assert credit_code_problem(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("91350100m000100y43", "91350100M000100Y43"),
        (" 9135 0100 M000 100Y 43 ", "91350100M000100Y43"),
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),
        ("９１３５０１００ｍ０００１００ｙ４３", "91350100M000100Y43"),
    ],
)
def test_normalize_credit_code(value: str, expected: str) -> None:
    assert normalize_credit_code(value) == expected
    assert is_valid_credit_code(value)


# --------------------------------------------------------------------------------------------
# Phones and postal codes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("13812345678", "13812345678"),
        (" 13812345678 ", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+8613812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("+86-138-1234-5678", "13812345678"),
        ("8613812345678", "13812345678"),
        ("19912345678", "19912345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("138\u30001234\u30005678", "13812345678"),
    ],
)
def test_good_mobiles(value: str, expected: str) -> None:
    assert mobile_problem(value) is None
    assert normalize_mobile(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "mobile.empty"),
        ("  ", "mobile.empty"),
        ("12812345678", "mobile.format"),
        ("10812345678", "mobile.format"),
        ("23812345678", "mobile.format"),
        ("1381234567", "mobile.format"),
        ("138123456789", "mobile.format"),
        ("1381234567a", "mobile.format"),
        ("+85213812345678", "mobile.format"),
        ("008613812345678", "mobile.format"),
        ("+86", "mobile.format"),
        ("0431-81234567", "mobile.format"),
        ("١٣٨١٢٣٤٥٦٧٨", "mobile.format"),
        ("138_1234_5678", "mobile.format"),
    ],
)
def test_bad_mobiles(value: str, expected: str) -> None:
    assert mobile_problem(value) == expected
    assert normalize_mobile(value) == value.strip()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0431-81234567", "0431-81234567"),
        ("0431-8123456", "0431-8123456"),
        ("0431 81234567", "0431-81234567"),
        ("0431\u300081234567", "0431-81234567"),
        ("043181234567", "0431-81234567"),
        ("(0431)81234567", "0431-81234567"),
        ("(0431) 81234567", "0431-81234567"),
        ("（０４３１）８１２３４５６７", "0431-81234567"),
        ("010-62345678", "010-62345678"),
        ("01062345678", "010-62345678"),
        ("02187654321", "021-87654321"),
        ("0431-81234567-123", "0431-81234567-123"),
        ("0431-81234567转123", "0431-81234567-123"),
        ("0431-81234567 转 123456", "0431-81234567-123456"),
        (" 0431-81234567 ", "0431-81234567"),
    ],
)
def test_good_landlines(value: str, expected: str) -> None:
    assert landline_problem(value) is None
    assert normalize_landline(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "landline.empty"),
        ("\u3000", "landline.empty"),
        ("81234567", "landline.format"),
        ("431-81234567", "landline.format"),
        ("0431-01234567", "landline.format"),
        ("0431-11234567", "landline.format"),
        ("010-12345678", "landline.format"),
        ("0431-812345", "landline.format"),
        ("0431-812345678", "landline.format"),
        ("0431-8123456a", "landline.format"),
        ("0431-81234567-1234567", "landline.format"),
        ("0431-81234567转", "landline.format"),
        ("0431-81234567-", "landline.format"),
        ("0431--81234567", "landline.format"),
        ("(0431-81234567", "landline.format"),
        ("00431-81234567", "landline.format"),
        ("13812345678", "landline.format"),
    ],
)
def test_bad_landlines(value: str, expected: str) -> None:
    assert landline_problem(value) == expected
    assert normalize_landline(value) == value.strip()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("130000", None),
        ("100000", None),
        ("010000", None),
        (" 130012 ", None),
        ("", "postal_code.empty"),
        ("   ", "postal_code.empty"),
        ("900000", "postal_code.format"),
        ("13000", "postal_code.format"),
        ("1300000", "postal_code.format"),
        ("13000a", "postal_code.format"),
        ("130 000", "postal_code.format"),
        ("١٣٠٠٠٠", "postal_code.format"),
        ("１３００００", "postal_code.format"),
    ],
)
def test_postal_codes(value: str, expected: str | None) -> None:
    assert postal_code_problem(value) == expected


# --------------------------------------------------------------------------------------------
# Dates, money, numbers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-26", date(2026, 11, 26)),
        ("2026/11/26", date(2026, 11, 26)),
        ("2026.11.26", date(2026, 11, 26)),
        ("20261126", date(2026, 11, 26)),
        ("2026年11月26日", date(2026, 11, 26)),
        ("2026-1-5", date(2026, 1, 5)),
        ("2026/1/05", date(2026, 1, 5)),
        ("2026.1.5", date(2026, 1, 5)),
        ("2026年1月5日", date(2026, 1, 5)),
        (" 2024-02-29 ", date(2024, 2, 29)),
        ("２０２６年１１月２６日", date(2026, 11, 26)),
    ],
)
def test_good_dates(value: str, expected: date) -> None:
    assert parse_date(value) == (expected, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "date.empty"),
        (" ", "date.empty"),
        ("2026-02-30", "date.invalid"),
        ("20260230", "date.invalid"),
        ("2026年2月30日", "date.invalid"),
        ("2023-02-29", "date.invalid"),
        ("2026-13-01", "date.invalid"),
        ("2026-00-10", "date.invalid"),
        ("0000-01-01", "date.invalid"),
        ("26-11-2026", "date.format"),
        ("2026-11", "date.format"),
        ("2026/11-26", "date.format"),
        ("2026-011-26", "date.format"),
        ("2026126", "date.format"),
        ("2026-11-26T10:00", "date.format"),
        ("2026年11月26", "date.format"),
        ("٢٠٢٦-١١-٢٦", "date.format"),
        ("tomorrow", "date.format"),
    ],
)
def test_bad_dates(value: str, expected: str) -> None:
    assert parse_date(value) == (None, expected)


@FAST
@given(st.dates())
def test_dates_round_trip_in_every_accepted_shape(day: date) -> None:
    y, m, d = f"{day.year:04d}", day.month, day.day
    for text in (
        f"{y}-{m:02d}-{d:02d}",
        f"{y}/{m}/{d}",
        f"{y}.{m}.{d:02d}",
        f"{y}{m:02d}{d:02d}",
        f"{y}年{m}月{d}日",
    ):
        assert parse_date(text) == (day, None), text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0.00"),
        ("1234.5", "1234.50"),
        ("1,234.50", "1234.50"),
        ("¥1,234.50", "1234.50"),
        ("￥1,234.50", "1234.50"),
        ("1234.50元", "1234.50"),
        ("¥ 1,234,567.8 元", "1234567.80"),
        ("0.10", "0.10"),
        ("1.500", "1.50"),
        ("999,999,999,999.99", "999999999999.99"),
        ("１２３．４５", "123.45"),
    ],
)
def test_good_money(value: str, expected: str) -> None:
    amount, problem = parse_money(value)
    assert problem is None
    assert isinstance(amount, Decimal)
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "money.empty"),
        ("  ", "money.empty"),
        ("¥", "money.format"),
        ("元", "money.format"),
        ("abc", "money.format"),
        ("12,34", "money.format"),
        ("1234,567", "money.format"),
        ("1,23,456", "money.format"),
        ("1.", "money.format"),
        (".5", "money.format"),
        ("1.2.3", "money.format"),
        ("1e3", "money.format"),
        ("NaN", "money.format"),
        ("+12", "money.format"),
        ("--12", "money.format"),
        ("$12", "money.format"),
        ("-12", "money.negative"),
        ("-¥12", "money.negative"),
        ("¥-12.50", "money.negative"),
        ("1.234", "money.too_many_decimals"),
        ("0.001", "money.too_many_decimals"),
        ("1000000000000", "money.too_large"),
        ("999999999999.999", "money.too_many_decimals"),
        ("1,000,000,000,000.00", "money.too_large"),
        ("9" * 5000, "money.too_large"),
    ],
)
def test_bad_money(value: str, expected: str) -> None:
    assert parse_money(value) == (None, expected)


@FAST
@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_money_round_trips_with_symbol_and_commas(amount: Decimal) -> None:
    assert parse_money(f"¥{amount:,.2f}") == (amount, None)
    assert parse_money(f"{amount:.2f}元") == (amount, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", "0"),
        ("42", "42"),
        ("-1.5", "-1.5"),
        ("+2", "2"),
        (".5", "0.5"),
        (" 3.14159265358979323846264338327950288 ", "3.14159265358979323846264338327950288"),
        ("１２．５", "12.5"),
    ],
)
def test_good_numbers(value: str, expected: str) -> None:
    number, problem = parse_number(value)
    assert problem is None
    assert isinstance(number, Decimal)
    assert number == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", "number.empty"),
        ("\t", "number.empty"),
        ("1,000", "number.format"),
        ("1e5", "number.format"),
        ("NaN", "number.format"),
        ("nan", "number.format"),
        ("sNaN", "number.format"),
        ("Infinity", "number.format"),
        ("-inf", "number.format"),
        ("1.2.3", "number.format"),
        ("--1", "number.format"),
        ("1.", "number.format"),
        ("0x10", "number.format"),
        ("١٢", "number.format"),
        ("1_000", "number.format"),
    ],
)
def test_bad_numbers(value: str, expected: str) -> None:
    assert parse_number(value) == (None, expected)


# --------------------------------------------------------------------------------------------
# Robustness and the key registry
# --------------------------------------------------------------------------------------------

PROBLEM_FUNCTIONS: list[Callable[[str], str | None]] = [
    resident_id_problem,
    credit_code_problem,
    mobile_problem,
    landline_problem,
    postal_code_problem,
]
PARSE_FUNCTIONS: list[Callable[[str], tuple[object, str | None]]] = [
    parse_date,
    parse_money,
    parse_number,
]
STRING_FUNCTIONS: list[Callable[[str], str]] = [
    normalize_resident_id,
    normalize_credit_code,
    normalize_mobile,
    normalize_landline,
    resident_id_check_digit,
    credit_code_check_char,
]

# Arbitrary text, and text made of the characters the validators care about.
any_text = st.one_of(
    st.text(),
    st.text(alphabet="0123456789Xx ＸｘＡ０１９\u3000-+()（）,.¥￥元年月日转/٣😀", max_size=40),
)


@THOROUGH
@given(any_text)
def test_no_function_raises_and_only_known_keys_come_back(value: str) -> None:
    for problem_function in PROBLEM_FUNCTIONS:
        problem = problem_function(value)
        assert problem is None or problem in PROBLEM_KEYS
    for parse_function in PARSE_FUNCTIONS:
        result, problem = parse_function(value)
        assert (result is None) != (problem is None)
        assert problem is None or problem in PROBLEM_KEYS
    for string_function in STRING_FUNCTIONS:
        assert isinstance(string_function(value), str)
    assert isinstance(is_valid_resident_id(value), bool)
    assert isinstance(is_valid_credit_code(value), bool)
    birth = birth_date_from_resident_id(value)
    assert birth is None or isinstance(birth, date)


@FAST
@given(any_text)
def test_normalizing_is_idempotent(value: str) -> None:
    assert normalize_resident_id(normalize_resident_id(value)) == normalize_resident_id(value)
    assert normalize_credit_code(normalize_credit_code(value)) == normalize_credit_code(value)


@pytest.mark.parametrize("char", ["9", "x", "Ｘ", "😀", " ", "年", ","])
def test_very_long_input(char: str) -> None:
    value = char * 200_000
    for problem_function in PROBLEM_FUNCTIONS:
        problem = problem_function(value)
        assert problem is None or problem in PROBLEM_KEYS
    for parse_function in PARSE_FUNCTIONS:
        _, problem = parse_function(value)
        assert problem is None or problem in PROBLEM_KEYS
    for string_function in STRING_FUNCTIONS:
        assert isinstance(string_function(value), str)


# One input per key; together they must cover PROBLEM_KEYS exactly.
KEY_EXAMPLES: list[tuple[Callable[[str], object], str, str]] = [
    (resident_id_problem, "", "resident_id.empty"),
    (resident_id_problem, "1234", "resident_id.length"),
    (resident_id_problem, "1101051949123100AX", "resident_id.characters"),
    (resident_id_problem, "110105194902300020", "resident_id.birth_date_invalid"),
    (resident_id_problem, make_id("110105", "18991231"), "resident_id.birth_date_too_early"),
    (resident_id_problem, make_id("110105", "99991231"), "resident_id.birth_date_future"),
    (resident_id_problem, "110105194912310021", "resident_id.check_digit"),
    (credit_code_problem, "", "credit_code.empty"),
    (credit_code_problem, "9111", "credit_code.length"),
    (credit_code_problem, "9111000060003734IL", "credit_code.characters"),
    (credit_code_problem, "01110000600037341L", "credit_code.authority"),
    (credit_code_problem, "91A10000600037341L", "credit_code.area"),
    (credit_code_problem, "91110000600037341K", "credit_code.check_char"),
    (mobile_problem, "", "mobile.empty"),
    (mobile_problem, "12345", "mobile.format"),
    (landline_problem, "", "landline.empty"),
    (landline_problem, "81234567", "landline.format"),
    (postal_code_problem, "", "postal_code.empty"),
    (postal_code_problem, "999999", "postal_code.format"),
    (parse_date, "", "date.empty"),
    (parse_date, "26/11/2026", "date.format"),
    (parse_date, "2026-02-30", "date.invalid"),
    (parse_money, "", "money.empty"),
    (parse_money, "1,2", "money.format"),
    (parse_money, "-1", "money.negative"),
    (parse_money, "1.001", "money.too_many_decimals"),
    (parse_money, "1000000000000", "money.too_large"),
    (parse_number, "", "number.empty"),
    (parse_number, "Infinity", "number.format"),
]


@pytest.mark.parametrize(("function", "value", "key"), KEY_EXAMPLES)
def test_each_key_is_returned(function: Callable[[str], object], value: str, key: str) -> None:
    result = function(value)
    problem = result[1] if isinstance(result, tuple) else result
    assert problem == key


def test_problem_keys_are_exactly_the_keys_returned() -> None:
    assert {key for _, _, key in KEY_EXAMPLES} == PROBLEM_KEYS
