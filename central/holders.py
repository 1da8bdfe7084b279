"""Who a declaration is about: the resident ID numbers among its answers, as keys.

办件进度查询 by ID card (POST /api/v1/progress/by-id-card) finds an applicant's
declarations by the number on the card placed on the terminal's reader. The index
(`declaration_holders`) holds, for each declaration, one key per resident ID number in
its answers: an answer that is one, or one of the strings of an answer one level deeper
(an address is a dict of strings, a multiple choice a list). A key is the SHA-256 of
PREFIX and the upper-cased number, so the table is not a plain list of numbers (it is no
secret either: the numbers have little entropy; the table is the database's to guard).

A number is 18 characters: 17 ASCII digits and a digit or X (x taken as X), with the
right ISO 7064 MOD 11-2 check digit (GB 11643). Its birth date is not checked: the same
check at ingest, in the migration that fills the index and at the route, whatever the
day.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from central.models import DeclarationHolder
from kiosk.validators import resident_id_check_digit

PREFIX = "kiosk-central/declaration-holder/v1:"
LENGTH = 18
HOLDERS_MAX = 50  # keys kept per declaration, in the order of its answers (bounded work)


def resident_number(value: object) -> str | None:
    """`value` upper-cased when it is a resident ID number (module docstring), else None.
    Only an 18-character string is looked at any further."""
    if not isinstance(value, str) or len(value) != LENGTH or not value.isascii():
        return None
    number = value.upper()
    first17, last = number[:17], number[17]
    if not first17.isdigit() or resident_id_check_digit(first17) != last:
        return None
    return number


def holder_key(number: str) -> str:
    """The index's key of a resident ID number (hex SHA-256 of PREFIX + it upper-cased)."""
    return hashlib.sha256((PREFIX + number.upper()).encode("ascii")).hexdigest()


def _candidates(answers: Mapping[str, Any]) -> Iterable[object]:
    for value in answers.values():
        if isinstance(value, dict):
            yield from value.values()
        elif isinstance(value, list):
            yield from value
        else:
            yield value


def holder_keys(answers: object) -> list[str]:
    """The keys of the resident ID numbers among `answers` (a declaration's answers:
    top-level values, and the values of a dict or list among them), each once, in the
    order found, at most HOLDERS_MAX."""
    if not isinstance(answers, Mapping):
        return []
    keys: dict[str, None] = {}
    for value in _candidates(answers):
        number = resident_number(value)
        if number is not None:
            keys[holder_key(number)] = None
            if len(keys) >= HOLDERS_MAX:
                break
    return list(keys)


def replace(session: Session, by_reference: Mapping[str, Iterable[str]]) -> None:
    """Make each reference's rows exactly its keys (a declaration submitted again keeps
    one set: its latest answers'), in `session`'s transaction; the declarations must be
    flushed (the rows refer to them)."""
    if not by_reference:
        return
    session.execute(
        delete(DeclarationHolder).where(DeclarationHolder.reference.in_(list(by_reference)))
    )
    rows = [
        {"reference": reference, "holder": key}
        for reference, keys in by_reference.items()
        for key in keys
    ]
    if rows:
        session.execute(insert(DeclarationHolder), rows)
