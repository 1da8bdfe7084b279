"""Finding the CJK TrueType font that tickets and A4 documents are drawn with.

reportlab embeds only fonts with TrueType (glyf) outlines; CFF-flavoured OpenType fonts
such as Noto Sans CJK fail, and a PDF that leaned on the viewer's fonts would print boxes.
So every candidate is loaded with reportlab and its cmap is checked for Chinese glyphs
before it is used. The font comes from the config (``font_path``), else from fontconfig
(WenQuanYi Micro Hei first), else from a few well-known file locations. A bundle
(kiosk.spec) carries its own font in ``resources/fonts``, tried before fontconfig, so that
a terminal's tickets and screens never depend on the system's fonts. When nothing
usable is found, :class:`FontNotFound` says so in both languages and names what was tried,
so the kiosk can refuse to start instead of writing broken PDFs. Imports no Qt.

Checking takes about 100 ms (fontconfig, then reportlab parsing the font), on the kiosk's
path to its first frame: `find_cjk_font(remember=FILE)` keeps the verdict in a small JSON
file and trusts it while the font file keeps its size and modification time. reportlab and
Pillow are imported only when a font is parsed.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
import subprocess
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.i18n import Text, text

if TYPE_CHECKING:
    from PIL import ImageFont
    from reportlab.pdfbase.ttfonts import TTFont

# Characters every candidate must draw: the words of the documents' own headings.
PROBE_TEXT = "政务服务申报确认单一次性告知容缺受理承诺书"
PREFERRED_FAMILY = "WenQuanYi Micro Hei"
FONTCONFIG_TIMEOUT_S = 10.0
# Where common CJK TrueType fonts live when fontconfig is absent (e.g. on Windows).
KNOWN_FONT_FILES: tuple[Path, ...] = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("C:/Windows/Fonts/msyh.ttc"),
    Path("C:/Windows/Fonts/simsun.ttc"),
)
_TRUETYPE_SUFFIXES = (".ttf", ".ttc")
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CjkFont:
    """A usable CJK TrueType font: its file, the face inside a .ttc, and its family."""

    path: Path
    subfont_index: int
    family: str


class FontNotFound(Exception):
    """No usable CJK TrueType font; ``message`` is bilingual, ``tried`` lists each attempt."""

    def __init__(self, message: Text, tried: list[str]) -> None:
        self.message = message
        self.tried = list(tried)
        super().__init__(f"{message.zh}\n{message.en}")


class _Rejected(Exception):
    """A candidate that cannot be used, with the reason in both languages."""

    def __init__(self, zh: str, en: str, *, no_glyphs: bool = False) -> None:
        self.reason = text(zh, en)
        self.no_glyphs = no_glyphs
        super().__init__(en)


@lru_cache(maxsize=8)
def _load(path: Path, subfont_index: int) -> TTFont:
    """reportlab's TrueType font for a face, under a name unique to the file and face."""
    from reportlab.pdfbase.ttfonts import TTFont

    digest = hashlib.sha1(str(path).encode(), usedforsecurity=False).hexdigest()[:8]
    name = f"CJK-{path.stem}-{subfont_index}-{digest}"
    return TTFont(name, str(path), subfontIndex=subfont_index)


def check_font(path: Path, subfont_index: int = 0) -> CjkFont:
    """The font at `path` if reportlab can embed it and it draws Chinese; else _Rejected."""
    from reportlab.pdfbase.ttfonts import TTFError

    if not path.is_file():
        raise _Rejected("文件不存在", "file does not exist")
    try:
        face = _load(path, subfont_index).face
    except TTFError as exc:
        if "postscript outlines" in str(exc):
            raise _Rejected(
                "不是 TrueType 轮廓字体（CFF/OTF 字体无法嵌入 PDF）",
                "no TrueType outlines (CFF/OTF fonts cannot be embedded in PDFs)",
            ) from None
        raise _Rejected("不是可用的 TrueType 字体文件", f"not a TrueType font ({exc})") from None
    except (OSError, ValueError, IndexError, KeyError, struct.error) as exc:
        raise _Rejected("无法读取字体文件", f"cannot read the font ({exc})") from None
    missing = [c for c in PROBE_TEXT if ord(c) not in face.charToGlyph]
    if missing:
        shown = "".join(missing[:6])
        raise _Rejected(
            f"缺少中文字形（如“{shown}”）", f"no Chinese glyphs (e.g. {shown})", no_glyphs=True
        )
    family = face.familyName.decode("utf-8", "replace") if face.familyName else path.stem
    return CjkFont(path, subfont_index, family)


def _run_fontconfig(args: list[str]) -> str:
    """The output of a fontconfig command; empty when fontconfig is missing or stuck."""
    try:
        out = subprocess.run(
            args, capture_output=True, text=True, timeout=FONTCONFIG_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return out.stdout if out.returncode == 0 else ""


def fontconfig_candidates() -> list[tuple[Path, int, str]]:
    """Chinese TrueType faces fontconfig knows: (file, index, family), best first."""
    fmt = "%{file}\t%{index}\t%{family}\n"
    listing = _run_fontconfig(["fc-list", "-f", fmt, ":lang=zh"])
    listing += _run_fontconfig(["fc-match", "-f", fmt, "sans-serif:lang=zh"])
    found: list[tuple[Path, int, str]] = []
    for line in listing.splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[0].lower().endswith(_TRUETYPE_SUFFIXES):
            continue
        entry = (Path(parts[0]), int(parts[1]) if parts[1].isdigit() else 0, parts[2])
        if entry not in found:
            found.append(entry)
    # Stable sort: WenQuanYi Micro Hei (not its Mono face) first, then fontconfig's order.
    return sorted(found, key=lambda e: PREFERRED_FAMILY not in e[2].split(","))


_found: dict[Path | None, CjkFont] = {}
_lock = threading.Lock()


def find_cjk_font(configured: Path | None = None, *, remember: Path | None = None) -> CjkFont:
    """The configured font if usable, else one found on the system; FontNotFound otherwise.

    With `remember`, a verdict kept there from an earlier start is used while the font
    file is unchanged, and a new verdict is written there.
    """
    key = Path(configured) if configured is not None else None
    with _lock:
        if key in _found:
            return _found[key]
    font = _remembered(remember, key) if remember is not None else None
    if font is None:
        font = _configured_font(key) if key is not None else _discover()
        if remember is not None:
            _remember(remember, key, font)
    with _lock:
        _found[key] = font
    return font


def _stamp(path: Path) -> list[int]:
    st = path.stat()
    return [st.st_size, st.st_mtime_ns]


def _remembered(file: Path, configured: Path | None) -> CjkFont | None:
    """The font kept in `file` for `configured`, if its file is unchanged; else None."""
    try:
        kept: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
        if kept.get("configured") != (str(configured) if configured else None):
            return None
        font = CjkFont(Path(kept["path"]), int(kept["index"]), str(kept["family"]))
        if _stamp(font.path) != kept["stamp"]:
            return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # none kept, or unreadable: check again
    return font


def _remember(file: Path, configured: Path | None, font: CjkFont) -> None:
    kept = {
        "configured": str(configured) if configured else None,
        "path": str(font.path),
        "index": font.subfont_index,
        "family": font.family,
        "stamp": _stamp(font.path),
    }
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        part = file.with_name(file.name + ".part")
        part.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
        os.replace(part, file)
    except OSError as error:  # only start-up time is lost
        log.warning("cannot keep the checked font in %s: %s", file, error)


def clear_font_cache() -> None:
    """Forget earlier results (after fonts were installed, and between tests)."""
    with _lock:
        _found.clear()


def _configured_font(path: Path) -> CjkFont:
    try:
        return check_font(path, 0)
    except _Rejected as exc:
        reason, no_glyphs = exc.reason, exc.no_glyphs
    tried = [f"{path}: {reason.en}"]
    if no_glyphs:  # another face of a collection may draw Chinese
        for index in range(1, _subfont_count(path)):
            try:
                return check_font(path, index)
            except _Rejected as exc:
                tried.append(f"{path}#{index}: {exc.reason.en}")
    raise FontNotFound(
        text(
            f"配置的字体 {path} 无法使用：{reason.zh}。"
            "请在配置文件中将 font_path 设为中文 TrueType 字体（.ttf/.ttc），"
            "或安装 fonts-wqy-microhei 后删除该设置。",
            f"The configured font {path} cannot be used: {reason.en}. "
            "Set font_path to a Chinese TrueType font (.ttf/.ttc), or install "
            "fonts-wqy-microhei and remove the setting.",
        ),
        tried,
    )


def _subfont_count(path: Path) -> int:
    try:
        with path.open("rb") as f:
            header = f.read(12)
    except OSError:
        return 1
    return int.from_bytes(header[8:12], "big") if header[:4] == b"ttcf" else 1


def bundled_fonts() -> list[Path]:
    """The fonts a bundle carries (``resources/fonts``; none in a checkout)."""
    from kiosk.resources import resource_root

    try:
        folder = resource_root() / "fonts"
    except FileNotFoundError:
        return []
    return sorted(p for p in folder.glob("*") if p.suffix.lower() in _TRUETYPE_SUFFIXES)


def _discover() -> CjkFont:
    tried: list[str] = []
    bundled = [(p, 0, p.stem) for p in bundled_fonts()]
    candidates = bundled + fontconfig_candidates()
    if len(candidates) == len(bundled):
        tried.append("fontconfig (fc-list :lang=zh): no Chinese font listed")
    candidates += [(p, 0, p.stem) for p in KNOWN_FONT_FILES if p.is_file()]
    for path, index, _family in candidates:
        try:
            return check_font(path, index)
        except _Rejected as exc:
            tried.append(f"{path}#{index}: {exc.reason.en}")
    listed = "; ".join(tried)
    raise FontNotFound(
        text(
            f"未找到可用的中文 TrueType 字体（已尝试：{listed}）。"
            "请安装 fonts-wqy-microhei，或在配置文件中设置 font_path。",
            f"No Chinese TrueType font found (tried: {listed}): install fonts-wqy-microhei "
            "or set font_path in the config file to a Chinese .ttf/.ttc font.",
        ),
        tried,
    )


_registered: dict[CjkFont, str] = {}


def register_reportlab_font(font: CjkFont) -> str:
    """Register `font` with reportlab once; return its reportlab font name."""
    from reportlab.pdfbase import pdfmetrics

    with _lock:
        name = _registered.get(font)
        if name is None:
            ttf = _load(font.path, font.subfont_index)
            name = ttf.fontName
            pdfmetrics.registerFont(ttf)
            # Map bold and italic to the same face, so <b> in markup never fails.
            pdfmetrics.registerFontFamily(
                name, normal=name, bold=name, italic=name, boldItalic=name
            )
            _registered[font] = name
    return name


@lru_cache(maxsize=64)
def pillow_font(font: CjkFont, size: int) -> ImageFont.FreeTypeFont:
    """The font as a Pillow font of `size` pixels (cached)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(font.path), size, index=font.subfont_index)
