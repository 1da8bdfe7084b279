"""The terminal verifies the central server's TLS certificate: a server whose certificate
no trusted authority signed gets nothing (the events wait), and the hall's own authority,
configured as `central.ca_bundle`, makes the same server trusted."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import trustme
from sqlalchemy import func, select

from central import admin
from central.app import create_app
from central.db import Database
from central.models import Event
from central.serve import ServerThread
from central.state import ServerState
from kiosk.config import CentralConfig
from kiosk.guide_views import record_guide_view
from kiosk.store.database import Store
from kiosk.store.outbox import depth
from kiosk.sync.worker import SyncSettings, SyncWorker


@pytest.fixture
def hall_ca(tmp_path: Path) -> trustme.CA:
    return trustme.CA(organization_name="Hall test CA")


@pytest.fixture
def tls_central(tmp_path: Path, hall_ca: trustme.CA) -> Iterator[tuple[Database, ServerThread]]:
    cert = hall_ca.issue_cert("127.0.0.1", "localhost")
    chain, key = tmp_path / "server.pem", tmp_path / "server.key"
    cert.private_key_pem.write_to_path(str(key))
    with chain.open("wb") as f:
        for blob in cert.cert_chain_pems:
            f.write(blob.bytes())
    db = Database(f"sqlite:///{tmp_path / 'central.db'}")
    server = ServerThread(create_app(ServerState(db)), tls=(chain, key)).start()
    yield db, server
    server.stop(force=True)
    db.close()


def _events(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Event)) or 0


def _worker(store: Store, config: CentralConfig, data_dir: Path, later_s: float = 0) -> SyncWorker:
    def clock() -> datetime:  # `later_s` on: past the retry the failure scheduled
        return datetime.now(UTC) + timedelta(seconds=later_s)

    settings = SyncSettings(heartbeat_s=None)
    return SyncWorker(store, config, 2, data_dir, settings=settings, clock=clock)


def test_an_untrusted_certificate_is_refused_and_a_configured_ca_trusted(
    tmp_path: Path, hall_ca: trustme.CA, tls_central: tuple[Database, ServerThread]
) -> None:
    db, server = tls_central
    assert server.base_url.startswith("https://")
    token = admin.add_terminal(db, 2, datetime.now(UTC)).token
    store = Store(tmp_path / "kiosk.db")
    record_guide_view(store, 2, "elderly-card", datetime.now(UTC))

    untrusting = _worker(store, CentralConfig(url=server.base_url, token=token), tmp_path)
    assert not untrusting.run_events_once()  # the system's authorities never signed it
    status = untrusting.status()
    assert not status.online and status.last_error
    assert "certificate" in status.last_error.lower() or "ssl" in status.last_error.lower()
    untrusting.stop()
    with store.session() as s:
        assert depth(s) == 1  # kept for later
    assert _events(db) == 0

    bundle = tmp_path / "hall-ca.pem"
    hall_ca.cert_pem.write_to_path(str(bundle))
    config = CentralConfig(url=server.base_url, token=token, ca_bundle=bundle)
    trusting = _worker(store, config, tmp_path, later_s=3600)
    assert trusting.run_events_once()
    trusting.stop()
    with store.session() as s:
        assert depth(s) == 0
    assert _events(db) == 1
    store.close()
