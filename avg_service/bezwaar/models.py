"""A bezwaar against a besluit, its herstel verzuim, hearing and beslissing op bezwaar; the
vaststelling of a dwangsom and the Awb 4:14 notice.

A ``Bezwaar`` hangs off the besluit it contests (``decisions.Decision``) and its request: the
request's timeline, documents and letters carry it, so it never "drops out" when the request is
closed. Legal dates are ``Date`` columns (``*_on``); the statutory term for the beslissing op
bezwaar (Awb 7:10) is stored in ``decision_due_on`` so the work queue can sort on it, and kept
current by ``refresh_term``. Invariants are CHECK constraints; four eyes is one of them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.bezwaar import rules
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.decisions.catalogue import Outcome
from avg_service.decisions.models import Decision, Objection
from avg_service.requests.models import DataSubjectRequest, DsrDocument


class BezwaarStatus(StrEnum):
    RECEIVED = "received"  # registered, ontvangstbevestiging sent
    AWAITING_REPAIR = "awaiting_repair"  # herstel verzuim asked (Awb 6:6); 7:10(2) suspends
    IN_PROGRESS = "in_progress"  # complete (or the term passed): heroverweging, hearing
    DECIDING = "deciding"  # a draft beslissing op bezwaar exists
    DECIDED = "decided"  # the beslissing op bezwaar is made known (Awb 7:12)
    WITHDRAWN = "withdrawn"  # ingetrokken (Awb 6:21)


BEZWAAR_STATUS_LABELS: dict[BezwaarStatus, str] = {
    BezwaarStatus.RECEIVED: "Ontvangen",
    BezwaarStatus.AWAITING_REPAIR: "Wacht op herstel verzuim (opgeschort)",
    BezwaarStatus.IN_PROGRESS: "In behandeling",
    BezwaarStatus.DECIDING: "Beslissing in voorbereiding",
    BezwaarStatus.DECIDED: "Beslist",
    BezwaarStatus.WITHDRAWN: "Ingetrokken",
}

OPEN_STATUSES = frozenset({BezwaarStatus.RECEIVED, BezwaarStatus.AWAITING_REPAIR,
                           BezwaarStatus.IN_PROGRESS, BezwaarStatus.DECIDING})

#: How a bezwaarschrift may arrive: it is written (Awb 6:4), so not by phone.
CHANNELS: dict[str, str] = {"letter": "Brief", "email": "E-mail", "web": "Digitaal kanaal",
                            "desk": "Afgegeven aan de balie"}


class Bezwaar(Base):
    __tablename__ = "bezwaar"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(BezwaarStatus)})", name="status_known"),
        sa.CheckConstraint("channel IN ('letter', 'email', 'web', 'desk')", name="channel_known"),
        sa.CheckConstraint("made_by IN ('self', 'gemachtigde')", name="made_by_known"),
        # Awb 2:1, 6:17: a gemachtigde is named, and the letters go to them.
        sa.CheckConstraint("made_by = 'self' OR representative_name IS NOT NULL",
                           name="representative_named"),
        sa.CheckConstraint("deferral_weeks BETWEEN 0 AND 6", name="deferral_at_most_six_weeks"),
        sa.CheckConstraint("deferral_weeks = 0 OR length(deferral_reason) > 0",
                           name="deferral_has_reason"),
        sa.CheckConstraint("further_until IS NULL OR length(further_consent) > 0",
                           name="further_deferral_has_consent"),
        sa.CheckConstraint("suspended_days >= 0", name="suspension_not_negative"),
        sa.CheckConstraint("status <> 'withdrawn' OR withdrawn_reason IS NOT NULL",
                           name="withdrawal_has_reason"),
        sa.Index("ix_bezwaar_open_due", "is_open", "decision_due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    decision_id: Mapped[int] = mapped_column(sa.ForeignKey("decision.id"), index=True)
    #: The decision's record of the bezwaar (its two dates, read by the API and the annual
    #: figures); kept in step with the term here (``refresh_term``).
    objection_id: Mapped[int | None] = mapped_column(sa.ForeignKey("objection.id"))
    kenmerk: Mapped[str] = mapped_column(sa.String(40), unique=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=BezwaarStatus.RECEIVED.value)
    is_open: Mapped[bool] = mapped_column(default=True)
    channel: Mapped[str] = mapped_column(sa.String(10))
    received_on: Mapped[date]
    #: Sent by post: the date it was posted (Awb 6:9(2)).
    posted_on: Mapped[date | None]
    #: The end of the bezwaartermijn of the besluit (Awb 6:7, 6:8; R9).
    period_end: Mapped[date]
    on_time: Mapped[bool]
    #: Late but excusable (Awb 6:11): the jurist's judgement, with the reason.
    excusable: Mapped[bool | None]
    excusable_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: The gronden (Awb 6:5(1)(d)) as staff summarise them; empty when they are missing.
    grounds: Mapped[str | None] = mapped_column(sa.Text)
    #: What the bezwaarschrift lacks (Awb 6:5), ",gronden,handtekening,".
    defects: Mapped[str] = mapped_column(sa.String(100), default=",")
    made_by: Mapped[str] = mapped_column(sa.String(12), default="self")
    representative_name: Mapped[str | None] = mapped_column(sa.String(200))
    representative_address: Mapped[str | None] = mapped_column(sa.Text)
    representative_email: Mapped[str | None] = mapped_column(sa.String(254))
    #: An advocaat needs no written machtiging (Awb 2:1(2)).
    representative_is_lawyer: Mapped[bool] = mapped_column(default=False)
    authorisation_document_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("dsr_document.id"))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr_document.id"))
    #: When the other joint controllers were told of the bezwaar (they are bound by the
    #: besluit: BGS 1.1(1), Awb 6:14(2)); empty while not yet.
    controllers_informed_on: Mapped[date | None]
    committee: Mapped[bool] = mapped_column(default=False)
    #: Awb 7:10(2): days the term stood still during herstel verzuim.
    suspended_days: Mapped[int] = mapped_column(default=0)
    deferral_weeks: Mapped[int] = mapped_column(default=0)
    deferral_reason: Mapped[str | None] = mapped_column(sa.Text)
    deferred_on: Mapped[date | None]
    further_until: Mapped[date | None]
    further_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: Awb 7:10(4)(a): how the indiener consented (and that others are not harmed).
    further_consent: Mapped[str | None] = mapped_column(sa.Text)
    further_on: Mapped[date | None]
    decision_due_on: Mapped[date]
    #: Awb 7:3: why the hearing was left out; empty while it is not.
    hearing_waiver: Mapped[str | None] = mapped_column(sa.String(10))
    hearing_waiver_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: Awb 8:7: the rechtbank for this case when it is not the configured one.
    rechtbank_override: Mapped[str | None] = mapped_column(sa.Text)
    withdrawn_reason: Mapped[str | None] = mapped_column(sa.Text)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    registered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    dsr: Mapped[DataSubjectRequest] = relationship()
    decision: Mapped[Decision] = relationship()
    objection: Mapped[Objection | None] = relationship()
    document: Mapped[DsrDocument | None] = relationship(foreign_keys=[document_id])
    authorisation: Mapped[DsrDocument | None] = relationship(
        foreign_keys=[authorisation_document_id])
    repairs: Mapped[list[BezwaarRepair]] = relationship(back_populates="bezwaar",
                                                        order_by="BezwaarRepair.id")
    hearings: Mapped[list[BezwaarHearing]] = relationship(back_populates="bezwaar",
                                                          order_by="BezwaarHearing.id")
    ruling: Mapped[BezwaarDecision | None] = relationship(back_populates="bezwaar")

    @property
    def status_enum(self) -> BezwaarStatus:
        return BezwaarStatus(self.status)

    @property
    def defect_list(self) -> list[rules.Defect]:
        return rules.parse_defects(self.defects)

    @property
    def by_representative(self) -> bool:
        return self.made_by == "gemachtigde"

    @property
    def open_repair(self) -> BezwaarRepair | None:
        return next((r for r in self.repairs if r.is_open), None)

    @property
    def admissible_in_time(self) -> bool:
        """In time, or late and excused (Awb 6:9, 6:11)."""
        return self.on_time or bool(self.excusable)

    def rechtbank(self, configured: str | None) -> str | None:
        """Awb 8:7: this case's override, else the municipality's configured rechtbank."""
        return (self.rechtbank_override or "").strip() or (configured or "").strip() or None

    def term(self) -> rules.DecisionTerm:
        return rules.decision_term(self.period_end, committee=self.committee,
                                   suspension_days=self.suspended_days,
                                   deferral_weeks=self.deferral_weeks,
                                   further_until=self.further_until)

    def refresh_term(self) -> None:
        """Recompute the 7:10 term from the suspensions (7:10(2)) and any deferral."""
        self.suspended_days = sum(r.suspension_days() for r in self.repairs)
        self.decision_due_on = self.term().due_on
        if self.objection is not None:
            self.objection.decision_due_on = self.decision_due_on
            self.objection.deferred = bool(self.deferral_weeks or self.further_until)

    def move_to(self, status: BezwaarStatus, *, at: datetime) -> None:
        self.status = status.value
        self.is_open = status in OPEN_STATUSES
        self.closed_at = None if self.is_open else at


class BezwaarRepair(Base):
    """Herstel verzuim (Awb 6:6): what is missing and the term; the 7:10 term stands still
    from the next day until the repair or the unused end of the term (7:10(2))."""

    __tablename__ = "bezwaar_repair"
    __table_args__ = (
        sa.CheckConstraint("term_until > sent_on", name="term_after_sending"),
        sa.CheckConstraint("NOT (repaired_on IS NOT NULL AND expired_on IS NOT NULL)",
                           name="repaired_or_expired"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bezwaar_id: Mapped[int] = mapped_column(sa.ForeignKey("bezwaar.id"), index=True)
    defects: Mapped[str] = mapped_column(sa.String(100))
    sent_on: Mapped[date]
    term_until: Mapped[date]
    repaired_on: Mapped[date | None]
    expired_on: Mapped[date | None]
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    bezwaar: Mapped[Bezwaar] = relationship(back_populates="repairs")

    @property
    def is_open(self) -> bool:
        return self.repaired_on is None and self.expired_on is None

    @property
    def defect_list(self) -> list[rules.Defect]:
        return rules.parse_defects(self.defects)

    def suspension_days(self) -> int:
        return rules.repair_suspension(self.sent_on, repaired_on=self.repaired_on
                                       or self.expired_on, term_until=self.term_until)


class BezwaarHearing(Base):
    """The hearing (Awb 7:2): when and where, who hears (not involved in the besluit, 7:5),
    where the documents lie open (7:4), the invitation letter and the verslag (7:7)."""

    __tablename__ = "bezwaar_hearing"

    id: Mapped[int] = mapped_column(primary_key=True)
    bezwaar_id: Mapped[int] = mapped_column(sa.ForeignKey("bezwaar.id"), index=True)
    hearing_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.Text)
    hearer_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    invited_on: Mapped[date]
    documents_from: Mapped[date]
    documents_place: Mapped[str] = mapped_column(sa.Text)
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    report_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr_document.id"))
    #: Who attended and what was said, in short (the verslag itself is the document).
    report_summary: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    bezwaar: Mapped[Bezwaar] = relationship(back_populates="hearings")
    report: Mapped[DsrDocument | None] = relationship()


class RulingStatus(StrEnum):
    DRAFT = "draft"
    AWAITING_APPROVAL = "awaiting_approval"
    APPROVED = "approved"
    NOTIFIED = "notified"


RULING_STATUS_LABELS: dict[RulingStatus, str] = {
    RulingStatus.DRAFT: "Concept",
    RulingStatus.AWAITING_APPROVAL: "Ter goedkeuring",
    RulingStatus.APPROVED: "Genomen (nog niet verzonden)",
    RulingStatus.NOTIFIED: "Bekendgemaakt",
}


def _four_eyes_checks() -> tuple[sa.CheckConstraint, ...]:
    """The decisions' invariants (decisions.models.Decision): the approver is never the
    drafter; approved exactly when taken; sent exactly when notified."""
    return (
        sa.CheckConstraint(f"status IN ({sql_values(RulingStatus)})", name="status_known"),
        sa.CheckConstraint("approved_by_id IS NULL OR approved_by_id <> drafted_by_id",
                           name="four_eyes"),
        sa.CheckConstraint("(status IN ('approved', 'notified')) = (approved_by_id IS NOT NULL)",
                           name="approved_when_taken"),
        sa.CheckConstraint("(status = 'notified') = (sent_on IS NOT NULL)",
                           name="sent_when_notified"),
    )


class FourEyes:
    """The columns of a besluit that goes through four eyes, as the decisions have them."""

    status: Mapped[str] = mapped_column(sa.String(20), default=RulingStatus.DRAFT.value)
    drafted_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_back_reason: Mapped[str | None] = mapped_column(sa.Text)
    sent_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    sent_on: Mapped[date | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    @property
    def status_enum(self) -> RulingStatus:
        return RulingStatus(self.status)


class BezwaarDecision(FourEyes, Base):
    """The beslissing op bezwaar (Awb 7:11, 7:12): per right gegrond, ongegrond or
    niet-ontvankelijk with the heroverweging, and where gegrond the new besluit in place of the
    one revoked (7:11(2)). Drafted by one jurist, approved by another (four eyes) who did not
    take the contested besluit (Awb 10:3(3))."""

    __tablename__ = "bezwaar_decision"
    __table_args__ = _four_eyes_checks()

    id: Mapped[int] = mapped_column(primary_key=True)
    bezwaar_id: Mapped[int] = mapped_column(sa.ForeignKey("bezwaar.id"), unique=True)
    #: The verloop and anything the jurist adds to it (hearing, further documents).
    history_note: Mapped[str | None] = mapped_column(sa.Text)

    bezwaar: Mapped[Bezwaar] = relationship(back_populates="ruling")
    parts: Mapped[list[BezwaarDecisionPart]] = relationship(
        back_populates="ruling", order_by="BezwaarDecisionPart.right",
        cascade="all, delete-orphan")


class BezwaarDecisionPart(Base):
    """One right of the contested besluit: the outcome of the bezwaar, the heroverweging, and
    for a gegrond bezwaar the new decision on that right (the decisions catalogue's outcomes
    and grounds, so the same rules hold as for the besluit itself)."""

    __tablename__ = "bezwaar_decision_part"
    __table_args__ = (
        sa.UniqueConstraint("ruling_id", "right", name="uq_bezwaar_decision_part_right"),
        sa.CheckConstraint(f"outcome IN ({sql_values(rules.BezwaarOutcome)})",
                           name="outcome_known"),
        sa.CheckConstraint(f"new_outcome IS NULL OR new_outcome IN ({sql_values(Outcome)})",
                           name="new_outcome_known"),
        sa.CheckConstraint("(outcome = 'gegrond') = (new_outcome IS NOT NULL)",
                           name="new_besluit_when_well_founded"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ruling_id: Mapped[int] = mapped_column(sa.ForeignKey("bezwaar_decision.id"), index=True)
    right: Mapped[str] = mapped_column(sa.String(2))
    outcome: Mapped[str] = mapped_column(sa.String(20))
    reconsideration: Mapped[str] = mapped_column(sa.Text)
    new_outcome: Mapped[str | None] = mapped_column(sa.String(30))
    new_grounds: Mapped[str] = mapped_column(sa.String(200), default=",")
    new_motivation: Mapped[str | None] = mapped_column(sa.Text)
    new_measures: Mapped[str | None] = mapped_column(sa.Text)

    ruling: Mapped[BezwaarDecision] = relationship(back_populates="parts")

    @property
    def outcome_enum(self) -> rules.BezwaarOutcome:
        return rules.BezwaarOutcome(self.outcome)

    @property
    def new_ground_codes(self) -> list[str]:
        return [g for g in self.new_grounds.strip(",").split(",") if g]


class PenaltyFixing(FourEyes, Base):
    """The besluit tot vaststelling of the dwangsom (Awb 4:18): whether it is owed and how
    much, for how many days, within two weeks after its last day; a beschikking, so four eyes
    and a bezwaarclausule."""

    __tablename__ = "dwangsom_vaststelling"
    __table_args__ = _four_eyes_checks() + (
        sa.CheckConstraint("days BETWEEN 0 AND 42", name="days_within_maximum"),
        sa.CheckConstraint("amount >= 0 AND amount <= 1442", name="amount_within_maximum"),
        sa.CheckConstraint("owed OR length(reason) > 0", name="not_owed_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    default_notice_id: Mapped[int] = mapped_column(sa.ForeignKey("default_notice.id"),
                                                   unique=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    first_day: Mapped[date]
    last_day: Mapped[date]
    days: Mapped[int]
    amount: Mapped[Decimal] = mapped_column(sa.Numeric(8, 2))
    #: Awb 4:18: the last day to fix it.
    due_by: Mapped[date]
    #: Not owed (Awb 4:17(5)-(6)): e.g. the applicant is no belanghebbende, the request was
    #: evidently inadmissible, or the ingebrekestelling came unreasonably late.
    owed: Mapped[bool] = mapped_column(default=True)
    reason: Mapped[str | None] = mapped_column(sa.Text)


class LateNotice(Base):
    """Awb 4:14: the besluit will not come within the term; the applicant is told, with a term
    as short as possible within which it can be expected. It does not extend the AVG term
    (RULES.md D16): the dwangsom clock keeps running."""

    __tablename__ = "late_notice"
    __table_args__ = (sa.CheckConstraint("length(reason) > 0", name="has_reason"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    expected_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)
    sent_on: Mapped[date]
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
