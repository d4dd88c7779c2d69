"""Letter kinds, requesting a letter inside a unit of work, and the render job.

A feature registers each kind it sends (``register_kind``): its template, version and a function
that builds the template context from the ``Letter`` row. ``request_letter`` stores the letter and
queues ``letters.render`` (letters/tasks.py); the job renders the PDF/A once and stores it with its SHA-256.

A context function reads the database through loaders marked ``@loader``. A render can be handed
its data instead (``render_letter_html(letter, given={loader: replacement})``, the preview's demo
objects): that holds for that one render, in a context variable, so no module is patched and a
web worker serving other requests at the same time reads the database as ever.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from flask import render_template

from avg_service import clock
from avg_service.extensions import db
from avg_service.jobs import enqueue_after_commit, queues
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


P = ParamSpec("P")
R = TypeVar("R")
#: A render's own data: loader -> what it returns instead (``render_letter_html(given=...)``).
Given = Mapping[Callable[..., Any], Callable[..., Any]]
_GIVEN: ContextVar[Given | None] = ContextVar("avg_letter_given", default=None)


def loader(load: Callable[P, R]) -> Callable[P, R]:
    """Mark a function a context function reads its data through; a render handed ``given``
    data calls the replacement instead."""

    @functools.wraps(load)
    def read(*args: P.args, **kwargs: P.kwargs) -> R:
        given = _GIVEN.get()
        replacement = given.get(read) if given is not None else None
        if replacement is not None:
            result: R = replacement(*args, **kwargs)
            return result
        return load(*args, **kwargs)

    return read


def render_letter_html(letter: Letter, *, given: Given | None = None) -> str:
    """The letter's HTML. ``given``: the data this render reads instead of the database."""
    kind = letter_kind(letter.kind)
    token = _GIVEN.set(given)
    try:
        return render_template(kind.template, letter=letter, **kind.context(letter))
    finally:
        _GIVEN.reset(token)


def render_queue(letter_id: int) -> str:
    """The queue of a letter's render: its kind's (``LetterKind.queue``)."""
    letter = db.session.get(Letter, letter_id)
    return letter_kind(letter.kind).queue if letter is not None else queues.INTERACTIVE


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
