"""Reading a request's letters and documents, each read audited."""

from __future__ import annotations

from datetime import datetime

from avg_service.access.actor import Actor
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.requests import documents
from avg_service.requests.models import DsrDocument

# ------------------------------------------------------------------------------ reading files
def open_letter(dsr_id: int, letter_id: int, *, actor: Actor, now: datetime) -> tuple[Letter, bytes]:
    """A letter of this request and its PDF (rendered now if its job has not run), audited."""
    from avg_service.letters.services import ensure_rendered

    letter = db.session.get(Letter, letter_id)
    if letter is None or letter.dsr_id != dsr_id:
        raise NotFound("Deze brief bestaat niet.")
    record(actor, "letter.view", object_type="letter", object_id=letter.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return letter, ensure_rendered(letter)


def open_document(dsr_id: int, document_id: int, *, actor: Actor, now: datetime
                  ) -> tuple[DsrDocument, bytes]:
    """A document of this request and its content, audited; a deleted one is gone."""
    item = db.session.get(DsrDocument, document_id)
    if item is None or item.dsr_id != dsr_id or item.storage_key is None:
        raise NotFound("Dit document bestaat niet (meer).")
    record(actor, "dsr_document.view", object_type="dsr_document", object_id=item.id,
           purpose=Purpose.HANDLING_REQUEST, at=now)
    return item, documents.read(item)
