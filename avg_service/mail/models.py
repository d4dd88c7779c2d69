"""The mail outbox. Messages carry as little personal data as possible (a reference and a link,
never the decision); the body is kept so staff can see what went out."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service import clock
from avg_service.db import Base, UTCDateTime


class MailStatus(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    HELD = "held"  # development without SMTP_HOST: kept in the outbox, visible to developers


class OutboxMessage(Base):
    __tablename__ = "mail_outbox"
    __table_args__ = (
        sa.CheckConstraint("status IN ('pending', 'sent', 'failed', 'held')", name="status_known"),
        sa.CheckConstraint("(status = 'sent') = (sent_at IS NOT NULL)", name="sent_when_sent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    to_address: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(200))
    body_text: Mapped[str] = mapped_column(sa.Text)
    purpose: Mapped[str] = mapped_column(sa.String(40))  # e.g. "receipt", "reminder"
    dsr_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    #: A letter sent along as a PDF attachment (rendered before sending).
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    status: Mapped[str] = mapped_column(sa.String(10), default=MailStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
