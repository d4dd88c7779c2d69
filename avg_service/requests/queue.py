"""The contact point's work queue: open requests by due date, with a signal, filters, search
and paging. One query per page (plus one for the assignee names), served by the indexes on
``(is_open, due_on)``, ``date_of_birth``, ``reference`` and, for the search on any part of a
name or reference, a trigram index on ``search_text`` (PostgreSQL, pg_trgm).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa

from avg_service import deadlines as law
from avg_service.accounts.models import User
from avg_service.extensions import db
from avg_service.requests.lifecycle import TERMINAL, Status
from avg_service.requests.models import DataSubjectRequest as R

#: "Due soon": the due date falls within this many working days (Atw calendar).
DUE_SOON_WORKING_DAYS = 5
PER_PAGE = 25
_REFERENCE = re.compile(r"^\s*(AVG-\d{4}-)?0*(\d{1,9})\s*$", re.IGNORECASE)


class Signal(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    SUSPENDED = "suspended"  # waiting for the requester's information: the clock stands still


SIGNAL_LABELS: dict[Signal, str] = {
    Signal.OVERDUE: "Termijn verstreken",
    Signal.DUE_SOON: "Binnen 5 werkdagen",
    Signal.ON_TRACK: "Op schema",
    Signal.SUSPENDED: "Opgeschort",
}


def search_key(name: str) -> str:
    """Lower case without accents or extra spaces: "  Çelik-De Vries " → "celik-de vries"."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.casefold().split())


def search_text_for(reference: str, given_names: str, family_name: str) -> str:
    """What the queue's search looks in: "avg-2026-000006 sanne de vries"."""
    return search_key(f"{reference} {given_names} {family_name}")


def signal_for(due_on: date, today: date, *, suspended: bool = False) -> str:
    if suspended:
        return Signal.SUSPENDED.value
    if due_on < today:
        return Signal.OVERDUE.value
    if due_on <= law.add_working_days(today, DUE_SOON_WORKING_DAYS):
        return Signal.DUE_SOON.value
    return Signal.ON_TRACK.value


@dataclass(frozen=True, slots=True)
class QueueFilters:
    status: str | None = None
    right: str | None = None
    channel: str | None = None
    #: A user id, or "none" for unassigned.
    assignee: str | None = None
    #: A date of birth (dd-mm-jjjj or jjjj-mm-dd), or words that each appear in the reference,
    #: the given names or the family name ("vries", "de vries", "sanne vries", "000006").
    q: str | None = None
    date_of_birth: date | None = None
    include_closed: bool = False


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    reference: str
    status: str
    channel: str
    rights: str
    given_names: str
    family_name: str
    date_of_birth: date | None
    received_on: date
    due_on: date
    is_extended: bool
    is_possible_repeat: bool
    assignee_id: int | None
    assignee_name: str | None
    signal: str


@dataclass(frozen=True, slots=True)
class QueuePage:
    rows: list[QueueRow]
    page: int
    per_page: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def parse_date(text: str) -> date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def work_queue(filters: QueueFilters, *, today: date, page: int = 1, per_page: int = PER_PAGE
               ) -> QueuePage:

    page = max(1, page)
    conditions: list[sa.ColumnElement[bool]] = []
    if not filters.include_closed and not (filters.status and _is_terminal(filters.status)):
        conditions.append(R.is_open.is_(True))
    if filters.status:
        conditions.append(R.status == filters.status)
    if filters.right:
        conditions.append(R.rights.like(f"%,{filters.right},%"))
    if filters.channel:
        conditions.append(R.channel == filters.channel)
    if filters.assignee == "none":
        conditions.append(R.assignee_id.is_(None))
    elif filters.assignee and filters.assignee.isdigit():
        conditions.append(R.assignee_id == int(filters.assignee))
    if filters.date_of_birth:
        conditions.append(R.date_of_birth == filters.date_of_birth)
    if filters.q:
        conditions.append(_search_condition(filters.q))
    stmt = (
        sa.select(R.id, R.reference, R.status, R.channel, R.rights, R.given_names, R.family_name,
                  R.date_of_birth, R.received_on, R.due_on, R.extended_at, R.is_possible_repeat,
                  R.assignee_id, User.display_name)
        .outerjoin(User, User.id == R.assignee_id)
        .where(*conditions)
        .order_by(R.due_on, R.id)
        .limit(per_page + 1)
        .offset((page - 1) * per_page)
    )
    result = db.session.execute(stmt).all()
    rows = [
        QueueRow(id=r[0], reference=r[1], status=r[2], channel=r[3], rights=r[4],
                 given_names=r[5], family_name=r[6], date_of_birth=r[7], received_on=r[8],
                 due_on=r[9], is_extended=r[10] is not None, is_possible_repeat=r[11],
                 assignee_id=r[12], assignee_name=r[13],
                 signal=signal_for(r[9], today,
                                   suspended=r[2] == Status.AWAITING_INFORMATION.value))
        for r in result[:per_page]
    ]
    return QueuePage(rows=rows, page=page, per_page=per_page, has_next=len(result) > per_page)


def _is_terminal(status: str) -> bool:
    return status in {s.value for s in TERMINAL} or status not in {s.value for s in Status}


def _search_condition(q: str) -> sa.ColumnElement[bool]:
    """A date of birth, or words each found anywhere in the reference, the given names or the
    family name, case and accents ignored: "Vries" finds "de Vries", "Amrani" "El Amrani",
    "sanne vries" Sanne de Vries and "000006" AVG-2026-000006. A number alone is also the
    request's id (``123``)."""

    born = parse_date(q)
    if born is not None:
        return R.date_of_birth == born
    words = search_key(q).split()[:6]
    if not words:
        return sa.false()
    conditions = [R.search_text.like("%" + _escape_like(word) + "%", escape="\\")
                  for word in words]
    reference = _REFERENCE.match(q)
    if reference and reference.group(1):  # a whole reference, maybe without its zeros
        whole = f"{reference.group(1).upper()}{int(reference.group(2)):06d}"
        return sa.or_(R.reference == whole, *conditions)
    if reference:  # only digits: also the request's number
        return sa.or_(R.id == int(reference.group(2)), *conditions)
    return sa.and_(*conditions)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
