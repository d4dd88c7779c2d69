"""Shared by the job tests on a real Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from avg_service.extensions import db
from tests.conftest import ThrowawayDatabases, migrated_app


@pytest.fixture
def rq_app(databases: ThrowawayDatabases, tmp_path: Path, redis_url: str) -> Iterator[Flask]:
    """An app with REDIS_URL set, on a database of its own (a worker must see real commits)."""
    application = migrated_app(databases, tmp_path, REDIS_URL=redis_url)
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()
