"""Tests for avg_service.deadlines.explain: every date can say, in Dutch, why it is that date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given

from avg_service.deadlines import (
    atw_term_end_explained,
    format_date_nl,
    is_working_day,
    objection_period_end_explained,
    response_deadlines,
)
from tests.deadlines.strategies import PROPERTY, dates, suspensions


def test_c12_due_date_names_every_day_it_was_rolled_past() -> None:
    explained = response_deadlines(date(2025, 4, 29)).explanations["due_on"]
    assert explained.value == date(2025, 6, 2)
    assert explained.raw == date(2025, 5, 29)
    assert [(s.day, s.reason) for s in explained.rolled_past] == [
        (date(2025, 5, 29), "Hemelvaartsdag"),
        (date(2025, 5, 30), "gelijkgesteld bij KB"),
        (date(2025, 5, 31), "zaterdag"),
        (date(2025, 6, 1), "zondag"),
    ]
    assert explained.rule == "R2"
    assert "AVG art. 12(3)" in explained.source
    text = explained.explain_nl()
    assert text.startswith("Beslistermijn AVG: maandag 2 juni 2025 (R2;")
    assert "vrijdag 30 mei 2025 (gelijkgesteld bij KB)" in text
    assert "Voorlopig" not in text


def test_c08_a_saturday_koningsdag_gives_both_reasons() -> None:
    explained = response_deadlines(date(2025, 3, 26)).explanations["due_on"]
    assert explained.rolled_past[0].reasons == ("zaterdag", "Koningsdag")


def test_c25_explanation_shows_the_suspension_added_before_the_roll() -> None:
    explained = response_deadlines(date(2025, 6, 2), suspended_days=11).explanations["due_on"]
    assert (explained.raw, explained.suspension_days, explained.unrolled) == (
        date(2025, 7, 2),
        11,
        date(2025, 7, 13),
    )
    text = explained.explain_nl()
    assert "met 11 dagen opschorting (Awb 4:15 lid 1 onder a) wordt dat zondag 13 juli 2025" in text
    assert "naar maandag 14 juli 2025" in text


def test_c31_bezwaartermijn_explains_koningsdag() -> None:
    text = objection_period_end_explained(date(2026, 3, 16)).explain_nl()
    assert "maandag 27 april 2026 (Koningsdag)" in text


def test_c48_explanation_cites_atw_article_2() -> None:
    assert "(Atw art. 1 en 2)" in atw_term_end_explained(date(2026, 12, 24), 3).explain_nl()


def test_a_date_beyond_the_table_says_it_is_provisional() -> None:
    explained = response_deadlines(date(2029, 3, 1)).explanations["due_on"]
    assert explained.provisional
    assert "Voorlopig" in explained.explain_nl()


def test_dutch_date_format() -> None:
    assert format_date_nl(date(2026, 4, 27)) == "maandag 27 april 2026"


@PROPERTY
@given(dates, suspensions)
def test_explanations_agree_with_the_dates_and_account_for_every_skipped_day(
    received_on: date, suspended: int
) -> None:
    result = response_deadlines(received_on, suspended_days=suspended)
    assert set(result.explanations) == {
        "extension_notice_by",
        "refusal_notice_by",
        "due_on",
        "extended_due_on",
        "chained_extended_due_on",
        "strict_due_on",
    }
    for name, explained in result.explanations.items():
        assert explained.value == getattr(result, name), name
        skipped = [s.day for s in explained.rolled_past]
        assert skipped == [explained.unrolled + timedelta(days=i) for i in range(len(skipped))]
        assert explained.unrolled + timedelta(days=len(skipped)) == explained.value
        assert all(s.reasons for s in explained.rolled_past)
        if name != "strict_due_on":
            assert not any(is_working_day(d) for d in skipped)
        assert explained.explain_nl().startswith(explained.label)
