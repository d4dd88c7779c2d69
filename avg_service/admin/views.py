"""Administration pages: users, organisations, contact-point settings.

Every page that shows personal data of staff (names, e-mail) is an audited view.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.guard import authorize, current_actor, requires
from avg_service.access.policy import visible_organisation_ids
from avg_service.access.roles import ROLE_LABELS, Permission, Role
from avg_service.accounts import services as accounts
from avg_service.accounts.models import User
from avg_service.accounts.schemas import UserCreateSchema
from avg_service.admin.schemas import OrganisationSchema, SettingsSchema, UserUpdateSchema
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.organisations import services as organisations
from avg_service.organisations.models import Organisation
from avg_service.web.forms import parse_form

bp = Blueprint("admin", __name__, url_prefix="/beheer")


def _organisation_choices() -> list[tuple[str, str]]:
    rows = db.session.scalars(sa.select(Organisation).order_by(Organisation.name)).all()
    return [("", "— geen —")] + [(str(o.id), o.name) for o in rows]


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, ROLE_LABELS[role]) for role in Role]


def _get_user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet.")
    return user


def _get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Deze organisatie bestaat niet.")
    authorize(Permission.ORGANISATIONS_READ, organisation)
    return organisation


# ------------------------------------------------------------------------------ users
@bp.get("/gebruikers")
@requires(Permission.USERS_READ)
def users() -> ResponseReturnValue:
    with unit_of_work():
        rows = db.session.scalars(sa.select(User).order_by(User.display_name)).all()
        record(current_actor(), "user.list", object_type="user")
    return render_template("admin/users.html", users=rows, role_labels=ROLE_LABELS)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@requires(Permission.USERS_MANAGE)
def user_new() -> ResponseReturnValue:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = parse_form(UserCreateSchema())
        if data is not None:
            try:
                with unit_of_work():
                    user = accounts.create_user(actor=current_actor(), now=clock.now_utc(), **data)
            except DomainError as refused:
                errors = refused.errors or {"_": [refused.message]}
            else:
                flash("De gebruiker is aangemaakt.")
                return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/user_new.html", errors=errors, form=request.form,
                           roles=_role_choices(), organisations=_organisation_choices()), \
        400 if errors else 200


@bp.get("/gebruikers/<int:user_id>")
@requires(Permission.USERS_READ)
def user_detail(user_id: int) -> ResponseReturnValue:
    with unit_of_work():
        user = _get_user(user_id)
        record(current_actor(), "user.view", object_type="user", object_id=user.id)
    return render_template("admin/user_detail.html", user=user, errors={},
                           roles=_role_choices(), organisations=_organisation_choices(),
                           role_labels=ROLE_LABELS)


@bp.post("/gebruikers/<int:user_id>")
@requires(Permission.USERS_MANAGE)
def user_update(user_id: int) -> ResponseReturnValue:
    data, errors = parse_form(UserUpdateSchema(), checkboxes=("is_active", "reset_second_factor"))
    if data is not None:
        try:
            with unit_of_work():
                accounts.update_user(_get_user(user_id), data, actor=current_actor(),
                                     now=clock.now_utc())
        except DomainError as refused:
            if isinstance(refused, NotFound):
                raise
            errors = refused.errors or {"_": [refused.message]}
        else:
            flash("De wijzigingen zijn opgeslagen.")
            return redirect(url_for("admin.user_detail", user_id=user_id))
    user = _get_user(user_id)
    return render_template("admin/user_detail.html", user=user, errors=errors,
                           roles=_role_choices(), organisations=_organisation_choices(),
                           role_labels=ROLE_LABELS), 400


@bp.post("/gebruikers/<int:user_id>/goedkeuren")
@requires(Permission.USERS_APPROVE)
def user_approve(user_id: int) -> ResponseReturnValue:
    try:
        with unit_of_work():
            accounts.approve_user(_get_user(user_id), actor=current_actor(), now=clock.now_utc())
    except DomainError as refused:
        if isinstance(refused, NotFound):
            raise
        user = _get_user(user_id)
        return render_template("admin/user_detail.html", user=user,
                               errors={"_": [refused.message]}, roles=_role_choices(),
                               organisations=_organisation_choices(),
                               role_labels=ROLE_LABELS), refused.status_code
    flash("Het account is goedgekeurd.")
    return redirect(url_for("admin.user_detail", user_id=user_id))


# ------------------------------------------------------------------------------ organisations
@bp.get("/organisaties")
@requires(Permission.ORGANISATIONS_READ)
def organisations_list() -> ResponseReturnValue:
    query = sa.select(Organisation).order_by(Organisation.is_joint_controller.desc(), Organisation.name)
    visible = visible_organisation_ids(current_actor())
    if visible is not None:
        query = query.where(Organisation.id.in_(visible))
    return render_template("admin/organisations.html", organisations=db.session.scalars(query).all())


@bp.get("/organisaties/<int:organisation_id>")
@requires(Permission.ORGANISATIONS_READ)
def organisation_detail(organisation_id: int) -> ResponseReturnValue:
    return render_template("admin/organisation_detail.html",
                           organisation=_get_organisation(organisation_id), errors={})


@bp.post("/organisaties/<int:organisation_id>")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_update(organisation_id: int) -> ResponseReturnValue:
    data, errors = parse_form(OrganisationSchema(), checkboxes=("is_active",))
    if data is not None:
        with unit_of_work():
            organisations.update_organisation(_get_organisation(organisation_id), data,
                                              actor=current_actor(), now=clock.now_utc())
        flash("De organisatie is opgeslagen.")
        return redirect(url_for("admin.organisation_detail", organisation_id=organisation_id))
    return render_template("admin/organisation_detail.html",
                           organisation=_get_organisation(organisation_id), errors=errors), 400


# ------------------------------------------------------------------------------ settings
@bp.get("/instellingen")
@requires(Permission.SETTINGS_READ)
def settings() -> ResponseReturnValue:
    return render_template("admin/settings.html", settings=organisations.contact_point_settings(),
                           errors={})


@bp.post("/instellingen")
@requires(Permission.SETTINGS_MANAGE)
def settings_update() -> ResponseReturnValue:
    data, errors = parse_form(SettingsSchema())
    if data is not None:
        with unit_of_work():
            organisations.update_settings(data, actor=current_actor(), now=clock.now_utc())
        flash("De instellingen zijn opgeslagen.")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", settings=organisations.contact_point_settings(),
                           errors=errors), 400

