"""``/api/v1/me`` and ``/api/v1/users``: the same services as the pages, for integrations."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from avg_service.api.blueprint import Blueprint

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.accounts import services
from avg_service.accounts.models import User
from avg_service.accounts.schemas import UserCreateSchema, UserSchema
from avg_service.admin.schemas import UserUpdateSchema
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import NotFound
from avg_service.extensions import db

blp = Blueprint("users", __name__, url_prefix="/api/v1", description="Accounts")


class MeSchema(UserSchema):
    pass


@blp.get("/me")
@blp.response(200, MeSchema)
@requires(Permission.SIGNED_IN)
def me() -> Any:
    return db.session.get(User, current_actor().user_id)


@blp.get("/users")
@blp.response(200, UserSchema(many=True))
@requires(Permission.USERS_READ)
def list_users() -> Any:
    with unit_of_work():
        rows = db.session.scalars(sa.select(User).order_by(User.id)).all()
        record(current_actor(), "user.list", object_type="user")
    return rows


@blp.post("/users")
@blp.arguments(UserCreateSchema)
@blp.response(201, UserSchema)
@requires(Permission.USERS_MANAGE)
def create_user(data: dict[str, Any]) -> Any:
    """Without ``password`` the user gets an invitation to choose one; with it, the user must
    change it at the first log-in."""
    from avg_service.accounts import invitations

    with unit_of_work():
        now = clock.now_utc()
        user = services.create_user(actor=current_actor(), now=now, **data)
        if data.get("password") is None:
            invitations.invite(user, actor=current_actor(), now=now)
    return user


def _get(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet.")
    return user


@blp.get("/users/<int:user_id>")
@blp.response(200, UserSchema)
@requires(Permission.USERS_READ)
def get_user(user_id: int) -> Any:
    with unit_of_work():
        user = _get(user_id)
        record(current_actor(), "user.view", object_type="user", object_id=user.id)
    return user


@blp.patch("/users/<int:user_id>")
@blp.arguments(UserUpdateSchema)
@blp.response(200, UserSchema)
@requires(Permission.USERS_MANAGE)
def update_user(data: dict[str, Any], user_id: int) -> Any:
    with unit_of_work():
        user = services.update_user(_get(user_id), data, actor=current_actor(), now=clock.now_utc())
    return user


@blp.post("/users/<int:user_id>/approve")
@blp.response(200, UserSchema)
@requires(Permission.USERS_APPROVE)
def approve_user(user_id: int) -> Any:
    """A second beheerder or the FG approves an account a beheerder made or changed."""
    with unit_of_work():
        user = _get(user_id)
        services.approve_user(user, actor=current_actor(), now=clock.now_utc())
    return user
