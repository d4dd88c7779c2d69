"""Typed settings, read once from the environment when the app is created.

Every knob the service has is listed in ``ENV_VARS`` and documented in the README table.
Development works with no settings at all (SQLite under ``instance/``, jobs inline, a secret key
generated into ``instance/``). Production refuses to start on an insecure or incomplete setting,
with a message that names the variable, because a contact point that holds health, criminal and
youth-care records must not run on a guessable key or a throw-away database.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from avg_service.choices import GezagSignatures, Uavg5Reading


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message names the variable and the fix."""


class Environment(StrEnum):
    DEVELOPMENT = "development"
    PRODUCTION = "production"


class AccountApproval(StrEnum):
    """Who approves an account (or role) with access to personal data that a beheerder made."""

    BEHEERDER_OR_FG = "beheerder_or_fg"
    FG = "fg"
    OFF = "off"


class CheckpointTarget(StrEnum):
    """Where ``avg audit checkpoint`` puts the chain's head (issue 15, finding 3)."""

    FILE = "file"  # appended to AVG_AUDIT_CHECKPOINTS
    FG = "fg"  # mailed (through the outbox) to the FG's mailbox


class SmtpSecurity(StrEnum):
    STARTTLS = "starttls"
    SSL = "ssl"
    NONE = "none"


#: Every environment variable the service reads, with its meaning (the README mirrors this).
ENV_VARS: dict[str, str] = {
    "AVG_ENV": "development (default) or production",
    "SECRET_KEY": "signs sessions and CSRF tokens; required in production (>= 32 characters)",
    "DATABASE_URL": "SQLAlchemy URL; default sqlite:///instance/avg_service.sqlite3",
    "REDIS_URL": "Redis for the rq job queue; unset: jobs run inline right after the commit",
    "SMTP_HOST": "mail server; required in production",
    "SMTP_PORT": "default 587",
    "SMTP_USERNAME": "optional",
    "SMTP_PASSWORD": "optional",
    "SMTP_SECURITY": "starttls (default), ssl or none (none only to a local relay)",
    "MAIL_FROM": "sender address of outgoing mail",
    "AVG_BASE_URL": "public https URL of the service, used in links in mail and letters",
    "AVG_ENCRYPTION_KEY": "key for encrypting BSNs at rest (>= 32 characters); required in production",
    "AVG_AUDIT_KEY": "HMAC key of the audit chain, kept outside the database (>= 32 characters); "
                     "required in production",
    "AVG_AUDIT_CHECKPOINTS": "file the audit chain's checkpoints are appended to (outside the "
                             "database); default instance/audit-checkpoints.jsonl",
    "AVG_AUDIT_CHECKPOINT_TO": "where each checkpoint goes: file (default), fg (mailed to the "
                               "FG's mailbox) or file,fg",
    "AVG_AUDIT_CHECKPOINT_MAILBOX": "the FG's mailbox for checkpoints; default the e-mail "
                                    "addresses of the active FG accounts",
    "AVG_PROXY_HOPS": "number of trusted reverse proxies in front of the app (default 0)",
    "AVG_STATUS_LINK_REVOKE_OLD": "1 (default): a new status link revokes the older ones; 0 keeps them",
    "AVG_STATUS_LINK_AFTER_CLOSING_DAYS": "days a status link shows the final letters after "
                                          "closing (default 90)",
    "AVG_ACCOUNT_APPROVAL": "who approves an account with access to personal data made by a "
                            "beheerder: beheerder_or_fg (default), fg, or off",
    "AVG_GEZAG_SIGNATURES": "all (default): every parent with gezag signs a request for a child "
                            "under 16; acting: the parent who acts suffices (README)",
    "AVG_UAVG5_READING": "by_receipt_date (default): UAVG art. 5 as amended for requests "
                         "received from 1 September 2026; 2021: the 2021 text always (README)",
    "AVG_OIDC_PROVIDERS": "JSON list of the staff's OpenID providers, one per organisation (README)",
    "AVG_DIGID_BROKER": "JSON object: the OIDC broker that connects DigiD for requesters (README)",
    "AVG_BRAND_COLOUR": "the municipality's colour for the header and buttons, #rrggbb "
                        "(default #154273); white text on it must reach a contrast of 4.5:1",
    "AVG_LOGO_FILE": "an SVG or PNG of the municipality's logo for the pages' header (optional)",
    "AVG_OFFICE_HOURS": "office hours for the FG's anomalies, Monday to Friday, HH:MM-HH:MM "
                        "Europe/Amsterdam (default 07:00-19:00)",
    "AVG_ANOMALY_FACTOR": "a heavy viewer viewed this many times the median of the peers with "
                          "the same role (default 3, at least 1)",
    "AVG_ANOMALY_MINIMUM": "... and at least this many distinct requests in the period "
                           "(default 20)",
}

MIN_SECRET_KEY_LENGTH = 32
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True, slots=True)
class Settings:
    env: Environment
    secret_key: str
    database_url: str
    redis_url: str | None
    smtp_host: str | None
    smtp_port: int
    smtp_username: str | None
    smtp_password: str | None
    smtp_security: SmtpSecurity
    mail_from: str
    base_url: str
    encryption_key: str
    instance_path: Path
    #: Keys the audit chain (HMAC-SHA256); the database never holds it (issue 15, finding 3).
    audit_key: str = ""
    audit_checkpoints: Path | None = None
    audit_checkpoint_to: tuple[CheckpointTarget, ...] = (CheckpointTarget.FILE,)
    audit_checkpoint_mailbox: str | None = None
    #: Trusted reverse proxies in front of the app (Werkzeug ProxyFix ``x_for``/``x_proto``).
    proxy_hops: int = 0
    status_link_revoke_old: bool = True
    status_link_after_closing_days: int = 90
    account_approval: AccountApproval = AccountApproval.BEHEERDER_OR_FG
    #: UAVG art. 5 for a child: whose signatures, and which text of art. 5 (unsettled: README)
    gezag_signatures: GezagSignatures = GezagSignatures.ALL
    uavg5_reading: Uavg5Reading = Uavg5Reading.BY_RECEIPT_DATE
    #: the municipality's house style on the pages (web/house_style.py)
    brand_colour: str = "#154273"
    logo_file: Path | None = None
    #: the FG's anomalies (reports/anomalies.py): office hours (Amsterdam) and the heavy viewer
    office_hours: tuple[time, time] = (time(7, 0), time(19, 0))
    anomaly_factor: float = 3.0
    anomaly_minimum: int = 20

    @property
    def is_production(self) -> bool:
        return self.env is Environment.PRODUCTION

    @property
    def runs_jobs_inline(self) -> bool:
        return self.redis_url is None

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, instance_path: Path) -> Settings:
        """Read and validate the settings; raises ConfigError with every problem found."""

        def get(name: str) -> str | None:
            value = environ.get(name, "").strip()
            return value or None

        problems: list[str] = []
        env_value = get("AVG_ENV") or Environment.DEVELOPMENT.value
        try:
            env = Environment(env_value)
        except ValueError:
            raise ConfigError(
                f"AVG_ENV={env_value!r} is not valid: use 'development' or 'production'."
            ) from None
        production = env is Environment.PRODUCTION

        secret_key = _key(get("SECRET_KEY"), production=production, problems=problems,
                          instance_path=instance_path, development_name="secret_key",
                          missing="SECRET_KEY is not set. Production refuses to start without "
                          "one: generate one with `python -c 'import secrets; "
                          "print(secrets.token_urlsafe(48))'`.",
                          short=f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} "
                          "characters; use a random key.")
        database_url = normalise_database_url(
            get("DATABASE_URL") or f"sqlite:///{instance_path / 'avg_service.sqlite3'}"
        )
        if production and database_url.startswith("sqlite"):
            problems.append(
                "DATABASE_URL points at SQLite. Production runs on PostgreSQL: "
                "set DATABASE_URL=postgresql://user@host/dbname."
            )
        redis_url = get("REDIS_URL")
        if production and redis_url is None:
            problems.append(
                "REDIS_URL is not set. Production runs letters and mail in rq workers, "
                "not inside web requests: set REDIS_URL=redis://host:6379/0."
            )
        smtp_host = get("SMTP_HOST")
        smtp_security, smtp_port = _smtp(get, smtp_host, production=production, problems=problems)
        encryption_key = _key(
            get("AVG_ENCRYPTION_KEY"), production=production, problems=problems,
            instance_path=instance_path, development_name="encryption_key",
            missing="AVG_ENCRYPTION_KEY is not set. Production encrypts BSNs at rest with it: "
            "generate one like SECRET_KEY and keep it safe (losing it loses the stored BSNs).",
            short=f"AVG_ENCRYPTION_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters.")
        audit_key = _key(
            get("AVG_AUDIT_KEY"), production=production, problems=problems,
            instance_path=instance_path, development_name="audit_key",
            missing="AVG_AUDIT_KEY is not set. Production keys the audit chain with it, outside "
            "the database: generate one like SECRET_KEY and keep it off the database server.",
            short=f"AVG_AUDIT_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters.")
        if production and audit_key is not None and len(audit_key) >= MIN_SECRET_KEY_LENGTH \
                and audit_key in (secret_key, encryption_key):
            problems.append("AVG_AUDIT_KEY must differ from SECRET_KEY and AVG_ENCRYPTION_KEY.")
        checkpoints = Path(get("AVG_AUDIT_CHECKPOINTS")
                           or instance_path / "audit-checkpoints.jsonl")
        checkpoint_to: list[CheckpointTarget] = []
        for part in (get("AVG_AUDIT_CHECKPOINT_TO") or CheckpointTarget.FILE.value).split(","):
            try:
                target = CheckpointTarget(part.strip().lower())
            except ValueError:
                problems.append("AVG_AUDIT_CHECKPOINT_TO must be file, fg or file,fg.")
                continue
            if target not in checkpoint_to:
                checkpoint_to.append(target)
        checkpoint_mailbox = (get("AVG_AUDIT_CHECKPOINT_MAILBOX") or "").strip() or None
        if checkpoint_mailbox is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+",
                                                               checkpoint_mailbox):
            problems.append("AVG_AUDIT_CHECKPOINT_MAILBOX must be one e-mail address.")

        base_url = (get("AVG_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
        if production and urlsplit(base_url).scheme != "https":
            problems.append("AVG_BASE_URL must be an https:// URL in production.")

        proxy_hops = _int(get("AVG_PROXY_HOPS") or "0", "AVG_PROXY_HOPS", problems, 0, 5)
        after_closing = _int(get("AVG_STATUS_LINK_AFTER_CLOSING_DAYS") or "90",
                             "AVG_STATUS_LINK_AFTER_CLOSING_DAYS", problems, 0, 3650)
        revoke_value = (get("AVG_STATUS_LINK_REVOKE_OLD") or "1").lower()
        if revoke_value not in ("0", "1", "true", "false", "yes", "no"):
            problems.append("AVG_STATUS_LINK_REVOKE_OLD must be 1 or 0.")
        approval_value = (get("AVG_ACCOUNT_APPROVAL") or AccountApproval.BEHEERDER_OR_FG.value)
        try:
            account_approval = AccountApproval(approval_value.lower())
        except ValueError:
            problems.append("AVG_ACCOUNT_APPROVAL must be beheerder_or_fg, fg or off.")
            account_approval = AccountApproval.BEHEERDER_OR_FG

        try:
            gezag_signatures = GezagSignatures((get("AVG_GEZAG_SIGNATURES") or "all").lower())
        except ValueError:
            problems.append("AVG_GEZAG_SIGNATURES must be all or acting.")
            gezag_signatures = GezagSignatures.ALL
        try:
            uavg5_reading = Uavg5Reading((get("AVG_UAVG5_READING") or "by_receipt_date").lower())
        except ValueError:
            problems.append("AVG_UAVG5_READING must be by_receipt_date or 2021.")
            uavg5_reading = Uavg5Reading.BY_RECEIPT_DATE

        brand_colour = _brand_colour(get("AVG_BRAND_COLOUR"), problems)
        logo_file = _logo_file(get("AVG_LOGO_FILE"), problems)

        office_hours = _office_hours(get("AVG_OFFICE_HOURS") or "07:00-19:00", problems)
        factor_value = get("AVG_ANOMALY_FACTOR") or "3"
        try:
            anomaly_factor = float(factor_value.replace(",", "."))
        except ValueError:
            anomaly_factor = 0.0
        if not 1 <= anomaly_factor <= 100:
            problems.append(f"AVG_ANOMALY_FACTOR={factor_value!r} must be a number from 1 to 100.")
            anomaly_factor = 3.0
        anomaly_minimum = _int(get("AVG_ANOMALY_MINIMUM") or "20", "AVG_ANOMALY_MINIMUM",
                               problems, 1, 100_000)

        if problems:
            raise ConfigError(
                "avg_service refuses to start:\n" + "\n".join(f"  - {p}" for p in problems)
            )
        assert secret_key is not None and encryption_key is not None and audit_key is not None
        return cls(
            env=env,
            secret_key=secret_key,
            database_url=database_url,
            redis_url=redis_url,
            smtp_host=smtp_host,
            smtp_port=smtp_port,
            smtp_username=get("SMTP_USERNAME"),
            smtp_password=get("SMTP_PASSWORD"),
            smtp_security=smtp_security,
            mail_from=get("MAIL_FROM") or "contactpunt-avg@localhost",
            base_url=base_url,
            encryption_key=encryption_key,
            instance_path=instance_path,
            audit_key=audit_key,
            audit_checkpoints=checkpoints,
            audit_checkpoint_to=tuple(checkpoint_to) or (CheckpointTarget.FILE,),
            audit_checkpoint_mailbox=checkpoint_mailbox,
            proxy_hops=proxy_hops,
            status_link_revoke_old=revoke_value in ("1", "true", "yes"),
            status_link_after_closing_days=after_closing,
            account_approval=account_approval,
            gezag_signatures=gezag_signatures,
            uavg5_reading=uavg5_reading,
            brand_colour=brand_colour,
            logo_file=logo_file,
            office_hours=office_hours,
            anomaly_factor=anomaly_factor,
            anomaly_minimum=anomaly_minimum,
        )


def _key(value: str | None, *, production: bool, problems: list[str], instance_path: Path,
         development_name: str, missing: str, short: str) -> str | None:
    """A secret from the environment. Production needs it, long enough; development makes one
    and keeps it in the instance folder."""
    if value is None:
        if production:
            problems.append(missing)
            return None
        return _development_key(instance_path, development_name)
    if production and len(value) < MIN_SECRET_KEY_LENGTH:
        problems.append(short)
    return value


def _smtp(get: Callable[[str], str | None], host: str | None, *, production: bool,
          problems: list[str]) -> tuple[SmtpSecurity, int]:
    security_value = (get("SMTP_SECURITY") or SmtpSecurity.STARTTLS.value).lower()
    try:
        security = SmtpSecurity(security_value)
    except ValueError:
        problems.append(f"SMTP_SECURITY={security_value!r} is not valid: use starttls, ssl or none.")
        security = SmtpSecurity.STARTTLS
    port_value = get("SMTP_PORT") or "587"
    try:
        port = int(port_value)
    except ValueError:
        problems.append(f"SMTP_PORT={port_value!r} is not a number.")
        port = 587
    if production:
        if host is None:
            problems.append("SMTP_HOST is not set. Production must be able to send mail.")
        elif security is SmtpSecurity.NONE and host not in _LOCAL_HOSTS:
            problems.append("SMTP_SECURITY=none is only allowed to a relay on this host (localhost).")
    return security, port


def _brand_colour(value: str | None, problems: list[str]) -> str:
    colour = (value or "#154273").strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{6}", colour):
        problems.append("AVG_BRAND_COLOUR must be a colour like #154273.")
        return "#154273"
    if contrast_with_white(colour) < 4.5:
        problems.append(f"AVG_BRAND_COLOUR={colour} is too light: white text on it has a "
                        f"contrast of {contrast_with_white(colour):.1f}:1, WCAG 1.4.3 "
                        "asks 4.5:1. Choose a darker shade.")
    return colour


def _logo_file(value: str | None, problems: list[str]) -> Path | None:
    logo = Path(value) if value else None
    if logo is not None and (logo.suffix.lower() not in (".svg", ".png") or not logo.is_file()):
        problems.append(f"AVG_LOGO_FILE={value!r} is not an .svg or .png file.")
    return logo


def contrast_with_white(colour: str) -> float:
    """The WCAG 2.1 contrast ratio of white on ``#rrggbb`` (relative luminance, 1.4.3)."""
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i:i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def _int(value: str, name: str, problems: list[str], low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        problems.append(f"{name}={value!r} is not a number.")
        return low
    if not low <= number <= high:
        problems.append(f"{name} must be between {low} and {high}.")
        return low
    return number


def _office_hours(value: str, problems: list[str]) -> tuple[time, time]:
    """``"07:00-19:00"`` as two times; the start before the end."""
    match = re.fullmatch(r"\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*", value)
    try:
        if match is None:
            raise ValueError
        start = time(int(match[1]), int(match[2]))
        end = time(int(match[3]), int(match[4]))
        if not start < end:
            raise ValueError
    except ValueError:
        problems.append(f"AVG_OFFICE_HOURS={value!r} must be like 07:00-19:00 (start before end).")
        return time(7, 0), time(19, 0)
    return start, end


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way (postgres://, postgresql://)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _development_key(instance_path: Path, name: str) -> str:
    """Development only: a random key kept in instance/ so it survives a restart."""
    key_file = instance_path / name
    if key_file.exists():
        return key_file.read_text().strip()
    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    key_file.write_text(key + "\n")
    key_file.chmod(0o600)
    return key


def current_settings() -> Settings:
    """The running app's settings (read once, in ``create_app``); needs an app context."""
    from flask import current_app

    settings: Settings = current_app.extensions["avg_settings"]
    return settings
