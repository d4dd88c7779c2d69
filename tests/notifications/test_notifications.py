"""Each notification goes to the right people once, through the outbox, and shows on their
"wat wacht op mij" page and as a count on the werkplek."""

from __future__ import annotations

import sqlalchemy as sa
import time_machine
from flask.testing import FlaskClient

from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.db import unit_of_work
from avg_service.decisions import services as decisions
from avg_service.mail import services as mail
from avg_service.mail.models import OutboxMessage
from avg_service.notifications.models import Notification
from avg_service.requests import services as requests
from tests.decisions.test_decisions import _answer, _draft, _prepared, actor_of, at
from tests.factories import csrf_token, log_in, make_request, make_user


def _sent(purpose: str) -> list[tuple[str, str]]:
    from avg_service.extensions import db

    return [(m.to_address, m.subject) for m in db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.purpose == purpose)
        .order_by(OutboxMessage.id))]


def _open(user_id: int | None) -> list[Notification]:
    from avg_service.extensions import db

    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user_id, Notification.done_at.is_(None))))


def _email(actor: Actor) -> str:
    from avg_service.accounts.models import User
    from avg_service.extensions import db

    user = db.session.get(User, actor.user_id)
    assert user is not None
    return user.email


def test_a_besluit_offered_for_approval_tells_the_other_jurists_once_and_is_done_on_approval(
        db_session: sa.orm.Session) -> None:
    dsr, task, politie = _prepared()
    drafter, second, third = (actor_of(Role.JURIST) for _ in range(3))
    staff = actor_of(Role.CONTACTPUNT)
    _answer(task.id, politie)
    decision = _draft(dsr.id, drafter)
    for _ in range(2):  # offered twice: the second is refused and tells nobody again
        try:
            with unit_of_work():
                decisions.submit_for_approval(decisions.get_decision(decision.id),
                                              actor=drafter, now=at("2026-03-06"))
        except decisions.DecisionRefused:
            pass
    told = _sent("decision_for_approval")
    assert sorted(to for to, _ in told) == sorted([_email(second), _email(third)])
    assert all(dsr.reference in subject for _, subject in told)
    assert _open(drafter.user_id) == []
    assert [n.kind for n in _open(staff.user_id)] == ["task_answered"]  # not the approval
    assert len(_open(second.user_id)) == 1
    with time_machine.travel(at("2026-03-09"), tick=False), unit_of_work():
        decisions.approve(decisions.get_decision(decision.id), actor=second, now=at("2026-03-09"))
    assert _open(second.user_id) == [] and _open(third.user_id) == []


def test_a_besluit_sent_back_tells_its_drafter_with_the_reason(db_session: sa.orm.Session) -> None:
    dsr, task, politie = _prepared()
    drafter, second = actor_of(Role.JURIST), actor_of(Role.JURIST)
    _answer(task.id, politie)
    decision = _draft(dsr.id, drafter)
    with unit_of_work():
        decisions.submit_for_approval(decisions.get_decision(decision.id), actor=drafter,
                                      now=at("2026-03-06"))
    with unit_of_work():
        decisions.send_back(decisions.get_decision(decision.id), reason="Motiveer 41d beter.",
                            actor=second, now=at("2026-03-07"))
    (row,) = _open(drafter.user_id)
    assert row.kind == "decision_sent_back" and "Motiveer 41d beter." in row.text
    assert [to for to, _ in _sent("decision_sent_back")] == [_email(drafter)]
    assert _open(second.user_id) == []  # the approval it waited for is no longer asked
    with unit_of_work():  # offered again: the second jurist is told again, once
        decisions.submit_for_approval(decisions.get_decision(decision.id), actor=drafter,
                                      now=at("2026-03-08"))
    assert [to for to, _ in _sent("decision_for_approval")] == [_email(second)] * 2


def test_a_participant_answer_and_question_tell_the_assignee(db_session: sa.orm.Session) -> None:
    from avg_service.coordination import services as coordination

    dsr, task, politie = _prepared()
    assignee = actor_of(Role.CONTACTPUNT)
    other = actor_of(Role.CONTACTPUNT)
    with unit_of_work():
        requests.assign(requests.get_request(dsr.id), assignee_id=assignee.user_id,
                        actor=Actor.system("cli"), now=at("2026-03-03"))
    with unit_of_work():
        coordination.ask_question(coordination.get_task(task.id), "Welke periode?",
                                  actor=politie, now=at("2026-03-04"))
    with unit_of_work():
        coordination.reply(coordination.get_task(task.id), "Heel 2025.", actor=assignee,
                           now=at("2026-03-04", "11:00"))
    _answer(task.id, politie)
    kinds = sorted(n.kind for n in _open(assignee.user_id))
    assert kinds == ["task_answered", "task_question"]
    assert _open(other.user_id) == []
    assert [to for to, _ in _sent("task_question")] == [_email(assignee)]
    assert [to for to, _ in _sent("task_answered")] == [_email(assignee)]


def test_information_from_the_requester_tells_the_contact_point_once(
        db_session: sa.orm.Session) -> None:
    from avg_service import clock
    from avg_service.portal import services as portal

    staff = make_user(Role.CONTACTPUNT)
    now = clock.now_utc()
    dsr = make_request(email="verzoeker@example.test")
    with unit_of_work():
        loaded = requests.get_request(dsr.id)
        requests.invite(loaded, purpose="identity", what="Een kopie van uw paspoort.",
                        sent_on=clock.today_local(), term_until=clock.today_local().replace(
                            year=clock.today_local().year + 1), actor=Actor.system("cli"),
                        now=now)
        token = portal.issue_link(loaded, via="test", now=now)
    _state, link = portal.resolve_link(token, now=now)
    assert link is not None
    with unit_of_work():
        portal.send_information(link, [], "Zie bijlage bij de post.",
                                actor=Actor.system("requester"), now=now)
    (row,) = _open(staff.id)
    assert row.kind == "requester_information" and dsr.reference in row.text
    assert "Jansen" not in row.text  # no personal data in the notice
    assert [to for to, _ in _sent("requester_information")] == [staff.email]


def test_mail_that_failed_for_good_tells_the_contact_point_once(
        db_session: sa.orm.Session) -> None:
    from avg_service import clock

    staff = make_user(Role.CONTACTPUNT)
    now = clock.now_utc()
    with unit_of_work():
        message = mail.queue_mail(to="iemand@example.test", subject="Test", body="x",
                                  purpose="receipt", now=now)
        message.mark_sent(at=now)
    for _ in range(2):  # the bounce recorded twice: the second is refused
        try:
            with unit_of_work():
                mail.mark_bounced(mail.get_message(message.id), reason="mailbox bestaat niet",
                                  actor=Actor(staff.id, Role.CONTACTPUNT, None, "session"),
                                  now=now)
        except mail.MailRefused:
            pass
    (row,) = _open(staff.id)
    assert row.kind == "mail_failed" and "ontvangstbevestiging" in row.text
    assert [to for to, _ in _sent("mail_failed")] == [staff.email]


def test_the_werkplek_counts_and_the_page_lists_and_clears(client: FlaskClient,
                                                           db_session: sa.orm.Session) -> None:
    from avg_service import clock
    from avg_service.notifications import services

    staff = make_user(Role.CONTACTPUNT)
    other = make_user(Role.CONTACTPUNT)
    with unit_of_work():
        services.notify([staff], kind="task_question", key="k1", text="Vraag over AVG-1.",
                        path="/taken/1", now=clock.now_utc())
        (theirs,) = services.notify([other], kind="task_question", key="k1", text="x",
                                    path="/taken/1", now=clock.now_utc())
    log_in(client, staff)
    home = client.get("/werkplek").get_data(as_text=True)
    assert "Vraag van een deelnemer: <strong>1</strong>" in home
    assert '<span class="count">1' in home  # the menu
    page = client.get("/werkplek/wacht-op-mij").get_data(as_text=True)
    assert "Vraag over AVG-1." in page
    token = csrf_token(client, "/werkplek")
    # someone else's notification is not found
    assert client.post(f"/werkplek/wacht-op-mij/{theirs.id}/gedaan",
                       data={"csrf_token": token}).status_code == 404
    (mine,) = _open(staff.id)
    assert client.post(f"/werkplek/wacht-op-mij/{mine.id}/gedaan",
                       data={"csrf_token": token}).status_code == 302
    assert "Er wacht niets op u" in client.get("/werkplek/wacht-op-mij").get_data(as_text=True)
