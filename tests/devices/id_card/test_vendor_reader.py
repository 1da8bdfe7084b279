"""The vendor libraries' backend: a library that is missing or lacks a function is a
clear fault; small C stand-ins with the vendors' functions, built here with gcc, take
the ctypes path for real (华视's wz.txt in a private directory, deleted right after)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from devices.id_card.fake_reader import demo_card
from devices.id_card.faults import CardUnreadable, LibraryFailed, LibraryMissing, ReaderNotFound
from devices.id_card.vendor_reader import ChinaVisionReader, SynjonesReader, vendor_reader

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="no C compiler")

# 华视 termb: InitComm(port) 1 for USB 1001, Authenticate() 1 when a card is "placed"
# (the block file exists), Read_Content(active) writes wz.txt (and a photo, as the real
# one does with active 1) into the working directory; READ_FAILS makes it fail.
TERMB = r"""
#include <stdio.h>
#include <unistd.h>
static int ok_port;
int InitComm(int port) { ok_port = port; return port == 1001 ? 1 : 0; }
int CloseComm(void) { return 1; }
int Authenticate(void) { return access(BLOCK, R_OK) == 0 ? 1 : 0; }
int Read_Content(int active) {
    char data[256]; FILE *in, *out;
    if (access(READ_FAILS, F_OK) == 0) return 0;
    in = fopen(BLOCK, "rb"); if (!in) return 0;
    if (fread(data, 1, 256, in) != 256) { fclose(in); return 0; }
    fclose(in);
    out = fopen("wz.txt", "wb"); fwrite(data, 1, 256, out); fclose(out);
    out = fopen("zp.bmp", "wb"); fputs("BM photo", out); fclose(out);
    out = fopen(ACTIVE, "w"); fprintf(out, "%d", active); fclose(out);
    return 1;
}
"""

# 神思 CommonInterface: OpenDevice > 0 unless the port is "9"; IdReadCard 0 when a card
# is "placed" (its text is junk here, wiped unread); IdCardGetRawInfo the raw block.
COMMON = r"""
#include <stdio.h>
#include <string.h>
#include <unistd.h>
long OpenDevice(char *type, char *para, char *extend) {
    FILE *out = fopen(OPENED, "w"); fprintf(out, "%s|%s|%s", type, para, extend); fclose(out);
    return strcmp(type, "9") == 0 ? -1 : 7;
}
long CloseDevice(void) { return 0; }
long IdReadCard(unsigned char type, unsigned char encoding, char *info, long timeout) {
    if (access(BLOCK, R_OK) != 0) return -1;
    strcpy(info, "A:junk:with:a:photo");
    return 0;
}
long IdCardGetRawInfo(unsigned char *ch, long *chlen, unsigned char *ph, long *phlen,
                      unsigned char *fp, long *fplen) {
    FILE *in = fopen(BLOCK, "rb"); if (!in) return -1;
    *chlen = (long)fread(ch, 1, 256, in); fclose(in);
    memset(ph, 0x5a, 1024); *phlen = 1024; *fplen = 0;
    return 0;
}
"""


def build(tmp_path: Path, name: str, source: str, **paths: Path) -> Path:
    c_file, library = tmp_path / f"{name}.c", tmp_path / f"lib{name}.so"
    c_file.write_text(source)
    defines = [f'-D{key}="{value}"' for key, value in paths.items()]
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-o", str(library), *defines, str(c_file)],
        check=True,
        timeout=120,
    )
    return library


def test_a_missing_library_is_a_clear_fault(tmp_path: Path) -> None:
    with pytest.raises(LibraryMissing, match="no such file"):
        ChinaVisionReader(str(tmp_path / "libtermb.so"), 1001).open()
    not_a_library = tmp_path / "libCommonInterface.so"
    not_a_library.write_bytes(b"not ELF")
    with pytest.raises(LibraryMissing, match="cannot load"):
        SynjonesReader(str(not_a_library), 1001).open()
    with pytest.raises(LibraryFailed):
        vendor_reader("acme", str(not_a_library), 1001)


@needs_gcc
def test_a_library_without_the_functions_is_a_clear_fault(tmp_path: Path) -> None:
    library = build(tmp_path, "empty", "int nothing(void) { return 0; }\n")
    with pytest.raises(LibraryMissing, match="InitComm"):
        ChinaVisionReader(str(library), 1001).open()
    with pytest.raises(LibraryMissing, match="OpenDevice"):
        SynjonesReader(str(library), 1001).open()


@needs_gcc
def test_chinavision_through_ctypes(tmp_path: Path) -> None:
    block, fails, active = tmp_path / "block", tmp_path / "fails", tmp_path / "active"
    library = build(tmp_path, "termb", TERMB, BLOCK=block, READ_FAILS=fails, ACTIVE=active)
    with pytest.raises(ReaderNotFound):
        ChinaVisionReader(str(library), 1002).open()
    here = os.getcwd()
    with ChinaVisionReader(str(library), 1001, poll_s=0.3) as reader:
        workdir = reader._workdir
        assert reader.poll() is None
        block.write_bytes(demo_card().block())  # the card placed
        card = reader.poll()
        assert card is not None and card.name == "张三"
        assert active.read_text() == "2"  # text only
        assert os.getcwd() == here and list(workdir.iterdir()) == []  # wz.txt, zp.bmp gone
        assert reader.poll() is None  # still there: not read again
        block.unlink()  # lifted
        assert reader.poll() is None
        block.write_bytes(demo_card().block())
        fails.touch()
        with pytest.raises(CardUnreadable):
            reader.poll()
        fails.unlink()
        assert reader.poll() is None  # lift and place again
    assert not workdir.exists()


@needs_gcc
def test_synjones_through_ctypes(tmp_path: Path) -> None:
    block, opened = tmp_path / "block", tmp_path / "opened"
    library = build(tmp_path, "CommonInterface", COMMON, BLOCK=block, OPENED=opened)
    with pytest.raises(ReaderNotFound):
        SynjonesReader(str(library), 9).open()
    assert opened.read_text() == "9|115200|"  # a serial port: its baud rate
    with SynjonesReader(str(library), 1001, poll_s=0.3) as reader:
        assert opened.read_text() == "1001||"
        assert reader.poll() is None
        block.write_bytes(demo_card().block())
        card = reader.poll()
        assert card is not None and card.id_number == "110101199003070011"
        assert reader._info.raw == bytes(len(reader._info.raw))  # its text wiped
        assert reader.poll() is None
        block.unlink()
        assert reader.poll() is None
