"""What the kiosk tells an applicant about a problem: message keys to bilingual text.

Validators and pre-review name problems by key (e.g. "resident_id.check_digit"); this
table gives each key a message (what is wrong) and a fix (what to do), in Chinese and
English, so the screen, the one-time notice and the technician's log all agree.
"""

from __future__ import annotations

from typing import Any

from kiosk.i18n import Text, text

# key: (message, fix)
MESSAGES: dict[str, tuple[Text, Text]] = {
    # Resident ID (居民身份证号码)
    "resident_id.empty": (
        text("未填写身份证号码", "The ID number is missing"),
        text("请输入18位身份证号码", "Enter the 18-character ID number"),
    ),
    "resident_id.length": (
        text("身份证号码应为18位", "An ID number has 18 characters"),
        text("请核对位数后重新输入", "Check the number of characters"),
    ),
    "resident_id.characters": (
        text("身份证号码只能由数字和末位X组成", "An ID number has digits only, and X at the end"),
        text("请核对证件后重新输入", "Check the ID card and enter it again"),
    ),
    "resident_id.birth_date_invalid": (
        text("身份证号码中的出生日期不存在", "The birth date in the ID number does not exist"),
        text("请核对第7至14位（出生日期）", "Check characters 7 to 14 (the birth date)"),
    ),
    "resident_id.birth_date_future": (
        text("身份证号码中的出生日期晚于今天", "The birth date in the ID number is in the future"),
        text("请核对第7至14位（出生日期）", "Check characters 7 to 14 (the birth date)"),
    ),
    "resident_id.birth_date_too_early": (
        text("身份证号码中的出生日期早于1900年", "The birth date in the ID number is before 1900"),
        text("请核对第7至14位（出生日期）", "Check characters 7 to 14 (the birth date)"),
    ),
    "resident_id.check_digit": (
        text(
            "身份证号码校验位不符，可能有数字输错",
            "The check digit does not match: a digit may be wrong",
        ),
        text("请逐位核对身份证号码，末位X请输入大写", "Check each digit against the ID card"),
    ),
    # Unified social credit code (统一社会信用代码)
    "credit_code.empty": (
        text("未填写统一社会信用代码", "The credit code is missing"),
        text("请输入营业执照上的18位代码", "Enter the 18-character code on the licence"),
    ),
    "credit_code.length": (
        text("统一社会信用代码应为18位", "A credit code has 18 characters"),
        text("请核对位数后重新输入", "Check the number of characters"),
    ),
    "credit_code.characters": (
        text(
            "统一社会信用代码含有不允许的字符（不使用I、O、Z、S、V）",
            "The credit code has a character it cannot contain (I, O, Z, S, V are never used)",
        ),
        text("请对照营业执照核对，如O应为数字0", "Check against the licence: O is the digit 0"),
    ),
    "credit_code.authority": (
        text(
            "统一社会信用代码前两位（登记管理部门和机构类别）不正确",
            "The first two characters (authority and type) of the credit code are wrong",
        ),
        text("请对照营业执照核对前两位", "Check the first two characters against the licence"),
    ),
    "credit_code.area": (
        text(
            "统一社会信用代码第3至8位应为行政区划代码",
            "Characters 3 to 8 of the credit code must be an area code",
        ),
        text("请对照营业执照核对", "Check against the licence"),
    ),
    "credit_code.check_char": (
        text(
            "统一社会信用代码校验位不符，可能有字符输错",
            "The check character does not match: a character may be wrong",
        ),
        text("请逐位核对营业执照上的代码", "Check each character against the licence"),
    ),
    # Phones, postal code
    "mobile.empty": (
        text("未填写手机号码", "The mobile number is missing"),
        text("请输入11位手机号码", "Enter the 11-digit mobile number"),
    ),
    "mobile.format": (
        text("手机号码应为以1开头的11位数字", "A mobile number has 11 digits starting with 1"),
        text("请核对后重新输入", "Check it and enter it again"),
    ),
    "landline.empty": (
        text("未填写固定电话", "The landline number is missing"),
        text("请输入区号和电话号码", "Enter the area code and number"),
    ),
    "landline.format": (
        text("固定电话格式不正确", "The landline number is not in a known form"),
        text(
            "请按“区号-号码”填写，如0431-81234567", "Write area code - number, e.g. 0431-81234567"
        ),
    ),
    "postal_code.empty": (
        text("未填写邮政编码", "The postal code is missing"),
        text("请输入6位邮政编码", "Enter the 6-digit postal code"),
    ),
    "postal_code.format": (
        text("邮政编码应为6位数字", "A postal code has 6 digits"),
        text("请核对后重新输入", "Check it and enter it again"),
    ),
    # Dates, money, numbers
    "date.empty": (
        text("未填写日期", "The date is missing"),
        text("请选择或输入日期", "Choose or enter the date"),
    ),
    "date.format": (
        text("日期格式不正确", "The date is not in a known form"),
        text("请按“年-月-日”填写，如2026-11-26", "Write year-month-day, e.g. 2026-11-26"),
    ),
    "date.invalid": (
        text("该日期不存在", "That date does not exist"),
        text("请核对月份和日期", "Check the month and the day"),
    ),
    "date.too_early": (
        text("日期不能早于{min}", "The date cannot be before {min}"),
        text("请核对日期", "Check the date"),
    ),
    "date.too_late": (
        text("日期不能晚于{max}", "The date cannot be after {max}"),
        text("请核对日期", "Check the date"),
    ),
    "money.empty": (
        text("未填写金额", "The amount is missing"),
        text("请输入金额（元）", "Enter the amount in yuan"),
    ),
    "money.format": (
        text("金额格式不正确", "The amount is not a number"),
        text("请只输入数字，如 1000 或 1000.50", "Enter digits only, e.g. 1000 or 1000.50"),
    ),
    "money.negative": (
        text("金额不能为负数", "The amount cannot be negative"),
        text("请核对金额", "Check the amount"),
    ),
    "money.too_many_decimals": (
        text("金额最多保留两位小数", "An amount has at most two decimals"),
        text("请精确到分", "Round to the fen (0.01)"),
    ),
    "money.too_large": (
        text("金额过大", "The amount is too large"),
        text("请核对金额的位数", "Check the number of digits"),
    ),
    "number.empty": (
        text("未填写数字", "The number is missing"),
        text("请输入数字", "Enter a number"),
    ),
    "number.format": (
        text("请输入数字", "This must be a number"),
        text("请只输入数字", "Enter digits only"),
    ),
    "number.too_small": (
        text("不能小于{min}", "Cannot be less than {min}"),
        text("请核对后重新输入", "Check it and enter it again"),
    ),
    "number.too_large": (
        text("不能大于{max}", "Cannot be more than {max}"),
        text("请核对后重新输入", "Check it and enter it again"),
    ),
    # Generic form rules
    "field.required": (
        text("此项为必填项", "This is required"),
        text("请填写此项", "Please fill this in"),
    ),
    "field.wrong_type": (
        text("此项的答案无法识别", "This answer could not be read"),
        text("请重新填写此项", "Please fill this in again"),
    ),
    "text.too_short": (
        text("至少需要{min}个字", "At least {min} characters are needed"),
        text("请填写完整", "Please write it in full"),
    ),
    "text.too_long": (
        text("最多{max}个字", "At most {max} characters"),
        text("请精简内容", "Please shorten it"),
    ),
    "text.pattern": (
        text("格式不正确", "This is not in the expected form"),
        text("请按提示填写", "Follow the hint under the field"),
    ),
    "choice.invalid": (
        text("请从列出的选项中选择", "Choose one of the options shown"),
        text("请重新选择", "Choose again"),
    ),
    "choice.too_few": (
        text("至少选择{min}项", "Choose at least {min}"),
        text("请再选择", "Choose more"),
    ),
    "choice.too_many": (
        text("最多选择{max}项", "Choose at most {max}"),
        text("请取消多余的选项", "Remove some choices"),
    ),
    "yes_no.invalid": (
        text("请选择“是”或“否”", "Choose yes or no"),
        text("请重新选择", "Choose again"),
    ),
    "address.incomplete": (
        text("地址不完整：缺少{parts}", "The address is incomplete: {parts} missing"),
        text("请填写省、市、区县和详细地址", "Fill in province, city, district and street"),
    ),
    "constraint": (
        text("填写内容不符合要求", "This answer does not meet the rule"),
        text("请按提示修改", "Change it as the message says"),
    ),
    # Materials and the item as a whole
    "material.missing": (
        text("缺少必要材料", "An essential material is missing"),
        text(
            "请备齐该材料后再来取号，或呼叫辅导员咨询", "Bring this material, or ask the attendant"
        ),
    ),
    "item.not_on_saturday": (
        text("该事项星期六不受理", "This item is not handled on Saturdays"),
        text("请于工作日前来办理，或预约下次办理", "Please come on a working day"),
    ),
}

ADDRESS_PARTS: dict[str, Text] = {
    "province": text("省", "province"),
    "city": text("市", "city"),
    "district": text("区县", "district"),
    "detail": text("详细地址", "street address"),
}


def message(key: str, **params: Any) -> Text:
    """The message for `key`, with its placeholders filled in."""
    return MESSAGES[key][0].format(**params)


def fix(key: str, **params: Any) -> Text:
    """What the applicant should do about `key`."""
    return MESSAGES[key][1].format(**params)
