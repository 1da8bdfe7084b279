"""Central server fixtures: a fresh database per test (SQLite, and PostgreSQL when
CENTRAL_TEST_POSTGRES_URL is set), the server on a real loopback port, API clients."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from central import admin
from central.app import create_app
from central.db import Database
from central.serve import ServerThread
from central.state import ServerState
from tests.conftest import Clock

POSTGRES_ENV = "CENTRAL_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[tuple[str, str] | None]:
    """(admin URL, name of a database migrated once), copied for each test: a copy is
    much quicker than running the migrations again."""
    admin_url = os.environ.get(POSTGRES_ENV)
    if not admin_url:
        yield None
        return
    name = f"central_template_{uuid.uuid4().hex[:8]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    Database(_with_database(admin_url, name)).close()
    try:
        yield admin_url, name
    finally:
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def _fresh_postgres_database(admin_url: str, template: str) -> Iterator[str]:
    """A new database for one test, a copy of the migrated template; dropped afterwards."""
    name = f"central_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield _with_database(admin_url, name)
    finally:
        with engine.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, postgres_template: tuple[str, str] | None
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    if postgres_template is None:
        pytest.skip(f"PostgreSQL variant: {POSTGRES_ENV} is not set (scripts/test sets it)")
    yield from _fresh_postgres_database(*postgres_template)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'central.db'}"


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.close()


@pytest.fixture
def state(db: Database, clock: Clock) -> ServerState:
    return ServerState(db, clock=clock)


@pytest.fixture
def server(state: ServerState) -> Iterator[ServerThread]:
    with ServerThread(create_app(state)) as running:
        yield running


def register_terminal(db: Database, number: int) -> str:
    return admin.add_terminal(db, number, datetime.now().astimezone()).token


def register_counter(db: Database, name: str = "counter 3") -> str:
    return admin.add_counter(db, name, datetime.now().astimezone()).token


Connect = Callable[[str | None], httpx.Client]


@pytest.fixture
def connect(server: ServerThread) -> Iterator[Connect]:
    """httpx clients on the running server, with a bearer token (or none)."""
    clients: list[httpx.Client] = []

    def make(token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=server.base_url, headers=headers, timeout=30)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def terminal(db: Database, connect: Connect) -> httpx.Client:
    """Terminal 3's API client."""
    return connect(register_terminal(db, 3))


@pytest.fixture
def counter(db: Database, connect: Connect) -> httpx.Client:
    return connect(register_counter(db))


def event(
    kind: str, payload: dict[str, Any], at: str = "2026-11-26T02:30:00+00:00"
) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": kind, "created_at": at, "payload": payload}


def send(client: httpx.Client, *events: dict[str, Any], terminal: int = 3) -> list[dict[str, Any]]:
    """POST the events; their results (asserting a 200)."""
    response = client.post("/api/v1/events", json={"terminal": terminal, "events": list(events)})
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results
