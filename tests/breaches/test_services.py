"""The use cases of a breach against the database: report, tasks (on behalf, set aside), the
assessment, the AP notification (late, phased), reminders once, closing, the register."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.breaches import coordination, notices, notification, queries, services
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.common import BreachRefused, get_breach
from avg_service.breaches.models import BreachReminderSent
from avg_service.breaches.rules import BreachStatus, RiskLevel
from avg_service.db import unit_of_work
from avg_service.extensions import db
from tests.breaches import helpers as h
from tests.breaches.helpers import AWARE_AT, FG_EMAIL
from tests.factories import make_request, make_user, organisation_id


@pytest.fixture
def people(db_session: sa.orm.Session) -> dict[str, h.Actor]:
    h.set_fg_contact()
    users = {"politie": make_user(Role.DEELNEMER, organisation="politie"),
             "ggd": make_user(Role.DEELNEMER, organisation="ggd"),
             "contactpunt": make_user(Role.CONTACTPUNT), "fg": make_user(Role.FG)}
    return {name: h.actor_of(user) for name, user in users.items()} | {
        "_emails": {name: user.email for name, user in users.items()}}  # type: ignore[dict-item]


def test_a_participant_reports_and_the_fg_and_contact_point_hear_at_once(
        people: dict, db_session: sa.orm.Session) -> None:
    breach_id = h.report(people["politie"], organisation_ids=[organisation_id("ggd")])
    breach = h.breach(breach_id)
    assert breach.reference == f"DL-2026-{breach_id:06d}"
    assert breach.status_enum is BreachStatus.REPORTED
    # A participant reports what happened at itself; the other organisation gets a task.
    assert breach.source_organisation_id == breach.reported_by_organisation_id \
        == organisation_id("politie")
    assert [t.organisation.code for t in breach.tasks] == ["ggd"]
    emails = people["_emails"]
    for address in (FG_EMAIL, emails["fg"], emails["contactpunt"]):
        (message,) = h.mail_to(address, "breach_reported")
        assert breach.reference in message.subject and "maandag 30 maart 2026" in message.body_text
        assert breach.description not in message.body_text  # no facts in the mail
    (task_mail,) = h.mail_to(emails["ggd"], "breach_task")
    assert "Open de taak:" in task_mail.body_text
    actions = db_session.scalars(sa.select(AuditEntry.action).where(
        AuditEntry.object_type.in_(["breach", "breach_task"]))).all()
    assert {"breach.report", "breach_task.create"} <= set(actions)


def test_the_contact_point_reports_a_breach_at_a_participant_which_gets_a_task(
        people: dict) -> None:
    breach_id = h.report(people["contactpunt"],
                         source_organisation_id=organisation_id("politie"))
    breach = h.breach(breach_id)
    assert [t.organisation.code for t in breach.tasks] == ["politie"]
    assert organisation_id("politie") in breach.organisation_ids


@pytest.mark.parametrize(("fields", "field_name"), [
    ({"aware_at": AWARE_AT + timedelta(hours=2)}, "aware_at"),  # after "now"
    ({"occurred_at": AWARE_AT + timedelta(minutes=1)}, "occurred_at"),
    ({"request_references": ["AVG-2026-999999"]}, "request_references"),
])
def test_a_report_that_cannot_be_true_is_refused_beside_its_field(
        people: dict, fields: dict, field_name: str) -> None:
    with pytest.raises(BreachRefused) as refused:
        h.report(people["contactpunt"], **fields)
    assert field_name in refused.value.errors


def test_a_participant_links_only_requests_it_has_a_task_on(people: dict) -> None:
    """The same answer for a request it has no task on as for one that does not exist."""
    dsr = make_request()
    with pytest.raises(BreachRefused) as refused:
        h.report(people["politie"], request_references=[dsr.reference])
    assert "of u heeft er geen taak voor" in refused.value.errors["request_references"][0]
    breach_id = h.report(people["contactpunt"], request_references=[dsr.reference.lower()],
                         persons_count=1)
    assert [p.dsr_id for p in h.breach(breach_id).persons] == [dsr.id]
    with pytest.raises(BreachRefused) as too_few:
        h.report(people["contactpunt"], request_references=[dsr.reference], persons_count=0)
    assert "persons_count" in too_few.value.errors


def test_tasks_are_answered_on_behalf_set_aside_and_reopened(people: dict) -> None:
    staff = people["contactpunt"]
    breach_id = h.report(staff, organisation_ids=[organisation_id(c) for c in
                                                  ("politie", "ggd", "om")])
    now = AWARE_AT + timedelta(hours=3)
    with unit_of_work():
        politie, ggd, om = get_breach(breach_id).tasks
        with pytest.raises(BreachRefused):  # who answered is required
            coordination.answer_on_behalf(politie, coordination.TaskAnswer(affected=True),
                                          source="letter", received_on=date(2026, 3, 27),
                                          answered_by=" ", actor=staff, now=now)
        coordination.answer_on_behalf(politie, coordination.TaskAnswer(
            affected=True, answer_persons=2), source="secure_mail",
            received_on=date(2026, 3, 27), answered_by="J. Bakker, privacy officer", actor=staff,
            now=now)
        coordination.set_aside(ggd, reason="De GGD verwerkt geen gegevens van deze casus.",
                               confirmed_by="FG GGD", actor=staff, now=now)
        coordination.answer_task(om, coordination.TaskAnswer(affected=None), actor=staff,
                                 now=now, submit=False)
    breach = h.breach(breach_id)
    assert [t.status for t in breach.tasks] == ["on_behalf", "set_aside", "open"]
    assert "J. Bakker" in breach.events[-2].text and "beveiligde e-mail" in breach.events[-2].text
    with unit_of_work(), pytest.raises(BreachRefused):
        coordination.set_aside(get_breach(breach_id).tasks[0], reason="x", confirmed_by=None,
                               actor=staff, now=now)  # answered: reopen first
    with unit_of_work():
        coordination.reopen_task(get_breach(breach_id).tasks[1], reason="Toch nagaan.",
                                 actor=staff, now=now)
    reopened = h.breach(breach_id).tasks[1]
    assert reopened.status == "open" and reopened.set_aside_reason is None


def test_the_assessment_chooses_the_notifier_by_the_arrangement(people: dict) -> None:
    fg = people["fg"]
    breach_id = h.report(people["politie"])
    h.assess(breach_id, fg)
    breach = h.breach(breach_id)
    assert breach.status_enum is BreachStatus.ASSESSED and breach.risk_level is RiskLevel.HIGH
    assert breach.notifier_organisation_id == organisation_id("politie")  # the source notifies
    (told,) = h.mail_to(people["_emails"]["politie"], "breach_notifier")
    assert "namens alle verwerkingsverantwoordelijken" in told.body_text
    with pytest.raises(BreachRefused) as refused:  # another notifier needs a reason
        h.assess(breach_id, fg, notifier_organisation_id=organisation_id("college"))
    assert "notifier_reason" in refused.value.errors
    h.assess(breach_id, fg, notifier_organisation_id=organisation_id("college"),
             notifier_reason="De politie vraagt het contactpunt te melden.")
    assert h.breach(breach_id).notifier_organisation_id == organisation_id("college")


def test_a_late_notification_needs_its_reasons_and_a_complete_one_all_of_33_3(
        people: dict) -> None:
    politie = people["politie"]
    breach_id = h.report(politie)
    h.assess(breach_id, people["fg"])
    late = AWARE_AT + timedelta(hours=73)
    with pytest.raises(BreachRefused) as no_reasons:
        h.notify(breach_id, politie, at=late)
    assert "delay_reasons" in no_reasons.value.errors
    with pytest.raises(BreachRefused) as incomplete:
        h.notify(breach_id, politie, at=late, delay_reasons="Weekend.", consequences=None)
    assert set(incomplete.value.errors) == {"consequences"}
    h.notify(breach_id, politie, at=late, delay_reasons="Het lek werd pas maandag duidelijk.")
    breach = h.breach(breach_id)
    assert breach.status_enum is BreachStatus.NOTIFIED
    assert "1 uur na de 72 uur" in breach.events[-1].text


def test_a_phased_notification_is_completed_under_the_same_meldnummer(people: dict) -> None:
    politie = people["politie"]
    breach_id = h.report(politie)
    h.assess(breach_id, people["fg"])
    first = AWARE_AT + timedelta(hours=20)
    h.notify(breach_id, politie, at=first, is_complete=False, consequences=None, measures=None)
    with pytest.raises(BreachRefused) as other_number:
        h.notify(breach_id, politie, at=first + timedelta(days=3), meldnummer="M-0001")
    assert "M-2026-0412345" in other_number.value.errors["meldnummer"][0]
    # A follow-up after the 72 hours needs no delay reasons: the first phase was on time (33(4)).
    h.notify(breach_id, politie, at=first + timedelta(days=3))
    breach = h.breach(breach_id)
    assert [(n.phase, n.is_complete) for n in breach.notifications] == [(1, False), (2, True)]
    assert breach.first_notified_at == first
    assert services.state_of(breach).last_notification_complete


def test_no_risk_needs_no_notification_and_stays_in_the_register(people: dict) -> None:
    fg, staff = people["fg"], people["contactpunt"]
    breach_id = h.report(staff, title="Versleutelde USB-stick kwijt",
                         breach_types=["confidentiality"], data_kinds=["identity"])
    untouched = h.report(staff, title="Nog niet beoordeeld")
    h.assess(breach_id, fg, risk=RiskLevel.NONE, factors=["encrypted"],
             reasons="Versleuteld met actuele techniek; de sleutel is niet gelekt (EDPB B-i).")
    with pytest.raises(BreachRefused):
        h.notify(breach_id, staff, at=AWARE_AT + timedelta(hours=5))
    with unit_of_work():
        services.close_breach(get_breach(breach_id, for_update=True),
                              note="Geen risico; geregistreerd.", actor=staff,
                              now=AWARE_AT + timedelta(hours=6))
    csv_text = "".join(queries.register_csv(queries.BreachFilter()))
    lines = {line.split(",")[0]: line for line in csv_text.splitlines()[1:]}
    for reference in (h.breach(breach_id).reference, h.breach(untouched).reference):
        assert reference in lines  # every breach, notified or not (33(5))
    assert ",Geen risico," in lines[h.breach(breach_id).reference]
    assert ",nee," in lines[h.breach(breach_id).reference]  # not notified
    rows, _ = queries.page(queries.BreachFilter(notified="no"), visible=None, page_number=1)
    assert {breach_id, untouched} <= {b.id for b in rows}


def test_closing_waits_for_what_the_risk_obliges(people: dict) -> None:
    staff, fg = people["contactpunt"], people["fg"]
    breach_id = h.report(staff, organisation_ids=[organisation_id("ggd")])
    h.assess(breach_id, fg)
    now = AWARE_AT + timedelta(hours=30)
    with unit_of_work(), pytest.raises(BreachRefused) as refused:
        services.close_breach(get_breach(breach_id), note="Klaar.", actor=staff, now=now)
    assert len(refused.value.errors["note"]) == 3  # notify, inform the people, the open task
    h.notify(breach_id, staff, at=now)
    h.inform(breach_id, staff, now=now)
    h.answer_all_tasks(breach_id, staff, now=now)
    with unit_of_work(), pytest.raises(BreachRefused) as no_letter:
        services.close_breach(get_breach(breach_id), note="Klaar.", actor=staff, now=now)
    assert "nog geen brief" in no_letter.value.errors["note"][0]


# ------------------------------------------------------------------------------ reminders
def _ledger(breach_id: int) -> list[tuple[str, bool]]:
    return [(r.step, r.superseded) for r in db.session.scalars(
        sa.select(BreachReminderSent).where(BreachReminderSent.breach_id == breach_id)
        .order_by(BreachReminderSent.id))]


def test_each_reminder_goes_once_to_the_fg_and_the_notifier(people: dict) -> None:
    breach_id = h.report(people["politie"])
    h.assess(breach_id, people["fg"])
    sent = []
    for hours in (23, 24, 24.5, 30, 48, 48, 60, 66, 66, 71):  # some sweeps twice
        with unit_of_work():
            result = notices.sweep(now=AWARE_AT + timedelta(hours=hours))
        sent.append(result.sent)
    assert sent == [0, 1, 0, 0, 1, 0, 0, 1, 0, 0]
    assert _ledger(breach_id) == [("24h", False), ("48h", False), ("66h", False)]
    for address in (FG_EMAIL, people["_emails"]["politie"]):
        subjects = [m.subject for m in h.mail_to(address, "breach_reminder")]
        assert subjects == [f"Herinnering: datalek {h.breach(breach_id).reference} is na {n} uur "
                            "nog niet gemeld" for n in (24, 48, 66)]


def test_no_reminders_after_the_notification_or_without_risk(people: dict) -> None:
    notified = h.report(people["politie"])
    h.assess(notified, people["fg"])
    h.notify(notified, people["politie"], at=AWARE_AT + timedelta(hours=10))
    harmless = h.report(people["contactpunt"])
    h.assess(harmless, people["fg"], risk=RiskLevel.NONE)
    with unit_of_work():
        result = notices.sweep(now=AWARE_AT + timedelta(hours=70))
    assert result.sent == 0 and _ledger(notified) == [] and _ledger(harmless) == []


def test_a_late_sweep_sends_the_latest_reminder_only(people: dict) -> None:
    breach_id = h.report(people["contactpunt"])  # not yet assessed: reminders run too
    with unit_of_work():
        result = notices.sweep(now=AWARE_AT + timedelta(hours=50))
    assert (result.sent, result.superseded) == (1, 1)
    assert _ledger(breach_id) == [("24h", True), ("48h", False)]
    assert len(h.mail_to(FG_EMAIL, "breach_reminder")) == 1


def test_the_communication_is_made_for_a_linked_person_by_letter_and_email(
        people: dict) -> None:
    staff = people["contactpunt"]
    sanne = make_request(given_names="Sanne", family_name="de Vries", email="sanne@example.test")
    other = make_request(given_names="Karel", family_name="Appel")
    breach_id = h.report(staff, request_references=[sanne.reference, other.reference])
    h.assess(breach_id, people["fg"])
    now = AWARE_AT + timedelta(hours=20)
    with unit_of_work(), pytest.raises(BreachRefused):  # decide first
        notification.make_communication(get_breach(breach_id),
                                        notification.Recipient("letter", dsr_id=sanne.id),
                                        actor=staff, now=now)
    with pytest.raises(BreachRefused) as incomplete:
        h.inform(breach_id, staff, now=now, people_advice="")
    assert set(incomplete.value.errors) == {"people_advice"}
    h.inform(breach_id, staff, now=now)
    with unit_of_work():
        breach = get_breach(breach_id, for_update=True)
        notification.make_communication(breach, notification.Recipient("letter", dsr_id=sanne.id),
                                        actor=staff, now=now)
        notification.make_communication(breach, notification.Recipient("email", dsr_id=sanne.id),
                                        actor=staff, now=now)
    breach = h.breach(breach_id)
    letter, email = breach.communications
    assert letter.address == "Dorpsstraat 1\n1234 AB Voorbeeldstad" and letter.email is None
    assert email.email == "sanne@example.test" and email.mail_id is not None
    (mail,) = h.mail_to("sanne@example.test", "breach_communication")
    assert mail.letter_id == email.letter_id  # the letter goes with the e-mail as a PDF
    for text in h.PEOPLE_TEXTS.values():
        assert text in mail.body_text
    assert "A. de Boer" in mail.body_text and FG_EMAIL in mail.body_text
    assert "Karel" not in mail.body_text and breach.description not in mail.body_text


def test_why_the_people_are_not_told_is_recorded_with_its_ground(people: dict) -> None:
    staff = people["contactpunt"]
    breach_id = h.report(staff)
    h.assess(breach_id, people["fg"])
    now = AWARE_AT + timedelta(hours=10)

    def decide(decision: CommunicationDecision, **fields: str) -> None:
        with unit_of_work():
            notification.decide_communication(
                get_breach(breach_id, for_update=True),
                notification.PeopleDecision(decision, **fields), actor=staff, now=now)

    with pytest.raises(BreachRefused) as no_reason:
        decide(CommunicationDecision.ENCRYPTED)
    assert "reason" in no_reason.value.errors
    with pytest.raises(BreachRefused) as no_ground:  # UAVG 41(1) names its ground
        decide(CommunicationDecision.RESTRICTED, reason="Lopend strafrechtelijk onderzoek.")
    assert "ground" in no_ground.value.errors
    decide(CommunicationDecision.RESTRICTED, ground="41d",
           reason="Informeren schaadt het lopende opsporingsonderzoek.")
    breach = h.breach(breach_id)
    assert (breach.communication_decision, breach.communication_ground) == ("uavg-41", "41d")
    h.notify(breach_id, staff, at=now)
    with unit_of_work():  # no letter needed: the reason why not is in the record
        services.close_breach(get_breach(breach_id, for_update=True), note="Gemeld.",
                              actor=staff, now=now)
    row = queries.register_row(h.breach(breach_id))
    assert "art. 41 lid 1 UAVG" in " ".join(str(v) for v in row)


def test_the_facts_are_updated_and_a_new_moment_of_awareness_needs_a_reason(
        people: dict) -> None:
    fg = people["fg"]
    breach_id = h.report(people["politie"])
    facts = dict(title="Verslag naar verkeerde ontvanger", description="Twee verslagen gemaild.",
                 aware_at=AWARE_AT - timedelta(hours=5), breach_types=["confidentiality"],
                 data_kinds=["case"], persons_count=5, measures="Ontvanger belde terug.")
    now = AWARE_AT + timedelta(hours=6)
    with unit_of_work(), pytest.raises(BreachRefused) as no_reason:
        services.update_facts(get_breach(breach_id), services.Report(**facts), reason=None,
                              actor=fg, now=now)
    assert "reason" in no_reason.value.errors
    with unit_of_work():
        changed = services.update_facts(get_breach(breach_id, for_update=True),
                                        services.Report(**facts),
                                        reason="De ontvanger meldde het eerder dan gedacht.",
                                        actor=fg, now=now)
    assert set(changed) == {"title", "description", "aware_at", "data_kinds", "persons_count",
                            "measures"}
    breach = h.breach(breach_id)
    assert breach.aware_at == AWARE_AT - timedelta(hours=5)
    assert "Reden: De ontvanger meldde het eerder dan gedacht." in breach.events[-1].text
    with unit_of_work(), pytest.raises(BreachRefused):
        services.update_facts(get_breach(breach_id), services.Report(**facts), reason=None,
                              actor=fg, now=now)  # nothing changed
