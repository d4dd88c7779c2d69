"""The FG's view of the audit log (filter, page, CSV) and the access review export.

Reading the audit log is itself logged (with purpose ``toezicht``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, render_template, request, stream_with_context
from flask.typing import ResponseReturnValue
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.accounts import access_review as authorisations
from avg_service.accounts.models import User
from avg_service.audit import labels, queries
from avg_service.audit.models import AuditEntry, Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.web.i18n import localise_errors

bp = Blueprint("audit", __name__, url_prefix="/fg")


class AuditFilterSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    user_id = fields.Integer(load_default=None, allow_none=True)
    organisation_id = fields.Integer(load_default=None, allow_none=True)
    object_type = fields.String(load_default=None, allow_none=True)
    object_id = fields.String(load_default=None, allow_none=True)
    action = fields.String(load_default=None, allow_none=True)
    reference = fields.String(load_default=None, allow_none=True, data_key="kenmerk",
                              validate=validate.Length(max=40))
    outcome = fields.String(load_default=None, allow_none=True, data_key="uitkomst",
                            validate=validate.OneOf(["allowed", "refused"]))
    from_on = fields.Date(load_default=None, allow_none=True, data_key="van")
    until_on = fields.Date(load_default=None, allow_none=True, data_key="tot")
    page = fields.Integer(load_default=1)


def parse_filter() -> tuple[queries.AuditFilter, int, dict[str, list[str]]]:
    """The same filters for the page and the CSV."""
    raw = {k: v.strip() for k, v in request.args.items() if v.strip()}
    try:
        data = AuditFilterSchema().load(raw)
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {}
        field_names = {f.attribute or name: f.data_key or name
                       for name, f in AuditFilterSchema().fields.items()}
        return queries.AuditFilter(), 1, localise_errors(
            {field_names.get(k, k): list(v) for k, v in messages.items()}, "nl")
    page_number = max(1, data.pop("page"))
    return queries.AuditFilter(**data), page_number, {}


def _choices() -> dict[str, list[tuple[str, str]]]:
    """The pick-lists: people and organisations by name, actions and objects in words."""
    users = db.session.execute(sa.select(User.id, User.display_name, User.role)
                               .order_by(User.display_name)).all()
    organisations = db.session.execute(sa.select(Organisation.id, Organisation.name)
                                       .order_by(Organisation.name)).all()
    logged = set(db.session.scalars(sa.select(AuditEntry.action).distinct()))
    actions = sorted(set(labels.ACTION_LABELS) | logged, key=labels.action_label)
    return {
        "user_id": [(str(u.id), f"{u.display_name} ({_role_text(u.role)})") for u in users],
        "organisation_id": [(str(o.id), o.name) for o in organisations],
        "action": [(a, labels.action_label(a)) for a in actions],
        "object_type": sorted(labels.OBJECT_LABELS.items(), key=lambda item: item[1]),
        "uitkomst": [("allowed", "toegestaan"), ("refused", "geweigerd")],
    }


def _role_text(role: str | None) -> str:
    return labels.ROLE_TEXT.get(role or "", role or "—")


def _names(entries: list[AuditEntry]) -> dict[str, dict[Any, str]]:
    """Names for the entries on the page: people, organisations, references of requests."""
    from avg_service.requests.models import DataSubjectRequest

    user_ids = {e.user_id for e in entries if e.user_id}
    organisation_ids = {e.organisation_id for e in entries if e.organisation_id}
    dsr_ids = {int(e.object_id) for e in entries
               if e.object_type == "dsr" and e.object_id and e.object_id.isdigit()}
    return {
        "users": dict(db.session.execute(sa.select(User.id, User.display_name)
                                         .where(User.id.in_(user_ids))).all()),
        "organisations": dict(db.session.execute(
            sa.select(Organisation.id, Organisation.name)
            .where(Organisation.id.in_(organisation_ids))).all()),
        "references": {str(k): v for k, v in db.session.execute(
            sa.select(DataSubjectRequest.id, DataSubjectRequest.reference)
            .where(DataSubjectRequest.id.in_(dsr_ids))).all()},
    }


@bp.get("/auditlog")
@requires(Permission.AUDIT_READ)
def log() -> ResponseReturnValue:
    criteria, page_number, errors = parse_filter()
    with unit_of_work():
        record(current_actor(), "audit.read", object_type="audit_log", purpose=Purpose.SUPERVISION)
    entries, has_next = queries.page(criteria, page_number=page_number)
    args = {k: v for k, v in request.args.items() if k != "page" and v.strip()}
    return render_template("audit/log.html", entries=entries, has_next=has_next,
                           page_number=page_number, errors=errors, args=args,
                           choices=_choices(), names=_names(entries), labels=labels,
                           role_text=_role_text), 400 if errors else 200


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
    body = authorisations.access_review_csv()
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="toegangsreview.csv"'})
