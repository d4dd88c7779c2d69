"""The grounds catalogue (decisions.catalogue): which rights and outcomes each ground may carry,
the grounds that need the facts of the case, and the API refusing each misfit with a 422 that
names the field."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import time_machine
from flask import Flask

from avg_service.access.roles import Role
from avg_service.decisions.catalogue import (
    GROUNDS,
    GROUNDS_BY_CODE,
    GroundNotAllowed,
    Outcome,
    check_outcome,
    grounds_for,
    missing_case_facts,
    standard_motivation,
)
from tests.decisions.test_pages_and_api import (  # noqa: F401 (the autouse fixture)
    _prepared,
    _request_scoped_clients,
    at,
)
from tests.factories import api_token, bearer, make_user

#: (right, outcome, grounds): each must be refused.
MISFITS = [
    ("15", Outcome.REFUSED, ["17-3-b"]),  # an erasure exception does not refuse access
    ("17", Outcome.REFUSED, ["20-3"]),  # portability's exclusion does not refuse erasure
    ("16", Outcome.REFUSED, ["17-3-b"]),
    ("16", Outcome.REFUSED, ["15-4"]),  # 15(4) protects others against the copy only
    ("18", Outcome.REFUSED, ["16-juist"]),
    ("21", Outcome.REFUSED, ["17-1-geen"]),
    ("15", Outcome.GRANTED, ["41d"]),  # a grant carries no refusal ground
    ("20", Outcome.GRANTED, []),  # AVG 20(3)
    ("17", Outcome.REFUSED, []),  # Awb 3:46
]


@pytest.mark.parametrize(("right", "outcome", "grounds"), MISFITS)
def test_a_misfit_ground_is_refused(right: str, outcome: Outcome, grounds: list[str]) -> None:
    with pytest.raises(GroundNotAllowed):
        check_outcome(right, outcome, grounds)


@pytest.mark.parametrize(("right", "outcome", "grounds"), [
    ("15", Outcome.PARTLY_GRANTED, ["41d", "15-4"]),
    ("16", Outcome.REFUSED, ["16-oordeel"]),
    ("16", Outcome.PARTLY_GRANTED, ["16-juist"]),
    ("17", Outcome.REFUSED, ["17-1-geen"]),
    ("17", Outcome.REFUSED, ["17-3-b", "17-3-e"]),
    ("18", Outcome.REFUSED, ["18-1-geen"]),
    ("20", Outcome.REFUSED, ["20-3"]),
    ("21", Outcome.REFUSED, ["21-grondslag"]),
    ("21", Outcome.PARTLY_GRANTED, ["21-1"]),
    ("18", Outcome.REFUSED, ["12-5-buitensporig"]),
    ("15", Outcome.REFUSED, ["12-5-ongegrond"]),
])
def test_a_fitting_ground_is_accepted(right: str, outcome: Outcome, grounds: list[str]) -> None:
    check_outcome(right, outcome, grounds)


def test_every_right_has_a_ground_for_refusal() -> None:
    """Rectification, restriction and objection could not be refused at all before."""
    for right in ("15", "16", "17", "18", "20", "21"):
        own = [g for g in grounds_for(right) if g.for_rights == frozenset({right})]
        assert own or right == "15" and grounds_for("15"), right
    assert {g.code for g in grounds_for("16")} >= {"16-juist", "16-oordeel"}
    assert "17-3-b" not in {g.code for g in grounds_for("15")}


def test_the_art_16_assessment_offers_the_persons_own_statement() -> None:
    assert "eigen verklaring" in GROUNDS_BY_CODE["16-oordeel"].motivation
    assert "tweede zin" in GROUNDS_BY_CODE["16-oordeel"].motivation


def test_17_3_b_rests_on_the_purpose_of_the_samenwerkingsverband_with_its_exceptions() -> None:
    text = GROUNDS_BY_CODE["17-3-b"].motivation
    assert "2.25 WGS" in text and "1.8 lid 7 WGS" in text  # the purpose and the limit
    assert "wettelijk voorschrift of een rechtsvordering" in text  # the exceptions of 1.8(7)
    assert "vijf jaar" in text


@pytest.mark.parametrize("code", ["17-3-b", "21-1", "12-5-ongegrond", "12-5-buitensporig"])
def test_a_ground_that_needs_the_facts_is_not_carried_by_its_standard_paragraph(
        code: str) -> None:
    ground = GROUNDS_BY_CODE[code]
    assert ground.needs_facts
    standard = standard_motivation([code])
    assert missing_case_facts([code], standard) == [ground]  # the prompt is still there
    assert missing_case_facts([code], ground.motivation) == [ground]  # prompt gone, no facts
    assert missing_case_facts([code], ground.motivation + " Kort.") == [ground]
    facts = ground.motivation + "\n\nIn uw situatie: op 3, 10 en 17 maart vroeg u hetzelfde."
    assert missing_case_facts([code], facts) == []


def test_the_other_grounds_stand_on_their_standard_paragraph() -> None:
    for ground in GROUNDS:
        if not ground.needs_facts:
            assert missing_case_facts([ground.code], standard_motivation([ground.code])) == []
            assert "[" not in ground.standard_paragraph


@pytest.mark.parametrize(("right", "grounds"), [("15", ["17-3-b"]), ("17", ["20-3"]),
                                                 ("15", ["16-oordeel"])])
def test_the_api_refuses_a_misfit_ground_naming_the_field(
        app: Flask, db_session: sa.orm.Session, right: str, grounds: list[str]) -> None:
    with time_machine.travel(at("2026-03-06"), tick=False):
        dsr, _task_id = _prepared("2026-03-02")
        api, headers = app.test_client(), bearer(api_token(make_user(Role.JURIST)))
        other = "17" if right == "15" else "15"
        refused = api.put(f"/api/v1/requests/{dsr.id}/decision", headers=headers, json={
            "parts": [{"right": right, "outcome": "afwijzen", "grounds": grounds},
                      {"right": other, "outcome": "toewijzen"}]})
        assert refused.status_code == 422
        assert f"part_{right}" in refused.json["errors"]
        assert "past niet bij het recht op" in refused.json["errors"][f"part_{right}"][0]
