"""The CONCEPT preview of a draft besluit as PDF, rendered by a job, never in the web process.

Issue 15, finding 8: the preview PDF rendered in the web process, and four previews of a
69-page besluit held all four web workers for 18 s. Now asking for a preview stores the letter's
HTML as it stands (cheap: the template, not the PDF) and queues ``decisions.preview`` on the
interactive queue (``jobs.queues``); the page waits until the job has stored the PDF.

- Bound to the user who asked and to the version of the draft: only that user fetches it, for
  that decision; the same draft asked for again is the same preview, and a changed draft is a
  new one (``version``: the SHA-256 of the letter's HTML).
- At most ``PENDING_LIMIT`` previews per user in the making at once (429), so one user cannot
  fill the queue.
- Kept ``KEPT_FOR`` after it was asked for, then gone: refused when fetched and deleted by the
  next request and by the daily sweep (AVG 5(1)(e): a concept copy has no reason to stay).
"""

from __future__ import annotations

import base64
import hashlib
import logging
from datetime import datetime, timedelta
from typing import Final

import sqlalchemy as sa

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.jobs import enqueue_after_commit
from avg_service.letters.models import Letter
from avg_service.letters.rendering import LetterResourceError, render_pdf_with_pages
from avg_service.letters.services import render_letter_html
from avg_service.decisions.models import (
    LETTER_KIND,
    Decision,
    DecisionPreview,
    PreviewStatus,
)
from avg_service.requests.models import DataSubjectRequest

log = logging.getLogger(__name__)

#: Previews one user may have in the making at once, over all decisions.
PENDING_LIMIT: Final = 2
#: A preview is kept this long after it was asked for.
KEPT_FOR: Final = timedelta(minutes=30)
#: A preview still not made after this long (no worker ran it) no longer counts to the limit.
STUCK_AFTER: Final = timedelta(minutes=5)

# ------------------------------------------------------------------------------ the CONCEPT mark
#: The preview says in print and on screen that it is not the besluit. The style is inline, so
#: the HTML page's CSP allows exactly this style by its hash (``CONCEPT_STYLE_HASH``).
CONCEPT_STYLE: Final = (
    '@page { @top-center { content: "CONCEPT – geen besluit"; color: #a00000; '
    'font-family: "DejaVu Sans", sans-serif; font-size: 9pt; font-weight: bold; } } '
    ".concept-mark { border: 2px solid #a00000; color: #a00000; font-weight: bold; "
    "padding: 2mm; margin: 0 0 4mm; text-align: center; }")
CONCEPT_MARK: Final = ('<p class="concept-mark">CONCEPT — dit is niet het verzonden besluit. '
                       "De brief krijgt de datum van de dag van verzending.</p>")
CONCEPT_STYLE_HASH: Final = "'sha256-" + base64.b64encode(
    hashlib.sha256(CONCEPT_STYLE.encode()).digest()).decode() + "'"


def mark_concept(html: str, *, base_href: str | None = None) -> str:
    head = f"<style>{CONCEPT_STYLE}</style>"
    if base_href is not None:  # the letter's own relative URLs (css/, img/) in a browser
        head = f'<base href="{base_href}">' + head
    return html.replace("<head>", "<head>" + head, 1).replace("<body>", "<body>" + CONCEPT_MARK, 1)


def draft_letter_html(dsr: DataSubjectRequest, decision: Decision, now: datetime) -> str:
    """The besluit letter for the current draft, from a transient ``Letter`` that is never
    added to the session: dated today, as the letter would be if it went out today."""
    letter = Letter(kind=LETTER_KIND[decision.kind_enum], dsr_id=dsr.id,
                    kenmerk=dsr.reference, dagtekening=now)
    return render_letter_html(letter)


# ------------------------------------------------------------------------------ asking
class TooManyPreviews(DomainError):
    status_code = 429


class PreviewNotReady(DomainError):
    status_code = 409


def request_preview(dsr: DataSubjectRequest, decision: Decision, *, actor: Actor,
                    now: datetime) -> DecisionPreview:
    """The user's preview of the draft as it stands: the one already made or in the making for
    this version, or a new one, rendered by a job after the commit. Audited as the HTML preview
    is: the letter is made of the request's personal data."""
    if actor.user_id is None:
        raise NotFound("Dit voorbeeld bestaat niet.")
    record(actor, "decision.preview_request", object_type="decision", object_id=decision.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    delete_expired(now=now)
    html = mark_concept(draft_letter_html(dsr, decision, now))
    version = hashlib.sha256(html.encode()).hexdigest()
    same = db.session.scalar(
        sa.select(DecisionPreview)
        .where(DecisionPreview.user_id == actor.user_id,
               DecisionPreview.decision_id == decision.id,
               DecisionPreview.version == version,
               DecisionPreview.requested_at > now - KEPT_FOR,
               # a ready one, or one still in the making that a worker may yet pick up
               sa.or_(DecisionPreview.status == PreviewStatus.READY.value,
                      sa.and_(DecisionPreview.status == PreviewStatus.PENDING.value,
                              DecisionPreview.requested_at > now - STUCK_AFTER)))
        .order_by(DecisionPreview.id.desc()).limit(1))
    if same is not None:
        return same
    # The user's row locked: two requests at the same moment count one after the other.
    db.session.execute(sa.select(User.id).where(User.id == actor.user_id).with_for_update())
    in_the_making = db.session.scalar(
        sa.select(sa.func.count()).select_from(DecisionPreview)
        .where(DecisionPreview.user_id == actor.user_id,
               DecisionPreview.status == PreviewStatus.PENDING.value,
               DecisionPreview.requested_at > now - STUCK_AFTER)) or 0
    if in_the_making >= PENDING_LIMIT:
        raise TooManyPreviews(
            f"U heeft al {PENDING_LIMIT} voorbeelden die nog worden gemaakt. Wacht tot die "
            "klaar zijn en vraag dan een nieuw voorbeeld aan.")
    preview = DecisionPreview(decision_id=decision.id, user_id=actor.user_id, version=version,
                              status=PreviewStatus.PENDING.value, html=html, requested_at=now)
    db.session.add(preview)
    db.session.flush()
    enqueue_after_commit("decisions.preview", preview.id)
    return preview


def get_preview(preview_id: int, *, decision: Decision, actor: Actor,
                now: datetime) -> DecisionPreview:
    """The preview, for the user who asked for it and the decision it was made of only; any
    other user, decision or an expired preview finds nothing."""
    preview = db.session.get(DecisionPreview, preview_id)
    if (preview is None or actor.user_id is None or preview.user_id != actor.user_id
            or preview.decision_id != decision.id or is_expired(preview, now)):
        raise NotFound("Dit voorbeeld bestaat niet (meer). Vraag een nieuw voorbeeld aan.")
    return preview


def open_preview(preview_id: int, *, decision: Decision, actor: Actor, now: datetime
                 ) -> tuple[DecisionPreview, bytes | None]:
    """The user's own preview and its PDF once it is made (None while it is not); opening the
    PDF is a view of personal data, so audited."""
    preview = get_preview(preview_id, decision=decision, actor=actor, now=now)
    pdf = preview.pdf if preview.status_enum is PreviewStatus.READY else None
    if pdf is not None:
        record(actor, "decision.preview", object_type="decision", object_id=decision.id,
               purpose=Purpose.HANDLING_REQUEST, at=now)
    return preview, pdf


def is_expired(preview: DecisionPreview, now: datetime) -> bool:
    return preview.requested_at <= now - KEPT_FOR


def expires_at(preview: DecisionPreview) -> datetime:
    return preview.requested_at + KEPT_FOR


def delete_expired(*, now: datetime) -> int:
    """Delete every preview past ``KEPT_FOR``; returns the count (the sweep's report)."""
    result = db.session.execute(
        sa.delete(DecisionPreview).where(DecisionPreview.requested_at <= now - KEPT_FOR)
        .execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


# ------------------------------------------------------------------------------ the job
# (``decisions.tasks``: the job entry ``decisions.preview``, on the interactive queue)
def render_preview(preview_id: int) -> None:
    """Render the stored HTML once. A render that fails fails every time (the same HTML): the
    preview says so at once instead of being retried; a job run twice changes nothing."""
    preview = db.session.get(DecisionPreview, preview_id, with_for_update=True)
    if preview is None or preview.status_enum is not PreviewStatus.PENDING or not preview.html:
        return
    try:
        pdf, pages = render_pdf_with_pages(preview.html)
    # LetterResourceError is a BaseException (WeasyPrint's fatal fetch error), not an Exception.
    except (Exception, LetterResourceError) as error:  # noqa: BLE001 - the page says so
        log.exception("preview not rendered", extra={
            "event": "decisions.preview_failed", "preview_id": preview_id,
            "error": type(error).__name__})
        preview.status = PreviewStatus.FAILED.value
        preview.html = None
        return
    preview.pdf, preview.page_count = pdf, pages
    preview.status = PreviewStatus.READY.value
    preview.ready_at = clock.now_utc()
    preview.html = None  # the PDF is what is kept, for its owner, until it expires
