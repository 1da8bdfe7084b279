"""What the kiosk tells an applicant about a problem: message keys to bilingual text.

Validators and pre-review name problems by key (e.g. "resident_id.check_digit"); this
table gives each key a message (what is wrong) and a fix (what to do), in Chinese and
English, so the screen, the one-time notice and the technician's log all agree.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import Text, text

# key: (message, fix). A message names the field by its own label and says, in one plain
# sentence, what is wrong and what to do (the GOV.UK Design System's error message
# guidance): no "此项"/"this field", no "invalid", no jargon such as 校验位. Placeholders:
# {label} the field's label as the catalog writes it (it starts an English sentence),
# {noun} the label as it reads inside an English sentence ("the mother's name"; in
# Chinese the label itself), and the rule's own values ({count}, {min}, {max}, {parts}).
# The fix is the further step the one-time notice prints under the message.
_ID_CARD = text("请对照身份证逐位核对", "Check it against the ID card, character by character")
_LICENCE = text(
    "请对照营业执照逐位核对", "Check it against the business licence, character by character"
)
_RETYPE = text("请核对后重新输入", "Check it and enter it again")
MESSAGES: dict[str, tuple[Text, Text]] = {
    # Resident ID (居民身份证号码)
    "resident_id.empty": (
        text("请输入{label}", "Enter {noun}"),
        text(
            "号码为 18 位，印在身份证人像面",
            "The 18-character number is on the photo side of the ID card",
        ),
    ),
    "resident_id.length": (
        text(
            "{label}应为 18 位，您输入了 {count} 位",
            "{label} must be 18 characters, you entered {count}",
        ),
        _ID_CARD,
    ),
    "resident_id.characters": (
        text(
            "{label}只能包含数字，最后一位可以是 X",
            "{label} must contain only numbers, and the last character can be X",
        ),
        _ID_CARD,
    ),
    "resident_id.birth_date_invalid": (
        text(
            "{label}第 7 至 14 位应为出生日期，如 19800101",
            "Characters 7 to 14 of {noun} must be a date of birth, like 19800101",
        ),
        _ID_CARD,
    ),
    "resident_id.birth_date_future": (
        text(
            "{label}第 7 至 14 位的出生日期必须在今天之前",
            "The date of birth in characters 7 to 14 of {noun} must be in the past",
        ),
        _ID_CARD,
    ),
    "resident_id.birth_date_too_early": (
        text(
            "{label}第 7 至 14 位的出生日期不能早于 1900 年",
            "The date of birth in characters 7 to 14 of {noun} must be 1900 or later",
        ),
        _ID_CARD,
    ),
    "resident_id.check_digit": (
        text(
            "{label}最后一位与前 17 位不符，请核对证件",
            "The last character of {noun} does not match the first 17, check the ID card",
        ),
        text("可能有一位输错，请逐位核对", "A character may have been mistyped: check each one"),
    ),
    # Unified social credit code (统一社会信用代码)
    "credit_code.empty": (
        text("请输入{label}", "Enter {noun}"),
        text("代码为 18 位，印在营业执照上", "The 18-character code is on the business licence"),
    ),
    "credit_code.length": (
        text(
            "{label}应为 18 位，您输入了 {count} 位",
            "{label} must be 18 characters, you entered {count}",
        ),
        _LICENCE,
    ),
    "credit_code.characters": (
        text(
            "{label}只能包含数字和大写字母，不含 I、O、Z、S、V",
            "{label} must contain only numbers and capital letters other than I, O, Z, S and V",
        ),
        text(
            "请对照营业执照核对，字母 O 应为数字 0",
            "Check it against the business licence: an O is the number 0",
        ),
    ),
    "credit_code.authority": (
        text(
            "{label}的前 2 位与营业执照不符，请核对",
            "The first 2 characters of {noun} do not match a business licence, check them",
        ),
        _LICENCE,
    ),
    "credit_code.area": (
        text("{label}第 3 至 8 位应为数字", "Characters 3 to 8 of {noun} must be numbers"),
        _LICENCE,
    ),
    "credit_code.check_char": (
        text(
            "{label}最后一位与前 17 位不符，请核对营业执照",
            "The last character of {noun} does not match the first 17, check the business licence",
        ),
        text("可能有一位输错，请逐位核对", "A character may have been mistyped: check each one"),
    ),
    # Phones, postal code
    "mobile.empty": (
        text("请输入{label}", "Enter {noun}"),
        text("手机号码为以 1 开头的 11 位数字", "A mobile number is 11 digits starting with 1"),
    ),
    "mobile.format": (
        text(
            "{label}应为以 1 开头的 11 位数字，您输入了 {count} 位",
            "{label} must be 11 digits starting with 1, you entered {count} digits",
        ),
        _RETYPE,
    ),
    "landline.empty": (
        text("请输入{label}", "Enter {noun}"),
        text(
            "请填写区号和号码，如 0431-81234567",
            "Enter the area code and number, like 0431-81234567",
        ),
    ),
    "landline.format": (
        text(
            "{label}应为区号加号码，如 0431-81234567",
            "{label} must be an area code and a number, like 0431-81234567",
        ),
        _RETYPE,
    ),
    "postal_code.empty": (
        text("请输入{label}", "Enter {noun}"),
        text("邮政编码为 6 位数字", "A postal code is 6 digits"),
    ),
    "postal_code.format": (
        text("{label}应为 6 位数字，如 130000", "{label} must be 6 digits, like 130000"),
        _RETYPE,
    ),
    # Dates, money, numbers
    "date.empty": (
        text("请输入{label}", "Enter {noun}"),
        text("请按“年-月-日”填写，如 2026-11-26", "Write year-month-day, like 2026-11-26"),
    ),
    "date.format": (
        text(
            "{label}应按“年-月-日”填写，如 2026-11-26",
            "{label} must be written as year-month-day, like 2026-11-26",
        ),
        _RETYPE,
    ),
    "date.invalid": (
        text("{label}必须是真实存在的日期", "{label} must be a real date"),
        text("请核对月份和日", "Check the month and the day"),
    ),
    "date.too_early": (
        text("{label}不能早于{min}", "{label} must be {min} or later"),
        _RETYPE,
    ),
    "date.too_late": (
        text("{label}不能晚于{max}", "{label} must be {max} or earlier"),
        _RETYPE,
    ),
    "money.empty": (
        text("请输入{label}", "Enter {noun}"),
        text("请以元为单位填写数字", "Enter the amount in yuan"),
    ),
    "money.format": (
        text(
            "{label}只能填写数字，如 1000 或 1000.50",
            "{label} must be an amount in numbers, like 1000 or 1000.50",
        ),
        _RETYPE,
    ),
    "money.negative": (
        text("{label}不能是负数", "{label} must be 0 or more"),
        _RETYPE,
    ),
    "money.too_many_decimals": (
        text(
            "{label}最多保留 2 位小数（精确到分）",
            "{label} must have no more than 2 decimal places",
        ),
        _RETYPE,
    ),
    "money.too_large": (
        text(
            "{label}不能超过 999999999999.99 元",
            "{label} must be no more than 999,999,999,999.99 yuan",
        ),
        text("请核对金额的位数", "Check the number of digits"),
    ),
    "number.empty": (
        text("请输入{label}", "Enter {noun}"),
        text("请填写数字", "Enter a number"),
    ),
    "number.format": (
        text("{label}只能填写数字，如 3", "{label} must be a number, like 3"),
        _RETYPE,
    ),
    "number.too_small": (
        text("{label}不能小于 {min}", "{label} must be {min} or more"),
        _RETYPE,
    ),
    "number.too_large": (
        text("{label}不能大于 {max}", "{label} must be {max} or less"),
        _RETYPE,
    ),
    # Generic form rules
    "field.required": (
        text("请输入{label}", "Enter {noun}"),
        text("带 * 的项必须填写", "Answers marked * must be given"),
    ),
    "choice.required": (
        text("请选择{label}", "Select {noun}"),
        text("请点选一个选项", "Tap one of the options"),
    ),
    "yes_no.required": (
        text("请选择“是”或“否”回答：{label}", "Select yes or no for “{label}”"),
        text("请点“是”或“否”", "Tap yes or no"),
    ),
    "field.wrong_type": (
        text("请重新填写{label}", "Enter {noun} again"),
        text("刚才的答案未能读取", "The answer given could not be read"),
    ),
    "text.too_short": (
        text(
            "{label}至少 {min} 个字，您输入了 {count} 个",
            "{label} must be {min} characters or more, you entered {count}",
        ),
        text("请填写完整", "Write it in full"),
    ),
    "text.too_long": (
        text(
            "{label}最多 {max} 个字，您输入了 {count} 个",
            "{label} must be {max} characters or fewer, you entered {count}",
        ),
        text("请精简内容", "Shorten it"),
    ),
    "text.pattern": (
        text(
            "{label}的写法不对，请按输入框上方的提示填写",
            "{label} must be written as the hint above it shows",
        ),
        text("请按提示修改", "Change it as the hint shows"),
    ),
    "choice.invalid": (
        text("请从列出的选项中选择{label}", "Select {noun} from the options shown"),
        text("请重新选择", "Choose again"),
    ),
    "choice.too_few": (
        text("{label}至少选择 {min} 项", "Select at least {min} for {noun}"),
        text("请再选择", "Choose more"),
    ),
    "choice.too_many": (
        text("{label}最多选择 {max} 项", "Select no more than {max} for {noun}"),
        text("请取消多余的选项", "Remove some choices"),
    ),
    "yes_no.invalid": (
        text("请选择“是”或“否”回答：{label}", "Select yes or no for “{label}”"),
        text("请重新选择", "Choose again"),
    ),
    "address.incomplete": (
        text("请填写{label}的{parts}", "Enter the {parts} of {noun}"),
        text(
            "地址包括省、市、区县和详细地址", "An address has a province, city, district and street"
        ),
    ),
    "constraint": (
        text("请核对{label}", "Check {noun}"),
        text("请按提示修改", "Change it as the message says"),
    ),
    # Materials and the item as a whole ({label}: the material's or the item's name)
    "material.missing": (
        text("缺少必要材料：{label}", "An essential material is missing: {label}"),
        text(
            "请备齐该材料后再来取号，或呼叫辅导员咨询", "Bring this material, or ask the attendant"
        ),
    ),
    "item.not_on_saturday": (
        text("{label}星期六不受理", "{label} is not handled on Saturdays"),
        text("请于工作日前来办理，或预约下次办理", "Please come on a working day"),
    ),
}

_BARE_EN = frozenset(
    "a an the your you who how where what when which whether does do is are has have".split()  # noqa: SIM905
)


def en_noun(label: str) -> str:
    """An English label as it reads inside a sentence: "Mother's name" -> "the mother's
    name", "Your name" -> "your name", "A family member's ..." -> "a family member's ...";
    an acronym keeps its capitals ("ID number")."""
    label = label.strip().rstrip("?:：？")
    if not label:
        return label
    first = label.split(maxsplit=1)[0]
    if len(first) > 1 and first[1].isupper():  # ID, PIN: as written
        return f"the {label}"
    lowered = label[0].lower() + label[1:]
    if first.lower() in _BARE_EN:
        return lowered
    return f"the {lowered}"


def label_params(label: Text) -> dict[str, Text]:
    """The {label} and {noun} placeholders for a field (or material, item) called `label`."""
    return {"label": label, "noun": text(label.zh, en_noun(label.en))}


def summary_count(count: int) -> Text:
    """The error summary's line under "There is a problem": "Correct 5 answers"."""
    return text(
        f"有 {count} 处需要修改",
        "Correct 1 answer" if count == 1 else f"Correct {count} answers",
    )


ADDRESS_PARTS: dict[str, Text] = {
    "province": text("省", "province"),
    "city": text("市", "city"),
    "district": text("区县", "district"),
    "detail": text("详细地址", "street address"),
}


def message(key: str, label: Text | None = None, **params: Any) -> Text:
    """The message for `key`, naming `label`, with its placeholders filled in."""
    return MESSAGES[key][0].format(**_params(label, params))


def fix(key: str, label: Text | None = None, **params: Any) -> Text:
    """What the applicant should do about `key`."""
    return MESSAGES[key][1].format(**_params(label, params))


def _params(label: Text | None, params: dict[str, Any]) -> dict[str, Any]:
    # Without a label (a technician's log line), the generic noun of the answer.
    named = label_params(label if label is not None else text("该项", "The answer"))
    return {**named, **params}
