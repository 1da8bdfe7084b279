"""Bilingual text as the core carries it: Chinese first, English beside it.

Interface strings go through Qt's translation system in `ui/`; text that comes from
data (the catalog) or is produced by the core (pre-review findings) carries both
languages itself, because the core imports no Qt.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

LANGUAGES = ("zh_CN", "en_US")


class Text(BaseModel):
    """A piece of user-facing text in Chinese and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v.strip()

    def get(self, language: str) -> str:
        """The text in `language` ("zh_CN"/"zh" or "en_US"/"en"); Chinese otherwise."""
        return self.en if language.startswith("en") else self.zh

    def format(self, **params: Any) -> Text:
        """Both languages with `{name}` placeholders filled in; Text values per language."""
        zh = {k: (p.zh if isinstance(p, Text) else p) for k, p in params.items()}
        en = {k: (p.en if isinstance(p, Text) else p) for k, p in params.items()}
        return Text.model_construct(zh=self.zh.format(**zh), en=self.en.format(**en))

    def __str__(self) -> str:
        return self.zh


def text(zh: str, en: str) -> Text:
    """Build a Text without validation (for constants in code)."""
    return Text.model_construct(zh=zh, en=en)
