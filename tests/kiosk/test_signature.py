"""The signature drawn on the pad: checked once where it enters, normalised, bounded."""

from __future__ import annotations

import json
import math
import random
import time
from typing import Any

import pytest

from kiosk.samples import sample_signature_strokes
from kiosk.signature import (
    GRID,
    MAX_ENCODED_BYTES,
    MAX_POINTS,
    MAX_STROKES,
    NOT_READ,
    SIGN_IN_BOX,
    TOO_SHORT,
    Signature,
    SignatureRefused,
)


def sample() -> Signature:
    strokes, w, h = sample_signature_strokes()
    return Signature.from_pad(strokes, w, h)


def test_a_signature_is_kept_on_a_grid_whatever_the_screen() -> None:
    strokes, w, h = sample_signature_strokes()
    small = Signature.from_pad(strokes, w, h)
    large = Signature.from_pad(
        [[(x * 2.5, y * 2.5) for x, y in s] for s in strokes], w * 2.5, h * 2.5
    )
    assert (small.width, small.height) == (GRID, 333)
    assert (large.width, large.height) == (small.width, small.height)
    assert len(large.strokes) == len(small.strokes)
    for a, b in zip(small.strokes, large.strokes, strict=True):  # the same to a grid unit
        assert abs(len(a) - len(b)) <= len(a) // 10
        assert all(min(math.dist(p, q) for q in b) <= 2 for p in a)
    assert all(
        0 <= x <= small.width and 0 <= y <= small.height for s in small.strokes for x, y in s
    )


def test_qml_points_as_mappings_are_taken_too() -> None:
    strokes, w, h = sample_signature_strokes()
    as_maps = [[{"x": x, "y": y} for x, y in s] for s in strokes]
    assert Signature.from_pad(as_maps, w, h) == sample()


def test_points_with_x_and_y_methods_as_qt_hands_them_over() -> None:
    class Point:  # QPointF's shape
        def __init__(self, x: float, y: float) -> None:
            self._x, self._y = x, y

        def x(self) -> float:
            return self._x

        def y(self) -> float:
            return self._y

    strokes, w, h = sample_signature_strokes()
    assert Signature.from_pad([[Point(x, y) for x, y in s] for s in strokes], w, h) == sample()


def test_the_stored_form_comes_back_the_same() -> None:
    signature = sample()
    stored = json.loads(json.dumps(signature.to_dict()))
    assert Signature.from_dict(stored) == signature


@pytest.mark.parametrize(
    ("strokes", "message"),
    [
        ([], SIGN_IN_BOX),
        ([[]], SIGN_IN_BOX),
        ([[(100, 100)]], TOO_SHORT),  # a tap
        ([[(100, 100), (101, 101)], [(300, 50)]], TOO_SHORT),  # taps
        ([[(100, 100), (130, 100)]], TOO_SHORT),  # a short dash
        ([[(100, 100), (110, 105), (100, 100), (110, 105)] * 20], TOO_SHORT),  # scribble in place
    ],
    ids=["nothing", "empty-stroke", "tap", "taps", "dash", "scribble-in-place"],
)
def test_what_is_no_signature_is_refused_with_words_to_show(
    strokes: list[Any], message: object
) -> None:
    with pytest.raises(SignatureRefused) as refused:
        Signature.from_pad(strokes, 600, 200)
    assert refused.value.message == message
    assert refused.value.message.zh.startswith(("请在框内", "签名太短"))
    assert "finger" in refused.value.message.en


LINE = [(50.0 + i * 5, 100.0) for i in range(80)]


@pytest.mark.parametrize(
    ("strokes", "width", "height"),
    [
        ([LINE], 0, 200),
        ([LINE], 600, float("nan")),
        ([LINE], True, 200),
        ([LINE], "600", 200),
        ([LINE], 1e9, 200),
        ([LINE], 6000, 200),  # 30:1, no pad is that shape
        ("not strokes", 600, 200),
        ([LINE, "abc"], 600, 200),
        ([[(1, 2, 3), *LINE]], 600, 200),
        ([[(float("inf"), 2), *LINE]], 600, 200),
        ([[(True, 2), *LINE]], 600, 200),
        ([[{"x": 1}, *LINE]], 600, 200),
        ([LINE] * (MAX_STROKES + 1), 600, 200),
        ([LINE * (MAX_POINTS // len(LINE) + 1)], 600, 200),
    ],
)
def test_malformed_or_oversized_input_is_refused(strokes: Any, width: Any, height: Any) -> None:
    with pytest.raises(SignatureRefused) as refused:
        Signature.from_pad(strokes, width, height)
    assert refused.value.message == NOT_READ


def test_points_just_off_the_pad_are_clamped_far_ones_dropped() -> None:
    signature = Signature.from_pad([[(-10, 100), *LINE, (610, 100), (5000, 5000)]], 600, 200)
    xs = [x for s in signature.strokes for x, _ in s]
    assert min(xs) == 0 and max(xs) == GRID
    assert all(y <= signature.height for s in signature.strokes for _, y in s)


def test_the_most_a_pad_may_hand_over_fits_the_event_and_takes_little_time() -> None:
    rng = random.Random(11)
    strokes = [
        [(rng.uniform(0, 600), rng.uniform(0, 200)) for _ in range(MAX_POINTS // MAX_STROKES)]
        for _ in range(MAX_STROKES)
    ]
    start = time.perf_counter()
    signature = Signature.from_pad(strokes, 600, 200)
    assert time.perf_counter() - start < 2.0  # bounded work (about 0.1 s here)
    assert len(json.dumps(signature.to_dict(), separators=(",", ":"))) <= MAX_ENCODED_BYTES
    assert len(signature.strokes) == MAX_STROKES  # thinned, never a stroke dropped


@pytest.mark.parametrize(
    "stored",
    [
        {},
        {"w": 1000, "h": 333},
        {"w": 1000, "h": 333, "strokes": [[1, 2, 3]]},
        {"w": 1000, "h": 333, "strokes": [[1, 2000]]},
        {"w": 999, "h": 333, "strokes": [[1, 2]]},
        {"w": 1000, "h": 333, "strokes": [["1", 2]]},
        {"w": 1000, "h": True, "strokes": [[1, 2]]},
        {"w": 1000, "h": 333, "strokes": [[1, 2]] * (MAX_STROKES + 1)},
    ],
)
def test_a_stored_form_that_is_not_one_is_refused(stored: dict[str, Any]) -> None:
    with pytest.raises(SignatureRefused):
        Signature.from_dict(stored)


def test_its_repr_shows_no_points() -> None:
    signature = sample()
    assert repr(signature) == f"Signature(4 strokes, {signature.points} points)"


def test_it_draws_as_black_ink_on_white_fitted_to_the_box() -> None:
    signature = sample()
    image = signature.image(600, 200)
    assert image.size == (600, 200) and image.mode == "L"
    histogram = image.histogram()
    ink = sum(histogram[:64])
    assert histogram[255] > 600 * 200 * 0.6  # mostly white paper
    assert 600 * 200 * 0.03 < ink < 600 * 200 * 0.4  # and real strokes
    box = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None and box[0] < 40 and box[2] > 560  # the ink spans the box
    thermal = signature.image(300, 100, mode="1")
    assert thermal.mode == "1" and thermal.size == (300, 100)
    assert signature.png(300, 100).startswith(b"\x89PNG")


def test_the_ink_rule_measures_the_normalised_pad() -> None:
    """A stroke across a fifth of the pad is a signature whatever the pad's size."""
    for width in (300.0, 1200.0):
        line = [(width * 0.1 + i * width * 0.2 / 20, width / 6) for i in range(21)]
        Signature.from_pad([line], width, width / 3)
