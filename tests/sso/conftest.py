"""SSO tests run the app against the real providers of tests/sso/provider.py (once per session)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from avg_service.sso import oidc
from tests.conftest import ThrowawayDatabases, migrated_app
from tests.sso.provider import app_settings, running_providers


@pytest.fixture(scope="session")
def issuers() -> Iterator[dict[str, str]]:
    with running_providers() as urls:
        oidc.forget_cache()
        yield urls
        oidc.forget_cache()


@pytest.fixture(scope="session")
def app(databases: ThrowawayDatabases, tmp_path_factory: pytest.TempPathFactory,
        issuers: dict[str, str]) -> Flask:
    """The tests' app, configured with the two staff providers and the DigiD broker."""
    return migrated_app(databases, tmp_path_factory.mktemp("sso-app"), **app_settings(issuers))
