"""The WGS art. 2.27 participants are seeded once, and never deleted."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from avg_service import clock
from avg_service.db import unit_of_work
from avg_service.organisations.catalogue import JOINT_CONTROLLERS, PRIVATE_PARTICIPANTS
from avg_service.organisations.models import ContactPointSettings, Organisation
from avg_service.organisations.services import seed_participants


def test_seven_joint_controllers_and_the_private_participants(db_session: sa.orm.Session) -> None:
    with unit_of_work():
        seed_participants(now=clock.now_utc())
    rows = db_session.scalars(sa.select(Organisation)).all()
    joint = {o.code for o in rows if o.is_joint_controller}
    assert joint == {"rvdk", "dji", "politie", "om", "burgemeester", "college", "ggd"}
    assert len(JOINT_CONTROLLERS) == 7
    assert {o.code for o in rows if not o.is_joint_controller} == {p.code for p in PRIVATE_PARTICIPANTS}
    assert db_session.get(ContactPointSettings, 1) is not None


def test_seeding_twice_changes_nothing_and_keeps_edits(db_session: sa.orm.Session) -> None:
    with unit_of_work():
        seed_participants(now=clock.now_utc())
    db_session.execute(sa.update(Organisation).where(Organisation.code == "ggd")
                       .values(name="GGD Voorbeeldregio", is_active=False))
    with unit_of_work():
        assert seed_participants(now=clock.now_utc()) == 0
    ggd = db_session.scalars(sa.select(Organisation).where(Organisation.code == "ggd")).one()
    assert (ggd.name, ggd.is_active) == ("GGD Voorbeeldregio", False)


def test_no_route_deletes_an_organisation(app: Flask) -> None:
    for rule in app.url_map.iter_rules():
        if "organisation" in rule.rule or "organisaties" in rule.rule:
            assert "DELETE" not in (rule.methods or set()), rule.rule
