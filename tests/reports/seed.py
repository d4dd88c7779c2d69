"""A small data set for 2026 whose figures are known (written straight into the tables, since
the figures only read them). The expected answers are in ``EXPECTED`` and the test docstrings.

Requests (received, right, channel → what happened):
- R1 2026-02-02 inzage, web: granted on 2026-02-25, within the term (due 2026-03-02);
  politie's task answered on time.
- R2 2026-03-02 inzage + verwijdering, letter: extended on 2026-03-20 (61 days), decided
  2026-04-12: within the extended term (due 2026-04-02, extended 2026-06-02). Inzage partly
  (UAVG 41(1)(d)), verwijdering refused (17(3)(b)). Politie late, GGD still open. A bezwaar on
  time, with the committee.
- R3 2026-04-01 rectificatie, e-mail: decided 2026-05-31, 30 days late (due 2026-05-01); an
  ingebrekestelling received 2026-05-03: dwangsom from 2026-05-17, 14 days until the decision,
  € 322. GGD declined its task.
- R4 2026-05-04 inzage, phone: refused under AVG 12(5) on 2026-05-20 (within the term).
- R5 2026-06-01 inzage, web: suspended 6 days (invitation 2026-06-03, answered 2026-06-10),
  still open on 2026-12-31: overdue.
- R6 2025-12-15 beperking, desk: granted on 2026-01-10 (within the term); received before 2026.
- R7 2027-01-05 inzage, web: outside the period.
Breaches: B1 aware 2026-03-27 10:00 (source politie), high risk, notified after 80 hours, the
people informed; B2 aware 2026-07-01, no risk. B3 aware 2025-12-31: outside.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from avg_service.access.roles import Role
from avg_service.bezwaar.models import Bezwaar, BezwaarDecision, BezwaarDecisionPart
from avg_service.breaches.models import Breach, BreachNotification, BreachTask
from avg_service.coordination.models import CoordinationTask
from avg_service.db import unit_of_work
from avg_service.decisions.models import Decision, DecisionPart, DefaultNotice, Objection
from avg_service.extensions import db
from avg_service.requests.models import DataSubjectRequest, DsrDocument, Invitation
from tests.factories import make_user, organisation_id

_numbers = itertools.count(900_001)


@dataclass
class Seeded:
    requests: dict[str, int]
    breaches: dict[str, int]
    jurist_ids: tuple[int, int]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour - 1, tzinfo=UTC)  # 10:00 in winter time


def make_dsr(received_on: date, *, rights: str = ",15,", channel: str = "web",
             status: str = "in_progress", closed_on: date | None = None,
             extended_on: date | None = None, family_name: str = "Jansen") -> DataSubjectRequest:
    number = next(_numbers)
    dsr = DataSubjectRequest(
        reference=f"AVG-{received_on.year}-{number:06d}", status=status,
        is_open=closed_on is None, channel=channel, received_at=_at(received_on),
        received_on=received_on, given_names="Piet", family_name=family_name,
        search_name=family_name.lower(), date_of_birth=date(1970, 1, 1),
        street_address="Kerkstraat 1", postcode="1234 AB", city="Voorbeeldstad",
        email="piet@example.test", phone="0612345678", rights=rights,
        description="Ik wil mijn gegevens zien.",
        closed_at=_at(closed_on) if closed_on else None,
        extended_at=_at(extended_on) if extended_on else None,
        extension_reason="Veel deelnemers." if extended_on else None,
        refusal_reason="Herhaald verzoek." if status == "refused_12_5" else None,
        extension_notice_by=received_on, due_on=received_on)
    db.session.add(dsr)
    dsr.refresh_deadlines()
    db.session.flush()
    return dsr


def decide(dsr: DataSubjectRequest, on: date, parts: list[tuple[str, str, str]],
           jurists: tuple[int, int]) -> Decision:
    decision = Decision(dsr_id=dsr.id, status="notified", drafted_by_id=jurists[0],
                        approved_by_id=jurists[1], approved_at=_at(on), besluitdatum=on,
                        verzenddatum=on, ingangsdatum=on, channel="post",
                        uiterlijke_reactiedatum=on + timedelta(weeks=6))
    decision.parts = [DecisionPart(right=r, outcome=o, grounds=g) for r, o, g in parts]
    db.session.add(decision)
    db.session.flush()
    return decision


def task(dsr: DataSubjectRequest, code: str, *, sent_on: date, status: str = "open",
         submitted_on: date | None = None) -> CoordinationTask:
    row = CoordinationTask(dsr_id=dsr.id, organisation_id=organisation_id(code), status=status,
                           shared=",name,", questions="Welke gegevens?", sent_on=sent_on,
                           internal_due_on=sent_on + timedelta(days=14),
                           decline_reason="Geen gegevens." if status == "declined" else None,
                           submitted_at=_at(submitted_on) if submitted_on else None)
    db.session.add(row)
    db.session.flush()
    return row


def seed() -> Seeded:
    a = make_user(Role.JURIST)
    b = make_user(Role.JURIST)
    jurists = (a.id, b.id)
    politie, ggd = organisation_id("politie"), organisation_id("ggd")
    with unit_of_work():
        r1 = make_dsr(date(2026, 2, 2), channel="web", status="closed",
                      closed_on=date(2026, 2, 25))
        decide(r1, date(2026, 2, 25), [("15", "toewijzen", ",")], jurists)
        task(r1, "politie", sent_on=date(2026, 2, 3), status="submitted",
             submitted_on=date(2026, 2, 10))

        r2 = make_dsr(date(2026, 3, 2), rights=",15,17,", channel="letter", status="closed",
                      closed_on=date(2026, 4, 12), extended_on=date(2026, 3, 20))
        d2 = decide(r2, date(2026, 4, 12), [("15", "gedeeltelijk_toewijzen", ",41d,"),
                                            ("17", "afwijzen", ",17-3-b,")], jurists)
        task(r2, "politie", sent_on=date(2026, 3, 3), status="submitted",
             submitted_on=date(2026, 3, 30))
        task(r2, "ggd", sent_on=date(2026, 3, 3))
        db.session.add(Objection(decision_id=d2.id, received_on=date(2026, 5, 1), on_time=True,
                                 committee=True, decision_due_on=date(2026, 7, 24),
                                 recorded_at=_at(date(2026, 5, 1))))

        r3 = make_dsr(date(2026, 4, 1), rights=",16,", channel="email", status="closed",
                      closed_on=date(2026, 5, 31))
        decide(r3, date(2026, 5, 31), [("16", "toewijzen", ",")], jurists)
        task(r3, "ggd", sent_on=date(2026, 4, 2), status="declined")
        db.session.add(DefaultNotice(dsr_id=r3.id, received_on=date(2026, 5, 3),
                                     first_penalty_day=date(2026, 5, 17),
                                     last_penalty_day=date(2026, 6, 27),
                                     recorded_at=_at(date(2026, 5, 3))))

        r4 = make_dsr(date(2026, 5, 4), channel="phone", status="refused_12_5",
                      closed_on=date(2026, 5, 20))

        r5 = make_dsr(date(2026, 6, 1), channel="web", status="in_progress")
        r5.invitations.append(Invitation(purpose="identity", what="Een kopie van uw paspoort.",
                                         sent_on=date(2026, 6, 3), term_until=date(2026, 6, 17),
                                         answered_on=date(2026, 6, 10),
                                         resume_status="in_progress"))
        r5.refresh_deadlines()
        r5.documents.append(DsrDocument(kind="attachment", filename="brief.pdf",
                                        content_type="application/pdf", size=3,
                                        sha256="0" * 64, storage_key=None))

        r6 = make_dsr(date(2025, 12, 15), rights=",18,", channel="desk", status="closed",
                      closed_on=date(2026, 1, 10))
        decide(r6, date(2026, 1, 10), [("18", "toewijzen", ",")], jurists)

        r7 = make_dsr(date(2027, 1, 5), channel="web")

        b1 = Breach(reference="DL-2026-900001", status="notified", title="Verkeerde ontvanger",
                    description="Mail naar verkeerd adres.",
                    aware_at=datetime(2026, 3, 27, 9, tzinfo=UTC),
                    reported_at=datetime(2026, 3, 27, 10, tzinfo=UTC),
                    source_organisation_id=politie, risk="high", risk_reasons="Gezondheid.",
                    communication_decision="inform", communication_reason="Hoog risico.")
        b2 = Breach(reference="DL-2026-900002", status="assessed", title="Laptop kwijt",
                    description="Versleutelde laptop kwijt.",
                    aware_at=datetime(2026, 7, 1, 9, tzinfo=UTC),
                    reported_at=datetime(2026, 7, 1, 10, tzinfo=UTC),
                    source_organisation_id=ggd, risk="none", risk_reasons="Versleuteld.")
        b3 = Breach(reference="DL-2025-900003", status="reported", title="Oud",
                    description="Buiten de periode.",
                    aware_at=datetime(2025, 12, 31, 9, tzinfo=UTC),
                    reported_at=datetime(2025, 12, 31, 10, tzinfo=UTC))
        db.session.add_all([b1, b2, b3])
        db.session.flush()
        db.session.add(BreachNotification(
            breach_id=b1.id, phase=1, notified_at=b1.aware_at + timedelta(hours=80),
            meldnummer="M-1", organisation_id=politie, is_complete=True,
            recorded_at=b1.aware_at + timedelta(hours=80)))
        db.session.add(BreachTask(breach_id=b2.id, organisation_id=politie, status="open",
                                  sent_at=b2.reported_at,
                                  due_at=b2.reported_at + timedelta(hours=24)))
        db.session.flush()
        ids = {name: row.id for name, row in
               (("R1", r1), ("R2", r2), ("R3", r3), ("R4", r4), ("R5", r5), ("R6", r6),
                ("R7", r7))}
        breaches = {"B1": b1.id, "B2": b2.id, "B3": b3.id}
    return Seeded(ids, breaches, jurists)


def bezwaar(dsr_id: int, *, kenmerk: str, status: str = "decided",
             closed_on: date | None = None, ruling: tuple[date, dict[str, str]] | None = None,
             jurists: tuple[int, int]) -> None:
    """A bezwaar against the request's besluit, written straight into the tables; ``ruling``:
    the beslissing op bezwaar made known on that day, with the outcome per right."""
    decision = db.session.scalars(sa.select(Decision).where(Decision.dsr_id == dsr_id)).one()
    closed = closed_on or (ruling[0] if ruling else None)
    row = Bezwaar(dsr_id=dsr_id, decision_id=decision.id, kenmerk=kenmerk, status=status,
                  is_open=closed is None, channel="letter",
                  received_on=decision.verzenddatum + timedelta(days=10),
                  period_end=decision.verzenddatum + timedelta(weeks=6), on_time=True,
                  decision_due_on=decision.verzenddatum + timedelta(weeks=12),
                  withdrawn_reason="Ingetrokken per brief." if status == "withdrawn" else None,
                  closed_at=datetime(closed.year, closed.month, closed.day, 10, tzinfo=UTC)
                  if closed else None)
    db.session.add(row)
    db.session.flush()
    if ruling is not None:
        sent_on, outcomes = ruling
        db.session.add(BezwaarDecision(
            bezwaar_id=row.id, status="notified", drafted_by_id=jurists[0],
            approved_by_id=jurists[1], approved_at=row.closed_at, sent_on=sent_on,
            parts=[BezwaarDecisionPart(right=right, outcome=outcome, reconsideration="Heroverwogen.",
                                       new_outcome="toewijzen" if outcome == "gegrond" else None)
                   for right, outcome in outcomes.items()]))
        db.session.flush()



def seed_bezwaren(seeded: Seeded) -> None:
    """Bezwaren whose outcomes in 2026 are known (tests/reports/test_figures.py):

    - R2 (inzage + verwijdering, tasks politie and GGD): decided 2026-06-20, inzage gegrond,
      verwijdering ongegrond;
    - R1 (inzage, task politie): one bezwaar niet-ontvankelijk on 2026-03-30, another decided
      on 2027-01-10 (outside 2026);
    - R3 (rectificatie, task GGD): withdrawn on 2026-07-01."""
    r, jurists = seeded.requests, seeded.jurist_ids
    with unit_of_work():
        bezwaar(r["R2"], kenmerk="BZ-1", ruling=(date(2026, 6, 20), {
            "15": "gegrond", "17": "ongegrond"}), jurists=jurists)
        bezwaar(r["R1"], kenmerk="BZ-2", ruling=(date(2026, 3, 30), {"15": "niet_ontvankelijk"}),
                jurists=jurists)
        bezwaar(r["R1"], kenmerk="BZ-3", ruling=(date(2027, 1, 10), {"15": "gegrond"}),
                jurists=jurists)
        bezwaar(r["R3"], kenmerk="BZ-4", status="withdrawn", closed_on=date(2026, 7, 1),
                jurists=jurists)
