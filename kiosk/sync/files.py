"""The catalog and calendar the central server hands out, kept in the terminal's data dir.

Layout::

    <data_dir>/catalog/<version>/*.toml   a downloaded catalog, one folder per version
    <data_dir>/catalog/current            {"version": ..., "etag": ...}: the one to load
    <data_dir>/calendar.json              {"version": ..., "etag": ..., "calendar": {...}}

A new catalog is written to a temporary folder, loaded with the kiosk's own checks, and
only then renamed into place and named in `current`; the pointer and the calendar are
replaced atomically (written beside, fsynced, renamed), so a power cut leaves the old
one or the new one, never half of either.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.atomic import sync_folder, write_atomic
from kiosk.catalog.loader import Catalog, CatalogError, CatalogProblem, load_catalog
from kiosk.workcalendar import WorkCalendar

log = logging.getLogger(__name__)

CATALOG = "catalog"
CURRENT = "current"
CALENDAR = "calendar.json"
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.toml$")
_VERSION = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
KEEP_VERSIONS = 2  # the current one and the one the UI may still be showing an applicant


def write_atomically(path: Path, data: bytes) -> None:
    """Replace `path` with `data`: a reader sees the old file or the new one, whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


# -- catalog ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogPointer:
    version: str
    etag: str | None


def current_pointer(data_dir: Path) -> CatalogPointer | None:
    data = _read_json(data_dir / CATALOG / CURRENT)
    if data is None or not isinstance(data.get("version"), str):
        return None
    etag = data.get("etag")
    return CatalogPointer(data["version"], etag if isinstance(etag, str) else None)


def current_catalog_dir(data_dir: Path) -> Path | None:
    """The folder of the catalog last downloaded and checked, or None (use the bundled one)."""
    pointer = current_pointer(data_dir)
    if pointer is None or not _VERSION.match(pointer.version):
        return None
    folder = data_dir / CATALOG / pointer.version
    return folder if folder.is_dir() else None


def load_current_catalog(data_dir: Path) -> Catalog | None:
    """The downloaded catalog, loaded; None when there is none or it no longer loads."""
    folder = current_catalog_dir(data_dir)
    if folder is None:
        return None
    try:
        return load_catalog(folder)
    except CatalogError as e:  # damaged on disk since: the caller falls back
        log.error("downloaded catalog %s no longer loads: %s", folder, e)
        return None


def install_catalog(data_dir: Path, files: Mapping[str, object], etag: str | None) -> Catalog:
    """Write, check and switch to a downloaded catalog; CatalogError leaves the old one."""
    root = data_dir / CATALOG
    root.mkdir(parents=True, exist_ok=True)
    problems = [
        CatalogProblem(str(name), "-", "", "not a plain *.toml file name")
        for name in files
        if not isinstance(name, str) or not _FILE_NAME.match(name)
    ]
    problems += [
        CatalogProblem(str(name), "-", "", "content is not text")
        for name, text in files.items()
        if not isinstance(text, str)
    ]
    if problems:
        raise CatalogError(problems)
    staging = Path(tempfile.mkdtemp(dir=root, prefix=".incoming-"))
    try:
        for name, text in files.items():
            assert isinstance(text, str)
            (staging / name).write_text(text, encoding="utf-8", newline="")
        catalog = load_catalog(staging)  # raises CatalogError listing every problem
        for path in staging.iterdir():
            with path.open("rb") as f:
                os.fsync(f.fileno())
        final = root / catalog.version
        if final.exists():  # downloaded before: the same version has the same files
            shutil.rmtree(final)
        staging.rename(final)
        sync_folder(root)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer = {"version": catalog.version, "etag": etag}
    write_atomically(root / CURRENT, json.dumps(pointer).encode())
    _prune(root, keep=catalog.version)
    # The loaded catalog's source is the final folder, not the staging one.
    return Catalog(items=catalog.items, version=catalog.version, source=final)


def _prune(root: Path, keep: str) -> None:
    versions = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    kept = [p for p in versions if p.name == keep] + [p for p in versions if p.name != keep]
    for old in kept[KEEP_VERSIONS:]:
        shutil.rmtree(old, ignore_errors=True)


# -- calendar ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredCalendar:
    calendar: WorkCalendar
    etag: str | None


def stored_calendar(data_dir: Path) -> StoredCalendar | None:
    data = _read_json(data_dir / CALENDAR)
    if data is None or not isinstance(data.get("calendar"), dict):
        return None
    try:
        calendar = WorkCalendar.from_dict(data["calendar"])
    except (ValueError, TypeError) as e:
        log.error("stored calendar no longer loads: %s", e)
        return None
    etag = data.get("etag")
    return StoredCalendar(calendar, etag if isinstance(etag, str) else None)


def load_calendar(data_dir: Path) -> WorkCalendar | None:
    """The calendar last downloaded from the central server, or None (use the package's)."""
    stored = stored_calendar(data_dir)
    return stored.calendar if stored else None


def install_calendar(
    data_dir: Path, version: object, document: object, etag: str | None
) -> WorkCalendar:
    """Check and store a downloaded calendar; ValueError (CalendarDataError) keeps the old."""
    if not isinstance(document, dict):
        raise ValueError("calendar: expected an object")
    if isinstance(version, str) and "version" not in document:
        document = {**document, "version": version}
    calendar = WorkCalendar.from_dict(document)
    data = {"version": calendar.version, "etag": etag, "calendar": document}
    write_atomically(data_dir / CALENDAR, json.dumps(data, ensure_ascii=False).encode())
    return calendar
