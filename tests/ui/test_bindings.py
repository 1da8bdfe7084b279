"""The installed PySide6 keeps Python's reference counts right.

PySide6 6.12.0 drops a reference to None on every void call (processEvents) and to
True/False on every emit: on Python 3.11 the kiosk then crashes after a few hundred
journeys ("deallocating None"). pyproject excludes it; this test catches a relapse.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

CHECK = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QCoreApplication, QObject, Signal
    app = QCoreApplication(sys.argv)

    class Emitter(QObject):
        fired = Signal(int)

    e = Emitter()
    e.fired.connect(lambda v: None)
    none, true, false = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(500):
        app.processEvents()
        e.fired.emit(1)
    drift = (sys.getrefcount(None) - none, sys.getrefcount(True) - true,
             sys.getrefcount(False) - false)
    print(*drift)
""")


def test_no_reference_drift_on_none_and_bools() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin"},
    )
    assert out.returncode == 0, out.stderr[-2000:]
    drift = [int(x) for x in out.stdout.split()]
    assert all(abs(d) < 50 for d in drift), f"PySide6 leaks or drops references: {drift}"
