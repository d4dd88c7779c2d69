"""The besluit on a request, its parts per right, bezwaar and ingebrekestelling.

Dates a municipal case system takes over are named as in the ZGW Besluiten API: ``besluitdatum``
(the day the organ decided: the approval), ``verzenddatum`` (sent), ``ingangsdatum`` (in force on
bekendmaking, Awb 3:40) and ``uiterlijke_reactiedatum`` (the end of the bezwaartermijn).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.decisions.catalogue import Outcome
from avg_service.requests.models import DataSubjectRequest


class DecisionStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"  # submitted for the second jurist (four eyes)
    APPROVED = "approved"  # taken: the final PDF is rendered and stored
    NOTIFIED = "notified"  # bekendgemaakt (Awb 3:41): the bezwaartermijn runs


DECISION_STATUS_LABELS: dict[DecisionStatus, str] = {
    DecisionStatus.DRAFT: "Concept",
    DecisionStatus.AWAITING_APPROVAL: "Ter goedkeuring",
    DecisionStatus.APPROVED: "Genomen (nog niet verzonden)",
    DecisionStatus.NOTIFIED: "Bekendgemaakt",
}


class DecisionKind(StrEnum):
    """The besluiten on a request, each through four eyes and open to bezwaar (UAVG 34)."""

    ON_REQUEST = "request"  # op het verzoek: per right invoked (AVG 15–21)
    REFUSAL_12_5 = "12_5"  # geen gevolg: kennelijk ongegrond of buitensporig (AVG 12(5))
    NOT_HANDLED = "4_5"  # niet in behandeling: aanvulling not supplied (Awb 4:5)
    DECEASED = "overleden"  # the person has died: the AVG does not apply (recital 27)


DECISION_KIND_LABELS: dict[DecisionKind, str] = {
    DecisionKind.ON_REQUEST: "Besluit op het verzoek",
    DecisionKind.REFUSAL_12_5: "Besluit: geen gevolg (AVG 12 lid 5)",
    DecisionKind.NOT_HANDLED: "Besluit: niet in behandeling (Awb 4:5)",
    DecisionKind.DECEASED: "Besluit: AVG niet van toepassing, betrokkene overleden",
}

#: The letter kind that prints each besluit.
LETTER_KIND: dict[DecisionKind, str] = {
    DecisionKind.ON_REQUEST: "besluit",
    DecisionKind.REFUSAL_12_5: "besluit_12_5",
    DecisionKind.NOT_HANDLED: "besluit_niet_in_behandeling",
    DecisionKind.DECEASED: "besluit_overleden",
}


class Decision(Base):
    __tablename__ = "decision"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(DecisionStatus)})", name="status_known"),
        # Four eyes: the approving jurist is never the drafter.
        sa.CheckConstraint("approved_by_id IS NULL OR approved_by_id <> drafted_by_id",
                           name="four_eyes"),
        sa.CheckConstraint("(status IN ('approved', 'notified')) = (approved_by_id IS NOT NULL)",
                           name="approved_when_taken"),
        sa.CheckConstraint("(status = 'notified') = (verzenddatum IS NOT NULL)",
                           name="sent_when_notified"),
        sa.CheckConstraint("channel IS NULL OR channel IN ('post', 'electronic', 'hand')",
                           name="channel_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), unique=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=DecisionStatus.DRAFT.value)
    kind: Mapped[str] = mapped_column(sa.String(12), default=DecisionKind.ON_REQUEST.value,
                                      server_default=DecisionKind.ON_REQUEST.value)
    #: Verloop (RULES.md §6 item 3) and any hearing under Awb 4:7/4:8, as the jurist writes it.
    history_note: Mapped[str | None] = mapped_column(sa.Text)
    drafted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The second jurist's reason for sending the draft back; shown to the drafter until the
    #: next submission.
    sent_back_reason: Mapped[str | None] = mapped_column(sa.Text)
    sent_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    besluitdatum: Mapped[date | None]
    verzenddatum: Mapped[date | None]
    ingangsdatum: Mapped[date | None]
    uiterlijke_reactiedatum: Mapped[date | None]
    channel: Mapped[str | None] = mapped_column(sa.String(12))
    #: Electronic bekendmaking: the moment the besluit became accessible on the requester's
    #: status page, which is the moment of sending (Awb 2:19(b)).
    available_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    dsr: Mapped[DataSubjectRequest] = relationship()
    parts: Mapped[list[DecisionPart]] = relationship(
        back_populates="decision", order_by="DecisionPart.right", cascade="all, delete-orphan")
    objections: Mapped[list[Objection]] = relationship(back_populates="decision",
                                                       order_by="Objection.id")

    @property
    def status_enum(self) -> DecisionStatus:
        return DecisionStatus(self.status)

    @property
    def kind_enum(self) -> DecisionKind:
        return DecisionKind(self.kind)


class DecisionPart(Base):
    """One right invoked: the outcome, its grounds and the motivation as it will be printed."""

    __tablename__ = "decision_part"
    __table_args__ = (
        sa.UniqueConstraint("decision_id", "right", name="uq_decision_part_right"),
        sa.CheckConstraint(f"outcome IN ({sql_values(Outcome)})", name="outcome_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    right: Mapped[str] = mapped_column(sa.String(2))
    outcome: Mapped[str] = mapped_column(sa.String(30))
    #: Ground codes (decisions.catalogue), ",41d,15-4,".
    grounds: Mapped[str] = mapped_column(sa.String(200), default=",")
    motivation: Mapped[str | None] = mapped_column(sa.Text)
    #: For rectification, erasure and restriction: what is done, by whom, by when (and art. 19).
    measures: Mapped[str | None] = mapped_column(sa.Text)

    decision: Mapped[Decision] = relationship(back_populates="parts")

    @property
    def ground_codes(self) -> list[str]:
        return [g for g in self.grounds.strip(",").split(",") if g]


class Objection(Base):
    """A bezwaarschrift against the besluit (Awb 6:4): timely per 6:9, decision due per 7:10."""

    __tablename__ = "objection"

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    received_on: Mapped[date]
    #: Sent by post: the date it was posted (Awb 6:9(2): on time if posted before the end of the
    #: term and received within a week after it).
    posted_on: Mapped[date | None]
    on_time: Mapped[bool]
    committee: Mapped[bool] = mapped_column(default=False)
    deferred: Mapped[bool] = mapped_column(default=False)
    decision_due_on: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    decision: Mapped[Decision] = relationship(back_populates="objections")


class DefaultNotice(Base):
    """An ingebrekestelling (Awb 4:17): from two weeks after it the dwangsom runs, at most 42
    days. Stored per request (a notice can come before any decision exists)."""

    __tablename__ = "default_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    received_on: Mapped[date]
    first_penalty_day: Mapped[date]
    last_penalty_day: Mapped[date]
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))


class PreviewStatus(StrEnum):
    PENDING = "pending"
    READY = "ready"
    FAILED = "failed"


class DecisionPreview(Base):
    """A CONCEPT print of the draft besluit, made by a job for the one user who asked for it
    (issue 15, finding 8: rendered in the web process, four previews stalled the site).

    ``html`` is the letter as it stood when asked for (its SHA-256 is ``version``), so the PDF
    shows exactly that draft, whenever the job runs; it is dropped once rendered. Only the user
    who asked can fetch it, for the decision it was made of, until it expires
    (``decisions.previews``); expired previews are deleted.
    """

    __tablename__ = "decision_preview"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(PreviewStatus)})", name="status_known"),
        sa.CheckConstraint("(status = 'ready') = (pdf IS NOT NULL)", name="pdf_when_ready"),
        sa.Index("ix_decision_preview_user_id_status", "user_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: CASCADE: a draft that is discarded takes its previews with it.
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decision.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    version: Mapped[str] = mapped_column(sa.String(64))
    status: Mapped[str] = mapped_column(sa.String(10), default=PreviewStatus.PENDING.value)
    html: Mapped[str | None] = mapped_column(sa.Text, deferred=True)
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    page_count: Mapped[int | None]
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ready_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def status_enum(self) -> PreviewStatus:
        return PreviewStatus(self.status)
