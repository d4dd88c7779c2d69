"""The risk suggestion and the catalogues (pure)."""

from __future__ import annotations

import pytest

from avg_service.breaches import catalogue
from avg_service.breaches.catalogue import CommunicationDecision
from avg_service.breaches.rules import RiskLevel


@pytest.mark.parametrize(("types", "factors", "kinds", "level"), [
    # A case report sent to the wrong address: casus data is special -> high (EDPB B-ix).
    ({"confidentiality"}, set(), {"case"}, RiskLevel.HIGH),
    ({"confidentiality"}, {"vulnerable"}, {"identity"}, RiskLevel.HIGH),
    ({"confidentiality"}, {"identifiable"}, {"identity"}, RiskLevel.RISK),
    ({"confidentiality"}, set(), set(), RiskLevel.RISK),
    # Encrypted with the key safe (34(3)(a), EDPB B-i): no risk, even for health data.
    ({"confidentiality"}, {"encrypted"}, {"health"}, RiskLevel.NONE),
    # Encryption does not help against loss of availability.
    ({"availability"}, {"encrypted"}, {"identity"}, RiskLevel.RISK),
    # Minutes without access, fully restored (EDPB B-iii).
    ({"availability"}, {"restored"}, {"identity"}, RiskLevel.NONE),
    # ... but not when the data is special and it was not restored.
    ({"availability"}, set(), {"health"}, RiskLevel.HIGH),
    # A trusted recipient who destroyed the data lowers high to risk, an unknown one does not.
    ({"confidentiality"}, {"trusted_recipient"}, {"health"}, RiskLevel.RISK),
    ({"confidentiality"}, {"trusted_recipient", "unknown_recipient"}, {"health"},
     RiskLevel.HIGH),
])
def test_suggested_risk(types: set[str], factors: set[str], kinds: set[str],
                        level: RiskLevel) -> None:
    suggestion = catalogue.suggested_risk(types, factors, kinds)
    assert suggestion.level is level
    assert suggestion.because  # always says why


def test_the_catalogues_hang_together() -> None:
    assert {e.level for e in catalogue.EXAMPLES} == set(RiskLevel)
    assert all(e.code.startswith("B-") for e in catalogue.EXAMPLES)
    # UAVG 41(1)(a)-(j) from the request tasks' catalogue; AVG 15(4) is not a ground for art. 34.
    assert [g.code for g in catalogue.UAVG_41_GROUNDS] == [f"41{c}" for c in "abcdefghij"]
    assert set(catalogue.COMMUNICATION_DECISIONS) == set(CommunicationDecision)
    assert catalogue.SENSITIVE_DATA_KINDS <= set(catalogue.DATA_KINDS)
