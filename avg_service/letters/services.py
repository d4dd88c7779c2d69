"""Letter kinds, requesting a letter inside a unit of work, and the render job.

A feature registers each kind it sends (``register_kind``): its template, version and a function
that builds the template context from the ``Letter`` row. ``request_letter`` stores the letter and
queues ``letters.render``; the job renders the PDF/A once and stores it with its SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template

from avg_service import clock
from avg_service.extensions import db
from avg_service.jobs import enqueue_after_commit, job, queues
from avg_service.letters.models import Letter
from avg_service.letters.rendering import render_pdf_with_pages


@dataclass(frozen=True, slots=True)
class LetterKind:
    name: str
    title: str
    template: str
    version: str
    context: Callable[[Letter], dict[str, Any]]
    #: The rq queue its render goes to (``jobs.queues``): interactive, as staff ask for most
    #: letters and wait for them; bulk for a kind that comes in bursts from outside.
    queue: str = queues.INTERACTIVE


_KINDS: dict[str, LetterKind] = {}


def register_kind(kind: LetterKind) -> LetterKind:
    _KINDS[kind.name] = kind
    return kind


def letter_kind(name: str) -> LetterKind:
    return _KINDS[name]


def request_letter(kind: str, *, dsr_id: int | None, kenmerk: str, actor_id: int | None,
                   now: datetime, dagtekening: datetime | None = None) -> Letter:
    """Store a new letter and render it after the commit. ``dagtekening``: the day the letter
    is dated, when that is not ``now`` (a besluit handed over earlier and recorded today)."""
    letter_kind(kind)  # unknown kinds fail inside the unit of work
    letter = Letter(dsr_id=dsr_id, kind=kind, kenmerk=kenmerk, dagtekening=dagtekening or now,
                    created_by_id=actor_id, created_at=now)
    db.session.add(letter)
    db.session.flush()
    enqueue_after_commit("letters.render", letter.id)
    return letter


def render_letter_html(letter: Letter) -> str:
    kind = letter_kind(letter.kind)
    return render_template(kind.template, letter=letter, **kind.context(letter))


def render_queue(letter_id: int) -> str:
    """The queue of a letter's render: its kind's (``LetterKind.queue``)."""
    letter = db.session.get(Letter, letter_id)
    return letter_kind(letter.kind).queue if letter is not None else queues.INTERACTIVE


@job("letters.render", queue=render_queue)
def render_letter(letter_id: int) -> None:
    """Render once. A letter already rendered (a retried job, a second worker) is left as is."""
    letter = db.session.get(Letter, letter_id, with_for_update=True)
    if letter is None or letter.rendered_at is not None:
        return
    pdf, pages = render_pdf_with_pages(render_letter_html(letter))
    letter.pdf = pdf
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.page_count = pages
    letter.template_version = letter_kind(letter.kind).version
    letter.rendered_at = clock.now_utc()


def ensure_rendered(letter: Letter) -> bytes:
    """The PDF, rendering it now if its job has not run yet (the requester is waiting)."""
    if letter.rendered_at is None:
        render_letter(letter.id)
        db.session.flush()  # a refresh would otherwise drop the render just made
    db.session.refresh(letter)
    assert letter.pdf is not None
    return letter.pdf
