"""Use cases on a data-subject request: intake, the Awb 4:5 invitation, identity check,
extension, the side exits, assignment, and the daily sweep.

Each function works inside the caller's unit of work (it never commits), receives the ``actor``
and ``now``, checks the rule that governs it, moves the state through the lifecycle, writes the
timeline event and the audit entry, and asks for the letter or mail the step sends.

Split by use case into the modules of this package (common, intake, requester_mail, invitation,
moves, sweep, files). Every name is re-exported here, so ``from avg_service.requests.services
import X`` and ``services.X`` keep working.
"""

# What the module offered before the split, imported from elsewhere (callers use e.g.
# ``services.Channel``).
from avg_service import deadlines as law
from avg_service.access.actor import Actor
from avg_service.access.roles import Role
from avg_service.accounts.models import User
from avg_service.audit.models import Purpose
from avg_service.audit.services import record
from avg_service.errors import DomainError, NotFound
from avg_service.extensions import db
from avg_service.letters.models import Letter
from avg_service.letters.services import request_letter
from avg_service.mail.services import literal, queue_mail
from avg_service.organisations.models import Organisation
from avg_service.protection import encrypt, keyed_hash
from avg_service.requests import documents, representation
from avg_service.requests.bsn import is_valid_bsn, normalise_bsn
from avg_service.requests.lifecycle import (
    CHANNEL_LABELS,
    IDENTITY_METHOD_LABELS,
    TERMINAL,
    Channel,
    IdentityMethod,
    Representation,
    Right,
    Status,
)
from avg_service.requests.models import DataSubjectRequest, DsrDocument, Invitation, Reminder
from avg_service.requests.queue import search_key, search_text_for, signal_for
from avg_service.formatting import long_date

from avg_service.requests.services.common import (
    REPEAT_WINDOW,
    DEFAULT_INVITATION_DAYS,
    RequestRefused,
    _refuse,
    _transition,
    _audit,
)
from avg_service.requests.services.intake import (
    Upload,
    Intake,
    register,
    reference_for,
    _check_intake,
    _check_child,
    _flag_possible_repeat,
)
from avg_service.requests.services.requester_mail import (
    REQUESTER_MAIL,
    mail_requester,
    send_status_link,
)
from avg_service.requests.services.invitation import (
    INVITATION_PURPOSES,
    invite,
    record_answer,
    expire_invitations,
    check_identity,
)
from avg_service.requests.services.moves import (
    GENERIC_EXTENSION_REASONS,
    is_generic_extension_reason,
    extend,
    start_handling,
    withdraw,
    forward,
    _close_open_invitation,
    assign,
    add_document,
    get_request,
)
from avg_service.requests.services.sweep import (
    SweepResult,
    sweep,
    open_statuses,
    prune_public_submissions,
)
from avg_service.requests.services.files import open_letter, open_document

__all__ = [
    "Actor",
    "CHANNEL_LABELS",
    "Channel",
    "DEFAULT_INVITATION_DAYS",
    "DataSubjectRequest",
    "DomainError",
    "DsrDocument",
    "GENERIC_EXTENSION_REASONS",
    "IDENTITY_METHOD_LABELS",
    "INVITATION_PURPOSES",
    "IdentityMethod",
    "Intake",
    "Invitation",
    "Letter",
    "NotFound",
    "Organisation",
    "Purpose",
    "REPEAT_WINDOW",
    "REQUESTER_MAIL",
    "Reminder",
    "Representation",
    "RequestRefused",
    "Right",
    "Role",
    "Status",
    "SweepResult",
    "TERMINAL",
    "Upload",
    "User",
    "_audit",
    "_check_child",
    "_check_intake",
    "_close_open_invitation",
    "_flag_possible_repeat",
    "_refuse",
    "_transition",
    "add_document",
    "assign",
    "check_identity",
    "db",
    "documents",
    "encrypt",
    "expire_invitations",
    "extend",
    "forward",
    "get_request",
    "invite",
    "is_generic_extension_reason",
    "is_valid_bsn",
    "keyed_hash",
    "law",
    "literal",
    "long_date",
    "mail_requester",
    "normalise_bsn",
    "open_document",
    "open_letter",
    "open_statuses",
    "prune_public_submissions",
    "queue_mail",
    "record",
    "record_answer",
    "reference_for",
    "register",
    "representation",
    "request_letter",
    "search_key",
    "search_text_for",
    "send_status_link",
    "signal_for",
    "start_handling",
    "sweep",
    "withdraw",
]
