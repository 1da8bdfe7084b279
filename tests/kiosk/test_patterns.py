"""Catalog patterns run in linear time: a hostile pattern cannot stall pre-review.

Python's `re` takes exponential time for ``^(a+)+$`` on ``"a" * 41 + "!"``; the catalog's
patterns are compiled by RE2 (kiosk.catalog.patterns), which cannot backtrack. These
tests load a real catalog file with such a pattern and pre-review real answers.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.catalog.expr import ExprError, parse
from kiosk.catalog.loader import CatalogError, load_catalog
from kiosk.catalog.models import ServiceItem
from kiosk.catalog.patterns import PATTERN_RULE, LinearPattern, PatternError, compile_pattern
from kiosk.forms import check_answer, form_state
from kiosk.prereview import prereview
from kiosk.resources import resource_path

ITEM = resource_path("catalog") / "construction-permit.toml"
SHIPPED = 'pattern = "[0-9]{4}-[0-9]{6}-[0-9]{2}-[0-9]{2}-[0-9]{6}"'
ON = date(2026, 11, 26)  # a Thursday
# Patterns that make a backtracking engine take exponential (or high polynomial) time.
HOSTILE = [r"^(a+)+$", r"(a|a)*b", r"(a|aa)+$", r"(\w+\s?)*$", r"^(([a-z])+.)+[A-Z]([a-z])+$"]


def _item(tmp_path: Path, pattern_line: str) -> ServiceItem:
    text = ITEM.read_text(encoding="utf-8")
    assert SHIPPED in text
    folder = tmp_path / "cat"
    folder.mkdir(exist_ok=True)
    (folder / ITEM.name).write_text(text.replace(SHIPPED, pattern_line), encoding="utf-8")
    return load_catalog(folder)["construction-permit"]


def _toml(pattern: str) -> str:
    return "pattern = '" + pattern + "'"


@pytest.mark.parametrize("pattern", HOSTILE)
def test_a_backtracking_pattern_does_not_stall_prereview(tmp_path: Path, pattern: str) -> None:
    item = _item(tmp_path, _toml(pattern))
    # A backtracking engine takes minutes (or years) for each of these answers.
    for answer in ("a" * 41 + "!", "a" * 199 + "!", "ab " * 60 + "!"):
        result = prereview(item, {"project_code": answer}, {}, ON)
        found = [x for x in result.findings if x.target == "project_code"]
        assert [x.code for x in found] == ["text.pattern"], (pattern, answer)
    assert isinstance(item.field("project_code").compiled_pattern, LinearPattern)


def test_the_shipped_pattern_still_matches_what_it_did(catalog: object, tmp_path: Path) -> None:
    item = _item(tmp_path, SHIPPED)
    f = item.field("project_code")
    state = form_state(item, {}, ON)
    assert check_answer(f, "2024-220171-47-01-012345", state, ON) == []
    assert [p.key for p in check_answer(f, "2024-220171-47-01-01234", state, ON)] == [
        "text.pattern"
    ]
    assert [p.key for p in check_answer(f, "x2024-220171-47-01-012345", state, ON)] == [
        "text.pattern"
    ]


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(a)\1", "invalid escape sequence"),  # a backreference
        (r"(?=a)a", "invalid perl operator"),  # lookahead
        (r"(?<!a)b", "invalid perl operator"),  # lookbehind
        (r"((a{100}){100}){100}", "repetition size"),  # a program too large to compile
        ("[", "missing ]"),
    ],
)
def test_patterns_re2_cannot_run_are_refused_at_load(
    tmp_path: Path, pattern: str, why: str
) -> None:
    with pytest.raises(CatalogError) as err:
        _item(tmp_path, _toml(pattern))
    (problem,) = err.value.problems
    assert problem.file == "construction-permit.toml"
    assert problem.location == "page 'project' › field 'project_code' › pattern"
    assert "bounded time" in problem.message and why in problem.message


def test_a_pattern_has_a_length_limit_and_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as err:
        _item(tmp_path, _toml("a" * (PATTERN_RULE.max_chars + 1)))
    assert "at most 300 characters, one line" in err.value.problems[0].message
    with pytest.raises(PatternError, match="a line break"):
        compile_pattern("a\nb")


def test_the_compiled_pattern_keeps_the_api_forms_uses() -> None:
    p = compile_pattern(r"[0-9]{3}")
    assert p.fullmatch("123") and not p.fullmatch("1234")
    assert p.match("1234") and not p.match("x123")
    assert p.search("x123") and not p.search("x12")
    # Chinese text and a lone surrogate (answers are cleaned before, but never a crash).
    han = compile_pattern(r"\p{Han}{2,4}")
    assert han.fullmatch("张三丰") and not han.fullmatch("Zhang")
    assert han.fullmatch("张\ud800三") is None


@settings(
    max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    pattern=st.sampled_from([*HOSTILE, r"[0-9]{4}-[0-9]{6}", r"(\d+)*x"]),
    answer=st.text(alphabet="ab !\n\x1c\u2029中", max_size=2000),
)
def test_hostile_answers_against_hostile_patterns_always_answer(pattern: str, answer: str) -> None:
    p = compile_pattern(pattern)
    for call in (p.fullmatch, p.search, p.match):
        call(answer)  # returns in linear time; an exception fails the test


@pytest.mark.parametrize("pattern", HOSTILE)
def test_matches_in_an_expression_runs_in_linear_time_too(pattern: str) -> None:
    rule = parse(f"matches(value, '{pattern}')", allowed_names=[], allow_value=True)
    for answer in ("a" * 41 + "!", "ab " * 600 + "!"):
        assert not rule.truthy({"value": answer}, ON)
    with pytest.raises(ExprError, match="invalid regular expression"):
        parse(r"matches(value, '(a)\1')", allowed_names=[], allow_value=True)
