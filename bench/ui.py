"""Touch UI benchmarks, offscreen: start-up, navigation, memory over many journeys.

Prints one figure a line as `name: value unit (target ...)`:
- kiosk_start: process start to the home screen's first frame (median of 5 processes);
- bare_qml_start: the same for a bare QML window with one Text (the framework's floor),
  and the ratio of the two (target <= 1.5);
- navigation: a screen change requested to its next frame (median over a journey);
- peak_rss and rss_growth over 200 complete journeys in one process.
Run: `.venv/bin/python bench/ui.py`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BARE_QML = """import QtQuick
Window { visible: true; width: 1280; height: 800; Text { text: "申报" } }
""".encode()


def _child_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("QT_LOGGING_RULES", None)
    return env


def child_bare(qml: str) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine

    app = QGuiApplication(sys.argv)
    engine = QQmlApplicationEngine()
    engine.load(QUrl.fromLocalFile(qml))
    window = engine.rootObjects()[0]
    window.frameSwapped.connect(lambda: (print("FRAME", flush=True), app.quit()))
    app.exec()


def child_kiosk(data_dir: str) -> None:
    from PySide6.QtGui import QGuiApplication

    from kiosk.catalog.loader import load_catalog
    from kiosk.config import demo_config
    from kiosk.resources import resource_path
    from printer.fonts import find_cjk_font
    from ui.app import KioskApp, prepare_environment

    prepare_environment()
    app = QGuiApplication(sys.argv)
    config = demo_config(Path(data_dir))
    font = find_cjk_font(remember=Path(data_dir) / "cache" / "cjk-font.json")
    kiosk = KioskApp(config, load_catalog(resource_path("catalog")), font, app)
    kiosk.window.frameSwapped.connect(lambda: (print("FRAME", flush=True), app.quit()))
    kiosk.show()
    app.exec()
    kiosk.close()


def start_ms(args: list[str]) -> float:
    began = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("FRAME"):
            elapsed = (time.perf_counter() - began) * 1000
            break
    else:
        raise RuntimeError(f"no frame from {args}")
    proc.stdout.close()
    proc.wait(timeout=60)
    return elapsed


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_process() -> None:
    """Navigation timing and memory over 200 journeys, in this process."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop

    from kiosk.journey import Screen
    from kiosk.samples import SAMPLES
    from ui.app import demo_kiosk

    tmp = tempfile.TemporaryDirectory()
    kiosk = demo_kiosk(Path(tmp.name))
    app = kiosk.app
    vm, j = kiosk.journey, kiosk.journey.journey

    def until(condition: object, limit: float = 30.0) -> None:
        deadline = time.monotonic() + limit
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise TimeoutError(f"stuck on {j.screen}")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 10)
            # processEvents outside exec() leaves deleteLater()ed screens alone; the
            # kiosk's event loop deletes them: do what it does, or "growth" is ours
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)

    frames: list[float] = []

    def navigate(action: object) -> None:
        swapped = []
        kiosk.window.frameSwapped.connect(lambda: swapped.append(time.perf_counter()))
        began = time.perf_counter()
        action()  # type: ignore[operator]
        kiosk.window.update()
        until(lambda: swapped)
        frames.append((swapped[0] - began) * 1000)
        kiosk.window.frameSwapped.disconnect()

    answers = SAMPLES["elderly-card"]()

    def journey_once(timed: bool) -> None:
        step = navigate if timed else (lambda a: a())
        step(vm.start)
        step(lambda: vm.chooseItem("elderly-card"))
        step(vm.begin)
        while j.screen is Screen.FORM:
            for f in j.page.fields if j.page else []:
                if f.id in answers and f.id in j.visible_field_ids():
                    vm.setAnswer(f.id, answers[f.id])
            step(vm.next)
        for m in j.applicable_materials():
            vm.setMaterial(m.id, True)
        step(vm.next)
        vm.submit()
        until(lambda: j.screen is Screen.RESULT)
        vm.takeTicket()
        until(lambda: j.screen is Screen.TICKET and not vm.printing)
        step(vm.finish)
        step(vm.home)

    journey_once(True)
    journey_once(True)
    for _ in range(18):
        journey_once(False)
    QCoreApplication.processEvents()
    before = rss_mb()
    for _ in range(180):
        journey_once(False)
    kiosk.engine.collectGarbage()
    QCoreApplication.processEvents()
    after = rss_mb()
    print(
        f"navigation: {statistics.median(frames):.1f} ms (target <= 16.7 ms; request to the "
        f"next frame, median of {len(frames)} screen changes)"
    )
    print(f"peak_rss: {peak_rss_mb():.0f} MB (target: none set; kiosk with 200 journeys)")
    print(
        f"rss_growth_200_journeys: {after - before:.1f} MB (target <= 5 MB; journeys 20 to "
        "200, elderly-card with ticket printed to files)"
    )
    kiosk.close()
    tmp.cleanup()


def main() -> None:
    # Qt's teardown at exit can end the process before Python flushes a piped stdout.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as tmp:
        qml = Path(tmp) / "bare.qml"
        qml.write_bytes(BARE_QML)
        bare = statistics.median(start_ms(["--bare", str(qml)]) for _ in range(5))
        # A terminal restarts with its data folder (and the font verdict kept there); its
        # very first start, in a new folder, also checks the font and creates the store.
        first = statistics.median(
            start_ms(["--kiosk", str(Path(tmp) / f"new{i}")]) for i in range(3)
        )
        kiosk = statistics.median(start_ms(["--kiosk", str(Path(tmp) / "new0")]) for _ in range(5))
    print(f"bare_qml_start: {bare:.0f} ms (the floor: one Text in a QML window, median of 5)")
    print(f"kiosk_first_start: {first:.0f} ms (a new data folder, median of 3)")
    print(
        f"kiosk_start: {kiosk:.0f} ms (target <= 1.5 x floor; process start to the home "
        "screen's first frame, median of 5)"
    )
    print(f"kiosk_start_ratio: {kiosk / bare:.2f} x (target <= 1.5 x)")
    in_process()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--bare":
        child_bare(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "--kiosk":
        child_kiosk(sys.argv[2])
    else:
        main()
