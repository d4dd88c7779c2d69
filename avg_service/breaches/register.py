"""The FG's register of every breach, notified or not (AVG art. 33(5)): filters, one page per
50, and the CSV; and the breach settings (the art. 26 arrangement's "who notifies", the FG's
contact details). Reading the register is itself logged (purpose ``toezicht``).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.breaches import presentation, queries, rules, services
from avg_service.breaches.notices import breach_settings
from avg_service.breaches.schemas import SettingsSchema
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.web.forms import parse_form

bp = Blueprint("breach_register", __name__)


@bp.get("/fg/datalekregister")
@requires(Permission.BREACHES_REGISTER)
def register() -> ResponseReturnValue:
    criteria, page_number, errors = presentation.parse_query(request.args)
    with unit_of_work():
        record(current_actor(), "breach.register", object_type="breach",
               purpose=Purpose.SUPERVISION)
    rows, has_next = queries.page(criteria, visible=None, page_number=page_number, per_page=50,
                                  newest_first=True)
    organisations = db.session.execute(sa.select(Organisation.id, Organisation.name)
                                       .order_by(Organisation.name)).all()
    return render_template(
        "breaches/register.html", rows=rows, has_next=has_next, page=page_number,
        errors=errors, args={k: v for k, v in request.args.items() if k != "page" and v},
        clocks=presentation.clocks(rows, clock.now_utc()),
        organisations=organisations, **presentation.labels()), 400 if errors else 200


@bp.get("/fg/datalekregister.csv")
@requires(Permission.BREACHES_REGISTER)
def register_csv() -> ResponseReturnValue:
    criteria, _page, errors = presentation.parse_query(request.args)
    if errors:
        return {"message": "Ongeldig filter.", "errors": errors}, 400
    with unit_of_work():
        record(current_actor(), "breach.register_export", object_type="breach",
               purpose=Purpose.SUPERVISION)
    filename = f"datalekregister-{clock.today_local().isoformat()}.csv"
    return Response(stream_with_context(queries.register_csv(criteria)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"',
                             "Cache-Control": "no-store"})


# ------------------------------------------------------------------------------ settings
def _render_settings(errors: dict[str, list[str]] | None = None, status: int = 200
                     ) -> ResponseReturnValue:
    organisations = db.session.scalars(sa.select(Organisation).where(Organisation.is_active)
                                       .order_by(Organisation.name)).all()
    return render_template("breaches/settings.html", settings=breach_settings(),
                           errors=errors or {}, form=request.form if errors else None,
                           organisations=organisations,
                           rules_labels=rules.NOTIFIER_RULE_LABELS), status


@bp.get("/datalekken/instellingen")
@requires(Permission.SETTINGS_READ)
def settings() -> ResponseReturnValue:
    return _render_settings()


@bp.post("/datalekken/instellingen")
@requires(Permission.SETTINGS_MANAGE)
def update_settings() -> ResponseReturnValue:
    data, errors = parse_form(SettingsSchema())
    if data is not None:
        try:
            with unit_of_work():
                services.save_settings(data, actor=current_actor(), now=clock.now_utc())
        except DomainError as refused:
            errors = refused.errors or {"_": [refused.message]}
        else:
            flash("De instellingen voor datalekken zijn opgeslagen.")
            return redirect(url_for("breach_register.settings"), code=303)
    db.session.rollback()
    return _render_settings(errors, 422)
