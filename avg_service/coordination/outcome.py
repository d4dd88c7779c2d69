"""What the coordination means for the besluit: whether every joint controller was heard, what
each one answered (for the letter's verloop and annex), the restrictions the letter may state,
and the outcome the draft proposes.

A request to the contact point is a request to every joint controller (BGS art. 1.1(1)); a
besluit that rests on the answers of only some of them is not prepared with care (Awb 3:2). A
restriction whose notice would defeat its purpose (UAVG art. 41(2)(h)) is never visible in the
letter: not its ground, not a sentence that appears only when it exists. Its reasons stay in the
file for the court (Awb 8:29).

The functions read the tasks they are given and never write; ``decisions`` calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from avg_service.coordination import rules
from avg_service.coordination.models import CoordinationTask, TaskRestriction
from avg_service.coordination.rules import ANSWERED, SETTLED, TaskStatus
from avg_service.coordination.services import default_organisations
from avg_service.extensions import db
from avg_service.requests.models import DataSubjectRequest

#: The one sentence every access decision carries, whether or not anything is withheld under
#: UAVG art. 41(2)(h): it reveals nothing because it is always there (and never only then).
NEUTRAL_SENTENCE = (
    "Gegevens waarvan het verstrekken een belang zou schaden dat artikel 41 van de "
    "Uitvoeringswet AVG beschermt, verstrekken wij niet. Wij noemen zo'n beperking in dit besluit "
    "alleen als het noemen ervan dat belang niet schaadt (artikel 41, tweede lid, onder h, "
    "Uitvoeringswet AVG).")


def tasks_of(dsr: DataSubjectRequest) -> list[CoordinationTask]:
    return list(db.session.scalars(sa.select(CoordinationTask).where(
        CoordinationTask.dsr_id == dsr.id).order_by(CoordinationTask.id)))


def unheard_controllers(dsr: DataSubjectRequest) -> list[str]:
    """The active joint controllers without a task that is answered, declined with a reason,
    answered on behalf or set aside (BGS art. 1.1(1); Awb 3:2). A besluit is refused while any
    is listed. Private participants with a task that still waits are listed too."""
    tasks = {t.organisation_id: t for t in tasks_of(dsr)}
    missing = []
    for organisation in default_organisations():
        task = tasks.get(organisation.id)
        if task is None:
            missing.append(f"{organisation.name} (nog geen taak)")
        elif task.status_enum not in SETTLED:
            missing.append(f"{organisation.name} ({rules.TASK_STATUS_LABELS[task.status_enum].lower()})")
    for task in tasks.values():
        if not task.organisation.is_joint_controller and task.status_enum in (
                TaskStatus.OPEN, TaskStatus.QUESTION):
            missing.append(f"{task.organisation.name} "
                           f"({rules.TASK_STATUS_LABELS[task.status_enum].lower()})")
    return missing


def silent(restriction: TaskRestriction) -> bool:
    """UAVG art. 41(2)(h): telling the person would defeat the restriction's purpose."""
    return restriction.notice_defeats_purpose


def visible_restrictions(task: CoordinationTask) -> list[TaskRestriction]:
    """The restrictions the letter may state: never a silent one."""
    if task.answer is None or task.status_enum not in ANSWERED:
        return []
    return [r for r in task.answer.restrictions if not silent(r)]


def has_silent_restriction(tasks: list[CoordinationTask]) -> bool:
    return any(silent(r) for t in tasks if t.answer is not None and t.status_enum in ANSWERED
               for r in t.answer.restrictions)


def withholds_visibly(task: CoordinationTask) -> bool:
    """Whether the letter may say this participant withholds something (a stated ground, or a
    file withheld under one)."""
    stated = {r.ground for r in visible_restrictions(task)}
    return bool(stated) or any(f.withheld_ground in stated for f in task.files)


@dataclass(frozen=True, slots=True)
class ControllerLine:
    """What one organisation's part was, for the letter (verloop and dictum)."""

    organisation: str
    is_joint_controller: bool
    status: str
    text: str
    holds_data: bool | None


def controller_lines(tasks: list[CoordinationTask]) -> list[ControllerLine]:
    """Per organisation asked, in plain Dutch, what it answered. A silent restriction changes
    nothing here: the line of a controller that withholds silently reads as any other."""
    lines = []
    for task in tasks:
        name, status = task.organisation.name, task.status_enum
        holds = task.answer.holds_data if task.answer is not None else None
        if status in ANSWERED:
            held = ("heeft gegevens over u in de verwerking van het Zorg- en Veiligheidshuis"
                    if holds else "heeft geen gegevens over u in deze verwerking")
            text = f"{name} {held}"
            if status is TaskStatus.ON_BEHALF:
                text += (f" (antwoord per {rules.ON_BEHALF_SOURCES[task.on_behalf_source or 'other'].lower()}"
                         f" van {task.on_behalf_received_on:%d-%m-%Y}, vastgelegd door het "
                         "contactpunt)")
            if holds and withholds_visibly(task):
                text += "; een deel van de gegevens verstrekt zij niet (zie de motivering)"
            text += "."
        elif status is TaskStatus.DECLINED:
            text = f"{name} heeft laten weten dat zij niet bij uw verzoek betrokken is: " \
                   f"{task.decline_reason}"
        elif status is TaskStatus.SET_ASIDE:
            text = f"{name}: {task.set_aside_reason}"
        else:
            text = f"{name} heeft niet geantwoord."
        lines.append(ControllerLine(name, task.organisation.is_joint_controller, status.value,
                                    text, holds))
    return lines


def proposed_partial(tasks: list[CoordinationTask]) -> list[str]:
    """The participants for which the draft proposes "gedeeltelijk toewijzen": each that
    withholds entries or files under a ground the letter may state. A silent restriction
    proposes nothing (that would reveal it); the jurist's page warns instead."""
    return [t.organisation.name for t in tasks
            if t.answer is not None and t.status_enum in ANSWERED and withholds_visibly(t)]


def silent_only_grounds(tasks: list[CoordinationTask]) -> set[str]:
    """The grounds only a silent restriction invokes: a besluit that cites one of them reveals
    the restriction (UAVG art. 41(2)(h))."""
    answered = [t for t in tasks if t.answer is not None and t.status_enum in ANSWERED]
    silent_grounds = {r.ground for t in answered for r in t.answer.restrictions  # type: ignore[union-attr]
                      if silent(r)}
    stated = {r.ground for t in answered for r in visible_restrictions(t)}
    return silent_grounds - stated


def weighing_text(restriction: TaskRestriction) -> list[str]:
    """The UAVG art. 41(2) weighing of a stated restriction, point by point in plain Dutch."""
    return [f"Over {rules.WEIGHING_POINTS[point]}: {text}"
            for point, text in sorted((restriction.weighing or {}).items())
            if point in rules.WEIGHING_POINTS]
