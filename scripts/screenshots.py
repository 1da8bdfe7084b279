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

SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920), "demo": (1280, 800)}


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

    from kiosk.journey import Screen
    from kiosk.modes import STORE_UNAVAILABLE
    from kiosk.samples import SAMPLES
    from ui.app import Timings, demo_kiosk

    tmp = tempfile.TemporaryDirectory()
    # No privacy timeout in the middle of a scene, however slow the machine.
    kiosk = demo_kiosk(Path(tmp.name), timings=Timings(3600, 30, 1000, 3600))
    app = kiosk.app
    assert kiosk.journey is not None
    vm, j = kiosk.journey, kiosk.journey.journey

    def settle(condition: Callable[[], bool] = lambda: True, limit: float = 20.0) -> None:
        deadline = time.monotonic() + limit
        for _ in range(4):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        while not condition() and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        for _ in range(4):
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    def fill(answers: dict[str, object]) -> None:
        for f in j.page.fields if j.page else []:
            if f.id in answers and f.id in j.visible_field_ids():
                vm.setAnswer(f.id, answers[f.id])

    def to_check(
        item: str, missing: tuple[str, ...] = (), wrong: dict[str, object] | None = None
    ) -> None:
        vm.chooseItem(item)
        vm.begin()
        answers = {**SAMPLES[item](), **(wrong or {})}
        while j.screen is Screen.FORM:
            fill(answers)
            vm.next()
        for m in j.applicable_materials():
            vm.setMaterial(m.id, m.id not in missing)
        vm.next()

    def submit() -> None:
        vm.submit()
        settle(lambda: j.screen is Screen.RESULT)

    scenes: list[tuple[str, Callable[[], None]]] = [
        ("01-home", lambda: None),
        ("02-services", vm.start),
        ("03-search-lnz", lambda: (vm.start(), vm.setQuery("lnz"))),
        ("04-intro-joint", lambda: vm.chooseItem("company-startup")),
        ("05-form", lambda: (vm.chooseItem("company-address-change"), vm.begin())),
        ("06-form-errors", lambda: (vm.chooseItem("elderly-card"), vm.begin(), vm.next())),
        ("07-materials", lambda: (to_check("elderly-card"), vm.changeMaterials())),
        ("08-check", lambda: to_check("company-address-change")),
        (
            "09-result-rejected",
            lambda: (
                to_check("company-address-change", missing=("business_licence",)),
                submit(),
            ),
        ),
        (
            "10-result-deficiency",
            lambda: (to_check("company-address-change", missing=("premises_proof",)), submit()),
        ),
        (
            "11-ticket",
            lambda: (
                to_check("elderly-card"),
                submit(),
                vm.takeTicket(),
                settle(lambda: j.screen is Screen.TICKET and vm.printed),
            ),
        ),
        ("12-finish", vm.finish),
        (
            "13-help-called",
            lambda: (vm.start(), kiosk.help.call(), settle(lambda: kiosk.help.active)),
        ),
        ("14-idle-warning", lambda: (vm.start(), kiosk.idle._ask())),
        (
            "15-out-of-service",
            lambda: kiosk.navigator.out_of_service(STORE_UNAVAILABLE, "store_unavailable"),
        ),
    ]
    if args.scene:
        scenes = [(n, f) for n, f in scenes if any(t in n for t in args.scene)]
    count = 0
    for size_name, (width, height) in SIZES.items():
        if args.size and size_name not in args.size:
            continue
        kiosk.window.resize(width, height)
        for language in ("zh_CN", "en_US"):
            for large in (False, True):
                for name, scene in scenes:
                    kiosk.wipe()
                    kiosk.idle.stillHere()
                    kiosk.shell.setLanguage(language)
                    if large != kiosk.shell.largeText:
                        kiosk.shell.toggleLargeText()
                    settle()
                    scene()
                    settle()
                    file = (
                        args.out / f"{size_name}-{language}{'-large' if large else ''}-{name}.png"
                    )
                    kiosk.window.grabWindow().save(str(file))
                    count += 1
                    if kiosk.help.active:
                        kiosk.help.toggle()
                    kiosk.navigator.in_service()
                    settle()
    kiosk.close()
    tmp.cleanup()
    print(f"{count} screenshots in {args.out}")


if __name__ == "__main__":
    main()
