"""Logging: one JSON line per event in production, one readable line in development; each
with the request id. Libraries that narrate their work (WeasyPrint's progress, seven lines per
letter; fontTools; alembic's plug-in set-up) log at WARNING and up only.

Log lines never carry personal data: no names, BSN, e-mail, form fields or query strings. A line
has a fixed ``event`` name and ids; request paths are logged without their query string.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
#: Route variables that carry a secret (a status link's token, a signed download link).
SECRET_ARGS = frozenset({"token", "signed"})
#: A path segment this long and random-looking is taken for a token even on a route we do not
#: know (a 404 for a mistyped status link still carries the secret).
_TOKEN_SEGMENT = re.compile(r"[A-Za-z0-9_\-.~]{20,}")
REDACTED = "[redacted]"


def loggable_path() -> str:
    """The request path fit for a log line: secrets in it replaced by ``[redacted]`` (issue
    15, finding 5: the status token and the signed download tokens were logged in full)."""
    rule, args = request.url_rule, request.view_args or {}
    if rule is not None:
        if not SECRET_ARGS & set(args):
            return request.path
        path = rule.rule
        for name, value in args.items():
            shown = REDACTED if name in SECRET_ARGS else str(value)
            path = re.sub(r"<(?:[^:<>]+:)?" + re.escape(name) + r">", lambda _m: shown, path)
        return path
    return "/".join(REDACTED if _TOKEN_SEGMENT.fullmatch(part) else part
                    for part in request.path.split("/"))
_STANDARD_ATTRS = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {
    "message",
    "asctime",
    "taskName",
}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": getattr(record, "event", None) or record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and key not in line:
                line[key] = value
        if record.exc_info and record.exc_info[0] is not None:
            line["exception"] = record.exc_info[0].__qualname__
            if logging.getLogger("avg_service").isEnabledFor(logging.DEBUG):
                line["traceback"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class ConsoleFormatter(logging.Formatter):
    """For a developer's console: ``14:05:01 INFO  http.request method=GET path=/verzoeken
    status=200 duration_ms=12.3 [a1b2c3d4]`` — the same fields as the JSON line, on one line."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created).strftime("%H:%M:%S")
        event = getattr(record, "event", None) or record.getMessage()
        fields = " ".join(f"{key}={value}" for key, value in vars(record).items()
                          if key not in _STANDARD_ATTRS and key not in ("event", "request_id"))
        request_id = getattr(record, "request_id", None)
        line = f"{moment} {record.levelname:<7} {event}" + (f" {fields}" if fields else "") \
            + (f" [{str(request_id)[:8]}]" if request_id else "")
        if record.exc_info and record.exc_info[0] is not None:
            line += "\n" + self.formatException(record.exc_info)
        return line


#: loggers that narrate at INFO what nobody needs to read
QUIET_LOGGERS = ("weasyprint", "weasyprint.progress", "fontTools", "alembic.runtime.plugins",
                 "alembic.runtime.migration", "alembic")


_base_record_factory = logging.getLogRecordFactory()


def _record_with_request_id(*args: Any, **kwargs: Any) -> logging.LogRecord:
    """Stamp each record with the request id when it is made, wherever it is formatted later."""
    record = _base_record_factory(*args, **kwargs)
    if has_request_context() and "request_id" in g:
        record.request_id = g.request_id
    return record


def configure_logging(app: Flask) -> None:
    """JSON in production, readable lines in development (``AVG_ENV``)."""
    logging.setLogRecordFactory(_record_with_request_id)
    settings = app.extensions.get("avg_settings")
    production = bool(settings and settings.is_production)
    root = logging.getLogger()
    ours = [h for h in root.handlers if isinstance(h.formatter, (JsonFormatter, ConsoleFormatter))]
    if not ours:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        root.addHandler(handler)
        ours = [handler]
    for handler in ours:
        handler.setFormatter(JsonFormatter() if production else ConsoleFormatter())
    root.setLevel(logging.INFO)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Werkzeug's own access log prints the full URL, query string included: ours replaces it.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    access = logging.getLogger("avg_service.access")

    @app.before_request
    def _start() -> None:
        incoming = request.headers.get("X-Request-Id", "")
        g.request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Request-Id"] = g.get("request_id", "")
        started = g.get("request_started")
        access.info(
            "request",
            extra={
                "event": "http.request",
                "method": request.method,
                "path": loggable_path(),
                "endpoint": request.endpoint,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2) if started else None,
            },
        )
        return response
