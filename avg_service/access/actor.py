"""The actor of an action: who, in which role and organisation, from where.

Services receive an ``Actor`` instead of reading the session, so the same use case runs from a
page, the API, a job or the CLI (STYLE.md), and every audit entry says who acted.
"""

from __future__ import annotations

from dataclasses import dataclass

from avg_service.access.roles import Role


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int | None
    role: Role | None
    organisation_id: int | None
    #: "session", "token", "cli", "job" or "anonymous"
    via: str
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None and self.role is not None

    @classmethod
    def anonymous(cls, *, ip: str | None = None, user_agent: str | None = None,
                  request_id: str | None = None) -> Actor:
        return cls(None, None, None, "anonymous", ip, user_agent, request_id)

    @classmethod
    def system(cls, via: str = "cli") -> Actor:
        """The service itself (CLI, jobs, the sweep): no user, audited as such."""
        return cls(None, None, None, via)
