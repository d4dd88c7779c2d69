"""Demo breaches for ``flask avg init --demo``: one on the clock (reported by the police 30 hours
ago, high risk, not yet notified, the GGD has answered), one notified and closed with its letter
to the person, and one without risk in the register only. Idempotent (by title)."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.breaches import coordination, notices, notification, services
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.models import Breach, BreachSettings
from avg_service.breaches.rules import RiskLevel
from avg_service.demo import seeder
from avg_service.extensions import db
from avg_service.organisations.models import Organisation
from avg_service.requests.models import DataSubjectRequest

ON_THE_CLOCK = "Verslag casusoverleg per e-mail naar een verkeerde ontvanger"
CLOSED = "Brief met gegevens van een cliënt naar een verkeerd adres"
NO_RISK = "Versleutelde USB-stick verloren"


def _actor(email: str) -> Actor | None:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    return Actor(user.id, Role(user.role), user.organisation_id, "cli") if user else None


def _org(code: str) -> int:
    found = db.session.scalar(sa.select(Organisation.id).where(Organisation.code == code))
    assert found is not None
    return found


@seeder
def seed_demo_breaches() -> list[str]:
    politie, fg = _actor("politie@demo.avg.local"), _actor("fg@demo.avg.local")
    staff = _actor("contactpunt@demo.avg.local")
    if politie is None or fg is None or staff is None:
        return []
    existing = set(db.session.scalars(sa.select(Breach.title)))
    if {ON_THE_CLOCK, CLOSED, NO_RISK} <= existing:
        return ["Demo breaches: already there (/datalekken)."]
    now = clock.now_utc()
    if db.session.get(BreachSettings, 1) is None:
        db.session.add(BreachSettings(
            id=1, notifier_rule="source", contact_point_organisation_id=_org("college"),
            fg_name="Demo FG", fg_email="fg@demo.avg.local", fg_phone="14 020", updated_at=now))
        db.session.flush()
    made = 0
    if ON_THE_CLOCK not in existing:
        _on_the_clock(politie, fg, staff, now)
        made += 1
    if CLOSED not in existing:
        _closed(staff, fg, now)
        made += 1
    if NO_RISK not in existing:
        _no_risk(staff, fg, now)
        made += 1
    return [f"Demo breaches: {made} made (/datalekken; the FG's register: /fg/datalekregister)."]


def _on_the_clock(politie: Actor, fg: Actor, staff: Actor, now: datetime) -> None:
    aware = now - timedelta(hours=30)
    dsr = db.session.scalar(sa.select(DataSubjectRequest.reference).where(
        DataSubjectRequest.submission_token == "demo-request-2"))
    breach = services.report_breach(services.Report(
        title=ON_THE_CLOCK, aware_at=aware, occurred_at=aware - timedelta(hours=2),
        description="Een medewerker heeft het verslag van een casusoverleg gemaild naar een "
                    "extern adres dat lijkt op dat van de GGD. De ontvanger belde ons erover.",
        breach_types=["confidentiality"], data_kinds=["case", "health", "identity"],
        persons_count=3, measures="De ontvanger is gevraagd de e-mail te verwijderen.",
        request_references=[dsr] if dsr else [],
        organisation_ids=[_org("ggd"), _org("college")]),
        actor=politie, now=aware + timedelta(minutes=40))
    ggd = next(t for t in breach.tasks if t.organisation.code == "ggd")
    coordination.answer_on_behalf(ggd, coordination.TaskAnswer(
        affected=True, answer_persons=1, answer_data="Een GGD-advies in het verslag.",
        answer_measures="Geen aanvullende maatregelen."), source="phone",
        received_on=(aware + timedelta(hours=3)).date(), answered_by="Privacy officer GGD",
        actor=staff, now=aware + timedelta(hours=3))
    services.assess(breach, services.Assessment(
        risk=RiskLevel.HIGH, example="B-ix", factors=["sensitive", "vulnerable"],
        reasons="Casusinformatie en gezondheidsgegevens van kwetsbare personen bij een "
                "onbekende ontvanger; niet versleuteld.",
        consequences="Onbevoegde kennisname van de situatie van drie betrokkenen."),
        actor=fg, now=aware + timedelta(hours=5))
    notices.sweep(now=now, breach_ids=[breach.id])  # the 24-hour reminder has gone out


def _closed(staff: Actor, fg: Actor, now: datetime) -> None:
    aware = now - timedelta(days=20)
    breach = services.report_breach(services.Report(
        title=CLOSED, aware_at=aware, breach_types=["confidentiality"],
        description="Een brief over een cliënt is naar een oud adres gestuurd.",
        data_kinds=["youth", "identity"], persons_count=1,
        measures="De nieuwe bewoner heeft de brief teruggestuurd."),
        actor=staff, now=aware + timedelta(hours=1))
    services.assess(breach, services.Assessment(
        risk=RiskLevel.HIGH, reasons="Jeugdzorggegevens van een minderjarige.",
        factors=["sensitive", "vulnerable"]), actor=fg, now=aware + timedelta(hours=4))
    notification.record_notification(breach, notification.Notification(
        notified_at=aware + timedelta(hours=26), meldnummer="M-DEMO-0001", is_complete=True,
        nature=breach.description, dpo_contact="Demo FG (fg@demo.avg.local)",
        consequences="Kennisname door de nieuwe bewoner.", measures=breach.measures),
        actor=staff, now=aware + timedelta(hours=26))
    notification.decide_communication(breach, notification.PeopleDecision(
        CommunicationDecision.INFORM,
        people_nature="Wij hebben per ongeluk een brief over u naar uw oude adres gestuurd.",
        people_consequences="De nieuwe bewoner heeft de brief kunnen lezen.",
        people_measures="De brief is teruggestuurd. Wij hebben uw adres verbeterd.",
        people_advice="U hoeft niets te doen. Heeft u vragen, bel ons dan."),
        actor=staff, now=aware + timedelta(hours=27))
    notification.make_communication(breach, notification.Recipient(
        "letter", name="Demo Betrokkene", address="Nieuwstraat 2\n1234 AB Voorbeeldstad"),
        actor=staff, now=aware + timedelta(hours=27))
    services.close_breach(breach, note="Gemeld, betrokkene geïnformeerd, adres verbeterd.",
                          actor=staff, now=aware + timedelta(days=2))


def _no_risk(staff: Actor, fg: Actor, now: datetime) -> None:
    aware = now - timedelta(days=40)
    breach = services.report_breach(services.Report(
        title=NO_RISK, aware_at=aware, breach_types=["confidentiality"],
        description="Een versleutelde USB-stick met een reservekopie is verloren.",
        data_kinds=["identity"], persons_count=20, measures="De sleutel is niet gelekt."),
        actor=staff, now=aware + timedelta(hours=1))
    services.assess(breach, services.Assessment(
        risk=RiskLevel.NONE, example="B-i", factors=["encrypted"],
        reasons="Versleuteld met actuele techniek; de sleutel is veilig; er is een andere "
                "reservekopie."), actor=fg, now=aware + timedelta(hours=3))
    services.close_breach(breach, note="Geen risico; alleen geregistreerd.", actor=staff,
                          now=aware + timedelta(hours=4))
