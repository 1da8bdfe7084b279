"""Search of the service catalog for the "choose the service" screen (事项检索).

Applicants type on a touch keyboard, in Chinese or in pinyin, and rarely in English:
"老年证", "laonianzheng" and "lnz" all find 老年人优待证（老年证）办理. `ServiceIndex` is built
once from the catalog and precomputes, for every item, the keys a query is compared with:

* the Chinese name, the name without its bracketed parts and the text inside 《》/（）,
  the keywords and the titles in 《》 of the description;
* their full pinyin without tones (lowercase, no spaces: "laonianrenyoudaizheng"). Each
  string is converted whole by pypinyin's phrase-aware `lazy_pinyin`, so that 多音字 read
  as in their words (银行 yinhang, 行政 xingzheng, 参保 canbao, 单位 danwei);
* their initials ("lnrydz"), one letter a syllable (zh, ch, sh give z, c, s);
* the words of the English name and description.

A query is normalised (NFKC, which folds full-width letters and digits to half-width;
lowercase; spaces and apostrophes removed; ü as v). A query with a Chinese character is
looked for as a substring of the Chinese keys; any other query as a prefix of the pinyin
from a syllable boundary (so "nianzheng" matches but "ianzh" does not), as a substring of
the initials, or as a prefix of the English text from a word boundary. Results come in
`Rank` order, catalog order within a rank; `search` never raises.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from pypinyin import lazy_pinyin

from kiosk.catalog.models import Category, ServiceItem

__all__ = ["Rank", "ServiceIndex", "normalise_query"]

# Han characters as pypinyin reads them: 〇, CJK Extension A, the URO, compatibility
# ideographs (NFKC folds most of them) and the supplementary planes' extensions.
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_HAN_RE = re.compile(f"[{_HAN}]")
# Runs of Han characters, or of ASCII letters and digits: what a key is made of.
_RUN_RE = re.compile(f"([{_HAN}]+)|([a-z0-9]+)")
_LATIN_RE = re.compile(r"[a-z0-9]+")
# Text in brackets (NFKC has folded （） to ()): 老年人优待证（老年证）办理 -> 老年证.
_BRACKETED_RE = re.compile(r"[(《【\[]([^()《》【】\[\]]*)[)》】\]]")
_BOOK_TITLE_RE = re.compile(r"《([^《》]*)》")
# Spaces and apostrophes (pinyin syllable separators: xi'an) that a query may contain.
_APOSTROPHES = "'`\u2018\u2019\u02bc"
_IGNORED_RE = re.compile(f"[\\s{_APOSTROPHES}]+")
_APOSTROPHE_RE = re.compile(f"[{_APOSTROPHES}]+")
_SEP = "\x00"  # never in a normalised key or query, so a match cannot span two keys
_DESCRIPTION_WINDOW = 8  # words of a description a query may span


class Rank(IntEnum):
    """How well an item matches a query; lower ranks are listed first."""

    NAME_PREFIX = 0  # the name (or a bracketed part of it) starts with the query
    NAME = 1  # the query is inside the name
    KEYWORD = 2  # the query is inside a keyword
    INITIALS = 3  # the query is inside the pinyin initials of the name or a keyword
    ENGLISH = 4  # the English name has the query at a word start
    DESCRIPTION = 5  # the description (Chinese, or English at a word start) has it


def _normalise(text: str) -> str:
    """NFKC (full-width to half-width), lowercase, ü as v (as pinyin keyboards type it)."""
    return unicodedata.normalize("NFKC", text).lower().replace("ü", "v")


def normalise_query(query: str) -> str:
    """The query as it is compared: normalised, without spaces, apostrophes or punctuation.

    Only Han characters and ASCII letters and digits remain, so a query of punctuation
    alone gives "" (and finds nothing; a blank query lists every item).
    """
    return _compact(_IGNORED_RE.sub("", _normalise(query)))


def _compact(normalised: str) -> str:
    return "".join(m.group() for m in _RUN_RE.finditer(normalised))


def _syllables(normalised: str) -> list[tuple[str, bool]]:
    """The pinyin syllables of a normalised text, with whether each is a Han syllable.

    Runs of letters and digits ("etc", "3") are kept whole; punctuation is dropped.
    """
    out: list[tuple[str, bool]] = []
    for m in _RUN_RE.finditer(normalised):
        han, latin = m.groups()
        if han is None:
            out.append((latin, False))
            continue
        for syllable in lazy_pinyin(han, errors="ignore"):
            letters = "".join(_LATIN_RE.findall(_normalise(str(syllable))))
            if letters:
                out.append((letters, True))
    return out


def _anchored(tokens: Sequence[str], window: int | None = None) -> str:
    """Every suffix of the joined tokens from a token start, each after a separator.

    ``_SEP + query in _anchored(tokens)`` says whether the query starts at a token
    boundary; `window` bounds how many tokens a match may span (to keep long texts small).
    """
    size = len(tokens) if window is None else window
    return "".join(_SEP + "".join(tokens[i : i + size]) for i in range(len(tokens)))


def _name_parts(normalised_name: str) -> list[str]:
    """The name, the name without its bracketed parts, and each bracketed part."""
    parts = [
        normalised_name,
        _BRACKETED_RE.sub("", normalised_name),
        *_BRACKETED_RE.findall(normalised_name),
    ]
    return list(dict.fromkeys(p for p in parts if _compact(p)))


@dataclass(frozen=True, slots=True)
class _Keys:
    """One item's precomputed search keys; strings joined with `_SEP`."""

    item: ServiceItem
    zh_name_heads: str  # _SEP before each name part: prefix test
    zh_name: str
    zh_keywords: str
    zh_description: str
    py_name_heads: str
    py_name: str  # syllable-anchored
    py_keywords: str  # syllable-anchored
    initials: str
    en_name: str  # word-anchored
    en_description: str  # word-anchored

    @classmethod
    def of(cls, item: ServiceItem) -> _Keys:
        names = _name_parts(_normalise(item.name.zh))
        description = _normalise(item.description.zh)
        keywords = [_normalise(k) for k in item.keywords]
        keywords += _BOOK_TITLE_RE.findall(description)
        keywords = list(dict.fromkeys(k for k in keywords if _compact(k)))

        name_syllables = [_syllables(n) for n in names]
        keyword_syllables = [_syllables(k) for k in keywords]
        initials = [
            "".join(s[0] if han else s for s, han in syllables)
            for syllables in name_syllables + keyword_syllables
        ]
        zh_names = [_compact(n) for n in names]

        def english_words(text: str) -> list[str]:
            return _LATIN_RE.findall(_APOSTROPHE_RE.sub("", _normalise(text)))

        return cls(
            item=item,
            zh_name_heads="".join(_SEP + n for n in zh_names),
            zh_name=_SEP.join(zh_names),
            zh_keywords=_SEP.join(_compact(k) for k in keywords),
            zh_description=_compact(description),
            py_name_heads="".join(_SEP + "".join(s for s, _ in n) for n in name_syllables),
            py_name="".join(_anchored([s for s, _ in n]) for n in name_syllables),
            py_keywords="".join(_anchored([s for s, _ in k]) for k in keyword_syllables),
            initials=_SEP.join(initials),
            en_name=_anchored(english_words(item.name.en)),
            en_description=_anchored(english_words(item.description.en), _DESCRIPTION_WINDOW),
        )

    def rank(self, query: str) -> Rank | None:
        """How the item matches a normalised, non-empty query; None if it does not."""
        head = _SEP + query
        if _HAN_RE.search(query):
            if head in self.zh_name_heads:
                return Rank.NAME_PREFIX
            if query in self.zh_name:
                return Rank.NAME
            if query in self.zh_keywords:
                return Rank.KEYWORD
            if query in self.zh_description:
                return Rank.DESCRIPTION
            return None
        if head in self.py_name_heads:
            return Rank.NAME_PREFIX
        if head in self.py_name:
            return Rank.NAME
        if head in self.py_keywords:
            return Rank.KEYWORD
        if query in self.initials:
            return Rank.INITIALS
        if head in self.en_name:
            return Rank.ENGLISH
        if head in self.en_description:
            return Rank.DESCRIPTION
        return None


class ServiceIndex:
    """The catalog's items with their search keys, built once; `search` answers queries."""

    def __init__(self, items: Iterable[ServiceItem]) -> None:
        self._keys = tuple(_Keys.of(item) for item in items)

    @property
    def items(self) -> list[ServiceItem]:
        """All items, in catalog order."""
        return [k.item for k in self._keys]

    def __len__(self) -> int:
        return len(self._keys)

    def search(self, query: str, category: Category | None = None) -> list[ServiceItem]:
        """The items matching `query` (of `category`, if given), best matches first.

        A blank query (nothing but spaces and apostrophes) lists every item in catalog
        order; a query with nothing searchable in it (punctuation only) finds nothing.
        """
        keys = [k for k in self._keys if category is None or k.item.category is category]
        if not _IGNORED_RE.sub("", _normalise(query)):
            return [k.item for k in keys]
        normalised = normalise_query(query)
        if not normalised:
            return []
        ranked: list[tuple[Rank, int, ServiceItem]] = []
        for position, k in enumerate(keys):
            rank = k.rank(normalised)
            if rank is not None:
                ranked.append((rank, position, k.item))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [item for _, _, item in ranked]
