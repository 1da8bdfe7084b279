"""Resources are found from a source checkout, an installed package and a bundle alike."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.resources import candidate_roots, resource_path, resource_root

ROOT = Path(__file__).parents[2]


def test_source_checkout() -> None:
    assert resource_path("catalog") == ROOT / "resources" / "catalog"


def test_environment_and_bundle_come_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "bundle"
    shutil.copytree(ROOT / "resources", bundle / "resources")
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    assert resource_root() == bundle / "resources"
    override = tmp_path / "override"
    (override / "catalog").mkdir(parents=True)
    monkeypatch.setenv("KIOSK_RESOURCES", str(override))
    assert candidate_roots()[:2] == [override, bundle / "resources"]
    assert resource_root() == override


def test_nothing_found_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"looked in: .*nowhere"):
        resource_root([tmp_path / "nowhere"])


def test_installed_wheel_carries_and_finds_its_resources(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "kiosk/_resources/catalog/company-address-change.toml" in names
    assert "kiosk/store/migrations/versions/0001_first_schema.py" in names
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    out = subprocess.run(
        [sys.executable, "-c", "import kiosk.resources as r; print(r.resource_path('catalog'))"],
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert Path(out.stdout.strip()) == target / "kiosk" / "_resources" / "catalog"
    assert resources.__file__ and not out.stdout.startswith(str(ROOT))
