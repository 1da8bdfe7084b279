"""Migration 0011 (the holder index of the progress lookup by ID card) upgrades a server's
database in place, on SQLite and PostgreSQL: every declaration keeps its row, and the
index is filled from their answers (nested ones one level deep, each number once), so
a declaration stored before the upgrade is found by its applicant's card."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from central import holders
from central.db import Database
from central.models import Declaration, DeclarationHolder
from kiosk.validators import resident_id_check_digit
from tests.central.migration_helpers import at_revision

AT = datetime(2026, 11, 26, 2, tzinfo=UTC)


def number(first17: str) -> str:
    return first17 + resident_id_check_digit(first17)


HOLDER = number("11010119500101123")
OTHER = number("33010619880315002")


def row(reference: str, answers: Any) -> dict[str, Any]:
    return {
        "reference": reference,
        "terminal": 3,
        "item_id": "elderly-card",
        "catalog_version": "v",
        "language": "zh_CN",
        "answers": answers,
        "materials": {},
        "submitted_at": AT,
        "outcome": None,
        "commitment_accepted_at": None,
        "status": "submitted",
        "updated_at": AT,
    }


def test_the_index_is_filled_from_the_declarations_stored(database_url: str) -> None:
    address = {"province": "浙江省", "city": "杭州市", "detail": OTHER}
    stored = {
        "20261126-03-0001": {"name": "张三", "id_number": HOLDER, "again": HOLDER.lower()},
        "20261126-03-0002": {"address": address, "members": [HOLDER, "李四"]},
        "20261126-03-0003": {"id_number": HOLDER[:17] + "0", "deep": {"a": [OTHER]}},
        "20261126-03-0004": {},
    }
    # More than one chunk of the migration's reading: the rest without any number.
    filler = {f"20261120-05-{n:04d}": {"name": "王五"} for n in range(1005)}
    with at_revision(database_url, "0010") as c:
        assert "declaration_holders" not in sa.inspect(c).get_table_names()
        c.execute(sa.insert(Declaration), [row(r, a) for r, a in stored.items()])
        c.execute(sa.insert(Declaration), [row(r, a) for r, a in filler.items()])
        c.execute(sa.insert(Declaration), [row("20261126-03-0005", {"id": OTHER})])
    upgraded = Database(database_url)
    try:
        with upgraded.read() as s:
            rows = set(s.execute(sa.select(DeclarationHolder.reference, DeclarationHolder.holder)))
            answers: dict[str, Any] = {
                d.reference: d.answers for d in s.scalars(sa.select(Declaration))
            }
    finally:
        upgraded.close()
    key, other = holders.holder_key(HOLDER), holders.holder_key(OTHER)
    assert rows == {
        ("20261126-03-0001", key),
        ("20261126-03-0002", key),
        ("20261126-03-0002", other),
        ("20261126-03-0005", other),
    }
    assert answers == {**stored, **filler, "20261126-03-0005": {"id": OTHER}}


def test_the_downgrade_drops_the_index_and_keeps_the_declarations(database_url: str) -> None:
    upgraded = Database(database_url)
    try:
        with upgraded.transaction() as s:
            s.execute(sa.insert(Declaration), [row("20261126-03-0001", {"id": HOLDER})])
            s.add(
                DeclarationHolder(reference="20261126-03-0001", holder=holders.holder_key(HOLDER))
            )
    finally:
        upgraded.close()
    with at_revision(database_url, "0010") as c:
        assert "declaration_holders" not in sa.inspect(c).get_table_names()
        assert c.execute(sa.text("SELECT reference FROM declarations")).all() == [
            ("20261126-03-0001",)
        ]
