"""What the FG reads in the audit log: each action, object and purpose in Dutch.

The codes stay in the database, the CSV and the API (they are stable and searchable); pages show
these labels. A refusal is logged with the permission that was missing as its action, so the
permissions have labels too.
"""

from __future__ import annotations

from avg_service.access.roles import Permission
from avg_service.audit.models import Purpose

ACTION_LABELS: dict[str, str] = {
    "access_review.export": "Toegangsreview gedownload",
    "api_token.create": "API-token aangemaakt",
    "api_token.revoke": "API-token ingetrokken",
    "audit.export": "Auditlog gedownload",
    "audit.read": "Auditlog bekeken",
    "auth.login": "Ingelogd",
    "auth.logout": "Uitgelogd",
    "auth.second_factor": "Tweede stap van het inloggen",
    "auth.totp_enrol": "Authenticator-app ingesteld",
    "auth.invitation": "Uitnodiging verstuurd",
    "auth.password_set": "Wachtwoord ingesteld",
    "auth.password_reset_requested": "Nieuw wachtwoord aangevraagd",
    "breach.list": "Datalekken bekeken (lijst)",
    "breach.register": "Datalekregister bekeken",
    "breach.register_export": "Datalekregister gedownload",
    "breach.reminders": "Herinneringen datalek verstuurd",
    "breach.view": "Datalek bekeken",
    "breach_settings.update": "Instellingen datalekken gewijzigd",
    "breach_task.create": "Taken bij datalek uitgezet",
    "breach_task.list": "Taken bij datalekken bekeken (lijst)",
    "breach_task.view": "Taak bij datalek bekeken",
    "decision.approve": "Besluit goedgekeurd",
    "decision.draft": "Concept van besluit opgeslagen",
    "decision.notify": "Bekendmaking van besluit vastgelegd",
    "decision.objection": "Bezwaar vastgelegd",
    "decision.send_back": "Besluit teruggestuurd",
    "decision.submit": "Besluit ter goedkeuring aangeboden",
    "decision.list": "Besluitenregister bekeken",
    "decision.preview": "Voorbeeld van besluit bekeken",
    "decision.view": "Besluit bekeken",
    "dsr.answer": "Aanvulling van verzoeker vastgelegd",
    "dsr.assign": "Verzoek toegewezen",
    "dsr.create": "Verzoek geregistreerd",
    "dsr.extend": "Termijn verlengd",
    "dsr.forward": "Verzoek doorgezonden",
    "dsr.identity_check": "Identiteit vastgesteld",
    "dsr.invite": "Verzoeker gevraagd om aanvulling",
    "dsr.not_handled": "Besluit: niet in behandeling",
    "dsr.start": "Behandeling gestart",
    "dsr.status_link": "Statuslink verstuurd",
    "dsr.term_expired": "Hersteltermijn verstreken",
    "dsr.withdraw": "Verzoek ingetrokken",
    "dsr.confirmation_view": "Ontvangstbevestiging bekeken",
    "dsr.coordination_view": "Coördinatie van verzoek bekeken",
    "dsr.decision_view": "Besluitpagina van verzoek bekeken",
    "dsr.default_notice": "Ingebrekestelling vastgelegd",
    "dsr.default_notice_view": "Ingebrekestellingen bekeken",
    "dsr.list": "Werkvoorraad bekeken",
    "dsr.search": "Verzoeken gezocht",
    "dsr.sweep": "Dagelijkse controle van termijnen",
    "dsr.view": "Verzoek bekeken",
    "dsr_document.create": "Document bij verzoek toegevoegd",
    "dsr_document.view": "Document van verzoek bekeken",
    "letter.view": "Brief bekeken",
    "mail.list": "Postkamer bekeken",
    "mail.bounce": "Bericht als onbestelbaar vastgelegd",
    "mail.retry": "Bericht opnieuw verstuurd",
    "notification.list": "Wat wacht op mij bekeken",
    "organisation.update": "Organisatie gewijzigd",
    "portal.file_download": "Bestand gedownload door verzoeker",
    "portal.letter_download": "Brief gedownload door verzoeker",
    "portal.link_requested": "Nieuwe statuslink aangevraagd",
    "portal.status_view": "Statuspagina bekeken door verzoeker",
    "settings.update": "Instellingen gewijzigd",
    "task.cancel": "Taak vervallen",
    "task.create": "Taak uitgezet",
    "task.decline": "Taak afgewezen door deelnemer",
    "task.question": "Vraag gesteld over taak",
    "task.reopen": "Taak heropend",
    "task.reply": "Vraag over taak beantwoord",
    "task.save_draft": "Concept-antwoord op taak opgeslagen",
    "task.submit": "Taak beantwoord",
    "task.list": "Taken bekeken (lijst)",
    "task.sweep": "Herinneringen voor taken verstuurd",
    "task.view": "Taak bekeken",
    "task_file.create": "Bestand bij taak toegevoegd",
    "task_file.delete": "Bestand bij taak verwijderd",
    "task_file.view": "Bestand bij taak bekeken",
    "third_party.create": "Derde vastgelegd",
    "user.create": "Gebruiker aangemaakt",
    "user.list": "Gebruikers bekeken (lijst)",
    "user.update": "Gebruiker gewijzigd",
    "user.view": "Gebruiker bekeken",
    # accountability (avg_service/reports, avg_service/retention)
    "reports.figures": "Cijfers bekeken",
    "reports.figures_export": "Cijfers gedownload",
    "audit.anomalies": "Opvallend gebruik in het auditlog bekeken",
    "annual_report.list": "Jaarverslagen bekeken",
    "annual_report.create": "Jaarverslag gemaakt",
    "annual_report.download": "Jaarverslag gedownload",
    "annual_report.export": "Cijfers van het jaarverslag gedownload",
    "retention.list": "Bewaartermijnen en vernietigingslijsten bekeken",
    "retention.view": "Vernietigingslijst bekeken",
    "retention.propose": "Vernietigingslijst voorgesteld",
    "retention.approve": "Vernietigingslijst goedgekeurd",
    "retention.reject": "Vernietigingslijst afgewezen",
    "retention.carry_out": "Vernietigingslijst uitgevoerd",
    "retention.settings_update": "Bewaartermijnen gewijzigd",
}
#: a refusal names the permission that was missing
PERMISSION_LABELS: dict[str, str] = {
    Permission.PUBLIC.value: "openbare pagina",
    Permission.SIGNED_IN.value: "ingelogd zijn",
    Permission.ORGANISATIONS_READ.value: "organisaties bekijken",
    Permission.ORGANISATIONS_MANAGE.value: "organisaties wijzigen",
    Permission.USERS_READ.value: "gebruikers bekijken",
    Permission.USERS_MANAGE.value: "gebruikers beheren",
    Permission.SETTINGS_READ.value: "instellingen bekijken",
    Permission.SETTINGS_MANAGE.value: "instellingen wijzigen",
    Permission.AUDIT_READ.value: "auditlog bekijken",
    Permission.ACCESS_REVIEW.value: "toegangsreview downloaden",
    Permission.REQUESTS_READ.value: "verzoeken bekijken",
    Permission.REQUESTS_MANAGE.value: "verzoeken behandelen",
    Permission.TASKS_READ.value: "taken bekijken",
    Permission.TASKS_ANSWER.value: "taken beantwoorden",
    Permission.TASKS_MANAGE.value: "taken uitzetten en heropenen",
    Permission.DECISIONS_DRAFT.value: "besluiten opstellen en goedkeuren",
    Permission.DECISIONS_RECORD.value: "bekendmaking, bezwaar en ingebrekestelling vastleggen",
    Permission.MAIL_READ.value: "postkamer bekijken",
    Permission.MAIL_MANAGE.value: "post opnieuw versturen",
    Permission.BREACHES_REPORT.value: "datalek melden",
    Permission.BREACHES_READ.value: "datalekken bekijken",
    Permission.BREACHES_ANSWER.value: "taak bij datalek beantwoorden",
    Permission.BREACHES_ASSESS.value: "datalek beoordelen",
    Permission.BREACHES_NOTIFY.value: "melding aan de AP vastleggen",
    Permission.BREACHES_MANAGE.value: "datalekken afhandelen",
    Permission.BREACHES_REGISTER.value: "datalekregister bekijken",
    Permission.REPORTS_READ.value: "cijfers bekijken",
    Permission.REPORTS_WRITE.value: "jaarverslag maken",
    Permission.RETENTION_READ.value: "bewaartermijnen en vernietigingslijsten bekijken",
    Permission.RETENTION_APPROVE.value: "vernietiging goedkeuren en uitvoeren",
}
OBJECT_LABELS: dict[str, str] = {
    "api_token": "API-token", "audit_log": "auditlog", "breach": "datalek",
    "breach_settings": "instellingen datalekken", "breach_task": "taak bij datalek",
    "coordination_task": "taak", "decision": "besluit", "dsr": "verzoek",
    "dsr_document": "document van verzoek", "endpoint": "pagina", "letter": "brief",
    "mail_outbox": "bericht in de postkamer", "organisation": "organisatie",
    "settings": "instellingen", "task_file": "bestand bij taak", "user": "gebruiker",
    "notification": "melding",
    "figures": "cijfers", "annual_report": "jaarverslag",
    "destruction_list": "vernietigingslijst", "retention_settings": "bewaartermijnen",
}
PURPOSE_LABELS: dict[str, str] = {
    Purpose.HANDLING_REQUEST.value: "afhandeling van een verzoek",
    Purpose.SUPERVISION.value: "toezicht door de FG",
    Purpose.ACCESS_REVIEW.value: "toegangsreview",
    Purpose.INCIDENT.value: "afhandeling van een datalek",
    Purpose.ADMINISTRATION.value: "beheer",
}
ROLE_TEXT = {"contactpunt": "contactpunt", "jurist": "jurist", "deelnemer": "deelnemer",
             "fg": "FG", "beheerder": "beheerder", "system": "systeem", "requester": "verzoeker"}


def action_label(action: str, outcome: str = "allowed") -> str:
    if outcome == "refused" and action in PERMISSION_LABELS:
        return f"Geweigerd: {PERMISSION_LABELS[action]}"
    text = ACTION_LABELS.get(action) or PERMISSION_LABELS.get(action) or _plain(action)
    return f"Geweigerd: {text[:1].lower() + text[1:]}" if outcome == "refused" else text


def object_label(object_type: str | None) -> str:
    return OBJECT_LABELS.get(object_type or "", _plain(object_type or ""))


def _plain(code: str) -> str:
    """A code no label names yet (a new action): words, never dots and underscores."""
    return code.replace(".", ": ").replace("_", " ")
