"""Loading the service catalog from its folder of TOML files, one file per item.

A malformed file never ends in a bare traceback: every problem is collected as a
`CatalogProblem` naming the file, the item, the place (page, field, key) and what is
wrong, and `CatalogError` carries them all. The work is bounded whatever the folder
holds: at most `MAX_FILES` item files of at most `MAX_FILE_BYTES` each, read by
kiosk.toml_safe (no recursion blow-up, no decoding surprise).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from kiosk.catalog.checks import check_item
from kiosk.catalog.models import Category, ServiceItem
from kiosk.toml_safe import TomlProblem, parse_toml, read_capped, shown_key
from kiosk.validation_errors import plain_message

# The shipped item files are 6-15 KiB; a hall has a few hundred items at most.
MAX_FILE_BYTES = 256 * 1024
MAX_FILES = 1000
MAX_TOTAL_BYTES = 32 * 1024 * 1024  # the whole folder: the shipped one has 95 KiB
# The heading of every report of a bad catalog (check-catalog, the terminal's start).
HEADING = "服务事项目录有误 / The service catalog has problems"


@dataclass(frozen=True)
class CatalogProblem:
    """One thing wrong in one catalog file."""

    file: str
    item: str
    location: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: item '{self.item}'"
        if self.location:
            where += f": {self.location}"
        return f"{where}: {self.message}"


class CatalogError(Exception):
    """The catalog cannot be used; `problems` says why, file by file."""

    def __init__(self, problems: Sequence[CatalogProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Catalog:
    """The hall's service items, by id, in a stable order."""

    items: Mapping[str, ServiceItem]
    version: str  # a digest of the files: the same files give the same version
    source: Path

    def __iter__(self) -> Iterator[ServiceItem]:
        return iter(self.items.values())

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, item_id: str) -> ServiceItem:
        return self.items[item_id]

    def by_category(self, category: Category) -> list[ServiceItem]:
        return [i for i in self.items.values() if i.category is category]


def load_catalog(folder: Path) -> Catalog:
    """Load and check every `*.toml` file in `folder`; raise CatalogError listing all problems."""
    problems: list[CatalogProblem] = []
    items: dict[str, ServiceItem] = {}
    digest = hashlib.sha256()
    if not folder.is_dir():
        raise CatalogError([CatalogProblem(str(folder), "-", "", "catalog folder not found")])
    try:
        files = sorted(folder.glob("*.toml"))
    except OSError as e:
        raise CatalogError([CatalogProblem(str(folder), "-", "", f"cannot list: {e}")]) from None
    if not files:
        raise CatalogError([CatalogProblem(str(folder), "-", "", "no *.toml item files found")])
    if len(files) > MAX_FILES:
        message = f"{len(files)} item files; a catalog holds at most {MAX_FILES}"
        raise CatalogError([CatalogProblem(str(folder), "-", "", message)])
    total = 0
    for path in files:
        # A file name is repeated in messages: escaped if it holds control characters.
        name = shown_key(path.name, 120)
        try:
            raw = read_capped(path, MAX_FILE_BYTES)
        except TomlProblem as e:
            problems.append(CatalogProblem(name, "?", "", e.message))
            continue
        total += len(raw)
        if total > MAX_TOTAL_BYTES:
            message = f"the catalog's files hold more than {MAX_TOTAL_BYTES >> 20} MiB together"
            problems.append(CatalogProblem(str(folder), "-", "", message))
            break
        digest.update(os.fsencode(path.name) + b"\0" + raw + b"\0")
        item, found = load_item(name, raw)
        problems += found
        if item is None:
            continue
        if item.id in items:
            problems.append(
                CatalogProblem(name, item.id, "id", "another file already defines this item id")
            )
        items[item.id] = item
    if problems:
        raise CatalogError(problems)
    return Catalog(items=items, version=digest.hexdigest()[:12], source=folder)


def check_catalog(folder: Path) -> list[CatalogProblem]:
    """Every problem of the catalog in `folder`; empty when it is clean."""
    try:
        load_catalog(folder)
    except CatalogError as e:
        return e.problems
    return []


def load_item(file_name: str, raw: bytes) -> tuple[ServiceItem | None, list[CatalogProblem]]:
    """Parse and check one item file's bytes."""

    def problem(item: str, location: str, message: str) -> list[CatalogProblem]:
        return [CatalogProblem(file_name, item, location, message)]

    try:
        data = parse_toml(
            raw,
            max_bytes=MAX_FILE_BYTES,
            not_utf8="line {line}: the file is not UTF-8 text; save it as UTF-8",
            syntax="not valid TOML: {error}",
        )
    except TomlProblem as e:
        return None, problem("?", "", e.message)
    raw_id = data.get("id")
    item_id = shown_key(raw_id) if isinstance(raw_id, str) else "?"
    try:
        item = ServiceItem.model_validate(data)
    except ValidationError as e:
        return None, [
            CatalogProblem(
                file_name, item_id, _location(data, err["loc"]), plain_message(err, ServiceItem)
            )
            for err in e.errors()
        ]
    found = [CatalogProblem(file_name, item.id, loc, msg) for loc, msg in check_item(item)]
    if Path(file_name).stem != item.id:
        found += problem(item.id, "id", f"the file should be named {item.id}.toml")
    return (None if found else item), found


def _location(data: Any, loc: Sequence[int | str]) -> str:
    """Name a place in an item file as staff see it: page 'x' › field 'y' › key."""
    names = {
        "pages": "page",
        "fields": "field",
        "materials": "material",
        "approvals": "approval",
        "choices": "choice",
        "constraints": "constraint",
    }
    parts: list[str] = []
    node: Any = data
    i = 0
    while i < len(loc):
        key = loc[i]
        child = node.get(key) if isinstance(node, dict) and isinstance(key, str) else None
        nxt = loc[i + 1] if i + 1 < len(loc) else None
        if key in names and isinstance(nxt, int) and isinstance(child, list):
            entry = child[nxt] if nxt < len(child) else None
            ident = entry.get("id", entry.get("value")) if isinstance(entry, dict) else None
            if ident is not None:
                ident = shown_key(str(ident)) if isinstance(ident, str | int) else "?"
            parts.append(
                f"{names[str(key)]} '{ident}'"
                if ident is not None
                else f"{names[str(key)]} #{nxt + 1}"
            )
            node = entry
            i += 2
            continue
        parts.append(shown_key(key) if isinstance(key, str) else f"[{key}]")
        node = child
        i += 1
    return " › ".join(parts)
