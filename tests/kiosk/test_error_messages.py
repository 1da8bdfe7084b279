"""Every message an applicant can be shown names the field and says what to do.

Each message key of kiosk.messages is produced by a real failing answer (or, for the
validators' own "empty" keys and the item-level findings, by the function that returns
it), rendered with a real label in both languages, and checked against the GOV.UK Design
System's error message guidance: it names the field, is not generic ("此项", "this
field"), uses no jargon ("invalid", 校验位), and comes with a fix.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from kiosk import validators as v
from kiosk.catalog import checks
from kiosk.catalog.loader import Catalog
from kiosk.catalog.models import FormField
from kiosk.forms import FieldProblem, FormState, check_answer
from kiosk.i18n import Text, text
from kiosk.messages import MESSAGES, en_noun, fix, label_params, message, summary_count
from kiosk.prereview import prereview

TODAY = date(2026, 11, 26)  # a Thursday
SATURDAY = date(2026, 11, 28)
FORBIDDEN = (
    "此项",
    "该项",
    "this field",
    "this is",
    "invalid",
    "校验位",
    "check digit",
    "格式不正确",
)


def _field(type_: str, zh: str, en: str, **extra: Any) -> FormField:
    f = FormField.model_validate({"id": "f", "type": type_, "label": {"zh": zh, "en": en}, **extra})
    # What the catalog loader does: compile the bounds, pattern and rules.
    assert list(checks._field(f, [], [f.id])) == []
    return f


NAME = ("text", "老年人姓名", "Older person's name")
ID = ("resident_id", "老年人身份证号码", "Older person's resident ID number")
CODE = ("credit_code", "统一社会信用代码", "Unified social credit code")
MOBILE = ("mobile", "联系电话", "Contact mobile number")
LANDLINE = ("landline", "单位电话", "Office landline")
POSTAL = ("postal_code", "邮政编码", "Postal code")
DATE = ("date", "出生日期", "Date of birth")
MONEY = ("money", "月收入", "Monthly income")
NUMBER = ("number", "家庭人口数", "People in the household")
CHOICES = [
    {"value": "a", "label": {"zh": "甲", "en": "A"}},
    {"value": "b", "label": {"zh": "乙", "en": "B"}},
]
SINGLE = ("single_choice", "申报方式", "Who is applying")
MULTI = ("multiple_choice", "残疾类别", "Kind of disability")
YES_NO = ("yes_no", "是否替他人办理？", "Are you applying for someone else?")
ADDRESS = ("address", "现居住地址", "Home address")

# key: (field, its extra settings, a failing answer)
FIELD_CASES: dict[str, tuple[tuple[str, str, str], dict[str, Any], Any]] = {
    "field.required": (NAME, {}, ""),
    "choice.required": (SINGLE, {"choices": CHOICES}, None),
    "yes_no.required": (YES_NO, {}, None),
    "field.wrong_type": (NAME, {}, ["a"]),
    "text.too_short": (NAME, {"min_length": 2}, "王"),
    "text.too_long": (("long_text", "情况说明", "What happened"), {"max_length": 200}, "字" * 230),
    "text.pattern": (NAME, {"pattern": "[a-z]+"}, "王"),
    "resident_id.length": (ID, {}, "1101051949123100"),
    "resident_id.characters": (ID, {}, "11010519491231002A"),
    "resident_id.birth_date_invalid": (ID, {}, "110105194913310021"),
    "resident_id.birth_date_future": (ID, {}, "110105209912310021"),
    "resident_id.birth_date_too_early": (ID, {}, "110105189912310021"),
    "resident_id.check_digit": (ID, {}, "110105194912310021"),
    "credit_code.length": (CODE, {}, "91220101MA0Y5X3K0"),
    "credit_code.characters": (CODE, {}, "91220101MA0Y5X3K0Z"),
    "credit_code.authority": (CODE, {}, "0A220101MA0Y5X3K0X"),
    "credit_code.area": (CODE, {}, "9122A101MA0Y5X3K0X"),
    "credit_code.check_char": (CODE, {}, "91220101MA0Y5X3K01"),
    "mobile.format": (MOBILE, {}, "1391234"),
    "landline.format": (LANDLINE, {}, "81234567"),
    "postal_code.format": (POSTAL, {}, "13000"),
    "date.format": (DATE, {}, "1949年12"),
    "date.invalid": (DATE, {}, "1949-02-30"),
    "date.too_early": (DATE, {"min": "1900-01-01"}, "1899-12-31"),
    "date.too_late": (DATE, {"max": "today"}, "2099-01-01"),
    "money.format": (MONEY, {}, "一千"),
    "money.negative": (MONEY, {}, "-5"),
    "money.too_many_decimals": (MONEY, {}, "1.234"),
    "money.too_large": (MONEY, {}, "9999999999999"),
    "number.format": (NUMBER, {}, "三"),
    "number.too_small": (NUMBER, {"min": 1, "max": 20}, "0"),
    "number.too_large": (NUMBER, {"min": 1, "max": 20}, "21"),
    "choice.invalid": (SINGLE, {"choices": CHOICES}, "z"),
    "choice.too_few": (MULTI, {"choices": CHOICES, "min_choices": 2}, ["a"]),
    "choice.too_many": (MULTI, {"choices": CHOICES, "max_choices": 1}, ["a", "b"]),
    "yes_no.invalid": (YES_NO, {}, "maybe"),
    "address.incomplete": (ADDRESS, {}, {"province": "吉林省", "city": "长春市"}),
    "constraint": (
        NUMBER,
        {
            "constraints": [
                {"rule": "value > 5", "message": {"zh": "至少 6 人", "en": "At least 6"}}
            ]
        },
        "3",
    ),
}
# The validators' "empty" keys: a form says field.required instead (a blank answer is
# never validated), but the functions return them and a log may show them.
EMPTY_CASES: dict[str, tuple[tuple[str, str, str], Callable[[], str | None]]] = {
    "resident_id.empty": (ID, lambda: v.resident_id_problem(" ")),
    "credit_code.empty": (CODE, lambda: v.credit_code_problem("")),
    "mobile.empty": (MOBILE, lambda: v.mobile_problem("")),
    "landline.empty": (LANDLINE, lambda: v.landline_problem("\u3000")),
    "postal_code.empty": (POSTAL, lambda: v.postal_code_problem("")),
    "date.empty": (DATE, lambda: v.parse_date("")[1]),
    "money.empty": (MONEY, lambda: v.parse_money("")[1]),
    "number.empty": (NUMBER, lambda: v.parse_number(" ")[1]),
}
ITEM_KEYS = {"material.missing", "item.not_on_saturday"}


def _problem(key: str) -> tuple[Text, FieldProblem]:
    (type_, zh, en), extra, answer = FIELD_CASES[key]
    f = _field(type_, zh, en, **extra)
    state = FormState(values={f.id: None}, visible=frozenset({f.id}), visible_pages=())
    problems = check_answer(f, answer, state, TODAY)
    assert [p.key for p in problems] == [key], problems
    return f.label, problems[0]


def _check(key: str, label: Text, params: dict[str, Any]) -> tuple[Text, Text]:
    said, then = message(key, label, **params), fix(key, label, **params)
    noun = label_params(label)["noun"]
    for language, words, name, inner in (
        ("zh", said.zh, label.zh, noun.zh),
        ("en", said.en, label.en, noun.en),
    ):
        assert name.rstrip("?？") in words or inner in words, (language, words)
        low = words.lower()
        assert not any(bad.lower() in low for bad in FORBIDDEN), (language, words)
        assert "{" not in words and "}" not in words, words
    assert then.zh and then.en and "{" not in then.zh + then.en
    return said, then


def test_every_key_is_covered() -> None:
    assert set(FIELD_CASES) | set(EMPTY_CASES) | ITEM_KEYS == set(MESSAGES)
    assert set(MESSAGES) >= v.PROBLEM_KEYS


@pytest.mark.parametrize("key", sorted(FIELD_CASES))
def test_a_failing_answer_gets_its_message(key: str) -> None:
    label, problem = _problem(key)
    _check(key, label, dict(problem.params))


@pytest.mark.parametrize("key", sorted(EMPTY_CASES))
def test_a_validators_empty_key_names_the_field(key: str) -> None:
    (_, zh, en), produce = EMPTY_CASES[key]
    assert produce() == key
    said, _ = _check(key, text(zh, en), {})
    assert said.zh.startswith("请输入") and said.en.startswith("Enter the ")


def test_materials_and_items_name_what_is_missing(catalog: Catalog) -> None:
    item = catalog["construction-permit"]  # not handled on Saturdays
    materials = {m.id: False for m in item.materials}
    result = prereview(item, {}, materials, SATURDAY)
    found = {f.code: f for f in result.findings}
    assert set(found) >= ITEM_KEYS
    for key in ITEM_KEYS:
        _check(key, found[key].label, {})
        assert found[key].message == message(key, found[key].label)


@pytest.mark.parametrize(
    ("key", "zh", "en"),
    [
        ("field.required", "请输入老年人姓名", "Enter the older person's name"),
        ("choice.required", "请选择申报方式", "Select who is applying"),
        ("resident_id.length", "老年人身份证号码应为 18 位，您输入了 16 位",
         "Older person's resident ID number must be 18 characters, you entered 16"),
        ("resident_id.check_digit", "老年人身份证号码最后一位与前 17 位不符，请核对证件",
         "The last character of the older person's resident ID number does not match the"
         " first 17, check the ID card"),
        ("credit_code.length", "统一社会信用代码应为 18 位，您输入了 17 位",
         "Unified social credit code must be 18 characters, you entered 17"),
        ("mobile.format", "联系电话应为以 1 开头的 11 位数字，您输入了 7 位",
         "Contact mobile number must be 11 digits starting with 1, you entered 7 digits"),
        ("postal_code.format", "邮政编码应为 6 位数字，如 130000",
         "Postal code must be 6 digits, like 130000"),
        ("date.too_late", "出生日期不能晚于今天", "Date of birth must be today or earlier"),
        ("date.too_early", "出生日期不能早于1900年1月1日",
         "Date of birth must be 1 January 1900 or later"),
        ("number.too_large", "家庭人口数不能大于 20", "People in the household must be 20 or less"),
        ("text.too_long", "情况说明最多 200 个字，您输入了 230 个",
         "What happened must be 200 characters or fewer, you entered 230"),
        ("address.incomplete", "请填写现居住地址的区县、详细地址",
         "Enter the district and street address of the home address"),
    ],
)  # fmt: skip
def test_messages_read_as_written(key: str, zh: str, en: str) -> None:
    label, problem = _problem(key)
    said = message(key, label, **problem.params)
    assert (said.zh, said.en) == (zh, en)


def test_english_labels_read_inside_a_sentence() -> None:
    assert en_noun("Mother's name") == "the mother's name"
    assert en_noun("Your name") == "your name"
    assert en_noun("A family member's mobile number") == "a family member's mobile number"
    assert en_noun("ID number") == "the ID number"
    assert en_noun("How the premises are held") == "how the premises are held"


def test_the_summary_counts_answers() -> None:
    assert summary_count(1) == text("有 1 处需要修改", "Correct 1 answer")
    assert summary_count(5) == text("有 5 处需要修改", "Correct 5 answers")
