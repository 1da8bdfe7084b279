"""`[ui] help_hold_s`: how long an open help call holds the privacy timeout off."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, UIConfig, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "resources" / "config.example.toml"


def _load(tmp_path: Path, ui: str) -> UIConfig:
    path = tmp_path / "config.toml"
    path.write_text(f"terminal_number = 1\n[ui]\n{ui}\n", encoding="utf-8")
    return load_config(path).ui


def test_ten_minutes_by_default_and_in_the_example(tmp_path: Path) -> None:
    assert _load(tmp_path, "").help_hold_s == 600
    example = EXAMPLE.read_text(encoding="utf-8")
    assert "\nhelp_hold_s = 600\n" in example
    assert _load(tmp_path, "help_hold_s = 60").help_hold_s == 60
    assert _load(tmp_path, "help_hold_s = 3600").help_hold_s == 3600


@pytest.mark.parametrize("value", ["59", "3601", "0", "-5", '"600"', "600.5"])
def test_out_of_range_or_not_a_whole_number(tmp_path: Path, value: str) -> None:
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, f"help_hold_s = {value}")
    (problem,) = info.value.problems
    assert problem.startswith("ui.help_hold_s: ")
