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
        "old_address": {
            "province": "吉林省",
            "city": "长春市",
            "district": "经济技术开发区",
            "detail": "东南湖大路1999号",
        },
        "new_address": {
            "province": "吉林省",
            "city": "长春市",
            "district": "经济技术开发区",
            "detail": "临河街3366号新厂房",
        },
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


def company_startup_answers() -> dict[str, AnswerValue]:
    """Answers for the joint company start-up (设立登记 + 公章刻制 + 涉税事项)."""
    return {
        "company_name": "长春经开绿源新材料有限公司",
        "company_type": "llc",
        "registered_capital": "500,000",
        "capital_deadline": "2030-12-31",
        "business_scope": "新材料技术研发；环保设备销售；技术咨询服务",
        "company_address": {
            "province": "吉林省",
            "city": "长春市",
            "district": "经济技术开发区",
            "detail": "浦东路555号2号楼301室",
        },
        "premises_use": "leased",
        "rep_name": "张建国",
        "rep_id": sample_resident_id(birth="19781003", seq="215"),
        "rep_mobile": "13504315678",
        "rep_in_person": True,
        "shareholder_count": "2",
        "seal_types": ["official", "finance", "invoice"],
        "taxpayer_type": "small_scale",
        "invoice_needed": True,
        "bookkeeping": "agency",
        "agency_credit_code": sample_credit_code("91220101MA1B2C3D4"),
    }


def elderly_card_answers() -> dict[str, AnswerValue]:
    """Answers for an elderly card declared by the community grid leader (网格化零跑代办)."""
    return {
        "applicant_name": "张玉琴",
        "applicant_id": sample_resident_id(birth="19540318", seq="042"),
        "hukou": "local",
        "home_address": {
            "province": "吉林省",
            "city": "长春市",
            "district": "经济技术开发区",
            "detail": "会展社区福临家园5栋2单元",
        },
        "applicant_phone": "",
        "family_contact": "13604317788",
        "by_proxy": True,
        "proxy_role": "grid_leader",
        "proxy_name": "王婧姝",
        "proxy_id": sample_resident_id(birth="19900725", seq="368"),
        "proxy_mobile": "15643112233",
        "grid_community": "会展社区",
        "delivery": "grid_leader",
    }


def residence_permit_answers() -> dict[str, AnswerValue]:
    """Answers for a first residence permit of someone who came to work in the zone."""
    return {
        "applicant_name": "李明",
        "applicant_id": sample_resident_id(area="230102", birth="19950211", seq="571"),
        "applicant_mobile": "18843119090",
        "hukou_address": {
            "province": "黑龙江省",
            "city": "哈尔滨市",
            "district": "道里区",
            "detail": "安静街12号",
        },
        "residence_address": {
            "province": "吉林省",
            "city": "长春市",
            "district": "经济技术开发区",
            "detail": "自由大路88号3-501",
        },
        "residence_postal_code": "130033",
        "residence_since": "2025-09-01",
        "housing": "rented",
        "reason": "employment",
        "employer_name": "一汽富晟集团有限公司",
        "employer_credit_code": "",
    }


# Complete, valid answers per item, for tests, demos and benchmarks.
SAMPLES: dict[str, Callable[[], dict[str, AnswerValue]]] = {
    "company-address-change": company_address_change_answers,
    "company-startup": company_startup_answers,
    "elderly-card": elderly_card_answers,
    "residence-permit": residence_permit_answers,
}


def sample_signature_strokes() -> tuple[list[list[tuple[float, float]]], float, float]:
    """A made-up signature as a 600 x 200 pad hands it over: three cursive loops and a
    flourish (strokes, width, height), for the console, sample prints and benchmarks."""
    import math

    strokes: list[list[tuple[float, float]]] = []
    for n, (left, top) in enumerate(((40.0, 50.0), (210.0, 40.0), (380.0, 55.0))):
        points = []
        for i in range(48):
            t = i / 47
            x = left + 130 * t + 22 * math.sin(t * 6 * math.pi + n)
            y = top + 55 + 45 * math.sin(t * 4 * math.pi) * (1 - 0.4 * t)
            points.append((round(x, 1), round(y, 1)))
        strokes.append(points)
    strokes.append([(60.0 + 9 * i, 170.0 - 4 * math.sin(i / 6)) for i in range(55)])
    return strokes, 600.0, 200.0
