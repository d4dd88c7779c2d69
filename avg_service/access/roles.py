"""The roles of the service (one per account) and the permissions (actions)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CONTACTPUNT = "contactpunt"  # contact-point staff: intake, coordination, letters
    JURIST = "jurist"  # legal staff: drafting and approving besluiten
    DEELNEMER = "deelnemer"  # a participant's user, bound to exactly one organisation
    FG = "fg"  # the coordinating data protection officer: reads everything, changes nothing
    BEHEERDER = "beheerder"  # users, organisations and settings; no request contents


ROLE_LABELS: dict[Role, str] = {
    Role.CONTACTPUNT: "Medewerker contactpunt",
    Role.JURIST: "Jurist",
    Role.DEELNEMER: "Deelnemer (organisatie)",
    Role.FG: "Functionaris gegevensbescherming",
    Role.BEHEERDER: "Beheerder",
}


class Permission(StrEnum):
    PUBLIC = "public"  # no log-in: public pages, health, static files
    SIGNED_IN = "signed_in"  # any account: own profile, own tokens, log-out
    ORGANISATIONS_READ = "organisations.read"
    ORGANISATIONS_MANAGE = "organisations.manage"
    USERS_READ = "users.read"
    USERS_MANAGE = "users.manage"
    USERS_APPROVE = "users.approve"  # the second pair of eyes on an account a beheerder made
    SETTINGS_READ = "settings.read"
    SETTINGS_MANAGE = "settings.manage"
    AUDIT_READ = "audit.read"
    ACCESS_REVIEW = "access_review.export"
    REQUESTS_READ = "requests.read"  # the work queue, request pages, documents, letters
    REQUESTS_MANAGE = "requests.manage"  # intake and every act on a request
    TASKS_READ = "tasks.read"  # coordination tasks: a participant only its own organisation's
    TASKS_ANSWER = "tasks.answer"  # a participant answers, asks, declines its own tasks
    TASKS_MANAGE = "tasks.manage"  # the contact point sets out, replies to and reopens tasks
    DECISIONS_DRAFT = "decisions.draft"  # draft, submit, approve or send back a besluit (jurist)
    DECISIONS_RECORD = "decisions.record"  # bekendmaking, bezwaar and ingebrekestelling
    MAIL_READ = "mail.read"  # the mail outbox: addresses, subjects, delivery status
    MAIL_MANAGE = "mail.manage"  # send a failed message again, record a bounce
    # Data breaches (AVG art. 33, 34): a participant sees those it reported or is tasked on.
    BREACHES_REPORT = "breaches.report"  # report a suspected breach
    BREACHES_READ = "breaches.read"  # a breach, its clock, tasks, notifications and letters
    BREACHES_ANSWER = "breaches.answer"  # a participant answers its own breach task
    BREACHES_ASSESS = "breaches.assess"  # the risk assessment and who notifies (the FG advises)
    BREACHES_NOTIFY = "breaches.notify"  # record the AP notification (a participant: if it notifies)
    BREACHES_MANAGE = "breaches.manage"  # tasks, answers on behalf, set-asides, the people, closing
    BREACHES_REGISTER = "breaches.register"  # the register of every breach (33(5)), with CSV
    # Accountability (AVG art. 5(2), WGS art. 1.8(7) and 1.10)
    REPORTS_READ = "reports.read"  # the figures with their charts and CSV
    REPORTS_WRITE = "reports.write"  # write the annual report (the FG)
    RETENTION_READ = "retention.read"  # the retention terms and the destruction lists
    RETENTION_APPROVE = "retention.approve"  # approve and carry out a destruction list (the FG)
