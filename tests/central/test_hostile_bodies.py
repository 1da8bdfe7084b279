"""Hostile request bodies against the real server on loopback: whatever a client sends,
the answer is a 2xx or a 4xx with the problem document (`{"detail": "..."}`), never a
5xx, a traceback or a hang, and nothing unusable is stored.

The specific defects first (a body 900 levels deep with a lone surrogate, 1e400 where a
number goes, a 10 MB payload, a body too large that the server read to the end), then
hypothesis sending generated hostile JSON text through every API route.
"""

from __future__ import annotations

import json
import socket
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from central.api import bodies
from central.api.bodies import BODY_MAX_BYTES, MAX_DEPTH
from central.db import Database
from central.models import Event, Ticket
from central.serve import ServerThread
from kiosk.protocol.limits import BATCH_MAX_BYTES, LARGE, SMALL
from tests.central.conftest import Connect, event, register_counter, register_terminal

AT = "2026-11-26T02:30:00+00:00"
JSON = {"Content-Type": "application/json"}


def stored(db: Database) -> int:
    with db.read() as s:
        return s.scalar(select(func.count()).select_from(Event)) or 0


def post(client: httpx.Client, path: str, body: str | bytes) -> httpx.Response:
    content = body.encode("utf-8", "surrogatepass") if isinstance(body, str) else body
    return client.post(path, content=content, headers=JSON)


def assert_problem(response: httpx.Response, status: int | None = None) -> str:
    """The answer is a 4xx problem document; its detail."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:500])
    if status is not None:
        assert response.status_code == status, response.text[:500]
    body = response.json()
    assert isinstance(body, dict) and isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


def heartbeat_batch(extra: str, terminal: str = "3") -> str:
    """A batch of one heartbeat whose payload holds `extra` (JSON text) as "x"."""
    return (
        f'{{"terminal": {terminal}, "events": [{{"id": "e1", "kind": "heartbeat", '
        f'"created_at": "{AT}", "payload": {{"terminal": 3, "at": "{AT}", "x": {extra}}}}}]}}'
    )


# -- the defects found on main -----------------------------------------------------------


def test_a_body_900_levels_deep_with_a_lone_surrogate_is_422(
    db: Database, terminal: httpx.Client
) -> None:
    body = heartbeat_batch("[" * 900 + '"\\ud800"' + "]" * 900)
    detail = assert_problem(post(terminal, "/api/v1/events", body), 422)
    assert detail == f"body: nested deeper than {MAX_DEPTH} arrays or objects"
    assert stored(db) == 0


def test_nesting_up_to_the_limit_is_read_and_brackets_in_strings_do_not_count(
    db: Database, terminal: httpx.Client
) -> None:
    # The batch, its events, an event and its payload are 4 levels.
    inside = MAX_DEPTH - 4
    deepest = heartbeat_batch("[" * inside + "1" + "]" * inside)
    assert post(terminal, "/api/v1/events", deepest).json()["results"][0]["status"] == "accepted"
    over = heartbeat_batch("[" * (inside + 1) + "1" + "]" * (inside + 1)).replace('"e1"', '"e2"')
    assert_problem(post(terminal, "/api/v1/events", over), 422)
    text = json.dumps("[{" * 5000 + '\\"[' + "\\\\" * 3)
    in_a_string = heartbeat_batch(text).replace('"e1"', '"e3"')
    assert post(terminal, "/api/v1/events", in_a_string).json()["results"][0]["status"] == (
        "accepted"
    )
    assert stored(db) == 2


@pytest.mark.parametrize(
    "number", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity", "1e999999", "2.5"]
)
def test_a_number_out_of_place_or_range_in_a_request_is_422(
    db: Database, connect: Connect, terminal: httpx.Client, number: str
) -> None:
    detail = assert_problem(post(terminal, "/api/v1/events", heartbeat_batch("1", number)), 422)
    assert detail.startswith("body.terminal: ")
    ticket = (
        f'{{"terminal": 3, "reference": "20261126-03-0001", "series": "A",'
        f' "day": "2026-11-26", "counters": [{number}]}}'
    )
    assert assert_problem(post(terminal, "/api/v1/tickets", ticket), 422).startswith(
        "body.counters.0: "
    )
    counter = connect(register_counter(db))
    status = f'{{"status": "received", "counter": {number}}}'
    assert_problem(post(counter, "/api/v1/declarations/20261126-03-0001/status", status), 422)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Ticket)) == 0
    assert stored(db) == 0


def test_integers_too_large_are_422_in_a_request_and_reject_their_event_in_a_payload(
    db: Database, terminal: httpx.Client
) -> None:
    for digits in (25, 5000):
        body = heartbeat_batch("1", "9" * digits)
        assert_problem(post(terminal, "/api/v1/events", body), 422)
    good = event("guide.viewed", {"item_id": "elderly-card", "terminal": 3, "at": AT})
    for n, extra in enumerate(("1e400", "-Infinity", "NaN", str(2**63), str(-(2**63) - 1))):
        batch = json.loads(heartbeat_batch("0").replace('"e1"', f'"bad{n}"'))
        text = json.dumps({**batch, "events": [*batch["events"], {**good, "id": f"good{n}"}]})
        text = text.replace('"x": 0', f'"x": {extra}')
        results = post(terminal, "/api/v1/events", text).json()["results"]
        assert results[0]["status"] == "rejected" and results[0]["code"] == 422, results
        assert results[0]["reason"].startswith("payload.x: ")
        assert results[1] == {"id": f"good{n}", "status": "accepted"}  # the rest goes on
    assert stored(db) == 5


def test_a_payload_over_its_kinds_limit_is_rejected_alone_and_not_stored(
    db: Database, terminal: httpx.Client
) -> None:
    beat = event("heartbeat", {"terminal": 3, "at": AT, "x": "a" * SMALL})
    declaration = event(
        "declaration.submitted",
        {
            "reference": "20261126-03-0001",
            "terminal": 3,
            "item_id": "elderly-card",
            "catalog_version": "v1",
            "language": "zh_CN",
            "submitted_at": AT,
            "answers": {"notes": "汉" * (LARGE // 3)},
        },
    )
    fine = event("heartbeat", {"terminal": 3, "at": AT, "x": "a" * (SMALL - 100)})
    response = terminal.post(
        "/api/v1/events", json={"terminal": 3, "events": [beat, declaration, fine]}
    )
    results = response.json()["results"]
    assert [(r["status"], r.get("code")) for r in results] == [
        ("rejected", 413),
        ("rejected", 413),
        ("accepted", None),
    ]
    assert f"over the limit of {SMALL} bytes for 'heartbeat'" in results[0]["reason"]
    assert f"over the limit of {LARGE} bytes for 'declaration.submitted'" in results[1]["reason"]
    assert stored(db) == 1


def test_a_10_mb_payload_is_refused_and_not_stored(db: Database, terminal: httpx.Client) -> None:
    """Over the batch's body limit: the whole body is refused (413), nothing stored."""
    huge = event("catalog.refused", {"terminal": 3, "version": "v", "problems": ["a" * 10**7]})
    good = event("heartbeat", {"terminal": 3, "at": AT})
    response = terminal.post("/api/v1/events", json={"terminal": 3, "events": [huge, good]})
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"body: over the limit of {BATCH_MAX_BYTES} bytes for this request"
    }
    assert stored(db) == 0


def test_a_batch_of_more_than_500_events_is_422(db: Database, terminal: httpx.Client) -> None:
    beats = [event("heartbeat", {"terminal": 3, "at": AT}) for _ in range(501)]
    detail = assert_problem(terminal.post("/api/v1/events", json={"terminal": 3, "events": beats}))
    assert detail.startswith("body.events: ") and "500" in detail
    assert stored(db) == 0


# -- bodies over the limit are refused as they arrive -------------------------------------


def raw_answer(server: ServerThread, head: str, body: bytes = b"") -> tuple[int, dict[str, Any]]:
    """Send `head` and `body` on a plain socket, never more; read the answer. A server
    that waited for the rest of the body would time out here."""
    with socket.create_connection((server.host, server.port), timeout=60) as sock:
        sock.sendall(head.encode("ascii") + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"connection closed without an answer: {data!r}"
            data += chunk
        header, _, rest = data.partition(b"\r\n\r\n")
        lines = header.decode("latin-1").split("\r\n")
        fields = dict(line.split(": ", 1) for line in lines[1:])
        length = int(fields["content-length"])
        while len(rest) < length:
            chunk = sock.recv(65536)
            assert chunk, "connection closed in the middle of the answer"
            rest += chunk
        return int(lines[0].split()[1]), json.loads(rest[:length])


def request_head(server: ServerThread, path: str, token: str, framing: str) -> str:
    return (
        f"POST {path} HTTP/1.1\r\nHost: {server.host}:{server.port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n{framing}\r\n"
    )


@pytest.mark.parametrize(
    ("path", "token", "limit"),
    [
        ("/api/v1/tickets", "terminal", BODY_MAX_BYTES),
        ("/api/v1/events", "terminal", BATCH_MAX_BYTES),
        ("/api/v1/events", "none", BODY_MAX_BYTES),  # a batch's limit is a terminal's
        ("/api/v1/events", "counter", BODY_MAX_BYTES),
        ("/login", "none", BODY_MAX_BYTES),
    ],
)
def test_a_content_length_over_the_limit_is_413_without_reading_the_body(
    db: Database, server: ServerThread, path: str, token: str, limit: int
) -> None:
    tokens = {"terminal": register_terminal(db, 3), "counter": register_counter(db)}
    head = request_head(
        server, path, tokens.get(token, "unknown"), "Content-Length: 10000000000\r\n"
    )
    status, body = raw_answer(server, head)  # not one byte of the 10 GB sent
    assert status == 413
    assert body == {"detail": f"body: over the limit of {limit} bytes for this request"}


def test_a_streamed_body_over_the_limit_is_413_while_it_arrives(
    db: Database, server: ServerThread
) -> None:
    token = register_terminal(db, 3)
    head = request_head(server, "/api/v1/tickets", token, "Transfer-Encoding: chunked\r\n")
    piece = b"[" + b" " * (64 * 1024 - 1)
    chunks = b"".join(
        b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(BODY_MAX_BYTES // len(piece) + 1)
    )  # just over the limit, and the body never ends (no last chunk)
    status, body = raw_answer(server, head, chunks)
    assert status == 413
    assert body == {"detail": f"body: over the limit of {BODY_MAX_BYTES} bytes for this request"}


@pytest.mark.parametrize("path", ["/api/v1/tickets", "/api/v1/events"])
def test_a_body_that_stops_arriving_is_408_and_the_server_serves_on(
    db: Database, server: ServerThread, path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that announces 100 bytes and sends 10 does not hold its request for ever;
    the next read of the body gives up after the timeout (shortened here)."""
    monkeypatch.setattr(bodies, "BODY_READ_TIMEOUT_S", 0.2)
    token = register_terminal(db, 3)
    head = request_head(server, path, token, "Content-Length: 100\r\n")
    status, body = raw_answer(server, head, b'{"terminal"')
    assert status == 408
    assert body["detail"].startswith("body: nothing received for 0.2 s")
    complete = request_head(server, "/api/v1/tickets", token, "Content-Length: 2\r\n")
    assert raw_answer(server, complete, b"{}")[0] == 422  # served on: a whole body is read


# -- hypothesis: generated hostile bodies through every route -----------------------------

TOKENS = [
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "9" * 30,
    "-" + "9" * 30,
    "9" * 4400,
    "-0",
    "0.1e1",
    "true",
    "null",
    '""',
    '"\\ud800"',
    '"a\\udc00b"',
    '"\\udbff\\udfff"',
    '"\\u0000"',
    '"\\u202e\\u200b\\u0301"',
    '"\\x"',
    "[1,]",
    "{,}",
    "'single'",
    '"\x01\x1f"',
    "\ufeff1",
]

scalars = st.one_of(
    st.sampled_from(TOKENS),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.text(max_size=40).map(lambda t: json.dumps(t, ensure_ascii=False)),
    # Long strings: a few bytes to well over the 1 MiB limit of most routes.
    st.integers(min_value=1, max_value=1_300_000).map(lambda n: json.dumps("汉" * (n // 3 + 1))),
)


def _nest(depth: int, opener: str, inner: str) -> str:
    if opener == "[":
        return "[" * depth + inner + "]" * depth
    return '{"k":' * depth + inner + "}" * depth


deep = st.builds(_nest, st.integers(min_value=0, max_value=1500), st.sampled_from("[{"), scalars)
values = st.recursive(
    st.one_of(scalars, deep),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
        st.lists(st.tuples(st.text(max_size=6).map(json.dumps), inner), max_size=4).map(
            lambda pairs: "{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
        ),
    ),
    max_leaves=6,
)

EVENT = (
    '{"id": %(id)s, "kind": %(kind)s, "created_at": %(created_at)s,'
    ' "payload": {"terminal": %(p_terminal)s, "at": "' + AT + '", "x": %(x)s}}'
)
TEMPLATES: dict[str, tuple[str, dict[str, str]]] = {
    "/api/v1/events": (
        '{"terminal": %(terminal)s, "protocol": %(protocol)s, "events": [' + EVENT + "]}",
        {
            "terminal": "3",
            "protocol": "2",
            "id": '"e1"',
            "kind": '"heartbeat"',
            "created_at": f'"{AT}"',
            "p_terminal": "3",
            "x": "1",
        },
    ),
    "/api/v1/tickets": (
        '{"terminal": %(terminal)s, "reference": %(reference)s, "series": %(series)s,'
        ' "day": %(day)s, "counters": %(counters)s}',
        {
            "terminal": "3",
            "reference": '"20261126-03-0001"',
            "series": '"A"',
            "day": '"2026-11-26"',
            "counters": "[3]",
        },
    ),
    "/api/v1/progress/by-id-card": (
        '{"id_number": %(id_number)s}',
        {"id_number": '"110101195001011239"'},
    ),
    "/api/v1/appointments/check-in-by-id-card": (
        '{"id_number": %(id_number)s}',
        {"id_number": '"110101195001011239"'},
    ),
    "/api/v1/declarations/20261126-03-0001/status": (
        '{"status": %(status)s, "counter": %(counter)s, "note": %(note)s}',
        {"status": '"returned"', "counter": "3", "note": '"x"'},
    ),
}


@st.composite
def hostile_bodies(draw: st.DrawFn, path: str) -> str:
    template, defaults = TEMPLATES[path]
    how = draw(st.sampled_from(["field", "field", "whole", "batch"]))
    if how == "whole":
        return draw(values)
    fields = dict(defaults)
    if how == "batch" and path == "/api/v1/events":
        n = draw(st.integers(min_value=495, max_value=520))
        one = EVENT % {**fields, "id": '"e%d"'}
        events = ",".join(one.replace("%d", str(i)) for i in range(n))
        return '{"terminal": 3, "events": [' + events + "]}"
    for name in draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3)):
        fields[name] = draw(values)
    return template % fields


def check_answer(response: httpx.Response) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:300])
    body = response.json()
    assert isinstance(body, dict)
    if response.status_code >= 400:
        assert isinstance(body.get("detail"), str) and body["detail"], body
    elif "results" in body:
        assert all(r["status"] in ("accepted", "duplicate", "rejected") for r in body["results"])


FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("path", sorted(TEMPLATES))
def test_hostile_bodies_through_every_route_get_an_answer(
    db: Database, server: ServerThread, path: str
) -> None:
    role = register_counter(db) if "status" in path else register_terminal(db, 3)
    headers = {"Authorization": f"Bearer {role}"}
    with httpx.Client(base_url=server.base_url, headers=headers, timeout=60) as client:

        @FUZZ
        @given(
            body=hostile_bodies(path),
            content_type=st.sampled_from(["application/json", "text/plain"]),
        )
        def one_body(body: str, content_type: str) -> None:
            content = body.encode("utf-8", "surrogatepass")
            check_answer(client.post(path, content=content, headers={"Content-Type": content_type}))

        one_body()
        # And the server still serves a good request.
        good = {"terminal": 3, "events": [event("heartbeat", {"terminal": 3, "at": AT})]}
        assert client.post("/api/v1/events", json=good).status_code in (200, 403)


GETS = [
    "/api/v1/catalog",
    "/api/v1/calendar",
    "/api/v1/queue",
    "/api/v1/help-calls",
    "/api/v1/staff",
    "/api/v1/terminals/in-service",
]


def test_hostile_queries_paths_and_headers_on_the_get_routes_get_an_answer(
    db: Database, server: ServerThread
) -> None:
    token = register_terminal(db, 3)
    with httpx.Client(base_url=server.base_url, timeout=60) as client:

        @FUZZ
        @given(
            path=st.sampled_from([*GETS, "/api/v1/declarations/{}"]),
            value=st.one_of(st.sampled_from(TOKENS), st.text(max_size=300)),
            body=st.one_of(st.none(), values),
        )
        def one_request(path: str, value: str, body: str | None) -> None:
            text = value.encode("utf-8", "replace").decode("utf-8")  # what a URL can carry
            url = path.replace("{}", quote(text, safe="") or "x")
            printable = "".join(c for c in value if " " <= c <= "~").strip()  # a header can
            headers = {"Authorization": f"Bearer {token}", "If-None-Match": printable}
            content = None if body is None else body.encode("utf-8", "surrogatepass")
            response = client.request(
                "GET", url, params={"since": text}, headers=headers, content=content
            )
            check_answer(response)

        one_request()
