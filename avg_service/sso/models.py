"""Links between accounts and provider subjects, SSO log-ins, and DigiD on a request."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.accounts.models import User
from avg_service.db import Base, UTCDateTime

#: DigiD's levels (sso.settings.LOA_LEVELS), lowest first.
LOA_NAMES = ("basis", "midden", "substantieel", "hoog")


class AccountLink(Base):
    """An account known at a provider under ``subject`` (OIDC Core 2: unique per issuer).

    Made once, by the verified e-mail or by an administrator; from then on the subject alone
    logs the account in, so a changed e-mail at the provider cannot take over another account.
    """

    __tablename__ = "sso_account_link"
    __table_args__ = (
        sa.UniqueConstraint("provider_key", "subject", name="uq_sso_account_link_subject"),
        sa.UniqueConstraint("provider_key", "user_id", name="uq_sso_account_link_user"),
        sa.CheckConstraint("linked_by IN ('email', 'subject')", name="linked_by_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    provider_key: Mapped[str] = mapped_column(sa.String(40))
    subject: Mapped[str] = mapped_column(sa.String(255))
    linked_by: Mapped[str] = mapped_column(sa.String(10))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")


class SsoLogin(Base):
    """The provider behind a session, and its ID token (encrypted) for RP-initiated log-out."""

    __tablename__ = "sso_login"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: CASCADE: whatever prunes old sessions takes their ID tokens with them.
    user_session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_session.id", ondelete="CASCADE"), unique=True)
    provider_key: Mapped[str] = mapped_column(sa.String(40))
    id_token_encrypted: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)


class DigidAuthentication(Base):
    """A request sent by someone logged in with DigiD: the level, and with DigiD Machtigen the
    representative (gemachtigde); the represented person's BSN is the request's own."""

    __tablename__ = "sso_dsr_digid"
    __table_args__ = (
        sa.CheckConstraint("loa IN ('basis', 'midden', 'substantieel', 'hoog')", name="loa_known"),
        sa.CheckConstraint("(representative_bsn_encrypted IS NULL) = (representative_bsn_hash IS NULL)",
                           name="representative_pair"),
        sa.CheckConstraint("is_mandate = (representative_bsn_hash IS NOT NULL)",
                           name="mandate_has_representative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), unique=True)
    loa: Mapped[str] = mapped_column(sa.String(20))
    authenticated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    is_mandate: Mapped[bool] = mapped_column(default=False)
    representative_bsn_encrypted: Mapped[str | None] = mapped_column(sa.String(200))
    representative_bsn_hash: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    representative_bsn_last3: Mapped[str | None] = mapped_column(sa.String(3))
