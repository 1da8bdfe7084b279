"""Who may call what: every /api route refuses missing, wrong and revoked tokens (401),
the wrong role (403) and a terminal speaking for another terminal (403)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from central import admin
from central.app import create_app
from central.db import Database
from central.state import ServerState
from tests.central.conftest import Connect, event, register_counter, register_terminal

# Every /api route and the roles allowed on it (docs/sync-protocol.md). A new route must
# be added here, or test_every_route_is_in_the_table fails.
ROLES = {
    ("POST", "/api/v1/events"): {"terminal"},
    ("POST", "/api/v1/tickets"): {"terminal"},
    ("GET", "/api/v1/catalog"): {"terminal"},
    ("GET", "/api/v1/calendar"): {"terminal"},
    ("GET", "/api/v1/help-calls"): {"terminal"},
    ("GET", "/api/v1/declarations/{reference}"): {"terminal", "counter"},
    ("POST", "/api/v1/declarations/{reference}/status"): {"counter"},
    ("POST", "/api/v1/declarations/{reference}/dispatch"): {"counter"},
    ("GET", "/api/v1/queue"): {"terminal", "counter"},
    ("GET", "/api/v1/staff"): {"terminal"},
    ("GET", "/api/v1/terminals/in-service"): {"terminal"},
    ("POST", "/api/v1/progress"): {"terminal"},
    ("POST", "/api/v1/progress/by-id-card"): {"terminal"},
    ("GET", "/api/v1/appointments/saturdays"): {"terminal"},
    ("POST", "/api/v1/appointments"): {"terminal"},
    ("POST", "/api/v1/appointments/check-in"): {"terminal"},
    ("POST", "/api/v1/appointments/check-in-by-id-card"): {"terminal"},
    ("POST", "/api/v1/appointments/{code}/cancel"): {"terminal"},
    ("POST", "/api/v1/appointments/{code}/change"): {"terminal"},
}


# Routes without a bearer token: the enrolment code is the credential (central/api/enrol.py).
PUBLIC = {("POST", "/api/v1/enrol")}


def api_routes(state: ServerState) -> list[tuple[str, str]]:
    # FastAPI 0.165 keeps included routers unflattened in app.routes; the OpenAPI
    # document lists every route they hold (none of ours is hidden from it).
    document = create_app(state).openapi()
    return sorted(
        (method.upper(), path)
        for path, operations in document["paths"].items()
        if path.startswith("/api/")
        for method in operations
        if (method.upper(), path) not in PUBLIC
    )


def call(client: httpx.Client, method: str, path: str) -> httpx.Response:
    url = path.replace("{reference}", "20261126-03-0001")
    return client.request(method, url, json={} if method == "POST" else None)


def test_every_route_is_in_the_table(state: ServerState) -> None:
    assert api_routes(state) == sorted(ROLES)


BAD_AUTHORIZATIONS = [
    None,
    "Bearer",
    "Bearer a b",
    "Basic dXNlcjpwYXNz",
    "Bearer not-a-token",
    "Token abc",
    "Bearer " + "x" * 300,
]


def test_no_valid_token_is_401_with_the_bearer_challenge(
    state: ServerState, connect: Connect
) -> None:
    client = connect(None)
    for authorization in BAD_AUTHORIZATIONS:
        headers = {"Authorization": authorization} if authorization is not None else {}
        for method, path in api_routes(state):
            response = client.request(
                method,
                path.replace("{reference}", "x"),
                headers=headers,
                json={} if method == "POST" else None,
            )
            assert response.status_code == 401, (authorization, method, path, response.text)
            assert response.headers["WWW-Authenticate"] == "Bearer"
            assert response.json()["detail"]


def test_a_replaced_terminal_token_is_revoked(
    state: ServerState, db: Database, connect: Connect
) -> None:
    old = register_terminal(db, 3)
    assert connect(old).get("/api/v1/queue").status_code == 200
    new = register_terminal(db, 3)
    for method, path in api_routes(state):
        assert call(connect(old), method, path).status_code == 401, (method, path)
    assert connect(new).get("/api/v1/queue").status_code == 200


def test_a_revoked_counter_token_is_401(db: Database, connect: Connect) -> None:
    old = register_counter(db, "counter 5")
    assert connect(old).get("/api/v1/queue").status_code == 200
    register_counter(db, "counter 5")
    response = connect(old).get("/api/v1/queue")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_each_role_is_refused_where_it_does_not_belong(
    state: ServerState, db: Database, connect: Connect
) -> None:
    tokens = {"terminal": register_terminal(db, 3), "counter": register_counter(db)}
    for method, path in api_routes(state):
        for role, token in tokens.items():
            status = call(connect(token), method, path).status_code
            if role in ROLES[(method, path)]:
                assert status not in (401, 403), (role, method, path)
            else:
                assert status == 403, (role, method, path)


def test_a_terminal_may_not_write_as_another(db: Database, connect: Connect) -> None:
    three = connect(register_terminal(db, 3))
    register_terminal(db, 4)
    beat = event("heartbeat", {"terminal": 4, "at": "2026-11-26T02:30:00+00:00"})
    response = three.post("/api/v1/events", json={"terminal": 4, "events": [beat]})
    assert response.status_code == 403
    response = three.post(
        "/api/v1/tickets",
        json={
            "terminal": 4,
            "reference": "20261126-04-0001",
            "series": "A",
            "day": "2026-11-26",
            "counters": [3],
        },
    )
    assert response.status_code == 403
    # Nothing was stored for the refused batch.
    same = three.post("/api/v1/events", json={"terminal": 3, "events": [beat]})
    assert same.json()["results"][0]["status"] == "rejected"  # its payload says 4


def test_a_payload_naming_another_terminal_is_rejected_alone(
    db: Database, connect: Connect
) -> None:
    three = connect(register_terminal(db, 3))
    mine = event("heartbeat", {"terminal": 3, "at": "2026-11-26T02:30:00+00:00"})
    theirs = event(
        "guide.viewed", {"terminal": 4, "item_id": "x", "at": "2026-11-26T02:30:00+00:00"}
    )
    response = three.post("/api/v1/events", json={"terminal": 3, "events": [theirs, mine]})
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["rejected", "accepted"]
    assert "terminal 4" in results[0]["reason"]


def test_the_openapi_document_declares_the_bearer_scheme_and_errors(
    state: ServerState, connect: Connect
) -> None:
    document = connect(None).get("/openapi.json").json()
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(schemes.values())).items()
    for method, path in ROLES:
        operation = document["paths"][path][method.lower()]
        assert operation["security"], (method, path)
        assert {"401", "403"} <= set(operation["responses"]), (method, path)
    assert (
        "409" in document["paths"]["/api/v1/declarations/{reference}/status"]["post"]["responses"]
    )


def test_tokens_are_kept_only_as_hashes(db: Database) -> None:
    issued = admin.add_terminal(db, 7, datetime.now(UTC))
    with db.read() as s:
        from central.models import ApiClient

        stored = s.query(ApiClient.token_hash).all()
    assert issued.token not in str(stored)
