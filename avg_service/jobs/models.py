"""The outbox row of a queued background job."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service import clock
from avg_service.db import Base, UTCDateTime


class JobStatus(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class QueuedJob(Base):
    """One job, queued inside a unit of work. ``args`` holds ids and other JSON scalars only."""

    __tablename__ = "queued_job"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('pending', 'done', 'failed')", name="status_known"
        ),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint(
            "(status = 'done') = (finished_at IS NOT NULL)", name="finished_when_done"
        ),
        sa.Index("ix_queued_job_status_created_at", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    args: Mapped[list[Any]] = mapped_column(sa.JSON, default=list)
    status: Mapped[str] = mapped_column(sa.String(20), default=JobStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def rq_job_id(self) -> str:
        """A stable rq id, so a job handed over twice is one rq job, not two."""
        return f"avg-job-{self.id}"

    def mark_done(self, *, at: datetime) -> None:
        self.status = JobStatus.DONE.value
        self.finished_at = at

    def record_failure(self, error: BaseException, *, final: bool) -> None:
        # Only the exception type: messages may quote personal data (WGS art. 1.8(4) log rules).
        self.attempts += 1
        self.last_error = type(error).__qualname__[:200]
        if final:
            self.status = JobStatus.FAILED.value
