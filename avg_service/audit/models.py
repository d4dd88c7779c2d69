"""Audit entries and the head of their hash chain.

No personal data values: ids, codes, the address and user agent only (WGS art. 1.8(4) requires
who, what and when; names, BSN and e-mail stay in the records they belong to).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service.db import Base, UTCDateTime


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"


class Purpose(StrEnum):
    """Why personal data was viewed or exported, where a purpose applies (fixed codes)."""

    HANDLING_REQUEST = "afhandeling_verzoek"
    SUPERVISION = "toezicht"  # FG supervision (AVG art. 39)
    ACCESS_REVIEW = "toegangsreview"  # BIO periodic review of authorisations
    INCIDENT = "incident"
    ADMINISTRATION = "beheer"


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (
        sa.CheckConstraint("outcome IN ('allowed', 'refused')", name="outcome_known"),
        sa.Index("ix_audit_entry_occurred_at", "occurred_at"),
        sa.Index("ix_audit_entry_user_id", "user_id"),
        sa.Index("ix_audit_entry_organisation_id", "organisation_id"),
        sa.Index("ix_audit_entry_object", "object_type", "object_id"),
    )

    # Assigned by the writer under the chain lock, so ids are gap-free and in chain order.
    id: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int | None]
    organisation_id: Mapped[int | None]
    role: Mapped[str | None] = mapped_column(sa.String(20))
    action: Mapped[str] = mapped_column(sa.String(60))
    object_type: Mapped[str | None] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(64))
    outcome: Mapped[str] = mapped_column(sa.String(10))
    purpose: Mapped[str | None] = mapped_column(sa.String(40))
    ip: Mapped[str | None] = mapped_column(sa.String(45))
    user_agent: Mapped[str | None] = mapped_column(sa.String(200))
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    entry_hash: Mapped[str] = mapped_column(sa.String(64))


class AuditHead(Base):
    """The chain's head (one row): the lock that orders writers, and the last entry's hash."""

    __tablename__ = "audit_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    last_id: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64))
