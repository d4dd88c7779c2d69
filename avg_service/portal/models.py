"""Status links (stored hashed) and failed link attempts (for the rate limit)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.db import Base, UTCDateTime
from avg_service.requests.models import DataSubjectRequest


class StatusLink(Base):
    """A secret link to one request's status page. Only the SHA-256 of the token is kept: the
    token itself exists in the requester's e-mail or browser, never in the database."""

    __tablename__ = "portal_status_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: How the link went out: "confirmation" (the page after the form), "mail" or "demo".
    issued_via: Mapped[str] = mapped_column(sa.String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dsr: Mapped[DataSubjectRequest] = relationship()

    def is_valid(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at


class PortalAttempt(Base):
    """A wrong or expired link or download token, by keyed hash of the address (no IP kept);
    the sweep removes rows older than a day."""

    __tablename__ = "portal_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
