"""A hearing on a request (Awb 4:7, 4:8): who is heard on what, the invitation letter and its
term, or the exception that leaves it out (4:7(2), 4:8(2), 4:11) with its reason; the answer
(an uploaded document, or a record of an oral zienswijze, 4:9) and how the jurist weighed it.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from avg_service import clock
from avg_service.db import Base, UTCDateTime, sql_values
from avg_service.hearing.rules import HearingException, HearingKind
from avg_service.requests.models import DataSubjectRequest, DsrDocument


class Hearing(Base):
    __tablename__ = "hearing"
    __table_args__ = (
        sa.CheckConstraint(f"kind IN ({sql_values(HearingKind)})", name="kind_known"),
        sa.CheckConstraint(f"exception IS NULL OR exception IN ({sql_values(HearingException)})",
                           name="exception_known"),
        # invited with a letter and a term, or left out with a reason: never both, never neither
        sa.CheckConstraint("(exception IS NULL) = (sent_on IS NOT NULL)",
                           name="invited_or_excepted"),
        sa.CheckConstraint("exception IS NULL OR length(exception_reason) > 0",
                           name="exception_has_reason"),
        sa.CheckConstraint("sent_on IS NULL OR (term_until IS NOT NULL AND term_until > sent_on)",
                           name="term_after_sending"),
        sa.CheckConstraint("answered_on IS NULL OR sent_on IS NOT NULL", name="answer_to_invite"),
        sa.CheckConstraint("(weighing IS NULL) = (weighed_at IS NULL)", name="weighing_dated"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(4))
    #: The third party (4:8); for the applicant (4:7) the request's own name and address.
    name: Mapped[str | None] = mapped_column(sa.String(200))
    street_address: Mapped[str | None] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    #: What the zienswijze is asked on, as the letter says it: for 4:7 the intended refusal and
    #: the data it rests on; for 4:8 which data about the person would be disclosed.
    regarding: Mapped[str] = mapped_column(sa.Text)
    sent_on: Mapped[date | None]
    term_until: Mapped[date | None]
    letter_id: Mapped[int | None] = mapped_column(sa.ForeignKey("letter.id"))
    exception: Mapped[str | None] = mapped_column(sa.String(20))
    exception_reason: Mapped[str | None] = mapped_column(sa.Text)
    answered_on: Mapped[date | None]
    answer_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr_document.id"))
    #: What the zienswijze says (or the record of an oral one, Awb 4:9).
    answer_summary: Mapped[str | None] = mapped_column(sa.Text)
    #: How the jurist weighed it, as the besluit's verloop prints it (Awb 3:46).
    weighing: Mapped[str | None] = mapped_column(sa.Text)
    weighed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    weighed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))

    dsr: Mapped[DataSubjectRequest] = relationship()
    answer_document: Mapped[DsrDocument | None] = relationship()

    @property
    def kind_enum(self) -> HearingKind:
        return HearingKind(self.kind)

    @property
    def exception_enum(self) -> HearingException | None:
        return HearingException(self.exception) if self.exception else None

    @property
    def is_invited(self) -> bool:
        return self.sent_on is not None

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None
