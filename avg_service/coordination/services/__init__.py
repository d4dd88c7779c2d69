"""Use cases of the coordination: tasks per participant, the compartmentalised answer, questions,
decline and reopen, the consolidated view, third parties, and the reminder sweep.

Like the request services these work inside the caller's unit of work, take ``actor`` and
``now``, and write the audit entry of what they do. The compartment itself (a participant sees
only its own organisation's tasks) is the policy's: views and the API call ``authorize`` with
the task, and lists filter with ``visible_organisation_ids``.

Split by use case into the modules of this package (common, creation, answer, dialogue,
overview, sweep). Every name is re-exported here, so ``from avg_service.coordination.services
import X`` and ``services.X`` keep working.
"""

# What the module offered before the split, imported from elsewhere (callers use e.g.
# ``services.Channel``).
from avg_service.notifications import services as notifications
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.coordination import rules
from avg_service.coordination.models import (
    CoordinationTask,
    TaskAnswer,
    TaskFile,
    TaskMessage,
    TaskRestriction,
    TaskStepSent,
    ThirdParty,
)
from avg_service.coordination.rules import TaskStatus
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.mail.services import queue_mail
from avg_service.organisations.models import Organisation
from avg_service.organisations.services import contact_point_settings
from avg_service.requests import documents
from avg_service.requests.lifecycle import Status
from avg_service.requests.models import DataSubjectRequest
from avg_service.links import external_url

from avg_service.coordination.services.common import (
    TaskRefused,
    _refuse,
    _move,
    _audit,
    get_task,
    list_tasks,
)
from avg_service.coordination.services.creation import (
    default_organisations,
    create_tasks,
    _participant_addresses,
    _task_url,
    _notify_participant,
    _notify_contact_point,
)
from avg_service.coordination.services.answer import (
    ANSWER_FIELDS,
    Restriction,
    _require_open,
    _clean,
    _restriction_row,
    fill_answer,
    save_answer,
    submit_answer,
    _lines,
    copy_entries,
    check_complete,
    add_file,
    remove_file,
    read_file,
)
from avg_service.coordination.services.dialogue import (
    ask_question,
    reply,
    decline,
    reopen,
    cancel_tasks_of_closed_requests,
)
from avg_service.coordination.services.overview import (
    ParticipantLine,
    consolidated,
    add_third_party,
)
from avg_service.coordination.services.sweep import TaskSweepResult, sweep_tasks, _send_step

__all__ = [
    "ANSWER_FIELDS",
    "Actor",
    "CoordinationTask",
    "DataSubjectRequest",
    "DomainError",
    "NotFound",
    "Organisation",
    "ParticipantLine",
    "Purpose",
    "Restriction",
    "Role",
    "Status",
    "TaskAnswer",
    "TaskFile",
    "TaskMessage",
    "TaskRefused",
    "TaskRestriction",
    "TaskStatus",
    "TaskStepSent",
    "TaskSweepResult",
    "ThirdParty",
    "User",
    "_audit",
    "_clean",
    "_lines",
    "_move",
    "_notify_contact_point",
    "_notify_participant",
    "_participant_addresses",
    "_refuse",
    "_require_open",
    "_restriction_row",
    "_send_step",
    "_task_url",
    "add_file",
    "add_third_party",
    "ask_question",
    "cancel_tasks_of_closed_requests",
    "check_complete",
    "consolidated",
    "contact_point_settings",
    "copy_entries",
    "create_tasks",
    "db",
    "decline",
    "default_organisations",
    "documents",
    "external_url",
    "fill_answer",
    "get_task",
    "law",
    "list_tasks",
    "notifications",
    "queue_mail",
    "read_file",
    "record",
    "remove_file",
    "reopen",
    "reply",
    "rules",
    "save_answer",
    "submit_answer",
    "sweep_tasks",
]
