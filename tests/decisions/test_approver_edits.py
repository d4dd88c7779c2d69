"""Four eyes on a besluit (issue 15, finding 7): a jurist who rewrote the draft is a drafter
too and cannot approve it, though ``drafted_by_id`` names only the first author."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
import time_machine

from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.decisions import services
from tests.decisions.test_pages_and_api import _answer, _as_actor, _decision, _draft, _prepared, at
from tests.factories import make_user


def test_a_jurist_who_rewrote_the_draft_cannot_approve_it(db_session: sa.orm.Session) -> None:
    with time_machine.travel(at("2026-03-09"), tick=False):
        dsr, task_id = _prepared("2026-03-02")
        _answer(task_id, "2026-03-05")
        first, rewriter, third = (make_user(Role.JURIST) for _ in range(3))
        decision_id = _draft(dsr.id, first, "2026-03-06")
        _draft(dsr.id, rewriter, "2026-03-07")  # the second jurist rewrites the draft
        with unit_of_work():
            services.submit_for_approval(services.get_decision(decision_id),
                                         actor=_as_actor(first), now=at("2026-03-09"))
        with pytest.raises(services.DecisionRefused, match="tweede jurist"):
            with unit_of_work():
                services.approve(services.get_decision(decision_id),
                                 actor=_as_actor(rewriter), now=at("2026-03-09"))
        assert _decision(decision_id).status == "awaiting_approval"
        with unit_of_work():
            services.approve(services.get_decision(decision_id), actor=_as_actor(third),
                             now=at("2026-03-09"))
        assert _decision(decision_id).approved_by_id == third.id
