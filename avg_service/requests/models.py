"""The data-subject request (``DataSubjectRequest``, "dsr") and what hangs off it.

Legal dates are ``Date`` columns (``*_on``, Europe/Amsterdam calendar dates); moments are aware
UTC (``*_at``). The statutory dates are recomputed by the deadline engine whenever something that
moves them changes (``refresh_deadlines``), and stored so the work queue can sort on them.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service import deadlines as law
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.requests.lifecycle import (
    TERMINAL,
    Channel,
    Delivery,
    Right,
    Status,
    check_transition,
)

_TERMINAL = sql_values(s for s in Status if s in TERMINAL)  # in the enum's order, not a set's


class DataSubjectRequest(Base):
    __tablename__ = "dsr"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(Status)})", name="status_known"),
        sa.CheckConstraint(f"(status IN ({_TERMINAL})) = (closed_at IS NOT NULL)",
                           name="closed_when_terminal"),
        sa.CheckConstraint(f"channel IN ({sql_values(Channel)})", name="channel_known"),
        sa.CheckConstraint(f"delivery IN ({sql_values(Delivery)})", name="delivery_known"),
        sa.CheckConstraint("delivery <> 'electronic' OR (electronic_consent AND email IS NOT NULL)",
                           name="electronic_only_by_choice"),
        sa.CheckConstraint("(bsn_encrypted IS NULL) = (bsn_hash IS NULL)", name="bsn_pair"),
        sa.CheckConstraint("extended_at IS NULL OR length(extension_reason) > 0",
                           name="extension_has_reason"),
        sa.CheckConstraint("suspended_days >= 0", name="suspension_not_negative"),
        sa.CheckConstraint("representation = 'self' OR represented_name IS NOT NULL",
                           name="represented_person_named"),
        sa.CheckConstraint("status <> 'forwarded' OR forwarded_to IS NOT NULL",
                           name="forwarded_has_recipient"),
        sa.CheckConstraint("status <> 'refused_12_5' OR refusal_reason IS NOT NULL",
                           name="refusal_has_reason"),
        sa.CheckConstraint("(identity_checked_at IS NULL) = (identity_method IS NULL)",
                           name="identity_check_has_method"),
        sa.Index("ix_dsr_open_due", "is_open", "due_on"),
        # The queue with closed requests (a closed status, "include closed") sorts on this.
        sa.Index("ix_dsr_due", "due_on", "id"),
        sa.Index("ix_dsr_search_name", "search_name",
                 postgresql_ops={"search_name": "text_pattern_ops"}),
        sa.Index("ix_dsr_date_of_birth", "date_of_birth"),
        # Any part of a name or reference (queue.py): a trigram index on PostgreSQL (pg_trgm,
        # migration 0018a); on SQLite a plain index the LIKE '%...%' cannot use.
        sa.Index("ix_dsr_search_text", "search_text", postgresql_using="gin",
                 postgresql_ops={"search_text": "gin_trgm_ops"}),
        sa.Index("ix_dsr_bsn_hash", "bsn_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    status: Mapped[str] = mapped_column(sa.String(30), default=Status.RECEIVED.value)
    #: Denormalised "not terminal", so the work queue's index covers only open requests.
    is_open: Mapped[bool] = mapped_column(default=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    language: Mapped[str] = mapped_column(sa.String(2), default="nl")
    #: When the request reached the first joint controller (R1, R8).
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    received_on: Mapped[date]
    #: Another joint controller received it first and forwarded it (DEADLINES.md R8).
    first_received_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True)

    # The requester (or the representative, when acting for someone else)
    given_names: Mapped[str] = mapped_column(sa.String(200))
    family_name: Mapped[str] = mapped_column(sa.String(200))
    #: ``search_key(family_name)``: lower case, no accents, for prefix search (queue.py).
    search_name: Mapped[str] = mapped_column(sa.String(200))
    #: ``search_text_for(...)``: the reference, the given names and the family name, lower case
    #: without accents, for the queue's search on any part of them (queue.py).
    search_text: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    date_of_birth: Mapped[date | None]
    street_address: Mapped[str | None] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    bsn_encrypted: Mapped[str | None] = mapped_column(sa.String(200))
    bsn_hash: Mapped[str | None] = mapped_column(sa.String(64))
    bsn_last3: Mapped[str | None] = mapped_column(sa.String(3))
    representation: Mapped[str] = mapped_column(sa.String(20), default="self")
    represented_name: Mapped[str | None] = mapped_column(sa.String(200))
    represented_date_of_birth: Mapped[date | None]

    #: The articles invoked, as ",15,16," (searchable with LIKE '%,16,%' on every database).
    rights: Mapped[str] = mapped_column(sa.String(40))
    description: Mapped[str | None] = mapped_column(sa.Text)
    rectification_wrong: Mapped[str | None] = mapped_column(sa.Text)
    rectification_correct: Mapped[str | None] = mapped_column(sa.Text)
    delivery: Mapped[str] = mapped_column(sa.String(12), default="post")
    electronic_consent: Mapped[bool] = mapped_column(default=False)

    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    is_possible_repeat: Mapped[bool] = mapped_column(default=False)
    identity_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    identity_checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    identity_method: Mapped[str | None] = mapped_column(sa.String(30))
    #: Buiten reikwijdte: the organ the request was sent on to (Awb 2:3).
    forwarded_to: Mapped[str | None] = mapped_column(sa.String(200))
    #: The reasons for not acting (AVG 12(4), 12(5)), printed in the besluit.
    refusal_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: Which of AVG 12(5)(b): "12-5-ongegrond" or "12-5-buitensporig" (decisions.catalogue).
    refusal_ground: Mapped[str | None] = mapped_column(sa.String(30))

    # Statutory dates (deadline engine): kept current by refresh_deadlines()
    suspended_days: Mapped[int] = mapped_column(default=0)
    extension_notice_by: Mapped[date]
    due_on: Mapped[date]
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    extension_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: Awb 4:5(4): the besluit niet in behandeling is due 4 weeks after the unused term.
    not_handled_decision_by: Mapped[date | None]
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    events: Mapped[list[DsrEvent]] = relationship(back_populates="dsr", order_by="DsrEvent.id")
    invitations: Mapped[list[Invitation]] = relationship(back_populates="dsr",
                                                         order_by="Invitation.id")
    documents: Mapped[list[DsrDocument]] = relationship(back_populates="dsr",
                                                        order_by="DsrDocument.id")
    representative: Mapped[Representative | None] = relationship(back_populates="dsr")
    deceased: Mapped[DeceasedRecord | None] = relationship(back_populates="dsr")

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def rights_list(self) -> list[Right]:
        return [Right(value) for value in self.rights.strip(",").split(",") if value]

    @staticmethod
    def rights_value(rights: list[Right]) -> str:
        return "," + ",".join(sorted({Right(r).value for r in rights})) + ","

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    @property
    def open_invitation(self) -> Invitation | None:
        return next((i for i in self.invitations if i.is_open), None)

    def deadlines(self) -> law.ResponseDeadlines:
        return law.response_deadlines(self.received_on, suspended_days=self.suspended_days)

    def refresh_deadlines(self) -> None:
        """Recompute the stored dates from the receipt date, the suspensions and the extension.

        While an invitation is open the clock stands still (Awb 4:15); the stored due date then
        assumes the suspension runs to the end of the term, the latest it can be (R5).
        """
        total = 0
        for invitation in self.invitations:
            total += invitation.suspension_days()
        self.suspended_days = total
        dates = law.response_deadlines(self.received_on, suspended_days=total)
        self.extension_notice_by = dates.extension_notice_by
        self.due_on = dates.extended_due_on if self.is_extended else dates.due_on

    def move_to(self, target: Status, *, actor_id: int | None, reason: str | None, at: datetime,
                kind: str = "status") -> DsrEvent:
        """The one way a status changes: checked against the lifecycle, recorded on the timeline."""
        current = self.status_enum
        check_transition(current, target)
        self.status = target.value
        self.is_open = target not in TERMINAL
        self.closed_at = None if self.is_open else at
        event = DsrEvent(kind=kind, from_status=current.value, to_status=target.value,
                         reason=reason, actor_id=actor_id, at=at)
        self.events.append(event)
        return event

    def note(self, kind: str, *, actor_id: int | None, reason: str | None, at: datetime) -> DsrEvent:
        """A timeline event that does not change the status."""
        event = DsrEvent(kind=kind, from_status=self.status, to_status=self.status, reason=reason,
                         actor_id=actor_id, at=at)
        self.events.append(event)
        return event


class DsrEvent(Base):
    """The timeline: every transition and every act on a request, with actor and reason."""

    __tablename__ = "dsr_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    from_status: Mapped[str] = mapped_column(sa.String(30))
    to_status: Mapped[str] = mapped_column(sa.String(30))
    reason: Mapped[str | None] = mapped_column(sa.Text)

    dsr: Mapped[DataSubjectRequest] = relationship(back_populates="events")


class Invitation(Base):
    """An Awb 4:5 invitation to complete the request (identity or other information), with a
    term. It suspends the decision term from the next day until the answer (Awb 4:15(1)(a))."""

    __tablename__ = "dsr_invitation"
    __table_args__ = (
        sa.CheckConstraint("term_until > sent_on", name="term_after_sending"),
        sa.CheckConstraint("NOT (answered_on IS NOT NULL AND expired_on IS NOT NULL)",
                           name="answered_or_expired"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    purpose: Mapped[str] = mapped_column(sa.String(20))  # identity | information
    what: Mapped[str] = mapped_column(sa.Text)
    sent_on: Mapped[date]
    term_until: Mapped[date]
    answered_on: Mapped[date | None]
    expired_on: Mapped[date | None]
    #: Status to return to when answered.
    resume_status: Mapped[str] = mapped_column(sa.String(30))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The aanvulling letter that asked for it.
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))

    dsr: Mapped[DataSubjectRequest] = relationship(back_populates="invitations")

    @property
    def is_open(self) -> bool:
        return self.answered_on is None and self.expired_on is None

    def suspension_days(self) -> int:
        """R5: days strictly between sending and the answer; unused term: up to its end."""
        if self.answered_on is not None:
            return law.suspended_days(self.sent_on, self.answered_on)
        return law.suspended_days(self.sent_on, self.term_until)


class DsrDocument(Base):
    """A file on a request, stored outside the web root; only its path and hash are here."""

    __tablename__ = "dsr_document"

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # attachment | authorisation | scan | identity
    filename: Mapped[str] = mapped_column(sa.String(200))
    content_type: Mapped[str] = mapped_column(sa.String(50))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str | None] = mapped_column(sa.String(80))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    #: Identity copies are deleted once checked (AVG 5(1)(c)); the row stays as the record.
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    dsr: Mapped[DataSubjectRequest] = relationship(back_populates="documents")


class Reminder(Base):
    """A reminder sent by the sweep; unique per request, kind and due date: each goes out once."""

    __tablename__ = "dsr_reminder"
    __table_args__ = (sa.UniqueConstraint("dsr_id", "kind", "due_on", name="uq_dsr_reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))  # due_soon | overdue
    due_on: Mapped[date]
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PublicSubmission(Base):
    """One public-form submission attempt per row, by keyed hash of the address (no IP stored),
    for the rate limit; the sweep removes rows older than a day."""

    __tablename__ = "dsr_public_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class Representative(Base):
    """How the contact point checked the authority of whoever acts for the person the request is
    about (UAVG art. 5; Awb 2:1): for a child, who has gezag and how that was checked; for a
    gemachtigde, curator, mentor or bewindvoerder, the document and what it covers; and whether
    the representative is a party in the casus themselves (UAVG 41(1)(i)). One per request."""

    __tablename__ = "dsr_representative"
    __table_args__ = (
        sa.CheckConstraint("gezag_method IS NULL OR gezag_method IN "
                           "('gezagsregister', 'rechterlijke_uitspraak', 'verklaring')",
                           name="gezag_method_known"),
        sa.CheckConstraint("(gezag_method IS NULL) = (gezag_checked_at IS NULL)",
                           name="gezag_check_dated"),
        sa.CheckConstraint("gezag_holders IS NULL OR gezag_holders BETWEEN 1 AND 2",
                           name="gezag_holders_range"),
        sa.CheckConstraint("gezag_signed IS NULL OR (gezag_signed >= 0 AND gezag_holders IS NOT "
                           "NULL AND gezag_signed <= gezag_holders)", name="gezag_signed_range"),
        sa.CheckConstraint("(authority_scope IS NULL) = (authority_checked_at IS NULL)",
                           name="authority_check_dated"),
        sa.CheckConstraint("NOT is_involved OR length(involved_note) > 0",
                           name="involvement_has_note"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), unique=True)
    gezag_method: Mapped[str | None] = mapped_column(sa.String(30))
    #: How many people hold gezag over the child, and how many of them signed the request.
    gezag_holders: Mapped[int | None]
    gezag_signed: Mapped[int | None]
    gezag_note: Mapped[str | None] = mapped_column(sa.Text)
    gezag_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    gezag_checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The machtiging or the court's beschikking (a document on the request) and its scope.
    authority_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr_document.id"))
    authority_scope: Mapped[str | None] = mapped_column(sa.Text)
    authority_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authority_checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The representative is a party in the casus (UAVG 41(1)(i)): a warning for staff and
    #: the jurist, never a refusal by itself.
    is_involved: Mapped[bool] = mapped_column(default=False)
    involved_note: Mapped[str | None] = mapped_column(sa.Text)
    involved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    involved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    dsr: Mapped[DataSubjectRequest] = relationship(back_populates="representative")


class DeceasedRecord(Base):
    """The person the request is about has died: the AVG does not protect the data of deceased
    persons (recital 27), so the request ends with a besluit saying so, without tasks for the
    participants. How the death was established is recorded, by whom and when."""

    __tablename__ = "dsr_deceased"
    __table_args__ = (
        sa.CheckConstraint("established_by IN ('brp', 'akte', 'deelnemer', 'verklaring')",
                           name="established_by_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), unique=True)
    died_on: Mapped[date | None]
    established_by: Mapped[str] = mapped_column(sa.String(20))
    note: Mapped[str | None] = mapped_column(sa.Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    dsr: Mapped[DataSubjectRequest] = relationship(back_populates="deceased")
