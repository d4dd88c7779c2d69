"""A data breach and what hangs off it: the persons linked to requests, a task per joint
controller, the timeline, the reminder ledger, the notifications to the AP, the communications
to the people, and the breach settings (the art. 26 arrangement's "who notifies", the FG).

Every row a participant may see carries ``organisation_id``, or (the breach itself)
``organisation_ids``: the one policy module decides compartments for pages, API and lists.
CHECK constraints keep the record consistent with its status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.rules import (
    BreachStatus,
    BreachTaskStatus,
    NotifierRule,
    RiskLevel,
    check_task_transition,
    check_transition,
)
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.organisations.models import Organisation


def _listed(text: str | None) -> list[str]:
    """``",a,b,"`` (how a set of codes is stored, searchable with LIKE) as a list."""
    return [v for v in (text or "").strip(",").split(",") if v]


def as_listed(values: list[str]) -> str:
    return "," + ",".join(values) + "," if values else ""


class BreachSettings(Base):
    """The breach part of the joint controllers' art. 26 arrangement (one row, id = 1)."""

    __tablename__ = "breach_settings"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint(f"notifier_rule IN ({sql_values(NotifierRule)})", name="rule_known"),
        sa.CheckConstraint("notifier_rule <> 'fixed' OR notifier_organisation_id IS NOT NULL",
                           name="fixed_names_organisation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    notifier_rule: Mapped[str] = mapped_column(sa.String(20), default=NotifierRule.SOURCE.value)
    notifier_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"))
    #: The organisation of the contact point (the college van B&W by default).
    contact_point_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"))
    #: AVG art. 33(3)(b), 34(2): the coordinating FG's name and contact details.
    fg_name: Mapped[str | None] = mapped_column(sa.String(200))
    fg_email: Mapped[str | None] = mapped_column(sa.String(254))
    fg_phone: Mapped[str | None] = mapped_column(sa.String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    @property
    def rule(self) -> NotifierRule:
        return NotifierRule(self.notifier_rule)

    @property
    def fg_contact(self) -> str | None:
        """``"M. Jansen (FG), fg@..., 14 020"``: what art. 33(3)(b) asks."""
        if not self.fg_name:
            return None
        contact = [part for part in (self.fg_email, self.fg_phone) if part]
        return f"{self.fg_name}, functionaris gegevensbescherming" + (
            f" ({', '.join(contact)})" if contact else "")


class Breach(Base):
    __tablename__ = "breach"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(BreachStatus)})", name="status_known"),
        sa.CheckConstraint(f"risk IS NULL OR risk IN ({sql_values(RiskLevel)})",
                           name="risk_known"),
        sa.CheckConstraint("status = 'reported' OR risk IS NOT NULL", name="assessed_has_risk"),
        sa.CheckConstraint("risk IS NULL OR length(risk_reasons) > 0", name="risk_has_reasons"),
        sa.CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)",
                           name="closed_when_closed"),
        sa.CheckConstraint("occurred_at IS NULL OR occurred_at <= aware_at",
                           name="occurred_before_awareness"),
        sa.CheckConstraint("persons_count IS NULL OR persons_count >= 0",
                           name="persons_not_negative"),
        sa.CheckConstraint("records_count IS NULL OR records_count >= 0",
                           name="records_not_negative"),
        sa.CheckConstraint("communication_decision IS NULL OR communication_decision IN "
                           f"({sql_values(CommunicationDecision)})", name="decision_known"),
        sa.CheckConstraint("communication_decision IS NULL OR "
                           "length(communication_reason) > 0", name="decision_has_reason"),
        sa.CheckConstraint("communication_decision IS NULL OR communication_decision <> "
                           "'uavg-41' OR communication_ground IS NOT NULL",
                           name="restriction_has_ground"),
        sa.Index("ix_breach_status_aware_at", "status", "aware_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(30), unique=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=BreachStatus.REPORTED.value)
    title: Mapped[str] = mapped_column(sa.String(200))
    #: What happened, as the reporter tells it.
    description: Mapped[str] = mapped_column(sa.Text)
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The clock starts here (AVG art. 33(1) "after having become aware of it").
    aware_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)
    reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: The report form's hidden token: a second submit of the same form is the same breach.
    submission_token: Mapped[str | None] = mapped_column(sa.String(64), unique=True, index=True)
    reported_by_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"), index=True)
    #: Where it happened (the participant whose system, mail or paper it was).
    source_organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    breach_types: Mapped[str] = mapped_column(sa.String(100), default="")
    data_kinds: Mapped[str] = mapped_column(sa.String(200), default="")
    data_description: Mapped[str | None] = mapped_column(sa.Text)
    #: Approximate; the linked requests are part of it (AVG art. 33(3)(a) "approximate number").
    persons_count: Mapped[int | None]
    records_count: Mapped[int | None]
    measures: Mapped[str | None] = mapped_column(sa.Text)

    risk: Mapped[str | None] = mapped_column(sa.String(10))
    risk_reasons: Mapped[str | None] = mapped_column(sa.Text)
    risk_example: Mapped[str | None] = mapped_column(sa.String(10))
    risk_factors: Mapped[str] = mapped_column(sa.String(200), default="")
    consequences: Mapped[str | None] = mapped_column(sa.Text)
    assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assessed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    notifier_organisation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organisation.id"))
    notifier_reason: Mapped[str | None] = mapped_column(sa.Text)

    communication_decision: Mapped[str | None] = mapped_column(sa.String(10))
    communication_ground: Mapped[str | None] = mapped_column(sa.String(10))
    communication_reason: Mapped[str | None] = mapped_column(sa.Text)
    #: The texts for the people, in plain Dutch (AVG art. 34(2)).
    people_nature: Mapped[str | None] = mapped_column(sa.Text)
    people_consequences: Mapped[str | None] = mapped_column(sa.Text)
    people_measures: Mapped[str | None] = mapped_column(sa.Text)
    people_advice: Mapped[str | None] = mapped_column(sa.Text)
    communication_decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    communication_decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id"))

    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    closing_note: Mapped[str | None] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    reported_by_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[reported_by_organisation_id])
    source_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[source_organisation_id])
    notifier_organisation: Mapped[Organisation | None] = relationship(
        foreign_keys=[notifier_organisation_id])
    persons: Mapped[list[BreachPerson]] = relationship(order_by="BreachPerson.id",
                                                       cascade="all, delete-orphan")
    tasks: Mapped[list[BreachTask]] = relationship(back_populates="breach",
                                                   order_by="BreachTask.id")
    events: Mapped[list[BreachEvent]] = relationship(order_by="BreachEvent.id")
    notifications: Mapped[list[BreachNotification]] = relationship(
        order_by="BreachNotification.phase")
    communications: Mapped[list[BreachCommunication]] = relationship(
        order_by="BreachCommunication.id")

    @property
    def status_enum(self) -> BreachStatus:
        return BreachStatus(self.status)

    @property
    def risk_level(self) -> RiskLevel | None:
        return RiskLevel(self.risk) if self.risk else None

    @property
    def decision(self) -> CommunicationDecision | None:
        return CommunicationDecision(self.communication_decision) \
            if self.communication_decision else None

    @property
    def breach_type_list(self) -> list[str]:
        return _listed(self.breach_types)

    @property
    def data_kind_list(self) -> list[str]:
        return _listed(self.data_kinds)

    @property
    def risk_factor_list(self) -> list[str]:
        return _listed(self.risk_factors)

    @property
    def organisation_ids(self) -> frozenset[int]:
        """Who may see it besides staff and the FG: the organisation that reported it, every
        organisation with a task on it, and the one that notifies (the policy's compartment)."""
        ids = {t.organisation_id for t in self.tasks}
        for organisation_id in (self.reported_by_organisation_id, self.notifier_organisation_id):
            if organisation_id is not None:
                ids.add(organisation_id)
        return frozenset(ids)

    @property
    def first_notified_at(self) -> datetime | None:
        return self.notifications[0].notified_at if self.notifications else None

    def move_to(self, target: BreachStatus) -> None:
        check_transition(self.status_enum, target)
        self.status = target.value

    def note(self, kind: str, text: str, *, actor_id: int | None, at: datetime) -> None:
        """A timeline event (every step, with who and why)."""
        self.events.append(BreachEvent(kind=kind, text=text, actor_id=actor_id, at=at))

    def notifier_scope(self) -> NotifierScope:
        """What the policy checks for acts of the notifying controller: a participant may
        record the AP notification only when its organisation notifies."""
        owners = frozenset({self.notifier_organisation_id}) \
            if self.notifier_organisation_id is not None else frozenset()
        return NotifierScope(self.id, owners)


@dataclass(frozen=True, slots=True)
class NotifierScope:
    id: int
    organisation_ids: frozenset[int]
    __tablename__ = "breach"


class BreachPerson(Base):
    """A person affected, known through a request at the contact point (the rest is a count)."""

    __tablename__ = "breach_person"
    __table_args__ = (sa.UniqueConstraint("breach_id", "dsr_id", name="uq_breach_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id"), index=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)


class BreachEvent(Base):
    __tablename__ = "breach_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    text: Mapped[str] = mapped_column(sa.Text)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class BreachTask(Base):
    """A joint controller's part: does the breach touch its data, how many people, what it does."""

    __tablename__ = "breach_task"
    __table_args__ = (
        sa.UniqueConstraint("breach_id", "organisation_id", name="uq_breach_task_organisation"),
        sa.CheckConstraint(f"status IN ({sql_values(BreachTaskStatus)})", name="status_known"),
        sa.CheckConstraint("(status IN ('answered', 'on_behalf')) = (answered_at IS NOT NULL)",
                           name="answered_when_answered"),
        sa.CheckConstraint("status <> 'on_behalf' OR (on_behalf_source IS NOT NULL AND "
                           "on_behalf_received_on IS NOT NULL AND "
                           "length(on_behalf_answered_by) > 0)", name="on_behalf_recorded"),
        sa.CheckConstraint("status <> 'set_aside' OR length(set_aside_reason) > 0",
                           name="set_aside_has_reason"),
        sa.CheckConstraint("answer_persons IS NULL OR answer_persons >= 0",
                           name="persons_not_negative"),
        sa.Index("ix_breach_task_org_status", "organisation_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id"), index=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(sa.String(20), default=BreachTaskStatus.OPEN.value)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: Does the breach touch this organisation's data (None: not yet known)?
    affected: Mapped[bool | None]
    answer_data: Mapped[str | None] = mapped_column(sa.Text)
    answer_persons: Mapped[int | None]
    answer_measures: Mapped[str | None] = mapped_column(sa.Text)
    answer_remarks: Mapped[str | None] = mapped_column(sa.Text)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    on_behalf_source: Mapped[str | None] = mapped_column(sa.String(20))
    on_behalf_received_on: Mapped[date | None]
    on_behalf_answered_by: Mapped[str | None] = mapped_column(sa.String(200))
    set_aside_reason: Mapped[str | None] = mapped_column(sa.Text)
    set_aside_confirmed_by: Mapped[str | None] = mapped_column(sa.String(200))
    reopen_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)

    organisation: Mapped[Organisation] = relationship(lazy="joined", innerjoin=True)
    breach: Mapped[Breach] = relationship(back_populates="tasks")

    @property
    def status_enum(self) -> BreachTaskStatus:
        return BreachTaskStatus(self.status)

    def move_to(self, target: BreachTaskStatus) -> None:
        check_task_transition(self.status_enum, target)
        self.status = target.value


class BreachReminderSent(Base):
    """A reminder point of the 72 hours, once per breach (the unique key: a second sweep or a
    second rq wake-up sends nothing twice). ``superseded``: recorded but not sent, because a
    later point was due at the same run."""

    __tablename__ = "breach_reminder_sent"
    __table_args__ = (sa.UniqueConstraint("breach_id", "step", name="uq_breach_reminder_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id"), index=True)
    step: Mapped[str] = mapped_column(sa.String(10))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    superseded: Mapped[bool] = mapped_column(default=False)


class BreachNotification(Base):
    """One notification to the AP, a phase of it (AVG art. 33(4)): the moment, the AP's
    meldnummer, what was reported (art. 33(3)) and, when late, why (33(1)). The letter row holds
    the PDF of what was reported."""

    __tablename__ = "breach_notification"
    __table_args__ = (
        sa.UniqueConstraint("breach_id", "phase", name="uq_breach_notification_phase"),
        sa.CheckConstraint("phase >= 1", name="phase_positive"),
        sa.CheckConstraint("length(meldnummer) > 0", name="has_meldnummer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id"), index=True)
    phase: Mapped[int]
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime)
    meldnummer: Mapped[str] = mapped_column(sa.String(60))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisation.id"))
    is_complete: Mapped[bool]
    nature: Mapped[str | None] = mapped_column(sa.Text)
    data_categories: Mapped[str | None] = mapped_column(sa.Text)
    persons_approx: Mapped[int | None]
    records_approx: Mapped[int | None]
    dpo_contact: Mapped[str | None] = mapped_column(sa.Text)
    consequences: Mapped[str | None] = mapped_column(sa.Text)
    measures: Mapped[str | None] = mapped_column(sa.Text)
    delay_reasons: Mapped[str | None] = mapped_column(sa.Text)
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    organisation: Mapped[Organisation | None] = relationship()


class BreachCommunication(Base):
    """A letter or e-mail to one person (AVG art. 34): to a person known through a request, or
    one whose address staff enter."""

    __tablename__ = "breach_communication"
    __table_args__ = (
        sa.CheckConstraint("channel IN ('letter', 'email')", name="channel_known"),
        sa.CheckConstraint("channel <> 'email' OR email IS NOT NULL", name="email_has_address"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(sa.ForeignKey("breach.id"), index=True)
    dsr_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr.id"))
    channel: Mapped[str] = mapped_column(sa.String(10))
    addressee_name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.Text)
    email: Mapped[str | None] = mapped_column(sa.String(254))
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    mail_id: Mapped[int | None] = mapped_column(sa.ForeignKey("mail_outbox.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
