"""证照免费邮寄: the address a certificate is mailed to, checked where it enters.

The touch screen gathers the recipient's name and mobile, the district (chosen from
kiosk.divisions' lists), the street address and the postal code, and hands them to
:meth:`MailingAddress.of`. What it returns is clean (NFKC, trimmed, one line, within the
protocol's widths) and whole: the province, city and district names come from the
divisions, never from the screen, and kiosk.divisions keeps each within 32 characters.
What it refuses is a :class:`MailingRefused` whose `code` names the field; :data:`MESSAGES`
words it for the applicant.

Plain Python (no Qt, no pydantic): kiosk.mail_requests stores and sends what this makes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from kiosk.divisions import Divisions, address_text, normalize_postcode, postcode_problem
from kiosk.i18n import Text, text
from kiosk.text import refused_char
from kiosk.validators import mobile_problem, normalize_mobile, trim

__all__ = ["CODES", "MESSAGES", "RECIPIENT", "STREET", "MailingAddress", "MailingRefused"]

RECIPIENT: Final = (2, 30)
"""The fewest and most characters of the recipient's name."""
STREET: Final = (4, 120)
"""The fewest and most characters of the street address (mailing.requested's street)."""
CODES: Final = ("recipient", "mobile", "division", "street", "postcode")
"""The fields MailingAddress.of checks, in the order it checks them (the screen's order)."""

_SPACES: Final = re.compile(r" {2,}")


class MailingRefused(ValueError):
    """An address that cannot be mailed to: `code` (one of CODES) names the field."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)  # never the value: names and numbers stay out of logs


@dataclass(frozen=True)
class MailingAddress:
    """A checked mailing address (build it with :meth:`of`; the store rebuilds kept ones).

    `division` is the district's 6-digit code, `province`, `city` and `district` its names
    as the lists showed them. Personal fields stay out of repr, hence out of logs.
    """

    recipient: str = field(repr=False)
    mobile: str = field(repr=False)  # 11 digits
    division: str
    province: str
    city: str
    district: str
    street: str = field(repr=False)
    postcode: str

    @classmethod
    def of(
        cls,
        recipient: str,
        mobile: str,
        division: str,
        street: str,
        postcode: str,
        divisions: Divisions,
    ) -> MailingAddress:
        """The address as the applicant gave it, cleaned; MailingRefused(code) names the
        first field that is wrong, in the screen's order (CODES)."""
        name = _one_line(recipient)
        if name is None or not RECIPIENT[0] <= len(name) <= RECIPIENT[1]:
            raise MailingRefused("recipient")
        if mobile_problem(mobile) is not None:
            raise MailingRefused("mobile")
        place = divisions.find(trim(unicodedata.normalize("NFKC", division)))
        if place is None:
            raise MailingRefused("division")
        line = _one_line(street)
        if line is None or not STREET[0] <= len(line) <= STREET[1]:
            raise MailingRefused("street")
        if postcode_problem(postcode) is not None:
            raise MailingRefused("postcode")
        return cls(
            recipient=name,
            mobile=normalize_mobile(mobile),
            division=place.district.code,
            province=place.province.name,
            city=place.city.name,
            district=place.district.name,
            street=line,
            postcode=normalize_postcode(postcode),
        )

    @property
    def masked_mobile(self) -> str:
        """The mobile with its middle four digits hidden: 136****7788."""
        if len(self.mobile) < 8:
            return "*" * len(self.mobile)
        return f"{self.mobile[:3]}****{self.mobile[7:]}"

    @property
    def address(self) -> str:
        """Province, city, district and street as one line: 吉林省长春市…福临家园5栋2单元."""
        where = address_text(self.division, self.province, self.city, self.district)
        return where + self.street

    def label_lines(self) -> list[str]:
        """The address as a printed slip shows it, in Chinese (the post's language): name
        and masked mobile (a slip may be left behind), the address, the postal code."""
        return [f"{self.recipient} {self.masked_mobile}", self.address, f"邮编 {self.postcode}"]

    def payload_fields(self) -> dict[str, str]:
        """The address's fields of a mailing.requested event (kiosk.protocol's
        MailingRequested), also the store's columns."""
        return {
            "recipient": self.recipient,
            "mobile": self.mobile,
            "division": self.division,
            "province": self.province,
            "city": self.city,
            "district": self.district,
            "street": self.street,
            "postcode": self.postcode,
        }


def _one_line(value: str) -> str | None:
    """`value` NFKC-normalised, trimmed, runs of spaces made one; None when it holds a
    control character or a line break inside (a paste or a scanner, not typing)."""
    cleaned = trim(unicodedata.normalize("NFKC", value))
    if any(refused_char(ch) for ch in cleaned):
        return None
    # NFKC has made the ideographic and other spaces U+0020; U+1680 is the one it keeps.
    return _SPACES.sub(" ", cleaned.replace("\u1680", " "))


MESSAGES: Mapping[str, Text] = {
    "recipient": text(
        "请填写收件人姓名（2至30个字）。",
        "Enter the name of the person the certificate is sent to (2 to 30 characters).",
    ),
    "mobile": text(
        "请填写收件人的手机号码（11位数字，以1开头）。",
        "Enter the mobile number of the person the certificate is sent to: 11 digits, "
        "starting with 1.",
    ),
    "division": text(
        "请依次选择收件地址所在的省、市和区县。",
        "Choose the province, then the city, then the district of the address.",
    ),
    "street": text(
        "请填写详细地址，如街道、小区、楼号和门牌号（4至120个字）。",
        "Enter the rest of the address: street, housing estate, building and door number "
        "(4 to 120 characters).",
    ),
    "postcode": text(
        "请填写6位数字的邮政编码。不知道可以问工作人员。",
        "Enter the postcode: 6 digits. If you do not know it, ask a member of staff.",
    ),
}
"""What the screen says for each MailingRefused code, in Chinese and English."""
