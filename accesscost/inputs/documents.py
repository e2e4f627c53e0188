"""A parsed YAML document into a typed model (pydantic), every problem named by its file,
field path and reason, with "did you mean" for an unknown key."""

from __future__ import annotations

import difflib
import typing
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from accesscost.core.errors import AssumptionErrors, Problem
from accesscost.core.safe_text import short_text
from accesscost.inputs.fields import PATTERN_MEANING
from accesscost.inputs.safe_yaml import parse_yaml, read_text

M = TypeVar("M", bound=BaseModel)


def validate_document(model: type[M], document: object, file: str) -> M:
    """Validate a parsed document into ``model``; problems name the field path."""
    if not isinstance(document, dict):
        kind = "an empty file" if document is None else type(document).__name__
        raise AssumptionErrors.one(file, "", f"expected a mapping of fields, got {kind}")
    if document and not set(document) & set(model.model_fields):
        known = ", ".join(model.model_fields)
        kind = model.__name__.lower().removesuffix("file")
        reason = f"not a {kind} file: none of its keys is a known field (known: {known})"
        raise AssumptionErrors.one(file, "", reason)  # its keys are not echoed: any file's lines
    try:
        return model.model_validate(document)
    except ValidationError as error:
        raise AssumptionErrors([_problem(file, e, model) for e in error.errors()]) from None


def _problem(file: str, error: ErrorDetails, model: type[BaseModel]) -> Problem:
    path = ".".join(short_text(part, 32) for part in error["loc"])
    reason = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        reason = _unknown_field(model, error["loc"])
    elif error["type"] == "missing":
        reason = "required field is missing"
    elif error["type"] == "string_pattern_mismatch":
        meaning = PATTERN_MEANING.get(error["ctx"]["pattern"], reason)
        reason = f"{meaning}, got {_echo(error['input'])}"
    elif "input" in error and error["type"] not in ("value_error",):
        reason = f"{reason}, got {_echo(error['input'])}"
    return Problem(file, path, reason)


def _echo(value: object) -> str:
    """A received value as an error message shows it: its repr, cut short."""
    return short_text(repr(value), 60)


def _unknown_field(model: type[BaseModel], loc: tuple) -> str:
    """``unknown field``, with the closest known field name or the list of known ones."""
    known = _fields_at(model, loc[:-1])
    if not known:
        return "unknown field"
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.75)
    if close:
        return f"unknown field; did you mean {close[0]!r}?"
    return f"unknown field; known: {', '.join(known)}"


def _fields_at(model: type[BaseModel] | None, loc: tuple) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model`` (list indexes skipped)."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model else None
        model = _model_in(field.annotation) if field else None
    return list(model.model_fields) if model else []


def _model_in(annotation) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``list[Item]`` or ``Item | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def load_file(model: type[M], path: Path) -> M:
    return validate_document(model, parse_yaml(read_text(path), str(path)), str(path))
