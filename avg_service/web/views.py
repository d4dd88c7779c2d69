"""Public start page (Dutch at ``/``, English at ``/en/``) and ``GET /healthz``."""

from __future__ import annotations

from flask import Blueprint, Response, abort, g, jsonify, render_template, send_file, url_for
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


@bp.get("/huisstijl.css")
@public
def house_style() -> ResponseReturnValue:
    """The municipality's colour (``AVG_BRAND_COLOUR``, checked for contrast at start-up) as the
    pages' token; a stylesheet, because the CSP allows no inline style."""
    from avg_service.config import current_settings

    colour = current_settings().brand_colour
    css = f":root {{ --brand: {colour}; --utrecht-button-primary-action-background-color: {colour}; }}\n"
    return Response(css, mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})


@bp.get("/huisstijl/logo")
@public
def house_logo() -> ResponseReturnValue:
    from avg_service.config import current_settings

    logo = current_settings().logo_file
    if logo is None:
        abort(404)
    return send_file(logo, max_age=3600)


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    document, serving = health_status()
    return jsonify(document), 200 if serving else 503
