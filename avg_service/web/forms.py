"""Parse an HTML form with a marshmallow schema; field errors go back beside the fields."""

from __future__ import annotations

from typing import Any

from flask import Response, request
from marshmallow import Schema, ValidationError

from avg_service.web.i18n import localise_errors


def parse_form(schema: Schema, *, checkboxes: tuple[str, ...] = (), lists: tuple[str, ...] = (),
               ignore: tuple[str, ...] = ()) -> tuple[dict[str, Any] | None, dict[str, list[str]]]:
    """Returns ``(data, {})`` or ``(None, errors)``. The CSRF token is not part of the data;
    an empty field means "no value" (None); an unticked checkbox is sent as false; ``lists``
    are multi-valued fields (checkbox groups). Message keys in errors are translated into the
    page's language."""
    raw: dict[str, Any] = {k: (v.strip().replace("\r\n", "\n") or None)
                           for k, v in request.form.items()
                           if k != "csrf_token" and k not in ignore}
    for name in checkboxes:
        raw[name] = name in request.form
    for name in lists:
        raw[name] = [v for v in request.form.getlist(name) if v]
    try:
        return schema.load(raw), {}
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        flat = {k: list(v) if isinstance(v, list) else [str(v)] for k, v in messages.items()}
        for name in lists:  # a list field's errors may be keyed by position
            nested = messages.get(name)
            if isinstance(nested, dict):
                flat[name] = sorted({str(m) for ms in nested.values() for m in ms})
        return None, localise_errors(flat)


def file_response(content: bytes, mimetype: str, filename: str, *, inline: bool = True
                  ) -> Response:
    """A download of personal data: never cached, never sniffed into another type."""
    disposition = "inline" if inline else "attachment"
    safe_name = filename.replace('"', "")
    return Response(content, mimetype=mimetype, headers={
        "Content-Disposition": f'{disposition}; filename="{safe_name}"',
        "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"})
