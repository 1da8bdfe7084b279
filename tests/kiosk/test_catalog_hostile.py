"""A hostile catalog file always gets an answer: loaded, or refused with problems naming
the file, the item and the place; never a traceback.

The defects this guards against: a control character (U+001C, U+001D, NEL, U+2029) or a
line break in an item's or a material's name was accepted and then broke every ticket;
a 50,000-character name took seconds to load; TOML nested a few hundred levels deep
raised RecursionError from `kiosk check-catalog`; a field's max_length had no ceiling.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.__main__ import main
from kiosk.catalog.loader import (
    HEADING,
    MAX_FILE_BYTES,
    MAX_FILES,
    Catalog,
    CatalogError,
    CatalogProblem,
    check_catalog,
    load_catalog,
    load_item,
)
from kiosk.resources import resource_path
from kiosk.text import ANSWER_MAX_CHARS, LABEL, NAME, PARAGRAPH, SHORT
from tests.kiosk.toml_mutations import WRONG_VALUES, mutated, places, replaced, to_toml

SHIPPED = sorted(resource_path("catalog").glob("*.toml"))
EXAMPLE = resource_path("catalog") / "company-address-change.toml"


def _data(path: Path = EXAMPLE) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _problems(tmp_path: Path, text: str | bytes, name: str = EXAMPLE.name) -> list[CatalogProblem]:
    folder = tmp_path / "cat"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    (folder / name).write_bytes(raw)
    return check_catalog(folder)


# --- every shown text follows its rule -----------------------------------------------------


def _text_places(data: object) -> list[tuple[str | int, ...]]:
    """Every {zh, en} table of an item file."""
    found = []
    for where in places(data):
        node: Any = data
        for part in where:
            node = node[part]
        if isinstance(node, dict) and set(node) == {"zh", "en"}:
            found.append(where)
    return found


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_every_text_of_every_shipped_item_refuses_a_control_character(
    tmp_path: Path, path: Path
) -> None:
    data = _data(path)
    texts = _text_places(data)
    assert len(texts) > 20
    for where in texts:
        for lang in ("zh", "en"):
            hostile = replaced(data, (*where, lang), "政务\x1c服务")
            found = _problems(tmp_path, to_toml(hostile), path.name)
            assert len(found) == 1, (where, found)
            (problem,) = found
            assert problem.file == path.name and problem.item == path.stem
            assert str(where[-1]) in problem.location
            assert problem.message.startswith(f"{lang}: U+001C at character 3 is not allowed")
            assert "(at most " in problem.message


@pytest.mark.parametrize(
    ("where", "rule"),
    [
        (("name",), NAME),
        (("description",), PARAGRAPH),
        (("departments", 0), LABEL),
        (("pages", 0, "title"), LABEL),
        (("pages", 0, "fields", 0, "label"), SHORT),
        (("pages", 0, "fields", 0, "hint"), SHORT),
        (("materials", 0, "name"), LABEL),
    ],
)
@pytest.mark.parametrize("ch", ["\n", "\x1c", "\x1d", "\x85", "\u2029", "\u202e", "\ud800"])
def test_the_issues_characters_are_refused_by_the_places_rule(
    tmp_path: Path, where: tuple[str | int, ...], rule: Any, ch: str
) -> None:
    if ch == "\n" and rule.multiline:
        pytest.skip("a paragraph may break lines")
    if ch == "\ud800":  # TOML cannot even write it: the parser refuses the escape
        text = EXAMPLE.read_text(encoding="utf-8").replace(
            'name = { zh = "', 'name = { zh = "\\ud800', 1
        )
        (problem,) = _problems(tmp_path, text)
        assert "not valid TOML" in problem.message
        return
    (problem,) = _problems(tmp_path, to_toml(replaced(_data(), (*where, "zh"), "材" + ch + "料")))
    assert problem.message.startswith("zh: ") and f"({rule.describe()})" in problem.message


def test_the_ticket_texts_name_their_limit(tmp_path: Path) -> None:
    hostile = replaced(_data(), ("name", "zh"), "名" * 50_000)
    (problem,) = _problems(tmp_path, to_toml(hostile))
    assert str(problem) == (
        "company-address-change.toml: item 'company-address-change': name: "
        "zh: 50000 characters is too long (at most 40 characters, one line)"
    )
    hostile = replaced(_data(), ("materials", 0, "name", "en"), "m" * 201)
    (problem,) = _problems(tmp_path, to_toml(hostile))
    assert problem.location.endswith("› name")
    assert problem.message == "en: 201 characters is too long (at most 200 characters, one line)"


def test_keywords_are_short_single_lines(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, to_toml(replaced(_data(), ("keywords", 0), "迁\n址")))
    assert problem.location == "keywords › [0]"
    assert "a line break at character 2" in problem.message


# --- a field's limits ----------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "most"), [("text", 200), ("long_text", 2000)])
def test_max_length_may_not_exceed_the_answer_limit_of_its_type(
    tmp_path: Path, kind: str, most: int
) -> None:
    assert ANSWER_MAX_CHARS[kind] == most
    field = ("pages", 0, "fields", 0)
    data = replaced(replaced(_data(), (*field, "type"), kind), (*field, "max_length"), most)
    assert _problems(tmp_path, to_toml(data)) == []
    data = replaced(data, (*field, "max_length"), most + 1)
    (problem,) = _problems(tmp_path, to_toml(data))
    assert problem.location.endswith("› max_length")
    assert problem.message == f"{most + 1} is more than a {kind} answer holds (at most {most})"


# --- nesting, size, garbage ----------------------------------------------------------------

DEEP = [
    "name = " + "[" * 400 + "]" * 400,
    "name = " + "{a = " * 400 + "1" + "}" * 400,
    "[" + ".".join(["a"] * 300) + "]",
]


@pytest.mark.parametrize("body", DEEP, ids=["arrays", "inline tables", "dotted headers"])
def test_deep_nesting_is_refused_by_check_catalog(
    tmp_path: Path, body: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("\nname = ", "\n" + body + "\nxname = ", 1)
    (problem,) = _problems(tmp_path, text)
    assert "nested more than 24 levels deep" in problem.message
    assert main(["check-catalog", str(tmp_path / "cat")]) == 1
    out = capsys.readouterr()
    assert out.out.startswith(f"{HEADING}:\n{EXAMPLE.name}: item '?': ")
    assert "1 problem(s)" in out.err and "Traceback" not in out.out + out.err


def test_a_file_over_the_cap_and_too_many_files_are_refused(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8") + "#" * MAX_FILE_BYTES
    (problem,) = _problems(tmp_path, text)
    assert problem.message == "the file is larger than 256 KiB; is it the right file?"
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(MAX_FILES + 1):
        (folder / f"item-{i:04}.toml").touch()
    (problem,) = check_catalog(folder)
    assert problem.message == f"{MAX_FILES + 1} item files; a catalog holds at most {MAX_FILES}"


@pytest.mark.parametrize(
    "raw",
    [
        b"\x00\x01\xff garbage",
        "id = 'x'".encode("utf-16"),
        b"\xef\xbb\xbf" + EXAMPLE.read_bytes(),  # a BOM is fine
        b"id = " + b"9" * 5000,
        b"id = {a = {b = 1}}",
        b"id = 'company-address-change'\nname = [1, 2]",
        b'id = "\x1b[2Jhostile"',
        b"[pages]\nid = 1",
    ],
)
def test_garbage_gets_problems_naming_the_file(tmp_path: Path, raw: bytes) -> None:
    found = _problems(tmp_path, raw)
    if raw.startswith(b"\xef\xbb\xbf"):
        assert found == []
        return
    assert found and all(p.file == EXAMPLE.name for p in found)
    assert all("\x1b" not in str(p) for p in found)  # a hostile id is not echoed raw


# --- fuzzing -------------------------------------------------------------------------------


def _answers(name: str, raw: bytes) -> None:
    """load_item answers an item or problems naming the file: never another exception."""
    item, problems = load_item(name, raw)
    assert (item is None) == bool(problems)
    for p in problems:
        assert p.file == name and p.message and len(str(p)) < 3000, str(p)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_mutations_of_every_shipped_file_get_an_answer(path: Path) -> None:
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(raw=mutated(path.read_bytes()))
    def check(raw: bytes) -> None:
        _answers(path.name, raw)

    check()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(data=st.data())
def test_a_wrong_value_anywhere_in_any_shipped_file_gets_an_answer(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from(SHIPPED))
    content = _data(path)
    where = data.draw(st.sampled_from(list(places(content))))
    value = data.draw(st.sampled_from(WRONG_VALUES))
    _answers(path.name, to_toml(replaced(content, where, value)).encode())


def test_the_shipped_catalog_still_loads(catalog: Catalog) -> None:
    assert len(catalog) == len(SHIPPED)
    with pytest.raises(CatalogError):
        load_catalog(resource_path("catalog") / "missing")


def test_a_hostile_file_name_is_escaped_in_the_problem(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "cat"
    folder.mkdir()
    raw_name = os.fsencode(folder) + b"/\x1b[2J\xff.toml"  # a control and a non-UTF-8 byte
    with open(raw_name, "wb") as f:
        f.write(EXAMPLE.read_bytes())
    (problem,) = check_catalog(folder)
    assert "\x1b" not in str(problem) and problem.file.startswith("'\\x1b[2J")
    assert problem.message == "the file should be named company-address-change.toml"
