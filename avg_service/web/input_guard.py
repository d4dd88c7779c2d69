"""Input no route should ever see: refused with a 4xx before any view runs (issue 15, finding 9).

- Ids in paths are bounded to the database's integer range (the ``int`` converter), so
  ``/verzoeken/2147483648`` is a 404 and not an "integer out of range" from PostgreSQL.
- Every query, form and JSON value is checked for NUL and other control characters (tab, CR
  and LF are text): PostgreSQL cannot store a NUL, and no person types one.
- Id and page numbers in queries, forms and JSON (keys ``id``, ``*_id``, ``*_ids``, ``page``)
  beyond that range, and dates (keys ``*_at``, ``*_on``, ``*date*``) before 1900 or after 2999,
  are refused: they overflow the database or the time-zone arithmetic (``0001-01-01``).

A refusal is a 400: JSON ``{"message", "errors": {field: [...]}}`` under ``/api/``, the error
page elsewhere. Nothing has been read or written by then.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask, request
from werkzeug.routing import IntegerConverter

from avg_service.errors import DomainError

#: PostgreSQL ``integer``, the type of every id column.
MAX_ID = 2**31 - 1
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE = re.compile(r"^\s*(\d{1,6})-\d{1,2}-\d{1,2}")
_BAD_CHARACTER = "Dit veld bevat een teken dat niet is toegestaan."
_BAD_NUMBER = "Dit nummer bestaat niet."
_BAD_DATE = "Vul een bestaande datum in."


class InvalidInput(DomainError):
    status_code = 400


class BoundedInt(IntegerConverter):
    """``<int:...>`` no larger than the database's integer."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _is_id_key(key: str) -> bool:
    key = key.lower()
    return key in ("id", "page") or key.endswith(("_id", "_ids", "-id"))


def _is_date_key(key: str) -> bool:
    key = key.lower()
    return key.endswith(("_at", "_on", "_from", "_until", "_to")) or "date" in key \
        or "datum" in key


def problem(key: str, value: Any) -> str | None:
    """Why ``value`` under ``key`` is refused, or None."""
    if isinstance(value, str):
        if _CONTROL.search(value):
            return _BAD_CHARACTER
        stripped = value.strip()
        if _is_id_key(key) and stripped.isdigit() and int(stripped) > MAX_ID:
            return _BAD_NUMBER
        if _is_date_key(key):
            match = _DATE.match(value)
            if match and not 1900 <= int(match.group(1)) <= 2999:
                return _BAD_DATE
    elif isinstance(value, bool):
        return None
    elif isinstance(value, int) and _is_id_key(key) and not -MAX_ID <= value <= MAX_ID:
        return _BAD_NUMBER
    return None


def _walk(value: Any, key: str, errors: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        for name, inner in value.items():
            if isinstance(name, str) and _CONTROL.search(name):
                errors.setdefault(key or "_", []).append(_BAD_CHARACTER)
            _walk(inner, str(name), errors)
    elif isinstance(value, list):
        for inner in value:
            _walk(inner, key, errors)
    else:
        found = problem(key, value)
        if found:
            errors.setdefault(key or "_", []).append(found)


def check_request() -> None:
    errors: dict[str, list[str]] = {}
    for source in (request.args, request.form):
        for key, values in source.lists():
            if _CONTROL.search(key):
                errors.setdefault("_", []).append(_BAD_CHARACTER)
            for value in values:
                found = problem(key, value)
                if found:
                    errors.setdefault(key, []).append(found)
    if request.is_json:
        _walk(request.get_json(silent=True), "", errors)
    if errors:
        raise InvalidInput("Een veld bevat iets wat niet kan. Kijk de invoer na.",
                           errors={k: sorted(set(v)) for k, v in errors.items()})


def init_input_guard(app: Flask) -> None:
    """Before the blueprints are registered (the converter is read as each route is added)."""
    app.url_map.converters["int"] = BoundedInt
    app.before_request(check_request)
