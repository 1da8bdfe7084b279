"""The dashboard's live stream: /dashboard/stream, server-sent events of snapshots.

A snapshot is sent at once, then after every burst of changes the hub announces, while
the session lasts; a comment line keeps idle proxies from closing it.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from central.dashboard import auth, i18n

if TYPE_CHECKING:  # routes imports this module: the type only
    from central.dashboard.routes import Dashboard

STREAM_DEBOUNCE_S = 0.1  # a burst of changes (a batch of events) sends one snapshot
KEEPALIVE_S = 15.0  # a comment line keeps proxies and the browser from closing the stream
SSE_RETRY_MS = 2000  # how soon the browser reconnects a dropped stream


class LiveStream:
    """The stream route of one dashboard."""

    def __init__(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.state = dashboard.state

    def install(self, app: FastAPI) -> None:
        app.add_api_route(
            "/dashboard/stream", self.stream, methods=["GET"], include_in_schema=False
        )

    async def stream(self, request: Request) -> Response:
        from central.dashboard.routes import _secured

        d = self.dashboard
        if await run_in_threadpool(d._signed_in, request) is None:
            return _secured(JSONResponse({"detail": "not signed in"}, status_code=401))
        lang = d._language(request)
        key = request.cookies.get(auth.SESSION_COOKIE)
        response = StreamingResponse(
            self._events(lang, key), media_type="text/event-stream; charset=utf-8"
        )
        response.headers["X-Accel-Buffering"] = "no"  # a reverse proxy must not hold it back
        return _secured(response)

    async def _events(self, lang: i18n.Language, key: str | None) -> AsyncIterator[str]:
        """A snapshot now and after every burst of changes; ends when the session does."""
        with self.state.hub.subscribe() as queue:  # before the first snapshot: none missed
            yield f"retry: {SSE_RETRY_MS}\n\n"
            while True:
                data = await run_in_threadpool(self._snapshot_for, lang, key)
                if data is None:
                    yield "event: signed-out\ndata: {}\n\n"
                    return
                yield f"event: snapshot\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
                while True:
                    try:
                        await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                        break
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                await asyncio.sleep(STREAM_DEBOUNCE_S)
                while not queue.empty():
                    queue.get_nowait()

    def _snapshot_for(self, lang: i18n.Language, key: str | None) -> dict[str, Any] | None:
        """A snapshot while the session lasts (a stream outlives neither sign-out nor expiry)."""
        if auth.current(self.state.db, key, self.state.clock()) is None:
            return None
        return self.dashboard._snapshot(lang)
