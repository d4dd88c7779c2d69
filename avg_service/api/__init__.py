"""The JSON API under ``/api/v1``, documented by OpenAPI 3 generated from marshmallow schemas.

Each feature adds its own ``flask_smorest.Blueprint``; the API calls the same services as the
pages. The document is served at ``/api/v1/openapi.json`` (no interactive UI: it would need a CDN).
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

API_PREFIX = "/api/v1"


def init_api(app: Flask) -> Api:
    app.config.update(
        API_TITLE="avg_service: contactpunt AVG-rechten ZVH",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=API_PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = Api(app, spec_kwargs={"info": {"description": "JSON API of the contact point for "
                                          "AVG rights of a Zorg- en Veiligheidshuis (WGS)."}})
    from avg_service.accounts.api import blp as users_blp
    from avg_service.api.system import blp as system_blp
    from avg_service.audit.api import blp as audit_blp
    from avg_service.breaches.api import blp as breaches_blp
    from avg_service.coordination.api import blp as coordination_blp
    from avg_service.decisions.api import blp as decisions_blp
    from avg_service.organisations.api import blp as organisations_blp
    from avg_service.requests.api import blp as requests_blp

    for blueprint in (system_blp, users_blp, organisations_blp, audit_blp, requests_blp,
                      coordination_blp, decisions_blp, breaches_blp):
        api.register_blueprint(blueprint)
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer",
                   "description": "Personal API token (avg_...), made on /account/tokens"})
    return api
