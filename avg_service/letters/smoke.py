"""The proefbrief: a one-page letter on the letter layout, to check that rendering works.

Used by the test that guards WeasyPrint's fast path and by ``bench/pdf_smoke.py``.
"""

from __future__ import annotations

from typing import Any

from flask import render_template

from avg_service.letters.rendering import render_pdf

PROEFBRIEF_CONTEXT: dict[str, Any] = {
    "subject": "Proefbrief briefopmaak",
    "kenmerk": "ZVH-AVG-PROEF-0001",
    "dagtekening": "1 januari 2026",
    "addressee": ["Aan de bewoner", "Voorbeeldstraat 1", "1234 AB Voorbeeldstad"],
    "sender": {
        "municipality": "Gemeente Voorbeeldstad",
        "organ": "Het college van burgemeester en wethouders van Voorbeeldstad",
        "postal_address": ["Postbus 1", "1000 AA Voorbeeldstad"],
        "signatory": "De coördinator contactpunt AVG-rechten",
    },
}


def render_proefbrief_html() -> str:
    return render_template("letters/proefbrief.html", **PROEFBRIEF_CONTEXT)


def render_proefbrief() -> bytes:
    """Needs an app context (for the template)."""
    return render_pdf(render_proefbrief_html())
