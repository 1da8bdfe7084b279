"""A sample applicant for demos, sample prints and benchmarks: valid numbers, made up.

The numbers are generated with real check digits, so they pass validation, but they
belong to nobody.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.forms import AnswerValue
from kiosk.validators import credit_code_check_char, resident_id_check_digit


def sample_resident_id(area: str = "220102", birth: str = "19800512", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + resident_id_check_digit(first17)


def sample_credit_code(body: str = "91220101MA0Y5X3K0") -> str:
    return body + credit_code_check_char(body)


def company_address_change_answers() -> dict[str, AnswerValue]:
    """Answers for company-address-change: the company that moved to a new plant."""
    return {
        "company_name": "吉林恒鑫环保科技有限公司",
        "credit_code": sample_credit_code(),
        "company_type": "llc",
        "old_address": {"province": "吉林省", "city": "长春市", "district": "经济技术开发区",
                        "detail": "东南湖大路1999号"},
        "new_address": {"province": "吉林省", "city": "长春市", "district": "经济技术开发区",
                        "detail": "临河街3366号新厂房"},
        "new_postal_code": "130033",
        "premises_use": "leased",
        "lease_end": "2031-12-31",
        "move_date": "2026-11-02",
        "legal_rep_changes": False,
        "contact_name": "徐有为",
        "contact_id": sample_resident_id(),
        "contact_mobile": "13943112345",
        "contact_landline": "0431-81234567",
    }


# Complete, valid answers per item, for tests, demos and benchmarks.
SAMPLES: dict[str, Callable[[], dict[str, AnswerValue]]] = {
    "company-address-change": company_address_change_answers,
}
