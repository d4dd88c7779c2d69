"""Demo requests for ``flask avg init --demo``: a small work queue in every signal and state.

Idempotent: each demo request has a fixed submission token and is made once.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from avg_service import clock
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.accounts.models import User
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.portal import services as portal
from avg_service.requests import representatives, services
from avg_service.requests.lifecycle import Channel, Representation, Right
from avg_service.requests.models import DataSubjectRequest

#: (token, given names, family name, born, rights, channel, received days ago, then)
DEMO_REQUESTS: tuple[tuple[str, str, str, date, list[Right], Channel, int, str], ...] = (
    ("demo-request-1", "Sanne", "de Vries", date(1987, 3, 14), [Right.ACCESS], Channel.WEB, 2,
     "received"),
    ("demo-request-2", "Mohamed", "El Idrissi", date(1979, 11, 2), [Right.ACCESS, Right.ERASURE],
     Channel.LETTER, 26, "in_progress"),
    ("demo-request-3", "Kim", "Jansen", date(2001, 6, 30), [Right.RECTIFICATION], Channel.EMAIL,
     10, "awaiting_information"),
    ("demo-request-4", "Petra", "Bakker", date(1965, 1, 21), [Right.OBJECTION], Channel.DESK, 40,
     "in_progress"),
    ("demo-request-5", "Joris", "Visser", date(1992, 8, 8), [Right.ACCESS, Right.PORTABILITY],
     Channel.PHONE, 15, "extended"),
)

#: Made for someone else (UAVG 5, Awb 2:1): (token, given names, family name, representation,
#: the person's name, years and days old on receipt, received days ago). The last one is about
#: a person who has died (recital 27).
DEMO_REPRESENTED: tuple[tuple[str, str, str, Representation, str, tuple[int, int], int], ...] = (
    ("demo-request-6", "Fatima", "Yilmaz", Representation.PARENT_OR_GUARDIAN, "Emre Yilmaz",
     (14, 40), 3),
    ("demo-request-7", "Ruud", "Kok", Representation.AUTHORISED, "Ineke Kok", (81, 10), 5),
    ("demo-request-8", "Marieke", "Dijkstra", Representation.AUTHORISED, "Gerrit Dijkstra",
     (77, 200), 4),
)


@seeder
def seed_demo_requests() -> list[str]:
    now = clock.now_utc()
    today = law.receipt_date(now)
    actor = Actor.system("cli")
    existing = set(db.session.scalars(sa.select(DataSubjectRequest.submission_token)
                                      .where(DataSubjectRequest.submission_token.like("demo-%"))))
    assignee = db.session.scalar(sa.select(User.id).where(User.email == "contactpunt@demo.avg.local"))
    made = 0
    lines = []
    for token, given, family, born, rights, channel, days_ago, then in DEMO_REQUESTS:
        if token in existing:
            continue
        received_at = now - timedelta(days=days_ago)
        dsr = services.register(
            services.Intake(given_names=given, family_name=family, date_of_birth=born,
                            street_address="Voorbeeldstraat 1", postcode="1234 AB",
                            city="Voorbeeldstad", rights=rights,
                            rectification_wrong="Mijn adres is niet juist."
                            if Right.RECTIFICATION in rights else None,
                            description="Demoverzoek.",
                            email=f"{given.lower()}@demo.avg.local"
                            if then == "awaiting_information" else None),
            channel=channel, received_at=received_at, actor=actor, now=now,
            submission_token=token)
        if assignee and then != "received":
            services.assign(dsr, assignee_id=assignee, actor=actor, now=now)
        if then in ("in_progress", "extended"):
            services.start_handling(dsr, actor=actor, now=now)
        if then == "extended":
            services.extend(dsr, reason="Zeven deelnemers moeten hun gegevens doorzoeken.",
                            actor=actor, now=now)
        if then == "awaiting_information":
            services.invite(dsr, purpose="identity", what="Een kopie van uw identiteitsbewijs: "
                            "de handtekening wijkt af van eerdere brieven.",
                            sent_on=today - timedelta(days=3),
                            term_until=law.atw_term_end(today, 11), actor=actor, now=now)
            # The requester's view: shown once, here; only its hash is stored.
            link = portal.issue_link(dsr, via="demo", now=now)
            lines.append(f"Demo status page of {dsr.reference} (asked for information): "
                         f"{portal.status_url(dsr, link)}")
        made += 1
    for token, given, family, kind, person, (years, days), days_ago in DEMO_REPRESENTED:
        if token in existing:
            continue
        received_at = now - timedelta(days=days_ago)
        received_on = law.receipt_date(received_at)
        born = date(received_on.year - years, received_on.month, 1) - timedelta(days=days)
        dsr = services.register(
            services.Intake(given_names=given, family_name=family, date_of_birth=date(1975, 4, 2),
                            street_address="Voorbeeldstraat 7", postcode="1234 AB",
                            city="Voorbeeldstad", rights=[Right.ACCESS], representation=kind,
                            represented_name=person, represented_date_of_birth=born,
                            description="Demoverzoek namens een ander."),
            channel=Channel.DESK, received_at=received_at, actor=actor, now=now,
            submission_token=token)
        if token == "demo-request-8":
            representatives.record_deceased(dsr, established_by="brp", actor=actor, now=now,
                                            died_on=received_on - timedelta(days=60))
        made += 1
    total = len(DEMO_REQUESTS) + len(DEMO_REPRESENTED)
    return [f"Demo requests: {made} made, {total - made} already there "
            "(work queue: /verzoeken).", *lines]
