"""`[staff]`: the staff session's timeout (default 60 s, 15 to 600) beside the PINs."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config


def load(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "config.toml"
    path.write_text("terminal_number = 3\n" + text, encoding="utf-8")
    return load_config(path)


def test_the_session_timeout_defaults_to_a_minute(tmp_path: Path) -> None:
    assert load(tmp_path, "").staff.session_timeout_s == 60
    assert load(tmp_path, "[staff]\nsession_timeout_s = 15\n").staff.session_timeout_s == 15
    assert load(tmp_path, "[staff]\nsession_timeout_s = 600\n").staff.session_timeout_s == 600


@pytest.mark.parametrize("value", ["14", "601", '"60"', "60.5", "true"])
def test_a_timeout_out_of_range_or_type_is_refused(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        load(tmp_path, f"[staff]\nsession_timeout_s = {value}\n")
    (problem,) = info.value.problems
    assert problem.startswith("staff.session_timeout_s: ")
