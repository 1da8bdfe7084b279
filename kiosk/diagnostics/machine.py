"""The machine's figures: disk free, store size, resident memory, uptime, boot identity.

Each is one cheap system call or a read of a small procfs file, so the heartbeat can
ask for them on any thread; each gives None when the platform cannot tell (never a
guess, never an exception). No psutil: the kiosk bundle stays small, and Linux's
/proc and Windows' own API (through ctypes) say what is needed.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

MB = 1024 * 1024
_PROC_LIMIT = 64 * 1024  # bytes read from a procfs file (they are a few hundred)


def disk_free_mb(folder: Path) -> float | None:
    """Free space, for this user, of the file system holding `folder` (or its nearest
    existing parent: the data folder may not be made yet)."""
    path = Path(folder).absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            try:
                return round(shutil.disk_usage(candidate).free / MB, 1)
            except OSError as e:
                log.warning("disk usage of %s: %s", candidate, e)
                return None
    return None


def store_size_mb(db_path: Path) -> float | None:
    """The store file and its write-ahead log (`-wal`), which holds what is not yet
    checkpointed; None when the store file itself is missing."""
    total = 0
    for i, path in enumerate((db_path, db_path.with_name(db_path.name + "-wal"))):
        try:
            total += path.stat().st_size
        except FileNotFoundError:
            if i == 0:
                return None
        except OSError as e:
            log.warning("size of %s: %s", path, e)
            return None
    return round(total / MB, 1)


def _read_proc(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return f.read(_PROC_LIMIT).decode("ascii", "replace")
    except OSError:
        return None


def parse_vm_rss(status: str) -> float | None:
    """VmRSS from a /proc/<pid>/status text, in MB (the kernel writes it in kB)."""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                return round(int(parts[1]) / 1024, 1)
    return None


def resident_memory_mb() -> float | None:
    """The kiosk process's resident memory (its working set on Windows)."""
    if sys.platform == "win32":
        return _windows_working_set_mb()
    status = _read_proc("/proc/self/status")
    return parse_vm_rss(status) if status is not None else None


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    class _Counters(ctypes.Structure):
        _fields_ = [
            ("cb", wintypes.DWORD),
            ("PageFaultCount", wintypes.DWORD),
            ("PeakWorkingSetSize", ctypes.c_size_t),
            ("WorkingSetSize", ctypes.c_size_t),
            ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPagedPoolUsage", ctypes.c_size_t),
            ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
            ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
            ("PagefileUsage", ctypes.c_size_t),
            ("PeakPagefileUsage", ctypes.c_size_t),
        ]

    def _windows_working_set_mb() -> float | None:
        try:
            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            kernel32.GetCurrentProcess.restype = wintypes.HANDLE
            # K32GetProcessMemoryInfo: kernel32's own export since Windows 7 (no psapi.dll).
            get_info = kernel32.K32GetProcessMemoryInfo
            get_info.argtypes = [wintypes.HANDLE, ctypes.POINTER(_Counters), wintypes.DWORD]
            get_info.restype = wintypes.BOOL
            counters = _Counters()
            counters.cb = ctypes.sizeof(_Counters)
            if not get_info(kernel32.GetCurrentProcess(), ctypes.byref(counters), counters.cb):
                return None
            return round(counters.WorkingSetSize / MB, 1)
        except (OSError, AttributeError):
            return None

    def _windows_boot_id() -> str | None:
        try:
            kernel32 = ctypes.WinDLL("kernel32")
            kernel32.GetTickCount64.restype = ctypes.c_ulonglong
            since_boot = kernel32.GetTickCount64() / 1000
        except (OSError, AttributeError):
            return None
        # The boot time to the minute: the two clocks read a few ms apart never move it
        # by a whole minute, except at a minute's very edge (one spurious "new boot").
        return f"boot-{round((time.time() - since_boot) / 60)}"


def parse_process_uptime(stat: str, system_uptime: str, ticks_per_s: int) -> float | None:
    """Seconds since the process started, from /proc/self/stat (field 22, `starttime`,
    in clock ticks after boot) and /proc/uptime (seconds since boot)."""
    # The command name (field 2) is in parentheses and may hold spaces or ')'.
    _, _, rest = stat.rpartition(")")
    fields = rest.split()
    # rest starts at field 3 (state): starttime, field 22, is rest[19].
    if len(fields) < 20 or not fields[19].isdigit() or ticks_per_s <= 0:
        return None
    try:
        since_boot = float(system_uptime.split()[0])
    except (ValueError, IndexError):
        return None
    return max(0.0, round(since_boot - int(fields[19]) / ticks_per_s, 1))


def process_uptime_s() -> float | None:
    """How long the kiosk process has been running (Linux); None elsewhere (the run
    record's start time says it there)."""
    stat, up = _read_proc("/proc/self/stat"), _read_proc("/proc/uptime")
    if stat is None or up is None:
        return None
    try:
        ticks = os.sysconf("SC_CLK_TCK")
    except (ValueError, OSError, AttributeError):
        return None
    return parse_process_uptime(stat, up, ticks)


def boot_id() -> str | None:
    """An identity of the machine's current boot: Linux's random boot id, Windows' boot
    time; None where neither can be read (restarts since boot are then unknown)."""
    if sys.platform == "win32":
        return _windows_boot_id()
    value = _read_proc("/proc/sys/kernel/random/boot_id")
    if value is None:
        return None
    value = value.strip()
    return value if 0 < len(value) <= 64 else None
