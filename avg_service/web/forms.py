"""Parse an HTML form with a marshmallow schema; field errors go back beside the fields."""

from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import Schema, ValidationError


def parse_form(schema: Schema, *, checkboxes: tuple[str, ...] = ()
               ) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """Returns ``(data, {})`` or ``(None, errors)``. The CSRF token is not part of the data;
    an empty field means "no value" (None); an unticked checkbox is sent as false."""
    raw: dict[str, Any] = {k: (v.strip().replace("\r\n", "\n") or None)
                           for k, v in request.form.items() if k != "csrf_token"}
    for name in checkboxes:
        raw[name] = name in request.form
    try:
        return schema.load(raw), {}
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        return None, {k: list(v) if isinstance(v, list) else [str(v)] for k, v in messages.items()}
