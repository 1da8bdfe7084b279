"""The API's route class: a JSON body parsed once within bounds (central.api.bodies),
lone UTF-16 surrogates in it replaced by U+FFFD.

JSON may spell a lone surrogate (`"\\udc00"`) and Python's parser gives it back as such;
it cannot be encoded as UTF-8, so storing it, or any answer echoing it (a rejection
reason, a 422's input), would fail: a 500, and a terminal whose outbox never drains.
A lone surrogate is not text, so it is replaced with U+FFFD (the replacement character)
before the route sees the body: an event carrying one is stored with that character
where the broken one was. The bytes are searched for a surrogate escape first, so the
usual body (Chinese escaped as \\u4e00..\\u9fff) is not walked for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from central.api.bodies import parse_json

_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")

Handler = Callable[[Request], Coroutine[Any, Any, Response]]


def _text(value: str) -> str:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        # Paired surrogates were already joined by the parser: what is left is lone.
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    return value


def repaired(value: Any) -> Any:
    """`value` (parsed JSON) with every lone surrogate replaced by U+FFFD."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, dict):
        return {_text(k): repaired(v) for k, v in value.items()}
    if isinstance(value, list):
        return [repaired(v) for v in value]
    return value


class BoundedRequest(Request):
    """A request whose `json()` is `parse_json`'s, surrogates repaired: FastAPI reads a
    route's body through it."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            data = parse_json(body)
            # The parse is bounded in depth, so the repair's recursion is too.
            self._json = repaired(data) if _SURROGATE_ESCAPE.search(body) else data
        return self._json


class TextSafeRoute(APIRoute):
    """An APIRoute whose JSON body is parsed within bounds and never holds text that
    cannot be encoded."""

    def get_route_handler(self) -> Handler:
        handler = super().get_route_handler()

        async def checked(request: Request) -> Response:
            return await handler(BoundedRequest(request.scope, request.receive))

        return checked
