"""The real OpenID providers of the tests (tests/oidc_provider: panva's oidc-provider on Node),
and a person's walk through a provider's log-in page, without a browser.

One Node process, started once per test session, serves three issuers on loopback: the
municipality's provider (contact point staff), the police's (a participant) and a DigiD broker.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests

PROVIDER_DIR = Path(__file__).resolve().parent.parent / "oidc_provider"
CLIENT_ID = "avg-service"
CLIENT_SECRET = "test-client-secret-0123456789abcdef"
DIGID_CLIENT_ID = "avg-service-digid"
STARTUP_SECONDS = 20


def provider_config() -> dict[str, object]:
    client = [{"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}]
    return {"providers": [
        {"key": "gemeente", "clients": client},
        {"key": "politie", "clients": client},
        {"key": "digid", "kind": "digid",
         "clients": [{"client_id": DIGID_CLIENT_ID, "client_secret": CLIENT_SECRET}]},
    ]}


def app_settings(issuers: dict[str, str]) -> dict[str, str]:
    """The service's settings for these issuers (the README's example, on loopback)."""
    providers = [
        {"key": "gemeente", "label": "Gemeente Testdorp", "issuer": issuers["gemeente"],
         "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "organisation": "college",
         "contact_point": True, "link_by": "email"},
        {"key": "politie", "label": "Politie", "issuer": issuers["politie"],
         "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "organisation": "politie",
         "link_by": "email", "password_login": False},
    ]
    broker = {"issuer": issuers["digid"], "client_id": DIGID_CLIENT_ID,
              "client_secret": CLIENT_SECRET, "organisation_name": "Gemeente Testdorp",
              "min_loa": "midden"}
    return {"AVG_OIDC_PROVIDERS": json.dumps(providers), "AVG_DIGID_BROKER": json.dumps(broker)}


@contextmanager
def running_providers() -> Iterator[dict[str, str]]:
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        message = ("the test OpenID provider is not installed: run `make install-test` "
                   "(npm ci in tests/oidc_provider)")
        if os.environ.get("AVG_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    process = subprocess.Popen(
        [node, "server.mjs"], cwd=PROVIDER_DIR, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, env={**os.environ, "TEST_OIDC_CONFIG": json.dumps(provider_config())},
        text=True)
    try:
        assert process.stdout is not None
        ready, _w, _x = select.select([process.stdout], [], [], STARTUP_SECONDS)
        line = process.stdout.readline() if ready else ""
        if not line:
            pytest.fail("the test OpenID provider did not start")
        yield json.loads(line)["ready"]
    finally:
        process.kill()
        process.wait(timeout=10)


def sign_in_at_provider(authorization_url: str, login: str) -> str:
    """Follow the provider's pages as a person would: open the authorization URL, fill in the
    log-in form, and return the redirect back to the service (the callback URL with the code)."""
    provider = urlsplit(authorization_url).netloc
    browser = requests.Session()
    response = browser.get(authorization_url, allow_redirects=False, timeout=10)
    for _ in range(10):
        if response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if urlsplit(target).netloc != provider:
                return target
            response = browser.get(target, allow_redirects=False, timeout=10)
            continue
        match = re.search(r'<form method="post" action="([^"]+)"', response.text)
        assert match, f"no log-in form at the provider: {response.status_code} {response.text[:300]}"
        response = browser.post(urljoin(response.url, match.group(1)), data={"login": login},
                                allow_redirects=False, timeout=10)
    raise AssertionError("the provider did not send the browser back")
