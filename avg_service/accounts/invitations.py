"""Setting a password by link: the invitation of a new account (valid 72 hours), "wachtwoord
vergeten" (valid 30 minutes), and the forced change of a password someone else set.

A link holds a random secret; only its SHA-256 is stored, and it works once. The e-mail in the
outbox holds ``[[account-link]]``: the secret is minted when the mail goes out, so no stored row
and no staff page ever shows a working link. A newer link replaces the older ones of the same
user and kind. "Wachtwoord vergeten" gives the same answer for every address (known, unknown,
inactive) and is limited per address and per connection.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import AccountToken, PasswordResetRequest, User, UserSession
from avg_service.accounts.passwords import MIN_PASSWORD_LENGTH, hash_password, verify_password
from avg_service.audit.services import record
from avg_service.errors import DomainError
from avg_service.extensions import db

INVITATION_VALID = timedelta(hours=72)
RESET_VALID = timedelta(minutes=30)
VALID = {"invitation": INVITATION_VALID, "reset": RESET_VALID}
#: "wachtwoord vergeten": per e-mail address and per connection, within RESET_WINDOW
RESET_PER_ADDRESS = 3
RESET_PER_CONNECTION = 10
RESET_WINDOW = timedelta(hours=1)
MAIL_PURPOSE = {"invitation": "invitation", "reset": "password_reset"}
LINK_PLACEHOLDER = "[[account-link]]"


class PasswordRefused(DomainError):
    status_code = 400


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def check_password_rules(password: str, *, email: str | None = None) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRefused("Het wachtwoord is te kort.", errors={"password": [
            f"Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."]})
    if len(password) > 1024:
        raise PasswordRefused("Het wachtwoord is te lang.",
                              errors={"password": ["Kies een wachtwoord van hoogstens 1024 tekens."]})
    if email and password.strip().lower() == email.strip().lower():
        raise PasswordRefused("Het wachtwoord is uw e-mailadres.",
                              errors={"password": ["Kies een wachtwoord dat niet uw e-mailadres is."]})


# ------------------------------------------------------------------------------ links
def issue_token(user: User, *, purpose: str, now: datetime, created_by_id: int | None = None
                ) -> str:
    """A new single-use secret for ``user``; earlier unused ones of this kind stop working."""
    for older in db.session.scalars(sa.select(AccountToken).where(
            AccountToken.user_id == user.id, AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None))):
        older.used_at = now
    token = secrets.token_urlsafe(32)
    db.session.add(AccountToken(user_id=user.id, purpose=purpose, token_hash=_digest(token),
                                created_at=now, expires_at=now + VALID[purpose],
                                created_by_id=created_by_id))
    db.session.flush()
    return token


def valid_token(token: str | None, *, now: datetime) -> AccountToken | None:
    """The link's row while it works: known, unused, not expired, its account active."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(sa.select(AccountToken).where(AccountToken.token_hash == _digest(token)))
    if row is None or row.used_at is not None or row.expires_at <= now or not row.user.is_active:
        return None
    return row


def set_password_with_token(token: str, password: str, *, actor: Actor, now: datetime) -> User:
    row = valid_token(token, now=now)
    if row is None:
        raise PasswordRefused("Deze link werkt niet meer. Vraag een nieuwe aan.")
    user = row.user
    check_password_rules(password, email=user.email)
    row.used_at = now
    _set_password(user, password, now=now)
    record(actor, "auth.password_set", object_type="user", object_id=user.id, at=now)
    return user


def _set_password(user: User, password: str, *, now: datetime) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = False
    user.failed_logins = 0
    user.locked_until = None
    user.updated_at = now
    for login in db.session.scalars(sa.select(UserSession).where(
            UserSession.user_id == user.id, UserSession.ended_at.is_(None))):
        login.ended_at = now  # a new password ends every other log-in


def _mail_link(user: User, *, purpose: str, now: datetime) -> None:
    from avg_service.mail.services import literal, queue_mail

    if purpose == "invitation":
        subject = "Uw account bij het Contactpunt AVG-rechten"
        body = (f"Beste {literal(user.display_name)},\n\nEr is een account voor u gemaakt bij het "
                "Contactpunt AVG-rechten van het Zorg- en Veiligheidshuis. Kies uw wachtwoord "
                f"met deze link; die werkt één keer en 72 uur lang:\n\n{LINK_PLACEHOLDER}\n\n"
                "Verwachtte u dit bericht niet? Dan kunt u het negeren.\n")
    else:
        subject = "Nieuw wachtwoord voor het Contactpunt AVG-rechten"
        body = ("U vroeg om een nieuw wachtwoord. Kies het met deze link; die werkt één keer "
                f"en 30 minuten lang:\n\n{LINK_PLACEHOLDER}\n\nVroeg u dit niet? Dan kunt u dit "
                "bericht negeren: uw wachtwoord blijft zoals het was.\n")
    queue_mail(to=user.email, subject=subject, body=body, purpose=MAIL_PURPOSE[purpose], now=now,
               expands_markers=True)


def mint_link_for_mail(message: object) -> str:
    """``[[account-link]]``: a fresh link for the addressee, made as the mail goes out."""
    from avg_service import clock
    from avg_service.mail.models import OutboxMessage
    from avg_service.links import external_url

    assert isinstance(message, OutboxMessage)
    purpose = {v: k for k, v in MAIL_PURPOSE.items()}.get(message.purpose)
    user = db.session.scalar(sa.select(User).where(User.email == message.to_address))
    if purpose is None or user is None or not user.is_active:
        raise LookupError("an account link needs an active account and a known purpose")
    token = issue_token(user, purpose=purpose, now=clock.now_utc())
    return external_url("passwords.set_password", token=token)


# ------------------------------------------------------------------------------ the flows
def invite(user: User, *, actor: Actor, now: datetime) -> None:
    """Mail ``user`` a link to choose a password (a new account, or one that lost it)."""
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # no password works before
    user.must_change_password = False
    _mail_link(user, purpose="invitation", now=now)
    record(actor, "auth.invitation", object_type="user", object_id=user.id, at=now)


def request_reset(email: str, *, connection: str, actor: Actor, now: datetime) -> bool:
    """"Wachtwoord vergeten". False when the connection asked too often (then nothing is
    sent); otherwise True, whether or not the address has an account."""
    from avg_service.protection import keyed_hash

    address = (email or "").strip().lower()
    ip_hash = keyed_hash(connection, purpose="password-reset")
    email_hash = keyed_hash(address, purpose="password-reset")
    since = now - RESET_WINDOW
    db.session.execute(sa.delete(PasswordResetRequest).where(
        PasswordResetRequest.at < now - timedelta(days=1)))
    by_connection = db.session.scalar(sa.select(sa.func.count()).select_from(
        PasswordResetRequest).where(PasswordResetRequest.ip_hash == ip_hash,
                                    PasswordResetRequest.at > since)) or 0
    if by_connection >= RESET_PER_CONNECTION:
        return False
    by_address = db.session.scalar(sa.select(sa.func.count()).select_from(
        PasswordResetRequest).where(PasswordResetRequest.email_hash == email_hash,
                                    PasswordResetRequest.at > since)) or 0
    db.session.add(PasswordResetRequest(ip_hash=ip_hash, email_hash=email_hash, at=now))
    user = db.session.scalar(sa.select(User).where(User.email == address))
    if user is not None and user.is_active and by_address < RESET_PER_ADDRESS:
        _mail_link(user, purpose="reset", now=now)
        record(actor, "auth.password_reset_requested", object_type="user", object_id=user.id,
               at=now)
    return True


def change_own_password(user: User, *, current: str, new: str, actor: Actor, now: datetime
                        ) -> None:
    """The user replaces their password (forced after someone else set it)."""
    if not verify_password(user.password_hash, current):
        raise PasswordRefused("Het huidige wachtwoord klopt niet.",
                              errors={"current_password": ["Het huidige wachtwoord klopt niet."]})
    if current == new:
        raise PasswordRefused("Kies een ander wachtwoord.",
                              errors={"password": ["Kies een ander wachtwoord dan het huidige."]})
    check_password_rules(new, email=user.email)
    _set_password(user, new, now=now)
    record(actor, "auth.password_set", object_type="user", object_id=user.id, at=now)


#: Who works for every participant, as the message beside the field names them.
_SERVES_ALL: dict[Role, str] = {
    Role.CONTACTPUNT: "Een medewerker van het contactpunt",
    Role.JURIST: "Een jurist",
    Role.FG: "De FG",
    Role.BEHEERDER: "Een beheerder",
}


def organisation_for(role: Role, organisation_id: int | None) -> int | None:
    """Only a deelnemer carries an organisation, exactly one (WGS art. 1.8(2): authorised by
    it). Contact-point staff, jurists, the FG and the beheerder work for every participant and
    carry none; what the contact point is called lives in its settings (``municipality``) and
    its own organisation in the breach arrangement (``contact_point_organisation_id``)."""
    if role is Role.DEELNEMER and organisation_id is None:
        raise DomainError("Een deelnemer hoort bij precies één organisatie.", errors={
            "organisation_id": ["Kies de organisatie van deze deelnemer."]})
    if role is not Role.DEELNEMER and organisation_id is not None:
        raise DomainError("Alleen een deelnemer hoort bij een organisatie.", errors={
            "organisation_id": [f"{_SERVES_ALL[role]} werkt voor alle deelnemers en hoort niet "
                                "bij een organisatie: kies \u201cgeen\u201d."]})
    return organisation_id
