"""The retention settings (one row), the destruction lists the sweep proposes and their items.

An item names what will be destroyed by its kind and object (a request, a message), with its
reference and a description that holds no personal data, so the list stays readable after the
destruction it records.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.retention.rules import TERMS, ListStatus, RecordKind


class RetentionSettings(Base):
    """The terms in months per kind of record and whether two FG users must approve."""

    __tablename__ = "retention_settings"
    __table_args__ = (
        sa.CheckConstraint("id = 1", name="single_row"),
        sa.CheckConstraint("data_copies_months > 0 AND uploads_months > 0 AND "
                           "request_file_months > 0 AND mail_bodies_months > 0 AND "
                           "audit_entries_months > 0", name="terms_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, default=1)
    data_copies_months: Mapped[int] = mapped_column(
        default=TERMS[RecordKind.DATA_COPIES].default_months)
    uploads_months: Mapped[int] = mapped_column(default=TERMS[RecordKind.UPLOADS].default_months)
    request_file_months: Mapped[int] = mapped_column(
        default=TERMS[RecordKind.REQUEST_FILE].default_months)
    mail_bodies_months: Mapped[int] = mapped_column(
        default=TERMS[RecordKind.MAIL_BODIES].default_months)
    audit_entries_months: Mapped[int] = mapped_column(
        default=TERMS[RecordKind.AUDIT_ENTRIES].default_months)
    four_eyes: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    updated_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    def months(self, kind: RecordKind) -> int:
        value: int = getattr(self, f"{kind.value}_months")
        return value


class DestructionList(Base):
    __tablename__ = "destruction_list"
    __table_args__ = (
        sa.CheckConstraint(f"status IN ({sql_values(ListStatus)})", name="status_known"),
        sa.CheckConstraint("first_approved_by_id IS NULL OR approved_by_id IS NULL OR "
                           "first_approved_by_id <> approved_by_id", name="four_eyes"),
        sa.CheckConstraint("status NOT IN ('approved', 'carried_out') OR approved_by_id IS NOT "
                           "NULL", name="approved_before_carried_out"),
        sa.CheckConstraint("(status = 'carried_out') = (carried_out_at IS NOT NULL)",
                           name="carried_out_when_done"),
        sa.CheckConstraint("status <> 'rejected' OR length(rejected_reason) > 0",
                           name="rejected_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=ListStatus.PROPOSED.value)
    proposed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: None: proposed by the sweep.
    proposed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: With four eyes: the first of the two approvals.
    first_approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    first_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    carried_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    carried_out_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    rejected_reason: Mapped[str | None] = mapped_column(sa.Text)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    rejected_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    items: Mapped[list[DestructionItem]] = relationship(
        back_populates="destruction_list", order_by="DestructionItem.id")

    @property
    def status_enum(self) -> ListStatus:
        return ListStatus(self.status)


class DestructionItem(Base):
    __tablename__ = "destruction_item"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_values(RecordKind)})", name="kind_known"),
        sa.Index("ix_destruction_item_object", "kind", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(sa.ForeignKey("destruction_list.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(20))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[int]
    #: The request's reference, or the message's number: never a name.
    reference: Mapped[str] = mapped_column(sa.String(40))
    due_on: Mapped[date]
    description: Mapped[str] = mapped_column(sa.Text)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    destruction_list: Mapped[DestructionList] = relationship(back_populates="items")
