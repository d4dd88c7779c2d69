"""``/api/v1/organisations`` and ``/api/v1/settings``."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from avg_service.api.blueprint import Blueprint

from avg_service import clock
from avg_service.access.guard import authorize, current_actor, requires
from avg_service.access.policy import visible_organisation_ids
from avg_service.access.roles import Permission
from avg_service.admin.schemas import (
    MunicipalitySchema,
    OrganisationCreateSchema,
    OrganisationSchema,
    SettingsSchema,
)
from avg_service.db import unit_of_work
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.organisations import services
from avg_service.organisations.models import Organisation

blp = Blueprint("organisations", __name__, url_prefix="/api/v1",
                description="Participants (WGS art. 2.27) and contact-point settings")


@blp.get("/organisations")
@blp.response(200, OrganisationSchema(many=True))
@requires(Permission.ORGANISATIONS_READ)
def list_organisations() -> Any:
    query = sa.select(Organisation).order_by(Organisation.id)
    visible = visible_organisation_ids(current_actor())
    if visible is not None:
        query = query.where(Organisation.id.in_(visible))
    return db.session.scalars(query).all()


@blp.post("/organisations")
@blp.arguments(OrganisationCreateSchema)
@blp.response(201, OrganisationSchema)
@requires(Permission.ORGANISATIONS_MANAGE)
def create_organisation(data: dict[str, Any]) -> Any:
    """A new participant: ``kind`` a-g (a joint controller of WGS art. 2.27(1)) or
    ``private`` (art. 2.27(2)); a burgemeester (e) or college (f) names its ``municipality``."""
    with unit_of_work():
        organisation = services.create_organisation(data, actor=current_actor(),
                                                    now=clock.now_utc())
    return organisation


@blp.post("/organisations/municipalities")
@blp.arguments(MunicipalitySchema)
@blp.response(201, OrganisationSchema(many=True))
@requires(Permission.ORGANISATIONS_MANAGE)
def add_municipality(data: dict[str, Any]) -> Any:
    """A gemeente joins a regional ZVH: its burgemeester and its college, each a joint
    controller (WGS art. 2.27(1)(e)-(f))."""
    with unit_of_work():
        made = services.add_municipality(data["municipality"], actor=current_actor(),
                                         now=clock.now_utc())
    return made


def _get(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound("Deze organisatie bestaat niet.")
    authorize(Permission.ORGANISATIONS_READ, organisation)
    return organisation


@blp.get("/organisations/<int:organisation_id>")
@blp.response(200, OrganisationSchema)
@requires(Permission.ORGANISATIONS_READ)
def get_organisation(organisation_id: int) -> Any:
    return _get(organisation_id)


@blp.patch("/organisations/<int:organisation_id>")
@blp.arguments(OrganisationSchema)
@blp.response(200, OrganisationSchema)
@requires(Permission.ORGANISATIONS_MANAGE)
def update_organisation(data: dict[str, Any], organisation_id: int) -> Any:
    with unit_of_work():
        organisation = services.update_organisation(_get(organisation_id), data,
                                                    actor=current_actor(), now=clock.now_utc())
    return organisation


@blp.get("/settings")
@blp.response(200, SettingsSchema)
@requires(Permission.SETTINGS_READ)
def get_settings() -> Any:
    return services.contact_point_settings()


@blp.patch("/settings")
@blp.arguments(SettingsSchema)
@blp.response(200, SettingsSchema)
@requires(Permission.SETTINGS_MANAGE)
def update_settings(data: dict[str, Any]) -> Any:
    with unit_of_work():
        settings = services.update_settings(data, actor=current_actor(), now=clock.now_utc())
    return settings
