"""The decision page's read model: what the page of a request's besluit shows, built here.

The view only parses, calls, commits and renders (STYLE.md): the queries (the decision, its
letter, the drafter's and approver's names, blocking tasks, penalties) and the legal derivations
(the bezwaartermijn, which grounds fit which right, the first proposal of an inzage) are made by
``decision_page``; labels and form field names that never change are ``LABELS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.policy import may
from avg_service.access.roles import Permission
from avg_service.accounts.models import User
from avg_service.coordination import outcome as coordination_outcome
from avg_service.coordination import services as coordination
from avg_service.coordination.rules import GROUNDS_BY_CODE as RESTRICTION_GROUNDS
from avg_service.decisions import catalogue, services
from avg_service.decisions.catalogue import GROUNDS_BY_CODE, OUTCOME_LABELS, REFUSAL_12_5_GROUNDS
from avg_service.decisions.models import (
    DECISION_KIND_LABELS,
    DECISION_STATUS_LABELS,
    Decision,
    DecisionKind,
    DecisionStatus,
)
from avg_service.decisions.schemas import (
    CHANNEL_LABELS,
    PENALTY_NOTE,
    grounds_field,
    measures_field,
    motivation_field,
    outcome_field,
)
from avg_service.extensions import db
from avg_service.hearing import services as hearing
from avg_service.letters.models import Letter
from avg_service.requests import representatives
from avg_service.requests.lifecycle import (
    DEATH_ESTABLISHED_LABELS,
    RIGHT_LABELS,
    STATUS_LABELS,
    DeathEstablished,
    Status,
)
from avg_service.requests.models import DataSubjectRequest

#: A draft can be started while the request is handled or being decided.
DRAFTABLE = frozenset({Status.IN_PROGRESS, Status.DECIDING})


def outcomes_for(right: str) -> list[tuple[str, str]]:
    """The outcomes the catalogue allows for ``right``, as (value, label) for the select."""
    return [(o.value, OUTCOME_LABELS[o]) for o in catalogue.outcomes_for(right)]


#: What the page prints from that is the same for every request.
LABELS: Mapping[str, Any] = {
    "right_labels": {r.value: label for r, label in RIGHT_LABELS.items()},
    "grounds": GROUNDS_BY_CODE,
    "status_labels": {s.value: label for s, label in STATUS_LABELS.items()},
    "decision_status_labels": {s.value: label for s, label in DECISION_STATUS_LABELS.items()},
    "outcome_labels": {o.value: label for o, label in OUTCOME_LABELS.items()},
    "grounds_for": catalogue.grounds_for,
    "outcomes_for": outcomes_for,
    "kind_labels": {k.value: label for k, label in DECISION_KIND_LABELS.items()},
    "refusal_grounds": REFUSAL_12_5_GROUNDS,
    "channel_labels": CHANNEL_LABELS,
    "penalty_note": PENALTY_NOTE,
}


def default_channel(dsr: DataSubjectRequest) -> str:
    """The bekendmaking follows the requester's choice: electronically when they chose it
    expressly (Awb 2:8; a request made electronically is answered so, AVG 12(3), 15(3)), else
    by post."""
    return "electronic" if dsr.delivery == "electronic" and dsr.electronic_consent else "post"


@dataclass(frozen=True, slots=True)
class DecisionPage:
    """The besluit on one request as the page shows it to one actor."""

    dsr: DataSubjectRequest
    decision: Decision | None
    letter: Letter | None
    names: dict[int, str]
    today: date
    rights: list[str]
    field_names: dict[str, dict[str, str]]
    values: dict[str, Any]
    may_draft: bool
    may_record: bool
    can_start: bool
    can_decide_deceased: bool
    representation_points: tuple[str, ...]
    hearing_points: list[str]
    deceased_label: str | None
    is_drafter: bool
    blocking: list[Any]
    can_refuse_12_5: bool
    can_not_handle: bool
    silent_cited: list[Any]
    restrictions: list[dict[str, Any]]
    electronic_allowed: bool
    default_channel: str
    versions: list[Any]
    objection_period: Any
    notices: Any
    availability: Any
    may_register_notice: bool

    def context(self) -> dict[str, Any]:
        """The template's variables (with ``LABELS``)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def decision_page(dsr: DataSubjectRequest, *, actor: Actor, today: date, now: datetime,
                  draft_form: Any | None = None) -> DecisionPage:
    """The page's data. ``draft_form``: the draft form just sent back with a refusal, shown as
    typed instead of the saved draft."""
    decision = services.decision_of(dsr)
    rights = [r.value for r in dsr.rights_list]
    names = dict(db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(
        {decision.drafted_by_id, decision.approved_by_id} - {None} if decision else set())
    )).all())
    is_draft = decision is not None and decision.status_enum is DecisionStatus.DRAFT
    notified = decision is not None and decision.status_enum is DecisionStatus.NOTIFIED
    return DecisionPage(
        dsr=dsr, decision=decision, names=names, today=today, rights=rights,
        letter=services.current_letter(decision) if decision is not None else None,
        field_names={r: {"outcome": outcome_field(r), "grounds": grounds_field(r),
                         "motivation": motivation_field(r), "measures": measures_field(r)}
                     for r in rights},
        values=_draft_values(dsr, decision if is_draft else None, draft_form),
        may_draft=may(actor, Permission.DECISIONS_DRAFT),
        may_record=may(actor, Permission.DECISIONS_RECORD),
        can_start=decision is None and dsr.status_enum in DRAFTABLE and dsr.deceased is None,
        can_decide_deceased=decision is None and dsr.deceased is not None
        and dsr.status_enum in (Status.RECEIVED, Status.IN_PROGRESS, Status.DECIDING),
        representation_points=representatives.open_points(dsr),
        hearing_points=hearing.open_points(dsr, today=today),
        deceased_label=DEATH_ESTABLISHED_LABELS[DeathEstablished(dsr.deceased.established_by)]
        if dsr.deceased else None,
        is_drafter=decision is not None and decision.drafted_by_id == actor.user_id,
        blocking=services.blocking_tasks(dsr)
        if is_draft and decision is not None and decision.kind == DecisionKind.ON_REQUEST.value
        else [],
        can_refuse_12_5=decision is None and dsr.deceased is None
        and dsr.status_enum in (Status.RECEIVED, Status.IN_PROGRESS),
        can_not_handle=decision is None and dsr.status_enum is Status.TERM_EXPIRED,
        silent_cited=services.cited_silent_grounds(dsr, [
            code for p in decision.parts for code in p.ground_codes]) if is_draft and
        decision is not None else [],
        restrictions=_participant_restrictions(dsr),
        electronic_allowed=dsr.delivery == "electronic" and dsr.electronic_consent,
        default_channel=default_channel(dsr),
        versions=services.letter_versions(decision) if decision is not None else [],
        objection_period=law.objection_period_end_explained(decision.verzenddatum)
        if notified and decision is not None and decision.verzenddatum else None,
        notices=services.penalties(dsr, today=today),
        availability=services.availability_notice(decision, now=now)
        if decision is not None else None,
        may_register_notice=dsr.is_open,
    )


def _draft_values(dsr: DataSubjectRequest, decision: Decision | None,
                  form: Any | None) -> dict[str, Any]:
    """What the draft form shows per right: what was just sent (after a refusal), the saved
    draft, or nothing yet."""
    rights = [r.value for r in dsr.rights_list]
    if form is not None:
        parts = {r: {"outcome": form.get(outcome_field(r), ""),
                     "grounds": set(form.getlist(grounds_field(r))),
                     "motivation": form.get(motivation_field(r), ""),
                     "measures": form.get(measures_field(r), "")} for r in rights}
        return {"parts": parts, "history_note": form.get("history_note", "")}
    saved = {p.right: p for p in decision.parts} if decision is not None else {}
    proposed = _proposal(dsr) if decision is None else {}
    parts = {r: {"outcome": saved[r].outcome if r in saved else proposed.get(r, ("", set()))[0],
                 "grounds": set(saved[r].ground_codes) if r in saved else
                 proposed.get(r, ("", set()))[1],
                 "motivation": (saved[r].motivation or "") if r in saved else "",
                 "measures": (saved[r].measures or "") if r in saved else ""} for r in rights}
    return {"parts": parts,
            "history_note": (decision.history_note or "") if decision is not None else ""}


def _proposal(dsr: DataSubjectRequest) -> dict[str, tuple[str, set[str]]]:
    """A first draft of inzage: "gedeeltelijk toewijzen" on the stated grounds when a
    participant withholds entries or files under them (never a silent one: that would reveal
    it, UAVG art. 41(2)(h))."""
    tasks = coordination_outcome.tasks_of(dsr)
    if "15" not in {r.value for r in dsr.rights_list} or not \
            coordination_outcome.proposed_partial(tasks):
        return {}
    allowed = {g.code for g in catalogue.grounds_for("15")}
    grounds = {r.ground for t in tasks for r in coordination_outcome.visible_restrictions(t)
               if r.ground in allowed}
    return {"15": (catalogue.Outcome.PARTLY_GRANTED.value, grounds)}


def _participant_restrictions(dsr: DataSubjectRequest) -> list[dict[str, Any]]:
    """The restriction motivations the participants gave (for the jurist's reference)."""
    found = []
    for line in coordination.consolidated(dsr):
        answer = line.task.answer if line.task is not None else None
        for restriction in answer.restrictions if answer is not None else []:
            ground = RESTRICTION_GROUNDS[restriction.ground]
            found.append({"organisation": line.organisation.name, "source": ground.source,
                          "label": ground.label, "motivation": restriction.motivation,
                          "defeats": restriction.notice_defeats_purpose})
    return found
