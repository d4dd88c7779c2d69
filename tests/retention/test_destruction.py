"""Destruction: proposed by the sweep, never carried out without approval (four eyes where
configured), removes exactly the files and fields it lists, notes it on the timeline, and the
audit chain verifies afterwards."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.audit.services import verify_chain
from avg_service.coordination.models import CoordinationTask, TaskAnswer, TaskFile
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.mail.models import OutboxMessage
from avg_service.requests.models import DataSubjectRequest, DsrDocument
from avg_service.retention import services
from avg_service.retention.rules import DestructionRefused, RecordKind
from tests.factories import make_user
from tests.retention.helpers import NOW, TODAY, seed_files, stored

SWEEP = Actor.system("cli")


def _fg(display_name: str) -> Actor:
    user = make_user(Role.FG, display_name=display_name)
    return Actor(user.id, Role.FG, None, "session")


def _answer(dsr_id: int) -> TaskAnswer:
    return db.session.scalar(sa.select(TaskAnswer).join(CoordinationTask).where(
        CoordinationTask.dsr_id == dsr_id))


def test_the_sweep_lists_what_is_due_and_nothing_else(db_session) -> None:
    files = seed_files()
    with unit_of_work():
        proposed = services.propose(today=TODAY, now=NOW, actor=SWEEP)
    assert proposed is not None
    listed = {(i.kind, i.object_type, i.object_id) for i in proposed.items}
    assert listed == {
        ("request_file", "dsr", files.dsr["A"]),  # closed 2026-02-25: past 24 months
        ("data_copies", "dsr", files.dsr["B"]),  # closed 2028-01-10: past 12, not 24
        ("uploads", "dsr", files.dsr["B"]),
        ("mail_bodies", "mail_outbox", files.mail["old"]),
    }
    assert all("Aalbers" not in i.description and "Bakker" not in i.description
               for i in proposed.items)
    with unit_of_work():  # a second sweep lists nothing twice
        assert services.propose(today=TODAY, now=NOW, actor=SWEEP) is None


def test_destruction_never_runs_without_approval(db_session) -> None:
    files = seed_files()
    with unit_of_work():
        proposed = services.propose(today=TODAY, now=NOW, actor=SWEEP)
    with pytest.raises(DestructionRefused, match="nog niet goedgekeurd"):
        with unit_of_work():
            services.carry_out(services.get_list(proposed.id), actor=SWEEP, now=NOW)
    assert stored(files.document_keys["A"]) and stored(files.task_file_keys["B"])
    assert db.session.get(DataSubjectRequest, files.dsr["A"]).family_name == "Aalbers"


def test_four_eyes_need_two_different_fg_users(db_session) -> None:
    seed_files()
    first, second = _fg("A. de Boer"), _fg("B. Smit")
    with unit_of_work():
        services.update_settings(months={}, four_eyes=True, actor=SWEEP, now=NOW)
        proposed = services.propose(today=TODAY, now=NOW, actor=SWEEP)
    with unit_of_work():
        assert services.approve(proposed, actor=first, now=NOW) is False
    with pytest.raises(DestructionRefused):
        with unit_of_work():
            services.carry_out(services.get_list(proposed.id), actor=first, now=NOW)
    with pytest.raises(DestructionRefused, match="andere functionaris"):
        with unit_of_work():
            services.approve(services.get_list(proposed.id), actor=first, now=NOW)
    with unit_of_work():
        assert services.approve(services.get_list(proposed.id), actor=second, now=NOW) is True
    assert services.get_list(proposed.id).status == "approved"


def test_carrying_out_removes_exactly_what_it_lists_and_the_chain_verifies(db_session, app) -> None:
    files = seed_files()
    fg = _fg("A. de Boer")
    with unit_of_work():
        proposed = services.propose(today=TODAY, now=NOW, actor=SWEEP)
        services.approve(proposed, actor=fg, now=NOW)
    with unit_of_work():
        done = services.carry_out(services.get_list(proposed.id), actor=fg, now=NOW)
    assert done == 4
    a, b, c = (db.session.get(DataSubjectRequest, files.dsr[k]) for k in "ABC")
    # A: the whole file.
    assert (a.given_names, a.family_name, a.email, a.bsn_hash, a.date_of_birth) == \
        ("[vernietigd]", "[vernietigd]", None, None, None)
    assert not stored(files.document_keys["A"]) and not stored(files.task_file_keys["A"])
    assert all("Aalbers" not in (e.reason or "") for e in a.events)
    letter = db.session.get(Letter, files.letter_id)
    assert b"Aalbers" not in letter.pdf and letter.pdf.startswith(b"%PDF")
    assert a.reference.startswith("AVG-") and a.received_on is not None  # what figures count
    # B: the copies and the uploads, not the request's own fields.
    assert b.family_name == "Bakker" and b.email == "piet@example.test"
    assert _answer(b.id).data_entries is None
    assert _answer(b.id).restrictions[0].motivation == "[vernietigd]"
    assert not stored(files.task_file_keys["B"]) and not stored(files.document_keys["B"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TaskFile).join(
        CoordinationTask).where(CoordinationTask.dsr_id == b.id)) == 0
    assert db.session.scalar(sa.select(DsrDocument.storage_key).where(
        DsrDocument.dsr_id == b.id)) is None
    # C and the newer message: untouched.
    assert c.family_name == "Claes" and _answer(c.id).data_entries == "Registratie van Claes"
    assert stored(files.task_file_keys["C"]) and stored(files.document_keys["C"])
    assert db.session.get(OutboxMessage, files.mail["old"]).body_text == "[vernietigd]"
    assert db.session.get(OutboxMessage, files.mail["new"]).body_text.startswith("Beste Piet")
    # The timeline says what, when and on whose approval.
    note = [e for e in b.events if e.kind == "retention_destroyed"][0].reason
    assert "kopieën van gegevens" in note and "A. de Boer" in note and "01-03-2029" in note
    assert "vernietigingslijst" in [e for e in a.events if e.kind == "retention_destroyed"][0].reason
    # The list itself is in the audit log, and the chain still verifies.
    actions = set(db.session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "destruction_list")))
    assert actions == {"retention.propose", "retention.approve", "retention.carry_out"}
    assert verify_chain().ok
    result = app.test_cli_runner().invoke(args=["avg", "audit", "verify"])
    assert result.exit_code == 0, result.output
    with pytest.raises(DestructionRefused, match="al uitgevoerd"):
        with unit_of_work():
            services.carry_out(services.get_list(proposed.id), actor=fg, now=NOW)
    with unit_of_work():  # what was destroyed is not proposed again
        assert services.propose(today=TODAY, now=NOW, actor=SWEEP) is None


def test_a_rejection_needs_a_reason(db_session) -> None:
    seed_files()
    fg = _fg("A. de Boer")
    with unit_of_work():
        proposed = services.propose(today=TODAY, now=NOW, actor=SWEEP)
    with pytest.raises(DestructionRefused, match="reden"):
        with unit_of_work():
            services.reject(services.get_list(proposed.id), reason=" ", actor=fg, now=NOW)
    with unit_of_work():
        services.reject(services.get_list(proposed.id), reason="Lopende procedure.", actor=fg,
                        now=NOW)
    assert services.get_list(proposed.id).status == "rejected"


def test_the_five_year_cap_of_wgs_1_8_7_lists_copies_of_an_old_request(db_session) -> None:
    files = seed_files()
    with unit_of_work():
        services.update_settings(months={RecordKind.DATA_COPIES: 120,
                                         RecordKind.REQUEST_FILE: 240,
                                         RecordKind.UPLOADS: 240}, four_eyes=False,
                                 actor=SWEEP, now=NOW)
    found = services.candidates(today=TODAY.replace(year=2031, month=1, day=6))
    copies = {c.object_id for c in found if c.kind is RecordKind.DATA_COPIES}
    assert copies == {files.dsr["A"]}  # received 2026-01-05: five years on 2031-01-05
