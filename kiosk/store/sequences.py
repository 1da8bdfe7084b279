"""Named counters in the store, advanced atomically inside the caller's transaction."""

from __future__ import annotations

from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from kiosk.store.models import Sequence


def next_value(session: Session, name: str) -> int:
    """The next value of counter `name` (1 the first time)."""
    stmt = (
        insert(Sequence)
        .values(name=name, value=1)
        .on_conflict_do_update(index_elements=[Sequence.name], set_={"value": Sequence.value + 1})
        .returning(Sequence.value)
    )
    value = session.execute(stmt).scalar_one()
    return int(value)
