"""The route guard: every endpoint declares its permission; undeclared means refused.

``@requires(Permission.X)`` (or ``@public``) on each view. Before every request the guard finds
the actor (a session cookie for pages, ``Authorization: Bearer`` for ``/api/``), checks the
route-level permission with the policy, and refuses with 401/403 otherwise. Refusals are written
to the audit log in a unit of their own, so they survive the rollback of the refused request.
Object-level checks (a participant's compartment) are made by ``authorize`` in the views and
services, with the same policy.
"""

from __future__ import annotations

import logging

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.policy import may
from avg_service.access.roles import Permission
from avg_service.config import current_settings
from avg_service.errors import NotFound

F = TypeVar("F", bound=Callable[..., Any])
PERMISSION_ATTR = "_avg_permission"
PENDING_ATTR = "_avg_allows_pending_login"
SESSION_KEY = "sid"

#: Endpoints we do not write ourselves, with their permission.
EXTERNAL_ENDPOINTS: dict[str, Permission] = {
    "static": Permission.PUBLIC,
    "api-docs.openapi_json": Permission.PUBLIC,
}


log = logging.getLogger(__name__)

def requires(permission: Permission, *, during_login: bool = False) -> Callable[[F], F]:
    """Declare the permission a view needs. ``during_login``: also reachable while the log-in
    still waits for its second factor (the code and enrolment pages)."""

    def declare(view: F) -> F:
        setattr(view, PERMISSION_ATTR, permission)
        setattr(view, PENDING_ATTR, during_login)
        return view

    return declare


def public(view: F) -> F:
    return requires(Permission.PUBLIC)(view)


def declared_permission(app: Flask, endpoint: str) -> Permission | None:
    if endpoint in EXTERNAL_ENDPOINTS:
        return EXTERNAL_ENDPOINTS[endpoint]
    view = app.view_functions.get(endpoint)
    permission = getattr(view, PERMISSION_ATTR, None)
    return permission if isinstance(permission, Permission) else None


def current_actor() -> Actor:
    actor: Actor = g.get("actor") or Actor.anonymous()
    return actor


def authorize(permission: Permission, obj: Any) -> None:
    """Refuse access to one object outside the actor's compartment with a 404 (its existence
    is not revealed), and log the refusal."""
    actor = current_actor()
    if not may(actor, permission, obj):
        # The object type as the audit log names it elsewhere: the table name.
        object_type = getattr(obj, "__tablename__", None) or type(obj).__name__.lower()
        raise AccessRefused(permission, object_type, getattr(obj, "id", None))


class AccessRefused(NotFound):
    def __init__(self, permission: Permission, object_type: str | None, object_id: Any) -> None:
        super().__init__("Niet gevonden.")
        self.permission = permission
        self.object_type = object_type
        self.object_id = object_id


def _request_actor_context() -> dict[str, Any]:
    return {
        "ip": request.remote_addr,
        "user_agent": request.user_agent.string[:200] or None,
        "request_id": g.get("request_id"),
    }


def init_guard(app: Flask) -> None:
    from avg_service.accounts.services import (
        SessionState,
        actor_for,
        authenticate_token,
        load_session,
    )
    from avg_service.db import unit_of_work

    @app.before_request
    def _guard() -> ResponseReturnValue | None:
        endpoint = request.endpoint
        if endpoint is None:
            return None  # no route: 404 (or 405) follows
        context = _request_actor_context()
        g.actor = Actor.anonymous(**context)
        g.login = None
        permission = declared_permission(current_app, endpoint)
        if permission is Permission.PUBLIC:
            return None
        now = clock.now_utc()
        is_api = request.path.startswith("/api/")
        settings = current_settings()
        with unit_of_work():
            if is_api:
                user = authenticate_token(request.headers.get("Authorization"), now=now)
                if user is not None:
                    g.actor = actor_for(user, via="token", **context)
            else:
                loaded = load_session(session.get(SESSION_KEY), now=now,
                                      second_factor_required=settings.is_production)
                if loaded is not None:
                    g.login = loaded
                    if loaded.state is SessionState.ACTIVE:
                        g.actor = actor_for(loaded.user, via="session", **context)
        view = current_app.view_functions.get(endpoint)
        if permission is None:
            _log_refusal(f"undeclared:{endpoint}")
            return _refuse(403)
        if not g.actor.is_authenticated:
            login = g.get("login")
            if login is not None and getattr(view, PENDING_ATTR, False):
                return None
            if is_api:
                return _unauthenticated_api(permission, now)
            if login is not None:
                return redirect(url_for("accounts.second_factor"))
            return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
        if not may(g.actor, permission):
            _log_refusal(permission.value)
            return _refuse(403)
        return None


def _unauthenticated_api(permission: Permission, now: Any) -> ResponseReturnValue:
    """An API call without a working token. Without any credentials it says nothing about
    anyone: a log line, no audit entry (a client looping on it filled the audit log, finding
    12). A wrong, expired or revoked token is audited and counts against the address like a
    wrong password; past the limit the address gets 429s and no more entries."""
    from avg_service.accounts.models import LoginFailure
    from avg_service.accounts.services import MAX_FAILURES_PER_IP, _recent_ip_failures
    from avg_service.db import unit_of_work
    from avg_service.extensions import db

    message = "Authenticatie vereist: gebruik een API-token (Bearer)."
    if not request.headers.get("Authorization"):
        log.info("unauthenticated api call", extra={"event": "http.unauthenticated",
                                                    "endpoint": request.endpoint})
        return _json(401, message)
    ip = current_actor().ip
    if ip:
        with unit_of_work():
            if _recent_ip_failures(ip, now) >= MAX_FAILURES_PER_IP:
                return _json(429, "Te veel mislukte pogingen vanaf dit adres. Probeer het over "
                                  "een kwartier opnieuw.")
            db.session.add(LoginFailure(ip=ip, occurred_at=now))
    _log_refusal(permission.value)
    return _json(401, message)


def log_refusal(actor: Actor, action: str, *, object_type: str | None = None,
                object_id: Any = None) -> None:
    """Write a refusal to the audit log in a unit of work of its own."""
    from avg_service.audit.models import Outcome
    from avg_service.audit.services import record
    from avg_service.db import unit_of_work
    from avg_service.extensions import db

    db.session.rollback()
    with unit_of_work():
        record(actor, action, object_type=object_type, object_id=object_id,
               outcome=Outcome.REFUSED)


def _log_refusal(action: str) -> None:
    log_refusal(current_actor(), action, object_type="endpoint", object_id=request.endpoint)


def _json(code: int, message: str) -> ResponseReturnValue:
    return jsonify({"code": code, "message": message}), code


def _refuse(code: int) -> ResponseReturnValue:
    if request.path.startswith("/api/"):
        return _json(code, "U heeft geen toegang tot deze gegevens.")
    from flask import abort

    abort(code)
