"""Each figure against the seeded data set of tests/reports/seed.py, whose answers are known."""

from __future__ import annotations

from datetime import date

import pytest

from avg_service.reports import figures
from avg_service.reports.rules import Period
from tests.factories import organisation_id
from tests.reports.seed import seed

YEAR = Period.year(2026)


@pytest.fixture
def computed(db_session):
    seed()
    return figures.compute(YEAR, today=date(2026, 12, 31))


def test_requests_by_right_count_each_right_received_in_the_period(computed) -> None:
    table = computed.table("by_right")
    # R1, R2, R4, R5 ask for inzage; R2 also verwijdering; R3 rectificatie. R6 (2025) and
    # R7 (2027) fall outside.
    assert table.value("Inzage (art. 15)", "Aantal") == 4
    assert table.value("Verwijdering (art. 17)", "Aantal") == 1
    assert table.value("Rectificatie (art. 16)", "Aantal") == 1
    assert table.value("Beperking (art. 18)", "Aantal") == 0


def test_requests_by_channel(computed) -> None:
    table = computed.table("by_channel")
    assert [(row[0], row[1]) for row in table.rows if row[1]] == [
        ("Webformulier", 2), ("Brief", 1), ("E-mail", 1), ("Telefoon", 1)]


def test_outcomes_per_right_come_from_the_decisions_made_known_in_the_period(computed) -> None:
    table = computed.table("outcomes")
    assert table.value("Inzage (art. 15)", "Toewijzen") == 1
    assert table.value("Inzage (art. 15)", "Gedeeltelijk toewijzen") == 1
    assert table.value("Verwijdering (art. 17)", "Afwijzen") == 1
    assert table.value("Beperking (art. 18)", "Totaal") == 1  # R6: received in 2025
    assert table.value("Hele verzoek kennelijk ongegrond of buitensporig (art. 12 lid 5)",
                       "Afwijzen") == 1


def test_timeliness_with_the_days_late(computed) -> None:
    table = computed.table("timeliness")
    assert table.value("Binnen de termijn", "Aantal") == 3  # R1, R6, R4
    assert table.value("Binnen de verlengde termijn", "Aantal") == 1  # R2
    assert table.value("Te laat", "Aantal") == 1  # R3
    assert table.value("Nog open, termijn verstreken", "Aantal") == 1  # R5
    days = computed.table("days_late")
    assert days.value("Totaal", "Dagen") == 30
    assert days.value("Langst", "Dagen") == 30


def test_extensions_and_suspensions_with_their_length(computed) -> None:
    table = computed.table("extensions")
    assert table.value("Verlengd (art. 12 lid 3 AVG)", "Aantal") == 1
    assert table.value("Verlenging gemiddeld (dagen)", "Aantal") == 61
    assert table.value("Opgeschort (Awb 4:15)", "Aantal") == 1
    assert table.value("Opschorting langst (dagen)", "Aantal") == 6


def test_grounds_used(computed) -> None:
    table = computed.table("grounds")
    labels = {row[0]: row[1] for row in table.rows}
    assert len(labels) == 2
    assert any(k.startswith("UAVG art. 41 lid 1 onder d") and v == 1 for k, v in labels.items())
    assert any(k.startswith("AVG art. 17 lid 3 onder b") and v == 1 for k, v in labels.items())


def test_tasks_answered_on_time_per_participant(computed) -> None:
    table = computed.table("tasks")
    assert table.value("Politie", "Taken") == 2
    assert table.value("Politie", "Op tijd beantwoord") == 1
    assert table.value("Politie", "Te laat beantwoord") == 1
    assert table.value("GGD", "Geweigerd") == 1
    assert table.value("GGD", "Nog open") == 1


def test_bezwaren_and_dwangsommen(computed) -> None:
    objections = computed.table("objections")
    assert objections.value("Bezwaren ontvangen", "Aantal") == 1
    assert objections.value("Met adviescommissie (Awb 7:13)", "Aantal") == 1
    penalties = computed.table("penalties")
    assert penalties.value("Ingebrekestellingen ontvangen", "Aantal") == 1
    assert penalties.value("Dagen dwangsom", "Aantal") == 14  # 17 to 30 May
    assert penalties.value("Bedrag verschuldigd (euro)", "Aantal") == 14 * 23


def test_breaches_and_their_handling(computed) -> None:
    table = computed.table("breaches")
    assert table.value("Datalekken", "Aantal") == 2  # B3 (2025) is outside
    assert table.value("Risico: hoog risico", "Aantal") == 1
    assert table.value("Gemeld bij de AP", "Aantal") == 1
    assert table.value("Gemeld na 72 uur (art. 33 lid 1 AVG)", "Aantal") == 1
    assert table.value("Betrokkenen geïnformeerd (art. 34 AVG)", "Aantal") == 1


def test_one_participant_sees_the_requests_it_had_a_task_on(db_session) -> None:
    seed()
    politie = figures.compute(YEAR, organisation_id=organisation_id("politie"),
                              today=date(2026, 12, 31))
    assert politie.organisation_name == "Politie"
    assert politie.table("by_right").value("Inzage (art. 15)", "Aantal") == 2  # R1, R2
    assert politie.table("by_right").value("Rectificatie (art. 16)", "Aantal") == 0
    assert [row[0] for row in politie.table("tasks").rows] == ["Politie"]
    assert politie.table("penalties").value("Ingebrekestellingen ontvangen", "Aantal") == 0
    # B1 from politie; B2 from the GGD with a task for politie.
    assert politie.table("breaches").value("Datalekken", "Aantal") == 2
    ggd = figures.compute(YEAR, organisation_id=organisation_id("ggd"), today=date(2026, 12, 31))
    assert ggd.table("breaches").value("Datalekken", "Aantal") == 1


def test_a_shorter_period_counts_less(db_session) -> None:
    seed()
    spring = figures.compute(Period(date(2026, 3, 1), date(2026, 4, 30)))
    assert spring.table("by_right").value("Inzage (art. 15)", "Aantal") == 1  # R2 only
    assert spring.table("timeliness").value("Binnen de verlengde termijn", "Aantal") == 1
    assert spring.table("timeliness").value("Binnen de termijn", "Aantal") == 0


@pytest.mark.parametrize(("due_on", "offset_hours"), [(date(2026, 7, 14), 2),
                                                        (date(2026, 1, 28), 1)])
def test_a_task_is_on_time_until_midnight_in_amsterdam_on_its_due_date(
        db_session, due_on: date, offset_hours: int) -> None:
    """Counted in the database per row (``db.local_date``), in summer and winter time: 23:59
    on the due date in Amsterdam is on time, 00:01 the next day is late (SQLite and, with
    TEST_DATABASE_URL, PostgreSQL)."""
    from datetime import UTC, datetime, timedelta

    from avg_service.coordination.models import CoordinationTask
    from avg_service.db import unit_of_work
    from avg_service.extensions import db
    from tests.reports.seed import make_dsr

    local_midnight = datetime(due_on.year, due_on.month, due_on.day, tzinfo=UTC) \
        + timedelta(days=1, hours=-offset_hours)
    organisations = {code: organisation_id(code) for code in ("politie", "ggd")}
    with unit_of_work():
        dsr = make_dsr(due_on - timedelta(days=20))
        for minutes, code in ((-1, "politie"), (1, "ggd")):
            db.session.add(CoordinationTask(
                dsr_id=dsr.id, organisation_id=organisations[code], status="submitted",
                shared=",name,", questions="Welke gegevens?", sent_on=due_on - timedelta(days=14),
                internal_due_on=due_on,
                submitted_at=local_midnight + timedelta(minutes=minutes)))
    table = figures.compute(YEAR, today=date(2026, 12, 31)).table("tasks")
    assert (table.value("Politie", "Op tijd beantwoord"),
            table.value("Politie", "Te laat beantwoord")) == (1, 0)
    assert (table.value("GGD", "Op tijd beantwoord"), table.value("GGD", "Te laat beantwoord")) \
        == (0, 1)
