"""Plain words for the diagnostics' values, in both languages: ages, durations, sizes,
and the ticket printer's faults as a technician needs them.

A technician reads "12 分钟前" / "12 minutes ago", not a timestamp to subtract in their
head; sizes come in MB below a gigabyte and GB above it; local times are the hall's.

A printer fault has two texts (printer.errors): the applicant's ("staff have been told,
your ticket is saved") and the technician's, here: what is wrong, then what to check.
Every technician-facing place (`python -m printer sample --printer`, the diagnostics'
status query and test ticket, the kiosk's self-test) shows the technician's text, never
the applicant's. The core holds them (the printer package imports the core, never the
other way), so the diagnostics can word a fault code without the printer package.
"""

from __future__ import annotations

import math
from datetime import datetime

from kiosk.i18n import Text, text

UNKNOWN = text("未知", "unknown")
NEVER = text("从未", "never")
NONE = text("无", "none")

_UNITS = (  # (seconds in one, Chinese, English singular)
    (86400, "天", "day"),
    (3600, "小时", "hour"),
    (60, "分钟", "minute"),
    (1, "秒", "second"),
)


def _count(n: int, zh: str, en: str) -> Text:
    return text(f"{n} {zh}", f"{n} {en}" + ("" if n == 1 else "s"))


def duration(seconds: float) -> Text:
    """A span in its largest unit and the next one: "3 天 4 小时" / "3 days 4 hours"."""
    if not math.isfinite(seconds) or seconds < 0:
        return UNKNOWN
    whole = int(seconds)
    for i, (size, zh, en) in enumerate(_UNITS):
        if whole >= size or size == 1:
            big = _count(whole // size, zh, en)
            if i + 1 < len(_UNITS) and size > 1:
                small_size, small_zh, small_en = _UNITS[i + 1]
                rest = (whole % size) // small_size
                if rest:
                    small = _count(rest, small_zh, small_en)
                    return text(f"{big.zh} {small.zh}", f"{big.en} {small.en}")
            return big
    return UNKNOWN  # not reached: the last unit is one second


def ago(seconds: float) -> Text:
    """How long ago, in the largest whole unit: "12 分钟前" / "12 minutes ago"."""
    if not math.isfinite(seconds):
        return UNKNOWN
    if seconds < 2:  # also a slightly negative age (clocks a second apart)
        return text("刚刚", "just now")
    whole = int(seconds)
    for size, zh, en in _UNITS:
        if whole >= size:
            n = _count(whole // size, zh, en)
            return text(f"{n.zh}前", f"{n.en} ago")
    return UNKNOWN  # not reached


def megabytes(mb: float) -> Text:
    """A size: "850 MB" below a gigabyte, "12.3 GB" from one on (the same in both)."""
    if not math.isfinite(mb) or mb < 0:
        return UNKNOWN
    decimals = 1 if mb < 10 else 0  # a new store's 0.1 MB is not "0 MB"
    words = f"{mb / 1024:.1f} GB" if mb >= 1024 else f"{mb:.{decimals}f} MB"
    return text(words, words)


def local_time(moment: datetime, now: datetime) -> str:
    """`moment` in `now`'s zone (the hall's), to the minute."""
    return f"{moment.astimezone(now.tzinfo):%Y-%m-%d %H:%M}"


def same(words: str) -> Text:
    """A value that reads the same in both languages (a version, a URL, a number)."""
    return text(words, words)


# -- the ticket printer's faults, for a technician (printer.errors.PrinterFault.advice) --

PRINTER_FAULTS: dict[str, Text] = {
    "fault": text(
        "打印机故障：请查看日志中的打印机信息",
        "Printer fault: see the printer's lines in the log",
    ),
    "offline": text(
        "打印机脱机或出错：请检查打印机电源、指示灯和纸张",
        "Printer offline or in error: check its power, lights and paper",
    ),
    "paper_out": text(
        "打印机缺纸：请打开打印机盖，装入新纸卷后关好",
        "Printer out of paper: open the cover, load a roll, close it",
    ),
    "cover_open": text(
        "打印机盖未关好：请关好打印机盖",
        "Printer cover open: close the cover",
    ),
    "disconnected": text(
        "打印机连接中断：请检查打印机的数据线或网线，然后重新打印",
        "Printer link broken: check its cable or network link, then print again",
    ),
    "no_answer": text(
        "打印机没有响应：请检查打印机是否开机、连接是否正常",
        "Printer not answering: check that it is on and linked",
    ),
    "not_found": text(
        "未找到打印机：请检查打印机连接和配置中的 [printer]",
        "Printer not found: check its link and the config's [printer] table",
    ),
}

LIBUSB_MISSING = text(
    "缺少 libusb：请安装 libusb-1.0-0（apt install libusb-1.0-0），然后重启终端程序",
    "libusb is missing: install libusb-1.0-0 (apt install libusb-1.0-0), then restart the kiosk",
)
PYUSB_MISSING = text(
    "缺少 pyusb：请安装终端程序的完整版本（declaration-kiosk[terminal]）",
    "pyusb is missing: install the kiosk with its terminal packages (declaration-kiosk[terminal])",
)
USB_NO_PERMISSION = text(
    "无权打开 USB 打印机：请安装终端的 udev 规则（见 docs/deploy.md），然后重新插拔打印机",
    "No permission to open the USB printer: install the kiosk's udev rule (see "
    "docs/deploy.md), then unplug the printer and plug it in again",
)


def usb_not_found(vendor_id: int, product_id: int) -> Text:
    """No USB device with the configured ids: the cable, the power, or the ids."""
    ids = f"{vendor_id:04x}:{product_id:04x}"
    return text(
        f"未找到 USB 打印机 {ids}：请检查 USB 线和打印机电源，并用 lsusb 核对配置中的 "
        "usb_vendor_id / usb_product_id",
        f"No USB printer with vendor:product {ids}: check the USB cable and the printer's "
        "power, and compare usb_vendor_id / usb_product_id in the config with lsusb",
    )


def printer_fault(code: str) -> Text:
    """The technician's words for a fault code (an unknown code: the general fault)."""
    return PRINTER_FAULTS.get(code, PRINTER_FAULTS["fault"])
