"""Values and functions of the catalog's expression language (see `expr.py`).

Everything here is total: an operation on null, on mismatched types or with an
undefined result gives null (None) instead of raising.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Any, Final

_MAX_DATA_DEPTH: Final = 32  # how deep == and empty() look into nested lists and mappings


_PLAIN_TYPES: Final = frozenset({str, bool, type(None), date, list, dict})

# Decimal arithmetic uses this context, not the thread's current one, so results do
# not depend on who else changed decimal settings; the trapped conditions become null.
_DECIMAL = Context(
    prec=28,
    rounding=ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


def _norm(v: object) -> object:
    """`v` as one of the language's value types (top level only)."""
    if type(v) in _PLAIN_TYPES:
        return v
    return _norm_other(v)


def _norm_other(v: object) -> object:
    if isinstance(v, Decimal):
        if not v.is_finite():
            return None
        return v if type(v) is Decimal else Decimal(v)
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, float):
        return Decimal(repr(v)) if math.isfinite(v) else None
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return date(v.year, v.month, v.day)
    if isinstance(v, (list, tuple, set, frozenset)):
        return list(v)
    if isinstance(v, Mapping):
        return dict(v)
    return None


def _eq(a: object, b: object, depth: int = 0) -> bool:
    a = _norm(a)
    b = _norm(b)
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, Decimal):
        return isinstance(b, Decimal) and a == b
    if isinstance(a, str):
        return isinstance(b, str) and a == b
    if isinstance(a, date):
        return isinstance(b, date) and a == b
    if depth >= _MAX_DATA_DEPTH:
        return False
    if isinstance(a, list):
        return (
            isinstance(b, list)
            and len(a) == len(b)
            and all(_eq(x, y, depth + 1) for x, y in zip(a, b, strict=True))
        )
    if isinstance(a, dict) and isinstance(b, dict):
        if len(a) != len(b):
            return False
        return all(k in b and _eq(x, b[k], depth + 1) for k, x in a.items())
    return False


def _ne(a: object, b: object) -> bool:
    return not _eq(a, b)


def _ordering(op: Callable[[Any, Any], bool]) -> Callable[[object, object], bool | None]:
    def compare(a: object, b: object) -> bool | None:
        if isinstance(a, Decimal):
            return op(a, b) if isinstance(b, Decimal) else None
        if isinstance(a, str):
            return op(a, b) if isinstance(b, str) else None
        if isinstance(a, date):
            return op(a, b) if isinstance(b, date) else None
        return None

    return compare


def _in(a: object, b: object) -> bool | None:
    if a is None:
        return None
    if isinstance(b, list):
        return any(_eq(a, x) for x in b)
    if isinstance(b, str):
        return a in b if isinstance(a, str) else None
    return None


def _not_in(a: object, b: object) -> bool | None:
    r = _in(a, b)
    return None if r is None else not r


def _decimal_op(
    op: Callable[[Decimal, Decimal], Decimal],
) -> Callable[[object, object], Decimal | None]:
    def apply(a: object, b: object) -> Decimal | None:
        if not (isinstance(a, Decimal) and isinstance(b, Decimal)):
            return None
        try:
            r = op(a, b)
        except ArithmeticError:  # the trapped overflow and invalid operations
            return None
        return r if r.is_finite() else None

    return apply


_dec_add = _decimal_op(_DECIMAL.add)
_sub = _decimal_op(_DECIMAL.subtract)
_mul = _decimal_op(_DECIMAL.multiply)
_dec_div = _decimal_op(_DECIMAL.divide)


def _add(a: object, b: object) -> object:
    if isinstance(a, str) and isinstance(b, str):
        return a + b
    return _dec_add(a, b)


def _div(a: object, b: object) -> object:
    if isinstance(b, Decimal) and b.is_zero():
        return None
    return _dec_div(a, b)


def _neg(a: object) -> object:
    return a.copy_negate() if isinstance(a, Decimal) else None  # exact, like literals


# --------------------------------------------------------------------------- functions

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9Xx]")


def _parse_iso(s: str) -> date | None:
    m = _ISO_DATE.fullmatch(s)
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _to_date(v: object) -> date | None:
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        return _parse_iso(v)
    return None


def _birth_date(v: object) -> date | None:
    if isinstance(v, str) and len(v) == 18:
        if _RESIDENT_ID.fullmatch(v) is None:
            return None
        try:
            return date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
        except ValueError:
            return None
    return _to_date(v)


def _whole_years(a: date, b: date) -> int:
    if b < a:
        return -_whole_years(b, a)
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


def _fn_len(x: object) -> object:
    if x is None:
        return Decimal(0)
    if isinstance(x, (str, list)):
        return Decimal(len(x))
    return None


def _is_empty(x: object, depth: int = 0) -> bool:
    x = _norm(x)
    if x is None:
        return True
    if isinstance(x, (str, list)):
        return not x
    if isinstance(x, dict):
        return depth < _MAX_DATA_DEPTH and all(_is_empty(v, depth + 1) for v in x.values())
    return False


def _fn_empty(x: object) -> object:
    return _is_empty(x)


def _fn_date(x: object) -> object:
    return _to_date(x)


def _fn_age(x: object, today: date) -> object:
    born = _birth_date(x)
    return None if born is None else Decimal(_whole_years(born, today))


def _fn_years_between(a: object, b: object) -> object:
    start, end = _to_date(a), _to_date(b)
    if start is None or end is None:
        return None
    return Decimal(_whole_years(start, end))


def _fn_days_between(a: object, b: object) -> object:
    start, end = _to_date(a), _to_date(b)
    if start is None or end is None:
        return None
    return Decimal((end - start).days)


def _fn_lower(s: object) -> object:
    return s.lower() if isinstance(s, str) else None


def _fn_upper(s: object) -> object:
    return s.upper() if isinstance(s, str) else None


def _fn_any_of(a: object, b: object) -> object:
    if not (isinstance(a, list) and isinstance(b, list)):
        return None
    return any(_eq(x, y) for x in a for y in b)


# Pure functions: name -> implementation taking the evaluated arguments. today(), age()
# and matches() need more than their arguments and are built by the parser itself.
_PURE_FUNCTIONS: Final[dict[str, Callable[..., object]]] = {
    "len": _fn_len,
    "count": _fn_len,
    "empty": _fn_empty,
    "date": _fn_date,
    "years_between": _fn_years_between,
    "days_between": _fn_days_between,
    "lower": _fn_lower,
    "upper": _fn_upper,
    "any_of": _fn_any_of,
}

_ARITY: Final[dict[str, int]] = {
    **{name: 1 for name in ("len", "count", "empty", "date", "lower", "upper", "age")},
    **{name: 2 for name in ("years_between", "days_between", "any_of", "matches")},
    "today": 0,
}
