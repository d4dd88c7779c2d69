"""The audit log's checkpoint mailed to the FG, out of reach of whoever owns the database
(moved here from ``audit.services``: it needs the FG's accounts and the outbox, which build
on the audit log)."""

from __future__ import annotations

from avg_service.accounts.services import fg_addresses
from avg_service.audit.services import Checkpoint
from avg_service.mail.services import queue_mail


class NoCheckpointMailbox(RuntimeError):
    """Checkpoints go to the FG, but there is no FG mailbox to send them to."""


def mail_checkpoint(point: Checkpoint, *, mailbox: str | None) -> list[str]:
    """Mail the checkpoint through the outbox to the FG's mailbox (``mailbox``, or else every
    active FG account), inside the caller's unit of work; returns the addresses. Once the mail
    has left, the checkpoint is out of reach of whoever owns the database and the key."""
    addresses = [mailbox] if mailbox else fg_addresses()
    if not addresses:
        raise NoCheckpointMailbox("no FG mailbox: set AVG_AUDIT_CHECKPOINT_MAILBOX or make an "
                                  "FG account")
    body = (
        "Dit is een controlepunt van het auditlog van het Contactpunt AVG-rechten. Bewaar deze "
        "e-mail: verwijder hem niet.\n\n"
        f"Met de regel hieronder kan later worden aangetoond dat de regels 1 tot en met "
        f"{point.last_id} van het auditlog sinds {point.at} (UTC) niet zijn veranderd. Zet "
        "daarvoor de regels uit deze e-mails in één bestand en laat de beheerder `flask avg "
        "audit verify --checkpoints <bestand>` uitvoeren.\n\n"
        f"{point.line}\n")
    for address in addresses:
        queue_mail(to=address, subject=f"Controlepunt auditlog tot regel {point.last_id}",
                   body=body, purpose="audit_checkpoint")
    return addresses
