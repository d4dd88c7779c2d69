"""``/api/v1/audit-entries`` (FG) and ``/api/v1/access-review``."""

from __future__ import annotations

from typing import Any

from avg_service.api.blueprint import Blueprint
from marshmallow import Schema, fields

from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.accounts import access_review as authorisations
from avg_service.audit import queries
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.audit.views import AuditFilterSchema
from avg_service.db import unit_of_work

blp = Blueprint("audit_api", __name__, url_prefix="/api/v1", description="Audit log (FG)")


class AuditEntrySchema(Schema):
    id = fields.Integer()
    occurred_at = fields.DateTime()
    user_id = fields.Integer(allow_none=True)
    organisation_id = fields.Integer(allow_none=True)
    role = fields.String(allow_none=True)
    action = fields.String()
    object_type = fields.String(allow_none=True)
    object_id = fields.String(allow_none=True)
    outcome = fields.String()
    purpose = fields.String(allow_none=True)
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    request_id = fields.String(allow_none=True)
    entry_hash = fields.String()


class AccessReviewRowSchema(Schema):
    user_id = fields.Integer()
    display_name = fields.String()
    email = fields.String()
    role = fields.String()
    organisation = fields.String()
    is_joint_controller = fields.String()
    is_active = fields.String()
    second_factor = fields.String()
    last_login_at = fields.String()
    created_at = fields.String()


@blp.get("/audit-entries")
@blp.arguments(AuditFilterSchema, location="query")
@blp.response(200, AuditEntrySchema(many=True))
@requires(Permission.AUDIT_READ)
def list_entries(args: dict[str, Any]) -> Any:
    page_number = max(1, args.pop("page"))
    with unit_of_work():
        record(current_actor(), "audit.read", object_type="audit_log", purpose=Purpose.SUPERVISION)
    entries, _has_next = queries.page(queries.AuditFilter(**args), page_number=page_number)
    return entries


@blp.get("/access-review")
@blp.response(200, AccessReviewRowSchema(many=True))
@requires(Permission.ACCESS_REVIEW)
def access_review() -> Any:
    with unit_of_work():
        record(current_actor(), "access_review.export", object_type="user",
               purpose=Purpose.ACCESS_REVIEW)
    return [dict(zip(authorisations.ACCESS_REVIEW_COLUMNS, row, strict=True))
            for row in authorisations.access_review_rows()]
