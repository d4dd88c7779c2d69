"""Retention use cases: the settings, the sweep that proposes a destruction list, the FG's
approval (four eyes where configured) or rejection, and carrying the list out.

Carrying out removes the files and anonymises the personal fields of exactly the items on the
list, writes a timeline note on each request that says what was destroyed, when and on whose
approval, and records the list in the audit log. Audit entries hold no personal data (WGS art.
1.8(4) asks who, what and when), so the hash chain is untouched and stays verifiable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination.models import (
    CoordinationTask,
    TaskAnswer,
    TaskFile,
    TaskMessage,
    TaskRestriction,
    ThirdParty,
)
from avg_service.decisions.models import Decision, DecisionPart, DecisionPreview
from avg_service.extensions import db
from avg_service.hearing.models import Hearing
from avg_service.letters.models import Letter
from avg_service.mail.models import MailStatus, OutboxMessage
from avg_service.portal.models import StatusLink
from avg_service.requests import documents
from avg_service.requests.models import DataSubjectRequest, DsrDocument, DsrEvent, Invitation
from avg_service.retention import rules
from avg_service.retention.models import DestructionItem, DestructionList, RetentionSettings
from avg_service.retention.rules import TERMS, ListStatus, RecordKind

DESTROYED = "[vernietigd]"
Dsr = DataSubjectRequest


def retention_settings() -> RetentionSettings:
    """The stored settings, or the defaults (never written by reading)."""
    found = db.session.get(RetentionSettings, 1)
    if found is not None:
        return found
    return RetentionSettings(id=1, **{f"{k.value}_months": t.default_months
                                      for k, t in TERMS.items()}, four_eyes=False)


def update_settings(*, months: dict[RecordKind, int], four_eyes: bool, actor: Actor,
                    now: datetime) -> RetentionSettings:
    row = db.session.get(RetentionSettings, 1) or RetentionSettings(id=1)
    for kind, value in months.items():
        if value < 1:
            raise rules.DestructionRefused("Een bewaartermijn is ten minste één maand.")
        setattr(row, f"{kind.value}_months", value)
    row.four_eyes = four_eyes
    row.updated_at = now
    row.updated_by_id = actor.user_id
    db.session.add(row)
    db.session.flush()
    record(actor, "retention.settings_update", object_type="retention_settings", object_id=1,
           purpose=Purpose.ADMINISTRATION, at=now)
    return row


# ------------------------------------------------------------------------------ the sweep
def _midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=clock.AMSTERDAM) \
        .astimezone(UTC)


def _listed() -> sa.Select[str, str, int]:
    """Objects already on a list that is open (proposed, approved) or carried out."""
    return (sa.select(DestructionItem.kind, DestructionItem.object_type, DestructionItem.object_id)
            .join(DestructionList).where(DestructionList.status != ListStatus.REJECTED.value))


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: RecordKind
    object_type: str
    object_id: int
    reference: str
    due_on: date
    description: str


def candidates(*, today: date, settings: RetentionSettings | None = None) -> list[Candidate]:
    """What is due for destruction on ``today`` and not yet on a list (pure reading)."""
    settings = settings or retention_settings()
    listed = {(k, t, i) for k, t, i in db.session.execute(_listed())}
    found: list[Candidate] = []

    def closed_before(kind: RecordKind) -> Iterable[tuple[int, str, datetime | None, date]]:
        cutoff = rules.cutoff(today, settings.months(kind))
        return db.session.execute(
            sa.select(Dsr.id, Dsr.reference, Dsr.closed_at, Dsr.received_on)
            .where(sa.not_(Dsr.is_open), Dsr.closed_at < _midnight_after(cutoff))
            .order_by(Dsr.id)).all()

    file_done = {i for k, t, i in listed if k == RecordKind.REQUEST_FILE.value}
    for kind in (RecordKind.REQUEST_FILE, RecordKind.DATA_COPIES, RecordKind.UPLOADS):
        months = settings.months(kind)
        ids_with_content = _with_content(kind)
        for dsr_id, reference, closed_at, received_on in closed_before(kind):
            if (kind.value, "dsr", dsr_id) in listed or dsr_id not in ids_with_content:
                continue
            if kind is not RecordKind.REQUEST_FILE and dsr_id in file_done:
                continue
            assert closed_at is not None  # a closed request (CHECK closed_when_terminal)
            closed_on = closed_at.astimezone(clock.AMSTERDAM).date()
            found.append(Candidate(
                kind, "dsr", dsr_id, reference,
                rules.due_on(closed_on, months, received_on=received_on, kind=kind),
                f"Verzoek {reference}: {TERMS[kind].label.lower()} ({months} maanden "
                f"{TERMS[kind].starts})"))
        if kind is RecordKind.REQUEST_FILE:
            file_done |= {c.object_id for c in found if c.kind is RecordKind.REQUEST_FILE}
    # WGS art. 1.8(7): copies of ZVH data never longer than five years after receipt, even
    # while the request file itself is kept.
    cap = rules.cutoff(today, rules.WGS_MAXIMUM_YEARS * 12)
    already = {c.object_id for c in found if c.kind is RecordKind.DATA_COPIES} | file_done
    for dsr_id, reference in db.session.execute(
            sa.select(Dsr.id, Dsr.reference).where(Dsr.received_on <= cap).order_by(Dsr.id)):
        if dsr_id in already or ("data_copies", "dsr", dsr_id) in listed \
                or dsr_id not in _with_content(RecordKind.DATA_COPIES):
            continue
        found.append(Candidate(RecordKind.DATA_COPIES, "dsr", dsr_id, reference, today,
                               f"Verzoek {reference}: kopieën van gegevens, vijf jaar na "
                               "ontvangst (art. 1.8 lid 7 WGS)"))
    mail_cutoff = _midnight_after(rules.cutoff(today, settings.months(RecordKind.MAIL_BODIES)))
    for message_id, created_at in db.session.execute(
            sa.select(OutboxMessage.id, OutboxMessage.created_at).where(
                OutboxMessage.status != MailStatus.PENDING.value,
                OutboxMessage.created_at < mail_cutoff,
                OutboxMessage.body_text != DESTROYED).order_by(OutboxMessage.id)):
        if ("mail_bodies", "mail_outbox", message_id) in listed:
            continue
        created_on = created_at.astimezone(clock.AMSTERDAM).date()
        found.append(Candidate(
            RecordKind.MAIL_BODIES, "mail_outbox", message_id, f"bericht {message_id}",
            rules.due_on(created_on, settings.months(RecordKind.MAIL_BODIES)),
            f"E-mailbericht {message_id}: tekst en adres "
            f"({settings.months(RecordKind.MAIL_BODIES)} maanden na aanmaken)"))
    return found


def _with_content(kind: RecordKind) -> set[int]:
    """Requests that still hold something of ``kind`` (nothing to destroy: no item)."""
    if kind is RecordKind.REQUEST_FILE:
        return set(db.session.scalars(sa.select(Dsr.id).where(Dsr.family_name != DESTROYED)))
    if kind is RecordKind.UPLOADS:
        return set(db.session.scalars(sa.select(DsrDocument.dsr_id).where(
            DsrDocument.storage_key.is_not(None))))
    answered = sa.select(CoordinationTask.dsr_id).join(
        TaskAnswer, TaskAnswer.task_id == CoordinationTask.id)
    filed = sa.select(CoordinationTask.dsr_id).join(
        TaskFile, TaskFile.task_id == CoordinationTask.id)
    return set(db.session.scalars(answered.union(filed)))


def propose(*, today: date, now: datetime, actor: Actor) -> DestructionList | None:
    """The sweep: a new list of everything due and not yet listed, or None if nothing is."""
    found = candidates(today=today)
    if not found:
        return None
    destruction_list = DestructionList(status=ListStatus.PROPOSED.value, proposed_at=now,
                                       proposed_by_id=actor.user_id)
    destruction_list.items = [
        DestructionItem(kind=c.kind.value, object_type=c.object_type, object_id=c.object_id,
                        reference=c.reference, due_on=c.due_on, description=c.description)
        for c in found]
    db.session.add(destruction_list)
    db.session.flush()
    record(actor, "retention.propose", object_type="destruction_list",
           object_id=destruction_list.id, purpose=Purpose.SUPERVISION, at=now)
    return destruction_list


# ------------------------------------------------------------------------------ approval
def get_list(list_id: int, *, for_update: bool = False) -> DestructionList | None:
    return db.session.get(DestructionList, list_id, with_for_update=for_update)


def approve(destruction_list: DestructionList, *, actor: Actor, now: datetime) -> bool:
    """One FG approval; returns True once the list is approved (the second with four eyes)."""
    assert actor.user_id is not None
    settings = retention_settings()
    outcome = rules.approve(destruction_list.status_enum, approver_id=actor.user_id,
                            first_approver_id=destruction_list.first_approved_by_id,
                            four_eyes=settings.four_eyes)
    if outcome.status is ListStatus.PROPOSED:
        destruction_list.first_approved_by_id = actor.user_id
        destruction_list.first_approved_at = now
    else:
        destruction_list.approved_by_id = actor.user_id
        destruction_list.approved_at = now
        destruction_list.status = ListStatus.APPROVED.value
    db.session.flush()
    record(actor, "retention.approve", object_type="destruction_list",
           object_id=destruction_list.id, purpose=Purpose.SUPERVISION, at=now)
    return outcome.status is ListStatus.APPROVED


def reject(destruction_list: DestructionList, *, reason: str | None, actor: Actor,
           now: datetime) -> None:
    rules.check_can_reject(destruction_list.status_enum, reason)
    assert reason is not None
    destruction_list.status = ListStatus.REJECTED.value
    destruction_list.rejected_reason = reason.strip()
    destruction_list.rejected_at = now
    destruction_list.rejected_by_id = actor.user_id
    db.session.flush()
    record(actor, "retention.reject", object_type="destruction_list",
           object_id=destruction_list.id, purpose=Purpose.SUPERVISION, at=now)


# ------------------------------------------------------------------------------ carrying out
def carry_out(destruction_list: DestructionList, *, actor: Actor, now: datetime) -> int:
    """Destroy exactly what the approved list names; returns the number of items done.

    Files are removed after the rows say so, inside the same unit of work; a file already gone
    (a crash between two runs) is no error."""
    rules.check_can_carry_out(destruction_list.status_enum)
    approvers = [destruction_list.first_approved_by_id, destruction_list.approved_by_id]
    names = [n for i in approvers if i is not None
             for n in [db.session.scalar(sa.select(User.display_name).where(User.id == i))] if n]
    approval = (f"goedgekeurd door {' en '.join(names)} op "
                f"{destruction_list.approved_at.astimezone(clock.AMSTERDAM):%d-%m-%Y}"
                if destruction_list.approved_at else "")
    done = 0
    for item in destruction_list.items:
        if item.done_at is not None:
            continue
        kind = RecordKind(item.kind)
        if item.object_type == "dsr":
            dsr = db.session.get(Dsr, item.object_id)
            if dsr is not None:
                _destroy_request_part(dsr, kind, now=now)
                dsr.note("retention_destroyed", actor_id=actor.user_id, at=now,
                         reason=f"Vernietigd op {now.astimezone(clock.AMSTERDAM):%d-%m-%Y}: "
                                f"{TERMS[kind].label.lower()} (vernietigingslijst "
                                f"{destruction_list.id}, {approval}).")
        elif item.object_type == "mail_outbox":
            message = db.session.get(OutboxMessage, item.object_id)
            if message is not None:
                message.body_text = DESTROYED
                message.to_address = "vernietigd@invalid"
        item.done_at = now
        done += 1
    destruction_list.status = ListStatus.CARRIED_OUT.value
    destruction_list.carried_out_at = now
    destruction_list.carried_out_by_id = actor.user_id
    db.session.flush()
    record(actor, "retention.carry_out", object_type="destruction_list",
           object_id=destruction_list.id, purpose=Purpose.SUPERVISION, at=now)
    return done


def _destroy_request_part(dsr: DataSubjectRequest, kind: RecordKind, *, now: datetime) -> None:
    if kind in (RecordKind.DATA_COPIES, RecordKind.REQUEST_FILE):
        _destroy_copies(dsr)
    if kind in (RecordKind.UPLOADS, RecordKind.REQUEST_FILE):
        for document in dsr.documents:
            documents.delete_content(document, at=now)
    if kind is RecordKind.REQUEST_FILE:
        _anonymise_request(dsr, now=now)


def _destroy_copies(dsr: DataSubjectRequest) -> None:
    """The participants' answers in the file: the data, the art. 15(1) information, the
    positions, restriction motivations, their files and the messages about the task."""
    tasks = list(db.session.scalars(sa.select(CoordinationTask)
                                    .where(CoordinationTask.dsr_id == dsr.id)))
    for task in tasks:
        answer = task.answer
        if answer is not None:
            for name in ("categories", "purposes", "sources", "recipients", "retention",
                         "data_entries", "position", "actions"):
                setattr(answer, name, None)
            for restriction in answer.restrictions:
                restriction.motivation = DESTROYED
        for task_file in list(task.files):
            documents.remove_after_commit(task_file.storage_key)
            db.session.delete(task_file)
        for message in task.messages:
            message.body = DESTROYED
        task.decline_reason = DESTROYED if task.decline_reason else None
        task.reopen_reason = None


def _anonymise_request(dsr: DataSubjectRequest, *, now: datetime) -> None:
    """The personal fields of the request, its letters, the texts of its besluit and
    timeline; what stays is what the figures count (dates, rights, channel, outcomes)."""
    dsr.given_names = DESTROYED
    dsr.family_name = DESTROYED
    dsr.search_name = ""
    dsr.date_of_birth = None
    dsr.street_address = dsr.postcode = dsr.city = dsr.phone = None
    if dsr.delivery == "electronic":
        dsr.email = "vernietigd@invalid"  # the CHECK keeps an address with electronic delivery
    else:
        dsr.email = None
    dsr.bsn_encrypted = dsr.bsn_hash = dsr.bsn_last3 = None
    if dsr.represented_name is not None:
        dsr.represented_name = DESTROYED
    dsr.represented_date_of_birth = None
    dsr.description = None
    dsr.rectification_wrong = dsr.rectification_correct = None
    if dsr.refusal_reason is not None:
        dsr.refusal_reason = DESTROYED
    if dsr.extension_reason is not None:
        dsr.extension_reason = DESTROYED
    for event in dsr.events:
        event.reason = None
    for invitation in dsr.invitations:
        invitation.what = DESTROYED
    for third in db.session.scalars(sa.select(ThirdParty).where(ThirdParty.dsr_id == dsr.id)):
        third.name = DESTROYED
        third.note = None
    _anonymise_representation_and_hearing(dsr)
    decision = db.session.scalar(sa.select(Decision).where(Decision.dsr_id == dsr.id))
    if decision is not None:
        db.session.execute(sa.delete(DecisionPreview).where(
            DecisionPreview.decision_id == decision.id))  # concept copies: nothing to keep
        decision.history_note = None
        for part in decision.parts:
            part.motivation = None
            part.measures = None
    for link in db.session.scalars(sa.select(StatusLink).where(StatusLink.dsr_id == dsr.id,
                                                                StatusLink.revoked_at.is_(None))):
        link.revoked_at = now
    for letter in db.session.scalars(sa.select(Letter).where(
            Letter.dsr_id == dsr.id, Letter.rendered_at.is_not(None),
            sa.not_(Letter.kind.startswith("datalek_")))):  # the breach register keeps its own
        _replace_letter(letter)
    for message in db.session.scalars(sa.select(OutboxMessage).where(
            OutboxMessage.dsr_id == dsr.id, OutboxMessage.status != MailStatus.PENDING.value)):
        message.body_text = DESTROYED
        message.to_address = "vernietigd@invalid"


def _anonymise_representation_and_hearing(dsr: DataSubjectRequest) -> None:
    """Issue 19's texts about people: the checks of gezag and authority, the involvement note,
    the death record's note, and each hearing's person, address, subject, answer and weighing
    (the dates and the exception codes stay for the figures)."""
    checked = dsr.representative
    if checked is not None:
        checked.gezag_note = None
        if checked.authority_scope is not None:
            checked.authority_scope = DESTROYED
        if checked.involved_note is not None:
            checked.involved_note = DESTROYED
    if dsr.deceased is not None:
        dsr.deceased.note = None
        dsr.deceased.died_on = None
    for heard in db.session.scalars(sa.select(Hearing).where(Hearing.dsr_id == dsr.id)):
        heard.name = DESTROYED if heard.name else None
        heard.street_address = heard.postcode = heard.city = None
        heard.regarding = DESTROYED
        if heard.exception_reason is not None:
            heard.exception_reason = DESTROYED
        heard.answer_summary = None
        if heard.weighing is not None:
            heard.weighing = DESTROYED


_TOMBSTONE: bytes | None = None


def _replace_letter(letter: Letter) -> None:
    """A destroyed letter keeps its row (kind, kenmerk, dagtekening: the register of what was
    sent) and gets a one-page PDF that says it was destroyed, with that PDF's hash."""
    import hashlib

    from avg_service.letters.rendering import render_pdf

    global _TOMBSTONE
    if _TOMBSTONE is None:
        _TOMBSTONE = render_pdf("<p>Deze brief is vernietigd na afloop van de bewaartermijn "
                                "(artikel 5 lid 1 onder e AVG).</p>")
    letter.pdf = _TOMBSTONE
    letter.sha256 = hashlib.sha256(_TOMBSTONE).hexdigest()
    letter.page_count = 1


# ------------------------------------------------------------------------------ reading
def lists(limit: int = 50) -> list[DestructionList]:
    return list(db.session.scalars(sa.select(DestructionList)
                                   .order_by(DestructionList.id.desc()).limit(limit)))


def carried_out_in(year: int) -> list[tuple[DestructionList, dict[str, int]]]:
    """The lists carried out in ``year`` with the number of items per kind (annual report)."""
    start = datetime(year, 1, 1, tzinfo=clock.AMSTERDAM).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=clock.AMSTERDAM).astimezone(UTC)
    result = []
    for destruction_list in db.session.scalars(
            sa.select(DestructionList).where(
                DestructionList.status == ListStatus.CARRIED_OUT.value,
                DestructionList.carried_out_at >= start, DestructionList.carried_out_at < end)
            .order_by(DestructionList.id)):
        counts: dict[str, int] = {}
        for item in destruction_list.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        result.append((destruction_list, counts))
    return result
