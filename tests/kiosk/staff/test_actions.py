"""Staff actions at the terminal: the help call acknowledged and resolved, assist mode's
declaration, out of service and back, any other action; each with its audit entry and
staff.action event in the same transaction, what the role allows only, nothing of the
applicant's answers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.help_requests import ACKNOWLEDGED, OPEN, RESOLVED, HelpDesk
from kiosk.protocol import parse
from kiosk.samples import elderly_card_answers
from kiosk.staff.desk import NotAllowed, StaffDesk, UnknownDeclaration
from kiosk.staff.identity import Identity
from kiosk.staff.roles import Role
from kiosk.store.database import Store
from kiosk.store.models import Declaration, HelpRequest
from tests.conftest import Clock
from tests.kiosk.staff.conftest import written

MakeDesk = Callable[..., StaffDesk]
WANG = Identity("wang.fang", "王芳", Role.ATTENDANT)
LI = Identity("li.qiang", "李强", Role.TECHNICIAN)
ZHAO = Identity("zhao.min", "赵敏", Role.GRID_LEADER)


def call(store: Store, clock: Clock) -> str:
    return HelpDesk(store, 7, clock).request(
        {
            "screen": "form",
            "item_id": "elderly-card",
            "page_id": "applicant",
            "fields_in_error": ["id_number"],
        }
    )


def state(store: Store, call_id: str) -> str:
    with store.session() as s:
        row = s.get(HelpRequest, call_id)
        assert row is not None
        return row.state


def test_the_open_call_is_listed_with_its_context(
    make_desk: MakeDesk, store: Store, clock: Clock
) -> None:
    call_id = call(store, clock)
    (listed,) = make_desk().open_help_calls()
    assert (listed.id, listed.state, listed.screen, listed.item_id, listed.page_id) == (
        call_id,
        OPEN,
        "form",
        "elderly-card",
        "applicant",
    )
    assert listed.fields_in_error == ("id_number",) and listed.requested_at == clock()


def test_acknowledge_then_resolve_a_help_call_at_the_terminal(
    make_desk: MakeDesk, store: Store, clock: Clock
) -> None:
    desk = make_desk()
    call_id = call(store, clock)
    assert desk.acknowledge_help(WANG, call_id) is True
    assert state(store, call_id) == ACKNOWLEDGED
    assert desk.acknowledge_help(WANG, call_id) is False  # already: nothing moves
    assert [c.state for c in desk.open_help_calls()] == [ACKNOWLEDGED]  # still waited on
    assert desk.resolve_help(WANG, call_id) is True
    assert state(store, call_id) == RESOLVED and desk.open_help_calls() == []
    assert desk.resolve_help(WANG, call_id) is False
    assert desk.resolve_help(WANG, "no-such-call") is False
    got = written(store)
    done = [e for e in got.events if e.kind in ("help.acknowledged", "help.resolved")]
    assert [e.kind for e in done] == ["help.acknowledged", "help.resolved"]
    for e in done:
        parse(e.kind, e.payload)
        assert (e.payload["id"], e.payload["staff"], e.payload["by"]) == (
            call_id,
            "wang.fang",
            "王芳",
        )
    assert got.actions() == ["help_acknowledged", "help_resolved"]
    assert [a.action for a in got.audit][-2:] == ["staff.help_acknowledged", "staff.help_resolved"]


def test_a_call_resolved_straight_from_open(
    make_desk: MakeDesk, store: Store, clock: Clock
) -> None:
    call_id = call(store, clock)
    assert make_desk().resolve_help(LI, call_id) is True  # a technician may help too
    assert state(store, call_id) == RESOLVED


def test_a_cancelled_call_cannot_be_acknowledged(
    make_desk: MakeDesk, store: Store, clock: Clock
) -> None:
    call_id = call(store, clock)
    HelpDesk(store, 7, clock).cancel(call_id)
    assert make_desk().acknowledge_help(WANG, call_id) is False
    assert written(store).actions() == []


def test_a_role_does_only_what_it_may(make_desk: MakeDesk, store: Store, clock: Clock) -> None:
    desk = make_desk()
    call_id = call(store, clock)
    with pytest.raises(NotAllowed):
        desk.acknowledge_help(ZHAO, call_id)  # the grid leader declares for residents only
    with pytest.raises(NotAllowed):
        desk.mark_assisted(LI, "20261126-07-0001")  # assist is the attendant's
    with pytest.raises(NotAllowed):
        desk.take_out_of_service(ZHAO, "printer")
    assert state(store, call_id) == OPEN and written(store).actions() == []


def submitted(store: Store, catalog: Catalog, clock: Clock) -> str:
    desk = Declarations(store, catalog, 7, clock=clock)
    materials = {m.id: True for m in catalog["elderly-card"].materials}
    return desk.submit("elderly-card", elderly_card_answers(), materials).reference


def test_an_assisted_declaration_says_by_whom_once(
    make_desk: MakeDesk, store: Store, clock: Clock, catalog: Catalog
) -> None:
    reference = submitted(store, catalog, clock)
    desk = make_desk()
    desk.mark_assisted(WANG, reference)
    desk.mark_assisted(WANG, reference)  # again (a double tap): nothing more
    with store.session() as s:
        decl = s.scalars(select(Declaration)).one()
        assert (decl.assisted_by, decl.assisted_by_name, decl.assisted_at) == (
            "wang.fang",
            "王芳",
            clock(),
        )
    got = written(store)
    (event,) = [e.payload for e in got.events if e.kind == "declaration.assisted"]
    parse("declaration.assisted", event)
    assert event == {
        "reference": reference,
        "terminal": 7,
        "staff": "wang.fang",
        "by": "王芳",
        "at": clock().isoformat(),
    }
    assisted = [a for a in got.audit if a.action == "declaration.assisted"]
    assert len(assisted) == 1 and assisted[0].detail == {
        "staff": "wang.fang",
        "reference": reference,
    }
    with pytest.raises(UnknownDeclaration):
        desk.mark_assisted(WANG, "20261126-07-9999")


def test_out_of_service_is_kept_across_a_restart_and_ended(tmp_path: Path, clock: Clock) -> None:
    store = Store(tmp_path / "kiosk.db")
    desk = StaffDesk(store, 7, clock, {})
    assert desk.out_of_service() is None
    desk.take_out_of_service(WANG, "printer")
    started = clock()
    clock.now = clock.now.replace(minute=45)
    desk.take_out_of_service(LI, "maintenance")  # a new reason; since when stays
    store.close()
    store = Store(tmp_path / "kiosk.db")
    try:
        desk = StaffDesk(store, 7, clock, {})
        now_out = desk.out_of_service()
        assert now_out is not None
        assert (now_out.reason, now_out.staff, now_out.staff_name, now_out.since) == (
            "maintenance",
            "li.qiang",
            "李强",
            started,
        )
        desk.back_in_service(WANG)
        assert desk.out_of_service() is None
        desk.back_in_service(WANG)  # already in service: nothing
        got = written(store)
        assert got.actions() == ["out_of_service", "out_of_service", "in_service"]
        details = [e.payload["detail"] for e in got.events if e.kind == "staff.action"]
        assert details[0] == {"reason": "printer"}
        assert details[2]["reason"] == "maintenance"
    finally:
        store.close()


@pytest.mark.parametrize("reason", ["", "   ", "two\nlines", 7])
def test_a_bad_reason_is_refused(make_desk: MakeDesk, reason: object) -> None:
    desk = make_desk()
    with pytest.raises(ValueError):
        desk.take_out_of_service(WANG, reason)  # type: ignore[arg-type]
    assert desk.out_of_service() is None


def test_any_other_action_is_audited_and_sent(make_desk: MakeDesk, store: Store) -> None:
    desk = make_desk()
    desk.record(LI, "diagnostics_opened")
    desk.record(LI, "restart", {"why": "an update", "id": "13812345678"})
    got = written(store)
    assert got.actions() == ["diagnostics_opened", "restart"]
    restart = got.events[-1].payload
    parse("staff.action", restart)
    assert restart["staff"] == "li.qiang" and restart["role"] == "technician"
    # A phone number that slipped into a detail is masked, in the event and the audit.
    assert "13812345678" not in got.text() and restart["detail"]["id"] == "138****5678"


@pytest.mark.parametrize(
    ("action", "detail"),
    [
        ("Restart", {}),
        ("a" * 33, {}),
        ("restart", {"answers": {"name": "张三"}}),  # no nested data: never answers
        ("restart", {f"k{i}": i for i in range(9)}),
        ("restart", {"": 1}),
    ],
)
def test_an_action_or_detail_out_of_shape_is_refused(
    make_desk: MakeDesk, store: Store, action: str, detail: dict[str, object]
) -> None:
    with pytest.raises(ValueError):
        make_desk().record(LI, action, detail)
    assert written(store).events == []


class Shown:
    """The screen's view of a signed-in member (kiosk.staff.session.StaffIdentity)."""

    def __init__(self, username: str, display_name: str, role: str) -> None:
        self.username, self.display_name, self.role = username, display_name, role


def test_the_screens_view_of_a_member_is_taken_and_its_role_checked(
    make_desk: MakeDesk, store: Store
) -> None:
    desk = make_desk()
    desk.take_out_of_service(Shown("wang.fang", "王芳", "attendant"), "printer")
    assert desk.out_of_service() is not None
    with pytest.raises(NotAllowed):
        desk.back_in_service(Shown("x", "X", "boss"))  # a role this release does not know
    with pytest.raises(NotAllowed):
        desk.record(Shown("x", "X", "boss"), "restart")
    assert written(store).actions() == ["out_of_service"]
