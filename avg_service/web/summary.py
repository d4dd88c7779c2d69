"""The error summary names the fields it lists (WCAG 3.3.1, 3.3.3).

The summary stands at the top of a form, above the fields whose labels it needs. The field
macros (templates/_macros.html) record each label as they render; the summary writes a marker
per field, and once the page is rendered the marker becomes the field's label. A field that no
macro rendered keeps its message without a name.
"""

from __future__ import annotations

import re

from flask import Flask, Response, g
from markupsafe import Markup, escape

MARK = "\u2063"  # INVISIBLE SEPARATOR: never typed by people, never in our templates
_MARKED = re.compile(f"{MARK}([^{MARK}<>]{{1,200}}){MARK}")
_MARKS = re.compile(r"\s*\([^)]*\)\s*$")


def remember_label(name: str, label: str) -> str:
    labels: dict[str, str] = g.setdefault("field_labels", {})
    labels.setdefault(name, str(label))
    return ""


def label_mark(name: str) -> Markup:
    return Markup(f"{MARK}{escape(name)}{MARK}")


def _fill(response: Response) -> Response:
    if response.mimetype != "text/html" or response.direct_passthrough:
        return response
    body = response.get_data(as_text=True)
    if MARK not in body:
        return response
    labels: dict[str, str] = g.get("field_labels", {})

    def label(match: re.Match[str]) -> str:
        text = labels.get(match.group(1))
        if not text:
            return ""
        name = _MARKS.sub("", text).strip(" :*")  # "Achternaam (verplicht)" -> "Achternaam"
        return f'<span class="error-summary__field">{escape(name)}</span>: '

    response.set_data(_MARKED.sub(label, body))
    return response


def init_error_summary(app: Flask) -> None:
    app.jinja_env.globals.update(remember_label=remember_label, label_mark=label_mark)
    app.after_request(_fill)
