"""Encoding ticket text for a printer's Chinese font, replacing what it cannot print.

Printer fonts cover the two-byte GBK range (GB18030's four-byte sequences print as
garbage on most of them), so each character is checked on its own: one the encoding
cannot carry in one or two bytes is replaced by a look-alike ("¥" -> "￥") or "?",
instead of failing the ticket. python-escpos's text() is not used: it switches code
pages for strings without Hanzi and corrupts the printer's Chinese mode.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

REPLACEMENTS = {
    "¥": "￥",
    "•": "·",
    "‧": "·",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "−": "-",
    "\u00a0": " ",
    "€": "EUR",
    "✓": "√",
    "✔": "√",
    "“": "“",
    "\t": " ",
}


@dataclass(frozen=True)
class Encoded:
    """Bytes for the printer, and the characters that had to be replaced."""

    data: bytes
    replaced: tuple[str, ...]


def encode(text: str, encoding: str) -> Encoded:
    """`text` in `encoding`, one or two bytes per character, look-alikes where needed."""
    out = bytearray()
    replaced: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        data = _one(ch, encoding)
        if data is None:
            substitute = REPLACEMENTS.get(ch, "?")
            data = b"".join(_one(c, encoding) or b"?" for c in substitute)
            replaced.append(ch)
        out += data
    return Encoded(bytes(out), tuple(replaced))


def _one(ch: str, encoding: str) -> bytes | None:
    if unicodedata.category(ch) == "Cc":
        return None  # control characters (C0, DEL, C1) would be taken as printer commands
    try:
        data = ch.encode(encoding)
    except UnicodeEncodeError:
        return None
    return data if len(data) <= 2 else None


def display_width(text: str) -> int:
    """Columns the text takes on a receipt printer: Hanzi and full-width forms take 2."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# Chinese line-breaking rules (避头尾), full- and half-width: these never start a line...
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉］｝”’…—·%‰℃°,.;:?!)]}")
# ...and these never end one.
NO_LINE_END = frozenset("（《「『【〔〈［｛“‘([{")

# Words a ticket line is not split inside where a break elsewhere on the line is
# possible: the parts the shipped catalog's material and item names are made of, and the
# ticket's own words. A word list rather than a segmenter (no jieba on the terminal): a
# word missing here can be split like any two Hanzi, which Chinese typesetting allows.
WORDS = [
    "房产证",
    "不动产权证书",
    "房屋所有权证",
    "身份证",
    "居民身份证",
    "户口簿",
    "居住证",
    "营业执照",
    "正、副本",
    "租赁合同",
    "合同",
    "申请书",
    "申请表",
    "登记表",
    "委托书",
    "承诺书",
    "证明",
    "复印件",
    "原件",
    "照片",
    "彩色",
    "免冠",
    "法定代表人",
    "负责人",
    "代理人",
    "监护人",
    "经办人",
    "合伙人",
    "投资人",
    "股东会",
    "决议",
    "决定",
    "出生医学证明",
    "结婚证",
    "残疾人证",
    "老年人",
    "老年证",
    "优待证",
    "许可证",
    "许可",
    "报告",
    "检测",
    "评价",
    "清税",
    "注销",
    "设立",
    "变更",
    "住所",
    "登记",
    "信息",
    "企业",
    "公司",
    "个体工商户",
    "养老保险",
    "参保",
    "新办",
    "办理",
    "申领",
    "补交",
    "前补交",
    "容缺",
    "受理",
    "预审",
    "通过",
    "事项",
    "申报",
    "编号",
    "窗口",
    "等候",
    "终端",
    "材料",
    "政务服务",
    "中心",
    "自助",
    "取号",
    "扫码",
    "查看",
    "进度",
    "过号",
    "重新",
]

_LATIN = re.compile(r"[!-~]+")


def wrap(text: str, columns: int, words: tuple[str, ...] = ()) -> list[str]:
    """Break `text` into lines of at most `columns` display columns; a ``\\n`` always
    breaks. No line starts with `NO_LINE_START` or ends with `NO_LINE_END` (the mark
    goes with its neighbour), a run of Latin letters and digits stays whole, and no
    word of `WORDS` (nor one of `words`, such as a material's name, if it fits a line)
    is split where the line can break elsewhere; only a run wider than a line is cut.
    Linear in the length of `text`: each character is measured at most twice."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _wrap_line(paragraph, columns, words)
    return lines


# How bad a break is: between two words, inside a name of `words`, inside a word.
_FREE, _IN_NAME, _IN_WORD = 0, 1, 2


def break_costs(text: str, words: tuple[str, ...] = (), columns: int = 0) -> list[int]:
    """For each offset, how bad a break before that character is (0: free)."""
    return _protected(text, words, columns)


def _protected(text: str, words: tuple[str, ...], columns: int) -> list[int]:
    """For each offset, how bad a break before that character is."""
    cost = [_FREE] * (len(text) + 1)
    for group, level in ((words, _IN_NAME), (WORDS, _IN_WORD)):
        for word in group:
            if len(word) < 2 or (level == _IN_NAME and 2 * len(word) > columns):
                continue  # a name wider than a line breaks inside anyway
            at = text.find(word)
            while at >= 0:
                for i in range(at + 1, at + len(word)):
                    cost[i] = max(cost[i], level)
                at = text.find(word, at + 1)
    return cost


def _atoms(text: str) -> list[tuple[str, int]]:
    """`text` as pieces no break goes inside, each with the offset it starts at: a Latin
    run, one other character or a run of spaces, with closing marks glued to the piece
    before and opening marks (and spaces after them) to the piece after."""
    atoms: list[tuple[str, int]] = []
    pending = ""  # opening marks waiting for their piece
    pending_at = 0
    i = 0
    while i < len(text):
        ch = text[i]
        latin = _LATIN.match(text, i) if "!" <= ch <= "~" else None
        piece = latin.group() if latin else ch
        if not latin and ch.isspace():
            end = i
            while end < len(text) and text[end].isspace():
                end += 1
            piece = text[i:end]
        at = i
        i += len(piece)
        if pending:
            if piece.isspace() or piece in NO_LINE_END:
                pending += piece
                continue
            atoms.append((pending + piece, pending_at))
            pending = ""
            continue
        if piece in NO_LINE_END:
            pending, pending_at = piece, at
            continue
        if len(piece) == 1 and piece in NO_LINE_START and atoms:
            glued, start = atoms.pop()
            if glued.isspace() and atoms:  # "ahead ：": the space goes along too
                before, start = atoms.pop()
                glued = before + glued
            atoms.append((glued + piece, start))
            continue
        atoms.append((piece, at))
    if pending:
        atoms.append((pending, pending_at))
    return atoms


def _wrap_line(text: str, columns: int, words: tuple[str, ...]) -> list[str]:
    cost = _protected(text, words, columns)
    lines: list[str] = []
    # The line being filled: (piece, its width, cost of a break before it).
    line: list[tuple[str, int, int]] = []
    width = 0
    last = [-1, -1, -1]  # per cost, the last index in `line` a break may go before

    def restart(pieces: list[tuple[str, int, int]]) -> None:
        nonlocal line, width
        while pieces and pieces[0][0].isspace():
            pieces = pieces[1:]
        line, width = pieces, sum(w for _, w, _ in pieces)
        last[:] = [-1, -1, -1]
        for k in range(1, len(line)):
            last[line[k][2]] = k

    for piece, at in _atoms(text):
        piece_width = display_width(piece)
        if width + piece_width <= columns or (piece.isspace() and not line):
            if line:
                last[cost[at]] = len(line)
            line.append((piece, piece_width, cost[at]))
            width += piece_width
            continue
        if piece.isspace():  # the break goes here; the spaces go
            lines.append("".join(p for p, _, _ in line).rstrip())
            restart([])
            continue
        if line:  # a break right before this piece is a candidate too
            last[cost[at]] = len(line)
        best = next((k for k in last if k > 0), -1)
        if best > 0:  # break before line[best]; the rest starts the next line
            lines.append("".join(p for p, _, _ in line[:best]).rstrip())
            restart(line[best:])
        elif line:
            lines.append("".join(p for p, _, _ in line).rstrip())
            restart([])
        if width + piece_width <= columns:
            if line:
                last[cost[at]] = len(line)
            line.append((piece, piece_width, cost[at]))
            width += piece_width
            continue
        # Wider than the paper: cut (the rest of the line was just printed).
        if line:
            lines.append("".join(p for p, _, _ in line).rstrip())
        pieces, rest = _cut(piece, columns)
        lines += pieces
        restart([(rest, display_width(rest), _FREE)] if rest else [])
    if line or not lines:
        lines.append("".join(p for p, _, _ in line).rstrip())
    return lines


def _cut(text: str, columns: int) -> tuple[list[str], str]:
    """`text` as whole lines of `columns` columns, and the rest that fits one line."""
    pieces: list[str] = []
    start = 0
    width = 0
    for i, ch in enumerate(text):
        ch_width = display_width(ch)
        if width + ch_width > columns and i > start:
            pieces.append(text[start:i])
            start, width = i, 0
        width += ch_width
    return pieces, text[start:]
