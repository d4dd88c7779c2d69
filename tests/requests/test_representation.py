"""The pure rules on who acts for the person a request is about (UAVG art. 5; Awb 2:1): the age on
the receipt date decides a child's path, the birthday itself counts, and what staff must still
check follows from what was recorded."""

from __future__ import annotations

import ast
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from avg_service.requests import representation as rules
from avg_service.requests.lifecycle import Representation
from avg_service.requests.representation import (
    GezagMethod,
    GezagSignatures,
    MinorPath,
    RepresentationFacts,
    Uavg5Reading,
    age_on,
    minor_path,
    open_points,
)

BEFORE = date(2026, 3, 6)  # before the amended UAVG art. 5 (1 September 2026)
AFTER = date(2026, 12, 3)


@pytest.mark.parametrize(("born_on", "received_on", "age"), [
    (date(2010, 12, 3), date(2026, 12, 3), 16),  # the birthday on the receipt date counts
    (date(2010, 12, 4), date(2026, 12, 3), 15),  # one day short
    (date(2011, 12, 3), date(2026, 12, 3), 15),
    (date(2012, 2, 29), date(2028, 2, 29), 16),  # leap day in a leap year
    (date(2012, 2, 29), date(2027, 2, 28), 14),  # no 29 February: not yet on the 28th
    (date(2012, 2, 29), date(2027, 3, 1), 15),  # ... reached on 1 March
    (date(2026, 12, 3), date(2026, 12, 3), 0),
])
def test_the_age_is_counted_in_full_years_with_the_birthday_included(
        born_on: date, received_on: date, age: int) -> None:
    assert age_on(born_on, received_on) == age


def test_an_age_before_birth_is_refused() -> None:
    with pytest.raises(ValueError):
        age_on(date(2026, 12, 4), date(2026, 12, 3))


@pytest.mark.parametrize(("born_on", "received_on", "reading", "path"), [
    # 2021 text: under 16 the holder of gezag acts, from 16 the child itself
    (date(2011, 3, 7), BEFORE, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.REPRESENTATIVE),  # 14
    (date(2010, 3, 7), BEFORE, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.REPRESENTATIVE),  # 15
    (date(2010, 3, 6), BEFORE, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.CHILD_ITSELF),  # 16 today
    (date(2008, 3, 6), BEFORE, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.ADULT),  # 18 today
    # amended text from 1 September 2026: 12 to 16 the child and the holder may each act
    (date(2012, 12, 3), AFTER, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.EITHER),  # 14
    (date(2011, 12, 4), AFTER, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.EITHER),  # 15
    (date(2014, 12, 4), AFTER, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.REPRESENTATIVE),  # 11
    (date(2010, 12, 3), AFTER, Uavg5Reading.BY_RECEIPT_DATE, MinorPath.CHILD_ITSELF),  # 16
    # the setting keeps the 2021 text
    (date(2012, 12, 3), AFTER, Uavg5Reading.TEXT_2021, MinorPath.REPRESENTATIVE),
    (date(2011, 12, 4), date(2026, 9, 1), Uavg5Reading.BY_RECEIPT_DATE, MinorPath.EITHER),
    (date(2011, 12, 4), date(2026, 8, 31), Uavg5Reading.BY_RECEIPT_DATE,
     MinorPath.REPRESENTATIVE),
])
def test_the_age_on_the_receipt_date_decides_the_path(born_on: date, received_on: date,
                                                       reading: Uavg5Reading,
                                                       path: MinorPath) -> None:
    assert minor_path(born_on, received_on, reading) is path


@given(st.dates(date(1990, 1, 1), date(2026, 12, 31)), st.integers(0, 40 * 366))
def test_the_child_acts_itself_exactly_from_the_sixteenth_birthday(born_on: date,
                                                                    days: int) -> None:
    received_on = date.fromordinal(born_on.toordinal() + days)
    path = minor_path(born_on, received_on, Uavg5Reading.TEXT_2021)
    sixteenth = rules.birthday_in(born_on.year + 16, born_on)
    eighteenth = rules.birthday_in(born_on.year + 18, born_on)
    if received_on < sixteenth:
        assert path is MinorPath.REPRESENTATIVE
    elif received_on < eighteenth:
        assert path is MinorPath.CHILD_ITSELF
    else:
        assert path is MinorPath.ADULT


@pytest.mark.parametrize(("holders", "signed", "rule", "enough"), [
    (2, 1, GezagSignatures.ALL, False), (2, 2, GezagSignatures.ALL, True),
    (1, 1, GezagSignatures.ALL, True), (2, 1, GezagSignatures.ACTING, True),
    (2, 0, GezagSignatures.ACTING, False),
])
def test_the_signatures_needed_follow_the_setting(holders: int, signed: int,
                                                  rule: GezagSignatures, enough: bool) -> None:
    assert rules.gezag_signatures_suffice(holders=holders, signed=signed, rule=rule) is enough


def test_more_signatures_than_holders_is_refused() -> None:
    with pytest.raises(ValueError):
        rules.gezag_signatures_suffice(holders=1, signed=2, rule=GezagSignatures.ALL)


def _child(born_on: date, **checked: object) -> RepresentationFacts:
    return RepresentationFacts(kind=Representation.PARENT_OR_GUARDIAN, received_on=AFTER,
                               child_born_on=born_on, **checked)  # type: ignore[arg-type]


def test_a_parent_of_a_fourteen_year_old_must_have_gezag_checked_and_both_signatures() -> None:
    points = open_points(_child(date(2012, 6, 1)))
    assert any("wie het gezag heeft" in p for p in points)
    points = open_points(_child(date(2012, 6, 1), gezag_method=GezagMethod.REGISTER,
                                gezag_holders=2, gezag_signed=1))
    assert points == ("Nog niet iedere ouder met gezag heeft ondertekend (1 van 2); zo is het "
                      "ingesteld. Vraag de handtekening van de andere ouder.",)
    assert open_points(_child(date(2012, 6, 1), gezag_method=GezagMethod.REGISTER,
                              gezag_holders=2, gezag_signed=1),
                       signatures=GezagSignatures.ACTING) == ()


def test_a_parent_of_a_sixteen_year_old_needs_the_childs_machtiging() -> None:
    points = open_points(_child(date(2010, 12, 3)))
    assert len(points) == 1 and "machtiging van het kind" in points[0]
    assert open_points(_child(date(2010, 12, 3), has_authority_document=True)) == ()


def test_a_representative_needs_the_document_and_its_scope() -> None:
    facts = RepresentationFacts(kind=Representation.BEWINDVOERDER, received_on=AFTER)
    points = open_points(facts)
    assert "beschikking van de kantonrechter over het bewind" in points[0]
    assert "Bewind gaat alleen over geld en goederen" in points[1]
    done = RepresentationFacts(kind=Representation.AUTHORISED, received_on=AFTER,
                               has_authority_document=True, authority_scope="Inzage, alle")
    assert open_points(done) == ()
    involved = RepresentationFacts(kind=Representation.AUTHORISED, received_on=AFTER,
                                   has_authority_document=True, authority_scope="Inzage",
                                   representative_involved=True)
    assert open_points(involved) == (rules.INVOLVED_PROMPT,)
    assert "41 lid 1 onder i" in rules.INVOLVED_PROMPT


def test_the_rules_stay_pure() -> None:
    path = Path(rules.__file__)
    source = path.read_text(encoding="utf-8")
    imported: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    foreign = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
               and m not in ("avg_service.requests.lifecycle", "avg_service.choices")}
    assert foreign == set()
    for forbidden in ("today(", ".now(", "utcnow(", "avg_service.clock", "flask", "sqlalchemy"):
        assert forbidden not in source
