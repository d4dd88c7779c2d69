"""What a task shares of its request with the participant (only the fields chosen when it was set
out)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from avg_service import protection
from avg_service.coordination.models import CoordinationTask

# ------------------------------------------------------------------------------ what a task shares
def shared_request_data(task: CoordinationTask, *, full_bsn: bool) -> dict[str, Any]:
    """The request data this task shares with its participant, and nothing else: only the keys
    in ``task.shared_fields``. The BSN is decrypted only when shared, and in full only for the
    participant who searches with it (``full_bsn``); anyone else sees its last three digits."""
    dsr = task.dsr
    shared = set(task.shared_fields)
    data: dict[str, Any] = {}
    if "name" in shared:
        data["name"] = dsr.full_name
    if "date_of_birth" in shared:
        data["date_of_birth"] = dsr.date_of_birth
    if "bsn" in shared:
        if dsr.bsn_encrypted is None:
            data["bsn"] = None
        elif full_bsn:
            data["bsn"] = protection.decrypt(dsr.bsn_encrypted)
        else:
            data["bsn"] = f"******{dsr.bsn_last3}"
    if "address" in shared:
        data["address"] = {"street_address": dsr.street_address, "postcode": dsr.postcode,
                           "city": dsr.city}
    if "rights" in shared:
        data["rights"] = [r.value for r in dsr.rights_list]
    if "description" in shared:
        data["description"] = dsr.description
    if "rectification" in shared:
        data["rectification"] = {"wrong": dsr.rectification_wrong,
                                 "correct": dsr.rectification_correct}
    if "represented" in shared:
        data["represented"] = None if dsr.representation == "self" else {
            "representation": dsr.representation, "name": dsr.represented_name,
            "date_of_birth": dsr.represented_date_of_birth}
    return data


@dataclass(frozen=True, slots=True)
class TaskForActor:
    """A task as one actor may see it: the task with the request data it shares."""

    task: CoordinationTask
    request: dict[str, Any]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.task, name)
