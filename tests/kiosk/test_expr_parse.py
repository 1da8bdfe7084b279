"""Parse errors and safety of the catalog expression language (kiosk.catalog.expr)."""

from __future__ import annotations

import ast
import inspect
import pickle
from collections.abc import Collection
from datetime import date
from decimal import Decimal

import pytest

from kiosk.catalog import expr, expr_values
from kiosk.catalog.expr import MAX_DEPTH, MAX_LENGTH, ExprError, Expression, parse

TODAY = date(2026, 11, 26)
D = Decimal


def err(
    source: str, allowed_names: Collection[str] | None = None, allow_value: bool = False
) -> ExprError:
    with pytest.raises(ExprError) as info:
        parse(source, allowed_names=allowed_names, allow_value=allow_value)
    return info.value


# --------------------------------------------------------------------------- parse errors


@pytest.mark.parametrize(
    ("source", "position", "reason"),
    [
        ("foo(x) > 1", 0, "unknown function 'foo'"),
        ("x > 1 and foo(x)", 10, "unknown function 'foo'"),
        ("len(a, b)", 0, "len() takes 1 argument but 2 were given"),
        ("len()", 0, "len() takes 1 argument but 0 were given"),
        ("1 < today(1)", 4, "today() takes 0 arguments but 1 was given"),
        ("matches(a)", 0, "matches() takes 2 arguments"),
        ("any_of(a, b, c)", 0, "any_of() takes 2 arguments"),
        ("(a and b", 0, "'(' is never closed"),
        ("len((a)", 3, "'(' is never closed"),
        ("((a)", 0, "'(' is never closed"),
        ("a and b)", 7, "unexpected ')'"),
        ("(a))", 3, "unexpected ')'"),
        ("[1, 2", 0, "'[' is never closed"),
        ("(a b)", 3, "expected ')' but found 'b'"),
        ("a < b < c", 6, "comparisons cannot be chained"),
        ("a == b == c", 7, "comparisons cannot be chained"),
        ("a in b in c", 7, "comparisons cannot be chained"),
        ("a < b not in c", 6, "comparisons cannot be chained"),
        ("matches(a, '[0-9')", 11, "invalid regular expression"),
        ("matches(a, '(')", 11, "invalid regular expression"),
        ("matches(a, 'a**')", 11, "invalid regular expression"),
        ("matches(a, '[[a]')", 11, "invalid regular expression"),  # a FutureWarning in re
        ("matches(a, 'x{99999999999}')", 11, "invalid regular expression"),
        ("matches(a, '" + "(" * 900 + ")" * 900 + "')", 11, "invalid regular expression"),
        ("matches(a, b)", 11, "must be a string literal"),
        ("matches(a, 'x' + 'y')", 11, "must be a string literal"),
        ("matches('x', lower('Y'))", 13, "must be a string literal"),
        ("a == 1 b", 7, "unexpected 'b'"),
        ("a == 1 )", 7, "unexpected ')'"),
        ("1 2", 2, "unexpected '2'"),
        ("a.", 2, "expected a key name after '.'"),
        ("a.1", 2, "expected a key name after '.'"),
        ("1.", 1, "unexpected '.'"),
        ("'abc", 0, "unterminated string"),
        ("a == 'abc", 5, "unterminated string"),
        ("\"abc'", 0, "unterminated string"),
        ("'abc\\'", 0, "unterminated string"),
        ("", 0, "empty expression"),
        ("   \n\t ", 0, "empty expression"),
        ("()", 1, "expected an expression before ')'"),
        ("a and", 5, "unexpected end of expression"),
        ("not", 3, "unexpected end of expression"),
        ("1 +", 3, "unexpected end of expression"),
        ("a = 1", 2, "compare with '=='"),
        ("!a", 0, "write 'not' or '!='"),
        ("a（1）", 1, "full-width"),
        ("a == ‘x’", 5, "quote strings"),
        ("a && b", 2, "unexpected character '&'"),
        ("+1", 0, "expected an expression but found '+'"),
        ("date('2026-02-30')", 5, "invalid date"),
        ("date('26-1-1')", 5, "invalid date"),
        ("len(1,)", 6, "expected an expression before ')'"),
        ("[,]", 1, "expected an expression but found ','"),
    ],
)
def test_parse_errors_have_positions(source: str, position: int, reason: str) -> None:
    e = err(source)
    assert e.position == position, e
    assert reason in e.reason
    assert e.source == source
    assert 0 <= e.position <= len(source)


def test_unknown_field_when_allowed_names_given() -> None:
    e = err("a == 1 and b == 2", allowed_names=["a"])
    assert (e.position, e.reason) == (11, "unknown field 'b'")
    e = err("addr.city == 'x'", allowed_names=["a"])
    assert (e.position, e.reason) == (0, "unknown field 'addr'")
    e = err("True", allowed_names=["a"])
    assert e.reason == "unknown field 'True' (did you mean 'true'?)"
    assert parse("a == 1 and b.c == 2", allowed_names={"a", "b"}).names == {"a", "b"}
    assert parse("len(a) > 0", allowed_names=("a",)).names == {"a"}
    # Without allowed_names any name is accepted.
    assert parse("whatever == 1").names == {"whatever"}
    # Function names are not field names, and field names are checked inside calls.
    e = err("len(a) > 0", allowed_names=[])
    assert (e.position, e.reason) == (4, "unknown field 'a'")


def test_value_only_in_constraints() -> None:
    e = err("value > 1")
    assert (e.position, e.reason) == (0, "'value' can only be used in constraints")
    e = err("a and value.detail == 'x'", allowed_names=["a", "value"])
    assert (e.position, e.reason) == (6, "'value' can only be used in constraints")
    ok = parse("value > 1 and a", allowed_names=["a"], allow_value=True)
    assert ok.names == {"a"}
    assert ok.truthy({"value": D(2), "a": True}, TODAY)
    assert not ok.truthy({"value": D(0), "a": True}, TODAY)


def test_error_message_and_attributes() -> None:
    e = err("foo(x) > 1")
    assert isinstance(e, ValueError)
    assert str(e) == "unknown function 'foo' at position 0 in: foo(x) > 1"
    assert (e.source, e.position, e.reason) == ("foo(x) > 1", 0, "unknown function 'foo'")
    copy = pickle.loads(pickle.dumps(e))
    assert (copy.source, copy.position, copy.reason, str(copy)) == (
        e.source,
        e.position,
        e.reason,
        str(e),
    )


def test_too_long() -> None:
    longest = "1" + " + 1" * ((MAX_LENGTH - 1) // 4)
    assert len(longest) <= MAX_LENGTH
    assert parse(longest).evaluate({}, TODAY) == D(1 + (MAX_LENGTH - 1) // 4)
    source = "a or " * 400 + "a"
    assert len(source) > MAX_LENGTH
    e = err(source)
    assert e.position == MAX_LENGTH
    assert "longer than 2000 characters" in e.reason
    assert len(str(e)) < 400  # the message quotes only the start of the source


@pytest.mark.parametrize(
    ("source", "position"),
    [
        ("(" * 200 + "1" + ")" * 200, MAX_DEPTH),
        ("not " * 200 + "x", MAX_DEPTH * 4),
        ("-" * 200 + "1", MAX_DEPTH),
        ("[" * 200 + "]" * 200, MAX_DEPTH),
        ("len(" * 200 + "x" + ")" * 200, MAX_DEPTH * 4 + 3),
        ("(" * 1000, MAX_DEPTH),  # unbalanced too, but too deep first
        ("not (" * 60 + "x" + ")" * 60, 125),
    ],
)
def test_too_deep(source: str, position: int) -> None:
    e = err(source)
    assert "nested deeper than 50 levels" in e.reason
    assert e.position == position


def test_depth_limit_is_inclusive() -> None:
    assert parse("(" * MAX_DEPTH + "1" + ")" * MAX_DEPTH).evaluate({}, TODAY) == D(1)
    assert parse("not " * MAX_DEPTH + "true").evaluate({}, TODAY) is True
    assert parse("len(" * MAX_DEPTH + "'x'" + ")" * MAX_DEPTH).evaluate({}, TODAY) is None


def test_long_flat_chains_evaluate_without_deep_recursion() -> None:
    many_or = parse(" or ".join(["a"] * 399 + ["b"]))
    assert many_or.truthy({"b": True}, TODAY)
    assert not many_or.truthy({}, TODAY)
    many_and = parse(" and ".join(["a"] * 330))
    assert many_and.truthy({"a": True}, TODAY)
    assert parse(" - ".join(["x"] * 500)).evaluate({"x": D(1)}, TODAY) == D(-498)
    assert parse(" * ".join(["x"] * 500)).evaluate({"x": D(1)}, TODAY) == D(1)
    assert parse(" / ".join(["x"] * 500)).evaluate({"x": D(0)}, TODAY) is None
    assert parse(" + ".join(["x"] * 500)).evaluate({"x": "ab"}, TODAY) == "ab" * 500


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('x')",
        "().__class__",
        "().__class__.__bases__[0].__subclasses__()",
        "lambda: 1",
        "x if y else z",
        "[x for x in y]",
        "a[0]",
        "a.b()",
        "open('/etc/passwd').read()",
        "eval('1')",
        "exec('1')",
        "compile('1', 'x', 'eval')",
        "getattr(a, 'b')",
        "a.__class__()",
        "print(1)",
        "x := 1",
        "a; b",
        "1 if True else 2",
        "{'a': 1}",
        "f'{x}'",
        "a ** 2",
        "a // 2",
        "a % 2",
        "a is None",
        "a is not None",
        "`a`",
        "a @ b",
        "a & b",
        "a | b",
        "~a",
        "1e3",
        "0x10",
        "a.b.c(1)",
        "len",  # a name: fine without allowed names, so check with them below
    ],
)
def test_python_lookalikes_are_rejected(source: str) -> None:
    with pytest.raises(ExprError):
        parse(source, allowed_names=["a", "b", "x", "y", "z"])


# --------------------------------------------------------------------------- safety


@pytest.mark.parametrize("module", [expr, expr_values])
def test_module_never_evaluates_python(module: object) -> None:
    source = inspect.getsource(module)  # type: ignore[arg-type]
    tree = ast.parse(source)
    forbidden = {"eval", "exec", "compile", "__import__", "literal_eval", "getattr"}
    calls = [
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in forbidden
    ]
    assert calls == []
    attribute_calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"literal_eval", "eval", "exec"}
    ]
    assert attribute_calls == []
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert not imported & {"ast", "builtins", "importlib", "os", "subprocess", "pickle"}


def test_expression_is_frozen_and_comparable() -> None:
    a = parse("x == 1")
    b = parse("x == 1")
    assert isinstance(a, Expression)
    assert a == b
    assert hash(a) == hash(b)
    assert a != parse("x == 2")
    assert "x == 1" in repr(a)
    with pytest.raises(AttributeError):
        a.source = "y"  # type: ignore[misc]
