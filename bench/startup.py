"""Start-up and at-rest figures of child processes, measured from outside.

A child reports its first frame on a pipe; the parent times from just before `Popen` to
the moment it reads that line, so interpreter start, imports and the first frame are all
in, and the reading adds the same pipe hop to every contender:
- `--kiosk DIR`: the real `kiosk --demo --no-central --data-dir DIR` command
  (kiosk.__main__.main), its KioskApp.show wrapped to print FRAME at the first
  frameSwapped; `--central` starts the demo's central server on loopback as
  `kiosk --demo` does;
- `--bare QML`: the floor, a PySide6 ApplicationWindow importing QtQuick.Controls and
  QtQuick.VirtualKeyboard, with an InputPanel, in the kiosk's environment;
- Chromium: Debian's headless /usr/bin/chromium showing a one-field form from a file;
  the page observes its own paint timing entries and logs `first-contentful-paint`
  (the browser's own "first paint of content") to the console, which
  `--enable-logging=stderr` writes to stderr as soon as the paint has happened.
With `--stay` a child keeps running after its first frame: `Resting` reads its CPU time
(user + system, every thread, from /proc/<pid>/stat) over a window after it settled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

if __package__ in (None, ""):  # run as a script: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--headless",  # the new headless mode (the old one is no longer in Chromium)
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",  # console messages (the paint report) on stderr
    "--v=0",
)
FORM_HTML = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>申报</title></head>
<body><form><label>姓名 <input name="name"></label></form>
<script>
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (entry.name === "first-contentful-paint") console.log("FRAME " + entry.startTime);
}).observe({type: "paint", buffered: true});
</script></body></html>
"""
BARE_QML = """import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard

ApplicationWindow {
    id: root
    visible: true
    width: 1280
    height: 800
    Column {
        anchors.centerIn: parent
        spacing: 20
        Label { text: "欢迎使用自助申报终端"; font.pixelSize: 48 }
        Button { text: "开始申报"; font.pixelSize: 36 }
    }
    InputPanel {
        width: root.width
        y: active ? root.height - height : root.height
        visible: active
    }
}
"""
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def child_env() -> dict[str, str]:
    """Offscreen, with the kiosk's input method and Controls style (set, not inherited)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(QT_IM_MODULE="qtvirtualkeyboard", QT_QUICK_CONTROLS_STYLE="Basic")
    env.pop("QT_LOGGING_RULES", None)
    return env


def _report_first_frame(window: object, quit_: Callable[[], None] | None) -> None:
    from PySide6.QtCore import Qt

    def frame() -> None:
        print("FRAME", flush=True)
        if quit_ is not None:
            quit_()

    window.frameSwapped.connect(frame, Qt.ConnectionType.SingleShotConnection)  # type: ignore[attr-defined]


def child_bare(qml: str, stay: bool) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtQml import QQmlApplicationEngine

    app = QGuiApplication(sys.argv)
    engine = QQmlApplicationEngine()
    engine.load(QUrl.fromLocalFile(qml))
    _report_first_frame(engine.rootObjects()[0], None if stay else app.quit)
    app.exec()


def child_kiosk(data_dir: str, central: bool, stay: bool) -> int:
    from kiosk.__main__ import main
    from ui import app as ui_app

    show = ui_app.KioskApp.show

    def show_and_report(kiosk: ui_app.KioskApp) -> None:
        _report_first_frame(kiosk.window, None if stay else kiosk.app.quit)
        show(kiosk)

    ui_app.KioskApp.show = show_and_report  # type: ignore[method-assign, assignment]
    args = ["--demo", "--data-dir", data_dir] + ([] if central else ["--no-central"])
    return main(args)


def bare_command(qml: Path, *, stay: bool = False) -> list[str]:
    return [sys.executable, __file__, "--bare", str(qml), *(["--stay"] if stay else [])]


def kiosk_command(data_dir: Path, *, central: bool = False, stay: bool = False) -> list[str]:
    flags = (["--central"] if central else []) + (["--stay"] if stay else [])
    return [sys.executable, __file__, "--kiosk", str(data_dir), *flags]


def reporting_env() -> dict[str, str]:
    """The kiosk's own first-frame report (ui.app's KIOSK_FIRST_FRAME_REPORT): for a
    command that cannot be wrapped, the bundle's executable."""
    return dict(child_env(), KIOSK_FIRST_FRAME_REPORT="1")


def demo_args(data_dir: Path) -> list[str]:
    return ["--demo", "--no-central", "--data-dir", str(data_dir)]


def checkout_command(data_dir: Path) -> list[str]:
    """The `kiosk` command from this checkout, as a technician would run it."""
    return [sys.executable, "-m", "kiosk", *demo_args(data_dir)]


def bundle_command(bundle: Path, data_dir: Path) -> list[str]:
    """The bundle's executable (dist/kiosk/kiosk, from kiosk.spec)."""
    return [str(bundle), *demo_args(data_dir)]


def chromium_command(page: Path, profile: Path) -> list[str]:
    return [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", page.as_uri()]


def _wait_for_frame(proc: subprocess.Popen[str], stream: IO[str], began: float) -> float:
    for line in stream:
        if "FRAME" in line:
            return (time.perf_counter() - began) * 1000
    proc.wait(30)
    raise RuntimeError(f"no first frame from {proc.args!r} (exit {proc.returncode})")


def first_frame_ms(command: list[str], env: dict[str, str] | None = None) -> float:
    """A Qt child: process start to its FRAME line; the child then quits by itself."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env or child_env(),
        text=True,
    )
    assert proc.stdout is not None
    try:
        return _wait_for_frame(proc, proc.stdout, began)
    finally:
        proc.stdout.close()
        proc.wait(60)


def chromium_first_paint_ms(page: Path, profile: Path) -> float:
    """Chromium in a new, empty profile: process start to the form's first contentful
    paint, reported by the page; then Chromium is ended and its profile removed."""
    began = time.perf_counter()
    proc = subprocess.Popen(
        chromium_command(page, profile),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    )
    assert proc.stderr is not None
    try:
        return _wait_for_frame(proc, proc.stderr, began)
    finally:
        proc.terminate()
        proc.communicate(timeout=30)  # its helpers hold stderr until they are gone
        shutil.rmtree(profile, ignore_errors=True)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, all its threads (not its children)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


class Resting:
    """Children started with --stay: each settles after its first frame, then its CPU
    time is read over `window_s`; `percent()` waits for the window to end."""

    def __init__(self, commands: dict[str, list[str]], settle_s: float, window_s: float) -> None:
        self.settle_s, self.window_s = settle_s, window_s
        self.procs: dict[str, subprocess.Popen[str]] = {}
        self.start_cpu: dict[str, float] = {}
        for name, command in commands.items():
            self.procs[name] = subprocess.Popen(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=child_env(),
                text=True,
            )
        self._thread = threading.Thread(target=self._settle, daemon=True)
        self._thread.start()

    def _settle(self) -> None:
        for proc in self.procs.values():
            assert proc.stdout is not None
            _wait_for_frame(proc, proc.stdout, time.perf_counter())
            # drained from now on, so that nothing the child prints can block it
            threading.Thread(target=proc.stdout.read, daemon=True).start()
        time.sleep(self.settle_s)
        self.began = time.monotonic()
        self.start_cpu = {name: cpu_seconds(p.pid) for name, p in self.procs.items()}

    def percent(self) -> dict[str, float]:
        """Percent of one core over the window, per child; the children are then ended."""
        self._thread.join(120)
        if not self.start_cpu:
            self.stop()
            raise RuntimeError("a resting child never showed its first frame")
        time.sleep(max(0.0, self.began + self.window_s - time.monotonic()))
        elapsed = time.monotonic() - self.began
        used = {n: cpu_seconds(p.pid) - self.start_cpu[n] for n, p in self.procs.items()}
        self.stop()
        return {name: 100 * cpu / elapsed for name, cpu in used.items()}

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.terminate()  # SIGTERM: the kiosk closes in order (and its server)
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    stay = "--stay" in sys.argv
    if sys.argv[1] == "--bare":
        child_bare(sys.argv[2], stay)
    elif sys.argv[1] == "--kiosk":
        sys.exit(child_kiosk(sys.argv[2], "--central" in sys.argv, stay))
    else:
        sys.exit(f"usage: {sys.argv[0]} --bare QML | --kiosk DIR [--central] [--stay]")
