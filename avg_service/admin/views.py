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
from avg_service.accounts import invitations
from avg_service.accounts import services as accounts
from avg_service.accounts.models import User
from avg_service.accounts.schemas import UserCreateSchema
from avg_service.admin.schemas import (
    MunicipalitySchema,
    OrganisationCreateSchema,
    OrganisationSchema,
    SettingsSchema,
    UserUpdateSchema,
)
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.organisations import services as organisations
from avg_service.organisations.catalogue import DECISION_MODE_LABELS
from avg_service.organisations.models import Organisation
from avg_service.web.forms import parse_form

bp = Blueprint("admin", __name__, url_prefix="/beheer")

#: The kinds a beheerder chooses from when adding an organisation (WGS art. 2.27).
KIND_LABELS: dict[str, str] = {
    "a": "Raad voor de Kinderbescherming (WGS art. 2.27 lid 1 onder a)",
    "b": "Dienst Justitiële Inrichtingen (lid 1 onder b)",
    "c": "Politie (lid 1 onder c)",
    "d": "Openbaar Ministerie (lid 1 onder d)",
    "e": "Burgemeester van een gemeente in de regio (lid 1 onder e)",
    "f": "College van burgemeester en wethouders van een gemeente in de regio (lid 1 onder f)",
    "g": "GGD (lid 1 onder g)",
    "private": "Private deelnemer, geen verwerkingsverantwoordelijke (lid 2)",
}


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
                    now = clock.now_utc()
                    data.pop("password", None)  # the user chooses it, by the invitation
                    user = accounts.create_user(actor=current_actor(), now=now, **data)
                    invitations.invite(user, actor=current_actor(), now=now)
            except DomainError as refused:
                errors = refused.errors or {"_": [refused.message]}
            else:
                flash(f"De gebruiker is aangemaakt. Er is een uitnodiging gestuurd naar "
                      f"{user.email}.")
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


@bp.post("/gebruikers/<int:user_id>/uitnodigen")
@requires(Permission.USERS_MANAGE)
def user_invite(user_id: int) -> ResponseReturnValue:
    """A new invitation (the old link stops working): the user chooses a new password."""
    with unit_of_work():
        user = _get_user(user_id)
        if not user.is_active:
            raise DomainError("Dit account is niet actief.")
        invitations.invite(user, actor=current_actor(), now=clock.now_utc())
    flash(f"Er is een nieuwe uitnodiging gestuurd naar {user.email}. Het oude wachtwoord werkt "
          "niet meer.")
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
                           organisation=_get_organisation(organisation_id), errors={}, form={},
                           decision_modes=DECISION_MODE_LABELS)


@bp.post("/organisaties/<int:organisation_id>")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_update(organisation_id: int) -> ResponseReturnValue:
    data, errors = parse_form(OrganisationSchema(), checkboxes=("is_active",))
    if data is not None:
        try:
            with unit_of_work():
                organisations.update_organisation(_get_organisation(organisation_id), data,
                                                  actor=current_actor(), now=clock.now_utc())
        except organisations.OrganisationRefused as refused:
            errors = refused.errors or {"_": [refused.message]}
        else:
            flash("De organisatie is opgeslagen.")
            return redirect(url_for("admin.organisation_detail",
                                    organisation_id=organisation_id))
    db.session.rollback()
    return render_template("admin/organisation_detail.html",
                           organisation=_get_organisation(organisation_id), errors=errors,
                           form=request.form, decision_modes=DECISION_MODE_LABELS), 400


def _render_new(errors: dict[str, list[str]], open_form: str | None = None,
                status: int = 200) -> ResponseReturnValue:
    return render_template("admin/organisation_new.html", errors=errors, open_form=open_form,
                           form=request.form if open_form else {}, kinds=KIND_LABELS), status


@bp.get("/organisaties/nieuw")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_new() -> ResponseReturnValue:
    return _render_new({})


@bp.post("/organisaties/nieuw")
@requires(Permission.ORGANISATIONS_MANAGE)
def organisation_create() -> ResponseReturnValue:
    """A new participant (WGS art. 2.27)."""
    data, errors = parse_form(OrganisationCreateSchema())
    if data is not None:
        try:
            with unit_of_work():
                made = organisations.create_organisation(data, actor=current_actor(),
                                                         now=clock.now_utc())
        except organisations.OrganisationRefused as refused:
            errors = refused.errors or {"_": [refused.message]}
        else:
            flash(f"{made.name} is toegevoegd.")
            return redirect(url_for("admin.organisation_detail", organisation_id=made.id),
                            code=303)
    db.session.rollback()
    return _render_new(errors, "organisation", 422)


@bp.post("/organisaties/gemeente")
@requires(Permission.ORGANISATIONS_MANAGE)
def municipality_create() -> ResponseReturnValue:
    """A gemeente joins the regional ZVH: its burgemeester and its college."""
    data, errors = parse_form(MunicipalitySchema())
    if data is not None:
        try:
            with unit_of_work():
                made = organisations.add_municipality(data["municipality"],
                                                      actor=current_actor(),
                                                      now=clock.now_utc())
        except organisations.OrganisationRefused as refused:
            errors = refused.errors or {"_": [refused.message]}
            if "name" in errors:
                errors = {"municipality": ["Deze gemeente doet al mee."]}
        else:
            flash(" en ".join(o.name for o in made) + " zijn toegevoegd.")
            return redirect(url_for("admin.organisations_list"), code=303)
    db.session.rollback()
    return _render_new(errors, "municipality", 422)


# ------------------------------------------------------------------------------ settings
@bp.get("/instellingen")
@requires(Permission.SETTINGS_READ)
def settings() -> ResponseReturnValue:
    return render_template("admin/settings.html", settings=organisations.contact_point_settings(),
                           errors={})


@bp.post("/instellingen")
@requires(Permission.SETTINGS_MANAGE)
def settings_update() -> ResponseReturnValue:
    data, errors = parse_form(SettingsSchema(), checkboxes=("bezwaar_committee",))
    if data is not None:
        with unit_of_work():
            organisations.update_settings(data, actor=current_actor(), now=clock.now_utc())
        flash("De instellingen zijn opgeslagen.")
        return redirect(url_for("admin.settings"))
    return render_template("admin/settings.html", settings=organisations.contact_point_settings(),
                           errors=errors), 400

