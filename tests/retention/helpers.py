"""A file store and a few requests in every retention state, written straight into the tables
(the services under test only read and change them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from avg_service.coordination.models import TaskAnswer, TaskFile, TaskRestriction
from avg_service.db import unit_of_work
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.mail.models import OutboxMessage
from avg_service.requests import documents
from avg_service.requests.models import DataSubjectRequest, DsrDocument
from tests.factories import organisation_id
from tests.reports.seed import make_dsr, task

#: 1 March 2029: A closed > 24 months ago, B 12-24 months ago, C 3 months ago.
TODAY = date(2029, 3, 1)
NOW = datetime(2029, 3, 1, 9, tzinfo=UTC)


@dataclass
class Files:
    dsr: dict[str, int]
    document_keys: dict[str, str]
    task_file_keys: dict[str, str]
    mail: dict[str, int]
    letter_id: int


def _request(name: str, received_on: date, closed_on: date) -> tuple[DataSubjectRequest, str, str]:
    dsr = make_dsr(received_on, status="closed", closed_on=closed_on, family_name=name)
    dsr.bsn_encrypted, dsr.bsn_hash, dsr.bsn_last3 = "enc", "h" * 64, "123"
    dsr.note("status", actor_id=None, reason=f"Gesprek met {name}", at=NOW)
    key = documents.write_file(f"machtiging {name}".encode())
    dsr.documents.append(DsrDocument(kind="attachment", filename="machtiging.pdf",
                                     content_type="application/pdf", size=10,
                                     sha256="0" * 64, storage_key=key))
    row = task(dsr, "politie", sent_on=received_on, status="submitted", submitted_on=received_on)
    answer = TaskAnswer(task_id=row.id, organisation_id=row.organisation_id, holds_data=True,
                        data_entries=f"Registratie van {name}", categories="Politiegegevens")
    answer.restrictions.append(TaskRestriction(organisation_id=row.organisation_id,
                                               ground="41d", motivation=f"Onderzoek naar {name}"))
    db.session.add(answer)
    file_key = documents.write_file(f"kopie {name}".encode())
    db.session.add(TaskFile(task_id=row.id, organisation_id=row.organisation_id,
                            filename="kopie.pdf", content_type="application/pdf", size=8,
                            sha256="1" * 64, storage_key=file_key))
    db.session.flush()
    return dsr, key, file_key


def _mail(created_at: datetime, dsr_id: int | None = None) -> int:
    message = OutboxMessage(to_address="piet@example.test", subject="Uw verzoek",
                            body_text="Beste Piet, uw verzoek ...", purpose="receipt",
                            dsr_id=dsr_id, status="sent", sent_at=created_at,
                            created_at=created_at)
    db.session.add(message)
    db.session.flush()
    return message.id


def seed_files() -> Files:
    organisation_id("politie")  # seeds the participants in a unit of its own
    with unit_of_work():
        a, a_doc, a_file = _request("Aalbers", date(2026, 1, 5), date(2026, 2, 25))
        b, b_doc, b_file = _request("Bakker", date(2027, 10, 1), date(2028, 1, 10))
        c, c_doc, c_file = _request("Claes", date(2028, 10, 1), date(2028, 12, 1))
        letter = Letter(dsr_id=a.id, kind="ontvangstbevestiging", kenmerk=a.reference,
                        dagtekening=NOW, pdf=b"%PDF-1.7 Aalbers", sha256="2" * 64,
                        page_count=1, rendered_at=NOW)
        db.session.add(letter)
        db.session.flush()
        old_mail = _mail(datetime(2028, 6, 1, 9, tzinfo=UTC))
        new_mail = _mail(datetime(2029, 2, 15, 9, tzinfo=UTC))
        return Files({"A": a.id, "B": b.id, "C": c.id},
                     {"A": a_doc, "B": b_doc, "C": c_doc},
                     {"A": a_file, "B": b_file, "C": c_file},
                     {"old": old_mail, "new": new_mail}, letter.id)


def stored(key: str) -> bool:
    return (documents.upload_root() / key).exists()
