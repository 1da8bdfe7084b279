"""Tests of the ESC/POS reader the ticket tests rely on.

Hand-built byte strings pin the printer behaviour the reader models; python-escpos's Dummy
printer pins the exact bytes the library emits for qr/image/cut/set, so the ticket renderer
can rely on the reader understanding them.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Iterator
from typing import Any

import pytest
import zxingcpp
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from printer.escpos_reader import (
    BitImage,
    Feed,
    MalformedCommand,
    StrictModeError,
    TextDecodeError,
    TruncatedCommand,
    UnknownCommand,
    read,
)

ESC_INIT = b"\x1b@"
CN_ON = b"\x1c&"
CN_OFF = b"\x1c."
QR_PRINT = b"\x1d(k\x03\x001Q0"

MIXED = "企业开办“一件事” Company start-up A07-012"
SYMBOLS = "￥0.00 · №3 — ①②③ 《》【】：；"
ENCODINGS = ["gb18030", "gbk"]


def qr_store(payload: bytes) -> bytes:
    size = len(payload) + 3
    return b"\x1d(k" + size.to_bytes(2, "little") + b"1P0" + payload


def gs_size(width: int, height: int) -> bytes:
    return b"\x1d!" + bytes([(width - 1) << 4 | (height - 1)])


# --- python-escpos, imported with its capabilities pickle in a pytest folder -------------


@pytest.fixture(scope="module")
def dummy_class(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """escpos.printer.Dummy; the first import writes its pickle in a pytest folder."""
    with pytest.MonkeyPatch.context() as mp:
        folder = tmp_path_factory.mktemp("escpos-capabilities")
        mp.setenv("ESCPOS_CAPABILITIES_PICKLE_DIR", str(folder))
        printer = importlib.import_module("escpos.printer")
    return printer.Dummy


@pytest.fixture
def dummy(dummy_class: Any) -> Iterator[Any]:
    printer = dummy_class()
    yield printer
    printer.close()


# --- text and encodings -----------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("text", ["企业开办", MIXED, SYMBOLS], ids=["hanzi", "mixed", "symbols"])
def test_chinese_text_decodes_per_line(encoding: str, text: str) -> None:
    data = ESC_INIT + CN_ON + text.encode(encoding) + b"\n" + b"Ref A07-012\n" + CN_OFF
    ticket = read(data, encoding, strict=True)
    assert ticket.text_lines() == [text, "Ref A07-012"]
    assert ticket.initialised
    assert [e.on for e in ticket.chinese_mode_events] == [True, False]
    assert ticket.problems == []


def test_gb18030_four_byte_character() -> None:
    text = "姓名：𠮷野家"  # U+20BB7 takes four bytes in GB18030 and does not exist in GBK
    data = CN_ON + text.encode("gb18030") + b"\n"
    assert read(data, "gb18030", strict=True).text_lines() == [text]
    with pytest.raises(TextDecodeError, match="gbk") as caught:
        read(data, "gbk")
    assert caught.value.offset == 2 + len("姓名：".encode("gb18030"))


def test_character_split_by_a_command_does_not_decode() -> None:
    hanzi = "企".encode("gbk")
    data = CN_ON + hanzi[:1] + b"\x1bE\x01" + hanzi[1:] + b"\n"
    with pytest.raises(TextDecodeError, match="offset 2 "):
        read(data, "gbk").text_lines()


def test_empty_lines_tab_and_carriage_return_are_kept_or_ignored() -> None:
    ticket = read(b"a\tb\r\n\n\nend\n", "gb18030", strict=True)
    assert ticket.text_lines() == ["a\tb", "", "", "end"]


def test_unterminated_text_is_a_problem() -> None:
    ticket = read(b"line\ntail", "gb18030")
    assert ticket.text_lines() == ["line", "tail"]
    assert [p.offset for p in ticket.problems] == [9]
    with pytest.raises(StrictModeError, match="not ended by LF"):
        read(b"line\ntail", "gb18030", strict=True)


def test_init_discards_pending_text() -> None:
    ticket = read(b"lost" + ESC_INIT + b"kept\n", "gb18030")
    assert ticket.text_lines() == ["kept"]
    assert "lost" in ticket.problems[0].message


# --- Chinese mode ---------------------------------------------------------------------------


def test_high_bytes_outside_chinese_mode_are_flagged() -> None:
    hanzi = "企业".encode("gbk")
    data = ESC_INIT + hanzi + b"\n" + CN_ON + hanzi + b"\n" + CN_OFF + b"OK " + hanzi + b"\n"
    ticket = read(data, "gbk")
    assert ticket.text_lines() == ["企业", "企业", "OK 企业"]
    assert [p.offset for p in ticket.problems] == [2, data.rindex(hanzi)]
    assert "FS &" in ticket.problems[0].message
    with pytest.raises(StrictModeError) as caught:
        read(data, "gbk", strict=True)
    assert caught.value.offset == 2


def test_init_restores_the_power_on_chinese_mode() -> None:
    data = CN_ON + ESC_INIT + "企业".encode("gbk") + b"\n"
    with pytest.raises(StrictModeError):
        read(data, "gbk", strict=True)
    assert read(data, "gbk", strict=True, chinese_mode=True).text_lines() == ["企业"]


def test_python_escpos_text_sends_hanzi_without_chinese_mode(dummy: Any) -> None:
    # Why the renderer encodes text itself: text() emits GBK bytes but never FS &,
    # and switches code pages (ESC t) for strings without Hanzi.
    dummy.text("企业\n")
    dummy.text("A07\n")
    assert dummy.output == "企业".encode("gbk") + b"\n\x1bt\x00A07\n"
    with pytest.raises(StrictModeError, match="outside Chinese mode"):
        read(dummy.output, "gbk", strict=True)


# --- styles -----------------------------------------------------------------------------------


def test_styles_and_alignment_are_tracked_per_line() -> None:
    data = (
        ESC_INIT
        + CN_ON
        + b"\x1ba\x01\x1bE\x01"
        + "政务服务中心".encode("gb18030")
        + b"\n\x1ba\x00\x1bE\x00\x1b-\x01"
        + b"underlined\n\x1b-\x00\x1ba\x02"
        + "右".encode("gb18030")
        + b"\n"
        + b"still right\n"
        + b"\x1b!\x88bold via ESC !\n"
        + ESC_INIT
        + b"reset\n"
    )
    lines = read(data, "gb18030").lines_with_style()
    got = [(x.text, x.align, x.bold, x.underline) for x in lines]
    assert got == [
        ("政务服务中心", "center", True, 0),
        ("underlined", "left", False, 1),
        ("右", "right", False, 0),
        ("still right", "right", False, 0),
        ("bold via ESC !", "right", True, 1),
        ("reset", "left", False, 0),
    ]


def test_alignment_applies_at_the_start_of_a_line_only() -> None:
    data = b"ab\x1ba\x01cd\nef\n"
    ticket = read(data, "gb18030")
    assert [(x.text, x.align) for x in ticket.lines_with_style()] == [
        ("abcd", "left"),
        ("ef", "center"),
    ]
    assert ticket.problems[0].offset == 2
    with pytest.raises(StrictModeError, match="ESC a"):
        read(data, "gb18030", strict=True)


def test_mixed_style_line_reports_what_holds_for_every_character() -> None:
    data = b"\x1bE\x01bold\x1bE\x00 plain\n"
    line = read(data, "gb18030").lines_with_style()[0]
    assert line.text == "bold plain"
    assert not line.bold
    assert [run.style.bold for run in line.runs] == [True, False]


@pytest.mark.parametrize(("width", "height"), [(1, 1), (2, 2), (3, 5), (4, 1), (8, 8)])
def test_gs_size_enlarges_latin_and_hanzi(width: int, height: int) -> None:
    data = CN_ON + gs_size(width, height) + "号".encode("gb18030") + b"A12\n" + gs_size(1, 1)
    data += b"small\n"
    lines = read(data, "gb18030", strict=True).lines_with_style()
    assert [(x.text, x.width, x.height) for x in lines] == [
        ("号A12", width, height),
        ("small", 1, 1),
    ]


def test_esc_bang_does_not_enlarge_hanzi_but_fs_bang_does() -> None:
    hanzi = "票号".encode("gb18030")
    data = CN_ON + b"\x1b!\x30" + hanzi + b"\n" + b"A12\n" + hanzi + b"A12\n"
    data += b"\x1b!\x00\x1c!\x0c" + hanzi + b"\n" + b"A12\n"
    lines = read(data, "gb18030", strict=True).lines_with_style()
    assert [(x.text, x.width, x.height) for x in lines] == [
        ("票号", 1, 1),
        ("A12", 2, 2),
        ("票号A12", 1, 1),  # the smallest size on the line
        ("票号", 2, 2),
        ("A12", 1, 1),
    ]


def test_gs_size_out_of_range_is_malformed() -> None:
    with pytest.raises(MalformedCommand, match="GS ! 0x80"):
        read(b"\x1d!\x80", "gb18030")


def test_python_escpos_set_and_set_with_default(dummy: Any) -> None:
    dummy.set(align="center", bold=True, custom_size=True, width=2, height=2)
    assert dummy.output == b"\x1d!\x11\x1bE\x01\x1ba\x01"
    dummy._raw(CN_ON + "号".encode("gb18030") + b"A12")
    dummy.ln()
    start = len(dummy.output)
    dummy.set_with_default()
    assert dummy.output[start:] == (
        b"\x1b!\x00" * 3  # TXT_NORMAL, then "normal" size (itself TXT_NORMAL + ESC ! 0)
        + b"\x1b{\x00\x1db\x00\x1bE\x00\x1b-\x00\x1bM\x00\x1ba\x00\x1dB\x00"
    )
    dummy._raw("窗口".encode("gb18030") + b"\n" + b"B3\n")
    lines = read(dummy.output, "gb18030", strict=True).lines_with_style()
    assert [(x.text, x.align, x.bold, x.width, x.height) for x in lines] == [
        ("号A12", "center", True, 2, 2),
        # set_with_default resets sizes with ESC !, which leaves Hanzi at the GS ! size:
        ("窗口", "left", False, 2, 2),
        ("B3", "left", False, 1, 1),
    ]


def test_python_escpos_ln(dummy: Any) -> None:
    dummy.ln()
    dummy.ln(2)
    assert dummy.output == b"\x1bt\x00\n\n\n"  # ESC t 0 once, when the code page is set
    assert read(dummy.output, "gbk", strict=True).text_lines() == ["", "", ""]


# --- native QR codes ----------------------------------------------------------------------


def test_python_escpos_native_qr_decodes_to_the_payload(dummy: Any) -> None:
    payload = "https://zw.example.cn/track?ref=A07-012&item=企业开办"
    dummy.qr(payload, native=True, size=6, ec=1)
    encoded = payload.encode("utf-8")
    assert dummy.output == (
        b"\x1d(k\x04\x001A2\x00"  # model 2
        + b"\x1d(k\x03\x001C\x06"  # module size 6
        + b"\x1d(k\x03\x001E1"  # error correction M
        + qr_store(encoded)
        + QR_PRINT
    )
    ticket = read(dummy.output, "gb18030", strict=True)
    assert ticket.qr_codes() == [payload]
    (qr,) = ticket.qr_symbols()
    assert (qr.module_size, qr.error_correction, qr.model, qr.data) == (6, "M", 2, encoded)


def test_qr_payload_with_every_byte_value_does_not_confuse_the_parser() -> None:
    payload = bytes(range(256)) * 3  # LF, ESC, GS, FS, DLE EOT... and a length over 255
    data = ESC_INIT + CN_ON + "参考号".encode("gb18030") + b"\n"
    data += qr_store(payload) + QR_PRINT + b"A07-012\n" + b"\x1dV\x00"
    ticket = read(data, "gb18030", strict=True)
    assert [qr.data for qr in ticket.qr_symbols()] == [payload]
    assert ticket.text_lines() == ["参考号", "A07-012"]
    assert ticket.cuts() == 1
    assert ticket.status_queries == []
    assert ticket.problems == []


@given(
    payload=st.binary(min_size=1, max_size=700),
    before=st.text(alphabet="企业A07-", max_size=10),
)
def test_any_qr_payload_round_trips(payload: bytes, before: str) -> None:
    data = CN_ON + before.encode("gbk") + b"\n" + qr_store(payload) + QR_PRINT + b"end\n"
    ticket = read(data, "gbk", strict=True)
    assert [qr.data for qr in ticket.qr_symbols()] == [payload]
    assert ticket.text_lines() == [before, "end"]


def test_python_escpos_qr_with_control_characters_in_the_content(dummy: Any) -> None:
    content = "".join(chr(i) for i in range(1, 256))
    dummy.qr(content, native=True)
    assert read(dummy.output, "gb18030", strict=True).qr_codes() == [content]


def test_qr_stored_but_not_printed_or_printed_without_data() -> None:
    assert "never printed" in read(qr_store(b"x"), "gbk").problems[0].message
    with pytest.raises(StrictModeError, match="no data stored"):
        read(QR_PRINT, "gbk", strict=True)


# --- images -------------------------------------------------------------------------------


def padded_for_scanning(image: Image.Image) -> Image.Image:
    canvas = Image.new("L", (image.width + 40, image.height + 40), 255)
    canvas.paste(image.convert("L"), (20, 20))
    return canvas


def test_python_escpos_raster_qr_decodes_with_zxing(dummy: Any) -> None:
    payload = "https://zw.example.cn/d/A07-012"
    dummy.qr(payload, native=False)
    assert dummy.output.startswith(b"\x1bt\x00\n\x1dv0\x00")
    ticket = read(dummy.output, "gb18030", strict=True)
    assert ticket.qr_codes() == []
    (image,) = ticket.images()
    decoded = [r.text for r in zxingcpp.read_barcodes(padded_for_scanning(image))]
    assert decoded == [payload]
    assert ticket.text_lines() == ["", "", ""]  # the newlines python-escpos adds around it


def drawing(width: int = 37, height: int = 29) -> Image.Image:
    image = Image.new("1", (width, height), 1)
    rng = random.Random(20261126)
    for x in range(width):
        for y in range(height):
            if rng.random() < 0.4:
                image.putpixel((x, y), 0)
    ImageDraw.Draw(image).rectangle((0, 0, width - 1, height - 1), outline=0)
    return image


IMAGE_HEADERS: dict[str, bytes] = {
    # GS v 0 m=0, 5 bytes wide, 29 dots high
    "bitImageRaster": b"\x1dv0\x00\x05\x00\x1d\x00",
    # GS ( L, 10 + 5 * 29 bytes: m=48 fn=112 a=48 bx=1 by=1 c=49, 37 x 29 dots
    "graphics": b"\x1d(L\x9b\x000p0\x01\x011\x25\x00\x1d\x00",
    # line spacing 16, then ESC * 33 (24-dot double density), 37 dots wide
    "bitImageColumn": b"\x1b3\x10\x1b*\x21\x25\x00",
}


@pytest.mark.parametrize("impl", list(IMAGE_HEADERS))
def test_python_escpos_image_round_trip(dummy: Any, impl: str) -> None:
    original = drawing()
    dummy.image(original, impl=impl)
    assert dummy.output.startswith(IMAGE_HEADERS[impl])
    ticket = read(dummy.output, "gb18030", strict=True)
    (element,) = ticket.bit_images()
    assert element.impl == impl
    assert element.scale == (1, 1)
    printed = element.image
    assert printed.mode == "1"
    assert printed.crop((0, 0, 37, 29)).tobytes() == original.tobytes()
    # Raster rows are padded to whole bytes and column stripes to 24 dots: all blank.
    assert printed.size == {"bitImageRaster": (40, 29), "graphics": (37, 29)}.get(impl, (37, 48))
    blank = Image.new("1", printed.size, 1)
    blank.paste(original, (0, 0))
    assert printed.tobytes() == blank.tobytes()
    assert ticket.text_lines() == []


def test_python_escpos_image_fragments_are_read_in_order(dummy: Any) -> None:
    original = drawing(16, 30)
    dummy.image(original, fragment_height=12)
    images = read(dummy.output, "gbk", strict=True).images()
    assert [im.size for im in images] == [(16, 12), (16, 12), (16, 6)]
    stacked = Image.new("1", (16, 30), 1)
    for i, image in enumerate(images):
        stacked.paste(image, (0, 12 * i))
    assert stacked.tobytes() == original.tobytes()


def test_image_data_with_control_bytes_is_skipped_by_its_length() -> None:
    rows = b"\x0a\x1b" + b"\x1d\x56" + b"\x10\x04"  # 2 bytes x 3 rows: LF ESC GS V DLE EOT
    data = b"\x1dv0\x00\x02\x00\x03\x00" + rows + b"after\n"
    ticket = read(data, "gb18030", strict=True)
    assert ticket.text_lines() == ["after"]
    assert ticket.cuts() == 0
    assert ticket.images()[0].size == (16, 3)


# --- cuts, feeds, status ------------------------------------------------------------------


def test_python_escpos_cuts_are_counted(dummy: Any) -> None:
    dummy.textln("A07-012")
    dummy.cut()
    dummy.cut(mode="PART")
    dummy.cut(feed=False)
    assert dummy.output.endswith(b"\x1bd\x06\x1dV\x00\x1bd\x06\x1dV\x01\x1dVB\x00")
    ticket = read(dummy.output, "gb18030", strict=True)
    assert ticket.cuts() == 3
    assert [(c.mode, c.feed) for c in ticket.cut_elements()] == [
        ("full", None),
        ("partial", None),
        ("partial", 0),  # feed=False sends GS V 66 0: a partial cut
    ]
    feeds = [e for e in ticket.elements if isinstance(e, Feed)]
    assert [(f.amount, f.unit) for f in feeds] == [(6, "lines"), (6, "lines")]
    assert ticket.text_lines() == ["A07-012"]


def test_hand_built_cut_modes() -> None:
    ticket = read(b"\x1dV0\x1dV1\x1dVA\x03\x1bJ\x10", "gbk", strict=True)
    assert [(c.mode, c.feed) for c in ticket.cut_elements()] == [
        ("full", None),
        ("partial", None),
        ("full", 3),
    ]
    assert read(b"no cut\n", "gbk").cuts() == 0


def test_cut_with_pending_text_is_a_problem() -> None:
    ticket = read(b"number 12\x1dV\x00", "gbk")
    assert ticket.text_lines() == ["number 12"]
    assert "cut" in ticket.problems[0].message


def test_status_queries_and_initialisation() -> None:
    ticket = read(b"\x10\x04\x01\x10\x04\x04" + ESC_INIT + b"\x10\x04\x04", "gbk", strict=True)
    assert [(q.offset, q.n) for q in ticket.status_queries] == [(0, 1), (3, 4), (8, 4)]
    assert ticket.initialised
    assert not read(b"\x10\x04\x01", "gbk").initialised


# --- bad input fails loudly -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "offset", "shown"),
    [
        (b"ok\n\x1b\x99", 3, "1b 99"),
        (b"\x07", 0, "07"),
        (b"abc\x7f\n", 3, "7f"),
        (b"\x1d|\x04", 0, "1d 7c"),  # python-escpos set(density=...): not read
        (b"x\n\x1d(k\x03\x000A\x00", 2, "1d 28 6b"),  # a PDF417 function (cn=48)
        (b"\x1d(k\x03\x001R0", 0, "function 82"),
        (b"\x1c\x70\x01\x00", 0, "1c 70"),
        (b"\x10\x05\x01", 0, "10 05"),
    ],
)
def test_unknown_commands_name_offset_and_bytes(data: bytes, offset: int, shown: str) -> None:
    with pytest.raises(UnknownCommand, match=f"offset {offset} ") as caught:
        read(data, "gb18030")
    assert caught.value.offset == offset
    assert shown in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        b"\x1b",
        b"\x1ba",
        b"\x1d!",
        b"\x1dV",
        b"\x1dVA",
        b"\x10\x04",
        b"\x1c!",
        b"\x1d(k\x0a\x001P0abc",
        b"\x1d(k\x03",
        b"\x1dv0\x00\x02\x00\x02\x00\xff\xff\xff",
        b"\x1d(L\x0b\x000p0\x01\x011\x08\x00\x01\x00",
        b"\x1b*\x21\x02\x00\x00\x00\x00",
    ],
)
def test_truncated_commands_raise(data: bytes) -> None:
    prefix = b"ticket\n"
    with pytest.raises(TruncatedCommand, match="cut short") as caught:
        read(prefix + data, "gb18030")
    assert caught.value.offset == len(prefix)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        (b"\x1ba\x03", "alignment"),
        (b"\x1dV\x02", "cut mode"),
        (b"\x1d(k\x03\x001C\x00", "module size"),
        (b"\x1d(k\x04\x001C\x03\x03", "takes 1 parameter"),
        (b"\x1d(k\x01\x001", "less than cn fn"),
        (b"\x1dv0\x00\x00\x00\x01\x00", "0 bytes"),
        (b"\x1d(L\x0b\x000p0\x01\x011\x08\x00\x02\x00\x00", "need 2 data bytes"),
        (b"\x10\x04\x09", "DLE EOT 9"),
    ],
)
def test_malformed_commands_raise(data: bytes, match: str) -> None:
    with pytest.raises(MalformedCommand, match=match):
        read(data, "gb18030")


def test_unsupported_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="gb18030"):
        read(b"abc\n", "utf-8")


# --- a whole ticket, as the renderer will send it ------------------------------------------


def test_a_whole_ticket_reads_back(dummy: Any) -> None:
    def encode(text: str) -> bytes:
        return text.encode("gb18030")

    url = "https://zw.example.cn/d/A07-012"
    dummy.hw("INIT")
    dummy._raw(CN_ON)
    dummy.set(align="center", custom_size=True, width=4, height=4)
    dummy._raw(encode("A012") + b"\n")
    dummy.set(custom_size=True, width=1, height=1, align="left")
    dummy._raw(encode(MIXED) + b"\n" + encode(SYMBOLS) + b"\n")
    dummy.qr(url, native=True, size=5)
    dummy._raw(encode("过号请重新取号") + b"\n")
    dummy.cut()
    ticket = read(dummy.output, "gb18030", strict=True)
    assert ticket.text_lines() == ["A012", MIXED, SYMBOLS, "过号请重新取号"]
    number = ticket.lines_with_style()[0]
    assert (number.align, number.width, number.height) == ("center", 4, 4)
    assert ticket.qr_codes() == [url]
    assert ticket.cuts() == 1
    assert ticket.initialised
    assert not any(isinstance(e, BitImage) for e in ticket.elements)
