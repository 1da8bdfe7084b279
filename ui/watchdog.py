"""systemd's watchdog fed from the UI thread's event loop: a hung interface is restarted.

`WatchdogPinger` is a QTimer on the UI thread that sends WATCHDOG=1 every half
watchdog time (kiosk.watchdog.Notifier.interval_s). The pings come from the event loop
itself, not from a thread of their own: when a slot blocks the UI thread (a deadlock, a
wait on the store), the timer cannot fire, the pings stop, and systemd restarts the kiosk
after `WatchdogSec=` (deploy/linux/declaration-kiosk.service). A thread that pinged
would keep a frozen screen alive forever.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer

from kiosk.watchdog import Notifier


class WatchdogPinger(QObject):
    """READY=1 once the kiosk is up, then WATCHDOG=1 from the event loop until stopped."""

    def __init__(self, notifier: Notifier, parent: QObject) -> None:
        super().__init__(parent)
        self._notifier = notifier
        self._started = self._stopped = False
        self._timer = QTimer(self)
        # Precise: a coarse timer may fire up to 5% late, which eats into the margin that
        # half the watchdog time leaves; the cost (one wake-up per interval) is nothing.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(notifier.ping)

    @property
    def active(self) -> bool:
        """Whether pings are being sent."""
        return self._timer.isActive()

    def start(self) -> None:
        """Once the home screen's first frame is shown: READY=1, then the pings (when
        systemd set a watchdog). Later calls do nothing."""
        if self._started or self._stopped:
            return
        self._started = True
        self._notifier.ready()
        interval = self._notifier.interval_s
        if interval is not None:
            self._notifier.ping()  # the first one now: the start itself took some time
            self._timer.start(max(1, round(interval * 1000)))

    def stop(self, *, stopping: bool = True) -> None:
        """At close: no more pings, and STOPPING=1 (the shutdown may take a while, and a
        deliberate end must not look like a hang). `stopping=False` for a restart in
        place (kiosk/__main__.py exec()s the same command in the same process): after
        STOPPING=1 systemd would count the service as stopping, ignore the new kiosk's
        READY=1 and kill it at TimeoutStopSec. Later calls do nothing."""
        if self._stopped:
            return
        self._stopped = True
        self._timer.stop()
        if stopping:
            self._notifier.stopping()
