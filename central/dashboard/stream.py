"""The dashboard's live stream: /dashboard/stream, server-sent events of snapshots.

A snapshot is sent at once, then after every change the hub announces, while the session
lasts; a comment line keeps idle proxies from closing it. One snapshot is built per
change and language and its bytes go to every open stream (SharedSnapshots): twenty
dashboards cost one build, not twenty. There is no fixed delay: a help call goes out at
once, and the changes published while a snapshot is being built make the next one.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from central.dashboard import auth, i18n

if TYPE_CHECKING:  # routes imports this module: the type only
    from central.dashboard.routes import Dashboard
    from central.hub import Hub

KEEPALIVE_S = 15.0  # a comment line keeps proxies and the browser from closing the stream
SSE_RETRY_MS = 2000  # how soon the browser reconnects a dropped stream
SHARED_FOR_S = 1.0  # a snapshot is shared with the streams asking within this time


class SharedSnapshots:
    """The latest snapshot of each language as the event's text, with the hub's change
    count it holds; built by one stream at a time and read by all."""

    def __init__(self, build: Callable[[i18n.Language], dict[str, Any]], hub: Hub) -> None:
        self._build, self._hub = build, hub
        self._latest: dict[i18n.Language, tuple[int, float, str]] = {}
        self._locks: dict[i18n.Language, asyncio.Lock] = {}

    async def get(self, lang: i18n.Language) -> tuple[int, str]:
        """A snapshot holding at least the changes counted now: the shared one if it
        does, else one built now (while one is built, the others wait for it)."""
        wanted = self._hub.changes
        lock = self._locks.setdefault(lang, asyncio.Lock())
        async with lock:
            latest = self._latest.get(lang)
            # A snapshot's times (now, waits, who is online) age: one kept longer than
            # SHARED_FOR_S is built again for a stream that opens later.
            if (
                latest is not None
                and latest[0] >= wanted
                and time.monotonic() - latest[1] < SHARED_FOR_S
            ):
                return latest[0], latest[2]
            holds = self._hub.changes  # read before building: the snapshot holds at least these
            data = await run_in_threadpool(self._build, lang)
            text = f"event: snapshot\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
            self._latest[lang] = (holds, time.monotonic(), text)
            return holds, text


class LiveStream:
    """The stream route of one dashboard."""

    def __init__(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.state = dashboard.state
        self.snapshots = SharedSnapshots(dashboard._snapshot, dashboard.state.hub)

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
        """The latest snapshot now and after every change; ends when the session does."""
        hub = self.state.hub
        with hub.subscribe() as queue:  # before the first snapshot: none missed
            yield f"retry: {SSE_RETRY_MS}\n\n"
            sent = -1
            while True:
                if not await run_in_threadpool(self._session_lasts, key):
                    yield "event: signed-out\ndata: {}\n\n"
                    return
                if hub.changes > sent:  # else the snapshot sent already holds them
                    sent, text = await self.snapshots.get(lang)
                    yield text
                while True:
                    try:
                        await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                        break
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                while not queue.empty():
                    queue.get_nowait()

    def _session_lasts(self, key: str | None) -> bool:
        """A stream outlives neither sign-out nor expiry."""
        return auth.current(self.state.db, key, self.state.clock()) is not None
