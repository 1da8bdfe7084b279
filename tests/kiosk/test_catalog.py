"""The shipped catalog, and the loader's messages for malformed catalog files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.__main__ import main
from kiosk.catalog.loader import Catalog, CatalogError, check_catalog, load_catalog
from kiosk.catalog.models import Category, FieldType
from kiosk.resources import resource_path

REQUIRED = {
    "company-address-change",
    "company-startup",
    "individual-business-registration",
    "food-business-licence",
    "company-deregistration",
    "elderly-card",
    "birth-registration",
    "residence-permit",
}
EXAMPLE = resource_path("catalog") / "company-address-change.toml"


def test_shipped_catalog_is_complete(catalog: Catalog) -> None:
    assert len(catalog) >= 12
    assert set(catalog.items) >= REQUIRED
    assert catalog.by_category(Category.ENTERPRISE) and catalog.by_category(Category.PERSONAL)
    used = {f.type for item in catalog for f in item.fields()}
    assert used == set(FieldType), f"field types never used: {set(FieldType) - used}"
    startup = catalog["company-startup"]
    assert startup.joint and startup.time_limit_days == 2
    assert len(startup.approvals) == 3
    assert any(not m.essential for item in catalog for m in item.materials)
    for item in catalog:
        assert all(1 <= c <= 12 for c in item.counters), item.id
        assert item.materials, item.id


def test_version_follows_content(tmp_path: Path, catalog: Catalog) -> None:
    folder = tmp_path / "cat"
    shutil.copytree(resource_path("catalog"), folder)
    assert load_catalog(folder).version == catalog.version
    path = folder / "company-address-change.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_catalog(folder).version != catalog.version


def _broken(tmp_path: Path, old: str, new: str, *, count: int = 1) -> list[str]:
    """Copy the example item with one edit; return the loader's messages."""
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text, old
    folder = tmp_path / "cat"
    folder.mkdir(exist_ok=True)
    (folder / EXAMPLE.name).write_text(text.replace(old, new, count), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(folder)
    return [str(p) for p in err.value.problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a misspelt key
        (
            "min_length = 4",
            "min_lenght = 4",
            "field 'company_name' › min_lenght: unknown key; allowed keys in [pages[0].fields[0]]: "
            "id, type",
        ),
        # a wrong type
        (
            "max_length = 100",
            'max_length = "hundred"',
            "field 'company_name' › max_length: expected an integer, got text 'hundred'",
        ),
        # an unknown field type
        (
            'type = "credit_code"',
            'type = "creditcode"',
            "field 'credit_code' › type: 'creditcode' is not allowed; allowed: text, long_text",
        ),
        # a missing label
        (
            'label = { zh = "企业名称", en = "Company name" }\n',
            "",
            "field 'company_name' › label: required",
        ),
        # relevance naming a field that comes later
        (
            "relevant = \"premises_use == 'leased'\"",
            'relevant = "move_date == null"',
            "field 'lease_end' › relevant: unknown field 'move_date'",
        ),
        # a syntax error in an expression
        (
            'rule = "age(value) >= 18"',
            'rule = "age(value) >= "',
            "field 'new_rep_id' › constraints[0]:",
        ),
        # a function the language does not have
        (
            'rule = "age(value) >= 18"',
            'rule = "__import__(value)"',
            "field 'new_rep_id' › constraints[0]:",
        ),
        # a bad counter number
        (
            "counters = [3, 4, 5]",
            "counters = [3, 4, 500]",
            "counters › [2]: 500 is out of range; allowed: at most 99",
        ),
        # non-essential material without its deficiency days
        (
            "deficiency_days = 5\n",
            "",
            "material 'premises_proof' › deficiency_days: required when essential = false",
        ),
        # min and max on a text field
        (
            'max_length = 30\n\n[[pages.fields]]\nid = "new_rep_id"',
            'max = 30\n\n[[pages.fields]]\nid = "new_rep_id"',
            "field 'new_rep_name' › min: min and max apply to number, money and date fields",
        ),
        # a commitment template with a stray brace
        (
            "keywords = [",
            'commitment = { zh = "本人承诺{材料}", en = "I undertake {materials}" }\nkeywords = [',
            "commitment: zh: must contain {materials} exactly once",
        ),
        (
            "keywords = [",
            'commitment = { zh = "承诺{materials}", en = "I undertake {" }\nkeywords = [',
            "commitment: en: Single '{' encountered",
        ),
        # a field id the expression language cannot name
        (
            'id = "contact_landline"',
            'id = "null"',
            "field 'null': 'null' is a word of the expression language",
        ),
        # a duplicate field id
        (
            'id = "contact_landline"',
            'id = "contact_mobile"',
            "field 'contact_mobile': the field id 'contact_mobile' is used more than once",
        ),
        # approvals on a non-joint item
        (
            '[[pages]]\nid = "company"',
            '[[approvals]]\nid = "x"\nname = { zh = "甲", en = "A" }\n'
            'department = { zh = "甲", en = "A" }\ncounters = [1]\n\n[[pages]]\nid = "company"',
            "approvals: approvals are only for joint items: set joint = true",
        ),
    ],
)
def test_malformed_item_names_file_item_field_and_problem(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    messages = _broken(tmp_path, old, new)
    assert messages, "no problem reported"
    prefix = "company-address-change.toml: item 'company-address-change': "
    assert all(m.startswith(prefix) for m in messages), messages
    assert any(expected in m for m in messages), messages


def test_single_choice_with_one_choice(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    start = text.index('id = "premises_use"')
    block_end = text.index("[[pages.fields]]", start)
    block = text[start:block_end]
    lines = [ln for ln in block.splitlines() if "owned" not in ln and "free" not in ln]
    messages = _broken(tmp_path, block, "\n".join(lines) + "\n")
    assert any(
        "field 'premises_use' › choices: a single_choice field lists at least two" in m
        for m in messages
    ), messages


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    messages = _broken(tmp_path, "fee = 0", "fee = = 0")
    assert len(messages) == 1
    assert messages[0].startswith("company-address-change.toml: item '?': not valid TOML")
    assert "line 10" in messages[0]


def test_not_utf8(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    (folder / "x.toml").write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("gbk"))
    (problem,) = check_catalog(folder)
    assert "not UTF-8" in str(problem) and problem.file == "x.toml"


def test_file_name_must_match_id_and_ids_are_unique(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "other.toml")
    problems = [str(p) for p in check_catalog(folder)]
    assert problems == [
        "other.toml: item 'company-address-change': id: "
        "the file should be named company-address-change.toml"
    ]


def test_all_problems_of_all_files_are_reported(tmp_path: Path) -> None:
    folder = tmp_path / "cat"
    shutil.copytree(resource_path("catalog"), folder)
    (folder / "elderly-card.toml").write_text("id = 'elderly-card'\n", encoding="utf-8")
    text = EXAMPLE.read_text(encoding="utf-8").replace("time_limit_days = 1", "")
    (folder / EXAMPLE.name).write_text(text, encoding="utf-8")
    problems = check_catalog(folder)
    files = {p.file for p in problems}
    assert files == {"elderly-card.toml", "company-address-change.toml"}
    assert any(
        p.location == "time_limit_days" and p.message.startswith("required") for p in problems
    )


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    assert "no *.toml" in str(check_catalog(tmp_path)[0])
    assert "not found" in str(check_catalog(tmp_path / "nope")[0])


def test_check_catalog_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-catalog"]) == 0
    assert "catalog is clean" in capsys.readouterr().out
    _ = _broken(tmp_path, "counters = [3, 4, 5]", "counters = []")
    assert main(["check-catalog", str(tmp_path / "cat")]) == 1
    out = capsys.readouterr()
    prefix = "company-address-change.toml: item 'company-address-change'"
    assert f"{prefix}: counters: must not be empty" in out.out
    assert "1 problem(s)" in out.err


def test_catalog_text_is_never_evaluated(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    messages = _broken(
        tmp_path,
        'rule = "age(value) >= 18"',
        f"rule = \"__import__('pathlib').Path('{marker}').touch()\"",
    )
    assert messages and not marker.exists()


def test_the_appointment_series_is_not_an_items_letter(tmp_path: Path) -> None:
    # Y is the Saturday appointments' (kiosk.tickets.APPOINTMENT_SERIES): a walk-in item
    # printing Y tickets would be served before everyone else.
    problems = _broken(
        tmp_path, 'category = "enterprise"', 'category = "enterprise"\nticket_series = "Y"'
    )
    assert any("ticket_series" in p for p in problems), problems
