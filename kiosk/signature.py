"""The applicant's signature on the 容缺 commitment: finger strokes on the screen's pad.

The touch screen hands over what the finger drew: a list of strokes, each a list of
(x, y) points in the pad's own coordinates, and the pad's width and height. That is
hostile input like any other (a stuck touch panel, a test that taps at random), so
`Signature.from_pad` checks it once, where it enters, with bounded work:

- at most `MAX_STROKES` strokes and `MAX_POINTS` points in all, coordinates finite
  numbers (a point a little outside the pad, where the finger slid off, is clamped);
- enough ink to be a signature, not a stray tap: the strokes' length and extent, measured
  on the normalised pad (`MIN_INK`, `MIN_EXTENT`); else `SignatureRefused` with a
  bilingual message to show ("请在框内用手指签名").

It is normalised so that its size does not depend on the screen: the pad's longer side
becomes `GRID` units and every point an integer on that grid (the aspect is kept), and
points closer than a unit or two to the one before are dropped, more of them if needed,
until the signature fits `MAX_ENCODED_BYTES` as JSON: it travels in the
`commitment.accepted` event, whose payload limit (kiosk.protocol.limits.SMALL) every
server version shares. `to_dict` / `from_dict` are its stored and sent form; `image`
draws it (black ink on white) for the commitment PDF and the thermal slip.

A signature is personal data: its repr shows only counts, and nothing here keeps a copy
(no cache); the journey holding it drops it on the wipe.
"""

from __future__ import annotations

import io
import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.i18n import Text, text

GRID = 1000  # units on the pad's longer side
MAX_STROKES = 64
MAX_POINTS = 8000  # points handed over in all strokes together
MAX_PAD = 10_000.0  # the pad's width and height, in its own units (pixels)
MIN_PAD = 20.0
MAX_ASPECT = 8.0  # the pad's longer side over its shorter
MIN_INK = 120  # grid units of stroke length (12 % of the pad's longer side)
MIN_EXTENT = 60  # grid units the ink spans, across or down
MAX_ENCODED_BYTES = 12 * 1024  # the JSON of `to_dict`, within the event's 16 KiB
_SLACK = 0.05  # how far outside the pad (in pad sizes) a point is still clamped in

SIGN_IN_BOX = text("请在框内用手指签名。", "Please sign in the box with your finger.")
TOO_SHORT = text(
    "签名太短，请在框内用手指写下您的姓名。",
    "That is too short for a signature: write your name in the box with your finger.",
)
NOT_READ = text(
    "未能读取签名，请点“重签”后重新签名。",
    "The signature could not be read: tap “Sign again” and sign once more.",
)


class SignatureRefused(ValueError):
    """What was drawn is not a signature; `message` says what to do (both languages)."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(code)
        self.code = code  # "empty", "too_short", "malformed", "too_large"
        self.message = message


Point = tuple[int, int]


@dataclass(frozen=True, repr=False)
class Signature:
    """A checked, normalised signature: strokes of integer points on a `width` x `height`
    grid (the longer side `GRID`), in the order drawn."""

    width: int
    height: int
    strokes: tuple[tuple[Point, ...], ...]

    def __repr__(self) -> str:  # never the points: a signature is personal data
        return f"Signature({len(self.strokes)} strokes, {self.points} points)"

    @property
    def points(self) -> int:
        return sum(len(s) for s in self.strokes)

    # -- where it enters -------------------------------------------------------------------

    @classmethod
    def from_pad(cls, strokes: object, width: object, height: object) -> Signature:
        """The signature drawn on a pad `width` x `height`; SignatureRefused if it is none.

        `strokes`: a sequence of strokes, each a sequence of (x, y) pairs (lists, tuples,
        {"x", "y"} mappings or points with x() and y(), as QML hands them over).
        """
        w, h = _dimension(width), _dimension(height)
        if max(w, h) / min(w, h) > MAX_ASPECT:
            raise SignatureRefused("malformed", NOT_READ)
        scale = GRID / max(w, h)
        box_w, box_h = max(1, round(w * scale)), max(1, round(h * scale))
        if not isinstance(strokes, Sequence) or isinstance(strokes, str | bytes):
            raise SignatureRefused("malformed", NOT_READ)
        if len(strokes) > MAX_STROKES:
            raise SignatureRefused("too_large", NOT_READ)
        total = 0
        normalised: list[list[Point]] = []
        for stroke in strokes:
            if not isinstance(stroke, Sequence) or isinstance(stroke, str | bytes):
                raise SignatureRefused("malformed", NOT_READ)
            total += len(stroke)
            if total > MAX_POINTS:
                raise SignatureRefused("too_large", NOT_READ)
            points: list[Point] = []
            for raw in stroke:
                x, y = _point(raw)
                if not (
                    -_SLACK * w <= x <= (1 + _SLACK) * w and -_SLACK * h <= y <= (1 + _SLACK) * h
                ):
                    continue  # far off the pad: not where the finger signed
                point = (_clamp(round(x * scale), box_w), _clamp(round(y * scale), box_h))
                if not points or points[-1] != point:
                    points.append(point)
            if points:
                normalised.append(points)
        signature = cls(box_w, box_h, tuple(tuple(s) for s in normalised))
        signature._check_ink()
        return signature._fitted()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Signature:
        """The stored or sent form back (checked again: a store or a server hands it)."""
        try:
            w, h, strokes = data["w"], data["h"], data["strokes"]
        except (KeyError, TypeError):
            raise SignatureRefused("malformed", NOT_READ) from None
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (w, h)):
            raise SignatureRefused("malformed", NOT_READ)
        if not (1 <= w <= GRID and 1 <= h <= GRID and max(w, h) == GRID):
            raise SignatureRefused("malformed", NOT_READ)
        if not isinstance(strokes, list) or len(strokes) > MAX_STROKES:
            raise SignatureRefused("malformed", NOT_READ)
        out: list[tuple[Point, ...]] = []
        total = 0
        for flat in strokes:
            if not isinstance(flat, list) or len(flat) % 2 or not flat:
                raise SignatureRefused("malformed", NOT_READ)
            total += len(flat) // 2
            if total > MAX_POINTS:
                raise SignatureRefused("too_large", NOT_READ)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in flat):
                raise SignatureRefused("malformed", NOT_READ)
            xs, ys = flat[0::2], flat[1::2]
            if min(xs) < 0 or max(xs) > w or min(ys) < 0 or max(ys) > h:
                raise SignatureRefused("malformed", NOT_READ)
            out.append(tuple(zip(xs, ys, strict=True)))
        return cls(w, h, tuple(out))

    def to_dict(self) -> dict[str, Any]:
        """The stored and sent form: {"w", "h", "strokes": [[x0, y0, x1, y1, …], …]}."""
        return {
            "w": self.width,
            "h": self.height,
            "strokes": [[v for p in stroke for v in p] for stroke in self.strokes],
        }

    # -- checks ------------------------------------------------------------------------------

    def _check_ink(self) -> None:
        if not self.strokes:
            raise SignatureRefused("empty", SIGN_IN_BOX)
        length = sum(
            math.dist(a, b) for stroke in self.strokes for a, b in itertools.pairwise(stroke)
        )
        xs = [x for s in self.strokes for x, _ in s]
        ys = [y for s in self.strokes for _, y in s]
        extent = max(max(xs) - min(xs), max(ys) - min(ys))
        if length < MIN_INK or extent < MIN_EXTENT:
            raise SignatureRefused("too_short", TOO_SHORT)

    def _fitted(self) -> Signature:
        """Fewer points (each at least `tolerance` grid units from the one kept before it,
        a stroke's ends always kept) until the JSON fits MAX_ENCODED_BYTES; bounded: the
        tolerance doubles, and at 64 units even MAX_POINTS of them fit."""
        tolerance = 1.5
        current = _thinned(self, tolerance)
        while _encoded_size(current) > MAX_ENCODED_BYTES and tolerance < GRID:
            tolerance *= 2
            current = _thinned(self, tolerance)
        if _encoded_size(current) > MAX_ENCODED_BYTES:
            raise SignatureRefused("too_large", NOT_READ)
        return current

    # -- drawing -----------------------------------------------------------------------------

    def ink_box(self) -> tuple[int, int, int, int]:
        """The ink's bounds on the grid: (left, top, right, bottom)."""
        xs = [x for s in self.strokes for x, _ in s]
        ys = [y for s in self.strokes for _, y in s]
        return min(xs), min(ys), max(xs), max(ys)

    def image(self, width: int, height: int, *, ink: float = 0.012, mode: str = "L") -> Any:
        """The ink fitted into `width` x `height` pixels (aspect kept, centred), black on
        white, strokes `ink` of the longer side thick (at least 2 pixels), as a Pillow image
        ("L": anti-aliased, drawn 3x larger and reduced; "1": for a thermal printer)."""
        from PIL import Image, ImageDraw

        left, top, right, bottom = self.ink_box()
        span_w, span_h = max(right - left, 1), max(bottom - top, 1)
        big = 3 if mode == "L" else 1
        W, H = width * big, height * big
        thick = max(2 * big, round(ink * max(W, H)))
        room_w, room_h = max(W - 2 * thick, 1), max(H - 2 * thick, 1)
        scale = min(room_w / span_w, room_h / span_h)
        off_x = (W - span_w * scale) / 2 - left * scale
        off_y = (H - span_h * scale) / 2 - top * scale
        canvas = Image.new("L", (W, H), 255)
        draw = ImageDraw.Draw(canvas)
        r = thick / 2
        for stroke in self.strokes:
            pts = [(x * scale + off_x, y * scale + off_y) for x, y in stroke]
            if len(pts) > 1:
                draw.line(pts, fill=0, width=thick, joint="curve")
            for px, py in (pts[0], pts[-1]) if len(pts) > 1 else pts:  # round ends, dots
                draw.ellipse((px - r, py - r, px + r, py + r), fill=0)
        if mode == "1":
            return canvas.point(lambda v: 255 if v >= 128 else 0).convert("1")
        return canvas.resize((width, height), Image.Resampling.LANCZOS)

    def png(self, width: int, height: int) -> bytes:
        """`image` as PNG bytes (anti-aliased greyscale)."""
        buffer = io.BytesIO()
        self.image(width, height).save(buffer, format="PNG")
        return buffer.getvalue()


def _dimension(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SignatureRefused("malformed", NOT_READ)
    number = float(value)
    if not math.isfinite(number) or not MIN_PAD <= number <= MAX_PAD:
        raise SignatureRefused("malformed", NOT_READ)
    return number


def _coordinate(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SignatureRefused("malformed", NOT_READ)
    number = float(value)
    if not math.isfinite(number):
        raise SignatureRefused("malformed", NOT_READ)
    return number


def _point(raw: object) -> tuple[float, float]:
    if isinstance(raw, Mapping):
        return _coordinate(raw.get("x")), _coordinate(raw.get("y"))
    if isinstance(raw, Sequence) and not isinstance(raw, str | bytes) and len(raw) == 2:
        return _coordinate(raw[0]), _coordinate(raw[1])
    x, y = getattr(raw, "x", None), getattr(raw, "y", None)
    if callable(x) and callable(y):  # a QPointF, without importing Qt here
        return _coordinate(x()), _coordinate(y())
    raise SignatureRefused("malformed", NOT_READ)


def _clamp(value: int, top: int) -> int:
    return min(max(value, 0), top)


def _thinned(signature: Signature, tolerance: float) -> Signature:
    strokes: list[tuple[Point, ...]] = []
    for stroke in signature.strokes:
        kept = [stroke[0]]
        for point in stroke[1:-1]:
            if math.dist(point, kept[-1]) >= tolerance:
                kept.append(point)
        if len(stroke) > 1 and stroke[-1] != kept[-1]:
            kept.append(stroke[-1])
        strokes.append(tuple(kept))
    return Signature(signature.width, signature.height, tuple(strokes))


def _encoded_size(signature: Signature) -> int:
    return len(json.dumps(signature.to_dict(), separators=(",", ":")))
