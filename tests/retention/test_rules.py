"""The retention rules, pure: terms, the WGS 1.8(7) cap, the list's approval and four eyes."""

from __future__ import annotations

import ast
import sys
from datetime import date
from pathlib import Path

import pytest

import avg_service.retention
from avg_service.retention.rules import (
    TERMS,
    DestructionRefused,
    ListStatus,
    RecordKind,
    approve,
    check_can_carry_out,
    check_can_reject,
    cutoff,
    due_on,
)


@pytest.mark.parametrize(("start", "months", "received", "kind", "expected"), [
    (date(2026, 1, 31), 12, None, RecordKind.UPLOADS, date(2027, 1, 31)),
    (date(2026, 1, 31), 1, None, RecordKind.UPLOADS, date(2026, 2, 28)),  # month end
    # The copies: never later than five years after receipt (WGS art. 1.8(7)).
    (date(2030, 6, 1), 12, date(2026, 3, 2), RecordKind.DATA_COPIES, date(2031, 3, 2)),
    (date(2026, 6, 1), 12, date(2026, 3, 2), RecordKind.DATA_COPIES, date(2027, 6, 1)),
    (date(2030, 6, 1), 120, date(2026, 3, 2), RecordKind.REQUEST_FILE, date(2040, 6, 1)),
])
def test_due_on(start, months, received, kind, expected) -> None:
    assert due_on(start, months, received_on=received, kind=kind) == expected


def test_cutoff_is_the_latest_start_whose_term_ended() -> None:
    assert cutoff(date(2029, 3, 1), 24) == date(2027, 3, 1)
    assert due_on(cutoff(date(2029, 3, 1), 24), 24) == date(2029, 3, 1)


def test_every_kind_has_a_term_with_a_source() -> None:
    assert set(TERMS) == set(RecordKind)
    assert all(t.source and t.default_months > 0 for t in TERMS.values())
    assert not TERMS[RecordKind.AUDIT_ENTRIES].destroyed_here


def test_one_approval_suffices_without_four_eyes() -> None:
    assert approve(ListStatus.PROPOSED, approver_id=1, first_approver_id=None,
                   four_eyes=False).status is ListStatus.APPROVED


def test_four_eyes_need_a_second_different_approver() -> None:
    first = approve(ListStatus.PROPOSED, approver_id=1, first_approver_id=None, four_eyes=True)
    assert first.status is ListStatus.PROPOSED and not first.is_second
    with pytest.raises(DestructionRefused):
        approve(ListStatus.PROPOSED, approver_id=1, first_approver_id=1, four_eyes=True)
    second = approve(ListStatus.PROPOSED, approver_id=2, first_approver_id=1, four_eyes=True)
    assert second.status is ListStatus.APPROVED and second.is_second


@pytest.mark.parametrize("status", [ListStatus.PROPOSED, ListStatus.REJECTED,
                                    ListStatus.CARRIED_OUT])
def test_nothing_is_carried_out_without_approval(status) -> None:
    with pytest.raises(DestructionRefused):
        check_can_carry_out(status)
    check_can_carry_out(ListStatus.APPROVED)


def test_a_rejection_needs_a_proposed_list_and_a_reason() -> None:
    with pytest.raises(DestructionRefused):
        check_can_reject(ListStatus.APPROVED, "reden")
    with pytest.raises(DestructionRefused):
        check_can_reject(ListStatus.PROPOSED, "  ")
    check_can_reject(ListStatus.PROPOSED, "Lopende procedure")


def test_the_rules_are_pure() -> None:
    path = Path(avg_service.retention.__file__).parent / "rules.py"
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    imported |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    foreign = {m for m in imported if m.split(".")[0] not in sys.stdlib_module_names
               and m != "__future__"}
    assert foreign <= {"dateutil.relativedelta"}
    assert "avg_service.clock" not in source and ".now(" not in source and "today(" not in source
