"""A notification for one user: what waits, about which object, a link; read or not."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from avg_service.db import Base, UTCDateTime


class Notification(Base):
    """One thing that waits for one user. ``dedupe_key`` makes each event notify a user once,
    however often the code that raises it runs (a job run twice, a page saved twice)."""

    __tablename__ = "notification"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "dedupe_key", name="uq_notification_once"),
        sa.Index("ix_notification_open", "user_id", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(sa.String(40))
    dedupe_key: Mapped[str] = mapped_column(sa.String(120))
    #: Dutch, without personal data: a reference, an organisation, a reason written by staff
    text: Mapped[str] = mapped_column(sa.Text)
    #: the path of the page where the work is (relative, built from the routes)
    path: Mapped[str] = mapped_column(sa.String(300))
    dsr_id: Mapped[int | None] = mapped_column(sa.ForeignKey("dsr.id"))
    mail_id: Mapped[int | None] = mapped_column(sa.ForeignKey("mail_outbox.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the user marked it done, or the work it points at was done
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
