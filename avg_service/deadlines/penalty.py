"""The dwangsom bij niet tijdig beslissen (Awb 4:17–4:18) on a late AVG decision.

A decision on an AVG request is a beschikking on an aanvraag, so the Awb penalty for deciding
late applies (RULES.md §5, D14). This module computes when the penalty starts and stops running
(rule R11) and how much is due for a number of days. It does not decide whether a penalty is
owed: that depends on facts (a timely ingebrekestelling, belanghebbende, the exceptions of 4:17(6)) that legal
staff judge. The Atw does not apply to these days (Awb 4:17(1)); nothing here is rolled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from types import MappingProxyType
from typing import Final, Mapping

from avg_service.deadlines.explain import ExplainedDate, explain_term_end

__all__ = [
    "PENALTY_MAX_AMOUNT",
    "PENALTY_MAX_DAYS",
    "PenaltyPeriod",
    "penalty_amount",
    "penalty_period",
]

# Awb 4:17(2): € 23 per day for the first 14 days, € 35 for the next 14, € 45 for the rest;
# Awb 4:17(1): at most 42 days.
_BLOCKS: Final = ((14, Decimal(23)), (14, Decimal(35)), (14, Decimal(45)))
PENALTY_MAX_DAYS: Final = 42
PENALTY_MAX_AMOUNT: Final = Decimal(1442)
_GRACE_DAYS: Final = 14  # Awb 4:17(3): "twee weken"


@dataclass(frozen=True)
class PenaltyPeriod:
    """Rule R11: the days over which a dwangsom can run (Awb 4:17(1), (3)).

    ``in_default_from`` is the first day after the decision term; ``first_day`` the first day
    the dwangsom is due; ``last_day`` the 42nd day (the maximum).
    """

    due_on: date
    default_notice_received_on: date
    in_default_from: date
    first_day: date
    last_day: date

    @cached_property
    def explanations(self) -> Mapping[str, ExplainedDate]:
        """Explanations of ``first_day`` and ``last_day`` (R11; never rolled)."""
        first = explain_term_end(
            self.first_day,
            roll=False,
            rule="R11",
            source="Awb 4:17 lid 3",
            label="Eerste dag dwangsom",
            note=(
                "Twee weken na ontvangst van de ingebrekestelling (letterlijke lezing; een andere "
                "lezing telt een dag later). Laat juridische zaken dit controleren."
            ),
        )
        last = explain_term_end(
            self.last_day,
            roll=False,
            rule="R11",
            source="Awb 4:17 lid 1",
            label="Laatste dag dwangsom",
            note="Ten hoogste 42 dagen; de Algemene termijnenwet is niet van toepassing (Awb 4:17 lid 1).",
        )
        return MappingProxyType({"first_day": first, "last_day": last})


def penalty_period(due_on: date, default_notice_received_on: date) -> PenaltyPeriod:
    """Rule R11 (Awb 4:17(1), (3)): the dwangsom period for a decision due on ``due_on``.

    The first day is the day on which two weeks have passed after the later of the term's
    expiry and the receipt of the written ingebrekestelling: ``default_notice_received_on +
    14 days`` (the literal reading; some read +15, RULES.md open point 12). The last day is the
    42nd day. C28: due 2025-02-03, notice received 2025-02-05 → 2025-02-19 to 2025-04-01.

    An ingebrekestelling received on or before ``due_on`` is premature (the term had not yet
    expired, RULES.md §5) and raises ``ValueError``.
    """
    if default_notice_received_on <= due_on:
        raise ValueError("an ingebrekestelling received before the term expired has no effect (Awb 4:17(3))")
    first_day = default_notice_received_on + timedelta(days=_GRACE_DAYS)
    return PenaltyPeriod(
        due_on=due_on,
        default_notice_received_on=default_notice_received_on,
        in_default_from=due_on + timedelta(days=1),
        first_day=first_day,
        last_day=first_day + timedelta(days=PENALTY_MAX_DAYS - 1),
    )


def penalty_amount(days: int) -> Decimal:
    """Awb 4:17(1)–(2) (rule R11, RULES.md D14): the dwangsom for ``days`` days in euros.

    € 23 per day for days 1–14, € 35 for days 15–28, € 45 for days 29–42; days above 42 are
    capped, so at most € 1,442. Negative ``days`` raise ``ValueError``.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    remaining = min(days, PENALTY_MAX_DAYS)
    total = Decimal(0)
    for block_days, rate in _BLOCKS:
        counted = min(remaining, block_days)
        total += counted * rate
        remaining -= counted
    return total
