"""Catalog and calendar from the central server: checked before use, switched atomically,
a bad one refused with the old one kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

from kiosk.catalog.loader import Catalog, load_catalog
from kiosk.resources import resource_path
from kiosk.store.database import Store
from kiosk.store.models import OutboxEvent
from kiosk.sync.files import current_catalog_dir, load_calendar, load_current_catalog
from kiosk.sync.worker import SyncWorker
from kiosk.workcalendar import WorkCalendar
from tests.kiosk.sync.stub_central import StubCentral

MakeWorker = Callable[..., SyncWorker]


def bundled_files() -> dict[str, str]:
    folder = resource_path("catalog")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.toml"))}


def catalog_doc(files: dict[str, str], tmp: Path) -> dict[str, object]:
    """The server's document: the files and the kiosk's own digest of them."""
    tmp.mkdir()
    for name, text in files.items():
        (tmp / name).write_text(text, encoding="utf-8", newline="")
    return {"version": load_catalog(tmp).version, "files": files}


def refused_events(store: Store) -> list[dict[str, object]]:
    with store.session() as s:
        q = select(OutboxEvent).where(OutboxEvent.kind == "catalog.refused")
        return [e.payload for e in s.scalars(q)]


def test_a_new_catalog_is_checked_switched_and_announced(
    tmp_path: Path, stub: StubCentral, make_worker: MakeWorker
) -> None:
    running = load_catalog(resource_path("catalog"))
    files = bundled_files()
    files["elderly-card.toml"] += "\n# 2027 edition\n"
    stub.catalog = catalog_doc(files, tmp_path / "new")
    got: list[Catalog] = []
    worker = make_worker(
        stub.url, start=False, catalog_version=running.version, on_catalog=got.append
    )
    data_dir = tmp_path / "data"
    assert current_catalog_dir(data_dir) is None  # nothing downloaded: the bundled one
    worker.run_pulls_once(force=True)
    first = stub.paths("GET", "/api/v1/catalog")[0]
    assert first.headers["If-None-Match"] == f'"{running.version}"'
    assert [c.version for c in got] == [stub.catalog["version"]]
    folder = current_catalog_dir(data_dir)
    assert folder == data_dir / "catalog" / str(stub.catalog["version"])
    assert load_current_catalog(data_dir).version == stub.catalog["version"]  # type: ignore[union-attr]
    assert got[0].source == folder and len(got[0]) == len(running)
    assert worker.status().catalog_version == stub.catalog["version"]
    worker.run_pulls_once(force=True)  # unchanged: 304, nothing downloaded or announced
    again = stub.paths("GET", "/api/v1/catalog")[-1]
    assert again.headers["If-None-Match"] == f'"{stub.catalog["version"]}"'
    assert len(got) == 1
    assert not list((data_dir / "catalog").glob(".incoming-*"))


def test_a_bad_catalog_is_refused_and_the_old_one_kept(
    tmp_path: Path, store: Store, stub: StubCentral, make_worker: MakeWorker
) -> None:
    files = bundled_files()
    files["elderly-card.toml"] += "\n# good\n"
    stub.catalog = catalog_doc(files, tmp_path / "good")
    good_version = stub.catalog["version"]
    got: list[Catalog] = []
    worker = make_worker(stub.url, start=False, on_catalog=got.append)
    worker.run_pulls_once(force=True)
    data_dir = tmp_path / "data"
    good_dir = current_catalog_dir(data_dir)
    assert good_dir is not None

    bad = dict(files)
    bad["elderly-card.toml"] = "id = \n"  # not TOML
    bad["../escape.toml"] = "x = 1\n"  # a file name that would leave the folder
    stub.catalog = {"version": "badbadbadbad", "files": bad}
    worker.run_pulls_once(force=True)
    assert current_catalog_dir(data_dir) == good_dir  # still the good one
    assert load_current_catalog(data_dir).version == good_version  # type: ignore[union-attr]
    assert [c.version for c in got] == [good_version]
    (event,) = refused_events(store)
    assert event["version"] == "badbadbadbad" and event["terminal"] == 7
    assert any("escape" in p for p in event["problems"])  # type: ignore[attr-defined]
    status = worker.status()
    assert status.catalog_version == good_version
    assert status.catalog_error and "badbadbadbad" in status.catalog_error
    assert not (tmp_path / "escape.toml").exists() and not (data_dir / "escape.toml").exists()

    del bad["../escape.toml"]  # only the TOML error left: the loader's own checks refuse it
    stub.catalog = {"version": "badbadbad002", "files": bad}
    worker.run_pulls_once(force=True)
    worker.run_pulls_once(force=True)  # the same bad one again: reported once
    events = refused_events(store)
    assert [e["version"] for e in events] == ["badbadbadbad", "badbadbad002"]
    assert any("elderly-card.toml" in p for p in events[1]["problems"])  # type: ignore[attr-defined]
    assert current_catalog_dir(data_dir) == good_dir
    assert not list((data_dir / "catalog").glob(".incoming-*"))


def test_a_calendar_is_checked_stored_and_loaded_at_start(
    tmp_path: Path, stub: StubCentral, make_worker: MakeWorker
) -> None:
    data_dir = tmp_path / "data"
    got: list[WorkCalendar] = []
    worker = make_worker(stub.url, start=False, on_calendar=got.append)
    worker.run_pulls_once(force=True)  # 404: no calendar imported yet, nothing changes
    assert load_calendar(data_dir) is None and got == []
    doc = {
        "version": "2027-1",
        "years": [2027],
        "days": {"2027-01-01": {"kind": "holiday", "name": "元旦"}},
    }
    stub.calendar = {"version": "2027-1", "calendar": doc}
    worker.run_pulls_once(force=True)
    assert [c.version for c in got] == ["2027-1"]
    stored = load_calendar(data_dir)
    assert stored is not None and stored.version == "2027-1"
    assert not stored.is_working_day(date(2027, 1, 1))
    worker.run_pulls_once(force=True)
    assert stub.paths("GET", "/api/v1/calendar")[-1].headers["If-None-Match"] == '"2027-1"'

    stub.calendar = {"version": "2027-2", "calendar": {"days": {"2027-13-01": {"kind": "x"}}}}
    worker.run_pulls_once(force=True)
    assert load_calendar(data_dir).version == "2027-1"  # type: ignore[union-attr]
    status = worker.status()
    assert status.calendar_version == "2027-1" and "2027-2" in (status.calendar_error or "")
    # a new process starts from what was stored, with its ETag
    fresh = make_worker(stub.url, start=False)
    assert fresh.status().calendar_version == "2027-1"
