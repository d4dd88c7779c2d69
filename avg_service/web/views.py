"""Public start page (Dutch at ``/``, English at ``/en/``) and ``GET /healthz``."""

from __future__ import annotations

from flask import Blueprint, g, jsonify, render_template
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


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    document, serving = health_status()
    return jsonify(document), 200 if serving else 503
