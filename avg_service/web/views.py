"""Public start page (Dutch at ``/``, English at ``/en/``) and ``GET /healthz``."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, render_template, url_for
from flask.typing import ResponseReturnValue

from avg_service.access.guard import public
from avg_service.health import health_status

bp = Blueprint("web", __name__)


@bp.get("/", defaults={"lang": "nl"})
@bp.get("/en/", defaults={"lang": "en"})
@public
def index(lang: str) -> ResponseReturnValue:
    g.lang = lang
    return render_template("web/index.html")


@bp.get("/toegankelijkheid", defaults={"lang": "nl"})
@bp.get("/en/accessibility", defaults={"lang": "en"})
@public
def accessibility(lang: str) -> ResponseReturnValue:
    """The toegankelijkheidsverklaring (Besluit digitale toegankelijkheid overheid, art. 3):
    what we aim for, how we checked, what is known not to work and whom to tell."""
    from avg_service.extensions import db
    from avg_service.organisations.models import ContactPointSettings

    g.lang = lang
    settings = db.session.get(ContactPointSettings, 1)
    other = url_for("web.accessibility", lang="en" if lang == "nl" else "nl")
    return render_template("web/accessibility.html", settings=settings, alternate_url=other)


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    document, serving = health_status()
    return jsonify(document), 200 if serving else 503
