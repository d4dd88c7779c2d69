"""Use cases of single sign-on: log a member of staff in with a checked ID token, link accounts,
end the log-in; record DigiD with a request and find a DigiD user's requests.

Roles stay assigned in this service: a provider says who someone is, never what they may do.
An account logs in through a provider only when the provider serves the account's organisation
(``ProviderSettings.organisation``). Services flush, never commit, and audit every log-in and link
(WGS art. 1.8(4)); a BSN is never written to an audit entry or a log line, only encrypted or as
a keyed hash (UAVG art. 46: the BSN only where the law allows it).
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.accounts.models import User, UserSession
from avg_service.accounts.services import LoginResult, actor_for, token_digest
from avg_service.audit.models import Outcome
from avg_service.audit.services import record
from avg_service.extensions import db
from avg_service.portal import services as portal
from avg_service.portal.models import StatusLink
from avg_service.protection import decrypt, encrypt, keyed_hash
from avg_service.requests.bsn import is_valid_bsn, normalise_bsn
from avg_service.requests.models import DataSubjectRequest
from avg_service.sso.models import AccountLink, DigidAuthentication, SsoLogin
from avg_service.sso.settings import DigidSettings, ProviderSettings, loa_name, loa_rank
from avg_service.sso import oidc

log = logging.getLogger(__name__)

NO_ACCOUNT = ("U bent ingelogd bij uw organisatie, maar u heeft nog geen account bij het "
              "contactpunt. Vraag de beheerder van het contactpunt om een account.")
DEACTIVATED = "Uw account bij het contactpunt is uitgeschakeld. Vraag de beheerder om hulp."
OTHER_ORGANISATION = ("Dit account hoort niet bij deze organisatie. Log in via de knop van uw "
                      "eigen organisatie.")
ALREADY_LINKED = ("Dit account is al gekoppeld aan een ander account bij uw organisatie. Vraag de "
                  "beheerder van het contactpunt om hulp.")
#: A DigiD log-in is used for this long after the last page (Logius: DigiD data only within the
#: session the person started; nothing of it is kept for a next visit).
DIGID_IDLE = timedelta(minutes=15)


def is_valid_subject(value: object) -> bool:
    """OIDC Core 2: ``sub`` is at most 255 ASCII characters (printable: no NUL, no CR/LF)."""
    return isinstance(value, str) and 0 < len(value) <= 255 and value.isascii() \
        and value.isprintable()


def serves(provider: ProviderSettings, user: User) -> bool:
    """Whether ``provider`` is the identity provider of ``user``'s organisation."""
    if user.organisation is None:
        return provider.contact_point
    return user.organisation.code == provider.organisation


def _refuse(provider: ProviderSettings, reason: str, message: str, *, actor: Actor,
            user: User | None, now: datetime, status: int = 403) -> LoginResult:
    who = actor if user is None else actor_for(user, via="session", ip=actor.ip,
                                               user_agent=actor.user_agent,
                                               request_id=actor.request_id)
    record(who, "auth.login_sso", object_type="user" if user else "sso_provider",
           object_id=user.id if user else provider.key, outcome=Outcome.REFUSED, at=now)
    log.info("sso log-in refused", extra={"provider": provider.key, "reason": reason})
    return LoginResult(user=user, refusal=message, status=status)


def _find_or_link(provider: ProviderSettings, claims: dict[str, object], *, actor: Actor,
                  now: datetime) -> tuple[User | None, AccountLink | None, str]:
    subject = claims.get("sub")
    if not is_valid_subject(subject):
        return None, None, "no_account"
    assert isinstance(subject, str)
    link = db.session.scalars(sa.select(AccountLink).where(
        AccountLink.provider_key == provider.key, AccountLink.subject == subject)).one_or_none()
    if link is not None:
        return link.user, link, ""
    email = claims.get("email")
    # Only a verified e-mail links (OIDC Core 5.7: an unverified one proves nothing).
    if provider.link_by != "email" or not isinstance(email, str) \
            or claims.get("email_verified") is not True:
        return None, None, "no_account"
    user = db.session.scalars(sa.select(User).where(
        User.email == email.strip().lower())).one_or_none()
    if user is None:
        return None, None, "no_account"
    if not serves(provider, user):
        return user, None, "other_organisation"
    taken = db.session.scalar(sa.select(sa.func.count()).select_from(AccountLink).where(
        AccountLink.provider_key == provider.key, AccountLink.user_id == user.id))
    if taken:
        return user, None, "already_linked"
    link = AccountLink(user_id=user.id, provider_key=provider.key, subject=subject,
                       linked_by="email", linked_at=now)
    db.session.add(link)
    db.session.flush()
    record(actor_for(user, via="session", ip=actor.ip, user_agent=actor.user_agent,
                     request_id=actor.request_id),
           "sso.link", object_type="user", object_id=user.id, at=now)
    return user, link, ""


def log_in_with_provider(provider: ProviderSettings, claims: dict[str, object], id_token: str,
                         *, actor: Actor, now: datetime) -> LoginResult:
    """Start a session for the account behind checked ID-token ``claims``.

    The provider did the authentication, its second factor included, so the session starts with
    the second factor done. Nothing of the claims but the subject is stored.
    """
    user, link, problem = _find_or_link(provider, claims, actor=actor, now=now)
    if problem == "no_account" or user is None:
        return _refuse(provider, "no_account", NO_ACCOUNT, actor=actor, user=None, now=now)
    if problem == "already_linked":
        return _refuse(provider, problem, ALREADY_LINKED, actor=actor, user=user, now=now)
    if problem == "other_organisation" or not serves(provider, user):
        return _refuse(provider, "other_organisation", OTHER_ORGANISATION, actor=actor,
                       user=user, now=now)
    if not user.is_active:
        return _refuse(provider, "deactivated", DEACTIVATED, actor=actor, user=user, now=now)
    assert link is not None
    token = secrets.token_urlsafe(32)
    row = UserSession(token_hash=token_digest(token), user_id=user.id, created_at=now,
                      last_seen_at=now, second_factor_at=now)
    db.session.add(row)
    db.session.flush()
    db.session.add(SsoLogin(user_session_id=row.id, provider_key=provider.key,
                            id_token_encrypted=encrypt(id_token), created_at=now))
    user.last_login_at = now
    link.last_login_at = now
    record(actor_for(user, via="session", ip=actor.ip, user_agent=actor.user_agent,
                     request_id=actor.request_id),
           "auth.login_sso", object_type="user", object_id=user.id, at=now)
    db.session.flush()
    return LoginResult(user=user, token=token)


def link_account(user: User, provider: ProviderSettings, subject: str, *, actor: Actor,
                 now: datetime) -> AccountLink:
    """Link ``user`` to ``subject`` at ``provider`` by hand (``link_by: subject`` providers)."""
    from avg_service.errors import DomainError

    subject = subject.strip()
    if not is_valid_subject(subject):
        raise DomainError("Vul de identificatie (subject) van de gebruiker bij de provider in: "
                          "1 tot 255 gewone tekens (letters, cijfers, leestekens).",
                          errors={"subject": ["Vul 1 tot 255 gewone tekens in."]})
    if not serves(provider, user):
        raise DomainError(OTHER_ORGANISATION)
    existing = db.session.scalars(sa.select(AccountLink).where(
        AccountLink.provider_key == provider.key,
        sa.or_(AccountLink.subject == subject, AccountLink.user_id == user.id))).first()
    if existing is not None:
        raise DomainError(ALREADY_LINKED)
    link = AccountLink(user_id=user.id, provider_key=provider.key, subject=subject,
                       linked_by="subject", linked_at=now)
    db.session.add(link)
    db.session.flush()
    record(actor, "sso.link", object_type="user", object_id=user.id, at=now)
    return link


def unlink_account(user: User, provider_key: str, *, actor: Actor, now: datetime) -> bool:
    """Remove ``user``'s link at a provider (the next log-in links again, by e-mail if allowed)."""
    link = db.session.scalars(sa.select(AccountLink).where(
        AccountLink.user_id == user.id, AccountLink.provider_key == provider_key)).one_or_none()
    if link is None:
        return False
    db.session.delete(link)
    record(actor, "sso.unlink", object_type="user", object_id=user.id, at=now)
    return True


def links_of(user: User) -> list[AccountLink]:
    return list(db.session.scalars(sa.select(AccountLink).where(AccountLink.user_id == user.id)
                                   .order_by(AccountLink.provider_key)))


def sso_login_for(session_token: str | None) -> SsoLogin | None:
    """The provider log-in behind a session cookie, if it came through one."""
    if not session_token:
        return None
    return db.session.scalars(
        sa.select(SsoLogin).join(UserSession, UserSession.id == SsoLogin.user_session_id)
        .where(UserSession.token_hash == token_digest(session_token))).one_or_none()


def id_token_of(login: SsoLogin) -> str:
    return decrypt(login.id_token_encrypted)


def password_login_allowed(user: User, providers: tuple[ProviderSettings, ...]
                           ) -> ProviderSettings | None:
    """None when ``user`` may log in with a password; else the provider it must use."""
    for provider in providers:
        if not provider.password_login and serves(provider, user):
            return provider
    return None


# ------------------------------------------------------------------------------ DigiD
@dataclass(frozen=True, slots=True)
class DigidIdentity:
    """Who logged in with DigiD: the data subject's BSN, the level, and with DigiD Machtigen
    the representative's BSN."""

    bsn: str
    loa: str
    representative_bsn: str | None = None

    @property
    def is_mandate(self) -> bool:
        return self.representative_bsn is not None


class DigidRefused(Exception):
    """The broker's answer cannot be used; ``reason`` for the audit and the page's text key."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def digid_identity(broker: DigidSettings, claims: dict[str, object]) -> DigidIdentity:
    """Read the BSN, the level and a mandate from the broker's checked claims."""
    level = loa_name(str(oidc.claim(claims, broker.loa_claim) or ""))
    if level is None or loa_rank(level) < loa_rank(broker.min_loa):
        raise DigidRefused("loa_too_low")
    represented = oidc.claim(claims, broker.represented_claim)
    representative = oidc.claim(claims, broker.representative_claim)
    if represented is not None or representative is not None:
        if not (_bsn_ok(represented) and _bsn_ok(representative)):
            raise DigidRefused("bad_bsn")
        return DigidIdentity(bsn=_bsn(represented), loa=level,
                             representative_bsn=_bsn(representative))
    own = oidc.claim(claims, broker.bsn_claim)
    if not _bsn_ok(own):
        raise DigidRefused("bad_bsn")
    return DigidIdentity(bsn=_bsn(own), loa=level)


def _bsn_ok(value: object) -> bool:
    return isinstance(value, str) and is_valid_bsn(value)


def _bsn(value: object) -> str:
    return normalise_bsn(str(value)).zfill(9)


def record_digid_login(identity: DigidIdentity, *, actor: Actor, now: datetime) -> None:
    record(actor, "digid.login_mandate" if identity.is_mandate else "digid.login",
           object_type="digid_broker", at=now)


def record_digid_request(dsr: DataSubjectRequest, identity: DigidIdentity, *, actor: Actor,
                         now: datetime) -> DigidAuthentication:
    """Note with ``dsr`` that its sender logged in with DigiD, and who represents whom."""
    representative = identity.representative_bsn
    row = DigidAuthentication(
        dsr_id=dsr.id, loa=identity.loa, authenticated_at=now, is_mandate=identity.is_mandate,
        representative_bsn_encrypted=encrypt(representative) if representative else None,
        representative_bsn_hash=keyed_hash(representative, purpose="bsn") if representative else None,
        representative_bsn_last3=representative[-3:] if representative else None)
    db.session.add(row)
    db.session.flush()
    record(actor, "dsr.digid", object_type="dsr", object_id=dsr.id, at=now)
    return row


def requests_of(identity: DigidIdentity) -> list[DataSubjectRequest]:
    """The requests this DigiD user may follow: a person's own (by BSN), or under DigiD
    Machtigen those the representative sent for the represented person."""
    bsn_hash = keyed_hash(identity.bsn, purpose="bsn")
    query = sa.select(DataSubjectRequest).where(DataSubjectRequest.bsn_hash == bsn_hash)
    if identity.representative_bsn is not None:
        query = query.join(DigidAuthentication,
                           DigidAuthentication.dsr_id == DataSubjectRequest.id).where(
            DigidAuthentication.representative_bsn_hash == keyed_hash(
                identity.representative_bsn, purpose="bsn"))
    return list(db.session.scalars(query.order_by(DataSubjectRequest.received_at.desc())))


def digid_of(dsr: DataSubjectRequest) -> DigidAuthentication | None:
    return db.session.scalars(sa.select(DigidAuthentication).where(
        DigidAuthentication.dsr_id == dsr.id)).one_or_none()


def status_link_for(identity: DigidIdentity, dsr_id: int, *, now: datetime) -> StatusLink | None:
    """The status link that opens ``dsr_id`` for this DigiD user, or None when the request is
    not theirs. One link per request, issued via "digid" the first time; its token is never
    shown, sent or kept: the browser session holds the link's id (portal.views)."""
    if dsr_id not in {dsr.id for dsr in requests_of(identity)}:
        return None
    link = db.session.scalars(sa.select(StatusLink).where(
        StatusLink.dsr_id == dsr_id, StatusLink.issued_via == "digid",
        StatusLink.revoked_at.is_(None), StatusLink.expires_at > now)
        .order_by(StatusLink.id.desc()).limit(1)).one_or_none()
    if link is None:
        dsr = db.session.get(DataSubjectRequest, dsr_id)
        assert dsr is not None
        _state, link = portal.resolve_link(portal.issue_link(dsr, via="digid", now=now), now=now)
    assert link is not None
    link.last_used_at = now
    return link
