"""The sync protocol shared by the terminal and the central server (docs/sync-protocol.md).

Plain pydantic: neither Qt nor a web framework, so the kiosk bundle and the server both
carry it. The terminal builds its event payloads with `payload(kind, **fields)` (or a
model's `.payload()`) and sends `PROTOCOL_VERSION` with every batch; the server checks
payloads with `Registry(version).parse`, at the version it knows.
"""

from __future__ import annotations

from kiosk.protocol.events import MODES, OUT_OF_SERVICE, Payload, TerminalMode
from kiosk.protocol.registry import (
    KINDS,
    PROTOCOL_VERSION,
    InvalidPayload,
    Kind,
    PayloadTooLarge,
    Registry,
    UnknownKind,
    check_payload,
    parse,
    payload,
    registry,
)

__all__ = [
    "KINDS",
    "MODES",
    "OUT_OF_SERVICE",
    "PROTOCOL_VERSION",
    "InvalidPayload",
    "Kind",
    "Payload",
    "PayloadTooLarge",
    "Registry",
    "TerminalMode",
    "UnknownKind",
    "check_payload",
    "parse",
    "payload",
    "registry",
]
