"""Coordination with the participants, as plain rules (no Flask, no database).

A request to the contact point is a request to every joint controller (BGS art. 1.1(1); WGS
art. 2.27(1)); each searches its own ZVH data and answers in its own compartment. This module
holds the task lifecycle, the questions that follow from the rights invoked, the catalogue of
restriction grounds, the internal due date, and the reminder and escalation schedule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from avg_service import deadlines as law
from avg_service.errors import RuleRefused


class TaskStatus(StrEnum):
    OPEN = "open"  # sent to the participant; a draft may be saved
    QUESTION = "question"  # the participant asked the contact point something; the task waits
    SUBMITTED = "submitted"  # final; only the contact point can reopen it (with a reason)
    DECLINED = "declined"  # e.g. "not a controller for this data", with a reason
    CANCELLED = "cancelled"  # the request ended (withdrawn, forwarded, ...)
    #: The contact point recorded the answer the organisation gave by letter, secure mail or
    #: phone (what came in, the day, who answered); final like a submitted answer.
    ON_BEHALF = "on_behalf"
    #: The contact point set the task aside with a reason and who confirmed it (e.g. the
    #: organisation processes no data of this case in the ZVH).
    SET_ASIDE = "set_aside"


TASK_STATUS_LABELS: dict[TaskStatus, str] = {
    TaskStatus.OPEN: "Open",
    TaskStatus.QUESTION: "Vraag aan het contactpunt",
    TaskStatus.SUBMITTED: "Beantwoord",
    TaskStatus.DECLINED: "Afgewezen door deelnemer",
    TaskStatus.CANCELLED: "Vervallen",
    TaskStatus.ON_BEHALF: "Beantwoord, vastgelegd door het contactpunt",
    TaskStatus.SET_ASIDE: "Terzijde gelegd door het contactpunt",
}

#: Statuses in which the task still needs the participant (reminders run, it blocks a decision).
WAITING_FOR_PARTICIPANT = frozenset({TaskStatus.OPEN})
DONE = frozenset({TaskStatus.SUBMITTED, TaskStatus.DECLINED, TaskStatus.CANCELLED,
                  TaskStatus.ON_BEHALF, TaskStatus.SET_ASIDE})
#: A joint controller with a task in one of these has been heard, so a besluit may be taken
#: (BGS art. 1.1(1); Awb 3:2): it answered, declined with a reason, answered on behalf, or the
#: task was set aside with a reason.
SETTLED = frozenset({TaskStatus.SUBMITTED, TaskStatus.DECLINED, TaskStatus.ON_BEHALF,
                     TaskStatus.SET_ASIDE})
#: The tasks whose answer the besluit reports (and whose data goes into the copy).
ANSWERED = frozenset({TaskStatus.SUBMITTED, TaskStatus.ON_BEHALF})

TASK_TRANSITIONS: dict[TaskStatus, frozenset[TaskStatus]] = {
    TaskStatus.OPEN: frozenset({TaskStatus.QUESTION, TaskStatus.SUBMITTED, TaskStatus.DECLINED,
                                TaskStatus.CANCELLED, TaskStatus.ON_BEHALF,
                                TaskStatus.SET_ASIDE}),
    TaskStatus.QUESTION: frozenset({TaskStatus.OPEN, TaskStatus.CANCELLED, TaskStatus.ON_BEHALF,
                                    TaskStatus.SET_ASIDE}),
    TaskStatus.SUBMITTED: frozenset({TaskStatus.OPEN, TaskStatus.CANCELLED}),  # reopen
    TaskStatus.DECLINED: frozenset({TaskStatus.OPEN, TaskStatus.CANCELLED}),  # reopen
    TaskStatus.CANCELLED: frozenset(),
    TaskStatus.ON_BEHALF: frozenset({TaskStatus.OPEN, TaskStatus.CANCELLED}),  # reopen
    TaskStatus.SET_ASIDE: frozenset({TaskStatus.OPEN, TaskStatus.CANCELLED}),  # reopen
}


class InvalidTaskTransition(RuleRefused):
    def __init__(self, current: TaskStatus, target: TaskStatus) -> None:
        super().__init__(f"Een taak met status '{TASK_STATUS_LABELS[current]}' kan niet naar "
                         f"'{TASK_STATUS_LABELS[target]}'.")


def check_task_transition(current: TaskStatus, target: TaskStatus) -> None:
    if target not in TASK_TRANSITIONS[current]:
        raise InvalidTaskTransition(current, target)


# ------------------------------------------------------------------------------ restriction grounds
@dataclass(frozen=True, slots=True)
class RestrictionGround:
    code: str
    label: str
    source: str


#: UAVG art. 41(1)(a)–(j) (AVG art. 23(1)) and AVG art. 15(4). The participant that restricts
#: owns the motivation (RULES.md §7, §8).
RESTRICTION_GROUNDS: tuple[RestrictionGround, ...] = (
    RestrictionGround("41a", "de nationale veiligheid", "UAVG art. 41 lid 1 onder a"),
    RestrictionGround("41b", "landsverdediging", "UAVG art. 41 lid 1 onder b"),
    RestrictionGround("41c", "de openbare veiligheid", "UAVG art. 41 lid 1 onder c"),
    RestrictionGround("41d", "de voorkoming, het onderzoek, de opsporing en de vervolging van "
                      "strafbare feiten of de tenuitvoerlegging van straffen",
                      "UAVG art. 41 lid 1 onder d"),
    RestrictionGround("41e", "andere belangrijke doelstellingen van algemeen belang, waaronder "
                      "volksgezondheid en sociale zekerheid", "UAVG art. 41 lid 1 onder e"),
    RestrictionGround("41f", "de bescherming van de onafhankelijkheid van de rechter en van "
                      "gerechtelijke procedures", "UAVG art. 41 lid 1 onder f"),
    RestrictionGround("41g", "de voorkoming, het onderzoek, de opsporing en de vervolging van "
                      "schendingen van de beroepscodes voor gereglementeerde beroepen",
                      "UAVG art. 41 lid 1 onder g"),
    RestrictionGround("41h", "een taak op het gebied van toezicht, inspectie of regelgeving in "
                      "verband met de gevallen onder a, b, c, d, e en g",
                      "UAVG art. 41 lid 1 onder h"),
    RestrictionGround("41i", "de bescherming van de betrokkene of van de rechten en vrijheden "
                      "van anderen", "UAVG art. 41 lid 1 onder i"),
    RestrictionGround("41j", "de inning van civielrechtelijke vorderingen",
                      "UAVG art. 41 lid 1 onder j"),
    RestrictionGround("15-4", "de rechten en vrijheden van anderen (de kopie mag die niet "
                      "schaden)", "AVG art. 15 lid 4"),
)
GROUNDS_BY_CODE: dict[str, RestrictionGround] = {g.code: g for g in RESTRICTION_GROUNDS}


def is_uavg_41(code: str) -> bool:
    """A national restriction of UAVG art. 41(1) (AVG art. 23), which art. 41(2) asks to weigh;
    AVG art. 15(4) is a limit of the copy itself."""
    return code.startswith("41")


#: UAVG art. 41(2)(a)–(g): what the controller takes into account, where it applies, when it
#: restricts under art. 41(1). Point (h), the right to be told of the restriction unless that
#: defeats its purpose, is the restriction's own ``notice_defeats_purpose``. Our paraphrase of
#: the statutory text (◐, not re-read on wetten.overheid.nl in this change).
WEIGHING_POINTS: dict[str, str] = {
    "a": "de doeleinden van de verwerking of van de categorieën van verwerking",
    "b": "de categorieën van persoonsgegevens",
    "c": "de reikwijdte van de beperking",
    "d": "de waarborgen tegen misbruik en tegen onrechtmatige toegang of doorgifte",
    "e": "welke verwerkingsverantwoordelijke(n) de beperking toepast",
    "f": "de bewaartermijn en de waarborgen die daarbij gelden",
    "g": "de risico's voor de rechten en vrijheden van betrokkene",
}

#: How the contact point received an answer it records on behalf of an organisation (request
#: tasks and breach tasks alike).
ON_BEHALF_SOURCES: dict[str, str] = {
    "letter": "Brief",
    "secure_mail": "Beveiligde e-mail",
    "phone": "Telefoon",
    "meeting": "Overleg",
    "other": "Anders",
}
#: The sources that come with a document, which the contact point must add.
ON_BEHALF_WITH_DOCUMENT = frozenset({"letter", "secure_mail"})


# ------------------------------------------------------------------------------ questions
#: What a participant is asked, per right invoked (AVG art. 15–21; RULES.md §8).
QUESTIONS_BY_RIGHT: dict[str, str] = {
    "15": "Heeft u gegevens over betrokkene in de ZVH-verwerking? Zo ja: welke categorieën, voor "
          "welke doelen, uit welke bron, aan welke ontvangers verstrekt en hoe lang bewaard "
          "(AVG art. 15 lid 1)? Lever de gegevens zelf aan voor de kopie (art. 15 lid 3).",
    "16": "Zijn de gegevens die betrokkene noemt onjuist of onvolledig? Wat verbetert u, ook in uw "
          "eigen bron, en aan wie zijn ze verstrekt (AVG art. 16, 19)?",
    "17": "Kunnen de gegevens worden gewist, of geldt een uitzondering (AVG art. 17 lid 3, onder "
          "meer b en e; WGS art. 1.8 lid 7)?",
    "18": "Is er grond om de verwerking te beperken (AVG art. 18 lid 1)? Wat doet u?",
    "20": "Overdraagbaarheid is niet van toepassing op verwerking voor een publieke taak (AVG art. "
          "20 lid 3). Geef alleen aan of u gegevens heeft.",
    "21": "Weegt het bezwaar op tegen uw gronden voor de verwerking, of heeft u dwingende "
          "gerechtvaardigde gronden (AVG art. 21 lid 1)?",
}


def questions_for(rights: list[str]) -> str:
    return "\n\n".join(QUESTIONS_BY_RIGHT[r] for r in rights if r in QUESTIONS_BY_RIGHT)


# ------------------------------------------------------------------------------ what is shared
#: What of the request a task may show the participant; the default is what it needs to search.
SHAREABLE_FIELDS: dict[str, str] = {
    "name": "Naam",
    "date_of_birth": "Geboortedatum",
    "bsn": "BSN",
    "address": "Adres",
    "rights": "Ingeroepen rechten",
    "description": "Omschrijving van het verzoek",
    "rectification": "Wat onjuist is en wat het moet zijn",
    "represented": "Vertegenwoordigde persoon",
}
DEFAULT_SHARED: tuple[str, ...] = ("name", "date_of_birth", "bsn", "rights")


# ------------------------------------------------------------------------------ dates
#: The internal due date stays this many working days before the statutory due date, so the
#: contact point has time to draft and approve the besluit.
SAFETY_MARGIN_WORKING_DAYS = 5


def subtract_working_days(day: date, count: int) -> date:
    while count > 0:
        day -= timedelta(days=1)
        if law.is_working_day(day):
            count -= 1
    return day


def internal_due_date(sent_on: date, *, working_days: int, statutory_due_on: date) -> date:
    """``working_days`` after sending, never later than the statutory due date minus the margin
    (and never before the day after sending)."""
    wanted = law.add_working_days(sent_on, working_days)
    latest = subtract_working_days(statutory_due_on, SAFETY_MARGIN_WORKING_DAYS)
    return max(min(wanted, latest), sent_on + timedelta(days=1))


@dataclass(frozen=True, slots=True)
class Schedule:
    """Per organisation: a reminder every ``reminder_days`` while the task is open; from the
    internal due date a chase every ``chase_days``; escalation to the coordinator
    ``chase_days`` after the ``escalate_after``-th chase."""

    reminder_days: int = 5
    chase_days: int = 4
    escalate_after: int = 2


@dataclass(frozen=True, slots=True)
class Step:
    key: str  # "reminder-1", "chase-2", "escalation": stored once per task
    kind: str  # reminder | chase | escalation
    on: date


def steps_due(sent_on: date, internal_due_on: date, today: date, schedule: Schedule
              ) -> list[Step]:
    """Every step whose day has come, oldest first. The sweep sends those not yet sent."""
    steps: list[Step] = []
    number, day = 1, sent_on + timedelta(days=schedule.reminder_days)
    while day < internal_due_on and day <= today:
        steps.append(Step(f"reminder-{number}", "reminder", day))
        number += 1
        day += timedelta(days=schedule.reminder_days)
    first_chase = internal_due_on + timedelta(days=1)  # the day after the task timed out
    for number in range(1, schedule.escalate_after + 1):
        day = first_chase + timedelta(days=schedule.chase_days * (number - 1))
        if day <= today:
            steps.append(Step(f"chase-{number}", "chase", day))
    escalation = first_chase + timedelta(days=schedule.chase_days * schedule.escalate_after)
    if escalation <= today:
        steps.append(Step("escalation", "escalation", escalation))
    return steps


def threatens_deadline(internal_due_on: date, statutory_due_on: date, today: date) -> bool:
    """An open task threatens the statutory term once it is past its internal due date, or the
    statutory date is within the safety margin."""
    return today > internal_due_on or \
        today >= subtract_working_days(statutory_due_on, SAFETY_MARGIN_WORKING_DAYS)
