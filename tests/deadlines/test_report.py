"""Tests for avg_service.deadlines.report: the text the CLI prints."""

from __future__ import annotations

from datetime import date

from avg_service.deadlines import CALENDAR_VERSION, format_report


def test_report_lists_the_request_deadlines_with_explanations() -> None:
    text = format_report(date(2026, 1, 31))
    assert "Received on (R1)" in text and "2026-01-31" in text
    assert "Decision due (R2)" in text and "2026-03-02  (maandag 2 maart 2026)" in text
    assert "Extended decision due (R3)" in text and "2026-04-30" in text
    assert "Doorgeschoven voorbij zaterdag 28 februari 2026 (zaterdag)" in text
    assert CALENDAR_VERSION in text
    assert "Objection" not in text
    assert "PROVISIONAL" not in text


def test_report_with_suspension_and_decision_c25_c31() -> None:
    text = format_report(date(2025, 6, 2), suspended=11, notified_on=date(2026, 3, 16))
    assert "2025-07-14" in text  # C25 due
    assert "Objection period ends (R9)" in text and "2026-04-28" in text
    assert "2026-06-09" in text and "2026-07-21" in text and "2026-09-01" in text


def test_report_warns_when_dates_are_provisional() -> None:
    text = format_report(date(2028, 11, 30))
    assert "[VOORLOPIG]" in text
    assert text.splitlines()[-1].startswith("PROVISIONAL")
