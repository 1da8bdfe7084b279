"""The demo's real window on a real X server (Xvfb), through Qt's xcb platform: the
libraries a screen needs (libxcb-cursor0 and the rest, from scripts/setup.sh) are there,
and the home screen is drawn (a grab of the X screen, not blank)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(sys.argv[:1])
image = app.primaryScreen().grabWindow(0).toImage()
seen = {image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}
image.save(sys.argv[1])
print(len(seen))
"""


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (scripts/setup.sh installs it for the tests)")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as numbers:
        number = numbers.readline().strip()  # written once the server accepts clients
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(30)


def colours_on_screen(display: str, png: Path) -> int:
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb")
    done = subprocess.run(
        [sys.executable, "-c", GRAB, str(png)], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


def test_the_demo_opens_its_window_on_an_x_server(x_display: str, tmp_path: Path) -> None:
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb")
    kiosk = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--demo",
            "--no-central",
            "--data-dir",
            str(tmp_path / "d"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    png = tmp_path / "screen.png"
    try:
        assert colours_on_screen(x_display, png) < 8  # the empty X screen: black
        deadline = time.monotonic() + 120
        drawn = 0
        while drawn < 50:  # the home screen: text, buttons, edges in many colours
            assert kiosk.poll() is None, kiosk.communicate()[1][-2000:]
            assert time.monotonic() < deadline, f"no home screen on the X server ({drawn})"
            drawn = colours_on_screen(x_display, png)
    finally:
        kiosk.terminate()
        _, err = kiosk.communicate(timeout=60)
    assert kiosk.returncode == 0, err[-2000:]
    assert "Traceback" not in err
    assert "could not load the Qt platform plugin" not in err
