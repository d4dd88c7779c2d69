"""Domain errors: a business rule refused the action, with a message safe to show.

Plain Python (standard library only) so that services, state machines and pure rule modules can
raise them without pulling in Flask. They are mapped to HTTP in one place, at the edge:
``avg_service.web.errors`` (a page with the message, or JSON ``{"message": ..., "errors": {...}}``
with the status code). Views and services do not wrap them again.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused the action; the message is safe to show to the user."""

    status_code = 422

    def __init__(self, message: str, *, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotAllowed(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class RuleRefused(DomainError, ValueError):
    """A pure rule refused: a state machine's move, a ground that does not fit the outcome.
    A 422 with the message, like any domain error; still a ``ValueError`` for callers of the
    pure rule modules that caught that before."""
