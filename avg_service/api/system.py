"""``GET /api/v1/health``: the service's health, as for ``/healthz``."""

from __future__ import annotations

from typing import Any

from avg_service.api.blueprint import Blueprint
from marshmallow import Schema, fields, validate

from avg_service.access.guard import public
from avg_service.health import health_status

blp = Blueprint("system", __name__, url_prefix="/api/v1", description="Service status")


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok", "degraded", "unavailable"]))
    database = fields.String(required=True, validate=validate.OneOf(["ok", "unavailable"]))
    queue = fields.String(required=True, validate=validate.OneOf(["ok", "inline", "unavailable"]))
    stale_jobs = fields.Integer(allow_none=True)


@blp.get("/health")
@blp.response(200, HealthSchema)
@blp.alt_response(503, schema=HealthSchema, description="The database is unreachable")
@public
def health() -> Any:
    document, serving = health_status()
    return document, 200 if serving else 503
