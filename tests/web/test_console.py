"""The developer's console: one readable line per event in development, JSON in production;
libraries that narrate at INFO are quiet; the demo's links point at the configured base URL."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from avg_service.observability import QUIET_LOGGERS, ConsoleFormatter, JsonFormatter
from tests.test_config import PRODUCTION_OK
from tests.conftest import TEST_SECRET_KEY, ThrowawayDatabases, make_app, migrated_app


def _record(**extra: object) -> logging.LogRecord:
    record = logging.LogRecord("avg_service.access", logging.INFO, __file__, 1, "request", (),
                               None)
    for key, value in extra.items():
        setattr(record, key, value)
    return record


def test_development_logs_one_readable_line_and_production_json(tmp_path: Path) -> None:
    line = ConsoleFormatter().format(_record(event="http.request", method="GET",
                                             path="/verzoeken", status=200,
                                             request_id="abcdef0123456789"))
    assert "\n" not in line and "{" not in line
    assert "INFO    http.request method=GET path=/verzoeken status=200 [abcdef01]" in line
    assert json.loads(JsonFormatter().format(_record(event="http.request")))["event"] == \
        "http.request"
    make_app("sqlite:///" + str(tmp_path / "a.sqlite3"), tmp_path)
    handlers = [h for h in logging.getLogger().handlers
                if isinstance(h.formatter, (ConsoleFormatter, JsonFormatter))]
    assert handlers and all(isinstance(h.formatter, ConsoleFormatter) for h in handlers)
    make_app("postgresql://x@127.0.0.1/none", tmp_path,
             **{**PRODUCTION_OK, "SECRET_KEY": TEST_SECRET_KEY})
    assert all(isinstance(h.formatter, JsonFormatter) for h in handlers)
    make_app("sqlite:///" + str(tmp_path / "a.sqlite3"), tmp_path)  # back, for the other tests


def test_weasyprint_and_alembic_chatter_stays_below_warning(tmp_path: Path) -> None:
    make_app("sqlite:///" + str(tmp_path / "a.sqlite3"), tmp_path)
    for name in ("weasyprint.progress", "fontTools.subset", "alembic.runtime.plugins"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    assert "weasyprint" in QUIET_LOGGERS


def test_the_demo_status_link_uses_the_configured_base_url(databases: ThrowawayDatabases,
                                                           tmp_path: Path) -> None:
    app = migrated_app(databases, tmp_path, AVG_BASE_URL="http://127.0.0.1:5123")
    result = app.test_cli_runner().invoke(args=["avg", "init", "--demo"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:5123/status/" in result.output
    assert ":5000" not in result.output
