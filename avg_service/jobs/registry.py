"""Job functions by stable name: the name is stored in the outbox, never a Python path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

JobFunction = Callable[..., None]
F = TypeVar("F", bound=JobFunction)

_REGISTRY: dict[str, JobFunction] = {}


class UnknownJob(LookupError):
    pass


def job(name: str) -> Callable[[F], F]:
    """Register a job function under ``name`` (e.g. ``"letters.render"``)."""

    def register(func: F) -> F:
        existing = _REGISTRY.get(name)
        if existing is not None and existing is not func:
            raise ValueError(f"job name {name!r} is already taken by {existing.__qualname__}")
        _REGISTRY[name] = func
        return func

    return register


def lookup(name: str) -> JobFunction:
    try:
        return _REGISTRY[name]
    except KeyError:
        raise UnknownJob(name) from None


def registered_jobs() -> dict[str, JobFunction]:
    return dict(_REGISTRY)


def check_args(args: tuple[Any, ...]) -> list[Any]:
    """Jobs take ids: JSON scalars only, so rq's JSON serializer and the outbox agree."""
    for arg in args:
        if not isinstance(arg, (int, str, bool)) or isinstance(arg, float):
            raise TypeError(f"job arguments must be ids (int or str), got {type(arg).__name__}")
    return list(args)
