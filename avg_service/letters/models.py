"""A letter: its kind, the template version, and once rendered its PDF and SHA-256.

A rendered letter never changes (the PDF is what was sent); a new version is a new letter. A
version replaced before it was sent (a besluit sent on a later day than its dagtekening) is
kept and marked void (``void_at``, ``void_reason``), never changed or deleted.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service import clock
from avg_service.clock import AMSTERDAM
from avg_service.db import Base, UTCDateTime


class Letter(Base):
    __tablename__ = "letter"
    __table_args__ = (
        sa.CheckConstraint("(rendered_at IS NULL) = (pdf IS NULL)", name="pdf_when_rendered"),
        sa.CheckConstraint("(pdf IS NULL) = (sha256 IS NULL)", name="hash_with_pdf"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dsr_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr.id"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    kenmerk: Mapped[str] = mapped_column(sa.String(40))
    dagtekening: Mapped[datetime] = mapped_column(UTCDateTime)
    template_version: Mapped[str | None] = mapped_column(sa.String(20))
    pdf: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    sha256: Mapped[str | None] = mapped_column(sa.String(64))
    page_count: Mapped[int | None]
    rendered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now_utc)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"))
    #: Who signs: for a besluit the official who decided under mandate (name, function);
    #: empty for the contact point's other letters (they carry the settings' signatory).
    signatory: Mapped[str | None] = mapped_column(sa.String(400))
    #: Replaced by a later version before it was sent: kept as it was, marked void.
    void_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str | None] = mapped_column(sa.String(300))

    @property
    def dated_on(self) -> date:
        """The dagtekening as an Amsterdam calendar date."""
        return self.dagtekening.astimezone(AMSTERDAM).date()
