"""The edge of a JSON API act: load the object locked, run the use case, in one unit of work.

The acting user and the moment are passed in (services never read the request); a refusal
propagates to the error handler as a JSON 4xx (``web/errors.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from avg_service import clock
from avg_service.access.actor import Actor
from avg_service.access.guard import current_actor
from avg_service.uow import unit_of_work

T = TypeVar("T")
R = TypeVar("R")


def api_action(load: Callable[[], T], run: Callable[[T, Actor, datetime], R]) -> R:
    """``run(load(), actor, now)`` in one unit of work; returns what ``run`` returns."""
    with unit_of_work():
        return run(load(), current_actor(), clock.now_utc())
