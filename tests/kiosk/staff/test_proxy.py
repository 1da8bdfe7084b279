"""网格化零跑代办 at the terminal, on a real store and the repository's catalog: the items
that allow it and their prefill, the grant a proxy declaration is made under, recorded
once with its declaration.proxied event and audit entry, by a grid leader only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import select

from kiosk import proxy
from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.protocol import parse
from kiosk.samples import elderly_card_answers
from kiosk.staff.desk import NotAllowed, StaffDesk, UnknownDeclaration
from kiosk.staff.identity import Identity
from kiosk.staff.roles import Permission, Role, allowed
from kiosk.store.database import Store
from kiosk.store.models import Declaration
from tests.conftest import Clock
from tests.kiosk.staff.conftest import written

MakeDesk = Callable[..., StaffDesk]
ZHAO = Identity("zhao.min", "赵敏", Role.GRID_LEADER)
WANG = Identity("wang.fang", "王芳", Role.ATTENDANT)


def test_who_may_declare_for_a_resident() -> None:
    assert allowed(Role.GRID_LEADER, Permission.PROXY)
    assert allowed(Role.SUPERVISOR, Permission.PROXY)
    assert not allowed(Role.ATTENDANT, Permission.PROXY)
    assert not allowed(Role.TECHNICIAN, Permission.PROXY)
    assert not allowed(Role.GRID_LEADER, Permission.ASSIST)


def test_the_catalog_marks_the_elderly_card_and_the_birth_registration(catalog: Catalog) -> None:
    marked = sorted(i.id for i in catalog.items.values() if i.grid_proxy is not None)
    assert marked == ["birth-registration", "elderly-card"]
    assert proxy.prefill(catalog["elderly-card"], "赵敏") == {
        "by_proxy": True,
        "proxy_role": "grid_leader",
        "proxy_name": "赵敏",
    }
    assert proxy.prefill(catalog["birth-registration"], "赵敏") == {
        "submitted_by": "grid_leader",
        "grid_leader_name": "赵敏",
    }
    assert proxy.prefill(catalog["residence-permit"], "赵敏") == {}


def test_the_grant_names_the_resident_and_the_grid_leader(catalog: Catalog) -> None:
    answers = elderly_card_answers()
    made = proxy.grant(
        catalog["elderly-card"],
        answers,
        reference="20261126-07-0001",
        leader_account="zhao.min",
        leader_name="赵敏",
        today=date(2026, 11, 26),
    )
    assert made == proxy.ProxyGrant(
        resident_name="张玉琴",
        resident_id=str(answers["applicant_id"]),
        leader_account="zhao.min",
        leader_name="赵敏",
        granted_on=date(2026, 11, 26),
        valid_until=date(2026, 12, 26),
        authorisation="WT20261126-07-0001",
    )
    assert proxy.grant(
        catalog["residence-permit"],
        answers,
        reference="20261126-07-0001",
        leader_account="zhao.min",
        leader_name="赵敏",
        today=date(2026, 11, 26),
    ) is None  # fmt: skip


def submitted(store: Store, catalog: Catalog, clock: Clock, item_id: str = "elderly-card") -> str:
    desk = Declarations(store, catalog, 7, clock=clock)
    materials = {m.id: True for m in catalog[item_id].materials}
    from kiosk.samples import SAMPLES

    return desk.submit(item_id, SAMPLES[item_id](), materials).reference


def test_a_proxy_declaration_is_recorded_once_with_its_event(
    make_desk: MakeDesk, store: Store, clock: Clock, catalog: Catalog
) -> None:
    reference = submitted(store, catalog, clock)
    desk = make_desk()
    item = catalog["elderly-card"]
    first = desk.mark_proxied(ZHAO, reference, item)
    again = desk.mark_proxied(ZHAO, reference, item)  # a resubmission: the same grant
    assert again == first and first.authorisation == f"WT{reference}"
    assert first.granted_on == clock().date()
    with store.session() as s:
        decl = s.scalars(select(Declaration)).one()
        assert (decl.proxy_by, decl.proxy_by_name, decl.proxy_authorisation) == (
            "zhao.min",
            "赵敏",
            f"WT{reference}",
        )
        assert decl.proxy_valid_until == first.valid_until
        assert proxy.stored_grant(decl, item) == first
    got = written(store)
    (event,) = [e.payload for e in got.events if e.kind == "declaration.proxied"]
    parse("declaration.proxied", event)
    assert event == {
        "reference": reference,
        "terminal": 7,
        "staff": "zhao.min",
        "by": "赵敏",
        "authorisation": f"WT{reference}",
        "valid_until": first.valid_until.isoformat(),
        "at": clock().isoformat(),
    }
    # The resident's name and ID stay in the declaration: not in the event, nor the audit.
    assert "张玉琴" not in got.text().split("declaration.submitted")[0]
    assert [a.detail for a in got.audit if a.action == "declaration.proxied"] == [
        {"staff": "zhao.min", "reference": reference}
    ]


def test_only_a_grid_leader_and_only_for_an_item_that_allows_it(
    make_desk: MakeDesk, store: Store, clock: Clock, catalog: Catalog
) -> None:
    desk = make_desk()
    reference = submitted(store, catalog, clock)
    with pytest.raises(NotAllowed):
        desk.mark_proxied(WANG, reference, catalog["elderly-card"])
    other = submitted(store, catalog, clock, "residence-permit")
    with pytest.raises(NotAllowed):
        desk.mark_proxied(ZHAO, other, catalog["residence-permit"])
    with pytest.raises(NotAllowed):  # the item given is not the declaration's
        desk.mark_proxied(ZHAO, other, catalog["elderly-card"])
    with pytest.raises(UnknownDeclaration):
        desk.mark_proxied(ZHAO, "20261126-07-9999", catalog["elderly-card"])
    assert [e for e in written(store).events if e.kind == "declaration.proxied"] == []


@pytest.mark.parametrize(
    ("spec", "location", "message"),
    [
        ('resident_name = "nobody"\nresident_id = "applicant_id"', "resident_name", "no field"),
        ('resident_name = "applicant_name"\nresident_id = "applicant_name"', "resident_id",
         "not a resident_id field"),
        ('resident_name = "applicant_id"\nresident_id = "applicant_id"', "resident_name",
         "not a text field"),
        ('resident_name = "applicant_name"\nresident_id = "applicant_id"\n'
         'prefill = { by_proxy = "yes" }', "prefill › by_proxy", "true or false"),
        ('resident_name = "applicant_name"\nresident_id = "applicant_id"\n'
         'prefill = { proxy_role = "mayor" }', "prefill › proxy_role", "not one of"),
        ('resident_name = "applicant_name"\nresident_id = "applicant_id"\n'
         'prefill = { home_address = "x" }', "prefill › home_address", "only a yes_no"),
    ],
)  # fmt: skip
def test_a_hand_edited_grid_proxy_is_refused_where_it_is_wrong(
    spec: str, location: str, message: str
) -> None:
    from kiosk.catalog.loader import load_item
    from kiosk.resources import resource_path

    raw = (resource_path("catalog") / "elderly-card.toml").read_text("utf-8")
    start = raw.index("[grid_proxy]")
    end = raw.index("\n\n", start)
    edited = raw[:start] + "[grid_proxy]\n" + spec + raw[end:]
    item, problems = load_item("elderly-card.toml", edited.encode())
    assert item is None
    assert any(
        p.location == f"grid_proxy › {location}" and message in p.message for p in problems
    ), problems
