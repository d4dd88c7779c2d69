"""Pages of single sign-on: staff log in through their organisation's provider; requesters log in
with DigiD (through the municipality's OIDC broker) on the form and for their status.

The pending authorization request (state, nonce, PKCE verifier) waits in the signed session
cookie and is used once: the callback pops it before anything else, so a replayed or forged
callback finds nothing. DigiD data lives only in this browser session (``sso.browser``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from flask import (Blueprint, Flask, flash, g, redirect, render_template, request, session,
                   url_for)
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from avg_service import clock
from avg_service.access.guard import SESSION_KEY, current_actor, public, requires
from avg_service.access.roles import Permission
from avg_service.accounts.models import User
from avg_service.audit.models import Outcome, Purpose
from avg_service.audit.services import record
from avg_service.db import unit_of_work
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.protection import encrypt
from avg_service.portal.services import BROWSER_SESSION_KEY
from avg_service.sso import oidc, services
from avg_service.sso.browser import DIGID_KEY, current_digid, sso_settings
from avg_service.sso.messages import SSO_MESSAGES
from avg_service.sso.settings import DigidSettings, ProviderSettings, from_env
from avg_service.web.i18n import MESSAGES, translate

bp = Blueprint("sso", __name__)
for _language, _texts in SSO_MESSAGES.items():
    MESSAGES[_language].update(_texts)
log = logging.getLogger(__name__)

PENDING_KEY = "sso_pending"
DIGID_PENDING_KEY = "digid_pending"
#: Where a DigiD log-in may return to (no deep links: only these two entry pages).
DIGID_TARGETS = {"form": ("public_requests.form", "public_requests.form_en"),
                 "status": ("sso.my_requests", "sso.my_requests_en")}

#: What a person reads when a log-in through the provider fails (never the protocol's words).
FAILURE_TEXT = {
    "state_mismatch": "Het inloggen is verlopen of niet op deze pagina begonnen. Probeer het "
                      "opnieuw.",
    "provider_unreachable": "De inlogdienst van uw organisatie is nu niet bereikbaar. Probeer "
                            "het over een paar minuten opnieuw.",
    "provider_refused": "Het inloggen bij uw organisatie is afgebroken. Probeer het opnieuw.",
}
GENERIC_FAILURE = ("Het inloggen is niet gelukt. Probeer het opnieuw. Lukt het weer niet, neem "
                   "dan contact op met de beheerder van het contactpunt.")


def init_sso(app: Flask, environ: Mapping[str, str], *, production: bool) -> None:
    settings = from_env(environ, production=production)
    app.extensions["avg_sso"] = settings
    app.register_blueprint(bp)
    origins = sorted({_origin(p.issuer) for p in settings.providers}
                     | ({_origin(settings.digid.issuer)} if settings.digid else set()))

    if origins:
        # A form whose answer redirects to the provider (the DigiD button, log-out with
        # RP-initiated log-out) needs the provider in form-action: browsers check the redirect.
        # Registered before the security headers, so this runs after them.
        @app.after_request
        def _allow_provider_forms(response: Response) -> Response:
            policy = response.headers.get("Content-Security-Policy")
            if policy and "form-action 'self'" in policy:
                response.headers["Content-Security-Policy"] = policy.replace(
                    "form-action 'self'", "form-action 'self' " + " ".join(origins))
            return response

    @app.context_processor
    def _sso_context() -> dict[str, Any]:
        settings = sso_settings()
        return {"sso_providers": settings.providers, "digid_broker": settings.digid,
                "digid_identity": current_digid, "sso_digid_of": services.digid_of,
                "sso_links_of": services.links_of}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _provider(key: str) -> ProviderSettings:
    provider = sso_settings().provider(key)
    if provider is None:
        raise NotFound("Deze inlogdienst bestaat niet.")
    return provider


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def _failed(message: str, status: int, *, back: str) -> ResponseReturnValue:
    return render_template("sso/failed.html", message=message, back_url=back), status


def _audit_refusal(object_type: str, key: str, reason: str) -> None:
    log.info("sso callback refused", extra={"provider": key, "reason": reason})
    with unit_of_work():
        record(current_actor(), "auth.login_sso", object_type=object_type, object_id=key,
               outcome=Outcome.REFUSED, at=clock.now_utc())


# ------------------------------------------------------------------------------ staff
@bp.get("/inloggen/via/<key>")
@public
def start(key: str) -> ResponseReturnValue:
    provider = _provider(key)
    try:
        url, pending = oidc.begin(provider,
                                  redirect_uri=url_for("sso.callback", key=key, _external=True))
    except oidc.OidcError as error:
        _audit_refusal("sso_provider", key, error.reason)
        return _failed(FAILURE_TEXT["provider_unreachable"], 502, back=url_for("accounts.login"))
    session[PENDING_KEY] = {"key": key, "next": _safe_next(request.args.get("next")),
                            **pending.as_dict()}
    return redirect(url, code=303)


@bp.get("/inloggen/via/<key>/terug")
@public
def callback(key: str) -> ResponseReturnValue:
    provider = _provider(key)
    entry = session.pop(PENDING_KEY, None)  # used once, whatever happens next
    pending = oidc.Pending.from_dict(entry)
    back = url_for("accounts.login")
    if pending is None or not isinstance(entry, dict) or entry.get("key") != key:
        _audit_refusal("sso_provider", key, "state_mismatch")
        return _failed(FAILURE_TEXT["state_mismatch"], 400, back=back)
    now = clock.now_utc()
    try:
        claims, id_token = oidc.complete(provider, pending, request.args.to_dict(), now=now)
    except oidc.OidcError as error:
        _audit_refusal("sso_provider", key, error.reason)
        return _failed(FAILURE_TEXT.get(error.reason, GENERIC_FAILURE),
                       502 if error.reason == "provider_unreachable" else 400, back=back)
    with unit_of_work():
        result = services.log_in_with_provider(provider, claims, id_token,
                                               actor=current_actor(), now=now)
    if not result.ok:
        return _failed(result.refusal or GENERIC_FAILURE, result.status, back=back)
    session.clear()  # a new session at log-in: nothing survives from before
    session[SESSION_KEY] = result.token
    session.permanent = False
    return redirect(entry.get("next") or url_for("accounts.home"), code=303)


# ------------------------------------------------------------------------------ DigiD
def _broker() -> DigidSettings:
    broker = sso_settings().digid
    if broker is None:
        raise NotFound("Inloggen met DigiD is hier niet ingesteld.")
    return broker


def _lang() -> str:
    return "en" if request.args.get("lang") == "en" else "nl"


@bp.get("/digid/inloggen")
@public
def digid_start() -> ResponseReturnValue:
    broker = _broker()
    target = request.args.get("naar", "form")
    if target not in DIGID_TARGETS:
        target = "form"
    lang = _lang()
    g.lang = lang
    try:
        url, pending = oidc.begin(broker, redirect_uri=url_for("sso.digid_callback", _external=True))
    except oidc.OidcError as error:
        _audit_refusal("digid_broker", "digid", error.reason)
        return _digid_failed("digid.failed.unreachable", lang, 502)
    session[DIGID_PENDING_KEY] = {"target": target, "lang": lang, **pending.as_dict()}
    return redirect(url, code=303)


def _digid_failed(key: str, lang: str, status: int) -> ResponseReturnValue:
    g.lang = lang
    return render_template("sso/digid_failed.html", key=key, lang=lang,
                           back_url=url_for(DIGID_TARGETS["form"][lang == "en"])), status


@bp.get("/digid/terug")
@public
def digid_callback() -> ResponseReturnValue:
    broker = _broker()
    entry = session.pop(DIGID_PENDING_KEY, None)
    pending = oidc.Pending.from_dict(entry)
    lang = entry.get("lang", "nl") if isinstance(entry, dict) else "nl"
    lang = "en" if lang == "en" else "nl"
    if pending is None or not isinstance(entry, dict):
        _audit_refusal("digid_broker", "digid", "state_mismatch")
        return _digid_failed("digid.failed.expired", lang, 400)
    now = clock.now_utc()
    try:
        claims, _id_token = oidc.complete(broker, pending, request.args.to_dict(), now=now)
        identity = services.digid_identity(broker, claims)
    except oidc.OidcError as error:
        _audit_refusal("digid_broker", "digid", error.reason)
        key = {"state_mismatch": "digid.failed.expired", "provider_refused": "digid.failed.cancelled",
               "provider_unreachable": "digid.failed.unreachable"}.get(error.reason,
                                                                       "digid.failed.generic")
        return _digid_failed(key, lang, 502 if error.reason == "provider_unreachable" else 400)
    except services.DigidRefused as refused:
        _audit_refusal("digid_broker", "digid", refused.reason)
        return _digid_failed("digid.failed.loa" if refused.reason == "loa_too_low"
                             else "digid.failed.generic", lang, 403)
    with unit_of_work():
        services.record_digid_login(identity, actor=current_actor(), now=now)
    # The staff session and the requester's are never the same browser session.
    session.pop(SESSION_KEY, None)
    session[DIGID_KEY] = {"bsn": encrypt(identity.bsn), "loa": identity.loa,
                          "rep": encrypt(identity.representative_bsn)
                          if identity.representative_bsn else None,
                          "at": now.isoformat()}
    return redirect(url_for(DIGID_TARGETS[entry.get("target", "form")][lang == "en"]), code=303)


@bp.post("/digid/uitloggen")
@public
def digid_logout() -> ResponseReturnValue:
    lang = "en" if request.form.get("lang") == "en" else "nl"
    if session.pop(DIGID_KEY, None) is not None:
        with unit_of_work():
            record(current_actor(), "digid.logout", object_type="digid_broker",
                   at=clock.now_utc())
    session.pop(BROWSER_SESSION_KEY, None)
    return redirect(url_for(DIGID_TARGETS["form"][lang == "en"]), code=303)


@bp.get("/mijn-verzoeken", defaults={"lang": "nl"}, endpoint="my_requests")
@bp.get("/en/my-requests", defaults={"lang": "en"}, endpoint="my_requests_en")
@public
def my_requests(lang: str) -> ResponseReturnValue:
    g.lang = lang
    identity = current_digid()
    if identity is None:
        return render_template("sso/my_requests.html", lang=lang, identity=None, rows=[],
                               alternate_url=url_for(DIGID_TARGETS["status"][lang != "en"])), 401
    with unit_of_work():
        rows = services.requests_of(identity)
        for dsr in rows:
            record(current_actor(), "dsr.digid_list", object_type="dsr", object_id=dsr.id,
                   purpose=Purpose.HANDLING_REQUEST)
    return render_template("sso/my_requests.html", lang=lang, identity=identity, rows=rows,
                           alternate_url=url_for(DIGID_TARGETS["status"][lang != "en"]))


@bp.post("/mijn-verzoeken/<int:dsr_id>", defaults={"lang": "nl"}, endpoint="open_request")
@bp.post("/en/my-requests/<int:dsr_id>", defaults={"lang": "en"}, endpoint="open_request_en")
@public
def open_request(lang: str, dsr_id: int) -> ResponseReturnValue:
    """Open one request's status page, as its secret link would: a link of its own (issued via
    "digid", made once per request), bound to this browser session only; its token is never
    shown, sent or kept."""
    g.lang = lang
    identity = current_digid()
    if identity is None:
        return redirect(url_for(DIGID_TARGETS["status"][lang == "en"]), code=303)
    now = clock.now_utc()
    with unit_of_work():
        link = services.status_link_for(identity, dsr_id, now=now)
        if link is None:
            raise NotFound(translate("digid.not_yours"))
        link_id = link.id
    session[BROWSER_SESSION_KEY] = {"link": link_id, "at": now.isoformat()}
    return redirect(url_for("portal.status_en" if lang == "en" else "portal.status"), code=303)


# ------------------------------------------------------------------------------ administration
def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("Deze gebruiker bestaat niet.")
    return user


@bp.post("/beheer/gebruikers/<int:user_id>/sso-koppelen")
@requires(Permission.USERS_MANAGE)
def admin_link(user_id: int) -> ResponseReturnValue:
    """Link an account to its subject at a provider (for ``link_by: subject`` providers)."""
    provider = _provider(request.form.get("provider", ""))
    try:
        with unit_of_work():
            services.link_account(_user_or_404(user_id), provider,
                                  request.form.get("subject", "")[:300], actor=current_actor(),
                                  now=clock.now_utc())
    except DomainError as refused:
        if isinstance(refused, NotFound):
            raise
        flash(refused.message)
    else:
        flash(f"Het account is gekoppeld aan {provider.label}.")
    return redirect(url_for("admin.user_detail", user_id=user_id), code=303)


@bp.post("/beheer/gebruikers/<int:user_id>/sso-ontkoppelen")
@requires(Permission.USERS_MANAGE)
def admin_unlink(user_id: int) -> ResponseReturnValue:
    provider = _provider(request.form.get("provider", ""))
    with unit_of_work():
        services.unlink_account(_user_or_404(user_id), provider.key, actor=current_actor(),
                                now=clock.now_utc())
    flash(f"De koppeling met {provider.label} is verwijderd.")
    return redirect(url_for("admin.user_detail", user_id=user_id), code=303)
