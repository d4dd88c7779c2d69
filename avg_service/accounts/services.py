"""Log-in, second factor, sessions and API tokens; user administration.

Services take the acting ``Actor`` and the moment ``now``; they flush, never commit, and write
an audit entry for every change (WGS art. 1.8(4)).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import pyotp
import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import ApiToken, LoginFailure, User, UserSession
from avg_service.accounts.passwords import hash_password, needs_rehash, verify_password
from avg_service.audit.models import Outcome
from avg_service.audit.services import record
from avg_service.config import AccountApproval, current_settings
from avg_service.errors import DomainError
from avg_service.extensions import db

#: BIO-style session limits: idle 30 minutes, at most 12 hours from log-in.
IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
#: An account locks for 15 minutes after 5 failed attempts in a row (passwords and, counted
#: apart and across log-ins, second-factor codes); each further lockout before a full log-in
#: doubles the time, up to ``MAX_LOCKOUT``.
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MAX_LOCKOUT = timedelta(hours=8)
#: An address may fail 20 times in 15 minutes (passwords and codes) before it is throttled.
MAX_FAILURES_PER_IP = 20
IP_WINDOW = timedelta(minutes=15)
TOKEN_PREFIX = "avg_"
MAX_TOKEN_DAYS = 365
_TOUCH_EVERY = timedelta(seconds=60)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class LoginResult:
    """The outcome of a log-in step. A refusal is an outcome, not an exception: the failure
    count, the throttle record and the audit entry must be committed with it."""

    user: User | None = None
    token: str | None = None
    refusal: str | None = None
    status: int = 200

    @property
    def ok(self) -> bool:
        return self.refusal is None


WRONG_CREDENTIALS = "Het e-mailadres of het wachtwoord klopt niet."
LOCKED = "Dit account is tijdelijk geblokkeerd na te veel mislukte pogingen. Probeer het later opnieuw."
THROTTLED = "Te veel mislukte pogingen vanaf dit adres. Probeer het over een kwartier opnieuw."
WRONG_CODE = "De code klopt niet. Gebruik de code die uw app nu toont."
AWAITING_APPROVAL = ("Dit account wacht nog op goedkeuring door een tweede beheerder of de "
                     "FG. Daarna kunt u inloggen.")


class SessionState(StrEnum):
    ACTIVE = "active"
    NEEDS_SECOND_FACTOR = "needs_second_factor"  # TOTP set up: enter a code
    NEEDS_ENROLMENT = "needs_enrolment"  # production, no TOTP yet: set one up first


@dataclass(frozen=True, slots=True)
class LoadedSession:
    session: UserSession
    state: SessionState

    @property
    def user(self) -> User:
        return self.session.user


def actor_for(user: User, *, via: str, ip: str | None = None, user_agent: str | None = None,
              request_id: str | None = None) -> Actor:
    return Actor(user.id, user.role_enum, user.organisation_id, via, ip, user_agent, request_id)


# ------------------------------------------------------------------------------ log-in
def log_in(email: str, password: str, *, actor: Actor, now: datetime,
           password_login_refusal: Callable[[User], str | None] | None = None) -> LoginResult:
    """Check e-mail and password; on success start a new session and return its token.

    The message on failure is the same whether the e-mail exists or not; an unknown e-mail still
    costs an argon2 verification, so timing does not tell either. ``password_login_refusal``:
    why this account may not log in with a password (its organisation logs in through its
    identity provider), asked only once the password is right.
    """
    session = db.session()
    if actor.ip and _recent_ip_failures(actor.ip, now) >= MAX_FAILURES_PER_IP:
        record(actor, "auth.login", outcome=Outcome.REFUSED, at=now)
        return LoginResult(refusal=THROTTLED, status=429)
    user = session.scalars(sa.select(User).where(User.email == email.strip().lower())).one_or_none()
    password_ok = verify_password(user.password_hash if user else None, password)
    locked = user is not None and user.locked_until is not None and user.locked_until > now
    if user is None or not user.is_active or locked or not password_ok:
        if actor.ip:
            session.add(LoginFailure(ip=actor.ip, occurred_at=now))
        if user is not None and not locked:
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                _lock(user, now)
        who = actor if user is None else actor_for(user, via="session", ip=actor.ip,
                                                   user_agent=actor.user_agent,
                                                   request_id=actor.request_id)
        record(who, "auth.login", object_type="user", object_id=user.id if user else None,
               outcome=Outcome.REFUSED, at=now)
        # Only who knows the password learns that the account is locked: to anyone else a
        # locked account answers like a wrong password, so the answer does not tell that an
        # account exists (finding 12).
        return LoginResult(refusal=LOCKED if locked and password_ok else WRONG_CREDENTIALS,
                           status=401)
    refusal = password_login_refusal(user) if password_login_refusal is not None else None
    if refusal is not None:
        # Like a lockout, told only to who knows the password: to anyone else an account that
        # logs in through its provider answers like an unknown address (finding 12).
        record(actor_for(user, via="session", ip=actor.ip, user_agent=actor.user_agent,
                         request_id=actor.request_id),
               "auth.login", object_type="user", object_id=user.id, outcome=Outcome.REFUSED,
               at=now)
        return LoginResult(refusal=refusal, status=403)
    if user.awaiting_approval_since is not None:
        record(actor_for(user, via="session", ip=actor.ip, user_agent=actor.user_agent,
                         request_id=actor.request_id),
               "auth.login", object_type="user", object_id=user.id, outcome=Outcome.REFUSED,
               at=now)
        return LoginResult(refusal=AWAITING_APPROVAL, status=403)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    # A correct password resets the password count only. Wrong second-factor codes keep
    # counting across log-ins, and the lockout backoff lasts until a full log-in.
    user.failed_logins = 0
    user.locked_until = None
    if not user.has_second_factor:
        user.lockouts = 0
    user.last_login_at = now
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=token_digest(token), user_id=user.id, created_at=now,
                            last_seen_at=now))
    record(actor_for(user, via="session", ip=actor.ip, user_agent=actor.user_agent,
                     request_id=actor.request_id),
           "auth.login", object_type="user", object_id=user.id, at=now)
    session.flush()
    return LoginResult(user=user, token=token)


def _recent_ip_failures(ip: str, now: datetime) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(LoginFailure)
        .where(LoginFailure.ip == ip, LoginFailure.occurred_at > now - IP_WINDOW)
    ) or 0


def second_factor_pending(user: User, *, required: bool) -> bool:
    """After the password: must this log-in still pass a TOTP code (or set one up)?"""
    return user.has_second_factor or required


def load_session(token: str | None, *, now: datetime, second_factor_required: bool
                 ) -> LoadedSession | None:
    """The live session for a cookie token, or None (unknown, ended, idle or too old)."""
    if not token:
        return None
    row = db.session.scalars(
        sa.select(UserSession).where(UserSession.token_hash == token_digest(token))
    ).one_or_none()
    if row is None or row.ended_at is not None or not row.user.is_active:
        return None
    if now - row.last_seen_at > IDLE_TIMEOUT or now - row.created_at > ABSOLUTE_TIMEOUT:
        row.ended_at = now
        return None
    if now - row.last_seen_at > _TOUCH_EVERY:
        row.last_seen_at = now
    user = row.user
    if row.second_factor_at is not None:
        state = SessionState.ACTIVE
    elif user.has_second_factor:
        state = SessionState.NEEDS_SECOND_FACTOR
    elif second_factor_required:
        state = SessionState.NEEDS_ENROLMENT
    else:
        state = SessionState.ACTIVE
    return LoadedSession(row, state)


def log_out(token: str | None, *, actor: Actor, now: datetime) -> None:
    if not token:
        return
    row = db.session.scalars(
        sa.select(UserSession).where(UserSession.token_hash == token_digest(token))
    ).one_or_none()
    if row is not None and row.ended_at is None:
        row.ended_at = now
        record(actor, "auth.logout", object_type="user", object_id=row.user_id, at=now)


# ------------------------------------------------------------------------------ TOTP
def _totp_step(now: datetime) -> int:
    return int(now.timestamp()) // 30


def _check_totp(user: User, secret: str, code: str, now: datetime) -> bool:
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(secret)
    step = _totp_step(now)
    for offset in (-1, 0, 1):  # one step of clock drift either way
        candidate = step + offset
        if user.totp_last_step is not None and candidate <= user.totp_last_step:
            continue  # a code is valid once: no replay
        if hmac.compare_digest(totp.at(candidate * 30), code):
            user.totp_last_step = candidate
            return True
    return False


def verify_second_factor(loaded: LoadedSession, code: str, *, actor: Actor, now: datetime
                         ) -> LoginResult:
    user = loaded.user
    refused = _second_factor_refused(loaded, actor, "auth.second_factor", now)
    if refused is not None:
        return refused
    if user.totp_secret is None or not _check_totp(user, user.totp_secret, code, now):
        record(actor, "auth.second_factor", object_type="user", object_id=user.id,
               outcome=Outcome.REFUSED, at=now)
        _count_failure(user, actor, now)
        return LoginResult(user=user, refusal=WRONG_CODE, status=400)
    _second_factor_passed(loaded, now)
    record(actor, "auth.second_factor", object_type="user", object_id=user.id, at=now)
    return LoginResult(user=user)


def _second_factor_refused(loaded: LoadedSession, actor: Actor, action: str, now: datetime
                           ) -> LoginResult | None:
    """The code step is throttled per address and refused on a locked account, like the
    password step: otherwise the code could be guessed there without limit."""
    user = loaded.user
    if actor.ip and _recent_ip_failures(actor.ip, now) >= MAX_FAILURES_PER_IP:
        record(actor, action, object_type="user", object_id=user.id, outcome=Outcome.REFUSED,
               at=now)
        return LoginResult(user=user, refusal=THROTTLED, status=429)
    if user.locked_until is not None and user.locked_until > now:
        loaded.session.ended_at = now
        record(actor, action, object_type="user", object_id=user.id, outcome=Outcome.REFUSED,
               at=now)
        return LoginResult(user=user, refusal=LOCKED, status=401)
    return None


def _second_factor_passed(loaded: LoadedSession, now: datetime) -> None:
    loaded.session.second_factor_at = now
    loaded.user.second_factor_failures = 0
    loaded.user.lockouts = 0


def _count_failure(user: User, actor: Actor, now: datetime) -> None:
    """A wrong code: counted on the account across log-ins and against the address."""
    if actor.ip:
        db.session.add(LoginFailure(ip=actor.ip, occurred_at=now))
    user.second_factor_failures += 1
    if user.second_factor_failures >= MAX_FAILED_LOGINS:
        _lock(user, now)


def lockout_for(lockouts: int) -> timedelta:
    """The n-th lockout in a row (0-based) lasts ``LOCKOUT`` doubled n times, at most
    ``MAX_LOCKOUT``."""
    factor: int = 2 ** min(lockouts, 10)
    return min(LOCKOUT * factor, MAX_LOCKOUT)


def _lock(user: User, now: datetime) -> None:
    user.locked_until = now + lockout_for(user.lockouts)
    user.lockouts += 1
    user.failed_logins = 0
    user.second_factor_failures = 0
    # a locked account loses its pending log-ins too
    for row in db.session.scalars(sa.select(UserSession).where(
            UserSession.user_id == user.id, UserSession.ended_at.is_(None))):
        row.ended_at = now


def begin_totp_enrolment(user: User) -> str:
    """A new secret for ``user``; it counts only once a code from it is confirmed."""
    user.totp_secret = pyotp.random_base32()
    user.totp_confirmed_at = None
    return user.totp_secret


def totp_uri(user: User, secret: str, *, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def confirm_totp_enrolment(loaded: LoadedSession, code: str, *, actor: Actor, now: datetime
                           ) -> LoginResult:
    user = loaded.user
    refused = _second_factor_refused(loaded, actor, "auth.totp_enrol", now)
    if refused is not None:
        return refused
    if user.totp_secret is None or not _check_totp(user, user.totp_secret, code, now):
        record(actor, "auth.totp_enrol", object_type="user", object_id=user.id,
               outcome=Outcome.REFUSED, at=now)
        _count_failure(user, actor, now)
        return LoginResult(user=user, refusal="De code klopt niet. Scan de QR-code opnieuw en "
                                              "probeer het nog eens.", status=400)
    user.totp_confirmed_at = now
    _second_factor_passed(loaded, now)
    record(actor, "auth.totp_enrol", object_type="user", object_id=user.id, at=now)
    return LoginResult(user=user)


# ------------------------------------------------------------------------------ API tokens
def create_api_token(user: User, *, name: str, days: int, actor: Actor, now: datetime
                     ) -> tuple[ApiToken, str]:
    """A new token for ``user``; the plain value is returned once and never stored."""
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise DomainError("Kies een geldigheid van 1 tot 365 dagen.",
                          errors={"days": ["Kies 1 tot 365 dagen."]})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name.strip()[:100] or "token",
                   token_hash=token_digest(plain), created_at=now,
                   expires_at=now + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    record(actor, "api_token.create", object_type="api_token", object_id=row.id, at=now)
    return row, plain


def revoke_api_token(token: ApiToken, *, actor: Actor, now: datetime) -> None:
    if token.revoked_at is None:
        token.revoked_at = now
        record(actor, "api_token.revoke", object_type="api_token", object_id=token.id, at=now)


def authenticate_token(header: str | None, *, now: datetime) -> User | None:
    """The user behind ``Authorization: Bearer avg_...``, or None."""
    if not header or not header.startswith("Bearer "):
        return None
    plain = header.removeprefix("Bearer ").strip()
    if not plain.startswith(TOKEN_PREFIX):
        return None
    row = db.session.scalars(
        sa.select(ApiToken).where(ApiToken.token_hash == token_digest(plain))
    ).one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at > _TOUCH_EVERY:
        row.last_used_at = now
    return row.user


# ------------------------------------------------------------------------------ users
def create_user(*, email: str, display_name: str, role: Role, organisation_id: int | None,
                password: str | None = None, actor: Actor, now: datetime) -> User:
    """A new account. Without ``password`` it waits for its invitation
    (``invitations.invite``); a password a person sets for someone else must be changed at the
    first log-in (the CLI and the demo set their own, and are not persons)."""
    from avg_service.accounts.invitations import organisation_for

    email = email.strip().lower()
    organisation_id = organisation_for(role, organisation_id)
    if db.session.scalar(sa.select(sa.func.count()).select_from(User).where(User.email == email)):
        raise DomainError("Dit e-mailadres heeft al een account.",
                          errors={"email": ["Dit e-mailadres heeft al een account."]})
    user = User(email=email, display_name=display_name.strip(), role=role.value,
                organisation_id=organisation_id,
                password_hash=hash_password(password or secrets.token_urlsafe(32)),
                must_change_password=password is not None and actor.user_id is not None,
                created_at=now, updated_at=now)
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", object_type="user", object_id=user.id, at=now)
    if needs_approval(actor):
        request_approval(user, actor=actor, now=now)
    mail_fg_about(user, "aangemaakt", actor=actor)
    return user


def update_user(user: User, changes: dict[str, object], *, actor: Actor, now: datetime) -> User:
    """Change name, role, organisation or active state; optionally reset the second factor."""
    from avg_service.accounts.invitations import organisation_for

    role = Role(str(changes.get("role", user.role)))
    # A new role other than deelnemer leaves the organisation behind unless one is named (and
    # then refused): only a deelnemer carries one.
    kept = user.organisation_id if role is Role.DEELNEMER else None
    organisation_id = changes.get("organisation_id", kept)
    organisation_id = organisation_for(role, organisation_id if isinstance(organisation_id, int)
                                       else None)
    if actor.user_id == user.id and (changes.get("is_active") is False or role is not user.role_enum):
        raise DomainError("U kunt uw eigen rol of account niet wijzigen; vraag een andere beheerder.")
    organisation_id = organisation_id if isinstance(organisation_id, int) else None
    deactivated = "is_active" in changes and not changes["is_active"] and user.is_active
    reactivated = bool(changes.get("is_active")) and not user.is_active
    more_access = (role is not user.role_enum or organisation_id != user.organisation_id
                   or reactivated)
    if "display_name" in changes and changes["display_name"]:
        user.display_name = str(changes["display_name"])
    if "job_title" in changes:
        user.job_title = str(changes["job_title"] or "").strip() or None
    user.role = role.value
    user.organisation_id = organisation_id
    if "is_active" in changes:
        user.is_active = bool(changes["is_active"])
    if changes.get("reset_second_factor"):
        user.totp_secret = None
        user.totp_confirmed_at = None
        user.totp_last_step = None
    if deactivated or changes.get("reset_second_factor"):
        # Whatever the old factor or the old account opened stays closed: a reactivated
        # account or a new factor starts from a fresh log-in and new tokens (finding 12).
        end_sessions_and_tokens(user, now=now)
    user.updated_at = now
    record(actor, "user.update", object_type="user", object_id=user.id, at=now)
    if more_access and needs_approval(actor):
        request_approval(user, actor=actor, now=now)
    mail_fg_about(user, "gewijzigd", actor=actor)
    return user


def end_sessions_and_tokens(user: User, *, now: datetime) -> None:
    """End every session of ``user`` and revoke every API token."""
    db.session.execute(sa.update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None)).values(ended_at=now))
    db.session.execute(sa.update(ApiToken).where(
        ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).values(revoked_at=now))


# ------------------------------------------------------------------------------ four eyes
class ApprovalRefused(DomainError):
    """An approval that separation of duties does not allow."""

    status_code = 403


def needs_approval(actor: Actor) -> bool:
    """An account a beheerder creates, or gives a role, an organisation or its activity back,
    waits for a second pair of eyes (``AVG_ACCOUNT_APPROVAL``): otherwise a beheerder, who
    may not read requests, could make a jurist account, log in as it and read them, or make
    two jurists and approve its own besluit. The CLI (``avg init``) is the trusted start."""
    return (actor.role is Role.BEHEERDER
            and current_settings().account_approval is not AccountApproval.OFF)


def request_approval(user: User, *, actor: Actor, now: datetime) -> None:
    user.awaiting_approval_since = now
    user.approval_requested_by_id = actor.user_id
    end_sessions_and_tokens(user, now=now)
    record(actor, "user.approval_requested", object_type="user", object_id=user.id, at=now)


def approve_user(user: User, *, actor: Actor, now: datetime) -> None:
    """A second beheerder or the FG (``AVG_ACCOUNT_APPROVAL=fg``: only the FG) approves; never
    the beheerder who asked, nor the account itself."""
    if user.awaiting_approval_since is None:
        raise ApprovalRefused("Dit account wacht niet op goedkeuring.")
    allowed = ({Role.FG} if current_settings().account_approval is AccountApproval.FG
               else {Role.BEHEERDER, Role.FG})
    if actor.role not in allowed:
        raise ApprovalRefused("Alleen een andere beheerder of de FG kan dit account goedkeuren."
                              if Role.BEHEERDER in allowed
                              else "Alleen de FG kan dit account goedkeuren.")
    if actor.user_id is not None and actor.user_id in (user.approval_requested_by_id, user.id):
        raise ApprovalRefused("U heeft deze wijziging zelf gedaan. Een andere beheerder of de FG "
                              "moet haar goedkeuren.")
    user.awaiting_approval_since = None
    user.approval_requested_by_id = None
    user.updated_at = now
    record(actor, "user.approve", object_type="user", object_id=user.id, at=now)
    mail_fg_about(user, "goedgekeurd", actor=actor)


def fg_addresses() -> list[str]:
    return list(db.session.scalars(sa.select(User.email).where(
        User.role == Role.FG.value, User.is_active, User.awaiting_approval_since.is_(None))))


def mail_fg_about(user: User, what: str, *, actor: Actor) -> None:
    """Every account and role change a person makes goes to the FG (ids, role and a link; no
    names). What the CLI does (``avg init``) is in the audit log only."""
    if actor.user_id is None:
        return
    from avg_service.access.roles import ROLE_LABELS
    from avg_service.mail.services import queue_mail
    from avg_service.links import external_url

    by = f"gebruiker {actor.user_id}" if actor.user_id is not None else "het systeem"
    waiting = (" Het account wacht op goedkeuring door een tweede beheerder of de FG."
               if user.awaiting_approval_since is not None else "")
    body = (f"Account {user.id} ({ROLE_LABELS[user.role_enum]}"
            f"{', actief' if user.is_active else ', niet actief'}) is {what} door {by}."
            f"{waiting}\n\nBekijk het account: "
            f"{external_url('admin.user_detail', user_id=user.id)}\n")
    for address in fg_addresses():
        queue_mail(to=address, subject=f"Account {user.id} {what}", body=body,
                   purpose="account_change")
