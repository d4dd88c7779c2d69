"""The audit log: who/what/when/where/outcome, no personal data, append-only, tamper-evident."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.audit.services import record, verify_chain
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.conftest import ThrowawayDatabases, migrated_app
from tests.factories import csrf_token, log_in, make_user


def _entries(session: sa.orm.Session) -> list[AuditEntry]:
    session.expire_all()
    return list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def test_entries_record_who_what_when_where_and_outcome(client: FlaskClient,
                                                        db_session: sa.orm.Session) -> None:
    fg = make_user(Role.FG)
    log_in(client, fg)
    client.get("/beheer/gebruikers", headers={"User-Agent": "Firefox/140", "X-Request-Id": "req-abcdef12"})
    entry = _entries(db_session)[-1]
    assert (entry.action, entry.object_type, entry.outcome) == ("user.list", "user", "allowed")
    assert (entry.user_id, entry.role, entry.organisation_id) == (fg.id, "fg", None)
    assert entry.ip == "127.0.0.1" and entry.user_agent == "Firefox/140"
    assert entry.request_id == "req-abcdef12"
    assert entry.occurred_at.tzinfo is not None


def test_entries_hold_no_personal_data_values(client: FlaskClient, db_session: sa.orm.Session) -> None:
    admin = make_user(Role.BEHEERDER, display_name="Beheerder Bakker", email="bakker@gemeente.test")
    log_in(client, admin)
    token = csrf_token(client, "/beheer/gebruikers/nieuw")
    client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": token, "display_name": "Jan Jansen", "email": "jan.jansen@politie.test",
        "role": "deelnemer", "organisation_id": "", "password": "x"})  # refused: shows errors
    from tests.factories import organisation_id
    client.post("/beheer/gebruikers/nieuw", data={
        "csrf_token": token, "display_name": "Jan Jansen", "email": "jan.jansen@politie.test",
        "role": "deelnemer", "organisation_id": str(organisation_id("politie")),
        "password": "een lang wachtwoord"})
    client.get("/beheer/gebruikers")
    dump = repr([[getattr(e, c.name) for c in AuditEntry.__table__.columns]
                 for e in _entries(db_session)])
    for value in ("Jansen", "jan.jansen", "Bakker", "bakker@", "een lang wachtwoord"):
        assert value not in dump


def test_the_chain_verifies_and_tampering_is_detected(app: Flask, db_session: sa.orm.Session) -> None:
    actor = Actor(1, Role.FG, None, "session", "127.0.0.1", "ua", "r")
    with unit_of_work():
        for number in range(5):
            record(actor, "user.view", object_type="user", object_id=number)
    result = verify_chain()
    assert result.ok and result.checked >= 5
    target = _entries(db_session)[2]
    _tamper(db_session, f"UPDATE audit_entry SET object_id = '999' WHERE id = {target.id}")
    result = verify_chain()
    assert not result.ok and result.broken_id == target.id
    assert "does not match" in (result.reason or "")


def _tamper(session: sa.orm.Session, statement: str) -> None:
    """What a DBA with full rights could do: bypass the append-only triggers."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL session_replication_role = replica"))
        session.execute(sa.text(statement))
        session.execute(sa.text("SET LOCAL session_replication_role = origin"))
    else:
        session.execute(sa.text("DROP TRIGGER audit_entry_no_update"))
        session.execute(sa.text("DROP TRIGGER audit_entry_no_delete"))
        session.execute(sa.text(statement))


def test_a_deleted_entry_is_detected(db_session: sa.orm.Session) -> None:
    actor = Actor.system("cli")
    with unit_of_work():
        for _ in range(4):
            record(actor, "settings.update", object_type="settings", object_id=1)
    entries = _entries(db_session)
    _tamper(db_session, f"DELETE FROM audit_entry WHERE id = {entries[1].id}")
    result = verify_chain()
    assert result.broken_id == entries[1].id and "missing" in (result.reason or "")


@pytest.mark.parametrize("statement", ["UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry"])
def test_the_database_refuses_changes_to_the_audit_log(db_session: sa.orm.Session,
                                                       statement: str) -> None:
    with unit_of_work():
        record(Actor.system("cli"), "settings.update", object_type="settings", object_id=1)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with db_session.begin_nested():
            db_session.execute(sa.text(statement))


def test_audit_verify_command_names_the_first_broken_entry(databases: ThrowawayDatabases,
                                                           tmp_path: Path) -> None:
    app = migrated_app(databases, tmp_path)
    runner = app.test_cli_runner()
    with app.app_context():
        with unit_of_work():
            for number in range(3):
                record(Actor.system("cli"), "user.view", object_type="user", object_id=number,
                       at=clock.now_utc())
        ok = runner.invoke(args=["avg", "audit", "verify"])
        assert ok.exit_code == 0 and "3 entries checked" in ok.output
        with unit_of_work() as session:
            _tamper(session, "UPDATE audit_entry SET role = 'beheerder' WHERE id = 2")
        broken = runner.invoke(args=["avg", "audit", "verify"])
        assert broken.exit_code == 1
        assert "BROKEN at entry 2" in broken.output
        db.session.remove()
        db.engine.dispose()


def test_the_fg_filters_and_exports_and_reading_is_logged(client: FlaskClient,
                                                          db_session: sa.orm.Session) -> None:
    fg = make_user(Role.FG)
    other = make_user(Role.CONTACTPUNT)
    with unit_of_work():
        record(Actor(other.id, Role.CONTACTPUNT, None, "session"), "user.view",
               object_type="user", object_id=42)
    log_in(client, fg)
    page = client.get(f"/fg/auditlog?user_id={other.id}").get_data(as_text=True)
    rows_html = page.split("<tbody>")[1]
    assert "Gebruiker bekeken" in rows_html and "Ingelogd" not in rows_html
    assert "user.view" not in rows_html
    bad = client.get("/fg/auditlog?van=gisteren")
    assert bad.status_code == 400 and "Vul een geldige datum in" in bad.get_data(as_text=True)
    export = client.get(f"/fg/auditlog.csv?object_type=user&object_id=42")
    assert export.status_code == 200 and export.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [(r["user_id"], r["action"]) for r in rows] == [(str(other.id), "user.view")]
    reads = [e for e in _entries(db_session) if e.user_id == fg.id and e.action.startswith("audit.")]
    assert [(e.action, e.purpose) for e in reads] == [("audit.read", "toezicht"),
                                                      ("audit.read", "toezicht"),
                                                      ("audit.export", "toezicht")]


def test_access_review_lists_users_roles_and_organisations(client: FlaskClient) -> None:
    participant = make_user(Role.DEELNEMER, organisation="veilig_thuis")
    log_in(client, make_user(Role.BEHEERDER))
    body = client.get("/fg/toegangsreview.csv").get_data(as_text=True)
    rows = {row["user_id"]: row for row in csv.DictReader(io.StringIO(body))}
    row = rows[str(participant.id)]
    assert (row["role"], row["organisation"], row["is_joint_controller"]) == \
        ("deelnemer", "Veilig Thuis", "nee")


def test_the_fg_reads_names_and_finds_a_request_by_reference_on_the_page_and_in_the_csv(
        client: FlaskClient, db_session: sa.orm.Session) -> None:
    from tests.factories import make_request

    fg = make_user(Role.FG)
    staff = make_user(Role.CONTACTPUNT, display_name="Anna de Boer")
    dsr, other = make_request(), make_request()
    with unit_of_work():
        actor = Actor(staff.id, Role.CONTACTPUNT, staff.organisation_id, "session")
        record(actor, "dsr.view", object_type="dsr", object_id=dsr.id)
        record(actor, "dsr.view", object_type="dsr", object_id=other.id)
    log_in(client, fg)
    page = client.get("/fg/auditlog", query_string={"kenmerk": dsr.reference.lower()})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    rows_html = html.split("<tbody>")[1]
    assert rows_html.count("Verzoek bekeken") == 1 and dsr.reference in rows_html
    assert other.reference not in rows_html
    assert "Anna de Boer" in html and "contactpunt" in html
    assert f'<option value="{staff.id}"' in html  # the people as a pick-list, by name
    export = client.get("/fg/auditlog.csv", query_string={"kenmerk": dsr.reference})
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True))))
    assert [(r["action"], r["object_id"]) for r in rows] == [("dsr.create", str(dsr.id)),
                                                             ("dsr.view", str(dsr.id))]
    assert rows[0]["occurred_at"].endswith("+00:00")  # UTC with its offset in the export
