"""Job functions by stable name: the name is stored in the outbox, never a Python path.

Each job also names its rq queue (``jobs.queues``): a queue name, or a function of the job's
arguments for a job whose queue depends on what it is about (a receipt's render is bulk, a
besluit's is interactive). The function runs inside the unit of work that queues the job and
again when the sweep hands over a job that rq never received, so it reads only what is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from avg_service.jobs import queues

JobFunction = Callable[..., None]
F = TypeVar("F", bound=JobFunction)
#: A queue name, or a function of the job's arguments returning one.
Route = str | Callable[..., str]

_REGISTRY: dict[str, JobFunction] = {}
_ROUTES: dict[str, Route] = {}


class UnknownJob(LookupError):
    pass


def job(name: str, *, queue: Route = queues.BULK) -> Callable[[F], F]:
    """Register a job function under ``name`` (e.g. ``"letters.render"``) and its rq queue.

    Bulk unless said otherwise: the interactive queue stays short only if a job has to claim
    it (``jobs.queues`` says which work does).
    """
    if isinstance(queue, str) and queue not in queues.LISTEN_ORDER:
        raise ValueError(f"job {name!r}: unknown queue {queue!r}")

    def register(func: F) -> F:
        existing = _REGISTRY.get(name)
        if existing is not None and existing is not func:
            raise ValueError(f"job name {name!r} is already taken by {existing.__qualname__}")
        _REGISTRY[name] = func
        _ROUTES[name] = queue
        return func

    return register


def lookup(name: str) -> JobFunction:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownJob(name) from None


def queue_for(name: str, args: list[Any] | tuple[Any, ...]) -> str:
    """The rq queue job ``name`` with ``args`` goes to."""
    lookup(name)
    route = _ROUTES[name]
    queue = route if isinstance(route, str) else route(*args)
    if queue not in queues.LISTEN_ORDER:
        raise ValueError(f"job {name!r} routed to unknown queue {queue!r}")
    return queue


def registered_jobs() -> dict[str, JobFunction]:
    return dict(_REGISTRY)


def check_args(args: tuple[Any, ...]) -> list[Any]:
    """Jobs take ids: JSON scalars only, so rq's JSON serializer and the outbox agree."""
    for arg in args:
        if not isinstance(arg, (int, str, bool)) or isinstance(arg, float):
            raise TypeError(f"job arguments must be ids (int or str), got {type(arg).__name__}")
    return list(args)
