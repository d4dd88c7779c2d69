"""Pages to choose a password: by the link of an invitation or of "wachtwoord vergeten", and
the forced change after someone else set it. The link's secret is in the path (it must survive
the mail); the page sends no Referer (web/security.py) and never shows or logs it."""

from __future__ import annotations

from flask import Blueprint, Flask, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from avg_service import clock
from avg_service.access.guard import current_actor, public, requires
from avg_service.access.roles import Permission
from avg_service.accounts import invitations
from avg_service.accounts.schemas import ForgotSchema, PasswordSchema
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.mail.services import register_placeholder
from avg_service.web.forms import parse_form

bp = Blueprint("passwords", __name__)
register_placeholder("account-link", invitations.mint_link_for_mail,
                     label="(persoonlijke link om het wachtwoord te kiezen)")

FORGOT_ANSWER = ("Als dit e-mailadres bij ons een account heeft, krijgt u binnen enkele minuten "
                 "een e-mail met een link om een nieuw wachtwoord te kiezen. De link werkt 30 "
                 "minuten en één keer. Kijk ook in uw map met ongewenste e-mail.")


@bp.route("/wachtwoord/kiezen/<token>", methods=["GET", "POST"])
@public
def set_password(token: str) -> ResponseReturnValue:
    now = clock.now_utc()
    row = invitations.valid_token(token, now=now)
    if row is None:
        return render_template("accounts/password_link_expired.html"), 410
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = parse_form(PasswordSchema())
        if data is not None:
            try:
                with unit_of_work():
                    invitations.set_password_with_token(token, data["password"],
                                                        actor=current_actor(), now=now)
            except DomainError as refused:
                errors = refused.errors or {"_": [refused.message]}
            else:
                flash("Uw wachtwoord is ingesteld. Log in met uw e-mailadres en dit wachtwoord.")
                return redirect(url_for("accounts.login"))
    return render_template("accounts/password_set.html", errors=errors, email=row.user.email,
                           invitation=row.purpose == "invitation"), 400 if errors else 200


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@public
def forgot() -> ResponseReturnValue:
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = parse_form(ForgotSchema())
        if data is not None:
            with unit_of_work():
                allowed = invitations.request_reset(
                    data["email"], connection=request.remote_addr or "unknown",
                    actor=current_actor(), now=clock.now_utc())
            if not allowed:
                return render_template("accounts/forgot.html", errors={}, sent=False,
                                       throttled=True), 429
            return render_template("accounts/forgot.html", errors={}, sent=True,
                                   answer=FORGOT_ANSWER)
    return render_template("accounts/forgot.html", errors=errors, sent=False), \
        400 if errors else 200


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@requires(Permission.SIGNED_IN)
def change() -> ResponseReturnValue:
    loaded = g.get("login")
    assert loaded is not None
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        data, errors = parse_form(PasswordSchema())
        if data is not None:
            try:
                with unit_of_work():
                    invitations.change_own_password(
                        loaded.user, current=data.get("current_password") or "",
                        new=data["password"], actor=current_actor(), now=clock.now_utc())
            except DomainError as refused:
                errors = refused.errors or {"_": [refused.message]}
            else:
                flash("Uw wachtwoord is gewijzigd. Log opnieuw in met uw nieuwe wachtwoord.")
                return redirect(url_for("accounts.login"))
    return render_template("accounts/password_change.html", errors=errors,
                           forced=loaded.user.must_change_password), 400 if errors else 200


#: what a user whose password someone else set may still open before choosing their own
_ALLOWED_BEFORE_CHANGE = {"passwords.change", "accounts.logout", "static",
                          "accounts.second_factor"}


def init_forced_change(app: Flask) -> None:
    @app.before_request
    def _forced_change() -> ResponseReturnValue | None:
        loaded = g.get("login")
        if loaded is None or not loaded.user.must_change_password:
            return None
        if request.endpoint in _ALLOWED_BEFORE_CHANGE or request.path.startswith("/api/"):
            return None
        return redirect(url_for("passwords.change"))
