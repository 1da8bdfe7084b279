"""Declarations and tickets: pre-review gates the ticket, everything committed first."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from kiosk.catalog.loader import Catalog
from kiosk.committer import Committer
from kiosk.declarations import Declarations, TicketRefused
from kiosk.prereview import Outcome
from kiosk.samples import company_address_change_answers, sample_signature_strokes
from kiosk.signature import Signature
from kiosk.store.database import Store
from kiosk.store.models import AuditEntry, Declaration, OutboxEvent, Ticket
from kiosk.store.sequences import next_value
from kiosk.tickets import CENTRAL_FORM, LOCAL_FORM, central_number
from tests.conftest import Clock

ITEM = "company-address-change"


def materials(catalog: Catalog, *missing: str) -> dict[str, bool]:
    return {m.id: m.id not in missing for m in catalog[ITEM].materials}


def events(store: Store) -> list[tuple[str, dict[str, object]]]:
    with store.session() as s:
        rows = s.scalars(select(OutboxEvent).order_by(OutboxEvent.created_at)).all()
        return [(e.kind, e.payload) for e in rows]


class HallNumbers:
    """The central server's ticket numbering, on its own SQLite file (HTTP comes later)."""

    def __init__(self, path: Path) -> None:
        self.store = Store(path)
        self.online = True
        self.calls = 0

    def allocate(self, series: str, day: date, terminal: int) -> str | None:
        self.calls += 1
        if not self.online:
            return None
        with self.store.transaction() as s:
            return central_number(series, next_value(s, f"{day}:{series}"))


def test_passed_declaration_gets_a_ticket_with_its_counters(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=7, clock=clock)
    sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog))
    assert sub.review.outcome is Outcome.PASSED
    assert sub.reference == "20261126-07-0001"
    ticket = desk.issue_ticket(sub.reference)
    assert ticket.number == "A07-001" and ticket.source == "local"
    assert ticket.counters == (3, 4, 5)
    assert desk.issue_ticket(sub.reference) == ticket  # a double tap: the same ticket
    kinds = [k for k, _ in events(store)]
    assert kinds == ["declaration.submitted", "prereview.result", "ticket.issued"]
    issued = events(store)[2][1]
    assert issued["number"] == "A07-001" and issued["counters"] == [3, 4, 5]


def test_rejected_declaration_gets_no_ticket(store: Store, catalog: Catalog, clock: Clock) -> None:
    desk = Declarations(store, catalog, terminal=1, clock=clock)
    sub = desk.submit(
        ITEM, company_address_change_answers(), materials(catalog, "business_licence")
    )
    assert sub.review.outcome is Outcome.REJECTED
    with pytest.raises(TicketRefused) as refused:
        desk.issue_ticket(sub.reference)
    assert refused.value.code == "prereview_rejected"
    with store.session() as s:
        assert s.scalars(select(Ticket)).all() == []
        # the rejected declaration is the hall's record too, with its review
        decl = s.scalars(select(Declaration)).one()
        assert decl.outcome == "rejected" and len(decl.reviews) == 1


def test_deficiency_needs_the_commitment_before_the_ticket(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=2, clock=clock)
    sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog, "premises_proof"))
    assert sub.review.outcome is Outcome.PASSED_WITH_DEFICIENCY
    with pytest.raises(TicketRefused, match="commitment_not_accepted"):
        desk.issue_ticket(sub.reference)
    desk.accept_commitment(sub.reference, signature())
    assert desk.issue_ticket(sub.reference).number == "A02-001"
    assert "commitment.accepted" in [k for k, _ in events(store)]


def signature() -> Signature:
    strokes, width, height = sample_signature_strokes()
    return Signature.from_pad(strokes, width, height)


def test_the_signed_commitment_is_stored_and_sent_with_its_committer(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=2, clock=clock)
    answers = company_address_change_answers()
    sub = desk.submit(ITEM, answers, materials(catalog, "premises_proof"))
    assert desk.commitment(sub.reference) is None
    signed = signature()
    who = desk.accept_commitment(sub.reference, signed)
    assert who == Committer(str(answers["contact_name"]), str(answers["company_name"]))
    kept = desk.commitment(sub.reference)
    assert kept is not None and kept.signature == signed and kept.committer == who
    assert kept.accepted_at == clock()
    ((_kind, event),) = [(k, p) for k, p in events(store) if k == "commitment.accepted"]
    assert event["committer"] == answers["contact_name"]
    assert event["committer_for"] == answers["company_name"]
    assert event["signature"] == signed.to_dict()
    with store.session() as s:
        (row,) = s.scalars(select(AuditEntry).where(AuditEntry.action == "commitment.accepted"))
        assert row.detail == {"reference": sub.reference, "signed": True, "strokes": 4}
    # Submitted again (the applicant went back to fix something): signed again, or nothing.
    desk.submit(ITEM, answers, materials(catalog, "premises_proof"), reference=sub.reference)
    assert desk.commitment(sub.reference) is None
    with store.session() as s:
        decl = s.scalars(select(Declaration)).one()
        assert (decl.committer_name, decl.commitment_signature) == (None, None)
    with pytest.raises(TicketRefused, match="commitment_not_accepted"):
        desk.issue_ticket(sub.reference)


def test_a_commitment_needs_a_checked_signature(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=2, clock=clock)
    sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog, "premises_proof"))
    with pytest.raises(TypeError, match="Signature"):
        desk.accept_commitment(sub.reference, {"w": 1000, "h": 333, "strokes": []})  # type: ignore[arg-type]
    assert desk.commitment(sub.reference) is None


def test_fixed_declaration_is_resubmitted_under_its_reference(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    desk = Declarations(store, catalog, terminal=3, clock=clock)
    answers = company_address_change_answers()
    answers["contact_mobile"] = "139"
    first = desk.submit(ITEM, answers, materials(catalog))
    assert first.review.outcome is Outcome.REJECTED
    answers["contact_mobile"] = "13943112345"
    second = desk.submit(ITEM, answers, materials(catalog), reference=first.reference)
    assert second.reference == first.reference and second.review.outcome is Outcome.PASSED
    with pytest.raises(TicketRefused, match="different_item"):
        desk.submit("elderly-card", {}, {}, reference=first.reference)
    desk.issue_ticket(first.reference)
    with pytest.raises(TicketRefused, match="already_ticketed"):
        desk.submit(ITEM, answers, materials(catalog), reference=first.reference)
    with store.session() as s:
        decl = s.scalars(select(Declaration)).one()
        assert [r.outcome for r in decl.reviews] == ["rejected", "passed"]


def test_numbers_start_again_each_day(store: Store, catalog: Catalog, clock: Clock) -> None:
    desk = Declarations(store, catalog, terminal=4, clock=clock)
    refs = []
    for day in (date(2026, 11, 26), date(2026, 11, 26), date(2026, 11, 27)):
        clock.on(day)
        sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog))
        refs.append((sub.reference, desk.issue_ticket(sub.reference).number))
    assert refs == [
        ("20261126-04-0001", "A04-001"),
        ("20261126-04-0002", "A04-002"),
        ("20261127-04-0001", "A04-001"),
    ]


def test_central_numbers_when_reachable(
    tmp_path: Path, store: Store, catalog: Catalog, clock: Clock
) -> None:
    hall = HallNumbers(tmp_path / "central.db")
    desk = Declarations(store, catalog, terminal=5, tickets=hall, clock=clock)
    numbers = []
    for online in (True, True, False, True):
        hall.online = online
        sub = desk.submit(ITEM, company_address_change_answers(), materials(catalog))
        numbers.append(desk.issue_ticket(sub.reference).number)
    assert numbers == ["A001", "A002", "A05-001", "A003"]


def test_print_results_are_recorded_as_events(store: Store, catalog: Catalog, clock: Clock) -> None:
    desk = Declarations(store, catalog, terminal=6, clock=clock)
    ref = desk.submit(ITEM, company_address_change_answers(), materials(catalog)).reference
    desk.issue_ticket(ref)
    desk.record_print(ref, "paper_out")
    desk.record_print(ref, "printed")
    desk.record_print(ref, "printed")
    kinds = [k for k, _ in events(store)][-3:]
    assert kinds == ["ticket.print_failed", "ticket.printed", "ticket.reprinted"]
    with store.session() as s:
        t = s.scalars(select(Ticket)).one()
        assert t.print_count == 2 and t.last_print_status == "printed"


def test_twelve_terminals_some_offline_never_share_a_number(
    tmp_path: Path, catalog: Catalog, clock: Clock
) -> None:
    """12 terminals issue tickets at once; 3 are offline, 1 drops out halfway."""
    hall = HallNumbers(tmp_path / "central.db")

    class Link:
        def __init__(self, terminal: int) -> None:
            self.terminal = terminal
            self.calls = 0

        def allocate(self, series: str, day: date, terminal: int) -> str | None:
            self.calls += 1
            if self.terminal in (3, 7, 11):
                return None  # offline all day
            if self.terminal == 12 and 5 <= self.calls <= 12:
                return None  # offline for a while, then back
            return hall.allocate(series, day, terminal)

    personal = next(i.id for i in catalog if i.series == "B")
    per_terminal = 16
    numbers: dict[int, list[str]] = {}
    errors: list[BaseException] = []

    def terminal(n: int) -> None:
        try:
            store = Store(tmp_path / f"terminal{n}.db")
            desk = Declarations(store, catalog, n, tickets=Link(n), clock=clock)
            got = []
            for i in range(per_terminal):
                item = ITEM if i % 4 else personal
                answers = company_address_change_answers() if item == ITEM else {}
                ref = desk.submit(
                    item, answers, materials(catalog) if item == ITEM else {}
                ).reference
                with store.transaction() as s:  # pre-review is not the point here
                    decl = s.scalars(select(Declaration).where(Declaration.reference == ref)).one()
                    decl.outcome = "passed"
                got.append(desk.issue_ticket(ref).number)
            numbers[n] = got
            store.close()
        except BaseException as e:
            errors.append(e)

    threads = [threading.Thread(target=terminal, args=(n,)) for n in range(1, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    everything = [x for n in numbers.values() for x in n]
    assert len(everything) == 12 * per_terminal
    duplicates = [x for x, c in Counter(everything).items() if c > 1]
    assert duplicates == []
    for n, got in numbers.items():
        if n in (3, 7, 11):
            assert all(LOCAL_FORM.match(x) and x[1:3] == f"{n:02d}" for x in got)
        elif n == 12:
            assert sum(bool(LOCAL_FORM.match(x)) for x in got) == 8
        else:
            assert all(CENTRAL_FORM.match(x) for x in got)
    central = sorted(int(x[1:]) for x in everything if x.startswith("A") and CENTRAL_FORM.match(x))
    assert central == list(range(1, len(central) + 1))  # the hall's A-series, no gaps


def test_a_declaration_checked_in_with_a_booking_asks_for_an_appointment_ticket(
    store: Store, catalog: Catalog, clock: Clock
) -> None:
    from kiosk.tickets import APPOINTMENT_SERIES, TicketRequest

    desk = Declarations(store, catalog, terminal=7, clock=clock)
    booked = desk.submit(
        ITEM, company_address_change_answers(), materials(catalog), appointment="K7QM3XPA"
    )
    walk_in = desk.submit(ITEM, company_address_change_answers(), materials(catalog))
    request = desk.prepare_ticket(booked.reference)
    assert isinstance(request, TicketRequest)
    assert (request.series, request.appointment) == (APPOINTMENT_SERIES, "K7QM3XPA")
    ordinary = desk.prepare_ticket(walk_in.reference)
    assert isinstance(ordinary, TicketRequest) and ordinary.series == catalog[ITEM].series
    assert ordinary.appointment is None
    # Offline, the appointment's ticket keeps its series: Y07-001, still served first.
    assert desk.commit_ticket(request, None).number == "Y07-001"
