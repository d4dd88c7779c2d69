"""The "wat wacht op mij" page: a user's open notifications, each with a link and "gedaan"."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.guard import current_actor, requires
from avg_service.access.roles import Permission
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import NotFound
from avg_service.notifications import services
from avg_service.notifications.services import KINDS

bp = Blueprint("notifications", __name__, url_prefix="/werkplek")


@bp.get("/wacht-op-mij")
@requires(Permission.SIGNED_IN)
def index() -> ResponseReturnValue:
    actor = current_actor()
    assert actor.user_id is not None
    with unit_of_work():
        rows = services.open_for(actor.user_id)
        record(actor, "notification.list", object_type="notification")
    return render_template("notifications/index.html", rows=rows, kinds=KINDS)


@bp.post("/wacht-op-mij/<int:notification_id>/gedaan")
@requires(Permission.SIGNED_IN)
def done(notification_id: int) -> ResponseReturnValue:
    actor = current_actor()
    assert actor.user_id is not None
    with unit_of_work():
        if not services.mark_done(notification_id, user_id=actor.user_id, now=clock.now_utc()):
            raise NotFound("Deze melding bestaat niet.")
    flash("De melding staat niet meer op uw lijst.")
    return redirect(url_for("notifications.index"))


def waiting_count() -> int:
    """For the menu: how much waits for the logged-in user (0 when nobody is)."""
    actor = current_actor()
    if actor is None or not actor.is_authenticated or actor.user_id is None:
        return 0
    return sum(services.counts_for(actor.user_id).values())
