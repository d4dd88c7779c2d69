"""The audit chain against whoever owns the database (issue 15, finding 3): with the append-only
triggers bypassed, an entry re-attributed and every later link and the head recomputed, the
keyed chain no longer verifies; and even with the key, the checkpoints written outside the
database give the rewrite away. ``avg audit verify`` says what it could and could not prove."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.chain import GENESIS, HASHED_FIELDS, canonical_values, keyed, link_hash
from avg_service.audit.models import AuditEntry
from avg_service.audit.services import record, verify_audit, verify_chain, write_checkpoint
from avg_service.config import current_settings
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.mail.models import OutboxMessage
from tests.conftest import ThrowawayDatabases, migrated_app
from tests.factories import make_user


def _bypassing_triggers(session: sa.orm.Session, statements: list[tuple[str, dict[str, Any]]]
                        ) -> None:
    """What a DBA with full rights could do (``session_replication_role = replica``)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    else:
        session.execute(sa.text("DROP TRIGGER IF EXISTS audit_entry_no_update"))
        session.execute(sa.text("DROP TRIGGER IF EXISTS audit_entry_no_delete"))
    for statement, params in statements:
        session.execute(sa.text(statement), params)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL session_replication_role = origin"))


def _sha256(previous: str, values: list[Any]) -> str:
    """The unkeyed chain of the old main: all an attacker without the key can compute."""
    return hashlib.sha256(previous.encode() + b"|" + canonical_values(values)).hexdigest()


def _reattribute_and_relink(session: sa.orm.Session, target_id: int, new_user: int,
                            hasher: Any) -> None:
    table = AuditEntry.__table__
    columns = [table.c[name] for name in HASHED_FIELDS]
    rows = session.execute(sa.select(*columns).order_by(table.c.id)).all()
    previous, statements = GENESIS, []
    for row in rows:
        values = list(row)
        if values[0] == target_id:
            values[2] = new_user
        values[1] = values[1].isoformat(timespec="microseconds")
        digest = hasher(previous, values)
        statements.append(("UPDATE audit_entry SET user_id = :u, prev_hash = :p, entry_hash = :h"
                           " WHERE id = :i", {"u": values[2], "p": previous, "h": digest,
                                              "i": values[0]}))
        previous = digest
    statements.append(("UPDATE audit_head SET last_hash = :h WHERE id = 1", {"h": previous}))
    _bypassing_triggers(session, statements)


def _write(count: int) -> None:
    with unit_of_work():
        for number in range(count):
            record(Actor(7, None, None, "session"), "dsr.view", object_type="dsr",
                   object_id=number, at=clock.now_utc())


def test_a_rewrite_without_the_key_is_detected(app: Flask, db_session: sa.orm.Session) -> None:
    _write(5)
    assert verify_chain().ok
    first = db_session.scalar(sa.select(sa.func.min(AuditEntry.id)))
    with unit_of_work() as session:
        _reattribute_and_relink(session, first + 1, 99, _sha256)
    result = verify_chain()
    assert not result.ok and result.broken_id == first  # the very first link no longer fits


def test_with_the_key_the_checkpoint_outside_the_database_still_tells(
        app: Flask, db_session: sa.orm.Session, tmp_path: Path) -> None:
    _write(4)
    checkpoints = tmp_path / "checkpoints.jsonl"
    point = write_checkpoint(checkpoints, now=clock.now_utc())
    _write(2)
    assert verify_audit(checkpoints).ok
    key = keyed(current_settings().audit_key)
    first = db_session.scalar(sa.select(sa.func.min(AuditEntry.id)))
    with unit_of_work() as session:  # the key leaked too: the chain itself verifies again
        _reattribute_and_relink(session, first + 1, 99,
                                lambda previous, values: link_hash(previous, values, key=key))
    report = verify_audit(checkpoints)
    assert report.chain.ok
    assert not report.ok
    assert any(f"entry {point.last_id} no longer has the hash" in p for p in report.problems)


def test_a_forged_checkpoint_and_removed_entries_are_reported(
        app: Flask, db_session: sa.orm.Session, tmp_path: Path) -> None:
    _write(3)
    checkpoints = tmp_path / "checkpoints.jsonl"
    point = write_checkpoint(checkpoints, now=clock.now_utc())
    forged = {"at": point.at, "last_id": point.last_id, "last_hash": "f" * 64, "mac": "0" * 64}
    with open(checkpoints, "a") as out:
        out.write(json.dumps(forged) + "\n")
    with unit_of_work() as session:  # the last entries removed and the head wound back
        _bypassing_triggers(session, [
            ("DELETE FROM audit_entry WHERE id = :i", {"i": point.last_id}),
            ("UPDATE audit_head SET last_id = :i, last_hash = (SELECT entry_hash FROM "
             "audit_entry WHERE id = :i) WHERE id = 1", {"i": point.last_id - 1})])
    report = verify_audit(checkpoints)
    assert report.chain.ok  # the database alone looks fine
    assert any("not sealed" in p for p in report.problems)
    assert any("entries were removed" in p for p in report.problems)


def test_the_verify_command_says_what_it_could_and_could_not_prove(
        databases: ThrowawayDatabases, tmp_path: Path) -> None:
    checkpoints = tmp_path / "cp.jsonl"
    app = migrated_app(databases, tmp_path, AVG_AUDIT_CHECKPOINTS=str(checkpoints))
    runner = app.test_cli_runner()
    with app.app_context():
        _write(3)
        none_yet = runner.invoke(args=["avg", "audit", "verify"])
        assert none_yet.exit_code == 0 and "no checkpoints" in none_yet.output
        written = runner.invoke(args=["avg", "audit", "checkpoint"])
        assert written.exit_code == 0 and checkpoints.exists()
        ok = runner.invoke(args=["avg", "audit", "verify"])
        assert ok.exit_code == 0
        assert "1 checkpoints" in ok.output and "entries 1 to 3 are as they were" in ok.output
        assert "not provable here" in ok.output
        with unit_of_work() as session:
            _reattribute_and_relink(session, 2, 99, _sha256)
        broken = runner.invoke(args=["avg", "audit", "verify"])
        assert broken.exit_code == 1 and "BROKEN at entry 1" in broken.output
        assert "checkpoint check FAILED" in broken.output
        db.session.remove()
        db.engine.dispose()


def test_checkpoints_mailed_to_the_fg_hold_a_rewrite_against_the_database(
        databases: ThrowawayDatabases, tmp_path: Path) -> None:
    """AVG_AUDIT_CHECKPOINT_TO=fg: the checkpoint goes through the outbox to the FG's mailbox,
    not to a file; the lines saved from those mails are what `verify --checkpoints` reads."""
    file = tmp_path / "cp.jsonl"
    app = migrated_app(databases, tmp_path, AVG_AUDIT_CHECKPOINTS=str(file),
                       AVG_AUDIT_CHECKPOINT_TO="fg",
                       AVG_AUDIT_CHECKPOINT_MAILBOX="fg@gemeente.test")
    runner = app.test_cli_runner()
    with app.app_context():
        _write(3)
        mailed = runner.invoke(args=["avg", "audit", "checkpoint"])
        assert mailed.exit_code == 0 and "mailed to the FG (1 address(es))" in mailed.output
        assert not file.exists()  # the file is not the target
        (to, subject, body), = db.session.execute(sa.select(
            OutboxMessage.to_address, OutboxMessage.subject, OutboxMessage.body_text).where(
            OutboxMessage.purpose == "audit_checkpoint")).all()
        assert (to, subject) == ("fg@gemeente.test", "Controlepunt auditlog tot regel 3")
        assert "Bewaar deze e-mail" in body
        saved = tmp_path / "saved-from-mail.txt"
        saved.write_text(body)  # the whole mail text, as the FG saves it
        ok = runner.invoke(args=["avg", "audit", "verify", "--checkpoints", str(saved)])
        assert ok.exit_code == 0 and "1 checkpoints" in ok.output
        assert "entries 1 to 3 are as they were" in ok.output
        key = keyed(current_settings().audit_key)
        with unit_of_work() as session:  # the key leaked too: the chain verifies again
            _reattribute_and_relink(session, 2, 99,
                                    lambda previous, values: link_hash(previous, values, key=key))
        caught = runner.invoke(args=["avg", "audit", "verify", "--checkpoints", str(saved)])
        assert caught.exit_code == 1 and "audit log intact" in caught.output
        assert "entry 3 no longer has the hash" in caught.output
        db.session.remove()
        db.engine.dispose()


def test_checkpoints_to_the_fg_without_a_mailbox_fail_loudly_and_both_targets_work(
        databases: ThrowawayDatabases, tmp_path: Path) -> None:
    file = tmp_path / "cp.jsonl"
    nowhere = migrated_app(databases, tmp_path / "a", AVG_AUDIT_CHECKPOINTS=str(file),
                           AVG_AUDIT_CHECKPOINT_TO="fg")
    with nowhere.app_context():
        _write(1)
        refused = nowhere.test_cli_runner().invoke(args=["avg", "audit", "checkpoint"])
        assert refused.exit_code == 1 and "checkpoint not mailed: no FG mailbox" in refused.output
        assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == 0
        db.session.remove()
        db.engine.dispose()
    both = migrated_app(databases, tmp_path / "b", AVG_AUDIT_CHECKPOINTS=str(file),
                        AVG_AUDIT_CHECKPOINT_TO="file,fg")
    with both.app_context():
        _write(1)
        fg = make_user(Role.FG, email="fg.account@gemeente.test")  # the FG's own account
        written = both.test_cli_runner().invoke(args=["avg", "audit", "checkpoint"])
        assert written.exit_code == 0 and file.exists()
        assert db.session.scalars(sa.select(OutboxMessage.to_address).where(
            OutboxMessage.purpose == "audit_checkpoint")).all() == [fg.email]
        line = file.read_text().strip()
        assert line in db.session.scalar(sa.select(OutboxMessage.body_text))  # the same point
        db.session.remove()
        db.engine.dispose()


def test_an_unknown_checkpoint_target_refuses_to_start(tmp_path: Path) -> None:
    import pytest

    from avg_service.config import ConfigError, Settings

    with pytest.raises(ConfigError, match="AVG_AUDIT_CHECKPOINT_TO must be"):
        Settings.from_env({"AVG_AUDIT_CHECKPOINT_TO": "ftp"}, instance_path=tmp_path)
    with pytest.raises(ConfigError, match="AVG_AUDIT_CHECKPOINT_MAILBOX must be"):
        Settings.from_env({"AVG_AUDIT_CHECKPOINT_MAILBOX": "a@b.test\nBcc: c"},
                          instance_path=tmp_path)
