"""Qt's C++ warnings fail a test, the machine's known noise does not: the mechanism proved.

A tiny test module runs in a pytest of its own, with the level and the ignored patterns
this run uses (tests/ui/qt_messages.py and the ini), and its outcomes are read back: a
deliberate qWarning, a real warning from Qt's C++ and a qCritical fail their tests, a
warning while a fixture is torn down is an error, each known noise message passes, and a
message that only resembles one (a real defect) still fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
import wave
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtMultimedia import QAudioFormat, QMediaDevices

from tests.ui import qt_messages
from tests.ui.qt_messages import qt_log_settings
from ui.chime import chime_file

REPO = Path(__file__).resolve().parents[2]

# What this machine logs (seen in the tests' runs), one line per ignored pattern.
NOISE = [
    "PulseAudioService: pa_context_connect() failed",
    "QSoundEffect: playback of this format is not supported on the selected audio device",
    "Couldn't load pipewire-0.3 library",
    "Couldn't resolve pipewire-0.3 symbols",
    "Couldn't load va-drm library",
    "Couldn't resolve va-x11 symbols",
    "Couldn't load va(in plugin) library",
    "Member contentWidth of the object PopupList_QMLTYPE_1857 overrides a member of the base"
    " object. Consider renaming it or adding final or override specifier",
]
# Close to the noise, but defects: they must still fail.
NEAR_NOISE = [
    "QSoundEffect: Error decoding source file:///data/cache/chime.wav",
    "PulseAudioService: pa_context_connect() failed: the chime was never played",
    "Couldn't load libkiosk library",
    "Member contentWidth of the object Services_QMLTYPE_12 overrides a member of the base"
    " object. Consider renaming it or adding final or override specifier",
]

INNER = """
import pytest
from PySide6 import QtCore
from PySide6.QtCore import QRegularExpression, qCritical, qDebug, qWarning

qInfo = getattr(QtCore, "qInfo", qDebug)  # PySide6 6.8 has no qInfo

NOISE = {noise!r}
NEAR_NOISE = {near!r}


def test_a_deliberate_warning():
    qWarning("a deliberate warning")


def test_a_warning_from_qts_cpp():
    # QRegularExpressionPrivate::doMatch() warns about the invalid pattern, in C++.
    assert not QRegularExpression("(").match("x").hasMatch()


def test_a_critical_message():
    qCritical("a deliberate critical message")


def test_info_and_debug_pass():
    qInfo("for the log")
    qDebug("for the developer")


@pytest.fixture
def warns_when_torn_down():
    yield
    qWarning("a warning while tearing down")


def test_a_warning_while_tearing_down(warns_when_torn_down):
    pass


@pytest.mark.parametrize("message", NOISE, ids=map(str, range(len(NOISE))))
def test_noise(message):
    qWarning(message)


@pytest.mark.parametrize("message", NEAR_NOISE, ids=map(str, range(len(NEAR_NOISE))))
def test_near_noise(message):
    qWarning(message)
"""


def outcomes(report: Path) -> dict[str, str]:
    """Each test's outcome from a JUnit XML report: passed, failed, error or skipped."""
    tags: dict[str, set[str]] = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        tags.setdefault(case.get("name", ""), set()).update(child.tag for child in case)
    kinds = (("failure", "failed"), ("error", "error"), ("skipped", "skipped"))
    return {
        name: next((outcome for tag, outcome in kinds if tag in found), "passed")
        for name, found in tags.items()
    }


def test_qt_warnings_fail_tests_and_only_the_known_noise_is_ignored(
    pytestconfig: pytest.Config, tmp_path: Path
) -> None:
    level, ignore = qt_log_settings(pytestconfig)
    assert level == "WARNING"
    (tmp_path / "test_inner.py").write_text(INNER.format(noise=NOISE, near=NEAR_NOISE))
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\nqt_api = pyside6\nfilterwarnings = error\n"
        f"qt_log_level_fail = {level}\nqt_log_ignore =\n"
        + "".join(f"    {pattern}\n" for pattern in ignore)
    )
    report = tmp_path / "report.xml"
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.ui.qt_messages",  # the teardown check, as tests/ui/conftest.py has it
            "-p",
            "no:cacheprovider",
            "-c",
            str(tmp_path / "pytest.ini"),
            "--rootdir",
            str(tmp_path),
            f"--junitxml={report}",
            "-q",
            str(tmp_path / "test_inner.py"),
        ],
        cwd=REPO,  # `python -m` puts it on sys.path: tests.ui.qt_messages imports
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = outcomes(report) if report.exists() else {}
    expected = {
        "test_a_deliberate_warning": "failed",
        "test_a_warning_from_qts_cpp": "failed",
        "test_a_critical_message": "failed",
        "test_info_and_debug_pass": "passed",
        "test_a_warning_while_tearing_down": "error",
        **{f"test_noise[{i}]": "passed" for i in range(len(NOISE))},
        **{f"test_near_noise[{i}]": "failed" for i in range(len(NEAR_NOISE))},
    }
    assert found == expected, run.stdout + run.stderr


def test_the_hooks_are_registered_for_tests_ui(pytestconfig: pytest.Config) -> None:
    """tests/ui/conftest.py registers the teardown check (and, for now, the interim)."""
    registered = {
        impl.function
        for hook in (pytestconfig.hook.pytest_runtest_teardown,)
        for impl in hook.get_hookimpls()
    }
    assert qt_messages.pytest_runtest_teardown in registered


def test_the_chime_plays_wherever_there_is_a_sound_card(qapp: Any, tmp_path: Path) -> None:
    """The QSoundEffect message is ignored because this machine has no audio output (every
    format is "not supported" by the null device). Where there is one, the chime's format
    (16-bit PCM WAV) must be one it plays, so that the message there would mean a defect."""
    with wave.open(str(chime_file(tmp_path))) as chime:
        fmt = QAudioFormat()
        fmt.setSampleRate(chime.getframerate())
        fmt.setChannelCount(chime.getnchannels())
        assert chime.getsampwidth() == 2
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
    outputs = QMediaDevices.audioOutputs()
    assert all(device.isFormatSupported(fmt) for device in outputs), [
        device.description() for device in outputs
    ]
