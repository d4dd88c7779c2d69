"""No secret in any log line (issue 15, finding 5): the status token and the signed download
tokens in a path are logged as ``[redacted]``, on known routes and on unknown ones."""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient

from avg_service.observability import JsonFormatter
from tests.factories import make_request
from tests.portal.test_portal import _download_links, _link


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_status_and_download_tokens_never_reach_the_log(
        client: FlaskClient, caplog: pytest.LogCaptureFixture) -> None:
    dsr = make_request(email="r@example.test")
    token = _link(dsr.id, datetime.now(UTC))
    guessed = secrets.token_urlsafe(32)
    with caplog.at_level(logging.INFO):
        client.get(f"/status/{token}")
        client.get(f"/en/status/{guessed}")
        (download,) = _download_links(client.get("/status").get_data(as_text=True))
        client.get(download)
        client.get(f"/status/no-such-route/{guessed}")  # a 404 on no route at all
    signed = download.rsplit("/", 1)[1]
    lines = _logged(caplog)
    for secret in (token, guessed, signed):
        assert secret not in lines
    paths = [json.loads(line)["path"] for line in lines.splitlines()
             if json.loads(line).get("event") == "http.request"]
    assert "/status/[redacted]" in paths and "/en/status/[redacted]" in paths
    assert "/status/download/[redacted]" in paths
    assert "/status/no-such-route/[redacted]" in paths
    assert "/status" in paths  # an ordinary path stays as it is
