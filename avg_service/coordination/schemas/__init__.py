"""Shapes of the coordination forms and API bodies, and what a task shows of its request.

The answer form on the page has one row per catalogue ground (a checkbox, its motivation and
whether telling the person would defeat the restriction); ``TaskAnswerFormSchema`` turns those rows
into the list the API sends as JSON, so both are checked by the same rules. Error messages are
Dutch (staff and participant screens, and the API, are Dutch). Validators raise; they never
return False (marshmallow 4 would accept that).

Split by use case into the modules of this package (common, input, shared, output). Every name
is re-exported here, so ``from avg_service.coordination.schemas import X`` and ``schemas.X``
keep working.
"""

# What the module offered before the split, imported from elsewhere (callers use e.g.
# ``services.Channel``).
from avg_service import protection
from avg_service.coordination.models import CoordinationTask
from avg_service.coordination.settling import unreachable_reason
from avg_service.coordination.rules import (
    GROUNDS_BY_CODE,
    ON_BEHALF_SOURCES,
    RESTRICTION_GROUNDS,
    SHAREABLE_FIELDS,
    TASK_STATUS_LABELS,
    TaskStatus,
    WEIGHING_POINTS,
)

from avg_service.coordination.schemas.common import (
    REQUIRED,
    TOO_LONG,
    INVALID,
    _messages,
    _not_blank,
    _text,
    _required_text,
    YesNo,
)
from avg_service.coordination.schemas.input import (
    CreateTasksSchema,
    RestrictionSchema,
    TaskAnswerSchema,
    motivation_field,
    defeats_field,
    weighing_field,
    withheld_categories_field,
    withheld_entries_field,
    withhold_file_field,
    TaskAnswerFormSchema,
    _on_behalf_fields,
    CHOOSE_SOURCE,
    TaskDocumentSchema,
    TaskOnBehalfSchema,
    TaskOnBehalfFormSchema,
    TaskSetAsideSchema,
    TaskMessageSchema,
    TaskReasonSchema,
    CHOOSE_ROLE,
    ThirdPartySchema,
    TaskQuerySchema,
)
from avg_service.coordination.schemas.shared import shared_request_data, TaskForActor
from avg_service.coordination.schemas.output import (
    AddressOutSchema,
    RectificationOutSchema,
    RepresentedOutSchema,
    SharedRequestSchema,
    RestrictionOutSchema,
    TaskAnswerOutSchema,
    TaskFileOutSchema,
    TaskMessageOutSchema,
    TaskRowSchema,
    TaskPageSchema,
    TaskOutSchema,
    OrganisationRefSchema,
    TaskRecipientSchema,
    ConsolidatedTaskSchema,
    ParticipantLineSchema,
    ThirdPartyOutSchema,
    ConsolidatedSchema,
    GROUND_ROWS,
)

__all__ = [
    "AddressOutSchema",
    "CHOOSE_ROLE",
    "CHOOSE_SOURCE",
    "ConsolidatedSchema",
    "ConsolidatedTaskSchema",
    "CoordinationTask",
    "CreateTasksSchema",
    "GROUNDS_BY_CODE",
    "GROUND_ROWS",
    "INVALID",
    "ON_BEHALF_SOURCES",
    "OrganisationRefSchema",
    "ParticipantLineSchema",
    "REQUIRED",
    "RESTRICTION_GROUNDS",
    "RectificationOutSchema",
    "RepresentedOutSchema",
    "RestrictionOutSchema",
    "RestrictionSchema",
    "SHAREABLE_FIELDS",
    "SharedRequestSchema",
    "TASK_STATUS_LABELS",
    "TOO_LONG",
    "TaskAnswerFormSchema",
    "TaskAnswerOutSchema",
    "TaskAnswerSchema",
    "TaskDocumentSchema",
    "TaskFileOutSchema",
    "TaskForActor",
    "TaskMessageOutSchema",
    "TaskMessageSchema",
    "TaskOnBehalfFormSchema",
    "TaskOnBehalfSchema",
    "TaskOutSchema",
    "TaskPageSchema",
    "TaskQuerySchema",
    "TaskReasonSchema",
    "TaskRecipientSchema",
    "TaskRowSchema",
    "TaskSetAsideSchema",
    "TaskStatus",
    "ThirdPartyOutSchema",
    "ThirdPartySchema",
    "WEIGHING_POINTS",
    "YesNo",
    "_messages",
    "_not_blank",
    "_on_behalf_fields",
    "_required_text",
    "_text",
    "defeats_field",
    "motivation_field",
    "protection",
    "shared_request_data",
    "unreachable_reason",
    "weighing_field",
    "withheld_categories_field",
    "withheld_entries_field",
    "withhold_file_field",
]
