"""Fixtures of the staff tests: a hall's staff list made with the real hashes, a desk on
a real store, and a way to read back everything the desk wrote."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.pins import MIN_ITERATIONS, hash_pin
from kiosk.staff.desk import StaffDesk
from kiosk.store.database import Store
from kiosk.store.models import AuditEntry, OutboxEvent
from kiosk.store.outbox import INSERTION_ORDER
from tests.conftest import Clock

HALL_SALT = bytes.fromhex("a1b2c3d4e5f60718293a4b5c6d7e8f90")
FAST = MIN_ITERATIONS  # the least cost kiosk.pins accepts: tests stay quick

# username: (display name, role, PIN)
PEOPLE = {
    "wang.fang": ("王芳", "attendant", "482917"),
    "li.qiang": ("李强", "technician", "730561"),
    "zhao.min": ("赵敏", "grid_leader", "915302"),
    "chen.jing": ("陈静", "supervisor", "264810"),
}


def staff_list(
    version: str = "v1", people: dict[str, tuple[str, str, str]] | None = None
) -> dict[str, Any]:
    """GET /staff's body for `people`, hashed as the central server does (one salt)."""
    return {
        "version": version,
        "salt": HALL_SALT.hex(),
        "accounts": [
            {
                "username": username,
                "display_name": name,
                "role": role,
                "pin_hash": hash_pin(pin, iterations=FAST, salt=HALL_SALT),
            }
            for username, (name, role, pin) in (people or PEOPLE).items()
        ],
    }


@dataclass
class Written:
    """What the desk wrote: audit rows and outbox events, and all of it as text."""

    audit: list[AuditEntry]
    events: list[OutboxEvent]

    def actions(self) -> list[str]:
        return [e.payload["action"] for e in self.events if e.kind == "staff.action"]

    def text(self) -> str:
        rows = [(a.actor, a.action, a.detail) for a in self.audit]
        return json.dumps([rows, [(e.kind, e.payload) for e in self.events]], ensure_ascii=False)


def written(store: Store) -> Written:
    with store.session() as s:
        return Written(
            list(s.scalars(select(AuditEntry).order_by(AuditEntry.id))),
            list(s.scalars(select(OutboxEvent).order_by(INSERTION_ORDER))),
        )


@pytest.fixture
def make_desk(store: Store, clock: Clock) -> Callable[..., StaffDesk]:
    def make(config_pins: dict[str, tuple[str, ...]] | None = None, **kw: Any) -> StaffDesk:
        return StaffDesk(kw.get("store", store), 7, clock, config_pins or {})

    return make
