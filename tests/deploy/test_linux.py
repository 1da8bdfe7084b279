"""deploy/linux: the install script into a temporary root (a fake bundle), an update over
it, the systemd units through `systemd-analyze verify`, and the udev rule's syntax.

`systemd-analyze verify --root=DIR` (systemd 252 here) checks the units as installed in
DIR; it needs the units they depend on (sysinit.target and the rest: the host's unit
folder is copied in, under 1 MB) and every ExecStart= binary inside DIR (stubs for
cage, xinit and env). It exits 0 on a misspelt key or a bad value but says so on
stderr: a unit passes when the exit status is 0 and stderr is empty. This machine has
no udevadm (and systemd 252's has no `verify`): the rule file is checked by a parser
of udev's rule syntax (udev(7)) below, and by `udevadm verify` where there is one.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "deploy" / "linux"
INSTALL = LINUX / "install.sh"
UNITS = ("declaration-kiosk.service", "declaration-kiosk-x11.service")
RULES = LINUX / "60-declaration-kiosk.rules"
APP = "declaration-kiosk"
KIOSK = "/opt/declaration-kiosk/kiosk --config /etc/declaration-kiosk/kiosk.toml"
HOST_UNITS = next(
    (p for p in (Path("/usr/lib/systemd/system"), Path("/lib/systemd/system")) if p.is_dir()),
    None,
)


def make_bundle(folder: Path, version: str) -> Path:
    """A stand-in for scripts/bundle's dist/kiosk/: an executable `kiosk` and a library."""
    (folder / "_internal").mkdir(parents=True)
    kiosk = folder / "kiosk"
    kiosk.write_text(f"#!/bin/sh\necho kiosk {version}\n")
    kiosk.chmod(0o755)
    (folder / "_internal" / f"lib-{version}.so").write_text(version)
    return folder


def install(root: Path, bundle: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(INSTALL), "--root", str(root), "--bundle", str(bundle), *extra],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def installed(root: Path, bundle: Path, *extra: str) -> Path:
    done = install(root, bundle, *extra)
    assert done.returncode == 0, done.stderr
    return root


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def tree(root: Path) -> dict[str, tuple[int, str]]:
    """Every path under `root`: its mode and its content (or link target)."""
    listing = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            content = "-> " + os.readlink(path)
        elif path.is_file():
            content = path.read_bytes().decode("utf-8", "replace")
        else:
            content = "/"
        listing[str(path.relative_to(root))] = (mode(path), content)
    return listing


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    return make_bundle(tmp_path / "dist" / "kiosk", "1.0")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = tmp_path / "root"
    r.mkdir()
    return r


def test_install_lays_out_every_file(root: Path, bundle: Path) -> None:
    installed(root, bundle)
    opt = root / "opt" / APP
    assert mode(opt) == 0o755
    assert mode(opt / "kiosk") == 0o755
    assert (opt / "_internal" / "lib-1.0.so").read_text() == "1.0"
    assert mode(root / "var/lib" / APP) == 0o700  # the store and outbox: the kiosk's alone
    assert mode(root / "etc" / APP) == 0o770  # provision (as kiosk) writes kiosk.toml here
    for unit in UNITS:
        placed = root / "etc/systemd/system" / unit
        assert placed.read_text() == (LINUX / unit).read_text()
        assert mode(placed) == 0o644
    rules = root / "etc/udev/rules.d" / RULES.name
    assert rules.read_text() == RULES.read_text()
    assert mode(rules) == 0o644
    wants = root / "etc/systemd/system/multi-user.target.wants"
    assert os.readlink(wants / UNITS[0]) == f"/etc/systemd/system/{UNITS[0]}"
    assert not (wants / UNITS[1]).exists()
    sysusers = (root / "etc/sysusers.d" / f"{APP}.conf").read_text()
    assert f'u kiosk - "Declaration kiosk" /var/lib/{APP} /usr/sbin/nologin' in sysusers
    for group in ("video", "render", "input", "audio", "lp", "dialout"):
        assert f"m kiosk {group}\n" in sysusers
    assert not list((root / "opt").glob(f".{APP}.*"))  # no staging left behind


@pytest.mark.skipif(not shutil.which("systemd-sysusers"), reason="no systemd-sysusers here")
def test_the_kiosk_user_is_written_into_the_root(root: Path, bundle: Path) -> None:
    installed(root, bundle)
    users = {
        line.split(":")[0]: line.split(":")
        for line in (root / "etc/passwd").read_text().splitlines()
    }
    assert users["kiosk"][5:] == [f"/var/lib/{APP}", "/usr/sbin/nologin"]
    groups = {
        line.split(":")[0]: line.split(":")
        for line in (root / "etc/group").read_text().splitlines()
    }
    for group in ("video", "render", "input", "audio", "lp", "dialout"):
        assert "kiosk" in groups[group][3].split(",")
    if os.geteuid() == 0:  # owners only as root; the modes above hold either way
        data = (root / "var/lib" / APP).stat()
        assert (data.st_uid, data.st_gid) == (int(users["kiosk"][2]), int(groups["kiosk"][2]))
        config = (root / "etc" / APP).stat()
        assert (config.st_uid, config.st_gid) == (0, int(groups["kiosk"][2]))


def test_an_update_replaces_the_bundle_and_keeps_data_and_config(
    root: Path, bundle: Path, tmp_path: Path
) -> None:
    installed(root, bundle)
    data, config = root / "var/lib" / APP, root / "etc" / APP
    (data / "kiosk.db").write_bytes(b"SQLite format 3\0 with its outbox rows")
    (data / "tickets").mkdir()
    (data / "tickets" / "A07-003.bin").write_bytes(b"\x1b@ticket")
    toml = config / "kiosk.toml"
    toml.write_text('terminal_number = 7\n[central]\ntoken = "secret"\n')
    toml.chmod(0o600)
    config.chmod(0o750)  # a technician's own choice: an update must not undo it
    before = {**tree(data), **{f"etc/{k}": v for k, v in tree(config).items()}}

    new = make_bundle(tmp_path / "dist2" / "kiosk", "2.0")
    installed(root, new)

    opt = root / "opt" / APP
    assert (opt / "_internal" / "lib-2.0.so").read_text() == "2.0"
    assert not (opt / "_internal" / "lib-1.0.so").exists()  # replaced, not merged
    assert "kiosk 2.0" in (opt / "kiosk").read_text()
    assert not list((root / "opt").glob(f".{APP}.*"))
    after = {**tree(data), **{f"etc/{k}": v for k, v in tree(config).items()}}
    assert after == before
    assert mode(config) == 0o750
    assert mode(data) == 0o700


def test_a_second_run_changes_nothing(root: Path, bundle: Path) -> None:
    installed(root, bundle)
    first = tree(root)
    installed(root, bundle)
    assert tree(root) == first


def test_x11_enables_the_xorg_unit_instead(root: Path, bundle: Path) -> None:
    installed(root, bundle)
    installed(root, bundle, "--x11")
    wants = root / "etc/systemd/system/multi-user.target.wants"
    assert sorted(p.name for p in wants.iterdir()) == [UNITS[1]]
    installed(root, bundle)  # and back
    assert sorted(p.name for p in wants.iterdir()) == [UNITS[0]]


def test_leftovers_of_an_interrupted_update_are_cleared(root: Path, bundle: Path) -> None:
    installed(root, bundle)
    stale = root / "opt" / f".{APP}.new.12345"
    make_bundle(stale, "0.9")
    installed(root, bundle)
    assert not stale.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bogus"], "unknown option: --bogus"),
        (["--root"], "--root needs a folder"),
        (["--root", ""], "empty folder name"),
        (["--root", "{tmp}/missing"], "the root folder does not exist"),
        (["--root", "{root}", "--bundle", "{tmp}/none"], "the bundle folder does not exist"),
        (["--root", "{root}", "--bundle", "{tmp}"], "the bundle has no executable 'kiosk'"),
        (["--root", "{root}", "--bundle", "{root}/opt/" + APP], "the installed folder itself"),
        (["--root", "{bundle}/inner", "--bundle", "{bundle}"], "cannot be inside the bundle"),
    ],
)
def test_bad_input_is_refused_with_a_message(
    args: list[str], message: str, root: Path, bundle: Path, tmp_path: Path
) -> None:
    installed(root, bundle)
    (bundle / "inner").mkdir()
    before = tree(root)
    values = {"tmp": str(tmp_path), "root": str(root), "bundle": str(bundle)}
    argv = [a.format(**values) for a in args]
    done = subprocess.run(
        ["bash", str(INSTALL), *argv], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert message in done.stderr
    assert "line " not in done.stderr  # bash's own error report: a crash, not a refusal
    assert tree(root) == before


def test_the_real_root_needs_root(bundle: Path) -> None:
    """Without --root, a user other than root is refused before anything is written (as
    root, the test runs the script as nobody)."""
    as_nobody: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop to another user")
        as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    done = subprocess.run(
        [*as_nobody, "bash", str(INSTALL), "--bundle", str(bundle)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "needs root" in done.stderr


def test_installs_without_root_rights_twice(tmp_path: Path) -> None:
    """An image builder or CI without root: the modes are set, the owners left, the user
    written into DIR, and a second run works (systemd-sysusers without root cannot reopen
    the gshadow it made, so the script leaves a complete user alone)."""
    as_nobody: list[str] = []
    place = tmp_path
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop to another user")
        as_nobody = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        place = Path(tempfile.mkdtemp(prefix="kiosk-deploy-", dir="/tmp"))  # nobody can enter
    try:
        root, bundle = place / "root", make_bundle(place / "bundle", "1.0")
        root.mkdir()
        if as_nobody:
            for path in (place, *place.rglob("*")):
                os.chown(path, 65534, 65534, follow_symlinks=False)
        argv = [*as_nobody, "bash", str(INSTALL), "--root", str(root), "--bundle", str(bundle)]
        for _ in range(2):
            done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
            assert done.returncode == 0, done.stderr
        assert mode(root / "var/lib" / APP) == 0o700
        assert mode(root / "etc" / APP) == 0o770
        if shutil.which("systemd-sysusers"):
            assert "\nkiosk:" in "\n" + (root / "etc/passwd").read_text()
    finally:
        if place != tmp_path:
            shutil.rmtree(place)


@pytest.mark.skipif(not shutil.which("shellcheck"), reason="shellcheck is not installed")
def test_install_script_is_shellcheck_clean() -> None:
    done = subprocess.run(
        ["shellcheck", str(INSTALL)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stdout


# -- the units --------------------------------------------------------------------------


def unit_settings(name: str) -> dict[str, list[str]]:
    """Key -> values of a unit file ([Section]Key), comments dropped."""
    settings: dict[str, list[str]] = {}
    section = ""
    for raw in (LINUX / name).read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        settings.setdefault(f"{section}.{key}", []).append(value)
    return settings


@pytest.fixture
def verify_root(root: Path, bundle: Path) -> Iterator[Path]:
    """The units installed by install.sh, with the host's units and stub binaries."""
    if not shutil.which("systemd-analyze") or HOST_UNITS is None:
        pytest.skip("systemd-analyze or the host's unit folder is missing")
    installed(root, bundle)
    shutil.copytree(HOST_UNITS, root / "usr/lib/systemd/system", symlinks=True)
    (root / "usr/bin").mkdir(parents=True, exist_ok=True)
    for stub in ("cage", "xinit", "env", "Xorg"):
        path = root / "usr/bin" / stub
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    yield root


def verify(root: Path, unit: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            "systemd-analyze",
            "verify",
            "--man=no",
            f"--root={root}",
            f"/etc/systemd/system/{unit}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("unit", UNITS)
def test_units_pass_systemd_analyze_verify(verify_root: Path, unit: str) -> None:
    done = verify(verify_root, unit)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    # The check does catch a broken unit (a misspelt key is only a warning to it).
    broken = verify_root / "etc/systemd/system" / f"broken-{unit}"
    text = (LINUX / unit).read_text().replace("WatchdogSec=", "WatchdogSecs=")
    broken.write_text(text)
    assert "Unknown key" in verify(verify_root, broken.name).stderr


def test_the_cage_unit_runs_the_kiosk_under_a_watchdog() -> None:
    s = unit_settings(UNITS[0])
    assert s["Service.Type"] == ["notify"]
    assert s["Service.NotifyAccess"] == ["all"]  # the kiosk is cage's child
    assert s["Service.WatchdogSec"] == ["30"]
    assert s["Service.Restart"] == ["always"]
    assert s["Service.User"] == ["kiosk"]
    assert s["Service.TTYPath"] == ["/dev/tty1"]
    assert s["Service.PAMName"] == ["login"]
    assert "getty@tty1.service" in s["Unit.Conflicts"][0].split()
    env = dict(v.split("=", 1) for v in s["Service.Environment"])
    assert env["QT_QPA_PLATFORM"] == "wayland"
    assert env["QT_IM_MODULE"] == "qtvirtualkeyboard"
    (exec_start,) = s["Service.ExecStart"]
    cage, _, child = exec_start.partition(" -- ")
    assert cage.split()[0] == "/usr/bin/cage"
    assert "-s" not in cage.split()  # -s would allow VT switching
    assert child == f"/usr/bin/env -u WATCHDOG_PID {KIOSK}"


def test_the_x11_unit_never_blanks_and_runs_the_same_kiosk() -> None:
    s = unit_settings(UNITS[1])
    for key, value in (
        ("Service.Type", "notify"),
        ("Service.NotifyAccess", "all"),
        ("Service.WatchdogSec", "30"),
        ("Service.Restart", "always"),
    ):
        assert s[key] == [value]
    env = dict(v.split("=", 1) for v in s["Service.Environment"])
    assert env["QT_QPA_PLATFORM"] == "xcb"
    (exec_start,) = s["Service.ExecStart"]
    client, _, server = exec_start.partition(" -- ")
    assert client == f"/usr/bin/xinit /usr/bin/env -u WATCHDOG_PID {KIOSK}"
    words = server.split()
    assert words[:3] == ["/usr/bin/Xorg", ":0", "vt1"]
    assert "-s 0" in server and "-dpms" in words and "-nocursor" in words


def test_the_kiosk_under_cage_owns_the_watchdog(tmp_path: Path) -> None:
    """systemd sets WATCHDOG_PID to its main process, cage; the kiosk is cage's child.
    Run the unit's command after cage's `--` (the kiosk swapped for a probe) with the
    variables systemd sets: the kiosk must see a watchdog to feed. Without `env -u` the
    probe sees none, and a hung kiosk would never be restarted."""
    (exec_start,) = unit_settings(UNITS[0])["Service.ExecStart"]
    child = exec_start.partition(" -- ")[2].split()
    kiosk_at = child.index("/opt/declaration-kiosk/kiosk")
    probe = (
        "from kiosk.watchdog import Notifier; n = Notifier.from_environment(); "
        "print(n.interval_s if n else 'none'); n and n.close()"
    )
    command = [*child[:kiosk_at], sys.executable, "-c", probe]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "NOTIFY_SOCKET": "@kiosk-test-cage",
        "WATCHDOG_USEC": "30000000",
        "WATCHDOG_PID": str(os.getpid()),  # the main process: here, the test plays cage
    }
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "15.0"


# -- the udev rule ------------------------------------------------------------------------

# udev(7): KEY[{attr}] OP "value", comma separated; match keys and assignment keys.
MATCH_KEYS = {
    "ACTION", "DEVPATH", "KERNEL", "NAME", "SYMLINK", "SUBSYSTEM", "DRIVER", "ATTR",
    "SYSCTL", "KERNELS", "SUBSYSTEMS", "DRIVERS", "ATTRS", "TAGS", "ENV", "CONST", "TAG",
    "TEST", "PROGRAM", "RESULT",
}  # fmt: skip
ASSIGN_KEYS = {
    "NAME", "SYMLINK", "OWNER", "GROUP", "MODE", "SECLABEL", "ATTR", "SYSCTL", "ENV",
    "TAG", "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS",
}  # fmt: skip
WITH_ATTR = {"ATTR", "SYSCTL", "ATTRS", "ENV", "TEST", "IMPORT", "RUN", "SECLABEL", "CONST"}
TOKEN = re.compile(r'\s*([A-Z]+)(?:\{([^}]*)\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*')


def parse_rules(text: str) -> list[list[tuple[str, str | None, str, str]]]:
    rules = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        tokens, pos = [], 0
        while pos < len(line):
            m = TOKEN.match(line, pos)
            assert m, f"line {number}: cannot parse at {line[pos:]!r}"
            key, attr, op, value = m.groups()
            tokens.append((key, attr, op, value))
            pos = m.end()
            if pos < len(line):
                assert line[pos] == ",", f"line {number}: expected a comma at {line[pos:]!r}"
                pos += 1
        for key, attr, op, _ in tokens:
            if op in ("==", "!="):
                assert key in MATCH_KEYS, f"line {number}: {key} is not a match key"
            else:
                assert key in ASSIGN_KEYS, f"line {number}: {key} is not an assignment key"
            assert (attr is not None) == (key in WITH_ATTR) or key == "IMPORT", (
                f"line {number}: {key} {'needs' if attr is None else 'takes no'} {{attribute}}"
            )
        rules.append(tokens)
    return rules


def test_udev_rule_parses_and_gives_the_devices_to_the_kiosk() -> None:
    rules = parse_rules(RULES.read_text())
    labels = {v for rule in rules for k, _, _, v in rule if k == "LABEL"}
    gotos = {v for rule in rules for k, _, _, v in rule if k == "GOTO"}
    assert gotos <= labels
    granting = [r for r in rules if any(k == "GROUP" for k, _, _, _ in r)]
    for rule in granting:
        assigned = {k: v for k, _, op, v in rule if op == "="}
        assert assigned["GROUP"] == "kiosk"
        assert assigned["MODE"] == "0660"

    def matches(key: str, attr: str | None = None) -> set[str]:
        return {v for r in granting for k, a, op, v in r if k == key and a == attr and op == "=="}

    assert "*:07????:*" in matches("ENV", "ID_USB_INTERFACES")  # any printer-class device
    kernels = matches("KERNEL")
    assert {"ttyUSB[0-9]*", "ttyACM[0-9]*", "ttyS[0-9]*", "lp[0-9]*"} <= kernels
    # The vendor the example config names is given to the kiosk.
    example = (ROOT / "resources/config.example.toml").read_text()
    line = re.search(r"^# (usb_vendor_id = 0x[0-9a-fA-F]{4})$", example, re.MULTILINE)
    assert line, "the example config no longer names a USB vendor"
    vendor = tomllib.loads(line.group(1))["usb_vendor_id"]
    assert f"{vendor:04x}" in matches("ATTR", "idVendor")


def test_the_rule_checker_catches_mistakes() -> None:
    with pytest.raises(AssertionError, match="cannot parse"):
        parse_rules('SUBSYSTEM=="usb", GROUP=kiosk')
    with pytest.raises(AssertionError, match="not an assignment key"):
        parse_rules('SUBSYSTEM=="usb", KERNELS="x"')
    with pytest.raises(AssertionError, match="expected a comma"):
        parse_rules('SUBSYSTEM=="usb" GROUP="kiosk"')


@pytest.mark.skipif(not shutil.which("udevadm"), reason="no udevadm on this machine")
def test_udevadm_verify_accepts_the_rule() -> None:
    udevadm = shutil.which("udevadm")
    assert udevadm is not None
    probe = subprocess.run([udevadm, "verify", "--help"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip("this udevadm has no `verify` (systemd < 253)")
    done = subprocess.run(
        [udevadm, "verify", str(RULES)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stdout + done.stderr
