"""What the light's driver needs of a relay transport: open, switch, close, a name.

Every transport (``hid_relay``, ``serial_relay``, ``fake``) follows this protocol and
raises only the faults of :mod:`devices.signal_light.faults`. Calls block for at most
the transport's own timeout; the driver calls them from its own thread only.
"""

from __future__ import annotations

from typing import Protocol


class Relay(Protocol):
    """One relay channel that switches the call light."""

    @property
    def name(self) -> str:
        """The link as a technician would look for it ("hidraw /dev/hidraw1 relay 1")."""
        ...

    def open(self) -> None:
        """Find and open the device; opening an open relay does nothing."""
        ...

    def set(self, on: bool) -> None:
        """Switch the relay on (light lit) or off."""
        ...

    def close(self) -> None:
        """Let go of the device; closing a closed relay does nothing, and never raises."""
        ...
