"""The FG's view of the audit log (filter, page, CSV) and the access review export.

Reading the audit log is itself logged (with purpose ``toezicht``).
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue
from marshmallow import EXCLUDE, Schema, ValidationError, fields

from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit import queries
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work

bp = Blueprint("audit", __name__, url_prefix="/fg")


class AuditFilterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_id = fields.Integer(load_default=None, allow_none=True)
    organisation_id = fields.Integer(load_default=None, allow_none=True)
    object_type = fields.String(load_default=None, allow_none=True)
    object_id = fields.String(load_default=None, allow_none=True)
    action = fields.String(load_default=None, allow_none=True)
    from_on = fields.Date(load_default=None, allow_none=True, data_key="van")
    until_on = fields.Date(load_default=None, allow_none=True, data_key="tot")
    page = fields.Integer(load_default=1)


def parse_filter() -> tuple[queries.AuditFilter, int, dict[str, list[str]]]:
    raw = {k: v for k, v in request.args.items() if v.strip()}
    try:
        data = AuditFilterSchema().load(raw)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        return queries.AuditFilter(), 1, {k: list(v) for k, v in messages.items()}
    page_number = max(1, data.pop("page"))
    return queries.AuditFilter(**data), page_number, {}


@bp.get("/auditlog")
@requires(Permission.AUDIT_READ)
def log() -> ResponseReturnValue:
    criteria, page_number, errors = parse_filter()
    with unit_of_work():
        record(current_actor(), "audit.read", object_type="audit_log", purpose=Purpose.SUPERVISION)
    entries, has_next = queries.page(criteria, page_number=page_number)
    return render_template("audit/log.html", entries=entries, has_next=has_next,
                           page_number=page_number, errors=errors, args=request.args), \
        400 if errors else 200


@bp.get("/auditlog.csv")
@requires(Permission.AUDIT_READ)
def log_csv() -> ResponseReturnValue:
    criteria, _page, errors = parse_filter()
    if errors:
        return {"message": "Ongeldig filter.", "errors": errors}, 400
    with unit_of_work():
        record(current_actor(), "audit.export", object_type="audit_log", purpose=Purpose.SUPERVISION)
    filename = f"auditlog-{date.today().isoformat()}.csv"
    return Response(stream_with_context(queries.csv_lines(criteria)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.get("/toegangsreview.csv")
@requires(Permission.ACCESS_REVIEW)
def access_review() -> ResponseReturnValue:
    with unit_of_work():
        record(current_actor(), "access_review.export", object_type="user",
               purpose=Purpose.ACCESS_REVIEW)
    body = queries.access_review_csv()
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="toegangsreview.csv"'})
