"""The catalog's expression language: relevance (skip logic) and constraints on answers.

Catalog files are edited by hand, so their expressions are parsed here by a small
tokenizer and recursive-descent parser of our own and compiled into nested closures.
Catalog text is never handed to ``eval``, ``exec``, ``compile`` or any Python AST
machinery; the only thing compiled from it is a regular expression literal (with ``re``).

Grammar, from the lowest precedence to the highest::

    expr       := or
    or         := and ("or" and)*
    and        := not ("and" not)*
    not        := "not" not | comparison
    comparison := sum [compop sum]          # non-associative: a < b < c is an error
    compop     := "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in"
    sum        := product (("+" | "-") product)*
    product    := unary (("*" | "/") unary)*
    unary      := "-" unary | primary
    primary    := NUMBER | STRING | "true" | "false" | "null"
                | "[" [expr ("," expr)* [","]] "]"
                | FUNCTION "(" [expr ("," expr)*] ")"
                | NAME ("." NAME)*
                | "(" expr ")"

Numbers are ``[0-9]+(.[0-9]+)?`` and evaluate to ``Decimal``. Strings take single or
double quotes; a backslash escapes a quote or a backslash, and any other backslash is
kept as written (so a regular expression such as ``'[0-9]\\d{5}'`` reads naturally).
Names are ``[A-Za-z_][A-Za-z0-9_]*`` other than the keywords; they read the answers in
the environment (a missing one is null) and ``value`` reads the answer being constrained.
``a.b`` reads key ``b`` of the mapping ``a`` (null when missing or not a mapping).

Functions (a fixed list; their arity is checked when parsing): ``len(x)``, ``count(x)``,
``empty(x)``, ``today()``, ``date(s)``, ``age(x)``, ``years_between(a, b)``,
``days_between(a, b)``, ``matches(s, 'pattern')``, ``lower(s)``, ``upper(s)`` and
``any_of(list, list)``. The date functions also accept ISO ``YYYY-MM-DD`` strings and
``age`` accepts an 18-character resident ID number (birth date in characters 7 to 14).
``date()`` of a string literal that is not a real date, and ``matches()`` with a pattern
that is not a valid regular expression string literal, are parse errors. ``matches()``
runs on RE2 (kiosk.catalog.patterns): linear in the text whatever the pattern, so
backreferences and lookaround are parse errors too.

Evaluation never raises. Values are ``Decimal``, ``str``, ``bool``, ``date``, ``list``,
``dict`` or ``None`` (null); environment values of other types are read as the nearest of
these (``int`` and ``float`` as ``Decimal``, ``datetime`` as its date, tuples and sets as
lists, other mappings as dicts) or as null. An operation on null, on values of
mismatched types (a number and a string, a date and a number, ...) or that is undefined
(division by zero, arithmetic overflow) yields null. ``==`` and ``!=`` always yield
booleans (``null == null`` is true; values of different types are never equal), as do
``and``, ``or`` and ``not``. In a boolean context only ``true`` is true: null and every
non-boolean value count as false, so ``not null`` is true. ``in`` tests membership of a
list or, between two strings, containment of a substring; ``x in list`` with a null ``x``
is null. Expressions longer than `MAX_LENGTH` characters or nested deeper than
`MAX_DEPTH` levels (parentheses, calls, lists and unary operators) are rejected when
parsing, which bounds both the parser's and the evaluator's recursion.
"""

from __future__ import annotations

import operator
import re
import warnings
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import (
    Decimal,
)
from typing import Any, Final

from kiosk.catalog.expr_values import (
    _ARITY,
    _PLAIN_TYPES,
    _PURE_FUNCTIONS,
    _add,
    _div,
    _eq,
    _fn_age,
    _in,
    _mul,
    _ne,
    _neg,
    _norm,
    _not_in,
    _ordering,
    _parse_iso,
    _sub,
)
from kiosk.catalog.patterns import compile_pattern

__all__ = ["KEYWORDS", "MAX_DEPTH", "MAX_LENGTH", "ExprError", "Expression", "parse"]

MAX_LENGTH: Final = 2000
"""The longest expression source accepted, in characters."""

MAX_DEPTH: Final = 50
"""The deepest nesting accepted (parentheses, calls, lists, ``not`` and unary minus)."""

_MESSAGE_SOURCE_CHARS: Final = 200  # how much of the source an error message quotes

Env = Mapping[str, object]
_Fn = Callable[[Env, date], object]


class ExprError(ValueError):
    """An expression that cannot be parsed; `position` is a 0-based offset into `source`."""

    def __init__(self, source: str, position: int, reason: str) -> None:
        self.source = source
        self.position = position
        self.reason = reason
        shown = source
        if len(shown) > _MESSAGE_SOURCE_CHARS:
            shown = shown[:_MESSAGE_SOURCE_CHARS] + "…"
        super().__init__(f"{reason} at position {position} in: {shown}")

    def __reduce__(self) -> tuple[type[ExprError], tuple[str, int, str]]:
        return (type(self), (self.source, self.position, self.reason))


@dataclass(frozen=True, slots=True)
class Expression:
    """A parsed expression; evaluate it as often as needed.

    `names` holds the names of the answers it reads (for ``address.city`` that is
    ``address``), never ``value``.
    """

    source: str
    names: frozenset[str]
    _fn: _Fn = field(repr=False, compare=False)

    def evaluate(self, env: Env, today: date) -> object:
        """The value of the expression, reading answers (and ``value``) from `env`.

        `today` is the reference date for ``today()`` and ``age()``. Never raises.
        """
        if type(today) is not date and isinstance(today, datetime):
            today = today.date()
        return self._fn(env, today)

    def truthy(self, env: Env, today: date) -> bool:
        """Whether the expression is ``true``; null and non-boolean values are false."""
        if type(today) is not date and isinstance(today, datetime):
            today = today.date()
        return self._fn(env, today) is True


# --------------------------------------------------------------------------- nodes

_NOT_CONSTANT: Final = object()


@dataclass(slots=True)
class _Node:
    """A compiled subexpression: its closure, and its value when known when parsing."""

    fn: _Fn
    const: object = _NOT_CONSTANT
    literal: str | None = None  # the text of a string literal, for matches()

    @property
    def is_const(self) -> bool:
        return self.const is not _NOT_CONSTANT


def _constant(value: object, literal: str | None = None) -> _Node:
    if isinstance(value, list):
        items = tuple(value)

        def fresh_list(env: Env, today: date) -> object:
            return list(items)  # a new list each time: callers may change what they get

        return _Node(fresh_list, value)

    def constant(env: Env, today: date) -> object:
        return value

    return _Node(constant, value, literal)


def _unary(op: Callable[[object], object], node: _Node) -> _Node:
    if node.is_const:
        return _constant(op(node.const))
    f = node.fn

    def unary(env: Env, today: date) -> object:
        return op(f(env, today))

    return _Node(unary)


def _binary(op: Callable[[object, object], object], left: _Node, right: _Node) -> _Node:
    if left.is_const and right.is_const:
        return _constant(op(left.const, right.const))
    lf, rf = left.fn, right.fn
    if right.is_const:
        c = right.const

        def binary_rc(env: Env, today: date) -> object:
            return op(lf(env, today), c)

        return _Node(binary_rc)
    if left.is_const:
        c = left.const

        def binary_lc(env: Env, today: date) -> object:
            return op(c, rf(env, today))

        return _Node(binary_lc)

    def binary(env: Env, today: date) -> object:
        return op(lf(env, today), rf(env, today))

    return _Node(binary)


def _equals(left: _Node, right: _Node, negate: bool) -> _Node:
    if right.is_const and (right.const is None or isinstance(right.const, bool)):
        # x == true / x != null: values are normalized, so identity decides.
        lf, c = left.fn, right.const
        if left.is_const:
            return _constant((left.const is c) != negate)
        if negate:

            def is_not(env: Env, today: date) -> object:
                return lf(env, today) is not c

            return _Node(is_not)

        def is_(env: Env, today: date) -> object:
            return lf(env, today) is c

        return _Node(is_)
    if not left.is_const and right.is_const and type(right.const) in (Decimal, str, date):
        # x == 'text': only a value of the constant's own type can equal it.
        lf2, scalar, kind = left.fn, right.const, type(right.const)

        def equals_scalar(env: Env, today: date) -> object:
            v = lf2(env, today)
            return (isinstance(v, kind) and v == scalar) is not negate

        return _Node(equals_scalar)
    return _binary(_ne if negate else _eq, left, right)


def _chain(first: _Node, rest: list[tuple[Callable[[object, object], object], _Node]]) -> _Node:
    """Left-associative arithmetic, evaluated in a loop so long chains need no recursion."""
    if len(rest) == 1:
        return _binary(rest[0][0], first, rest[0][1])
    if first.is_const and all(node.is_const for _, node in rest):
        acc = first.const
        for op, node in rest:
            acc = op(acc, node.const)
        return _constant(acc)
    head = first.fn
    steps = tuple((op, node.fn) for op, node in rest)

    def chain(env: Env, today: date) -> object:
        acc = head(env, today)
        for op, f in steps:
            if acc is None:  # every arithmetic operation on null is null
                return None
            acc = op(acc, f(env, today))
        return acc

    return _Node(chain)


def _logical(operands: list[_Node], is_and: bool) -> _Node:
    if all(node.is_const for node in operands):
        if is_and:
            return _constant(all(node.const is True for node in operands))
        return _constant(any(node.const is True for node in operands))
    fns = tuple(node.fn for node in operands)
    if len(fns) == 2:
        a, b = fns
        if is_and:

            def and2(env: Env, today: date) -> object:
                return a(env, today) is True and b(env, today) is True

            return _Node(and2)

        def or2(env: Env, today: date) -> object:
            return a(env, today) is True or b(env, today) is True

        return _Node(or2)
    if is_and:

        def and_n(env: Env, today: date) -> object:
            return all(f(env, today) is True for f in fns)

        return _Node(and_n)

    def or_n(env: Env, today: date) -> object:
        return any(f(env, today) is True for f in fns)

    return _Node(or_n)


def _not(node: _Node) -> _Node:
    if node.is_const:
        return _constant(node.const is not True)
    f = node.fn

    def not_(env: Env, today: date) -> object:
        return f(env, today) is not True

    return _Node(not_)


def _name(name: str, path: tuple[str, ...]) -> _Node:
    plain = _PLAIN_TYPES
    if not path:

        def read(env: Env, today: date) -> object:
            v = env.get(name)
            return v if type(v) in plain else _norm(v)

        return _Node(read)

    def read_path(env: Env, today: date) -> object:
        v = env.get(name)
        for key in path:
            if isinstance(v, Mapping):
                v = v.get(key)
            else:
                return None
        return v if type(v) in plain else _norm(v)

    return _Node(read_path)


_COMPARISONS: Final[dict[str, Callable[[object, object], object]]] = {
    "<": _ordering(operator.lt),
    "<=": _ordering(operator.le),
    ">": _ordering(operator.gt),
    ">=": _ordering(operator.ge),
    "in": _in,
    "not in": _not_in,
}


def _compare(op: str, left: _Node, right: _Node) -> _Node:
    if op in ("==", "!="):
        return _equals(left, right, negate=op == "!=")
    impl = _COMPARISONS[op]
    if op in ("<", "<=", ">", ">=") and not left.is_const and right.is_const:
        c = right.const
        kind = type(c)
        if kind in (Decimal, str, date):
            # Only a value of the constant's own type compares with it.
            cmp: Callable[[Any, Any], bool] = {
                "<": operator.lt,
                "<=": operator.le,
                ">": operator.gt,
                ">=": operator.ge,
            }[op]
            lf = left.fn

            def ordered(env: Env, today: date) -> object:
                v = lf(env, today)
                return cmp(v, c) if isinstance(v, kind) else None

            return _Node(ordered)
    return _binary(impl, left, right)


# --------------------------------------------------------------------------- tokens

_NUMBER, _STRING, _NAME, _KEYWORD, _OP, _END, _BAD = (
    "number",
    "string",
    "name",
    "keyword",
    "operator",
    "end",
    "bad",
)
KEYWORDS: Final = frozenset({"and", "or", "not", "in", "true", "false", "null"})
"""Words an answer name cannot be (they mean something in an expression)."""
_IDENT_START: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_")
_DIGITS: Final = frozenset("0123456789")
_IDENT_CHARS: Final = _IDENT_START | _DIGITS
_TWO_CHAR_OPS: Final = frozenset({"==", "!=", "<=", ">="})
_ONE_CHAR_OPS: Final = frozenset("<>+-*/()[],.")
_COMPARISON_OPS: Final = frozenset({"==", "!=", "<", "<=", ">", ">="})
_CURLY_QUOTES: Final = frozenset("‘’“”")


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str  # as written; for a bad token, the reason it is bad
    pos: int
    value: object = None  # a number's Decimal or a string's decoded text


def _bad_character(c: str) -> str:
    if c == "=":
        return "unexpected '='; compare with '=='"
    if c == "!":
        return "unexpected '!'; write 'not' or '!='"
    if c in _CURLY_QUOTES:
        return f"unexpected {c!r}; quote strings with ' or \""
    if "\uff01" <= c <= "\uff5e":
        return f"unexpected full-width {c!r}; write {chr(ord(c) - 0xFEE0)!r}"
    return f"unexpected character {c!r}"


def _tokenize(source: str) -> list[_Token]:
    """The tokens of `source`, ending with an end token or a bad token."""
    tokens: list[_Token] = []
    n = len(source)
    i = 0
    while i < n:
        c = source[i]
        if c.isspace():
            i += 1
            continue
        start = i
        if c in _IDENT_START:
            while i < n and source[i] in _IDENT_CHARS:
                i += 1
            word = source[start:i]
            tokens.append(_Token(_KEYWORD if word in KEYWORDS else _NAME, word, start))
        elif c in _DIGITS:
            while i < n and source[i] in _DIGITS:
                i += 1
            if i + 1 < n and source[i] == "." and source[i + 1] in _DIGITS:
                i += 1
                while i < n and source[i] in _DIGITS:
                    i += 1
            text = source[start:i]
            tokens.append(_Token(_NUMBER, text, start, Decimal(text)))
        elif c in "'\"":
            i += 1
            chars: list[str] = []
            while i < n and source[i] != c:
                if source[i] == "\\" and i + 1 < n and source[i + 1] in "\\'\"":
                    i += 1
                chars.append(source[i])
                i += 1
            if i >= n:
                tokens.append(_Token(_BAD, "unterminated string", start))
                return tokens
            i += 1
            tokens.append(_Token(_STRING, source[start:i], start, "".join(chars)))
        elif source[i : i + 2] in _TWO_CHAR_OPS:
            i += 2
            tokens.append(_Token(_OP, source[start:i], start))
        elif c in _ONE_CHAR_OPS:
            i += 1
            tokens.append(_Token(_OP, c, start))
        else:
            tokens.append(_Token(_BAD, _bad_character(c), start))
            return tokens
    tokens.append(_Token(_END, "", n))
    return tokens


def _describe(tok: _Token) -> str:
    return "end of expression" if tok.kind == _END else repr(tok.text)


# --------------------------------------------------------------------------- parser


class _Parser:
    def __init__(
        self,
        source: str,
        allowed_names: frozenset[str] | None,
        allow_value: bool,
    ) -> None:
        self.source = source
        self.tokens = _tokenize(source)
        self.index = 0
        self.depth = 0
        self.allowed_names = allowed_names
        self.allow_value = allow_value
        self.names: set[str] = set()

    # -- helpers

    def error(self, pos: int, reason: str) -> ExprError:
        return ExprError(self.source, pos, reason)

    def peek(self, ahead: int = 0) -> _Token:
        tok = self.tokens[min(self.index + ahead, len(self.tokens) - 1)]
        if tok.kind == _BAD:
            raise self.error(tok.pos, tok.text)
        return tok

    def advance(self) -> _Token:
        tok = self.peek()
        if tok.kind != _END:
            self.index += 1
        return tok

    def at(self, kind: str, text: str) -> bool:
        tok = self.peek()
        return tok.kind == kind and tok.text == text

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(tok.pos, f"expression nested deeper than {MAX_DEPTH} levels")

    def leave(self) -> None:
        self.depth -= 1

    def close(self, opener: _Token, closer: str) -> None:
        tok = self.peek()
        if tok.kind == _OP and tok.text == closer:
            self.advance()
            return
        if tok.kind == _END:
            what = "parentheses" if opener.text == "(" else "brackets"
            raise self.error(opener.pos, f"unbalanced {what}: {opener.text!r} is never closed")
        raise self.error(tok.pos, f"expected {closer!r} but found {_describe(tok)}")

    # -- grammar

    def parse(self) -> _Node:
        if self.peek().kind == _END:
            raise self.error(0, "empty expression")
        node = self.parse_or()
        tok = self.peek()
        if tok.kind != _END:
            if tok.kind == _OP and tok.text in (")", "]"):
                raise self.error(tok.pos, f"unbalanced parentheses: unexpected {tok.text!r}")
            raise self.error(tok.pos, f"unexpected {_describe(tok)}")
        return node

    def parse_or(self) -> _Node:
        first = self.parse_and()
        if not self.at(_KEYWORD, "or"):
            return first
        operands = [first]
        while self.at(_KEYWORD, "or"):
            self.advance()
            operands.append(self.parse_and())
        return _logical(operands, is_and=False)

    def parse_and(self) -> _Node:
        first = self.parse_not()
        if not self.at(_KEYWORD, "and"):
            return first
        operands = [first]
        while self.at(_KEYWORD, "and"):
            self.advance()
            operands.append(self.parse_not())
        return _logical(operands, is_and=True)

    def parse_not(self) -> _Node:
        tok = self.peek()
        if tok.kind == _KEYWORD and tok.text == "not":
            self.advance()
            self.enter(tok)
            operand = self.parse_not()
            self.leave()
            return _not(operand)
        return self.parse_comparison()

    def comparison_operator(self) -> str | None:
        """The comparison operator at the current token, if there is one (not consumed)."""
        tok = self.peek()
        if tok.kind == _OP and tok.text in _COMPARISON_OPS:
            return tok.text
        if tok.kind == _KEYWORD:
            if tok.text == "in":
                return "in"
            if tok.text == "not":
                nxt = self.peek(1)
                if nxt.kind == _KEYWORD and nxt.text == "in":
                    return "not in"
        return None

    def parse_comparison(self) -> _Node:
        left = self.parse_sum()
        op = self.comparison_operator()
        if op is None:
            return left
        self.advance()
        if op == "not in":
            self.advance()
        right = self.parse_sum()
        if self.comparison_operator() is not None:
            tok = self.peek()
            raise self.error(
                tok.pos,
                f"comparisons cannot be chained: combine them with 'and' before {tok.text!r}",
            )
        return _compare(op, left, right)

    def parse_sum(self) -> _Node:
        first = self.parse_product()
        rest: list[tuple[Callable[[object, object], object], _Node]] = []
        while self.at(_OP, "+") or self.at(_OP, "-"):
            op = _add if self.advance().text == "+" else _sub
            rest.append((op, self.parse_product()))
        return _chain(first, rest) if rest else first

    def parse_product(self) -> _Node:
        first = self.parse_unary()
        rest: list[tuple[Callable[[object, object], object], _Node]] = []
        while self.at(_OP, "*") or self.at(_OP, "/"):
            op = _mul if self.advance().text == "*" else _div
            rest.append((op, self.parse_unary()))
        return _chain(first, rest) if rest else first

    def parse_unary(self) -> _Node:
        tok = self.peek()
        if tok.kind == _OP and tok.text == "-":
            self.advance()
            self.enter(tok)
            operand = self.parse_unary()
            self.leave()
            return _unary(_neg, operand)
        return self.parse_primary()

    def parse_primary(self) -> _Node:
        tok = self.peek()
        if tok.kind == _NUMBER:
            self.advance()
            return _constant(tok.value)
        if tok.kind == _STRING:
            self.advance()
            assert isinstance(tok.value, str)
            return _constant(tok.value, literal=tok.value)
        if tok.kind == _KEYWORD and tok.text in ("true", "false", "null"):
            self.advance()
            return _constant({"true": True, "false": False, "null": None}[tok.text])
        if tok.kind == _NAME:
            nxt = self.peek(1)
            if nxt.kind == _OP and nxt.text == "(":
                return self.parse_call()
            return self.parse_name()
        if tok.kind == _OP and tok.text == "(":
            self.advance()
            self.enter(tok)
            node = self.parse_or()
            self.close(tok, ")")
            self.leave()
            return node
        if tok.kind == _OP and tok.text == "[":
            return self.parse_list()
        if tok.kind == _END:
            raise self.error(tok.pos, "unexpected end of expression")
        if tok.kind == _OP and tok.text == ")":
            raise self.error(tok.pos, "expected an expression before ')'")
        raise self.error(tok.pos, f"expected an expression but found {_describe(tok)}")

    def parse_name(self) -> _Node:
        tok = self.advance()
        name = tok.text
        if name == "value":
            if not self.allow_value:
                raise self.error(tok.pos, "'value' can only be used in constraints")
        elif self.allowed_names is not None and name not in self.allowed_names:
            reason = f"unknown field {name!r}"
            if name.lower() in KEYWORDS:
                reason += f" (did you mean {name.lower()!r}?)"
            raise self.error(tok.pos, reason)
        else:
            self.names.add(name)
        path: list[str] = []
        while self.at(_OP, "."):
            self.advance()
            key = self.peek()
            if key.kind not in (_NAME, _KEYWORD):
                raise self.error(
                    key.pos, f"expected a key name after '.' but found {_describe(key)}"
                )
            self.advance()
            path.append(key.text)
        return _name(name, tuple(path))

    def parse_list(self) -> _Node:
        opener = self.advance()
        self.enter(opener)
        items: list[_Node] = []
        while not self.at(_OP, "]"):
            if self.peek().kind == _END:
                self.close(opener, "]")
            items.append(self.parse_or())
            if self.at(_OP, ","):
                self.advance()
            else:
                break
        self.close(opener, "]")
        self.leave()
        if all(item.is_const for item in items):
            return _constant([item.const for item in items])
        fns = tuple(item.fn for item in items)

        def make_list(env: Env, today: date) -> object:
            return [f(env, today) for f in fns]

        return _Node(make_list)

    def parse_call(self) -> _Node:
        name_tok = self.advance()
        name = name_tok.text
        if name not in _ARITY:
            raise self.error(name_tok.pos, f"unknown function {name!r}")
        opener = self.advance()
        self.enter(opener)
        args: list[_Node] = []
        arg_pos: list[int] = []
        if not self.at(_OP, ")"):
            while True:
                arg_pos.append(self.peek().pos)
                args.append(self.parse_or())
                if not self.at(_OP, ","):
                    break
                self.advance()
        self.close(opener, ")")
        self.leave()
        arity = _ARITY[name]
        if len(args) != arity:
            given = f"{len(args)} {'was' if len(args) == 1 else 'were'} given"
            raise self.error(
                name_tok.pos,
                f"{name}() takes {arity} argument{'' if arity == 1 else 's'} but {given}",
            )
        if name == "today":

            def today_(env: Env, today: date) -> object:
                return today

            return _Node(today_)
        if name == "age":
            f = args[0].fn

            def age(env: Env, today: date) -> object:
                return _fn_age(f(env, today), today)

            return _Node(age)
        if name == "matches":
            return self.build_matches(args, arg_pos)
        if name == "date" and args[0].literal is not None and _parse_iso(args[0].literal) is None:
            raise self.error(
                arg_pos[0], f"invalid date {args[0].literal!r}: write a real date as YYYY-MM-DD"
            )
        impl = _PURE_FUNCTIONS[name]
        if len(args) == 1:
            return _unary(impl, args[0])
        return _binary(impl, args[0], args[1])

    def build_matches(self, args: list[_Node], arg_pos: list[int]) -> _Node:
        pattern_text = args[1].literal
        if pattern_text is None:
            raise self.error(arg_pos[1], "the pattern of matches() must be a string literal")
        # re warns about some doubtful patterns ("possible nested set"); those are errors
        # here. catch_warnings() changes process-wide state, which is acceptable because
        # catalogs are parsed once, at start-up. re only checks the syntax: the pattern
        # runs on RE2 (kiosk.catalog.patterns), in time linear in the answer, so that a
        # catastrophic pattern cannot stall pre-review.
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                re.compile(pattern_text)
            pattern = compile_pattern(pattern_text)
        except (re.error, Warning, OverflowError, RecursionError, ValueError) as e:
            detail = e.msg if isinstance(e, re.error) else str(e) or type(e).__name__
            raise self.error(arg_pos[1], f"invalid regular expression: {detail}") from None
        fullmatch = pattern.fullmatch

        def matches(s: object) -> object:
            return fullmatch(s) is not None if isinstance(s, str) else None

        return _unary(matches, args[0])


def parse(
    source: str,
    *,
    allowed_names: Collection[str] | None = None,
    allow_value: bool = False,
) -> Expression:
    """Parse and compile `source`; raise `ExprError` if it is not a valid expression.

    With `allowed_names`, reading any other name is an error (the catalog passes the
    ids of the fields an expression may read). ``value``, the answer being checked,
    may be read only when `allow_value` is true.
    """
    if len(source) > MAX_LENGTH:
        raise ExprError(source, MAX_LENGTH, f"expression is longer than {MAX_LENGTH} characters")
    allowed = None if allowed_names is None else frozenset(allowed_names)
    parser = _Parser(source, allowed, allow_value)
    node = parser.parse()
    return Expression(source, frozenset(parser.names), node.fn)
