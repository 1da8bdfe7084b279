"""The signed 容缺 commitment reaches the REAL central server on loopback, kept with the
declaration for the counter: who committed, for whom, and the signature itself."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from central.db import Database
from central.models import Declaration as CentralDeclaration
from central.models import Event, KeptEvent
from central.serve import ServerThread
from kiosk.catalog.loader import Catalog
from kiosk.declarations import Declarations
from kiosk.protocol import payload
from kiosk.samples import company_address_change_answers, sample_signature_strokes
from kiosk.signature import Signature
from kiosk.store.database import Store
from kiosk.store.outbox import add_event, dead_count
from kiosk.sync.worker import SyncWorker
from tests.kiosk.sync.test_against_central import QUICK, config_for, drained, local_now, token

ITEM = "company-address-change"


def test_the_signature_is_kept_with_the_declaration_on_the_server(
    tmp_path: Path, central: tuple[Database, ServerThread], catalog: Catalog
) -> None:
    db, server = central
    store = Store(tmp_path / "t.db")
    worker = SyncWorker(
        store, config_for(server.base_url, token(db, 4)), 4, tmp_path / "d", settings=QUICK
    )
    worker.start()
    try:
        desk = Declarations(store, catalog, 4, clock=local_now)
        answers = company_address_change_answers()
        have = {m.id: m.id != "premises_proof" for m in catalog[ITEM].materials}
        sub = desk.submit(ITEM, answers, have)
        strokes, width, height = sample_signature_strokes()
        signed = Signature.from_pad(strokes, width, height)
        desk.accept_commitment(sub.reference, signed)
        at = local_now()
        with store.transaction() as s:  # the paper handed out, as Terminal.take_home says it
            handed = payload(
                "document.handed_out",
                reference=sub.reference,
                terminal=4,
                document="commitment",
                printer="slip",
                status="printed",
                at=at,
            )
            add_event(s, "document.handed_out", handed, at)
        worker.wake()
        drained(worker)
        with store.session() as s:
            assert dead_count(s) == 0
        with db.read() as s:
            decl = s.scalars(
                select(CentralDeclaration).where(CentralDeclaration.reference == sub.reference)
            ).one()
            assert decl.commitment_accepted_at is not None
            assert decl.committer == answers["contact_name"]
            assert decl.committer_for == answers["company_name"]
            assert decl.commitment_signature is not None
            assert Signature.from_dict(decl.commitment_signature) == signed
            kinds = set(s.scalars(select(Event.kind).where(Event.terminal == 4)))
            assert {"commitment.accepted", "document.handed_out"} <= kinds
            assert s.scalars(select(KeptEvent)).all() == []  # read, not kept for later
        # Submitted again: the server forgets the old signature with the old commitment.
        desk.submit(ITEM, answers, have, reference=sub.reference)
        worker.wake()
        drained(worker)
        with db.read() as s:
            decl = s.scalars(
                select(CentralDeclaration).where(CentralDeclaration.reference == sub.reference)
            ).one()
            assert (decl.committer, decl.commitment_signature) == (None, None)
    finally:
        worker.stop()
        store.close()
