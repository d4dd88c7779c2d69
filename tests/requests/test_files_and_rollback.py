"""Files follow their transaction (issue 15, finding 10): a file written in a unit that rolls
back is removed again, a committed one stays, and the sweep removes old orphans only."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from avg_service.db import unit_of_work
from avg_service.requests import documents


class Refused(Exception):
    pass


def test_a_file_of_a_rolled_back_unit_is_removed(app, db_session: sa.orm.Session) -> None:
    with pytest.raises(Refused):
        with unit_of_work():
            key = documents.write_file(b"%PDF-1.4 weg")
            assert (documents.upload_root() / key).exists()
            raise Refused
    assert not (documents.upload_root() / key).exists()
    with unit_of_work():
        kept = documents.write_file(b"%PDF-1.4 blijft")
    assert (documents.upload_root() / kept).exists()


def test_a_file_is_removed_only_when_the_unit_that_removes_it_commits(
        app, db_session: sa.orm.Session) -> None:
    with unit_of_work():
        key = documents.write_file(b"%PDF-1.4 bewaard")
    path = documents.upload_root() / key
    with pytest.raises(Refused):
        with unit_of_work():
            documents.remove_after_commit(key)
            assert path.exists()  # not before the commit
            raise Refused
    assert path.exists()  # rolled back: the row that names it still has it
    with unit_of_work():
        documents.remove_after_commit(key)
        assert path.exists()
    assert not path.exists()


def test_the_loser_of_a_double_submit_leaves_no_file(client, db_session: sa.orm.Session,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Two submits of one form at the same moment: both pass the token check, the second
    insert hits the unique token; its files must go with its rollback."""
    import io

    from avg_service.requests import public
    from tests.factories import organisation_id
    from tests.requests.test_public_form import PDF, _form, _valid

    organisation_id("politie")
    root = documents.upload_root()
    before = set(root.iterdir())
    form = {**_form(client, "/verzoek"), **_valid()}

    def post() -> int:
        return client.post("/verzoek", content_type="multipart/form-data", data={
            **form, "attachments": (io.BytesIO(PDF), "bijlage.pdf")}).status_code

    assert post() == 303
    after_first = set(root.iterdir())
    assert len(after_first - before) == 1
    real = public._by_token
    seen: list[str] = []

    def racing(token: str):  # the first look happens before the other submit committed
        seen.append(token)
        return None if len(seen) == 1 else real(token)

    monkeypatch.setattr(public, "_by_token", racing)
    assert post() == 303  # the same confirmation
    assert set(root.iterdir()) == after_first  # and no second copy of the file


def test_the_sweep_removes_old_orphans_and_keeps_named_and_young_files(
        app, db_session: sa.orm.Session) -> None:
    root = documents.upload_root()
    old, young = root / ("a" * 32), root / ("b" * 32)
    for path in (old, young):
        path.write_bytes(b"orphan")
    hours_ago = (datetime.now(UTC) - timedelta(hours=2)).timestamp()
    os.utime(old, (hours_ago, hours_ago))
    with unit_of_work():
        named = documents.write_file(b"%PDF-1.4 named")  # no row names it, but it is young
        removed = documents.sweep_orphans(now=datetime.now(UTC))
    assert removed >= 1 and not old.exists() and young.exists() and (root / named).exists()
