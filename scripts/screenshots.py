"""Screenshots of every screen, for people to look at: both languages, landscape and
portrait, normal and large text. Written to `out/screenshots/` (not in git).

    .venv/bin/python scripts/screenshots.py [--out DIR] [--size NAME ...] [--scene TEXT ...]

`--size portrait --scene check --scene ticket` takes only the portrait screenshots of the
scenes whose name contains "check" or "ticket".
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SIZES = ("landscape", "portrait", "demo")  # tests/ui/scenes.py has their pixels


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("out/screenshots"))
    parser.add_argument(
        "--size", action="append", choices=sorted(SIZES), help="only these sizes (repeatable)"
    )
    parser.add_argument(
        "--scene", action="append", metavar="TEXT", help="only scenes whose name has TEXT"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

    from tests.ui.scenes import SIZES as SIZE_PIXELS
    from tests.ui.scenes import reset, scenes
    from ui.app import Timings, demo_kiosk

    tmp = tempfile.TemporaryDirectory()
    # No privacy timeout in the middle of a scene, however slow the machine.
    kiosk = demo_kiosk(Path(tmp.name), timings=Timings(3600, 30, 1000, 3600))
    app = kiosk.app

    def settle(condition: Callable[[], bool] = lambda: True, limit: float = 20.0) -> None:
        deadline = time.monotonic() + limit
        for _ in range(4):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        while not condition() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        for _ in range(4):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    chosen = [(s.name, s.reach) for s in scenes(kiosk, settle)]
    if args.scene:
        chosen = [(n, f) for n, f in chosen if any(t in n for t in args.scene)]
    count = 0
    for size_name, (width, height) in SIZE_PIXELS.items():
        if args.size and size_name not in args.size:
            continue
        kiosk.window.resize(width, height)
        for language in ("zh_CN", "en_US"):
            for large in (False, True):
                for name, scene in chosen:
                    reset(kiosk, language, large)
                    settle()
                    scene()
                    settle()
                    file = (
                        args.out / f"{size_name}-{language}{'-large' if large else ''}-{name}.png"
                    )
                    kiosk.window.grabWindow().save(str(file))
                    count += 1
    kiosk.close()
    tmp.cleanup()
    print(f"{count} screenshots in {args.out}")


if __name__ == "__main__":
    main()
