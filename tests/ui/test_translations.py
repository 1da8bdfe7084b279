"""Every visible string of the QML goes through qsTr and has a finished English translation.

No QML window is started: the QML files are read as text (a small tokenizer that knows
JavaScript strings and comments) and compared with `resources/translations/kiosk_en_US.ts`.
To fix a failure, refresh the `.ts` as `ui/translation.py` explains and translate.
"""

from __future__ import annotations

import os
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QTranslator

from ui.translation import ensure_compiled

ROOT = Path(__file__).resolve().parents[2]
QML_DIR = ROOT / "ui" / "qml"
TS_FILE = ROOT / "resources" / "translations" / "kiosk_en_US.ts"
REFRESH = (
    "refresh with `.venv/bin/pyside6-lupdate ui/qml -ts resources/translations/kiosk_en_US.ts"
    " -no-obsolete` and translate (see ui/translation.py)"
)

# Chinese characters and Chinese punctuation (CJK symbols, full-width forms).
CJK = re.compile(
    "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0003134f]"
)
# Shown as is in every language: a language's name written in that language.
UNTRANSLATED = {"中文"}
TR_FUNCTIONS = {"qsTr", "qsTranslate", "qsTrId", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}
PLACEHOLDER = re.compile(r"%(\d+)")


@dataclass(frozen=True)
class Literal:
    """A string literal in a QML file, decoded, and where it is."""

    value: str
    line: int
    callee: str | None  # the function whose argument list immediately holds it, if any
    in_tr: bool  # somewhere inside the arguments of a translation function
    first_arg: bool  # the whole first argument of that call


@dataclass(frozen=True)
class TrCall:
    """A call of a translation function."""

    name: str
    line: int
    literal_first: bool  # its first argument is one string literal, as lupdate needs


@dataclass
class _Frame:
    callee: str | None
    line: int
    argument: int = 0  # index of the current argument
    tokens: int = 0  # tokens seen in the current argument
    literal_first: bool = False


_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_CALLEE = re.compile(r"([A-Za-z_$][\w$]*)\s*$")


def _unescape(body: str) -> str:
    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e.startswith("u{"):
            return chr(int(e[2:-1], 16))
        if e[0] in "ux" and len(e) > 1:
            return chr(int(e[1:], 16))
        if e in ("\n", "\r\n", "\u2028", "\u2029"):
            return ""  # a line continuation
        return _SIMPLE.get(e, e)

    return _ESCAPE.sub(one, body)


def scan(text: str) -> tuple[list[Literal], list[TrCall]]:
    """The string literals and translation calls of QML/JavaScript, outside comments.

    Enough of a tokenizer for the kiosk's QML: strings in both quote styles (and
    backticks) with escapes, line and block comments, brackets. Regular-expression
    literals are not recognised.
    """
    found: list[Literal] = []
    calls: list[TrCall] = []
    stack: list[_Frame] = []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c.isspace():
            i += 1
        elif text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += text.count("\n", i, end)
            i = end
        elif c in "\"'`":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            raw = text[i + 1 : j]
            i = j + 1
            rest = text[i:].lstrip()[:1]
            frame = stack[-1] if stack else None
            alone = frame is not None and frame.argument == 0 and frame.tokens == 0 and rest in ",)"
            if alone and frame is not None and frame.callee in TR_FUNCTIONS:
                frame.literal_first = True
            found.append(
                Literal(
                    _unescape(raw),
                    line,
                    frame.callee if frame else None,
                    any(f.callee in TR_FUNCTIONS for f in stack),
                    alone,
                )
            )
            if frame:
                frame.tokens += 1
            line += raw.count("\n")
        elif c in "([{":
            if stack:
                stack[-1].tokens += 1
            m = _CALLEE.search(text[max(0, i - 60) : i]) if c == "(" else None
            stack.append(_Frame(m.group(1) if m else None, line))
            i += 1
        elif c in ")]}":
            if stack:
                frame = stack.pop()
                if frame.callee in TR_FUNCTIONS:
                    calls.append(TrCall(frame.callee or "", frame.line, frame.literal_first))
            i += 1
        else:
            if stack:
                if c == ",":
                    stack[-1].argument += 1
                    stack[-1].tokens = 0
                else:
                    stack[-1].tokens += 1
            i += 1
    return found, calls


def literals(text: str) -> list[Literal]:
    return scan(text)[0]


def qml_files() -> list[Path]:
    files = sorted(QML_DIR.rglob("*.qml"))
    assert files, f"no QML files under {QML_DIR}"
    return files


def used_messages() -> dict[tuple[str, str], list[str]]:
    """(context, source) of every qsTr("literal") -> where it is used."""
    used: dict[tuple[str, str], list[str]] = {}
    for path in qml_files():
        for lit in literals(path.read_text(encoding="utf-8")):
            if lit.callee == "qsTr" and lit.first_arg:
                where = f"{path.relative_to(ROOT)}:{lit.line}"
                used.setdefault((path.stem, lit.value), []).append(where)
    return used


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    translation: str
    kind: str | None  # the translation's type attribute: unfinished, obsolete, vanished...


def ts_messages() -> list[Message]:
    root = ET.parse(TS_FILE).getroot()
    assert root.get("language") == "en_US"
    assert root.get("sourcelanguage") == "zh_CN"
    out = []
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            assert tr is not None
            out.append(Message(name, msg.findtext("source") or "", tr.text or "", tr.get("type")))
    return out


def test_the_tokenizer_reads_both_quote_styles_escapes_and_comments() -> None:
    text = (
        'Text { text: qsTr("说 \\"好\\"").arg(x) + qsTr(\'它\\\'s\') }\n'
        '// qsTr("注释") and "中文"\n'
        '/* "块注释" */ Text { text: f("内容", qsTr("一个", "说明")) + "：" }\n'
    )
    lits = literals(text)
    assert [(lit.value, lit.callee, lit.in_tr, lit.first_arg) for lit in lits] == [
        ('说 "好"', "qsTr", True, True),
        ("它's", "qsTr", True, True),
        ("内容", "f", False, True),
        ("一个", "qsTr", True, True),
        ("说明", "qsTr", True, False),
        ("：", None, False, False),
    ]
    assert [lit.line for lit in lits] == [1, 1, 3, 3, 3, 3]


def test_every_qstr_string_has_a_finished_translation() -> None:
    used = used_messages()
    assert len(used) > 50, "the QML should have many translatable strings"
    finished = {
        (m.context, m.source): m
        for m in ts_messages()
        if m.kind is None and m.translation.strip() != ""
    }
    missing = [
        f"{where[0]}: [{ctx}] {src!r}"
        for (ctx, src), where in sorted(used.items())
        if (ctx, src) not in finished
    ]
    assert not missing, (
        "strings without a finished English translation; " + REFRESH + "\n" + ("\n".join(missing))
    )


def test_no_visible_chinese_outside_qstr() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{lit.line}: {lit.value!r}"
        for path in qml_files()
        for lit in literals(path.read_text(encoding="utf-8"))
        if CJK.search(lit.value) and not lit.in_tr and lit.value not in UNTRANSLATED
    ]
    assert not offenders, "Chinese text outside qsTr():\n" + "\n".join(offenders)


def test_qstr_arguments_are_plain_literals() -> None:
    # lupdate extracts only qsTr("literal"): qsTr(variable) or qsTr("a" + b) never gets a
    # translation.
    bad = [
        f"{path.relative_to(ROOT)}:{call.line}: {call.name}(...)"
        for path in qml_files()
        for call in scan(path.read_text(encoding="utf-8"))[1]
        if call.name != "qsTr" or not call.literal_first
    ]
    assert not bad, (
        "use qsTr() with one string literal as its first argument (the only form this test"
        " checks):\n" + "\n".join(bad)
    )


def test_the_ts_file_has_nothing_unfinished_obsolete_or_stale() -> None:
    used = used_messages()
    messages = ts_messages()
    problems = [f"[{m.context}] {m.source!r}: {m.kind}" for m in messages if m.kind is not None] + [
        f"[{m.context}] {m.source!r}: not used in the QML any more"
        for m in messages
        if (m.context, m.source) not in used
    ]
    assert not problems, REFRESH + "\n" + "\n".join(problems)


def test_placeholders_survive_translation() -> None:
    wrong = [
        f"[{m.context}] {m.source!r} -> {m.translation!r}"
        for m in ts_messages()
        if sorted(PLACEHOLDER.findall(m.source)) != sorted(PLACEHOLDER.findall(m.translation))
    ]
    assert not wrong, "placeholders (%1, %2...) differ:\n" + "\n".join(wrong)


def test_english_has_no_chinese_left() -> None:
    # Except the home screen's line for readers of the other language, which in English
    # tells Chinese readers how to switch back.
    leftovers = [
        f"[{m.context}] {m.source!r} -> {m.translation!r}"
        for m in ts_messages()
        if CJK.search(m.translation) and CJK.search(m.source)
    ]
    assert not leftovers, "Chinese left in English translations:\n" + "\n".join(leftovers)


@pytest.fixture
def english(tmp_path: Path, qapp: QCoreApplication) -> Iterator[QTranslator]:
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy2(TS_FILE, folder / TS_FILE.name)
    compiled = ensure_compiled(folder)
    assert compiled == [folder / "kiosk_en_US.qm"]
    assert compiled[0].stat().st_size > 1000
    translator = QTranslator()
    assert translator.load(str(compiled[0]))
    assert qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


@pytest.mark.parametrize(
    ("context", "source", "english_text"),
    [
        ("Home", "开始申报", "Start declaration"),
        ("Main", "呼叫辅导员", "Call an attendant"),
        ("Main", "第 %1 步 / 共 %2 步", "Step %1 of %2"),
        ("Result", "容缺受理承诺书", "Commitment to bring the missing materials"),
        ("Ticket", "请到 %1办理", "Please go to %1"),
        (
            "Intro",
            "开始前请看清需要的材料（一次性告知）。",
            "Before you start, check the materials you need (one-time notice).",
        ),
        ("Check", "：", ": "),
    ],
)
def test_the_compiled_translation_translates(
    english: QTranslator, context: str, source: str, english_text: str
) -> None:
    assert english.translate(context, source) == english_text
    assert QCoreApplication.translate(context, source) == english_text


def test_every_message_is_in_the_compiled_translation(english: QTranslator) -> None:
    untranslated = [
        f"[{m.context}] {m.source!r}"
        for m in ts_messages()
        if QCoreApplication.translate(m.context, m.source) != m.translation
    ]
    assert not untranslated, "not translated by the compiled .qm:\n" + "\n".join(untranslated)


def test_the_wrong_context_is_not_translated(english: QTranslator) -> None:
    # The context is the QML file's name: the same text elsewhere needs its own entry.
    assert QCoreApplication.translate("NoSuchScreen", "开始申报") == "开始申报"


def test_a_closed_kiosk_takes_its_translator_with_it(kiosk: Any) -> None:
    """The application outlives a kiosk: English must not leak into the next one."""
    k = kiosk
    k.click("lang_en_US")
    k.wait(lambda: QCoreApplication.translate("Main", "呼叫辅导员") == "Call an attendant")
    k.app.close()
    assert QCoreApplication.translate("Main", "呼叫辅导员") == "呼叫辅导员"
