"""The one place that maps errors to HTTP.

Pages get a Dutch (or English) error page without a stack trace; ``/api/`` gets JSON
``{"code": ..., "message": ..., "errors": {...}}`` with the status code. Services raise
``avg_service.errors.DomainError`` subclasses; a refusal that names a permission (an object
outside the actor's compartment) is written to the audit log here.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

from avg_service.access.guard import current_actor, log_refusal
from avg_service.errors import DomainError
from avg_service.observability import loggable_path
from avg_service.web.i18n import language_from_path, localise_errors

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def _json_error(code: int, message: str, errors: dict[str, Any] | None = None) -> ResponseReturnValue:
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), code


def _page(code: int) -> ResponseReturnValue:
    g.lang = language_from_path(request.path)
    key = str(code) if code in (400, 403, 404, 500) else "other"
    return render_template("errors/error.html", code=code, key=key), code


def init_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> ResponseReturnValue:
        code = error.code or 500
        if wants_json():
            data = getattr(error, "data", None) or {}
            errors = data.get("errors") or data.get("messages")
            message = data.get("message") or error.description or error.name
            body: dict[str, Any] = {"code": code, "message": str(message)}
            if errors:
                body["errors"] = localise_errors(errors, "nl")
            response = jsonify(body)
            response.status_code = code
            response.headers.update(data.get("headers") or {})
            return response
        return _page(code)

    @app.errorhandler(DomainError)
    def _domain_error(error: DomainError) -> ResponseReturnValue:
        permission = getattr(error, "permission", None)
        if permission is not None:  # an object outside the actor's compartment: log the refusal
            log_refusal(current_actor(), str(permission), object_type=getattr(error, "object_type", None),
                        object_id=getattr(error, "object_id", None))
        if wants_json():
            return _json_error(error.status_code, error.message, error.errors)
        return _page(error.status_code)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> ResponseReturnValue:
        if app.debug or app.config.get("AVG_RAISE_ERRORS"):
            raise error
        log.exception("unhandled error", extra={"event": "http.unhandled_error",
                                                "path": loggable_path()})
        if wants_json():
            return _json_error(500, InternalServerError.description)
        return _page(500)
