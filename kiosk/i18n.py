"""Bilingual text as the core carries it: Chinese first, English beside it.

Interface strings go through Qt's translation system in `ui/`; text that comes from
data (the catalog) or is produced by the core (pre-review findings) carries both
languages itself, because the core imports no Qt.

`Text` is a plain value (no pydantic): the home screen's first frame, the printer and
the protocol need it without paying for pydantic. The catalog's models still check it
field by field (kiosk.i18n_schema, loaded when pydantic builds their schemas).
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh_CN", "en_US")


class Text:
    """A piece of user-facing text in Chinese and English (immutable)."""

    __slots__ = ("en", "zh")
    zh: str
    en: str

    def __init__(self, zh: str, en: str) -> None:
        object.__setattr__(self, "zh", zh)
        object.__setattr__(self, "en", en)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Text is immutable: cannot set {name}")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.zh, self.en) == (other.zh, other.en)

    def __hash__(self) -> int:
        return hash((self.zh, self.en))

    def __repr__(self) -> str:
        return f"Text(zh={self.zh!r}, en={self.en!r})"

    def __str__(self) -> str:
        return self.zh

    def __reduce__(self) -> tuple[type[Text], tuple[str, str]]:
        return (Text, (self.zh, self.en))  # copy and deepcopy (dataclasses.asdict) too

    def get(self, language: str) -> str:
        """The text in `language` ("zh_CN"/"zh" or "en_US"/"en"); Chinese otherwise."""
        return self.en if language.startswith("en") else self.zh

    def format(self, **params: Any) -> Text:
        """Both languages with `{name}` placeholders filled in; Text values per language."""
        zh = {k: (p.zh if isinstance(p, Text) else p) for k, p in params.items()}
        en = {k: (p.en if isinstance(p, Text) else p) for k, p in params.items()}
        return Text(self.zh.format(**zh), self.en.format(**en))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from kiosk.i18n_schema import text_schema

        return text_schema(handler)


def text(zh: str, en: str) -> Text:
    """Build a Text without checks (for constants in code)."""
    return Text(zh, en)
