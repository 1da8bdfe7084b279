"""Importing python-escpos without its side effect on the temp folder.

python-escpos writes a capabilities pickle into a new temporary folder at every
import unless ESCPOS_CAPABILITIES_PICKLE_DIR names one: point it at our cache folder
(created first) before the first import.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import ModuleType


def escpos_printers() -> ModuleType:
    """The `escpos.printer` module, imported with its cache in ours."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
        import platformdirs

        cache = Path(platformdirs.user_cache_dir("declaration-kiosk", appauthor=False))
        cache.mkdir(parents=True, exist_ok=True)
        os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(cache)
    import escpos.printer

    module: ModuleType = escpos.printer
    return module
