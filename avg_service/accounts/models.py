"""Users, their sessions, API tokens and failed log-ins."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.access.roles import Role
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.organisations.models import Organisation

class User(Base):
    """A person authorised by a participant (WGS art. 1.8(2)); one role per account.

    Incidental third parties (WGS art. 2.31) never get an account.
    """

    __tablename__ = "user_account"
    __table_args__ = (
        sa.CheckConstraint(f"role IN ({sql_values(Role)})", name="role_known"),
        sa.CheckConstraint("role <> 'deelnemer' OR organisation_id IS NOT NULL",
                           name="deelnemer_has_organisation"),
        # Only a deelnemer carries an organisation (migration 0021e; not on SQLite, which cannot
        # add a CHECK to a table others point at: there ``invitations.organisation_for`` holds).
        sa.CheckConstraint("role = 'deelnemer' OR organisation_id IS NULL",
                           name="only_deelnemer_has_organisation"),
        sa.CheckConstraint("failed_logins >= 0", name="failed_logins_not_negative"),
        sa.CheckConstraint("email = lower(email)", name="email_lowercase"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    #: The function printed under a besluit this official signs under mandate (Awb 10:10).
    job_title: Mapped[str | None] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"), index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The last TOTP time step used, so a code cannot be replayed within its window.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    is_active: Mapped[bool] = mapped_column(default=True)
    #: The password was set by someone else (a beheerder): the user must choose their own at the
    #: next log-in before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Wrong second-factor codes in a row, across log-ins: a correct password does not reset
    #: it, only a correct code does (issue 15, finding 1).
    second_factor_failures: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Lockouts since the last full log-in; each one doubles the next lockout (backoff).
    lockouts: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Set while the account waits for a second beheerder's (or the FG's) approval: created, or
    #: given a role with access to personal data, by a beheerder. It cannot log in meanwhile.
    awaiting_approval_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approval_requested_by_id: Mapped[int | None]
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    organisation: Mapped[Organisation | None] = relationship(lazy="joined")

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None


class UserSession(Base):
    """A log-in. The cookie holds a random token; only its SHA-256 is stored."""

    __tablename__ = "user_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    #: When the second factor was checked; NULL while the log-in waits for it.
    second_factor_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class ApiToken(Base):
    """A personal API token: shown once, stored as SHA-256, expiring, revocable."""

    __tablename__ = "api_token"
    __table_args__ = (sa.CheckConstraint("expires_at > created_at", name="expires_after_creation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class LoginFailure(Base):
    """A failed log-in, for throttling per address. Kept short (see ``prune_login_failures``)."""

    __tablename__ = "login_failure"
    __table_args__ = (sa.Index("ix_login_failure_ip_occurred_at", "ip", "occurred_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ip: Mapped[str] = mapped_column(sa.String(45))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)


class AccountToken(Base):
    """A single-use link to set a password: an invitation (72 hours) or a reset (short-lived).
    Only the SHA-256 of the secret is stored; using it sets ``used_at``, once."""

    __tablename__ = "account_token"
    __table_args__ = (
        sa.CheckConstraint("purpose IN ('invitation', 'reset')", name="purpose_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PasswordResetRequest(Base):
    """A "wachtwoord vergeten" request, counted per address (a keyed hash) and per e-mail hash
    for the rate limit; kept a day."""

    __tablename__ = "password_reset_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    ip_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    email_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
