"""What the breach pages print from: the catalogues and labels, in one dictionary."""

from __future__ import annotations

from typing import Any

from avg_service.breaches import catalogue, rules


def labels() -> dict[str, Any]:
    """The catalogues every breach page prints from."""
    return {"status_labels": {s.value: v for s, v in rules.STATUS_LABELS.items()},
            "risk_labels": {r.value: v for r, v in rules.RISK_LABELS.items()},
            "task_status_labels": {s.value: v for s, v in rules.TASK_STATUS_LABELS.items()},
            "breach_types": catalogue.BREACH_TYPES, "data_kinds": catalogue.DATA_KINDS,
            "factors": catalogue.RISK_FACTORS, "examples": catalogue.EXAMPLES,
            "examples_by_code": catalogue.EXAMPLES_BY_CODE,
            "decisions": catalogue.COMMUNICATION_DECISIONS,
            "grounds": catalogue.UAVG_41_GROUNDS, "sources": catalogue.ON_BEHALF_SOURCES,
            "notification_elements": rules.NOTIFICATION_ELEMENTS}
