"""A reader through its vendor's library, loaded with ctypes: 华视 (ChinaVision) or 神思
(Synjones).

Vendor libraries can hang or crash the process that loads them: they are only ever
loaded in the reader's own process (devices.id_card.worker), whose heartbeat the kiosk
watches. Both give the card's 256-byte text block, parsed and checked as the serial
backend's is (devices.id_card.text_block); the photo is never decoded or kept.

华视 libtermb.so / termb.dll (its published API, as its SDK's header declares it):
``int InitComm(int port)`` (1001-1016 USB, 1-16 serial; 1 is success),
``int Authenticate()`` (find and select a card; 1: a card is there),
``int Read_Content(int active)`` (1: base information with the photo, 2: text only,
3: the newest address; 1 is success), which writes ``wz.txt`` (the text block) into the
process's working directory, and ``int CloseComm()``. It is called with ``active = 2``
in a private temporary directory made the working directory for the call; every file
there is deleted right after reading, whatever the library wrote.

神思 libCommonInterface.so / CommonInterface.dll (神思终端通用 SDK 接入文档):
``long OpenDevice(char *PortType, char *PortPara, char *ExtendPara)`` (> 0: a handle;
PortType "1001".."2000" USB, "1".."1000" serial with the baud rate as PortPara),
``long IdReadCard(unsigned char CardType, unsigned char InfoEncoding, char *IdCardInfo,
long TimeOutMs)`` (0 is success; TimeOutMs 0: no card returns at once),
``long IdCardGetRawInfo(unsigned char *CHMsg, long *CHMsgLen, unsigned char *PHMsg,
long *PHMsgLen, unsigned char *FPMsg, long *FPMsgLen)`` (the raw text block) and
``long CloseDevice()``. IdReadCard's own text (colon-separated, the photo in base64) is
wiped unread; the raw block is parsed instead, as for every other backend.

Neither library was run here: both are implemented from their vendors' documents and
tested against small stand-ins with the same functions (tests/devices/id_card). Windows
builds use __stdcall (ctypes.WinDLL), Linux ones the C convention (ctypes.CDLL).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Final, Self

from devices.id_card.card import IdCard
from devices.id_card.faults import (
    CardUnreadable,
    LibraryFailed,
    LibraryMissing,
    LinkBroken,
    ReaderNotFound,
)
from devices.id_card.pacing import Pacer
from devices.id_card.text_block import BLOCK_LENGTH, parse_text_block

CHINAVISION: Final = "chinavision"
SYNJONES: Final = "synjones"
VENDORS: Final = (CHINAVISION, SYNJONES)

_TEXT_ONLY: Final = 2  # Read_Content's "text only"
_WZ: Final = "wz.txt"
_INFO_SIZE: Final = 64 * 1024  # IdReadCard's text with the photo in base64 (>= 10240)
_RAW_SIZE: Final = 4096


def _load(library: str) -> Any:
    if not Path(library).is_file():
        raise LibraryMissing(f"vendor library {library}: no such file")
    loader: Any = getattr(ctypes, "WinDLL", None) if sys.platform == "win32" else None
    try:
        return (loader or ctypes.CDLL)(library)
    except OSError as exc:
        raise LibraryMissing(f"vendor library {library}: cannot load: {exc}") from exc


def _function(lib: Any, name: str, restype: Any, *argtypes: Any) -> Any:
    try:
        function = getattr(lib, name)
    except AttributeError as exc:
        raise LibraryMissing(f"the vendor library has no {name}()") from exc
    function.restype, function.argtypes = restype, list(argtypes)
    return function


class _VendorReader:
    """What both vendors share: the pace, the lift-and-place-again rule, the library."""

    vendor = ""

    def __init__(self, library: str, port: int, *, poll_s: float = 0.5) -> None:
        self.library, self.port = library, port
        self._pacer = Pacer(poll_s)
        self.poll_s = self._pacer.interval_s
        self.name = f"ID card reader ({self.vendor}, port {port}) through {library}"
        self._lib: Any = None
        self._must_lift = False

    def open(self) -> None:
        if self._lib is not None:
            return
        self._pacer.resume()
        lib = _load(self.library)
        self._bind(lib)
        self._open_device()
        self._lib = lib

    def poll(self) -> IdCard | None:
        if self._lib is None or not self._pacer.wait_turn():
            raise LinkBroken(f"{self.name}: closed")
        if not self._present():
            self._must_lift = False
            return None
        if self._must_lift:
            return None
        self._must_lift = True
        return parse_text_block(self._read_block())

    def close(self) -> None:
        self._pacer.interrupt()
        if self._lib is not None:
            self._lib = None
            with contextlib.suppress(OSError):
                self._close_device()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _bind(self, lib: Any) -> None:
        raise NotImplementedError

    def _open_device(self) -> None:
        raise NotImplementedError

    def _present(self) -> bool:
        raise NotImplementedError

    def _read_block(self) -> bytes:
        raise NotImplementedError

    def _close_device(self) -> None:
        raise NotImplementedError


class ChinaVisionReader(_VendorReader):
    """华视 termb (see the module's docstring)."""

    vendor = CHINAVISION

    def _bind(self, lib: Any) -> None:
        c_int = ctypes.c_int
        self._init_comm = _function(lib, "InitComm", c_int, c_int)
        self._authenticate = _function(lib, "Authenticate", c_int)
        self._read_content = _function(lib, "Read_Content", c_int, c_int)
        self._close_comm = _function(lib, "CloseComm", c_int)

    def _open_device(self) -> None:
        if self._init_comm(self.port) != 1:
            raise ReaderNotFound(f"{self.name}: InitComm({self.port}) failed")
        self._workdir = Path(tempfile.mkdtemp(prefix="id-card-"))  # mode 0700

    def _present(self) -> bool:
        return bool(self._authenticate() == 1)

    def _read_block(self) -> bytes:
        # Read_Content writes into the working directory: a private one for the call
        # (this is the worker's own process, where nothing else uses relative paths).
        here = os.getcwd()
        try:
            os.chdir(self._workdir)
            try:
                result = self._read_content(_TEXT_ONLY)
            finally:
                os.chdir(here)
            if result != 1:
                raise CardUnreadable(f"read_content_{result}")
            try:
                block = (self._workdir / _WZ).read_bytes()
            except OSError:
                raise CardUnreadable("no_text_file") from None
        finally:
            self._wipe()
        if len(block) == BLOCK_LENGTH + 2 and block.startswith(b"\xff\xfe"):
            block = block[2:]  # a byte-order mark, as some builds write
        return block

    def _wipe(self) -> None:
        for entry in self._workdir.iterdir():
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    entry.unlink()

    def _close_device(self) -> None:
        try:
            self._close_comm()
        finally:
            self._wipe()
            with contextlib.suppress(OSError):
                self._workdir.rmdir()


class SynjonesReader(_VendorReader):
    """神思 CommonInterface (see the module's docstring)."""

    vendor = SYNJONES

    def __init__(self, library: str, port: int, *, baud: int = 115200, poll_s: float = 0.5):
        super().__init__(library, port, poll_s=poll_s)
        self.baud = baud
        self._info = ctypes.create_string_buffer(_INFO_SIZE)

    def _bind(self, lib: Any) -> None:
        c_long, c_char_p, c_ubyte = ctypes.c_long, ctypes.c_char_p, ctypes.c_ubyte
        self._open = _function(lib, "OpenDevice", c_long, c_char_p, c_char_p, c_char_p)
        self._read_card = _function(
            lib, "IdReadCard", c_long, c_ubyte, c_ubyte, ctypes.c_char_p, c_long
        )
        long_p, bytes_p = ctypes.POINTER(c_long), ctypes.POINTER(c_ubyte)
        self._raw_info = _function(
            lib, "IdCardGetRawInfo", c_long, bytes_p, long_p, bytes_p, long_p, bytes_p, long_p
        )
        self._close = _function(lib, "CloseDevice", c_long)

    def _open_device(self) -> None:
        usb = self.port > 1000
        para = b"" if usb else str(self.baud).encode()
        handle = self._open(str(self.port).encode(), para, b"")
        if handle <= 0:
            raise ReaderNotFound(f"{self.name}: OpenDevice failed ({handle})")

    def _present(self) -> bool:
        # CardType 0: any of the three kinds; InfoEncoding 2: UTF-16LE; 0 ms: no waiting.
        try:
            return bool(self._read_card(0, 2, self._info, 0) == 0)
        finally:
            ctypes.memset(self._info, 0, _INFO_SIZE)  # the photo in base64 among it

    def _read_block(self) -> bytes:
        text = (ctypes.c_ubyte * _RAW_SIZE)()
        photo = (ctypes.c_ubyte * _RAW_SIZE)()
        fingerprint = (ctypes.c_ubyte * _RAW_SIZE)()
        lengths = [ctypes.c_long(_RAW_SIZE) for _ in range(3)]
        try:
            result = self._raw_info(
                text,
                ctypes.byref(lengths[0]),
                photo,
                ctypes.byref(lengths[1]),
                fingerprint,
                ctypes.byref(lengths[2]),
            )
            if result != 0:
                raise CardUnreadable(f"raw_info_{result}")
            if lengths[0].value < BLOCK_LENGTH:
                raise CardUnreadable("bad_length")
            return bytes(text[:BLOCK_LENGTH])
        finally:
            for buffer in (photo, fingerprint, text):
                ctypes.memset(buffer, 0, _RAW_SIZE)

    def _close_device(self) -> None:
        self._close()


def vendor_reader(
    vendor: str, library: str, port: int, *, baud: int = 115200, poll_s: float = 0.5
) -> _VendorReader:
    """The reader for `vendor` ("chinavision" or "synjones")."""
    if vendor == CHINAVISION:
        return ChinaVisionReader(library, port, poll_s=poll_s)
    if vendor == SYNJONES:
        return SynjonesReader(library, port, baud=baud, poll_s=poll_s)
    raise LibraryFailed(f"unknown vendor {vendor!r}; known: {', '.join(VENDORS)}")
