"""The 星期六预约 page (supervisors): the coming service Saturdays, their bookings and plans.

For each of the next service Saturdays (central.appointments): the bookings per slot and
item, the places per slot and the counters planned (a form sets them), a suggestion of
how many counters to open (the bookings and the walk-ins of the last service Saturdays,
over what one counter serves in a day), and a form to close the day to bookings, or to
open a closed one again. Only a closed Saturday lists its applicants with their mobile
numbers: the hall phones them to say so; an open one shows counts only, as nobody needs
to call them.
"""

from __future__ import annotations

import re
from collections import Counter as Tally
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from central import appointments
from central.dashboard import auth, i18n
from central.dashboard.catalog_names import CatalogNames
from central.days import hall_day
from central.ratings import hall_calendar

if TYPE_CHECKING:  # routes imports this module: the type only
    from central.dashboard.routes import Dashboard

COUNTER_SEPARATORS = re.compile(r"[\s,，、;；]+")


class PlanProblem(Exception):
    """A form's value refused; `key` is its string in i18n."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def parse_places(text: str) -> int:
    text = text.strip()
    if not (text.isascii() and text.isdigit() and len(text) <= 3):
        raise PlanProblem("saturday_bad_places")
    places = int(text)
    if not 0 <= places <= appointments.PLACES_MAX:
        raise PlanProblem("saturday_bad_places")
    return places


def parse_counters(text: str) -> list[int]:
    """Counter numbers as typed ("1, 2、5"), each once, in the order given."""
    found: list[int] = []
    for part in COUNTER_SEPARATORS.split(text.strip()):
        if not part:
            continue
        if not (part.isascii() and part.isdigit() and len(part) <= 2):
            raise PlanProblem("saturday_bad_counters")
        number = int(part)
        if not 1 <= number <= appointments.COUNTER_MAX:
            raise PlanProblem("saturday_bad_counters")
        if number not in found:
            found.append(number)
    if len(found) > appointments.COUNTERS_MAX:
        raise PlanProblem("saturday_bad_counters")
    return found


def parse_day(text: str, coming: list[date]) -> date:
    """One of the coming service Saturdays, else PlanProblem."""
    try:
        day = date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        day = None
    if day is None or day not in coming:
        raise PlanProblem("saturday_bad_day")
    return day


def rows(
    session: Session, names: CatalogNames, lang: i18n.Language, today: date, zone: Any
) -> list[dict[str, Any]]:
    """The page's Saturdays, in words of `lang`."""

    def t(key: str, **values: object) -> str:
        return i18n.t(lang, key, **values)

    calendar = hall_calendar(session)
    walk_ins = appointments.average_walk_ins(session, calendar, today)
    found: list[dict[str, Any]] = []
    for saturday in appointments.saturdays(session, calendar, today):
        booked = appointments.live_bookings(session, saturday.day)
        per_slot: dict[str, Tally[str]] = {}
        for a in booked:
            per_slot.setdefault(a.slot, Tally())[a.item_id] += 1
        slots = [
            {
                "start": s.start,
                "end": s.end,
                "booked": s.booked,
                "left": s.left,
                "by_item": [
                    {"item": names.item(item, lang), "count": n}
                    for item, n in sorted(per_slot.get(s.start, Tally()).items())
                ],
            }
            for s in saturday.slots
        ]
        closed_at = (
            saturday.closed_at.astimezone(zone).strftime("%Y-%m-%d %H:%M")
            if saturday.closed_at
            else ""
        )
        found.append(
            {
                "day": saturday.day.isoformat(),
                "title": t("saturday_day", day=saturday.day.isoformat()),
                "closed": saturday.closed,
                "closed_words": t("saturday_closed_by", by=saturday.closed_by, at=closed_at)
                if saturday.closed
                else "",
                "note": saturday.note,
                "places": saturday.places_per_slot,
                "counters": ", ".join(str(c) for c in saturday.counters),
                "total": t("saturday_total", n=len(booked)),
                "suggestion": t(
                    "saturday_suggestion",
                    n=appointments.suggested_counters(len(booked), walk_ins),
                    booked=len(booked),
                    walk_ins=f"{walk_ins:.1f}",
                    per=appointments.SERVED_PER_COUNTER,
                ),
                "slots": slots,
                # The call list: only once the day is closed (then they must be told).
                "people": [
                    {
                        "slot": a.slot,
                        "name": a.name,
                        "mobile": a.mobile,
                        "item": names.item(a.item_id, lang),
                        "code": a.code,
                    }
                    for a in booked
                ]
                if saturday.closed
                else [],
            }
        )
    return found


class SaturdayPages:
    """The page and its forms, on the dashboard's sign-in, CSRF and rendering."""

    def __init__(self, dashboard: Dashboard) -> None:
        self.dashboard = dashboard
        self.state = dashboard.state

    def install(self, app: FastAPI) -> None:
        app.add_api_route(
            "/dashboard/saturdays", self.page, methods=["GET"], include_in_schema=False
        )
        for name, handler in (
            ("plan", self.plan),
            ("close", self.close),
            ("reopen", self.reopen),
        ):
            app.add_api_route(
                f"/dashboard/saturdays/{name}", handler, methods=["POST"], include_in_schema=False
            )

    def _form(
        self, request: Request, signed: auth.SignedIn, *, status: int = 200, error: str = ""
    ) -> Response:
        board = self.dashboard
        lang = board._language(request)
        today = hall_day(self.state.clock(), self.state.timezone)
        with self.state.db.read() as session:
            names = board.names.get(session)
            found = rows(session, names, lang, today, self.state.timezone)
            hours = appointments.saturday_hours(hall_calendar(session))
        return board._render(
            "saturdays.html",
            lang,
            status,
            staff=signed,
            csrf=signed.csrf_token,
            saturdays=found,
            hours=f"{hours.opens:%H:%M}–{hours.closes:%H:%M}" if hours else "",
            error=error,
            done=i18n.t(lang, "saturday_saved") if request.query_params.get("done") else "",
            places_max=appointments.PLACES_MAX,
            note_max=appointments.NOTE_MAX,
            page="saturdays",
        )

    def page(self, request: Request) -> Response:
        signed = self.dashboard._supervisor_page(request)
        if isinstance(signed, Response):
            return signed
        return self._form(request, signed)

    def _change(self, request: Request, csrf: str, work: Any) -> Response:
        """A supervisor's change: CSRF checked, then `work(session, today, signed)` in one
        transaction; a PlanProblem is shown on the page, nothing changed."""
        from central.dashboard.routes import STAFF_ROLES, _secured

        signed, refused = self.dashboard._allowed(request, STAFF_ROLES)
        if signed is None:
            assert refused is not None
            return refused
        if not auth.same_token(csrf, signed.csrf_token):
            return _secured(Response("CSRF token missing or wrong", status_code=403))
        today = hall_day(self.state.clock(), self.state.timezone)
        try:
            with self.state.db.transaction() as session:
                work(session, today, signed)
        except PlanProblem as problem:
            lang = self.dashboard._language(request)
            return self._form(request, signed, status=400, error=i18n.t(lang, problem.key))
        return _secured(RedirectResponse("/dashboard/saturdays?done=1", status_code=303))

    def plan(
        self,
        request: Request,
        day: Annotated[str, Form()] = "",
        places: Annotated[str, Form()] = "",
        counters: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def work(session: Session, today: date, _signed: auth.SignedIn) -> None:
            coming = appointments.service_saturdays(hall_calendar(session), today)
            chosen = parse_day(day, coming)
            appointments.set_plan(session, chosen, parse_places(places), parse_counters(counters))

        return self._change(request, csrf, work)

    def close(
        self,
        request: Request,
        day: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        def work(session: Session, today: date, signed: auth.SignedIn) -> None:
            coming = appointments.service_saturdays(hall_calendar(session), today)
            chosen = parse_day(day, coming)
            why = note.strip()
            if not why:
                raise PlanProblem("saturday_note_empty")
            if len(why) > appointments.NOTE_MAX or "\x00" in why:
                raise PlanProblem("saturday_bad_note")
            appointments.close(session, chosen, signed.display_name, why, self.state.clock())

        return self._change(request, csrf, work)

    def reopen(
        self,
        request: Request,
        day: Annotated[str, Form()] = "",
        csrf: Annotated[str, Form()] = "",
    ) -> Response:
        """Bookings again on a closed Saturday (an open one stays as it is)."""

        def work(session: Session, today: date, _signed: auth.SignedIn) -> None:
            coming = appointments.service_saturdays(hall_calendar(session), today)
            appointments.reopen(session, parse_day(day, coming))

        return self._change(request, csrf, work)
