"""Plain-text report of every deadline for one request, as the CLI prints it.

``format_report`` renders the results of ``response_deadlines`` (rules R2–R7) and, when a
decision date is given, of the bezwaar terms (R9, R10, Awb 6:9(2)), each date followed by its
Dutch explanation, the calendar version and a warning when a date is provisional (Atw art.
3(3)). It only formats; the CLI command (``flask avg deadlines``) lives with the app.
"""

from __future__ import annotations

import textwrap
from datetime import date
from typing import Final

from avg_service.deadlines.calendar import CALENDAR_COVERS_FROM, CALENDAR_COVERS_UNTIL, CALENDAR_VERSION
from avg_service.deadlines.explain import ExplainedDate, format_date_nl
from avg_service.deadlines.objection import (
    objection_decision_due_explained,
    objection_period_end_explained,
    posted_objection_received_by_explained,
)
from avg_service.deadlines.response import response_deadlines

__all__ = ["format_report"]

_LABEL_WIDTH: Final = 44
_TEXT_WIDTH: Final = 100


def _date_line(label: str, day: date) -> str:
    return f"{label:<{_LABEL_WIDTH}} {day.isoformat()}  ({format_date_nl(day)})"


def _explained_lines(label: str, explained: ExplainedDate) -> list[str]:
    flag = "  [VOORLOPIG]" if explained.provisional else ""
    body = textwrap.fill(
        explained.explain_nl(), width=_TEXT_WIDTH, initial_indent="    ", subsequent_indent="    "
    )
    return [_date_line(label, explained.value) + flag, body]


def format_report(received_on: date, *, suspended: int = 0, notified_on: date | None = None) -> str:
    """The multi-line text of ``flask avg deadlines --received DATE [--suspended N]
    [--notified DATE]``: rules R2–R7 for the request, and R9, R10 and Awb 6:9(2) for a decision
    bekendgemaakt on ``notified_on``. Labels in English, explanations in Dutch."""
    deadlines = response_deadlines(received_on, suspended_days=suspended)
    ex = deadlines.explanations
    lines = [
        "AVG request deadlines (avg_service.deadlines)",
        _date_line("Received on (R1)", received_on),
        f"{'Suspended days (Awb 4:15, R5)':<{_LABEL_WIDTH}} {suspended}",
        _date_line("One-month end, raw (R2)", deadlines.one_month_end_raw),
        "",
        *_explained_lines("Extension notice by (R6)", ex["extension_notice_by"]),
        *_explained_lines("Refusal notice by (R7)", ex["refusal_notice_by"]),
        *_explained_lines("Decision due (R2)", ex["due_on"]),
        *_explained_lines("Extended decision due (R3)", ex["extended_due_on"]),
        *_explained_lines("  alternative: chained extension (R3)", ex["chained_extended_due_on"]),
        *_explained_lines("  internal target, strict calendar (R4)", ex["strict_due_on"]),
    ]
    provisional = deadlines.provisional
    if notified_on is not None:
        period_end = objection_period_end_explained(notified_on)
        objection = [
            ("Objection period ends (R9)", period_end),
            ("Posted objection must arrive by (6:9(2))", posted_objection_received_by_explained(period_end.value)),
            ("Decision on objection due (R10)", objection_decision_due_explained(period_end.value)),
            (
                "  with advisory committee (7:10(1))",
                objection_decision_due_explained(period_end.value, committee=True),
            ),
            ("  after deferral (7:10(3))", objection_decision_due_explained(period_end.value, deferred=True)),
            (
                "  committee and deferral",
                objection_decision_due_explained(period_end.value, committee=True, deferred=True),
            ),
        ]
        lines += ["", _date_line("Decision notified on (bekendmaking)", notified_on)]
        for label, explained in objection:
            lines += _explained_lines(label, explained)
            provisional = provisional or explained.provisional
    lines += [
        "",
        f"Calendar: KB table {CALENDAR_VERSION}, covers {CALENDAR_COVERS_FROM.isoformat()} "
        f"to {CALENDAR_COVERS_UNTIL.isoformat()} (Atw art. 3).",
    ]
    if provisional:
        lines.append(
            "PROVISIONAL: some dates fall outside the KB table; days equated by royal decree "
            "(Atw art. 3(3)) for those years are unknown, so the dates may still move later."
        )
    return "\n".join(lines)
