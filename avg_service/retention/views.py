"""The FG's retention pages: the terms with their sources, the destruction lists, and one list
with its items to approve (four eyes when set), reject with a reason, or carry out; the
beheerder sets the terms. Every view and act is in the audit log.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import EXCLUDE, Schema, fields, validate

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.retention import services
from avg_service.retention.models import DestructionList
from avg_service.retention.rules import LIST_STATUS_LABELS, TERMS, DestructionRefused, RecordKind
from avg_service.web.forms import parse_form

bp = Blueprint("retention", __name__, url_prefix="/fg/vernietiging")

_MONTHS: dict[str, Any] = {"required": "Vul het aantal maanden in.", "invalid": "Vul een heel aantal maanden in.",
           "null": "Vul het aantal maanden in."}


def _months_field() -> fields.Integer:
    return fields.Integer(required=True, error_messages=_MONTHS,
                          validate=validate.Range(min=1, max=1200,
                                                  error="Kies tussen 1 en 1200 maanden."))


class SettingsSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    data_copies = _months_field()
    uploads = _months_field()
    request_file = _months_field()
    mail_bodies = _months_field()
    audit_entries = _months_field()
    four_eyes = fields.Boolean(load_default=False)


def _names(ids: list[int | None]) -> dict[int, str]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.display_name)
                                   .where(User.id.in_(wanted))).all())


def _render_index(errors: dict[str, list[str]] | None = None, status: int = 200,
                  form: Any = None) -> ResponseReturnValue:
    return render_template("retention/index.html", settings=services.retention_settings(),
                           terms=TERMS, kinds=list(RecordKind), lists=services.lists(),
                           labels=LIST_STATUS_LABELS, errors=errors or {}, form=form), status


@bp.get("")
@requires(Permission.RETENTION_READ)
def index() -> ResponseReturnValue:
    with unit_of_work():
        record(current_actor(), "retention.list", object_type="destruction_list",
               purpose=Purpose.SUPERVISION)
    return _render_index()


@bp.post("/instellingen")
@requires(Permission.SETTINGS_MANAGE)
def update_settings() -> ResponseReturnValue:
    data, errors = parse_form(SettingsSchema(), checkboxes=("four_eyes",))
    if data is None:
        return _render_index(errors, 422, request.form)
    with unit_of_work():
        services.update_settings(months={k: data[k.value] for k in RecordKind},
                                 four_eyes=data["four_eyes"], actor=current_actor(),
                                 now=clock.now_utc())
    flash("De bewaartermijnen zijn opgeslagen.")
    return redirect(url_for("retention.index"), code=303)


@bp.post("/voorstellen")
@requires(Permission.RETENTION_APPROVE)
def propose() -> ResponseReturnValue:
    with unit_of_work():
        proposed = services.propose(today=clock.today_local(), now=clock.now_utc(),
                                    actor=current_actor())
        target = proposed.id if proposed else None
    if target is None:
        flash("Er is nu niets waarvan de bewaartermijn voorbij is.")
        return redirect(url_for("retention.index"), code=303)
    flash("De vernietigingslijst is samengesteld. Er wordt niets vernietigd voordat u hem "
          "goedkeurt.")
    return redirect(url_for("retention.detail", list_id=target), code=303)


def _load(list_id: int, *, for_update: bool = False) -> DestructionList:
    found = services.get_list(list_id, for_update=for_update)
    if found is None:
        abort(404)
    return found


def _render_detail(destruction_list: DestructionList, *, error: str | None = None,
                   status: int = 200) -> ResponseReturnValue:
    names = _names([destruction_list.proposed_by_id, destruction_list.first_approved_by_id,
                    destruction_list.approved_by_id, destruction_list.carried_out_by_id,
                    destruction_list.rejected_by_id])
    return render_template("retention/detail.html", lst=destruction_list, names=names,
                           labels=LIST_STATUS_LABELS, terms=TERMS,
                           settings=services.retention_settings(), error=error,
                           me=current_actor().user_id), status


@bp.get("/<int:list_id>")
@requires(Permission.RETENTION_READ)
def detail(list_id: int) -> ResponseReturnValue:
    destruction_list = _load(list_id)
    with unit_of_work():
        record(current_actor(), "retention.view", object_type="destruction_list",
               object_id=list_id, purpose=Purpose.SUPERVISION)
    return _render_detail(destruction_list)


def _act(list_id: int, act: str) -> ResponseReturnValue:
    actor, now = current_actor(), clock.now_utc()
    try:
        with unit_of_work():
            destruction_list = _load(list_id, for_update=True)
            if act == "approve":
                complete = services.approve(destruction_list, actor=actor, now=now)
                message = ("De lijst is goedgekeurd. U kunt hem nu uitvoeren." if complete else
                           "Uw goedkeuring is vastgelegd. Een tweede functionaris "
                           "gegevensbescherming moet de lijst ook goedkeuren (vier ogen).")
            elif act == "reject":
                services.reject(destruction_list, reason=request.form.get("reason"),
                                actor=actor, now=now)
                message = "De lijst is afgewezen. Er is niets vernietigd."
            else:
                done = services.carry_out(destruction_list, actor=actor, now=now)
                message = f"De lijst is uitgevoerd: {done} onderdelen vernietigd."
    except DestructionRefused as refused:
        db.session.rollback()
        return _render_detail(_load(list_id), error=str(refused), status=422)
    flash(message)
    return redirect(url_for("retention.detail", list_id=list_id), code=303)


@bp.post("/<int:list_id>/goedkeuren")
@requires(Permission.RETENTION_APPROVE)
def approve(list_id: int) -> ResponseReturnValue:
    return _act(list_id, "approve")


@bp.post("/<int:list_id>/afwijzen")
@requires(Permission.RETENTION_APPROVE)
def reject(list_id: int) -> ResponseReturnValue:
    return _act(list_id, "reject")


@bp.post("/<int:list_id>/uitvoeren")
@requires(Permission.RETENTION_APPROVE)
def carry_out(list_id: int) -> ResponseReturnValue:
    return _act(list_id, "carry_out")
