"""GET /api/v1/catalog and /api/v1/calendar: the active version, its ETag, 304s."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import httpx

from central import admin
from central.db import Database
from kiosk.catalog.loader import load_catalog
from kiosk.resources import resource_path
from kiosk.workcalendar import WorkCalendar


def test_catalog_with_etag_and_304(db: Database, terminal: httpx.Client, tmp_path: Path) -> None:
    assert terminal.get("/api/v1/catalog").status_code == 404
    version = admin.import_catalog(db, resource_path("catalog"), datetime.now(UTC))
    response = terminal.get("/api/v1/catalog")
    assert response.status_code == 200
    assert response.headers["ETag"] == f'"{version}"'
    body = response.json()
    assert body["version"] == version
    # What a terminal writes back is the same catalog, with the same version.
    for name, content in body["files"].items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    assert load_catalog(tmp_path).version == version
    again = terminal.get("/api/v1/catalog", headers={"If-None-Match": f'"{version}"'})
    assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", f'"{version}"')
    other = terminal.get("/api/v1/catalog", headers={"If-None-Match": '"0123456789ab"'})
    assert other.status_code == 200


def test_calendar_with_etag_and_304(db: Database, terminal: httpx.Client, tmp_path: Path) -> None:
    assert terminal.get("/api/v1/calendar").status_code == 404
    data = {
        "version": "2027-1",
        "years": [2027],
        "days": {"2027-01-01": {"kind": "holiday", "name": "元旦"}},
    }
    path = tmp_path / "calendar.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert admin.import_calendar(db, path, datetime.now(UTC)) == "2027-1"
    response = terminal.get("/api/v1/calendar")
    assert response.headers["ETag"] == '"2027-1"'
    body = response.json()
    assert body["version"] == "2027-1"
    calendar = WorkCalendar.from_dict(body["calendar"])
    assert calendar.version == "2027-1" and calendar.day_name(datetime(2027, 1, 1).date()) == "元旦"
    assert (
        terminal.get("/api/v1/calendar", headers={"If-None-Match": 'W/"2027-1"'}).status_code == 304
    )
    assert (
        terminal.get("/api/v1/calendar", headers={"If-None-Match": '"2026-9"'}).status_code == 200
    )
