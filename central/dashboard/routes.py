"""The dashboard's routes: sign-in, the page, its data and stream, the help call actions,
a terminal's audit of staff actions (attendants and supervisors), the staff accounts
page, the terminals' one-time enrolment codes and the 整改工单 (work orders) of low
ratings (supervisors only).

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

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from sqlalchemy import select

from central import admin, enrolment, helpcalls, ratings
from central import staff as staff_rules
from central.dashboard import audit, auth, i18n, saturdays, snapshot, stream, work_orders
from central.dashboard.catalog_names import NameCache
from central.dashboard.throttle import SignInThrottle
from central.days import hall_day
from central.models import HelpCall, Staff, WorkOrder
from central.security import new_token
from central.state import ServerState

HERE = Path(__file__).parent
LANGUAGE_COOKIE = "dashboard_lang"
LANGUAGE_KEPT_S = 365 * 24 * 3600  # a monitor's language stays chosen
AUDIT_ROLES = (staff_rules.ATTENDANT, staff_rules.SUPERVISOR)
STAFF_ROLES = (staff_rules.SUPERVISOR,)
ROLE_KEYS = frozenset(f"role_{role}" for role in staff_rules.ROLES)
# The dashboard's strings for admin's refusals (AdminError.key); others show the message.
ADMIN_MESSAGES = frozenset(
    (
        "staff_exists",
        "staff_conflict",
        "staff_unknown",
        "staff_bad_username",
        "staff_bad_name",
        "staff_bad_role",
        "staff_short_password",
        "staff_long_password",
        "pin_form",
        "pin_trivial",
        "pin_in_use",
        "staff_not_yourself",
    )
)
# The dashboard's strings for a work order's refusals (central.ratings.WorkOrderRefused).
WORK_ORDER_MESSAGES = frozenset(
    (
        "work_order_answer_empty",
        "work_order_answer_long",
        "work_order_closed_already",
        "work_order_unanswered",
        "work_order_unknown",
    )
)
DONE_MESSAGES = {"added": "staff_added", "changed": "staff_changed"}

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
        stream.LiveStream(self).install(app)  # the live stream (its own module)
        for action in ("acknowledge", "resolve"):
            app.add_api_route(
                f"/dashboard/help-calls/{action}",
                self._help_action(action),
                methods=["POST"],
                include_in_schema=False,
            )
        app.add_api_route(
            "/dashboard/terminals/{number}/audit",
            self.audit_page,
            methods=["GET"],
            include_in_schema=False,
        )
        app.add_api_route(
            "/dashboard/staff", self.staff_page, methods=["GET"], include_in_schema=False
        )
        app.add_api_route(
            "/dashboard/enrol", self.enrol_page, methods=["GET"], include_in_schema=False
        )
        app.add_api_route(
            "/dashboard/enrol", self.enrol_issue, methods=["POST"], include_in_schema=False
        )
        app.add_api_route(
            "/dashboard/work-orders",
            self.work_orders_page,
            methods=["GET"],
            include_in_schema=False,
        )
        for action in ("answer", "close"):
            app.add_api_route(
                f"/dashboard/work-orders/{action}",
                self._work_order_action(action),
                methods=["POST"],
                include_in_schema=False,
            )
        saturdays.SaturdayPages(self).install(app)  # 星期六预约 (its own module)
        for name, handler in (
            ("add", self.staff_add),
            ("pin", self.staff_pin),
            ("disable", self._staff_toggle(disabled=True)),
            ("enable", self._staff_toggle(disabled=False)),
        ):
            app.add_api_route(
                f"/dashboard/staff/{name}", handler, methods=["POST"], include_in_schema=False
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

        values: dict[str, Any] = {
            "lang": lang,
            "html_lang": "zh-CN" if lang == "zh" else "en",
            "other_lang": "en" if lang == "zh" else "zh",
            "t": text,
            "static": static,
            "role_keys": ROLE_KEYS,
            "page": "",
        }
        html = self.templates.get_template(name).render(values | context)
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
            page="board",
            audit_allowed=signed.role in AUDIT_ROLES,
        )

    # --- data ----------------------------------------------------------------------------

    def snapshot_json(self, request: Request) -> Response:
        if self._signed_in(request) is None:
            return _secured(JSONResponse({"detail": "not signed in"}, status_code=401))
        return _secured(JSONResponse(self._snapshot(self._language(request))))

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

    # --- staff pages ---------------------------------------------------------------------

    def _allowed(
        self, request: Request, roles: tuple[str, ...]
    ) -> tuple[auth.SignedIn | None, Response | None]:
        """The signed-in staff member when their role is one of `roles`; else the answer:
        to the sign-in page without a session, a 403 page for another role."""
        signed = self._signed_in(request)
        if signed is None:
            return None, _secured(RedirectResponse("/login", status_code=303))
        if signed.role not in roles:
            return None, self._render("forbidden.html", self._language(request), 403)
        return signed, None

    def audit_page(self, request: Request, number: str) -> Response:
        switched = self._switch_language(request)
        if switched:
            return switched
        signed, refused = self._allowed(request, AUDIT_ROLES)
        if signed is None:
            assert refused is not None
            return refused
        lang = self._language(request)
        terminal = int(number) if number.isascii() and number.isdigit() else 0
        if terminal not in admin.TERMINALS:
            return _secured(Response("no such terminal", status_code=404))
        wanted = request.query_params.get("page", "1")
        page_number = (
            int(wanted) if wanted.isascii() and wanted.isdigit() and len(wanted) < 7 else 1
        )
        with self.state.db.read() as session:
            entries = audit.page(session, terminal, page_number, lang, self.state.timezone)
        return self._render(
            "audit.html",
            lang,
            staff=signed,
            csrf=signed.csrf_token,
            audit=entries,
            terminal_label=i18n.t(lang, "terminal_n", n=terminal),
            page="audit",
        )

    def _accounts(self, lang: i18n.Language) -> list[dict[str, Any]]:
        with self.state.db.read() as session:
            rows = session.scalars(select(Staff).order_by(Staff.username)).all()
            return [
                {
                    "username": r.username,
                    "display_name": r.display_name,
                    "role_label": i18n.t(lang, f"role_{r.role}")
                    if f"role_{r.role}" in ROLE_KEYS
                    else r.role,
                    "pin_set": r.pin_hash is not None,
                    "pin_set_at": r.pin_set_at.astimezone(self.state.timezone).strftime(
                        "%Y-%m-%d %H:%M"
                    )
                    if r.pin_set_at
                    else "",
                    "dashboard": bool(r.password_hash),
                    "disabled": r.disabled,
                }
                for r in rows
            ]

    def _staff_form(
        self,
        request: Request,
        signed: auth.SignedIn,
        *,
        status: int = 200,
        error: str = "",
        done: str = "",
    ) -> Response:
        lang = self._language(request)
        return self._render(
            "staff.html",
            lang,
            status,
            staff=signed,
            csrf=signed.csrf_token,
            accounts=self._accounts(lang),
            roles=staff_rules.ROLES,
            error=error,
            done=done,
            page="staff",
        )

    def _supervisor_page(self, request: Request) -> auth.SignedIn | Response:
        """A supervisor's page: the language switch first, then who may see it."""
        switched = self._switch_language(request)
        if switched:
            return switched
        signed, refused = self._allowed(request, STAFF_ROLES)
        if signed is None:
            assert refused is not None
            return refused
        return signed

    def staff_page(self, request: Request) -> Response:
        signed = self._supervisor_page(request)
        if isinstance(signed, Response):
            return signed
        done_key = DONE_MESSAGES.get(request.query_params.get("done", ""))
        done = i18n.t(self._language(request), done_key) if done_key else ""
        return self._staff_form(request, signed, done=done)

    def _staff_change(
        self, request: Request, csrf: str, change: Callable[[auth.SignedIn], None], done: str
    ) -> Response:
        """A supervisor's change to the accounts: CSRF checked, then `change`; its
        AdminError is shown on the page (in the page's language when it has a string)."""
        signed, refused = self._allowed(request, STAFF_ROLES)
        if signed is None:
            assert refused is not None
            return refused
        if not auth.same_token(csrf, signed.csrf_token):
            return _secured(Response("CSRF token missing or wrong", status_code=403))
        try:
            change(signed)
        except admin.AdminError as problem:
            lang = self._language(request)
            message = i18n.t(lang, problem.key) if problem.key in ADMIN_MESSAGES else str(problem)
            status = 409 if problem.key in ("staff_exists", "staff_conflict", "pin_in_use") else 400
            return self._staff_form(request, signed, status=status, error=message)
        # Wakes the streams: a disabled account's own stream sees its session gone and ends.
        self.state.hub.publish("staff")
        return _secured(RedirectResponse(f"/dashboard/staff?done={done}", status_code=303))

    def staff_add(
        self,
        request: Request,
        role: Annotated[str, Form()] = "",
        display_name: Annotated[str, Form()] = "",
        username: Annotated[str, Form()] = "",
        password: Annotated[str, Form()] = "",
        pin: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def add(_signed: auth.SignedIn) -> None:
            admin.add_staff(
                self.state.db,
                username,
                display_name,
                role,
                password or None,  # empty: a terminal-only account
                self.state.clock(),
                pin=pin or None,
            )

        return self._staff_change(request, csrf, add, "added")

    def staff_pin(
        self,
        request: Request,
        username: Annotated[str, Form()] = "",
        pin: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def set_pin(_signed: auth.SignedIn) -> None:
            admin.set_pin(self.state.db, username, pin, self.state.clock())

        return self._staff_change(request, csrf, set_pin, "changed")

    def _staff_toggle(self, *, disabled: bool) -> Callable[..., Response]:
        def handle(
            request: Request,
            username: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form()] = "",
        ) -> Response:
            def toggle(signed: auth.SignedIn) -> None:
                if disabled and username.strip() == signed.username:
                    raise admin.AdminError(
                        "you cannot disable your own account", "staff_not_yourself"
                    )
                admin.set_disabled(self.state.db, username, disabled)

            return self._staff_change(request, csrf, toggle, "changed")

        return handle

    # --- enrolment codes (supervisors) ---------------------------------------------------

    def _enrol_form(
        self,
        request: Request,
        signed: auth.SignedIn,
        *,
        status: int = 200,
        issued: dict[str, Any] | None = None,
        error: str = "",
    ) -> Response:
        return self._render(
            "enrol.html",
            self._language(request),
            status,
            staff=signed,
            csrf=signed.csrf_token,
            terminals=list(admin.TERMINALS),
            issued=issued,
            error=error,
            page="enrol",
        )

    def enrol_page(self, request: Request) -> Response:
        signed = self._supervisor_page(request)
        if isinstance(signed, Response):
            return signed
        return self._enrol_form(request, signed)

    def enrol_issue(
        self,
        request: Request,
        number: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        """A new code for terminal `number`, shown on the page this once (the server
        keeps only its hash): the code, its expiry and its QR."""
        signed, refused = self._allowed(request, STAFF_ROLES)
        if signed is None:
            assert refused is not None
            return refused
        if not auth.same_token(csrf, signed.csrf_token):
            return _secured(Response("CSRF token missing or wrong", status_code=403))
        lang = self._language(request)
        terminal = int(number) if number.isascii() and number.isdigit() and len(number) < 3 else 0
        if terminal not in admin.TERMINALS:
            error = i18n.t(lang, "enrol_bad_number")
            return self._enrol_form(request, signed, status=400, error=error)
        code = enrolment.issue(self.state.db, terminal, self.state.clock(), signed.username)
        expires = code.expires_at.astimezone(self.state.timezone).strftime("%Y-%m-%d %H:%M")
        issued = {
            "terminal": terminal,
            "terminal_label": i18n.t(lang, "terminal_n", n=terminal),
            "code": code.shown,
            "expires": expires,
            "qr_svg": _qr_svg(code.qr_text),
        }
        # Not a redirect: the code exists only in this answer (no-store, like every page).
        return self._enrol_form(request, signed, issued=issued)

    # --- 整改工单: work orders of low ratings (supervisors) --------------------------------

    def _work_orders_form(
        self, request: Request, signed: auth.SignedIn, *, status: int = 200, error: str = ""
    ) -> Response:
        lang = self._language(request)
        today = hall_day(self.state.clock(), self.state.timezone)
        with self.state.db.read() as session:
            names = self.names.get(session)
            rows = work_orders.rows(session, names, lang, today, self.state.timezone)
        return self._render(
            "work_orders.html",
            lang,
            status,
            staff=signed,
            csrf=signed.csrf_token,
            orders=rows,
            error=error,
            done=i18n.t(lang, "work_order_saved") if request.query_params.get("done") else "",
            answer_max=ratings.ANSWER_MAX,
            page="work_orders",
        )

    def work_orders_page(self, request: Request) -> Response:
        signed = self._supervisor_page(request)
        if isinstance(signed, Response):
            return signed
        return self._work_orders_form(request, signed)

    def _work_order_action(self, action: str) -> Callable[..., Response]:
        def handle(
            request: Request,
            order: Annotated[str, Form()] = "",
            answer: Annotated[str, Form()] = "",
            csrf: Annotated[str, Form()] = "",
        ) -> Response:
            signed, refused = self._allowed(request, STAFF_ROLES)
            if signed is None:
                assert refused is not None
                return refused
            if not auth.same_token(csrf, signed.csrf_token):
                return _secured(Response("CSRF token missing or wrong", status_code=403))
            number = int(order) if order.isascii() and order.isdigit() and len(order) < 10 else 0
            refusal: tuple[int, str] | None = None
            with self.state.db.transaction() as session:
                row = session.get(WorkOrder, number) if number else None
                try:
                    if row is None:
                        refusal = 404, "work_order_unknown"
                    elif action == "answer":
                        ratings.answer(row, answer, signed.display_name, self.state.clock())
                    else:
                        ratings.close(row, signed.display_name, self.state.clock())
                except ratings.WorkOrderRefused as problem:  # refused before any change
                    refusal = (
                        400 if problem.key.startswith("work_order_answer") else 409,
                        problem.key,
                    )
            if refusal is not None:
                status, key = refusal
                lang = self._language(request)
                error = i18n.t(lang, key) if key in WORK_ORDER_MESSAGES else key
                return self._work_orders_form(request, signed, status=status, error=error)
            self.state.hub.publish("figures")  # the board's open and overdue counts
            return _secured(RedirectResponse("/dashboard/work-orders?done=1", status_code=303))

        return handle


def _qr_svg(text: str) -> Markup | None:
    """`text` as an inline SVG QR code (no external asset: the CSP allows none), or None
    when the server has no `qrcode` package (the code alone is enough)."""
    try:
        import qrcode
        import qrcode.image.svg
    except ModuleNotFoundError:
        return None
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    svg = image.to_string(encoding="unicode")
    # Sized for a screen rather than in millimetres; the viewBox keeps it square.
    svg = re.sub(r'width="[^"]*" height="[^"]*"', 'width="240" height="240"', svg, count=1)
    # Made here from the code alone (its 31 letters and digits): no input reaches it.
    return Markup(svg)
