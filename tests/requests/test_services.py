"""The use cases on a request, with a fixed clock: intake, 4:5 suspension, extension, the side
exits, repeats, identity, the sweep. Dates are the worked cases of DEADLINES.md."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
import time_machine

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.mail.models import OutboxMessage
from avg_service.protection import decrypt
from avg_service.requests import services
from avg_service.requests.lifecycle import IdentityMethod, InvalidTransition, Right, Status
from avg_service.requests.models import DataSubjectRequest, DsrEvent, Reminder
from tests.factories import make_request, make_user, organisation_id

AMS = ZoneInfo("Europe/Amsterdam")
SYSTEM = Actor.system("cli")


def at(day: str, time: str = "10:00") -> datetime:
    return datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=AMS).astimezone(UTC)


def travel(moment: datetime) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


def _reload(dsr_id: int) -> DataSubjectRequest:
    db.session.expire_all()
    found = db.session.get(DataSubjectRequest, dsr_id)
    assert found is not None
    return found


def _act(dsr_id: int, run, moment: datetime) -> DataSubjectRequest:  # type: ignore[no-untyped-def]
    with travel(moment), unit_of_work():
        run(services.get_request(dsr_id, for_update=True), SYSTEM, moment)
    return _reload(dsr_id)


# ------------------------------------------------------------------------------ intake
def test_intake_dates_reference_and_acknowledgement(db_session: sa.orm.Session) -> None:
    # C24: a letter delivered on Saturday 28 February, registered on Monday 2 March
    with travel(at("2026-03-02", "09:30")):
        dsr = make_request(received_at=at("2026-02-28", "11:00"), email="jan@example.test")
    dsr = _reload(dsr.id)
    assert dsr.received_on == date(2026, 2, 28)
    assert dsr.due_on == date(2026, 3, 30) and dsr.extension_notice_by == date(2026, 3, 30)
    assert dsr.reference == f"AVG-2026-{dsr.id:06d}"
    assert dsr.status == "received" and dsr.is_open
    letters = db_session.scalars(sa.select(Letter).where(Letter.dsr_id == dsr.id)).all()
    assert [(l.kind, l.rendered_at is not None) for l in letters] == \
        [("ontvangstbevestiging", True)]
    mail = db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.dsr_id == dsr.id)).one()
    assert mail.to_address == "jan@example.test" and dsr.reference in mail.subject
    assert mail.letter_id == letters[0].id
    assert mail.status == "held"  # no SMTP in tests: kept in the outbox
    assert db_session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type == "dsr", AuditEntry.object_id == str(dsr.id))).all() == \
        ["dsr.create"]


def test_a_receipt_in_the_future_is_refused_and_nothing_is_stored(
        db_session: sa.orm.Session) -> None:
    before = db_session.scalar(sa.select(sa.func.count()).select_from(DataSubjectRequest))
    with travel(at("2026-03-02")), pytest.raises(services.RequestRefused) as refused:
        make_request(received_at=at("2026-03-02", "10:01"))
    assert "received_at" in refused.value.errors
    assert db_session.scalar(sa.select(sa.func.count()).select_from(DataSubjectRequest)) == before


def test_first_receipt_by_another_joint_controller_starts_the_term(
        db_session: sa.orm.Session) -> None:
    # C36: politie received it Friday 6 March 2026; it reached the contact point on 12 March
    politie = organisation_id("politie")
    with travel(at("2026-03-12", "15:00")), unit_of_work():
        dsr = services.register(
            services.Intake.from_data({"given_names": "An", "family_name": "Smit",
                                       "rights": [Right.ACCESS]}),
            channel=services.Channel.LETTER, received_at=at("2026-03-12", "09:00"),
            actor=SYSTEM, now=at("2026-03-12", "15:00"), first_received_by_id=politie,
            first_received_at=at("2026-03-06", "16:00"))
    dsr = _reload(dsr.id)
    assert (dsr.received_on, dsr.due_on) == (date(2026, 3, 6), date(2026, 4, 7))
    assert dsr.deadlines().extended_due_on == date(2026, 6, 8)
    assert "(R8)" in dsr.events[0].reason
    veilig_thuis = organisation_id("veilig_thuis")
    with travel(at("2026-03-12", "15:00")), pytest.raises(services.RequestRefused):
        with unit_of_work():
            services.register(
                services.Intake.from_data({"given_names": "An", "family_name": "Smit",
                                           "rights": [Right.ACCESS]}),
                channel=services.Channel.LETTER, received_at=at("2026-03-12", "09:00"),
                actor=SYSTEM, now=at("2026-03-12", "15:00"),
                first_received_by_id=veilig_thuis, first_received_at=at("2026-03-06"))


def test_the_bsn_is_encrypted_hashed_and_never_stored_or_logged_in_full(
        db_session: sa.orm.Session) -> None:
    dsr = make_request(bsn="111222333")
    row = db_session.execute(sa.text("SELECT * FROM dsr WHERE id = :id"), {"id": dsr.id}).mappings().one()
    assert "111222333" not in " ".join(str(v) for v in row.values())
    assert row["bsn_last3"] == "333" and decrypt(row["bsn_encrypted"]) == "111222333"
    logged = " ".join(str(v) for e in db_session.scalars(sa.select(AuditEntry)).all()
                      for v in vars(e).values())
    events = " ".join(e.reason or "" for e in db_session.scalars(sa.select(DsrEvent)).all())
    assert "111222333" not in logged + events
    with pytest.raises(services.RequestRefused):
        make_request(bsn="123456789")  # fails the 11-proef


def test_an_open_or_recent_request_of_the_same_person_is_flagged_not_refused(
        db_session: sa.orm.Session) -> None:
    first = make_request(family_name="Bakker", date_of_birth=date(1990, 1, 2))
    second = make_request(family_name="  bäkker ", date_of_birth=date(1990, 1, 2))
    other = make_request(family_name="Bakker", date_of_birth=date(1991, 1, 2))
    assert not _reload(first.id).is_possible_repeat
    flagged = _reload(second.id)
    assert flagged.is_possible_repeat and flagged.status == "received"
    assert first.reference in flagged.events[-1].reason
    assert not _reload(other.id).is_possible_repeat
    by_bsn = make_request(family_name="Anders", bsn="111222333")
    again = make_request(family_name="Ander", date_of_birth=None, bsn="111222333")
    assert not _reload(by_bsn.id).is_possible_repeat and _reload(again.id).is_possible_repeat


# ------------------------------------------------------------------------------ Awb 4:5 and 4:15
def test_c25_an_invitation_suspends_and_the_answer_resumes_the_term(
        db_session: sa.orm.Session) -> None:
    with travel(at("2025-06-02")):
        dsr = make_request(received_at=at("2025-06-02", "09:00"))
    assert dsr.due_on == date(2025, 7, 2)
    dsr = _act(dsr.id, lambda d, a, now: services.invite(
        d, purpose="identity", what="Kopie identiteitsbewijs: twijfel over de handtekening",
        sent_on=date(2025, 6, 4), term_until=date(2025, 6, 18), actor=a, now=now),
        at("2025-06-04"))
    assert dsr.status == "awaiting_information"
    # while waiting, the date assumes the suspension runs to the end of the term (R5)
    assert dsr.suspended_days == law.suspended_days(date(2025, 6, 4), date(2025, 6, 18)) == 13
    assert dsr.due_on == law.response_deadlines(date(2025, 6, 2), suspended_days=13).due_on
    aanvulling = db_session.scalars(sa.select(Letter).where(Letter.dsr_id == dsr.id,
                                                            Letter.kind == "aanvulling")).one()
    assert dsr.invitations[0].letter_id == aanvulling.id
    dsr = _act(dsr.id, lambda d, a, now: services.record_answer(
        d, answered_on=date(2025, 6, 16), actor=a, now=now), at("2025-06-16"))
    assert (dsr.status, dsr.suspended_days, dsr.due_on) == ("received", 11, date(2025, 7, 14))
    assert dsr.extension_notice_by == date(2025, 7, 2)  # R6: suspension does not move it
    assert dsr.deadlines().extended_due_on == date(2025, 9, 15)


def test_c27_an_unused_term_expires_into_the_not_handled_path(db_session: sa.orm.Session) -> None:
    with travel(at("2026-03-10")):
        dsr = make_request(received_at=at("2026-03-10", "09:00"))
    dsr = _act(dsr.id, lambda d, a, now: services.invite(
        d, purpose="identity", what="Identiteitsbewijs", sent_on=date(2026, 3, 11),
        term_until=date(2026, 3, 25), actor=a, now=now), at("2026-03-11"))
    with travel(at("2026-03-25", "23:00")), unit_of_work():  # the last day of the term
        assert services.sweep(now=at("2026-03-25", "23:00")).expired == 0
    with travel(at("2026-03-26", "07:00")), unit_of_work():
        assert services.sweep(now=at("2026-03-26", "07:00")).expired == 1
    dsr = _reload(dsr.id)
    assert (dsr.status, dsr.suspended_days, dsr.due_on) == \
        ("term_expired", 13, date(2026, 4, 23))
    assert dsr.not_handled_decision_by == date(2026, 4, 22)
    with travel(at("2026-03-27")), unit_of_work():  # a second run changes nothing
        assert services.sweep(now=at("2026-03-27")).expired == 0
    # the besluit niet in behandeling goes through four eyes: tests/decisions/test_kinds.py


def test_invitation_rules(db_session: sa.orm.Session) -> None:
    with travel(at("2026-03-10")):
        dsr = make_request(received_at=at("2026-03-10", "09:00"))
    for sent_on, term_until, field in ((date(2026, 3, 9), date(2026, 3, 20), "sent_on"),
                                       (date(2026, 3, 11), date(2026, 3, 20), "sent_on"),
                                       (date(2026, 3, 10), date(2026, 3, 10), "term_until")):
        with pytest.raises(services.RequestRefused) as refused:
            _act(dsr.id, lambda d, a, now: services.invite(
                d, purpose="information", what="x", sent_on=sent_on, term_until=term_until,
                actor=a, now=now), at("2026-03-10", "12:00"))
        assert field in refused.value.errors
    assert _reload(dsr.id).status == "received" and _reload(dsr.id).invitations == []


# ------------------------------------------------------------------------------ extension (R6)
def test_c29_an_extension_within_the_first_month_moves_the_due_date(
        db_session: sa.orm.Session) -> None:
    with travel(at("2025-03-10")):
        dsr = make_request(received_at=at("2025-03-10", "09:00"))
    dsr = _act(dsr.id, lambda d, a, now: services.extend(
        d, reason="Zeven organisaties moeten hun gegevens zoeken.", actor=a, now=now),
        at("2025-04-04"))
    assert dsr.due_on == date(2025, 6, 10) and dsr.is_extended
    assert db_session.scalars(sa.select(Letter.kind).where(Letter.dsr_id == dsr.id).order_by(Letter.id)).all() == \
        ["ontvangstbevestiging", "verlenging"]
    with pytest.raises(services.RequestRefused, match="één keer"):
        _act(dsr.id, lambda d, a, now: services.extend(d, reason="nog eens", actor=a, now=now),
             at("2025-04-05"))


def test_c28_an_extension_after_the_notice_date_is_refused(db_session: sa.orm.Session) -> None:
    with travel(at("2025-01-02")):
        dsr = make_request(received_at=at("2025-01-02", "09:00"))
    assert dsr.extension_notice_by == date(2025, 2, 3)
    _act(dsr.id, lambda d, a, now: services.extend(d, reason="Vier deelnemers hebben samen ruim 300 stukken over u.", actor=a, now=now),
         at("2025-02-03", "23:59"))  # the last day still counts
    with travel(at("2025-01-02")):
        late = make_request(received_at=at("2025-01-02", "09:00"))
    with pytest.raises(services.RequestRefused, match="maandag 3 februari 2025"):
        _act(late.id, lambda d, a, now: services.extend(d, reason="Vier deelnemers hebben samen ruim 300 stukken over u.", actor=a, now=now),
             at("2025-02-04", "00:01"))
    late = _reload(late.id)
    assert (late.is_extended, late.due_on) == (False, date(2025, 2, 3))


# ------------------------------------------------------------------------------ side exits
def test_forward_withdraw_and_refused_moves(db_session: sa.orm.Session) -> None:
    forwarded = make_request()
    forwarded = _act(forwarded.id, lambda d, a, now: services.forward(
        d, to="Belastingdienst", reason="Gaat over een belastingaanslag.", actor=a, now=now),
        datetime.now(UTC))
    assert (forwarded.status, forwarded.forwarded_to) == ("forwarded", "Belastingdienst")
    with pytest.raises(InvalidTransition, match="kan niet naar"):
        _act(forwarded.id, lambda d, a, now: services.start_handling(d, actor=a, now=now),
             datetime.now(UTC))
    withdrawn = make_request()
    withdrawn = _act(withdrawn.id, lambda d, a, now: services.withdraw(
        d, reason="Telefonisch ingetrokken.", actor=a, now=now), datetime.now(UTC))
    assert withdrawn.status == "withdrawn" and withdrawn.closed_at is not None


def test_withdrawal_while_waiting_ends_the_suspension_that_day(db_session: sa.orm.Session) -> None:
    with travel(at("2025-06-02")):
        dsr = make_request(received_at=at("2025-06-02", "09:00"))
    _act(dsr.id, lambda d, a, now: services.invite(
        d, purpose="identity", what="x", sent_on=date(2025, 6, 4), term_until=date(2025, 6, 18),
        actor=a, now=now), at("2025-06-04"))
    dsr = _act(dsr.id, lambda d, a, now: services.withdraw(d, reason="Per brief.", actor=a,
                                                           now=now), at("2025-06-10"))
    assert dsr.status == "withdrawn" and dsr.suspended_days == 5


def test_identity_check_deletes_the_copies(db_session: sa.orm.Session) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 100 + b"\0\0\0\0IEND\xaeB`\x82"
    dsr = make_request()
    with unit_of_work():
        document = services.add_document(services.get_request(dsr.id),
                                         services.Upload("identity", "paspoort.png", png),
                                         actor=SYSTEM, now=datetime.now(UTC))
        scan = services.add_document(services.get_request(dsr.id),
                                     services.Upload("scan", "brief.png", png), actor=SYSTEM,
                                     now=datetime.now(UTC))
    from avg_service.requests.documents import read

    assert read(document) == png
    dsr = _act(dsr.id, lambda d, a, now: services.check_identity(
        d, method=IdentityMethod.SIGNATURE_COMPARED, actor=a, now=now), datetime.now(UTC))
    kept = {d.filename: d for d in dsr.documents}
    assert kept["paspoort.png"].storage_key is None and kept["paspoort.png"].deleted_at
    assert kept["brief.png"].storage_key == scan.storage_key
    assert dsr.identity_method == "handtekening_vergeleken"
    with pytest.raises(FileNotFoundError):
        read(kept["paspoort.png"])


def test_assignment_only_to_active_staff(db_session: sa.orm.Session) -> None:
    dsr = make_request()
    staff = make_user(Role.CONTACTPUNT)
    participant = make_user(Role.DEELNEMER, organisation="politie")
    dsr = _act(dsr.id, lambda d, a, now: services.assign(d, assignee_id=staff.id, actor=a,
                                                         now=now), datetime.now(UTC))
    assert dsr.assignee_id == staff.id
    with pytest.raises(services.RequestRefused):
        _act(dsr.id, lambda d, a, now: services.assign(d, assignee_id=participant.id, actor=a,
                                                       now=now), datetime.now(UTC))


def test_the_database_refuses_an_inconsistent_status(db_session: sa.orm.Session) -> None:
    dsr = make_request()
    with pytest.raises(sa.exc.IntegrityError), unit_of_work():
        db.session.execute(sa.update(DataSubjectRequest).where(DataSubjectRequest.id == dsr.id)
                           .values(status="closed"))  # terminal without closed_at
    with pytest.raises(sa.exc.IntegrityError), unit_of_work():
        db.session.execute(sa.update(DataSubjectRequest).where(DataSubjectRequest.id == dsr.id)
                           .values(status="nonsense"))


# ------------------------------------------------------------------------------ the sweep
def test_the_sweep_reminds_each_assignee_once(db_session: sa.orm.Session) -> None:
    staff = make_user(Role.CONTACTPUNT, email="behandelaar@example.test")
    with travel(at("2026-03-02")):
        soon = make_request(received_at=at("2026-03-02", "09:00"))  # due Thu 2 April
        later = make_request(received_at=at("2026-03-02", "09:00"))
        unassigned = make_request(received_at=at("2026-03-02", "09:00"))
    for dsr in (soon, later):
        _act(dsr.id, lambda d, a, now: services.assign(d, assignee_id=staff.id, actor=a, now=now),
             at("2026-03-02", "11:00"))
    _act(later.id, lambda d, a, now: services.extend(d, reason="Vier deelnemers hebben samen ruim 300 stukken over u.", actor=a, now=now),
         at("2026-03-03"))

    def run(moment: datetime) -> services.SweepResult:
        with travel(moment), unit_of_work():
            return services.sweep(now=moment)

    assert run(at("2026-03-25")).reminders == 0  # more than 5 working days ahead
    assert run(at("2026-03-26", "06:00")).reminders == 1  # Thu 2 April is 5 working days away
    assert run(at("2026-03-26", "18:00")).reminders == 0  # once, however often it runs
    assert run(at("2026-04-03", "06:00")).reminders == 1  # overdue: a new kind of reminder
    assert run(at("2026-04-04", "06:00")).reminders == 0
    sent = db_session.scalars(sa.select(Reminder).where(Reminder.dsr_id == soon.id)
                              .order_by(Reminder.id)).all()
    assert [(r.kind, r.due_on) for r in sent] == [("due_soon", date(2026, 4, 2)),
                                                  ("overdue", date(2026, 4, 2))]
    mails = db_session.scalars(sa.select(OutboxMessage).where(
        OutboxMessage.purpose.like("reminder_%"))).all()
    assert {m.to_address for m in mails} == {"behandelaar@example.test"} and len(mails) == 2
    assert unassigned.id not in {r.dsr_id for r in db_session.scalars(sa.select(Reminder))}
    assert timedelta(0) < timedelta(days=1)


@pytest.mark.parametrize("reason", ["Complex.", "Zeven organisaties moeten nagaan welke gegevens "
                                    "zij over u hebben; dat kost meer tijd dan een maand.",
                                    "Wij hebben meer tijd nodig."])
def test_an_extension_needs_this_requests_own_reason(db_session: sa.orm.Session,
                                                     reason: str) -> None:
    """AVG 12(3): the complexity and number of the requests; a stock phrase fits every one."""
    with travel(at("2026-03-02")):
        dsr = make_request(received_at=at("2026-03-02", "09:00"))
    with pytest.raises(services.RequestRefused, match="past bij elk verzoek") as refused:
        _act(dsr.id, lambda d, a, now: services.extend(d, reason=reason, actor=a, now=now),
             at("2026-03-10"))
    assert "reason" in refused.value.errors
    assert not _reload(dsr.id).is_extended
