"""How pydantic checks a `Text` in the catalog and the config: both languages, not blank.

Kept apart from kiosk.i18n so that `Text` itself needs no pydantic; pydantic loads this
when it builds the schema of a model with a Text field.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic_core import core_schema

from kiosk.i18n import Text as PlainText


class Text(BaseModel):
    """A Text as written in a file: `{ zh = "...", en = "..." }` (named as the plain value:
    errors say "a valid dictionary or instance of Text")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @field_validator("zh", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be empty")
        return v.strip()


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


__all__ = ["Text", "text_schema"]
