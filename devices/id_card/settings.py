"""What the reader's process is told: which backend, where, how often (one JSON argument).

The kiosk builds `ReaderSettings` from its config's ``[id_card]`` table and hands them
to the worker as one JSON argument (`to_json`); the worker reads them back
(`from_json`), refusing anything malformed with ValueError.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from typing import Final

from devices.id_card.pacing import MIN_POLL_S

BACKENDS: Final = ("serial", "vendor", "fake")


@dataclass(frozen=True)
class ReaderSettings:
    """``backend``: "serial" (the reader's protocol on ``port`` at ``baud``), "vendor"
    (``vendor``'s ``library``, its own port number ``vendor_port``) or "fake" (a made-up
    reader inside the worker with the demo's card on it)."""

    backend: str = "serial"
    port: str = ""
    baud: int = 115200
    library: str = ""
    vendor: str = "chinavision"
    vendor_port: int = 1001
    poll_s: float = 0.5

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise ValueError(f"backend {self.backend!r}: one of {', '.join(BACKENDS)}")
        for name, kind in (("port", str), ("library", str), ("vendor", str)):
            if not isinstance(getattr(self, name), kind):
                raise ValueError(f"{name} must be a string")
        for name in ("baud", "vendor_port"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name} must be a positive whole number")
        if isinstance(self.poll_s, bool) or not isinstance(self.poll_s, int | float):
            raise ValueError("poll_s must be a number")
        if not MIN_POLL_S <= self.poll_s <= 60:
            raise ValueError(f"poll_s {self.poll_s}: from {MIN_POLL_S} to 60 seconds")
        if self.backend == "serial" and not self.port:
            raise ValueError("the serial backend needs a port")
        if self.backend == "vendor" and not self.library:
            raise ValueError("the vendor backend needs a library")

    @property
    def where(self) -> str:
        """Where the reader is looked for, as the technician's status names it."""
        if self.backend == "vendor":
            return f"{self.library}, {self.vendor_port}"
        return self.port or self.backend

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, value: str) -> ReaderSettings:
        try:
            data = json.loads(value)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ValueError(f"settings are not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise ValueError("settings must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(map(str, unknown))}")
        return cls(**data)
