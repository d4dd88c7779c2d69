"""What the browser session holds of single sign-on, for the pages of other packages: the
staff log-in's provider (for RP-initiated log-out), the password rule per organisation, and the
requester's DigiD log-in, which lives only in this session (Logius: DigiD data only within the
session), encrypted in the signed cookie and dropped after ``DIGID_IDLE``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cryptography.fernet import InvalidToken
from flask import current_app, session, url_for

from avg_service import clock
from avg_service.accounts.models import User
from avg_service.protection import decrypt
from avg_service.requests.lifecycle import Representation
from avg_service.sso import oidc, services
from avg_service.sso.settings import SsoSettings

DIGID_KEY = "digid"


def sso_settings() -> SsoSettings:
    settings: SsoSettings = current_app.extensions["avg_sso"]
    return settings


def logout_url(session_token: str | None) -> str | None:
    """Where to send the browser after the local log-out: the provider's end_session_endpoint
    (RP-initiated log-out) when the session came through a provider that offers one."""
    login = services.sso_login_for(session_token)
    if login is None:
        return None
    provider = sso_settings().provider(login.provider_key)
    if provider is None:
        return None
    try:
        meta = oidc.discover(provider.issuer)
        hint = services.id_token_of(login)
    except (oidc.OidcError, InvalidToken):
        return None  # the local session ends all the same
    return oidc.end_session_url(meta, id_token_hint=hint, client_id=provider.client_id,
                                post_logout_redirect_uri=url_for("accounts.login", _external=True))


def password_refusal(user: User) -> str | None:
    """The message when ``user``'s organisation logs in only through its provider."""
    provider = services.password_login_allowed(user, sso_settings().providers)
    if provider is None:
        return None
    return (f"Uw organisatie logt in via {provider.label}. Gebruik de knop "
            f"'Inloggen via {provider.label}'.")



def current_digid() -> services.DigidIdentity | None:
    """The DigiD log-in of this browser session, while it is not idle."""
    entry = session.get(DIGID_KEY)
    if not isinstance(entry, dict):
        return None
    now = clock.now_utc()
    try:
        seen = datetime.fromisoformat(entry["at"])
        identity = services.DigidIdentity(
            bsn=decrypt(entry["bsn"]), loa=str(entry["loa"]),
            representative_bsn=decrypt(entry["rep"]) if entry.get("rep") else None)
    except (KeyError, TypeError, ValueError, InvalidToken):
        session.pop(DIGID_KEY, None)
        return None
    if now - seen > services.DIGID_IDLE:
        session.pop(DIGID_KEY, None)
        return None
    if now - seen > services.DIGID_IDLE / 15:
        session[DIGID_KEY] = {**entry, "at": now.isoformat()}
    return identity


# ------------------------------------------------------------------------------ the public form
def apply_digid(data: dict[str, Any] | None, errors: dict[str, list[str]]
                ) -> services.DigidIdentity | None:
    """On the public form: the BSN comes from the DigiD log-in, whatever the browser sent (the
    field is locked), and DigiD Machtigen makes the sender the represented person's gemachtigde."""
    identity = current_digid()
    if identity is None:
        return None
    errors.pop("bsn", None)
    if data is not None:
        data["bsn"] = identity.bsn
        if identity.is_mandate and data.get("representation") in (None, Representation.SELF):
            data["representation"] = Representation.AUTHORISED
    return identity
