"""The dashboard's catalog names: any uploaded file text gives names or nothing, never an
exception (a deep file used to be a RecursionError in tomllib)."""

from __future__ import annotations

from central.dashboard.catalog_names import parse_file


def test_names_are_read_from_a_catalog_file() -> None:
    parsed = parse_file("elderly-card.toml", 'id = "elderly-card"\nname = { zh = "老年证" }\n')
    assert parsed is not None
    item_id, names = parsed
    assert (item_id, names.name) == ("elderly-card", {"zh": "老年证"})


def test_a_deep_or_broken_file_gives_no_names() -> None:
    deep = "x = " + "[" * 3000 + "]" * 3000 + "\n"
    assert parse_file("deep.toml", deep) is None
    assert parse_file("lone.toml", 'name = "\ud800"\n') is None
    assert parse_file("garbage.toml", "\x00\x01 = = [") is None
