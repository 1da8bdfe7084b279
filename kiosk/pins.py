"""Staff PIN hashing (员工密码): PBKDF2-SHA256 hashes as stored in the terminal config.

The config file never holds a plain PIN, only a hash in the form
``pbkdf2_sha256$<iterations>$<salt-hex>$<hash-hex>``. Generate one with :func:`hash_pin`, or
from a shell with ``python -m kiosk.pins`` (asks for the PIN without echoing it).
"""

from __future__ import annotations

import getpass
import hashlib
import hmac
import os
import re
from typing import NamedTuple

__all__ = [
    "MAX_ITERATIONS",
    "MIN_ITERATIONS",
    "PIN_HASH_FORMAT",
    "ParsedHash",
    "check_pin_hash",
    "derive",
    "hash_pin",
    "is_pin",
    "parse_pin_hash",
    "verify_pin",
]

PIN_HASH_FORMAT = "pbkdf2_sha256$<iterations>$<salt-hex>$<hash-hex>"
MIN_ITERATIONS = 100_000
MAX_ITERATIONS = 10_000_000
_ALGORITHM = "pbkdf2_sha256"
_MIN_SALT_BYTES = 8
_HASH_BYTES = 32  # SHA-256 output
_PIN_RE = re.compile(r"[0-9]{4,8}")  # ASCII digits only: str.isdigit() accepts ４ and ٤
_HEX_RE = re.compile(r"(?:[0-9a-fA-F]{2})+")


def _derive(pin: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", pin.encode("ascii"), salt, iterations)


class ParsedHash(NamedTuple):
    """A PIN hash taken apart: what to derive with, and the digest to compare with."""

    iterations: int
    salt: bytes
    digest: bytes


def is_pin(pin: object) -> bool:
    """Whether `pin` is 4 to 8 ASCII digits (the only PINs there are)."""
    return isinstance(pin, str) and _PIN_RE.fullmatch(pin) is not None


def derive(pin: str, salt: bytes, iterations: int) -> bytes:
    """The PBKDF2-SHA256 digest of `pin` (4 to 8 ASCII digits, else ValueError).

    For callers that compare one PIN with many hashes sharing a salt (the hall's staff
    accounts): one slow derivation, then `hmac.compare_digest` with each digest.
    """
    if not is_pin(pin):
        raise ValueError("a PIN must be 4 to 8 digits (0-9)")
    return _derive(pin, salt, iterations)


def parse_pin_hash(encoded: str) -> ParsedHash:
    """`encoded` taken apart; ValueError saying what is wrong with a malformed hash."""
    if not isinstance(encoded, str):
        raise ValueError(f"expected the format {PIN_HASH_FORMAT}")
    return ParsedHash(*_parse(encoded))


def hash_pin(pin: str, *, iterations: int = 200_000, salt: bytes | None = None) -> str:
    """Return the config-file hash of ``pin`` (4 to 8 digits).

    Raises ValueError for a PIN that is not 4 to 8 ASCII digits, an iteration count outside
    MIN_ITERATIONS..MAX_ITERATIONS or a salt shorter than 8 bytes. A random 16-byte salt is
    used when ``salt`` is None.
    """
    if not isinstance(pin, str) or _PIN_RE.fullmatch(pin) is None:
        raise ValueError("a PIN must be 4 to 8 digits (0-9)")
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"iterations must be {MIN_ITERATIONS} to {MAX_ITERATIONS}")
    if salt is None:
        salt = os.urandom(16)
    if len(salt) < _MIN_SALT_BYTES:
        raise ValueError(f"the salt must be at least {_MIN_SALT_BYTES} bytes")
    digest = _derive(pin, salt, iterations)
    return f"{_ALGORITHM}${iterations}${salt.hex()}${digest.hex()}"


def _parse(encoded: str) -> tuple[int, bytes, bytes]:
    """Split a PIN hash into (iterations, salt, digest); ValueError saying what is wrong."""
    parts = encoded.split("$")
    if len(parts) != 4 or parts[0] != _ALGORITHM:
        raise ValueError(f"expected the format {PIN_HASH_FORMAT}")
    _, iterations_text, salt_hex, digest_hex = parts
    if not iterations_text.isascii() or not iterations_text.isdigit():
        raise ValueError("the iteration count must be a whole number")
    iterations = int(iterations_text)
    if not MIN_ITERATIONS <= iterations <= MAX_ITERATIONS:
        raise ValueError(f"the iteration count must be {MIN_ITERATIONS} to {MAX_ITERATIONS}")
    if _HEX_RE.fullmatch(salt_hex) is None or len(salt_hex) < 2 * _MIN_SALT_BYTES:
        raise ValueError(f"the salt must be at least {_MIN_SALT_BYTES} bytes in hex")
    if _HEX_RE.fullmatch(digest_hex) is None or len(digest_hex) != 2 * _HASH_BYTES:
        raise ValueError(f"the hash must be {_HASH_BYTES} bytes in hex")
    return iterations, bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)


def check_pin_hash(encoded: str) -> str:
    """Return ``encoded`` if it is a well-formed PIN hash, else raise ValueError saying why."""
    if _PIN_RE.fullmatch(encoded.strip()) is not None:
        raise ValueError(
            "this looks like a plain PIN; never store PINs in the config: store the hash "
            "made by kiosk.pins.hash_pin (run `python -m kiosk.pins`)"
        )
    try:
        _parse(encoded)
    except ValueError as exc:
        raise ValueError(
            f"not a valid PIN hash ({exc}); make one with kiosk.pins.hash_pin "
            "(run `python -m kiosk.pins`)"
        ) from None
    return encoded


def verify_pin(pin: str, encoded: str) -> bool:
    """Return True if ``pin`` matches the hash ``encoded``; never raises (False if malformed)."""
    if not isinstance(pin, str) or not isinstance(encoded, str):
        return False
    try:
        iterations, salt, expected = _parse(encoded)
    except ValueError:
        return False
    if _PIN_RE.fullmatch(pin) is None:
        return False
    return hmac.compare_digest(_derive(pin, salt, iterations), expected)


def main() -> None:
    """Ask for a PIN twice and print its hash, for pasting into [staff] pins."""
    pin = getpass.getpass("PIN (4-8 digits): ")
    if getpass.getpass("PIN again: ") != pin:
        raise SystemExit("the PINs differ")
    try:
        print(hash_pin(pin))
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


if __name__ == "__main__":
    main()
