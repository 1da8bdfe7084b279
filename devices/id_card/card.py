"""A card as read: its kind and fields, named as the catalog names them, never in a log.

`IdCard` holds what the form needs and nothing more: no photo, no fingerprint. Its repr
(and so its str, and any log line or traceback that shows it) masks everything
personal: the name to its first character, the number to its first and last four.
`values()` gives the fields by the names the catalog's ``from_id_card`` uses
(`CARD_VALUES`, the same tuple as kiosk.id_card_fill's, kept equal by a test).

`to_wire` / `from_wire` carry a card over the worker's pipe as JSON-ready values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from devices.id_card import codes
from kiosk.card_values import CARD_VALUES as CARD_VALUES
from kiosk.card_values import LONG_TERM as LONG_TERM


class CardKind(StrEnum):
    RESIDENT = "resident"  # 居民身份证
    FOREIGNER = "foreigner"  # 外国人永久居留身份证
    HMT_RESIDENT = "hmt_resident"  # 港澳台居民居住证


def mask_name(name: str) -> str:
    """王小明 -> 王*: the first character, one star whatever the length."""
    return f"{name[:1]}*" if name else ""


def mask_number(number: str) -> str:
    """110101199003070011 -> 1101**********0011: at most the first and last four kept."""
    keep = min(4, len(number) // 4)
    if keep == 0:
        return "*" * len(number)
    return number[:keep] + "*" * (len(number) - 2 * keep) + number[-keep:]


@dataclass(frozen=True, repr=False)
class IdCard:
    """One card's fields. ``sex`` and ``nation`` are codes (codes.SEXES, codes.NATIONS;
    nation "" where the card has none); ``valid_to`` None means long-term (长期)."""

    kind: CardKind
    name: str
    sex: str
    nation: str
    birth: date
    address: str
    id_number: str
    authority: str
    valid_from: date
    valid_to: date | None
    english_name: str = ""  # foreigners
    nationality: str = ""  # foreigners: ISO 3166-1 alpha-3
    pass_number: str = ""  # Hong Kong, Macao and Taiwan residents: their pass's number

    def __repr__(self) -> str:
        return (
            f"IdCard({self.kind.value}, name={mask_name(self.name)!r}, "
            f"id_number={mask_number(self.id_number)!r})"
        )

    def expired(self, today: date) -> bool:
        """Whether the card was no longer valid on `today` (its last day still counts)."""
        return self.valid_to is not None and today > self.valid_to

    def sex_name(self, language: str = "zh_CN") -> str:
        return codes.sex_name(self.sex, language)

    def nation_name(self, language: str = "zh_CN") -> str:
        return codes.nation_name(self.nation, language)

    def values(self) -> dict[str, str]:
        """The card's values by the catalog's names (`CARD_VALUES`): sex and nation as
        Chinese names, dates as YYYY-MM-DD, valid_to "长期" for a long-term card."""
        return {
            "name": self.name,
            "sex": self.sex_name("zh_CN"),
            "nation": self.nation_name("zh_CN"),
            "birth_date": self.birth.isoformat(),
            "address": self.address,
            "id_number": self.id_number,
            "authority": self.authority,
            "valid_from": self.valid_from.isoformat(),
            "valid_to": LONG_TERM if self.valid_to is None else self.valid_to.isoformat(),
        }

    def to_wire(self) -> dict[str, str]:
        """The values, the kind, and what values() leaves out or names (the codes)."""
        return {
            **self.values(),
            "kind": self.kind.value,
            "sex_code": self.sex,
            "nation_code": self.nation,
            "english_name": self.english_name,
            "nationality": self.nationality,
            "pass_number": self.pass_number,
        }

    @classmethod
    def from_wire(cls, wire: Mapping[str, object]) -> IdCard:
        """The card `to_wire` gave; ValueError when anything is missing or malformed."""

        def get(key: str) -> str:
            value = wire.get(key)
            if not isinstance(value, str):
                raise ValueError(f"card value {key!r} is not a string")
            return value

        valid_to = get("valid_to")
        return cls(
            kind=CardKind(get("kind")),
            name=get("name"),
            sex=get("sex_code"),
            nation=get("nation_code"),
            birth=date.fromisoformat(get("birth_date")),
            address=get("address"),
            id_number=get("id_number"),
            authority=get("authority"),
            valid_from=date.fromisoformat(get("valid_from")),
            valid_to=None if valid_to == LONG_TERM else date.fromisoformat(valid_to),
            english_name=get("english_name"),
            nationality=get("nationality"),
            pass_number=get("pass_number"),
        )
