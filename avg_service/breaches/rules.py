"""The rules of a data breach as plain Python: the 72-hour clock, the reminder points, the
lifecycle, the risk levels and what each obliges, and the elements a notification and a
communication must hold. No Flask, no database, no clock: every moment is passed in.

Sources: AVG art. 33 and 34 (text read in several copies of the official English version, ◐);
EDPB Guidelines 9/2022 on personal data breach notification, version 2.0 of 28 March 2023
(summaries and the table of contents read, ◐; see ``catalogue``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Final

from avg_service.deadlines.terms import AMSTERDAM as AMSTERDAM  # re-exported for the breach modules
from avg_service.errors import RuleRefused

#: AVG art. 33(1): "without undue delay and, where feasible, not later than 72 hours after
#: having become aware of it". Hours of elapsed time: weekends, holidays and the change to or
#: from summer time do not stretch or shrink them (unlike the Atw, which counts days).
NOTIFICATION_WINDOW: Final = timedelta(hours=72)


# ------------------------------------------------------------------------------ local moments
class NonexistentLocalTime(ValueError):
    """A wall-clock time that does not exist in Amsterdam (the hour skipped in spring)."""


def local_to_utc(naive: datetime) -> datetime:
    """A moment typed as Amsterdam wall-clock time, as aware UTC.

    In the spring gap (02:00-03:00 on the last Sunday of March) the time never happened: refused.
    In the autumn overlap (02:00-03:00 on the last Sunday of October, twice) the first, summer-time
    reading is taken: the earlier moment, so the 72 hours never end later than the law allows.
    """
    if naive.tzinfo is not None:
        return naive.astimezone(UTC)
    first = naive.replace(tzinfo=AMSTERDAM, fold=0)
    as_utc = first.astimezone(UTC)
    if as_utc.astimezone(AMSTERDAM).replace(tzinfo=None) != naive:
        raise NonexistentLocalTime(naive.isoformat(timespec="minutes"))
    return as_utc


# ------------------------------------------------------------------------------ the clock
def notification_deadline(aware_at: datetime) -> datetime:
    """The end of the 72 hours (AVG art. 33(1)), counted in UTC so a DST change is an hour of
    the 72 like any other (the wall clock then shows 71 or 73 hours later)."""
    return _utc(aware_at) + NOTIFICATION_WINDOW


@dataclass(frozen=True, slots=True)
class ClockReading:
    """Where the 72 hours stand at ``now``, or stood when the AP was notified (``stopped_at``)."""

    aware_at: datetime
    deadline_at: datetime
    at: datetime  # ``now``, or the moment of the first notification
    is_stopped: bool

    @property
    def elapsed(self) -> timedelta:
        return self.at - self.aware_at

    @property
    def remaining(self) -> timedelta:
        """Negative once the 72 hours have passed."""
        return self.deadline_at - self.at

    @property
    def is_overdue(self) -> bool:
        return self.at > self.deadline_at

    def explain_nl(self) -> str:
        """One Dutch sentence: how much remains, or how late, or how it ended."""
        if self.is_stopped:
            if self.is_overdue:
                return (f"Gemeld na {format_hours_nl(self.elapsed)}: "
                        f"{format_hours_nl(-self.remaining)} na de 72 uur.")
            return (f"Gemeld binnen de 72 uur, na {format_hours_nl(self.elapsed)}.")
        if self.is_overdue:
            return f"De 72 uur zijn {format_hours_nl(-self.remaining)} geleden verstreken."
        return f"Nog {format_hours_nl(self.remaining)} om te melden."


def read_clock(aware_at: datetime, now: datetime,
               first_notified_at: datetime | None = None) -> ClockReading:
    """The 72-hour clock from awareness; it stops at the first notification to the AP (a
    notification in phases is on time when its first phase is, art. 33(4))."""
    aware = _utc(aware_at)
    if first_notified_at is not None:
        return ClockReading(aware, notification_deadline(aware), _utc(first_notified_at), True)
    return ClockReading(aware, notification_deadline(aware), _utc(now), False)


def format_hours_nl(delta: timedelta) -> str:
    """``"49 uur en 12 minuten"``: the 72 hours are hours, so no days (``"1 uur"``,
    ``"minder dan een minuut"``)."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 1:
        return "minder dan een minuut"
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} uur")
    if minutes:
        parts.append(f"{minutes} {'minuut' if minutes == 1 else 'minuten'}")
    return " en ".join(parts)


def is_late(aware_at: datetime, notified_at: datetime) -> bool:
    """After the 72 hours the notification must carry the reasons for the delay (art. 33(1),
    last sentence)."""
    return _utc(notified_at) > notification_deadline(aware_at)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware moment")
    return moment.astimezone(UTC)


# ------------------------------------------------------------------------------ reminders
@dataclass(frozen=True, slots=True)
class ReminderPoint:
    key: str  # stored once per breach in the reminder ledger
    hours: int

    def at(self, aware_at: datetime) -> datetime:
        return _utc(aware_at) + timedelta(hours=self.hours)


#: The FG and the notifying controller are reminded 24, 48 and 66 hours after awareness (the
#: last one leaves six hours to notify).
REMINDER_POINTS: Final = (ReminderPoint("24h", 24), ReminderPoint("48h", 48),
                          ReminderPoint("66h", 66))


@dataclass(frozen=True, slots=True)
class DueReminder:
    point: ReminderPoint
    at: datetime
    #: A later point is due too (the sweep did not run in time): recorded, not sent, so nobody
    #: gets three reminders at once.
    is_superseded: bool


def reminders_due(aware_at: datetime, now: datetime, sent: Collection[str]) -> list[DueReminder]:
    """Every reminder point that has come and is not in ``sent`` (the ledger), oldest first;
    all but the latest are superseded."""
    due = [p for p in REMINDER_POINTS if p.at(aware_at) <= _utc(now) and p.key not in sent]
    latest = max((p.hours for p in due), default=None)
    return [DueReminder(p, p.at(aware_at), p.hours != latest) for p in due]


def future_reminder_moments(aware_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """The reminder points still ahead (for scheduling a wake-up on rq)."""
    return [(p.key, p.at(aware_at)) for p in REMINDER_POINTS if p.at(aware_at) > _utc(now)]


# ------------------------------------------------------------------------------ lifecycle
class BreachStatus(StrEnum):
    REPORTED = "reported"  # reported; waiting for the risk assessment
    ASSESSED = "assessed"  # the risk is assessed; a notification may be due
    NOTIFIED = "notified"  # the AP has been notified (at least a first phase)
    CLOSED = "closed"  # handled; stays in the register (art. 33(5))


STATUS_LABELS: Final[dict[BreachStatus, str]] = {
    BreachStatus.REPORTED: "Gemeld, nog niet beoordeeld",
    BreachStatus.ASSESSED: "Beoordeeld",
    BreachStatus.NOTIFIED: "Gemeld bij de AP",
    BreachStatus.CLOSED: "Afgesloten",
}

TRANSITIONS: Final[dict[BreachStatus, frozenset[BreachStatus]]] = {
    BreachStatus.REPORTED: frozenset({BreachStatus.ASSESSED}),
    BreachStatus.ASSESSED: frozenset({BreachStatus.ASSESSED, BreachStatus.NOTIFIED,
                                      BreachStatus.CLOSED}),
    BreachStatus.NOTIFIED: frozenset({BreachStatus.NOTIFIED, BreachStatus.CLOSED}),
    BreachStatus.CLOSED: frozenset(),
}


class InvalidBreachTransition(RuleRefused):
    def __init__(self, current: BreachStatus, target: BreachStatus) -> None:
        super().__init__(f"Een datalek met status '{STATUS_LABELS[current]}' kan niet naar "
                         f"'{STATUS_LABELS[target]}'.")


def check_transition(current: BreachStatus, target: BreachStatus) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidBreachTransition(current, target)


# ------------------------------------------------------------------------------ risk
class RiskLevel(StrEnum):
    """AVG art. 33(1) and 34(1): no risk, a risk, or a high risk to the rights and freedoms of
    natural persons."""

    NONE = "none"
    RISK = "risk"
    HIGH = "high"


RISK_LABELS: Final[dict[RiskLevel, str]] = {
    RiskLevel.NONE: "Geen risico",
    RiskLevel.RISK: "Risico",
    RiskLevel.HIGH: "Hoog risico",
}
_RISK_ORDER: Final = (RiskLevel.NONE, RiskLevel.RISK, RiskLevel.HIGH)


def risk_rank(level: RiskLevel) -> int:
    return _RISK_ORDER.index(level)


@dataclass(frozen=True, slots=True)
class Duties:
    notify_authority: bool  # art. 33(1)
    inform_people: bool  # art. 34(1), unless 34(3) applies or UAVG 41 restricts it
    register: bool = True  # art. 33(5): always

    def explain_nl(self) -> str:
        if self.inform_people:
            return ("Melden bij de Autoriteit Persoonsgegevens (art. 33 lid 1 AVG) én de "
                    "betrokkenen informeren (art. 34 lid 1 AVG), tenzij art. 34 lid 3 AVG of "
                    "art. 41 UAVG van toepassing is. Altijd registreren (art. 33 lid 5 AVG).")
        if self.notify_authority:
            return ("Melden bij de Autoriteit Persoonsgegevens (art. 33 lid 1 AVG). Betrokkenen "
                    "informeren is niet verplicht. Altijd registreren (art. 33 lid 5 AVG).")
        return ("Niet melden: het datalek leidt waarschijnlijk niet tot een risico (art. 33 "
                "lid 1 AVG). Wel registreren, met de reden (art. 33 lid 5 AVG).")


def duties_for(level: RiskLevel) -> Duties:
    return Duties(notify_authority=level is not RiskLevel.NONE,
                  inform_people=level is RiskLevel.HIGH)


# ------------------------------------------------------------------------------ what must be said
#: AVG art. 33(3)(a)-(d): what a notification to the AP contains at least.
NOTIFICATION_ELEMENTS: Final[dict[str, str]] = {
    "nature": "de aard van het datalek, met waar mogelijk de categorieën en het geschatte aantal "
              "betrokkenen en gegevensregisters (art. 33 lid 3 onder a)",
    "dpo_contact": "de naam en contactgegevens van de FG of een ander contactpunt (art. 33 "
                   "lid 3 onder b)",
    "consequences": "de waarschijnlijke gevolgen (art. 33 lid 3 onder c)",
    "measures": "de genomen of voorgestelde maatregelen, ook om nadelige gevolgen te beperken "
                "(art. 33 lid 3 onder d)",
}

#: AVG art. 34(2): the communication describes the nature in clear and plain language and holds
#: at least art. 33(3)(b)-(d); the EDPB adds specific advice on what people can do themselves.
COMMUNICATION_ELEMENTS: Final[dict[str, str]] = {
    "nature": "wat er is gebeurd, in duidelijke en eenvoudige taal (art. 34 lid 2)",
    "dpo_contact": "de naam en contactgegevens van de FG of een ander contactpunt "
                   "(art. 34 lid 2 met art. 33 lid 3 onder b)",
    "consequences": "de waarschijnlijke gevolgen (art. 34 lid 2 met art. 33 lid 3 onder c)",
    "measures": "de genomen of voorgestelde maatregelen (art. 34 lid 2 met art. 33 lid 3 "
                "onder d)",
    "advice": "wat betrokkene zelf kan doen om zich te beschermen (EDPB Richtsnoeren 9/2022)",
}


def missing_elements(values: dict[str, str | None], required: dict[str, str]) -> list[str]:
    """The keys of ``required`` whose value is empty, in the order the article names them."""
    return [key for key in required if not (values.get(key) or "").strip()]


# ------------------------------------------------------------------------------ closing
@dataclass(frozen=True, slots=True)
class BreachState:
    """What closing a breach depends on (read from the record)."""

    risk: RiskLevel | None
    notifications: int
    last_notification_complete: bool
    communication_decided: bool  # a reason why not (34(3), UAVG 41), or "we inform them"
    communications_made: int
    informs_people: bool  # the decision is to inform them
    open_tasks: int


def close_blockers(state: BreachState) -> list[str]:
    """Why the breach cannot be closed yet (Dutch, one reason each); empty when it can."""
    blockers = []
    if state.risk is None:
        return ["Beoordeel eerst het risico voor de betrokkenen."]
    duties = duties_for(state.risk)
    if duties.notify_authority and state.notifications == 0:
        blockers.append("Het datalek moet nog bij de Autoriteit Persoonsgegevens worden gemeld "
                        "(art. 33 lid 1 AVG).")
    elif duties.notify_authority and not state.last_notification_complete:
        blockers.append("De melding bij de AP is in fasen gedaan en nog niet volledig: doe eerst "
                        "de vervolgmelding (art. 33 lid 4 AVG).")
    if duties.inform_people and not state.communication_decided:
        blockers.append("Informeer de betrokkenen (art. 34 lid 1 AVG) of leg vast waarom dat "
                        "niet hoeft of niet mag (art. 34 lid 3 AVG, art. 41 UAVG).")
    elif state.informs_people and state.communications_made == 0:
        blockers.append("Er is besloten de betrokkenen te informeren, maar er is nog geen brief "
                        "of e-mail gemaakt.")
    if state.open_tasks:
        blockers.append(f"Er {'staat' if state.open_tasks == 1 else 'staan'} nog "
                        f"{state.open_tasks} {'taak' if state.open_tasks == 1 else 'taken'} open: "
                        "laat ze beantwoorden, leg een antwoord namens de organisatie vast of leg "
                        "ze terzijde.")
    return blockers


# ------------------------------------------------------------------------------ tasks
class BreachTaskStatus(StrEnum):
    """A joint controller's part in a breach. Mirrors the request tasks of ``coordination``
    (open, answered, reopened) with the answer on behalf and the set-aside of issue 16."""

    OPEN = "open"
    ANSWERED = "answered"  # by the participant, in its inbox or through the API
    ANSWERED_ON_BEHALF = "on_behalf"  # recorded by the contact point from a letter, mail, call
    SET_ASIDE = "set_aside"  # by the contact point, with a reason
    CANCELLED = "cancelled"  # the breach was closed while it was open (never: closing waits)


TASK_STATUS_LABELS: Final[dict[BreachTaskStatus, str]] = {
    BreachTaskStatus.OPEN: "Open",
    BreachTaskStatus.ANSWERED: "Beantwoord",
    BreachTaskStatus.ANSWERED_ON_BEHALF: "Beantwoord namens de organisatie",
    BreachTaskStatus.SET_ASIDE: "Terzijde gelegd",
    BreachTaskStatus.CANCELLED: "Vervallen",
}

TASK_TRANSITIONS: Final[dict[BreachTaskStatus, frozenset[BreachTaskStatus]]] = {
    BreachTaskStatus.OPEN: frozenset({BreachTaskStatus.ANSWERED,
                                      BreachTaskStatus.ANSWERED_ON_BEHALF,
                                      BreachTaskStatus.SET_ASIDE, BreachTaskStatus.CANCELLED}),
    BreachTaskStatus.ANSWERED: frozenset({BreachTaskStatus.OPEN}),
    BreachTaskStatus.ANSWERED_ON_BEHALF: frozenset({BreachTaskStatus.OPEN}),
    BreachTaskStatus.SET_ASIDE: frozenset({BreachTaskStatus.OPEN}),
    BreachTaskStatus.CANCELLED: frozenset(),
}


class InvalidTaskTransition(RuleRefused):
    def __init__(self, current: BreachTaskStatus, target: BreachTaskStatus) -> None:
        super().__init__(f"Een taak met status '{TASK_STATUS_LABELS[current]}' kan niet naar "
                         f"'{TASK_STATUS_LABELS[target]}'.")


def check_task_transition(current: BreachTaskStatus, target: BreachTaskStatus) -> None:
    if target not in TASK_TRANSITIONS[current]:
        raise InvalidTaskTransition(current, target)


#: A breach task is due this long after it is set out: well inside the 72 hours.
TASK_DUE_HOURS: Final = 24


def task_due_at(sent_at: datetime, aware_at: datetime) -> datetime:
    """24 hours after sending, but never later than 12 hours before the 72 hours end (and never
    before sending)."""
    wanted = _utc(sent_at) + timedelta(hours=TASK_DUE_HOURS)
    latest = notification_deadline(aware_at) - timedelta(hours=12)
    return max(min(wanted, latest), _utc(sent_at))


# ------------------------------------------------------------------------------ who notifies
class NotifierRule(StrEnum):
    """Who notifies the AP on behalf of the joint controllers: the art. 26 arrangement decides
    (EDPB Guidelines 9/2022, "joint controllers"); the WGS and the BGS text we read say nothing
    (RULES.md §11), so it is a setting."""

    SOURCE = "source"  # the joint controller where the breach occurred
    CONTACT_POINT = "contact_point"  # the contact point's organisation, for all of them
    FIXED = "fixed"  # one named organisation, for all of them


NOTIFIER_RULE_LABELS: Final[dict[NotifierRule, str]] = {
    NotifierRule.SOURCE: "De verwerkingsverantwoordelijke waar het datalek plaatsvond "
                         "(anders het contactpunt)",
    NotifierRule.CONTACT_POINT: "Het contactpunt, namens alle verwerkingsverantwoordelijken",
    NotifierRule.FIXED: "Eén vaste organisatie, namens alle verwerkingsverantwoordelijken",
}


def default_notifier(rule: NotifierRule, *, source_id: int | None,
                     source_is_joint_controller: bool, contact_point_id: int | None,
                     fixed_id: int | None) -> int | None:
    """The organisation that notifies by default; the FG can choose another, with a reason."""
    if rule is NotifierRule.SOURCE and source_id is not None and source_is_joint_controller:
        return source_id
    if rule is NotifierRule.FIXED and fixed_id is not None:
        return fixed_id
    return contact_point_id


def unique(values: Iterable[str]) -> list[str]:
    """The values in order, without blanks or repeats."""
    return [v for v in dict.fromkeys(v.strip() for v in values) if v]
