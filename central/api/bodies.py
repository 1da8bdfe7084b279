"""Request bodies the server reads: bounded in size while they arrive, and JSON bounded
in depth, parsed once.

`BodyLimit` (an ASGI middleware around the whole app) refuses a body over its limit with
413: at once when Content-Length says so (nothing is read), else as soon as the bytes
received pass it (a chunked body without a length). The limit is BODY_MAX_BYTES, and
BATCH_MAX_BYTES for a batch of events from a terminal's token: only a terminal's token
lets anyone make the server parse more than a megabyte. `parse_json` refuses
(422) a body that is not UTF-8, not JSON, nested deeper than MAX_DEPTH (found by a scan
of the bytes before the parser, whose recursion would otherwise fail first: a 500), or
holding an integer of thousands of digits. NaN, Infinity and numbers like 1e400 (which
parse as infinity) come through as floats: a typed field refuses them (422), and an
event payload holding one is rejected alone (kiosk.protocol.check_payload), so one bad
event does not block its terminal's whole outbox.
"""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

from fastapi import HTTPException
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.api.auth import TERMINAL, authenticate
from central.api.problems import problem
from central.state import ServerState
from kiosk.protocol.limits import BATCH_MAX_BYTES, KIB

BODY_MAX_BYTES = 1024 * KIB
"""Any request but a batch of events: a ticket request or a status is a few hundred bytes."""

BODY_READ_TIMEOUT_S = 30.0
"""The longest wait for the next piece of a body: a client that announces a body and
sends no more (or a byte a minute) gets 408 and its connection closed, instead of holding
a worker and a connection for ever (uvicorn has no timeout of its own for a body)."""

EVENTS_PATH = "/api/v1/events"
MAX_DEPTH = 32
"""Arrays and objects inside each other: a batch, its events, a payload, the answers, an
address, a finding's text take 8."""

# Only brackets are kept, each as "[" or "]": depth counts both kinds alike (a "[" closed
# by a "}" is not JSON, which the parser says).
_BRACKETS_ONLY = bytes.maketrans(b"{}", b"[]")
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _token(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = bytes(value).decode("latin-1").partition(" ")
            if scheme.lower() == "bearer" and 0 < len(token) <= 256 and token.isascii():
                return token
    return None


def limit_for(scope: Scope, state: ServerState) -> int:
    """The most bytes the request's body may have (looks the token up: call it in a
    worker thread)."""
    if scope.get("method") == "POST" and scope.get("path") == EVENTS_PATH:
        token = _token(scope)
        client = None if token is None else authenticate(state, token)
        if client is not None and client.role == TERMINAL:
            return BATCH_MAX_BYTES
    return BODY_MAX_BYTES


class BodyTimeout(HTTPException):
    """408, raised from `receive` when the next piece of a body does not come in time."""

    def __init__(self) -> None:
        super().__init__(
            408,
            f"body: nothing received for {BODY_READ_TIMEOUT_S:g} s; send the whole body",
            headers={"Connection": "close"},
        )


class BodyTooLarge(HTTPException):
    """413, raised from `receive` once the body passes its limit (FastAPI answers an
    HTTPException raised while it reads a body as it is)."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            413,
            f"body: over the limit of {limit} bytes for this request",
            headers={"Connection": "close"},
        )


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the HTTP server refuses a malformed length before the app
    return None


class BodyLimit:
    """Refuse request bodies over `limit_for(scope)` bytes, before or while reading them."""

    def __init__(self, app: ASGIApp, state: ServerState) -> None:
        self.app, self.state = app, state

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = BODY_MAX_BYTES
        if scope.get("method") == "POST" and scope.get("path") == EVENTS_PATH:
            limit = await run_in_threadpool(limit_for, scope, self.state)
        length = _content_length(scope)
        if length is not None and length > limit:
            refused = BodyTooLarge(limit)
            await problem(refused.status_code, refused.detail, refused.headers)(
                scope, receive, send
            )
            return
        received = 0
        started = False
        complete = False

        async def limited_receive() -> Message:
            nonlocal received, complete
            if complete:  # after the body only a disconnect comes: waited for as long as needed
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), BODY_READ_TIMEOUT_S)
            except TimeoutError:
                raise BodyTimeout() from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
                complete = not message.get("more_body", False)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except (BodyTooLarge, BodyTimeout) as refused:  # read outside a route answering it
            if started:
                raise
            await problem(refused.status_code, refused.detail, refused.headers)(
                scope, receive, send
            )


def _too_deep(body: bytes, limit: int) -> bool:
    """Whether the JSON text `body` nests arrays and objects deeper than `limit`.

    Brackets inside strings do not count: escaped backslashes and quotes are dropped,
    then every other piece between quotes is a string. What is left is brackets only.
    Each round removes the pairs that are innermost at its start (`bytes.replace` does
    not look again at what its removals join), so exactly one level of every structure:
    a body no deeper than `limit` has none left after `limit` rounds. A round that
    removes nothing while brackets are left means they do not pair up: not JSON, which
    the parser answers. Every step runs at C speed: a usual batch takes milliseconds;
    the worst case, thousands of structures just at the limit, takes 32 rounds over the
    body (0.15 s for 1 MiB, 0.3 s for the 2 MiB only a terminal's token may send).
    """
    text = body.replace(b"\\\\", b"").replace(b'\\"', b"")
    outside = b"".join(text.split(b'"')[0::2])
    brackets = outside.translate(_BRACKETS_ONLY, _NOT_BRACKETS)
    if len(brackets) <= limit:
        return False
    for _ in range(limit):
        shorter = brackets.replace(b"[]", b"")
        if not shorter or len(shorter) == len(brackets):
            return False
        brackets = shorter
    return True


def parse_json(body: bytes) -> Any:
    """The JSON value of `body`, or an HTTPException 422 saying why there is none."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise HTTPException(422, f"body: not UTF-8 (byte {e.start})") from None
    too_deep = f"body: nested deeper than {MAX_DEPTH} arrays or objects"
    if _too_deep(body, MAX_DEPTH):
        raise HTTPException(422, too_deep)
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise HTTPException(422, f"body: not JSON ({e.msg} at character {e.pos})") from None
    except ValueError:  # the only other refusal: an integer of more than 4,300 digits
        limit = sys.get_int_max_str_digits()
        raise HTTPException(422, f"body: an integer of more than {limit} digits") from None
    except RecursionError:  # the scan above keeps this from happening; should it anyway
        raise HTTPException(422, too_deep) from None
