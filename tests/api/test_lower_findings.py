"""The lower items of issue 15 (finding 12), each with its test."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask

from avg_service.access.roles import Role
from avg_service.audit.models import AuditEntry
from avg_service.db import unit_of_work
from avg_service.mail.models import OutboxMessage
from avg_service.mail.services import queue_mail
from tests.factories import api_token, bearer, make_request, make_user


def _entries(session: sa.orm.Session) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) or 0


def test_anonymous_api_calls_do_not_fill_the_audit_log(app: Flask,
                                                       db_session: sa.orm.Session) -> None:
    api = app.test_client()
    before = _entries(db_session)
    for _ in range(30):
        assert api.get("/api/v1/requests").status_code == 401
    assert _entries(db_session) == before
    # wrong tokens are audited, but only until the address is throttled
    codes = [api.get("/api/v1/requests", headers={"Authorization": "Bearer avg_wrong"}).status_code
             for _ in range(25)]
    assert codes[:20] == [401] * 20 and set(codes[20:]) == {429}
    assert _entries(db_session) - before == 20


def test_listing_a_requests_letters_through_the_api_is_audited(
        app: Flask, db_session: sa.orm.Session) -> None:
    user = make_user(Role.CONTACTPUNT)
    dsr = make_request()
    listed = app.test_client().get(f"/api/v1/requests/{dsr.id}/letters",
                                   headers=bearer(api_token(user)))
    assert listed.status_code == 200 and listed.json
    assert db_session.scalar(sa.select(AuditEntry.id).where(
        AuditEntry.action == "dsr.letters_view", AuditEntry.user_id == user.id,
        AuditEntry.object_id == str(dsr.id)))


def test_a_line_break_in_a_subject_cannot_break_the_mail(db_session: sa.orm.Session) -> None:
    with unit_of_work():
        message = queue_mail(to="avg@ggd.test", subject="Taak voor GGD\r\nBcc: x@evil.test",
                             body="tekst", purpose="task_new")
    stored = db_session.get(OutboxMessage, message.id)
    assert stored.subject == "Taak voor GGD Bcc: x@evil.test"
    before = db_session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage))
    for odd in ("avg@ggd.test\r\nBcc: x@evil.test", "avg@ggd.test\n", " avg@ggd.test", ""):
        with pytest.raises(ValueError), unit_of_work():
            queue_mail(to=odd, subject="Taak", body="tekst", purpose="task_new")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)) == before


def test_uploads_are_checked_beyond_their_first_bytes() -> None:
    import pytest

    from avg_service.requests.documents import UploadRejected, check_upload

    plain = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    assert check_upload("a.pdf", plain).content_type == "application/pdf"
    refused = [
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF",
        b"%PDF-1.4\n1 0 obj<</OpenAction<</S/J#61vaScript/J#53(x)>>>>endobj\n%%EOF",  # escaped
        b"%PDF-1.4\n1 0 obj<</Type/EmbeddedFile>>endobj\n%%EOF",
        b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF",
        b"\xff\xd8\xff\xe0" + b"1" * 20 + b"\xff\xd9%PDF-1.4 hidden",  # JPEG with a PDF after
        b"\xff\xd8\xff\xe0<script>alert(1)</script>\xff\xd9",
        b"\x89PNG\r\n\x1a\nxx\0\0\0\0IEND\xaeB`\x82<html>",  # bytes after IEND
    ]
    for data in refused:
        with pytest.raises(UploadRejected):
            check_upload("x", data)
