"""Organisations taking part in the ZVH, and the contact point's settings (one row)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service import clock
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.organisations.catalogue import DecisionMode


class Organisation(Base):
    """A participant. Deactivated, never deleted once it has history (WGS art. 1.8 logging)."""

    __tablename__ = "organisation"
    __table_args__ = (
        sa.CheckConstraint("length(code) > 0", name="code_not_empty"),
        sa.CheckConstraint("task_due_working_days BETWEEN 1 AND 60", name="task_due_in_range"),
        sa.CheckConstraint("reminder_days BETWEEN 1 AND 30 AND chase_days BETWEEN 1 AND 30 "
                           "AND escalate_after BETWEEN 1 AND 10", name="schedule_in_range"),
        sa.CheckConstraint(f"decision_mode IN ({sql_values(DecisionMode)})",
                           name="decision_mode_known"),
        sa.CheckConstraint("decision_mode <> 'mandate' OR (length(mandate_reference) > 0 AND "
                           "mandate_on IS NOT NULL)", name="mandate_recorded"),
        sa.CheckConstraint("decision_mode <> 'self' OR length(own_objection_address) > 0",
                           name="self_has_objection_address"),
        sa.CheckConstraint("decision_mode = 'contact_point' OR is_joint_controller",
                           name="decision_mode_for_controllers"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    legal_basis: Mapped[str] = mapped_column(sa.String(60))
    is_joint_controller: Mapped[bool]
    is_active: Mapped[bool] = mapped_column(default=True)
    #: Where task notices go (a functional mailbox of the participant).
    task_email: Mapped[str | None] = mapped_column(sa.String(254))
    #: Escalation contact of the participant for overdue tasks.
    coordinator_email: Mapped[str | None] = mapped_column(sa.String(254))
    task_due_working_days: Mapped[int] = mapped_column(default=10)
    #: The reminder schedule of its tasks (coordination.rules.Schedule).
    reminder_days: Mapped[int] = mapped_column(default=5, server_default="5")
    chase_days: Mapped[int] = mapped_column(default=4, server_default="4")
    escalate_after: Mapped[int] = mapped_column(default=2, server_default="2")
    #: The gemeente of a burgemeester or college in a regional ZVH (WGS art. 2.27(1)(e)-(f)).
    municipality: Mapped[str | None] = mapped_column(sa.String(120))
    #: Who decides on a request for this joint controller (RULES.md §11.2 leaves it open):
    #: catalogue.DecisionMode. A mandate is recorded with its reference and date (Awb 10:5(2),
    #: 10:10); a controller that decides itself is where bezwaar on its part goes.
    decision_mode: Mapped[str] = mapped_column(sa.String(20), default=DecisionMode.CONTACT_POINT.value,
                                               server_default=DecisionMode.CONTACT_POINT.value)
    mandate_reference: Mapped[str | None] = mapped_column(sa.String(200))
    mandate_on: Mapped[date | None]
    own_objection_address: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)


class ContactPointSettings(Base):
    """The contact point's own details, printed on every letter. Exactly one row (id = 1)."""

    __tablename__ = "contact_point_settings"
    __table_args__ = (sa.CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    municipality: Mapped[str] = mapped_column(sa.String(120))
    zvh_name: Mapped[str] = mapped_column(sa.String(200))
    postal_address: Mapped[str] = mapped_column(sa.Text)
    objection_address: Mapped[str] = mapped_column(sa.Text)
    #: The organ that decides (Awb 1:1): for the contact point, the college van B&W.
    deciding_organ: Mapped[str] = mapped_column(sa.String(200))
    #: Who signs under mandate (Awb 10:10, "namens dezen").
    signatory_name: Mapped[str] = mapped_column(sa.String(200))
    signatory_title: Mapped[str] = mapped_column(sa.String(200))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(40))
    #: The electronic channel designated for bezwaarschriften (Awb 2:13: an aanwijzingsbesluit),
    #: e.g. a web address; the bezwaarclausule names it. Empty: none designated.
    objection_channel: Mapped[str | None] = mapped_column(sa.String(300))
    #: The rechtbank for beroep against a beslissing op bezwaar (Awb 8:7(2): for a besluit of a
    #: gemeente's organ, the rechtbank where it has its seat), name and postal address, as the
    #: beroepsclausule prints it; a case may override it (bezwaar.rechtbank_override).
    rechtbank: Mapped[str | None] = mapped_column(sa.Text)
    #: An adviescommissie for bezwaarschriften is installed (Awb 7:13): the term for the
    #: beslissing op bezwaar is then twelve weeks instead of six (7:10(1)).
    bezwaar_committee: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc,
                                                 onupdate=clock.now_utc)
