"""Log-in, second factor, log-out, the staff home and personal API tokens (pages)."""

from __future__ import annotations

from urllib.parse import urlsplit

import segno
import sqlalchemy as sa
from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.guard import SESSION_KEY, current_actor, public, requires
from avg_service.access.roles import ROLE_LABELS, Permission
from avg_service.accounts import services
from avg_service.accounts.models import ApiToken, User
from avg_service.accounts.schemas import CodeSchema, LoginSchema, TokenCreateSchema
from avg_service.config import current_settings
from avg_service.db import unit_of_work
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.sso import browser as sso
from avg_service.web.forms import parse_form

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str:
    """Only a local path: an open redirect would let a phishing link borrow our log-in page."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc:
        return target
    return url_for("accounts.home")


@bp.route("/inloggen", methods=["GET", "POST"])
@public
def login() -> ResponseReturnValue:
    errors: dict[str, list[str]] = {}
    message = None
    status = 200
    if request.method == "POST":
        data, errors = parse_form(LoginSchema())
        if data is not None:
            with unit_of_work():
                result = services.log_in(data["email"], data["password"],
                                         actor=current_actor(), now=clock.now_utc(),
                                         password_login_refusal=sso.password_refusal)
            if not result.ok:
                message, status = result.refusal, result.status
            else:
                assert result.user is not None
                session.clear()  # a new session at log-in: nothing survives from before
                session[SESSION_KEY] = result.token
                session.permanent = False
                if services.second_factor_pending(result.user, required=_second_factor_required()):
                    return redirect(url_for("accounts.second_factor", next=request.args.get("next")))
                return redirect(_safe_next(request.args.get("next")))
        else:
            status = 400
    return render_template("accounts/login.html", errors=errors, message=message,
                           email=request.form.get("email", "")), status


def _second_factor_required() -> bool:
    """TOTP is required for every account in production, optional in development (the demo)."""
    return current_settings().is_production


@bp.route("/inloggen/code", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN, during_login=True)
def second_factor() -> ResponseReturnValue:
    loaded = g.get("login")
    if loaded is None:
        return redirect(url_for("accounts.login"))
    if loaded.state is services.SessionState.ACTIVE:
        return redirect(_safe_next(request.args.get("next")))
    enrolling = loaded.state is services.SessionState.NEEDS_ENROLMENT
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        data, errors = parse_form(CodeSchema())
        if data is not None:
            check = services.confirm_totp_enrolment if enrolling else services.verify_second_factor
            with unit_of_work():
                result = check(loaded, data["code"], actor=current_actor(), now=clock.now_utc())
            if result.ok:
                return redirect(_safe_next(request.args.get("next")))
            errors = {"code": [result.refusal or ""]}
            status = result.status
        else:
            status = 400
    qr_svg = secret = None
    if enrolling:
        with unit_of_work():
            secret = loaded.user.totp_secret or services.begin_totp_enrolment(loaded.user)
        uri = services.totp_uri(loaded.user, secret, issuer="Contactpunt AVG ZVH")
        qr_svg = segno.make(uri, error="m").svg_data_uri(scale=4)
    return render_template("accounts/second_factor.html", errors=errors, enrolling=enrolling,
                           qr_svg=qr_svg, secret=secret), status


@bp.post("/uitloggen")
@requires(Permission.SIGNED_IN, during_login=True)
def logout() -> ResponseReturnValue:
    token = session.get(SESSION_KEY)
    provider_logout = sso.logout_url(token)  # RP-initiated log-out where the provider offers it
    with unit_of_work():
        services.log_out(token, actor=current_actor(), now=clock.now_utc())
    session.clear()
    return redirect(provider_logout or url_for("accounts.login"))


@bp.get("/werkplek")
@requires(Permission.SIGNED_IN)
def home() -> ResponseReturnValue:
    from avg_service.notifications.services import KINDS, counts_for

    actor = current_actor()
    counts = counts_for(actor.user_id) if actor.user_id is not None else {}
    return render_template("accounts/home.html",
                           role_label=ROLE_LABELS[actor.role] if actor.role else "",
                           waiting_counts=lambda: counts, waiting_kinds=KINDS)


@bp.route("/account/tokens", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def tokens() -> ResponseReturnValue:
    actor = current_actor()
    errors: dict[str, list[str]] = {}
    new_token = None
    status = 200
    if request.method == "POST":
        data, errors = parse_form(TokenCreateSchema())
        if data is not None:
            with unit_of_work():
                user = db.session.get(User, actor.user_id)
                assert user is not None
                _row, new_token = services.create_api_token(user, name=data["name"], days=data["days"],
                                                            actor=actor, now=clock.now_utc())
        else:
            status = 400
    rows = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == actor.user_id)
                              .order_by(ApiToken.created_at.desc())).all()
    return render_template("accounts/tokens.html", tokens=rows, new_token=new_token,
                           errors=errors, now=clock.now_utc()), status


@bp.post("/account/tokens/<int:token_id>/intrekken")
@requires(Permission.SIGNED_IN)
def revoke_token(token_id: int) -> ResponseReturnValue:
    actor = current_actor()
    with unit_of_work():
        token = db.session.get(ApiToken, token_id)
        if token is None or token.user_id != actor.user_id:
            raise NotFound("Dit token bestaat niet.")
        services.revoke_api_token(token, actor=actor, now=clock.now_utc())
    flash("Het token is ingetrokken.")
    return redirect(url_for("accounts.tokens"))
