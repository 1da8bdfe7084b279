"""The dashboard's routes: sign-in, the page, its data and stream, the help call actions.

Rules every route keeps:
- Pages without a valid session redirect to /login; data, stream and script actions
  answer 401. Every state-changing POST needs the session's CSRF token (sign-in: the
  double-submit cookie), else 403 and nothing changes.
- HTML is rendered by Jinja2 with autoescape and a strict undefined; the client script
  is a static file that inserts data only as text. The Content Security Policy allows
  scripts, styles and connections from this origin only (no inline script or style).
- Cookies are HttpOnly, SameSite=Strict, and Secure when the request came over HTTPS.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.responses import StreamingResponse

from central import helpcalls
from central.dashboard import auth, i18n, snapshot
from central.dashboard.catalog_names import NameCache
from central.dashboard.throttle import SignInThrottle
from central.models import HelpCall
from central.security import new_token
from central.state import ServerState

HERE = Path(__file__).parent
LANGUAGE_COOKIE = "dashboard_lang"
LANGUAGE_KEPT_S = 365 * 24 * 3600  # a monitor's language stays chosen
STREAM_DEBOUNCE_S = 0.1  # a burst of changes (a batch of events) sends one snapshot
KEEPALIVE_S = 15.0  # a comment line keeps proxies and the browser from closing the stream
SSE_RETRY_MS = 2000  # how soon the browser reconnects a dropped stream

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _secured(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


class Dashboard:
    """The dashboard's routes around one server state."""

    def __init__(self, state: ServerState) -> None:
        self.state = state
        self.names = NameCache()
        self.throttle = SignInThrottle()
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,  # a misspelt name fails the render, not shows blank
        )
        # Static URLs carry the file's digest, so a new version is never served from cache.
        self.static_versions = {
            path.name: hashlib.sha256(path.read_bytes()).hexdigest()[:12]
            for path in (HERE / "static").iterdir()
        }

    def install(self, app: FastAPI) -> None:
        app.mount("/dashboard/static", StaticFiles(directory=HERE / "static"), name="dashboard")
        app.add_api_route("/", self.root, methods=["GET"], include_in_schema=False)
        app.add_api_route("/login", self.login_page, methods=["GET"], include_in_schema=False)
        app.add_api_route("/login", self.login, methods=["POST"], include_in_schema=False)
        app.add_api_route("/logout", self.logout, methods=["POST"], include_in_schema=False)
        app.add_api_route("/dashboard", self.page, methods=["GET"], include_in_schema=False)
        app.add_api_route(
            "/dashboard/snapshot.json", self.snapshot_json, methods=["GET"], include_in_schema=False
        )
        app.add_api_route(
            "/dashboard/stream", self.stream, methods=["GET"], include_in_schema=False
        )
        for action in ("acknowledge", "resolve"):
            app.add_api_route(
                f"/dashboard/help-calls/{action}",
                self._help_action(action),
                methods=["POST"],
                include_in_schema=False,
            )

    # --- helpers -------------------------------------------------------------------------

    def _signed_in(self, request: Request) -> auth.SignedIn | None:
        return auth.current(
            self.state.db, request.cookies.get(auth.SESSION_COOKIE), self.state.clock()
        )

    def _language(self, request: Request) -> i18n.Language:
        return i18n.language(request.cookies.get(LANGUAGE_COOKIE))

    def _drop_cookie(self, request: Request, response: Response, name: str) -> None:
        response.delete_cookie(
            name, httponly=True, samesite="strict", secure=request.url.scheme == "https"
        )

    def _set_cookie(self, request: Request, response: Response, name: str, value: str) -> None:
        response.set_cookie(
            name,
            value,
            max_age=LANGUAGE_KEPT_S
            if name == LANGUAGE_COOKIE
            else int(auth.SESSION_LIFETIME.total_seconds()),
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )

    def _switch_language(self, request: Request) -> Response | None:
        """`?lang=en` (or zh) remembers the language and reloads the page without it."""
        wanted = request.query_params.get("lang")
        if wanted not in i18n.LANGUAGES:
            return None
        response = RedirectResponse(request.url.path, status_code=303)
        self._set_cookie(request, response, LANGUAGE_COOKIE, wanted)
        return _secured(response)

    def _render(
        self, name: str, lang: i18n.Language, status: int = 200, **context: Any
    ) -> Response:
        def text(key: str, **values: object) -> str:
            return i18n.t(lang, key, **values)

        def static(file_name: str) -> str:
            return f"/dashboard/static/{file_name}?v={self.static_versions[file_name]}"

        html = self.templates.get_template(name).render(
            lang=lang,
            html_lang="zh-CN" if lang == "zh" else "en",
            other_lang="en" if lang == "zh" else "zh",
            t=text,
            static=static,
            **context,
        )
        return _secured(HTMLResponse(html, status_code=status))

    def _snapshot(self, lang: i18n.Language) -> dict[str, Any]:
        with self.state.db.read() as session:
            return snapshot.build(
                session, self.names, lang, self.state.clock(), self.state.timezone
            )

    # --- pages ---------------------------------------------------------------------------

    def root(self) -> Response:
        return _secured(RedirectResponse("/dashboard", status_code=303))

    def login_page(self, request: Request) -> Response:
        switched = self._switch_language(request)
        if switched:
            return switched
        if self._signed_in(request):
            return _secured(RedirectResponse("/dashboard", status_code=303))
        return self._login_form(request, error=False)

    def _login_form(self, request: Request, *, error: bool, wait_minutes: int = 0) -> Response:
        token = request.cookies.get(auth.LOGIN_CSRF_COOKIE) or new_token()
        status = 429 if wait_minutes else 401 if error else 200
        response = self._render(
            "login.html",
            self._language(request),
            status,
            csrf=token,
            error=error,
            wait_minutes=wait_minutes,
        )
        self._set_cookie(request, response, auth.LOGIN_CSRF_COOKIE, token)
        return response

    def login(
        self,
        request: Request,
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        if not auth.same_token(csrf, request.cookies.get(auth.LOGIN_CSRF_COOKIE)):
            return _secured(Response("CSRF token missing or wrong", status_code=403))
        now = self.state.clock()
        keys = self.throttle.keys(username, request.client.host if request.client else "")
        wait = self.throttle.wait_minutes(keys, now)
        if wait:  # too many wrong passwords: not even checked
            return self._login_form(request, error=True, wait_minutes=wait)
        key = auth.sign_in(self.state.db, username, password, now)
        if key is None:  # one answer for an unknown user and a wrong password
            self.throttle.failed(keys, now)
            return self._login_form(request, error=True)
        self.throttle.succeeded(keys)
        response = _secured(RedirectResponse("/dashboard", status_code=303))
        self._set_cookie(request, response, auth.SESSION_COOKIE, key)
        self._drop_cookie(request, response, auth.LOGIN_CSRF_COOKIE)
        return response

    def logout(
        self,
        request: Request,
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        signed = self._signed_in(request)
        if signed is None:
            return _secured(RedirectResponse("/login", status_code=303))
        if not auth.same_token(csrf, signed.csrf_token):
            return _secured(Response("CSRF token missing or wrong", status_code=403))
        auth.sign_out(self.state.db, signed)
        response = _secured(RedirectResponse("/login", status_code=303))
        self._drop_cookie(request, response, auth.SESSION_COOKIE)
        return response

    def page(self, request: Request) -> Response:
        switched = self._switch_language(request)
        if switched:
            return switched
        signed = self._signed_in(request)
        if signed is None:
            return _secured(RedirectResponse("/login", status_code=303))
        lang = self._language(request)
        return self._render(
            "dashboard.html",
            lang,
            staff=signed,
            csrf=signed.csrf_token,
            data=self._snapshot(lang),
            strings=i18n.table(lang),
        )

    # --- data ----------------------------------------------------------------------------

    def snapshot_json(self, request: Request) -> Response:
        if self._signed_in(request) is None:
            return _secured(JSONResponse({"detail": "not signed in"}, status_code=401))
        return _secured(JSONResponse(self._snapshot(self._language(request))))

    async def stream(self, request: Request) -> Response:
        if await run_in_threadpool(self._signed_in, request) is None:
            return _secured(JSONResponse({"detail": "not signed in"}, status_code=401))
        lang = self._language(request)
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
        return self._snapshot(lang)

    # --- actions -------------------------------------------------------------------------

    @staticmethod
    def _refused(request: Request, status: int, detail: str) -> Response:
        """A call someone else already handled: the script gets why; a plain form post
        (no JavaScript) goes back to the page, which shows how the call stands now."""
        if _wants_json(request):
            return _secured(JSONResponse({"detail": detail}, status_code=status))
        return _secured(RedirectResponse("/dashboard", status_code=303))

    def _help_action(self, action: str) -> Callable[..., Response]:
        change = helpcalls.acknowledge if action == "acknowledge" else helpcalls.resolve

        def handle(
            request: Request,
            call: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form()] = "",
        ) -> Response:
            signed = self._signed_in(request)
            if signed is None:
                if _wants_json(request):
                    return _secured(JSONResponse({"detail": "not signed in"}, status_code=401))
                return _secured(RedirectResponse("/login", status_code=303))
            given = request.headers.get("x-csrf-token") or csrf
            if not auth.same_token(given, signed.csrf_token):
                return _secured(Response("CSRF token missing or wrong", status_code=403))
            with self.state.db.transaction() as session:
                row = session.get(HelpCall, call)
                if row is None:
                    return self._refused(request, 404, "no such call")
                try:
                    change(session, row, signed.display_name, self.state.clock())
                except helpcalls.HelpCallConflict as conflict:
                    return self._refused(request, 409, str(conflict))
                state = row.state
            self.state.hub.publish("help")  # after the commit: the snapshot must see it
            if _wants_json(request):
                return _secured(JSONResponse({"id": call, "state": state}))
            return _secured(RedirectResponse("/dashboard", status_code=303))

        return handle
