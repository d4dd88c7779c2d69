"""The annual report (AVG art. 5(2)): the year, the FG's text, the stored letter (PDF and its
SHA-256), the CSV of its figures and the audit chain's verification result when it was made."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service import clock
from avg_service.coordination.models import CoordinationTask
from avg_service.db import Base, UTCDateTime
from avg_service.decisions.models import Decision
from avg_service.requests.models import DataSubjectRequest


class AnnualReport(Base):
    __tablename__ = "annual_report"
    __table_args__ = (sa.CheckConstraint("year BETWEEN 2000 AND 2999", name="year_plausible"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(index=True)
    fg_text: Mapped[str] = mapped_column(sa.Text)
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"), unique=True)
    figures_csv: Mapped[str] = mapped_column(sa.Text)
    #: The tables as computed when the report was made (the PDF renders these, not a recount).
    figures_json: Mapped[str] = mapped_column(sa.Text)
    chain_checked: Mapped[int]
    chain_broken_id: Mapped[int | None] = mapped_column(sa.BigInteger)
    chain_reason: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    @property
    def chain_ok(self) -> bool:
        return self.chain_broken_id is None


# The figures select by these dates; the indexes belong to the figures (their only readers), so
# they are declared here, on the other features' tables.
sa.Index("ix_dsr_received_on", DataSubjectRequest.__table__.c.received_on)
sa.Index("ix_decision_verzenddatum", Decision.__table__.c.verzenddatum)
sa.Index("ix_coordination_task_sent_on", CoordinationTask.__table__.c.sent_on)
