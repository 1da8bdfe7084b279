from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from printer import fonts
from printer.fonts import (
    CjkFont,
    FontNotFound,
    clear_font_cache,
    find_cjk_font,
    fontconfig_candidates,
    pillow_font,
    register_reportlab_font,
)

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

needs_wqy = pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei not installed")


@pytest.fixture(autouse=True)
def fresh_cache() -> Iterator[None]:
    clear_font_cache()
    yield
    clear_font_cache()


@pytest.fixture
def no_system_fonts(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """fontconfig lists nothing and no well-known font file exists; records the calls."""
    calls: list[list[str]] = []

    def silent(args: list[str]) -> str:
        calls.append(args)
        return ""

    monkeypatch.setattr(fonts, "_run_fontconfig", silent)
    monkeypatch.setattr(fonts, "KNOWN_FONT_FILES", ())
    return calls


def fake_otf(path: Path) -> Path:
    """An OpenType font header with CFF outlines ("OTTO"), as Noto Sans CJK has."""
    path.write_bytes(b"OTTO" + struct.pack(">HHHH", 1, 16, 0, 0) + b"CFF " + bytes(76))
    return path


@needs_wqy
def test_fontconfig_finds_wenquanyi_micro_hei() -> None:
    font = find_cjk_font()
    assert font == CjkFont(WQY, 0, "WenQuanYi Micro Hei")
    path, index, family = fontconfig_candidates()[0]
    assert (path, index) == (WQY, 0) and "WenQuanYi Micro Hei" in family


@needs_wqy
def test_a_kept_verdict_spares_the_check_until_the_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "hall-font.ttc"
    shutil.copyfile(WQY, copy)
    kept = tmp_path / "cache" / "cjk-font.json"
    font = find_cjk_font(copy, remember=kept)
    assert kept.is_file()
    clear_font_cache()  # a new process
    checked: list[Path] = []
    real_check = fonts.check_font
    monkeypatch.setattr(fonts, "check_font", lambda p, i=0: checked.append(p) or real_check(p, i))
    assert find_cjk_font(copy, remember=kept) == font
    assert checked == []  # trusted: the file is unchanged
    clear_font_cache()
    assert find_cjk_font(remember=kept) is not None  # another setting: checked afresh
    assert checked
    checked.clear()
    clear_font_cache()
    with copy.open("ab") as f:  # the font file was replaced: check it again
        f.write(b"\0")
    find_cjk_font(copy, remember=kept)
    assert checked == [copy]


def test_an_unreadable_verdict_means_a_fresh_check(
    tmp_path: Path, no_system_fonts: list[list[str]]
) -> None:
    kept = tmp_path / "cjk-font.json"
    kept.write_text('{"configured": null, "path": 3', encoding="utf-8")
    with pytest.raises(FontNotFound):
        find_cjk_font(remember=kept)
    assert no_system_fonts  # fontconfig was asked


@needs_wqy
def test_configured_path_wins(tmp_path: Path, no_system_fonts: list[list[str]]) -> None:
    copy = tmp_path / "hall-font.ttc"
    shutil.copyfile(WQY, copy)
    font = find_cjk_font(copy)
    assert font.path == copy and font.subfont_index == 0
    assert font.family == "WenQuanYi Micro Hei"
    assert no_system_fonts == []  # the system was not even asked


@needs_wqy
def test_results_are_cached_per_configured_path(monkeypatch: pytest.MonkeyPatch) -> None:
    first = find_cjk_font()
    monkeypatch.setattr(fonts, "_run_fontconfig", lambda args: pytest.fail("not cached"))
    assert find_cjk_font() is first
    clear_font_cache()
    monkeypatch.setattr(fonts, "_run_fontconfig", lambda args: "")
    assert find_cjk_font(WQY) == first  # a configured path is its own cache entry


def test_missing_configured_path_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nope.ttf"
    with pytest.raises(FontNotFound) as info:
        find_cjk_font(missing)
    message = info.value.message
    assert str(missing) in message.zh and str(missing) in message.en
    assert "文件不存在" in message.zh and "does not exist" in message.en
    assert "font_path" in message.en and "font_path" in message.zh


def test_cff_opentype_font_is_refused(tmp_path: Path) -> None:
    otf = fake_otf(tmp_path / "NotoSansCJKsc-Regular.otf")
    with pytest.raises(FontNotFound) as info:
        find_cjk_font(otf)
    message = info.value.message
    assert "CFF/OTF" in message.zh and "no TrueType outlines" in message.en
    assert str(otf) in str(info.value)
    assert info.value.tried == [
        f"{otf}: no TrueType outlines (CFF/OTF fonts cannot be embedded in PDFs)"
    ]


def test_non_font_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "font.ttf"
    junk.write_text("this is not a font\n")
    with pytest.raises(FontNotFound) as info:
        find_cjk_font(junk)
    assert "不是可用的 TrueType 字体文件" in info.value.message.zh
    assert "not a TrueType font" in info.value.message.en


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
def test_font_without_chinese_glyphs_is_refused() -> None:
    with pytest.raises(FontNotFound) as info:
        find_cjk_font(DEJAVU)
    assert "缺少中文字形" in info.value.message.zh
    assert "no Chinese glyphs" in info.value.message.en


def test_nothing_usable_raises_font_not_found(no_system_fonts: list[list[str]]) -> None:
    with pytest.raises(FontNotFound) as info:
        find_cjk_font()
    message = info.value.message
    assert message.zh.startswith("未找到可用的中文 TrueType 字体")
    assert message.en.startswith("No Chinese TrueType font found")
    assert "fonts-wqy-microhei" in message.en and "font_path" in message.en
    assert "fontconfig" in message.en  # names what was tried
    assert ["fc-list", "-f", "%{file}\t%{index}\t%{family}\n", ":lang=zh"] in no_system_fonts


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans not installed")
def test_unusable_candidates_are_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    otf = fake_otf(tmp_path / "cff.otf")
    listing = f"{DEJAVU}\t0\tDejaVu Sans\n{otf}\t0\tNoto Sans CJK SC\n"
    monkeypatch.setattr(fonts, "_run_fontconfig", lambda args: listing)
    monkeypatch.setattr(fonts, "KNOWN_FONT_FILES", (otf,))
    with pytest.raises(FontNotFound) as info:
        find_cjk_font()
    assert f"{DEJAVU}#0: no Chinese glyphs" in info.value.message.en
    assert f"{otf}#0: no TrueType outlines" in info.value.message.en  # the known-path try
    assert len(info.value.tried) == 2  # the .otf from fontconfig is not even tried


def test_fontconfig_missing_or_stuck_gives_no_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*args: object, **kwargs: object) -> None:
        raise FileNotFoundError("fc-list")

    monkeypatch.setattr(fonts.subprocess, "run", missing)
    assert fontconfig_candidates() == []


@needs_wqy
def test_register_reportlab_font_once() -> None:
    from reportlab.pdfbase import pdfmetrics

    font = find_cjk_font()
    name = register_reportlab_font(font)
    assert register_reportlab_font(font) == name
    assert pdfmetrics.getFont(name).face.charToGlyph[ord("政")]


@needs_wqy
def test_pillow_font_draws_chinese_and_is_cached() -> None:
    font = find_cjk_font()
    face = pillow_font(font, 24)
    assert pillow_font(font, 24) is face
    assert face.getmask("政务").getbbox() is not None

    def drawn(char: str) -> bytes:
        image = Image.new("L", (32, 32))
        ImageDraw.Draw(image).text((2, 2), char, font=face, fill=255)
        return image.tobytes()

    # Glyphs, not the .notdef box: two different characters draw differently.
    assert drawn("政") != drawn("务")
