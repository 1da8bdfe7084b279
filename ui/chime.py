"""The soft chime played when the attendant is called, made once as a small WAV file."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050


def chime_file(folder: Path) -> Path:
    """Two soft bell tones (E6 then C6), fading out; written once into `folder`."""
    path = folder / "chime.wav"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    for freq, length in ((1318.5, 0.35), (1046.5, 0.6)):
        n = int(RATE * length)
        for i in range(n):
            fade = math.exp(-5.0 * i / n)
            sample = 0.25 * fade * math.sin(2 * math.pi * freq * i / RATE)
            frames += struct.pack("<h", int(sample * 32767))
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    tmp.replace(path)
    return path
