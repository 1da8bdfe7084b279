"""Who is calling /api/v1: the bearer token's client, and what its role may do.

401 (with `WWW-Authenticate: Bearer`) for a missing or malformed header and for an
unknown or revoked token; 403 for a known client doing what its role may not. FastAPI's
HTTPBearer is used with auto_error=False only so /openapi.json declares the scheme:
its own error would be a 403 for a missing header, where HTTP says 401.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select

from central.api.schemas import Problem
from central.models import ApiClient
from central.security import token_hash
from central.state import ServerState

TERMINAL = "terminal"
COUNTER = "counter"

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="A terminal's or counter's token (central add-terminal / add-counter)",
)

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": Problem, "description": "No token, a malformed header, or a bad token"},
    403: {"model": Problem, "description": "The token's role may not do this"},
}


@dataclass(frozen=True)
class Client:
    """An authenticated caller."""

    role: str
    name: str
    terminal: int | None  # the terminal's number, for a terminal's token


def server(request: Request) -> ServerState:
    """The server state the app was built with."""
    state: ServerState = request.app.state.server
    return state


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(401, detail, headers={"WWW-Authenticate": "Bearer"})


def authenticate(state: ServerState, token: str) -> Client | None:
    """The client holding `token`, or None for an unknown or revoked one."""
    digest = token_hash(token)
    with state.db.read() as session:
        row = session.scalar(
            select(ApiClient).where(ApiClient.token_hash == digest, ApiClient.revoked_at.is_(None))
        )
        # The lookup is by an index on the hash; compare again in constant time anyway.
        if row is None or not hmac.compare_digest(row.token_hash, digest):
            return None
        return Client(role=row.role, name=row.name, terminal=row.terminal_number)


def allow(*roles: str) -> Callable[..., Client]:
    """A dependency that admits clients of `roles` and refuses everyone else."""

    def dependency(
        request: Request,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Client:
        if credentials is None:
            raise _unauthorized("a bearer token is needed (Authorization: Bearer <token>)")
        token = credentials.credentials
        if len(token) > 256 or not token.isascii():
            raise _unauthorized("malformed token")
        client = authenticate(server(request), token)
        if client is None:
            raise _unauthorized("unknown or revoked token")
        if client.role not in roles:
            raise HTTPException(403, f"a {client.role} token may not do this")
        return client

    return dependency


def same_terminal(client: Client, terminal: int) -> None:
    """A terminal speaks only for itself (403 otherwise)."""
    if client.terminal != terminal:
        raise HTTPException(
            403, f"this token is terminal {client.terminal}'s, not terminal {terminal}'s"
        )
