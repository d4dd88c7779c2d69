"""Coordination tasks, the participant's answer, restriction grounds, files, questions, the
reminder steps sent, and incidental third parties on a request.

Every row that belongs to a participant carries ``organisation_id``, so the one policy module
(``access.policy``) decides compartments for pages, API, lists and downloads alike.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.coordination.rules import TaskStatus, check_task_transition
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.organisations.models import Organisation
from avg_service.requests.models import DataSubjectRequest

class CoordinationTask(Base):
    __tablename__ = "coordination_task"
    __table_args__ = (
        sa.UniqueConstraint("dsr_id", "organisation_id", name="uq_task_per_organisation"),
        sa.CheckConstraint(f"status IN ({sql_values(TaskStatus)})", name="status_known"),
        sa.CheckConstraint("status <> 'declined' OR length(decline_reason) > 0",
                           name="declined_has_reason"),
        sa.CheckConstraint("(status IN ('submitted', 'on_behalf')) = (submitted_at IS NOT NULL)",
                           name="answered_has_moment"),
        sa.CheckConstraint("status <> 'on_behalf' OR (on_behalf_source IS NOT NULL AND "
                           "on_behalf_received_on IS NOT NULL AND "
                           "length(on_behalf_answered_by) > 0)", name="on_behalf_recorded"),
        sa.CheckConstraint("status <> 'set_aside' OR (length(set_aside_reason) > 0 AND "
                           "length(set_aside_confirmed_by) > 0)", name="set_aside_has_reason"),
        sa.CheckConstraint("internal_due_on > sent_on", name="due_after_sending"),
        sa.Index("ix_task_org_status", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(sa.String(20), default=TaskStatus.OPEN.value)
    #: What of the request this participant may see (keys of rules.SHAREABLE_FIELDS), ",a,b,".
    shared: Mapped[str] = mapped_column(sa.String(200))
    questions: Mapped[str] = mapped_column(sa.Text)
    sent_on: Mapped[date]
    internal_due_on: Mapped[date]
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)
    reopen_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: An answer the contact point recorded on behalf of the organisation: how it came in
    #: (rules.ON_BEHALF_SOURCES), the day it was received, who answered.
    on_behalf_source: Mapped[str | None] = mapped_column(sa.String(20))
    on_behalf_received_on: Mapped[date | None]
    on_behalf_answered_by: Mapped[str | None] = mapped_column(sa.String(200))
    #: A task the contact point set aside: why, and who (at the organisation) confirmed it.
    set_aside_reason: Mapped[str | None] = mapped_column(sa.Text)
    set_aside_confirmed_by: Mapped[str | None] = mapped_column(sa.String(200))
    #: When the answer became final (the participant's submit, or the contact point's record
    #: of an answer on behalf) and by whom.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    dsr: Mapped[DataSubjectRequest] = relationship()
    answer: Mapped[TaskAnswer | None] = relationship(back_populates="task", uselist=False)
    files: Mapped[list[TaskFile]] = relationship(back_populates="task", order_by="TaskFile.id")
    messages: Mapped[list[TaskMessage]] = relationship(back_populates="task",
                                                       order_by="TaskMessage.id")

    @property
    def status_enum(self) -> TaskStatus:
        return TaskStatus(self.status)

    @property
    def data_files(self) -> list[TaskFile]:
        """The files that go into the copy: the participant's data, not withheld, and not the
        document in which an organisation answered on paper."""
        return [f for f in self.files if f.role == "data" and f.withheld_ground is None]

    @property
    def shared_fields(self) -> list[str]:
        return [f for f in self.shared.strip(",").split(",") if f]

    def move_to(self, target: TaskStatus) -> None:
        check_task_transition(self.status_enum, target)
        self.status = target.value


class TaskAnswer(Base):
    """The participant's answer (draft until the task is submitted); AVG art. 15(1)(a)–(h)."""

    __tablename__ = "task_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("coordination_task.id"), unique=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    holds_data: Mapped[bool | None]
    categories: Mapped[str | None] = mapped_column(sa.Text)
    purposes: Mapped[str | None] = mapped_column(sa.Text)
    sources: Mapped[str | None] = mapped_column(sa.Text)
    recipients: Mapped[str | None] = mapped_column(sa.Text)
    retention: Mapped[str | None] = mapped_column(sa.Text)
    #: The data itself for access (structured entries, one per line or free text).
    data_entries: Mapped[str | None] = mapped_column(sa.Text)
    #: Position on rectification, erasure, restriction or objection, and what it will do.
    position: Mapped[str | None] = mapped_column(sa.Text)
    actions: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    task: Mapped[CoordinationTask] = relationship(back_populates="answer")
    restrictions: Mapped[list[TaskRestriction]] = relationship(
        back_populates="answer", order_by="TaskRestriction.id", cascade="all, delete-orphan")


class TaskRestriction(Base):
    """A restriction ground (UAVG 41(1), AVG 15(4)) with its required motivation."""

    __tablename__ = "task_restriction"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(sa.ForeignKey("task_answer.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    ground: Mapped[str] = mapped_column(sa.String(10))
    #: Empty only in a draft: submitting asks for it (a draft keeps what was typed).
    motivation: Mapped[str] = mapped_column(sa.Text)
    #: UAVG 41(2)(h): telling the person about the restriction would defeat its purpose. Such a
    #: restriction never shows in the letter; its reasons stay in the file (Awb 8:29).
    notice_defeats_purpose: Mapped[bool] = mapped_column(default=False)
    #: UAVG 41(2)(a)–(g): per point that applies (keys of rules.WEIGHING_POINTS), the weighing.
    weighing: Mapped[dict[str, str] | None] = mapped_column(sa.JSON)
    #: What is withheld, by category (for the letter), and the single data entries withheld
    #: (one per line, never in the copy; kept for the file).
    withheld_categories: Mapped[str | None] = mapped_column(sa.Text)
    withheld_entries: Mapped[str | None] = mapped_column(sa.Text)

    answer: Mapped[TaskAnswer] = relationship(back_populates="restrictions")


class TaskFile(Base):
    """A file a participant adds to its answer (the data for the copy); stored like request
    documents, outside the web root."""

    __tablename__ = "task_file"
    __table_args__ = (
        sa.CheckConstraint("role IN ('data', 'on_behalf')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("coordination_task.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(80))
    #: ``data``: the participant's data for the copy; ``on_behalf``: the letter or mail in which
    #: the organisation answered, added by the contact point (never in the copy).
    role: Mapped[str] = mapped_column(sa.String(20), default="data", server_default="data")
    #: A file withheld under one of the answer's grounds (rules.GROUNDS_BY_CODE): kept for the
    #: file, never in the copy.
    withheld_ground: Mapped[str | None] = mapped_column(sa.String(10))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    uploaded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    task: Mapped[CoordinationTask] = relationship(back_populates="files")


class TaskMessage(Base):
    """A question of the participant to the contact point, or the contact point's reply."""

    __tablename__ = "task_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("coordination_task.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    from_participant: Mapped[bool]
    body: Mapped[str] = mapped_column(sa.Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    task: Mapped[CoordinationTask] = relationship(back_populates="messages")


class TaskStepSent(Base):
    """A reminder, chase, escalation or deadline warning sent by the sweep: once per task and
    step (the unique constraint makes a second sweep send nothing twice)."""

    __tablename__ = "task_step_sent"
    __table_args__ = (sa.UniqueConstraint("task_id", "step", name="uq_task_step_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(sa.ForeignKey("coordination_task.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(30))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ThirdParty(Base):
    """An incidental third party (WGS art. 2.31) on a request: consulted, or a recipient.
    Never an account, never access: a record for the file and the art. 19 notices."""

    __tablename__ = "dsr_third_party"
    __table_args__ = (
        sa.CheckConstraint("role IN ('consulted', 'recipient')", name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
