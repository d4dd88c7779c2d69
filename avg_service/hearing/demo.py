"""Demo hearing for ``flask avg init --demo``: on the demo request for access and erasure in
progress, a neighbour named in the police's report is asked for a zienswijze (Awb 4:8).
Idempotent."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.hearing import rules, services
from avg_service.hearing.models import Hearing
from avg_service.requests.models import DataSubjectRequest


@seeder
def seed_demo_hearing() -> list[str]:
    dsr = db.session.scalar(sa.select(DataSubjectRequest).where(
        DataSubjectRequest.submission_token == "demo-request-2"))
    jurist = db.session.scalar(sa.select(User).where(User.email == "jurist@demo.avg.local"))
    if dsr is None or jurist is None or not dsr.is_open:
        return []
    if db.session.scalar(sa.select(sa.func.count()).select_from(Hearing)
                         .where(Hearing.dsr_id == dsr.id)):
        return []
    now = clock.now_utc()
    sent_on = max(dsr.received_on, law.receipt_date(now) - timedelta(days=2))
    services.invite_third_party(
        dsr, name="P. Jansen", street_address="Kerkstraat 8", postcode="1234 AC",
        city="Voorbeeldstad",
        regarding="Uw naam en uw verklaring van 14 mei 2024 over een ruzie in de Kerkstraat, "
                  "zoals de politie die heeft vastgelegd.",
        sent_on=sent_on, term_until=rules.default_term_until(sent_on),
        actor=Actor(jurist.id, Role.JURIST, jurist.organisation_id, "cli"), now=now)
    return [f"Demo hearing: a third party asked for a zienswijze on {dsr.reference} "
            f"(/verzoeken/{dsr.id}/horen)."]
