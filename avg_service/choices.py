"""The choices the law leaves open, as the values of their settings (README: where the law
is unsettled, a setting with a safe default).

Pure: the rule modules read them and ``config`` parses them, so they depend on neither.
"""

from __future__ import annotations

from enum import StrEnum


class Uavg5Reading(StrEnum):
    """Which text of UAVG art. 5 decides a child's path (setting ``AVG_UAVG5_READING``)."""

    #: the 2021 text for requests received before 1 September 2026, the amended one from then
    BY_RECEIPT_DATE = "by_receipt_date"
    #: the 2021 text always (under 16 only the representative), until the amendment is confirmed
    TEXT_2021 = "2021"


class GezagSignatures(StrEnum):
    """Whose signature a request for a child needs (setting ``AVG_GEZAG_SIGNATURES``).

    Joint authority is in principle exercised together (BW 1:245, 1:253a ◐, not re-read);
    whether one parent may make an AVG request alone is unsettled, so ``ALL`` is the default.
    """

    ALL = "all"  # every parent with gezag signs (or agrees in writing)
    ACTING = "acting"  # the parent who acts suffices
