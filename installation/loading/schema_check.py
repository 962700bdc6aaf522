"""Check a `Document` against a pydantic model and say what is wrong in a curator's words."""

from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Problem
from .yamlfile import Document

M = TypeVar("M", bound=BaseModel)


def check(document: Document, model: type[M], nouns: dict[str, str]) -> tuple[M | None, list[Problem]]:
    if not isinstance(document.data, dict):
        return None, [Problem(document.file, 1, "the file should be a mapping of 'key: value' lines at the top level")]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        problems = [_explain(document, model, detail, nouns) for detail in error.errors()]
        return None, sorted(set(problems))


def _explain(document: Document, root: type[BaseModel], detail: Any, nouns: dict[str, str]) -> Problem:
    loc = tuple(part for part in detail["loc"] if not _is_union_tag(part))
    kind = detail["type"]
    field = printable(next((part for part in reversed(loc) if isinstance(part, str)), ""))
    owner = _owner_noun(loc[:-1], nouns)
    given = detail.get("input")
    ctx = detail.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _fields_at(root, loc[:-1])
        hint = difflib.get_close_matches(str(field), allowed, n=1)
        message = f"'{field}' is not a field of {owner}."
        message += f" Did you mean '{hint[0]}'?" if hint else f" Allowed: {', '.join(allowed)}."
        return document.problem(loc, message)
    if kind == "missing":
        return document.problem(loc, f"'{field}' is missing from {owner}")
    if given is None and kind.endswith("_type"):
        return document.problem(loc, f"'{field}' is empty; give it a value")
    if kind in ("int_parsing", "float_parsing", "int_type", "float_type", "int_from_float"):
        return document.problem(loc, f"'{field}' should be a {'whole ' if kind.startswith('int') else ''}number, not {_show(given)}")
    if kind in ("bool_parsing", "bool_type"):
        return document.problem(loc, f"'{field}' should be yes or no, not {_show(given)}")
    if kind == "string_type":
        return document.problem(loc, f"'{field}' should be text, not {_kind_of(given)}")
    if kind == "list_type":
        return document.problem(loc, f"'{field}' should be a list (lines starting with '- '), not {_kind_of(given)}")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return document.problem(loc, f"'{field}' should be a mapping of 'key: value' lines, not {_kind_of(given)}")
    if kind == "literal_error":
        return document.problem(loc, f"'{field}' should be {ctx.get('expected', 'one of the allowed words')}, not {_show(given)}")
    if kind == "string_pattern_mismatch":
        return document.problem(loc, f"'{field}' should be an id of lower-case letters, digits, '-' and '_', not {_show(given)}")
    if kind == "string_too_short":
        return document.problem(loc, f"'{field}' is empty; give it a value")
    if kind == "string_too_long":
        return document.problem(loc, f"'{field}' is longer than {ctx.get('max_length')} characters")
    if kind == "too_short":
        return document.problem(loc, f"'{field}' needs at least {ctx.get('min_length')} entries, it has {ctx.get('actual_length')}")
    if kind == "too_long":
        return document.problem(loc, f"'{field}' can have at most {ctx.get('max_length')} entries, it has {ctx.get('actual_length')}")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        limit = next(iter(ctx.values()), "")
        relation = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than", "less_than": "less than"}[kind]
        return document.problem(loc, f"'{field}' should be {relation} {limit}, not {_show(given)}")
    if kind == "value_error":
        return document.problem(loc, str(ctx.get("error", detail["msg"])))
    return document.problem(loc, f"'{field}': {detail['msg']}")


def printable(text: str) -> str:
    """A key as it can be shown on one line: a newline or tab in it is written as \\n, \\t."""
    return text if text.isprintable() else text.encode("unicode_escape").decode("ascii")


def _is_union_tag(part: Any) -> bool:
    # pydantic adds the member type's name ("str", "function-after[...]") to union error paths
    return isinstance(part, str) and ("[" in part or part in ("str", "int", "float", "none", "list"))


def _owner_noun(loc: tuple[Any, ...], nouns: dict[str, str]) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return nouns.get(part, f"'{part}'")
    return "the file"


def _show(value: Any) -> str:
    if isinstance(value, str):
        return f"'{value}'"
    return _kind_of(value)


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"


def _fields_at(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return []
        model = _model_in(fields[part].annotation)
    return list(getattr(model, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    """The pydantic model inside list[...], X | None, and so on."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def placeholder_names(model: type[BaseModel], field: str) -> tuple[str, ...] | None:
    extra = model.model_fields[field].json_schema_extra
    return tuple(extra["placeholders"]) if isinstance(extra, dict) and "placeholders" in extra else None

