"""The bezwaar rules (Awb 6:5–6:11, 7:3–7:4, 7:10, 7:11, 4:18): table-driven, in milliseconds."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avg_service.bezwaar import rules
from avg_service.bezwaar.rules import BezwaarOutcome as O
from avg_service.deadlines import is_working_day, objection_period_end


# ------------------------------------------------------------------------------ 6:7–6:9
def test_c31_a_bezwaar_received_in_the_term_is_on_time() -> None:
    found = rules.timeliness(date(2026, 3, 16), date(2026, 4, 2))
    assert found.period_end == date(2026, 4, 28)  # raw end Koningsdag 27 Apr → Tue 28 Apr
    assert found.on_time
    assert "Koningsdag" in found.explanations[0]
    assert "Awb 6:9 lid 1" in found.explanations[1]


def test_c30_posted_on_the_last_day_and_received_within_a_week_is_on_time() -> None:
    found = rules.timeliness(date(2025, 11, 13), date(2026, 1, 5), posted_on=date(2025, 12, 29))
    assert (found.period_end, found.posted_received_by, found.on_time) == (
        date(2025, 12, 29), date(2026, 1, 5), True)
    assert "6:9 lid 2" in found.explanations[1]


def test_c30_received_a_day_too_late_says_6_11_is_for_the_jurist() -> None:
    found = rules.timeliness(date(2025, 11, 13), date(2026, 1, 6), posted_on=date(2025, 12, 29))
    assert not found.on_time
    assert "verschoonbaar" in found.explanations[1] and "6:11" in found.explanations[1]


def test_a_bezwaar_cannot_be_posted_after_it_arrived_or_arrive_before_the_besluit() -> None:
    with pytest.raises(rules.RulesRefused):
        rules.timeliness(date(2026, 3, 16), date(2026, 4, 2), posted_on=date(2026, 4, 3))
    with pytest.raises(rules.RulesRefused):
        rules.timeliness(date(2026, 3, 16), date(2026, 3, 15))


# ------------------------------------------------------------------------------ 7:10
@pytest.mark.parametrize(("committee", "deferral", "expected"), [
    (False, 0, date(2026, 6, 9)),
    (True, 0, date(2026, 7, 21)),
    (False, 6, date(2026, 7, 21)),
    (True, 6, date(2026, 9, 1)),
])
def test_c31_the_7_10_term_with_committee_and_deferral(committee: bool, deferral: int,
                                                       expected: date) -> None:
    term = rules.decision_term(date(2026, 4, 28), committee=committee, deferral_weeks=deferral)
    assert term.due_on == expected
    assert term.weeks == (12 if committee else 6)


def test_a_deferral_of_fewer_weeks_is_allowed_and_more_than_six_is_refused() -> None:
    assert rules.decision_term(date(2026, 4, 28), deferral_weeks=2).due_on == date(2026, 6, 23)
    with pytest.raises(rules.RulesRefused, match="zes weken"):
        rules.decision_term(date(2026, 4, 28), deferral_weeks=7)


def test_7_10_2_herstel_verzuim_suspends_the_term_and_the_end_is_rolled_once() -> None:
    # Repair asked Mon 4 May 2026, repaired Mon 11 May: 5..10 May = 6 days suspended.
    days = rules.repair_suspension(date(2026, 5, 4), repaired_on=date(2026, 5, 11),
                                   term_until=date(2026, 5, 18))
    assert days == 6
    term = rules.decision_term(date(2026, 4, 28), suspension_days=days)
    # Unrolled Tue 9 Jun + 6 = Mon 15 Jun 2026 (a working day).
    assert term.due_on == date(2026, 6, 15)
    text = " ".join(term.explanations())
    assert "6 dagen opschorting (Awb 7:10 lid 2)" in text and "4:15" not in text


def test_an_open_repair_suspends_until_the_end_of_its_term() -> None:
    assert rules.repair_suspension(date(2026, 5, 4), repaired_on=None,
                                   term_until=date(2026, 5, 18)) == 13


def test_the_7_10_end_is_rolled_past_christmas() -> None:
    # Bezwaartermijn ends Fri 13 Nov 2026; +6 weeks = Fri 25 Dec (Kerstdag) → Mon 28 Dec.
    term = rules.decision_term(date(2026, 11, 13))
    assert term.due_on == date(2026, 12, 28)
    assert "Eerste Kerstdag" in term.statutory.explain_nl()


def test_7_10_4_further_deferral_needs_a_later_date() -> None:
    term = rules.decision_term(date(2026, 4, 28), deferral_weeks=6,
                               further_until=date(2026, 8, 14))
    assert term.due_on == date(2026, 8, 14)
    assert "7:10 lid 4" in term.explanations()[-1]
    with pytest.raises(rules.RulesRefused, match="lid 4"):
        rules.decision_term(date(2026, 4, 28), deferral_weeks=6, further_until=date(2026, 7, 21))


@settings(max_examples=100, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.dates(date(2025, 1, 1), date(2028, 10, 1)), st.booleans(),
       st.integers(0, 6), st.integers(0, 30))
def test_the_7_10_term_always_ends_on_a_working_day_after_the_period(
        notified: date, committee: bool, deferral: int, suspended: int) -> None:
    end = objection_period_end(notified)
    term = rules.decision_term(end, committee=committee, deferral_weeks=deferral,
                               suspension_days=suspended)
    assert is_working_day(term.due_on)
    assert term.due_on >= end + timedelta(weeks=6 + deferral, days=suspended)


# ------------------------------------------------------------------------------ 6:5, 6:6
def test_defects_round_trip_and_label_every_element_of_6_5() -> None:
    value = rules.defects_value([rules.Defect.SIGNATURE, rules.Defect.GROUNDS])
    assert value == ",gronden,handtekening,"
    assert rules.parse_defects(value) == [rules.Defect.GROUNDS, rules.Defect.SIGNATURE]
    assert rules.parse_defects(",") == []
    assert set(rules.DEFECT_LABELS) == set(rules.Defect)


def test_the_repair_term_is_rolled_by_the_atw() -> None:
    # Sent Fri 11 Dec 2026 + 14 days = Fri 25 Dec → Mon 28 Dec.
    assert rules.repair_term_end(date(2026, 12, 11)) == date(2026, 12, 28)
    with pytest.raises(rules.RulesRefused):
        rules.repair_term_end(date(2026, 12, 11), 0)


# ------------------------------------------------------------------------------ 7:4
def test_7_4_the_documents_lie_open_a_week_and_the_invitation_comes_ten_days_ahead() -> None:
    rules.hearing_checks(invited_on=date(2026, 5, 1), hearing_on=date(2026, 5, 15),
                         documents_from=date(2026, 5, 4))
    with pytest.raises(rules.RulesRefused, match="een week"):
        rules.hearing_checks(invited_on=date(2026, 5, 1), hearing_on=date(2026, 5, 15),
                             documents_from=date(2026, 5, 9))
    with pytest.raises(rules.RulesRefused, match="tien dagen"):
        rules.hearing_checks(invited_on=date(2026, 5, 8), hearing_on=date(2026, 5, 15),
                             documents_from=date(2026, 5, 8))
    with pytest.raises(rules.RulesRefused, match="7:4 lid 3"):
        rules.hearing_checks(invited_on=date(2026, 5, 4), hearing_on=date(2026, 5, 20),
                             documents_from=date(2026, 5, 1))
    assert rules.further_documents_until(date(2026, 5, 15)) == date(2026, 5, 5)


# ------------------------------------------------------------------------------ 7:11
@pytest.mark.parametrize(("outcomes", "expected"), [
    ([O.WELL_FOUNDED], "gegrond"),
    ([O.WELL_FOUNDED, O.UNFOUNDED], "gedeeltelijk gegrond"),
    ([O.WELL_FOUNDED, O.INADMISSIBLE], "gedeeltelijk gegrond"),
    ([O.UNFOUNDED], "ongegrond"),
    ([O.UNFOUNDED, O.INADMISSIBLE], "ongegrond"),
    ([O.INADMISSIBLE], "niet-ontvankelijk"),
])
def test_the_dictum_names_the_overall_outcome(outcomes: list[O], expected: str) -> None:
    assert rules.overall_outcome(outcomes) == expected


def test_an_empty_ruling_is_refused() -> None:
    with pytest.raises(rules.RulesRefused):
        rules.overall_outcome([])


# ------------------------------------------------------------------------------ beroep, 4:18
def test_the_beroep_term_is_six_weeks_from_the_day_after_sending() -> None:
    assert rules.appeal_period_end(date(2026, 3, 16)) == date(2026, 4, 28)


def test_c28_4_18_vaststelling_within_two_weeks_after_the_last_penalty_day() -> None:
    # C28: last penalty day Tue 1 Apr 2025 → vaststelling by Tue 15 Apr 2025.
    assert rules.vaststelling_due(date(2025, 4, 1)) == date(2025, 4, 15)
    # Last day Fri 11 Dec 2026 → +14 = Fri 25 Dec → Mon 28 Dec (Atw art. 1).
    assert rules.vaststelling_due(date(2026, 12, 11)) == date(2026, 12, 28)
