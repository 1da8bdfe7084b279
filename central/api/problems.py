"""The API's problem document: every refusal is `{"detail": "..."}`, a 422 with `errors`.

FastAPI's own 422 puts a list in `detail` and echoes each refused input back: a 10 MB
string, an applicant's answers, or a number JSON cannot write (`1e400` parses as
infinity, and writing the answer then failed: a 500). Here `detail` is one sentence
naming the first field and what it must be, and `errors` lists every problem without
its input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

MAX_ERRORS = 20  # listed in one answer; the count says how many more
MAX_MESSAGE = 300  # characters of one message (pydantic's quote their input's start)


def problem(status: int, detail: str, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An error answer in the problem document's form."""
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _where(loc: Sequence[Any]) -> str:
    return ".".join(str(part)[:64] for part in loc) or "body"


def _errors(raw: Sequence[Any]) -> list[dict[str, Any]]:
    out = []
    for error in raw[:MAX_ERRORS]:
        loc = [part if isinstance(part, int) else str(part)[:64] for part in error.get("loc", ())]
        out.append(
            {
                "loc": loc,
                "msg": str(error.get("msg", ""))[:MAX_MESSAGE],
                "type": str(error.get("type", ""))[:64],
            }
        )
    return out


async def validation_problem(request: Request, exc: Exception) -> JSONResponse:
    """A 422 naming the first refused field, every problem listed without its input."""
    assert isinstance(exc, RequestValidationError)
    errors = _errors(exc.errors())
    if not errors:
        return problem(422, "the request is not acceptable")
    first = errors[0]
    more = len(exc.errors()) - 1
    detail = f"{_where(first['loc'])}: {first['msg']}" + (f" (and {more} more)" if more else "")
    return JSONResponse({"detail": detail, "errors": errors}, status_code=422)


def install(app: FastAPI) -> None:
    """Answer every validation error of `app` with the problem document."""
    app.add_exception_handler(RequestValidationError, validation_problem)
