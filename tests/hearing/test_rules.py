"""The pure hearing rules (Awb 4:7, 4:8, 4:11): which exception fits whom, what the verloop says
without naming a third party, and that the term is internal (a warning, never a suspension)."""

from __future__ import annotations

import ast
import sys
from datetime import date
from pathlib import Path

import pytest

from avg_service.hearing import rules
from avg_service.hearing.rules import HearingException, HearingKind, HearingState


def test_each_exception_applies_only_to_whom_the_awb_names() -> None:
    assert rules.exceptions_for(HearingKind.APPLICANT) == [
        HearingException.MINOR_DEVIATION, HearingException.URGENCY,
        HearingException.HEARD_BEFORE, HearingException.AIM_DEFEATED]
    assert HearingException.NO_STATUTORY_DATA in rules.exceptions_for(HearingKind.THIRD_PARTY)
    assert HearingException.MINOR_DEVIATION not in rules.exceptions_for(HearingKind.THIRD_PARTY)
    assert HearingException.NOT_REACHABLE not in rules.exceptions_for(HearingKind.APPLICANT)


@pytest.mark.parametrize(("code", "kind", "phrase"), [
    (HearingException.URGENCY, HearingKind.APPLICANT,
     "Wij hebben u niet vooraf gehoord, omdat de vereiste spoed dat niet toeliet (artikel 4:11 "
     "onder a Awb)."),
    (HearingException.URGENCY, HearingKind.THIRD_PARTY,
     "Wij hebben een andere belanghebbende niet vooraf gehoord"),
    (HearingException.HEARD_BEFORE, HearingKind.THIRD_PARTY,
     "omdat die eerder zijn of haar zienswijze heeft kunnen geven"),
    (HearingException.AIM_DEFEATED, HearingKind.APPLICANT, "artikel 4:11 onder c Awb"),
    (HearingException.NO_STATUTORY_DATA, HearingKind.THIRD_PARTY, "artikel 4:8 lid 2 Awb"),
    (HearingException.MINOR_DEVIATION, HearingKind.APPLICANT, "artikel 4:7 lid 2 Awb"),
])
def test_the_verloop_names_the_exception_and_never_a_person(
        code: HearingException, kind: HearingKind, phrase: str) -> None:
    text = rules.exception_verloop(code, kind)
    assert phrase in text and "{" not in text


def test_a_term_past_the_due_date_warns_and_points_to_the_extension() -> None:
    assert rules.term_warning(term_until=date(2026, 3, 30), due_on=date(2026, 4, 2),
                              extended=False, extension_notice_by=date(2026, 4, 2)) is None
    warning = rules.term_warning(term_until=date(2026, 4, 2), due_on=date(2026, 4, 2),
                                 extended=False, extension_notice_by=date(2026, 4, 2))
    assert warning is not None and "AVG art. 12 lid 3" in warning
    assert "donderdag 2 april 2026" in warning and "schort die termijn niet op" in warning
    extended = rules.term_warning(term_until=date(2026, 6, 5), due_on=date(2026, 6, 2),
                                  extended=True, extension_notice_by=date(2026, 4, 2))
    assert extended is not None and "kort de termijn in" in extended


def test_the_default_term_is_two_weeks_rolled_by_the_atw() -> None:
    assert rules.default_term_until(date(2026, 3, 16)) == date(2026, 3, 30)
    assert rules.default_term_until(date(2026, 12, 12)) == date(2026, 12, 28)  # 26th: Saturday


@pytest.mark.parametrize(("state", "today", "open_"), [
    (HearingState(invited=False, term_until=None, answered=False, weighed=False),
     date(2026, 3, 20), None),
    (HearingState(invited=True, term_until=date(2026, 3, 30), answered=False, weighed=False),
     date(2026, 3, 30), "loopt nog tot en met maandag 30 maart 2026"),
    (HearingState(invited=True, term_until=date(2026, 3, 30), answered=False, weighed=False),
     date(2026, 3, 31), "Leg vast hoe de zienswijze"),
    (HearingState(invited=True, term_until=date(2026, 3, 30), answered=True, weighed=False),
     date(2026, 3, 20), "Leg vast hoe de zienswijze"),
    (HearingState(invited=True, term_until=date(2026, 3, 30), answered=True, weighed=True),
     date(2026, 3, 20), None),
])
def test_the_besluit_waits_for_the_term_and_the_weighing(state: HearingState, today: date,
                                                         open_: str | None) -> None:
    found = rules.open_point(state, today=today)
    assert (found is None) if open_ is None else (found is not None and open_ in found)


def test_the_rules_stay_pure() -> None:
    source = Path(rules.__file__).read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    foreign = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
               and not m.startswith("avg_service.deadlines")}
    assert foreign == set()
    for forbidden in ("today(", ".now(", "utcnow(", "avg_service.clock", "flask", "sqlalchemy"):
        assert forbidden not in source
