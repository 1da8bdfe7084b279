"""What `scripts/bundle` prints about a built bundle: its size on disk, the build time,
the PySide6 it carries, and the highest glibc symbol version any of its binaries needs
(the oldest Linux it can run on). One figure a line, as bench/ does."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
from pathlib import Path

TARGET_MB, GOAL_MB = 200, 150
_GLIBC = re.compile(rb"GLIBC_(\d+)\.(\d+)(?:\.(\d+))?")


def disk_bytes(folder: Path) -> int:
    """Bytes on disk (allocated blocks), as `du` counts them."""
    total = 0
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_blocks * 512
    return total


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def glibc_floor(folder: Path) -> tuple[tuple[int, ...], str]:
    """The highest GLIBC_x.y version any ELF file needs, and one file that needs it."""
    best: tuple[int, ...] = (0,)
    who = ""
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink() or not is_elf(path):
            continue
        out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, check=False).stdout
        for match in _GLIBC.finditer(out):
            version = tuple(int(g) for g in match.groups() if g is not None)
            if version > best:
                best, who = version, str(path.relative_to(folder))
    return best, who


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--build-seconds", type=int)
    args = parser.parse_args()
    folder: Path = args.bundle
    size_mb = disk_bytes(folder) / 1e6
    files = sum(1 for p in folder.rglob("*") if p.is_file())
    print(
        f"bundle_size: {size_mb:.0f} MB "
        f"(target <= {TARGET_MB} MB, goal {GOAL_MB} MB; {files} files)"
    )
    if args.build_seconds is not None:
        print(f"bundle_build: {args.build_seconds} s (target: build and self-test <= 300 s)")
    try:
        import PySide6  # the environment the bundle was built from

        print(f"bundle_pyside6: {PySide6.__version__} (glibc 2.28 needs 6.9 or older)")
    except ImportError:
        pass
    if os.name == "posix":
        version, who = glibc_floor(folder)
        shown = ".".join(str(v) for v in version)
        print(
            f"bundle_glibc_floor: {shown} (target <= 2.28 when built on the oldest system; {who})"
        )


if __name__ == "__main__":
    main()
