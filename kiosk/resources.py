"""Finding the kiosk's resources (catalog, images, sounds, translations, fonts).

One function for every way the kiosk runs: a PyInstaller bundle (resources unpacked
under ``sys._MEIPASS``), an installed package (``kiosk/_resources``, put there by the
wheel build), and a source checkout (``resources/`` beside the packages). The
``KIOSK_RESOURCES`` environment variable overrides all three, for technicians.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def candidate_roots() -> list[Path]:
    """Where resources may be, in the order they are tried."""
    roots: list[Path] = []
    if env := os.environ.get("KIOSK_RESOURCES"):
        roots.append(Path(env))
    if bundle := getattr(sys, "_MEIPASS", None):
        roots.append(Path(bundle) / "resources")
    roots.append(_PACKAGE / "_resources")
    roots.append(_PACKAGE.parent / "resources")
    return roots


def resource_root(roots: list[Path] | None = None) -> Path:
    """The first candidate root that holds the catalog."""
    tried = roots if roots is not None else candidate_roots()
    for root in tried:
        if (root / "catalog").is_dir():
            return root
    raise FileNotFoundError(
        "kiosk resources not found; looked in: " + ", ".join(str(r) for r in tried)
    )


def resource_path(*parts: str) -> Path:
    """The path of a resource, e.g. ``resource_path("catalog")``."""
    return resource_root().joinpath(*parts)
