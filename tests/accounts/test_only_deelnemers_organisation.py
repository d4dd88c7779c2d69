"""Only a deelnemer carries an organisation (issue 17): refused in the service for every other
role (pages and API), cleared when a role changes, cleared by migration 0021e on existing data,
and what used a staff member's organisation (the breach report) names the contact point's."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts import services
from avg_service.accounts.models import User
from avg_service.db import unit_of_work
from avg_service.errors import DomainError
from avg_service.extensions import db
from tests.breaches import helpers as h
from tests.conftest import ThrowawayDatabases, make_app
from tests.factories import api_token, bearer, make_user, organisation_id


@pytest.mark.parametrize("role", [Role.CONTACTPUNT, Role.JURIST, Role.FG, Role.BEHEERDER])
def test_no_role_but_a_deelnemer_is_created_with_an_organisation(
        role: Role, db_session: sa.orm.Session) -> None:
    college = organisation_id("college")
    with pytest.raises(DomainError) as refused, unit_of_work():
        services.create_user(email=f"{role.value}@gemeente.test", display_name="A. Staf",
                             role=role, organisation_id=college,
                             actor=Actor.system("cli"), now=clock.now_utc())
    message = refused.value.errors["organisation_id"][0]
    assert "werkt voor alle deelnemers en hoort niet bij een organisatie" in message
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User).where(
        User.email == f"{role.value}@gemeente.test")) == 0


def test_the_api_refuses_a_jurist_with_an_organisation_beside_the_field(
        app: Flask, db_session: sa.orm.Session) -> None:
    token = api_token(make_user(Role.BEHEERDER))
    api = app.test_client()
    refused = api.post("/api/v1/users", headers=bearer(token), json={
        "email": "jurist@gemeente.test", "display_name": "J. Jurist", "role": "jurist",
        "organisation_id": organisation_id("college")})
    assert refused.status_code in (400, 422)
    assert "Een jurist werkt voor alle deelnemers" in str(refused.json)
    created = api.post("/api/v1/users", headers=bearer(token), json={
        "email": "jurist@gemeente.test", "display_name": "J. Jurist", "role": "jurist"})
    assert created.status_code == 201 and created.json["organisation_id"] is None


def test_a_deelnemer_made_jurist_leaves_the_organisation_behind(
        db_session: sa.orm.Session) -> None:
    user = make_user(Role.DEELNEMER, organisation="politie")
    with unit_of_work():
        services.update_user(db.session.get(User, user.id), {"role": "jurist"},
                             actor=Actor.system("cli"), now=clock.now_utc())
    db_session.expire_all()
    changed = db_session.get(User, user.id)
    assert (changed.role, changed.organisation_id) == ("jurist", None)
    politie = organisation_id("politie")
    with pytest.raises(DomainError), unit_of_work():
        services.update_user(db.session.get(User, user.id), {"organisation_id": politie},
                             actor=Actor.system("cli"), now=clock.now_utc())
    db_session.expire_all()
    assert db_session.get(User, user.id).organisation_id is None


def test_a_breach_staff_report_names_the_contact_points_organisation(
        db_session: sa.orm.Session) -> None:
    h.set_fg_contact()  # the arrangement: the college is the contact point's organisation
    staff = make_user(Role.CONTACTPUNT)
    assert staff.organisation_id is None
    breach = h.breach(h.report(h.actor_of(staff)))
    assert breach.reported_by_organisation_id == organisation_id("college")
    assert "Datalek gemeld door" in breach.events[0].text \
        and breach.reported_by_organisation.name in breach.events[0].text


def _migrate_with_staff_bound(databases: ThrowawayDatabases, tmp_path: Path) -> None:
    app = make_app(databases.new_url(), tmp_path)
    with app.app_context():
        upgrade(revision="0020a")
        now = clock.now_utc()
        with unit_of_work():
            db.session.execute(sa.text(
                "INSERT INTO organisation (code, name, legal_basis, is_joint_controller, "
                "is_active, task_due_working_days, created_at, updated_at) VALUES "
                "('college', 'Het college', 'WGS art. 2.27(1)(f)', true, true, 10, :now, :now)"),
                {"now": now})
            for email, role in (("cp@g.test", "contactpunt"), ("j@g.test", "jurist"),
                                ("d@g.test", "deelnemer")):
                db.session.execute(sa.text(
                    "INSERT INTO user_account (email, display_name, role, organisation_id, "
                    "password_hash, is_active, failed_logins, created_at, updated_at) SELECT "
                    ":email, 'A', :role, id, 'x', true, 0, :now, :now FROM organisation"),
                    {"email": email, "role": role, "now": now})
        upgrade()
        rows = dict(db.session.execute(sa.text(
            "SELECT email, organisation_id FROM user_account")).all())
        assert rows["cp@g.test"] is None and rows["j@g.test"] is None
        assert rows["d@g.test"] is not None  # a deelnemer keeps its organisation
        if databases.is_postgres:  # the CHECK holds from now on
            with pytest.raises(sa.exc.IntegrityError):
                db.session.execute(sa.text(
                    "UPDATE user_account SET organisation_id = :org WHERE email = 'j@g.test'"),
                    {"org": rows["d@g.test"]})
            db.session.rollback()
        db.session.remove()
        db.engine.dispose()


def test_migration_0021e_clears_the_organisation_of_staff(databases: ThrowawayDatabases,
                                                           tmp_path: Path) -> None:
    _migrate_with_staff_bound(databases, tmp_path)


def test_migration_0021e_on_postgres(postgres: ThrowawayDatabases, tmp_path: Path) -> None:
    _migrate_with_staff_bound(postgres, tmp_path)
