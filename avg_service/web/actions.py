"""The edge of a form post: one unit of work, then Post/Redirect/Get, or the form again.

Every page that acts does the same: run the use case in one unit of work; when it commits, say
what was done and redirect (303); when a service refuses (a ``DomainError``), roll back and show
the form again with the refusal beside its field and status 422. A ``NotFound`` (an unknown id,
an object outside the actor's compartment) is not a form error: it goes on to the error handler,
which logs the refusal.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect
from flask.typing import ResponseReturnValue

from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.uow import unit_of_work

Errors = dict[str, list[str]]


def refusal(refused: DomainError, field_name: str = "_") -> Errors:
    """A service's refusal as field errors (its own, or its message on ``field_name``)."""
    if isinstance(refused, NotFound):
        raise refused
    return refused.errors or {field_name: [refused.message]}


def form_action(*, valid: bool, errors: Errors, unit: Callable[[], object], done: str | None,
                redirect_to: Callable[[], str], again: Callable[[Errors], ResponseReturnValue],
                field_name: str = "_") -> ResponseReturnValue:
    """Run ``unit`` when the form was ``valid``; on its commit flash ``done`` and redirect to
    ``redirect_to()``; otherwise roll back and return ``again(errors)`` (the page with the form
    open and status 422), with the form's own errors or the service's refusal."""
    if valid:
        try:
            with unit_of_work():
                unit()
        except DomainError as refused:
            errors = refusal(refused, field_name)
        else:
            if done:
                flash(done)
            return redirect(redirect_to(), code=303)
    db.session.rollback()
    return again(errors)
