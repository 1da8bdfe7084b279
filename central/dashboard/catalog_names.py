"""Names of items, form pages and fields from the active catalog, for help call cards.

A terminal's help context names things by id (item `elderly-card`, page `applicant`,
field `applicant_id`); the attendant needs the words the applicant sees. The active
`CatalogVersion` keeps the TOML files as text: they are parsed here with the catalog's
bounded TOML reader alone (the names are all the dashboard needs, so no full catalog
check), once per version.
Anything unknown or malformed falls back to its id.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.dashboard.i18n import Language
from central.models import CatalogVersion
from kiosk.catalog.loader import MAX_FILE_BYTES
from kiosk.toml_safe import TomlProblem, parse_toml


@dataclass(frozen=True)
class ItemNames:
    """One item's name and its pages' and fields' names, as {language: text}."""

    name: dict[str, str]
    pages: dict[str, dict[str, str]] = field(default_factory=dict)
    fields: dict[str, dict[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class CatalogNames:
    """The names of one catalog version's items, by item id."""

    version: str | None
    items: dict[str, ItemNames]

    def item(self, item_id: str, lang: Language) -> str:
        names = self.items.get(item_id)
        return _pick(names.name, lang, item_id) if names else item_id

    def page(self, item_id: str, page_id: str, lang: Language) -> str:
        names = self.items.get(item_id)
        texts = names.pages.get(page_id) if names else None
        return _pick(texts, lang, page_id)

    def field(self, item_id: str, field_id: str, lang: Language) -> str:
        names = self.items.get(item_id)
        texts = names.fields.get(field_id) if names else None
        return _pick(texts, lang, field_id)


def _pick(texts: dict[str, str] | None, lang: Language, fallback: str) -> str:
    if not texts:
        return fallback
    return texts.get(lang) or texts.get("zh") or fallback


def _texts(value: Any) -> dict[str, str]:
    """A catalog text ({zh, en} table, or a plain string) as {language: text}."""
    if isinstance(value, str):
        return {"zh": value}
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k in ("zh", "en") and isinstance(v, str)}
    return {}


def parse_file(file_name: str, source: str) -> tuple[str, ItemNames] | None:
    """An item's id and names from one catalog file; None when it is not TOML."""
    try:  # bounded like every catalog reader: a deep file is no RecursionError here
        data = parse_toml(source.encode("utf-8", "surrogatepass"), max_bytes=MAX_FILE_BYTES)
    except TomlProblem:
        return None
    item_id = data.get("id")
    if not isinstance(item_id, str):  # the file name is the item id (docs/catalog.md)
        item_id = file_name.removesuffix(".toml")
    pages: dict[str, dict[str, str]] = {}
    fields: dict[str, dict[str, str]] = {}
    for page in data.get("pages", []):
        if not isinstance(page, dict):
            continue
        if isinstance(page.get("id"), str):
            pages[page["id"]] = _texts(page.get("title"))
        for form_field in page.get("fields", []):
            if isinstance(form_field, dict) and isinstance(form_field.get("id"), str):
                fields[form_field["id"]] = _texts(form_field.get("label"))
    return item_id, ItemNames(_texts(data.get("name")), pages, fields)


def parse_files(version: str | None, files: dict[str, Any]) -> CatalogNames:
    items: dict[str, ItemNames] = {}
    for file_name, source in files.items():
        if isinstance(source, str) and (parsed := parse_file(file_name, source)):
            items[parsed[0]] = parsed[1]
    return CatalogNames(version, items)


_EMPTY = CatalogNames(None, {})


class NameCache:
    """The active catalog's names, parsed again only when another version is active."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._names = _EMPTY

    def get(self, session: Session) -> CatalogNames:
        version = session.execute(
            select(CatalogVersion.version).where(CatalogVersion.active.is_(True))
        ).scalar()
        if version is None:
            return _EMPTY
        with self._lock:
            if self._names.version == version:
                return self._names
        files = session.execute(
            select(CatalogVersion.files).where(CatalogVersion.version == version)
        ).scalar_one()
        names = parse_files(version, files)
        with self._lock:
            self._names = names
        return names
