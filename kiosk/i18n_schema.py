"""How pydantic checks a `Text` in the catalog and the config: both languages, not blank.

Kept apart from kiosk.i18n so that `Text` itself needs no pydantic; pydantic loads this
when it builds the schema of a model with a Text field.

Every Text follows one of kiosk.text's rules, in both languages; each place says which,
written as
``Annotated[Text, ruled(NAME, LABEL)]`` (the Chinese rule, then the English one: a
Chinese character takes two columns of a ticket line, so English may have about twice as
many characters). `checked_str` does the same for plain strings (the config's texts).
"""

from __future__ import annotations

from typing import Any

from pydantic import AfterValidator, BaseModel, ConfigDict, field_validator
from pydantic_core import core_schema

from kiosk.i18n import Text as PlainText
from kiosk.text import TextRule, refused_char


def rule_problem(rule: TextRule, value: str) -> str | None:
    """Why `value` breaks `rule`, or None; a text far too long is refused before its
    characters are looked at (a 10 MB name costs a length check, not a scan)."""
    if len(value) > rule.max_chars:
        return f"{len(value)} characters is too long ({rule.describe()})"
    # Fast path (loading the catalog checks thousands of texts): no refused character is
    # printable in Python's sense, and a printable text holds no line break.
    if value.isprintable() and (rule.allow_empty or value.strip()):
        return None
    return rule.problem(value)


class Text(BaseModel):
    """A Text as written in a file: `{ zh = "...", en = "..." }` (named as the plain value:
    errors say "a valid dictionary or instance of Text")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        # Only spaces and line breaks are trimmed: str.strip() would silently drop controls
        # such as U+001C or U+0085 (Python counts them as whitespace), which the place's
        # rule (`ruled`) refuses by name.
        v = _trim(v)
        if not v:
            raise ValueError("must not be empty")
        return v


def _trim(value: str) -> str:
    if not (value[:1].isspace() or value[-1:].isspace()):
        return value  # the common case, at C speed
    start, end = 0, len(value)
    while start < end and _trimmed(value[start]):
        start += 1
    while end > start and _trimmed(value[end - 1]):
        end -= 1
    return value[start:end]


def _trimmed(ch: str) -> bool:
    return ch.isspace() and not refused_char(ch, multiline=True)


def _as_fields(value: object) -> object:
    return {"zh": value.zh, "en": value.en} if isinstance(value, PlainText) else value


def _from_fields(value: Text) -> PlainText:
    return PlainText(value.zh, value.en)


def text_schema(handler: Any) -> core_schema.CoreSchema:
    """A Text is read like the model above (the same errors, at the same places), then
    kept as the plain value; dumped as `{"zh": ..., "en": ...}`."""
    return core_schema.no_info_after_validator_function(
        _from_fields,
        core_schema.no_info_before_validator_function(_as_fields, handler(Text)),
        serialization=core_schema.plain_serializer_function_ser_schema(
            lambda t: {"zh": t.zh, "en": t.en}
        ),
    )


def ruled(zh: TextRule, en: TextRule | None = None) -> AfterValidator:
    """The check of a Text shown under `zh`'s rule in Chinese and `en`'s in English."""
    rules = (("zh", zh), ("en", en or zh))

    def check(value: PlainText) -> PlainText:
        problems = []
        for lang, rule in rules:
            problem = rule_problem(rule, getattr(value, lang))
            if problem is not None:
                problems.append(f"{lang}: {problem}")
        if problems:
            raise ValueError("; ".join(problems))
        return value

    return AfterValidator(check)


def checked_str(rule: TextRule) -> AfterValidator:
    """The check of a plain string shown under `rule`."""

    def check(value: str) -> str:
        problem = rule_problem(rule, value)
        if problem is not None:
            raise ValueError(problem)
        return value

    return AfterValidator(check)


__all__ = ["Text", "checked_str", "rule_problem", "ruled", "text_schema"]
