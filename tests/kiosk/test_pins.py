"""Tests of kiosk.pins: PBKDF2 PIN hashes for the staff screen."""

from __future__ import annotations

import hashlib

import pytest

from kiosk.pins import MAX_ITERATIONS, MIN_ITERATIONS, check_pin_hash, hash_pin, verify_pin

FAST = MIN_ITERATIONS


def test_round_trip_and_format() -> None:
    salt = bytes(range(16))
    encoded = hash_pin("123456", iterations=FAST, salt=salt)
    digest = hashlib.pbkdf2_hmac("sha256", b"123456", salt, FAST).hex()
    assert encoded == f"pbkdf2_sha256${FAST}${salt.hex()}${digest}"
    assert verify_pin("123456", encoded)
    assert check_pin_hash(encoded) == encoded


def test_default_iterations_and_random_salt() -> None:
    first, second = hash_pin("8642"), hash_pin("8642")
    assert first.split("$")[1] == "200000"
    assert first != second  # a fresh salt each time
    assert verify_pin("8642", first)
    assert verify_pin("8642", second)


@pytest.mark.parametrize("wrong", ["123457", "12345", "1234567", "", "123456 ", "１２３４５６"])
def test_wrong_pin_is_refused(wrong: str) -> None:
    encoded = hash_pin("123456", iterations=FAST)
    assert verify_pin(wrong, encoded) is False


def test_uppercase_hex_is_accepted() -> None:
    encoded = hash_pin("2580", iterations=FAST)
    name, iterations, salt, digest = encoded.split("$")
    assert verify_pin("2580", "$".join([name, iterations, salt.upper(), digest.upper()]))


@pytest.mark.parametrize(
    "malformed",
    [
        "",
        "1234",
        "pbkdf2_sha256",
        "pbkdf2_sha256$$$",
        "pbkdf2_sha1$200000$00112233445566778899aabbccddeeff$" + "00" * 32,
        "pbkdf2_sha256$abc$00112233445566778899aabbccddeeff$" + "00" * 32,
        "pbkdf2_sha256$-5$00112233445566778899aabbccddeeff$" + "00" * 32,
        "pbkdf2_sha256$1$00112233445566778899aabbccddeeff$" + "00" * 32,
        f"pbkdf2_sha256${MAX_ITERATIONS + 1}$00112233445566778899aabbccddeeff$" + "00" * 32,
        "pbkdf2_sha256$200000$0011$" + "00" * 32,
        "pbkdf2_sha256$200000$zz112233445566778899aabbccddeeff$" + "00" * 32,
        "pbkdf2_sha256$200000$00112233445566778899aabbccddeef$" + "00" * 32,
        "pbkdf2_sha256$200000$00112233445566778899aabbccddeeff$" + "00" * 31,
        "pbkdf2_sha256$200000$00112233445566778899aabbccddeeff$" + "gg" * 32,
        "pbkdf2_sha256$200000$00112233445566778899aabbccddeeff$" + "00" * 32 + "$x",
        "pbkdf2_sha256$２００000$00112233445566778899aabbccddeeff$" + "00" * 32,
    ],
)
def test_malformed_hash_is_false_not_an_exception(malformed: str) -> None:
    assert verify_pin("1234", malformed) is False
    with pytest.raises(ValueError, match="hash_pin"):
        check_pin_hash(malformed)


def test_verify_never_raises_on_wrong_types() -> None:
    encoded = hash_pin("1234", iterations=FAST)
    assert verify_pin(1234, encoded) is False  # type: ignore[arg-type]
    assert verify_pin("1234", None) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("pin", ["", "123", "123456789", "12a4", "12 34", "１２３４", "٤٥٦٧"])
def test_hash_pin_needs_4_to_8_ascii_digits(pin: str) -> None:
    with pytest.raises(ValueError, match="4 to 8 digits"):
        hash_pin(pin, iterations=FAST)


def test_hash_pin_checks_iterations_and_salt() -> None:
    with pytest.raises(ValueError, match="iterations"):
        hash_pin("1234", iterations=MIN_ITERATIONS - 1)
    with pytest.raises(ValueError, match="salt"):
        hash_pin("1234", iterations=FAST, salt=b"short")


def test_plain_pin_message_does_not_echo_the_pin() -> None:
    with pytest.raises(ValueError, match="plain PIN") as info:
        check_pin_hash("73915")
    assert "73915" not in str(info.value)
