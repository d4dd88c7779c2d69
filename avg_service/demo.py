"""Demo data for ``flask avg init --demo`` (development only).

Each feature contributes a seeder; seeders are idempotent (running ``init --demo`` twice changes
nothing) and return the lines to print, such as the demo log-ins.
"""

from __future__ import annotations

from collections.abc import Callable

Seeder = Callable[[], list[str]]
SEEDERS: list[Seeder] = []


def seeder(func: Seeder) -> Seeder:
    SEEDERS.append(func)
    return func


def seed_demo() -> list[str]:
    lines: list[str] = []
    for seed in SEEDERS:
        lines.extend(seed())
    if not lines:
        lines.append("Demo data: nothing to seed yet (accounts arrive with the accounts feature).")
    return lines
