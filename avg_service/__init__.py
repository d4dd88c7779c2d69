"""avg_service: the contactpunt voor AVG-rechten of a Zorg- en Veiligheidshuis (WGS).

``create_app`` builds the Flask app in named steps: settings, extensions, security, API,
blueprints, errors, CLI, logging. Settings come from the environment (``config.Settings``);
``overrides`` replaces environment values (``DATABASE_URL`` ...) or sets Flask config keys
(``TESTING`` ...), which is how tests and scripts configure an app.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from avg_service.config import ENV_VARS, Settings
from avg_service.web import messages_schema

# before any schema module builds its fields: marshmallow's English defaults become Dutch
messages_schema.install()

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(overrides: Mapping[str, Any] | None = None) -> Flask:
    overrides = dict(overrides or {})
    app = Flask(
        __name__,
        instance_path=str(overrides.pop("INSTANCE_PATH", PROJECT_ROOT / "instance")),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    env_overrides = {k: str(v) for k, v in overrides.items() if k in ENV_VARS and v is not None}
    unset = {k for k, v in overrides.items() if k in ENV_VARS and v is None}
    environ = {k: v for k, v in {**os.environ, **env_overrides}.items() if k not in unset}
    settings = Settings.from_env(environ, instance_path=Path(app.instance_path))

    _configure(app, settings, {k: v for k, v in overrides.items() if k not in ENV_VARS})
    _init_logging(app)
    _init_extensions(app, settings)
    _init_sso(app, environ, settings)
    _init_web(app, settings)
    _init_cli(app)
    _init_proxy(app, settings)
    return app


def trust_proxies(wsgi_app: Any, hops: int) -> Any:
    """Behind ``hops`` trusted reverse proxies, take the client's address and scheme from the
    last ``hops`` entries of X-Forwarded-For / -Proto (each proxy appends the address it saw).
    Entries a client wrote itself come before those and are never read; with 0 hops the
    headers are ignored. Without this every visitor has the proxy's address: the log-in and
    status-link limits would key on it, and the audit log would record it."""
    if hops <= 0:
        return wsgi_app
    from werkzeug.middleware.proxy_fix import ProxyFix

    return ProxyFix(wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)


def _init_proxy(app: Flask, settings: Settings) -> None:
    app.wsgi_app = trust_proxies(app.wsgi_app, settings.proxy_hops)  # type: ignore[method-assign]


def _configure(app: Flask, settings: Settings, flask_overrides: dict[str, Any]) -> None:
    app.extensions["avg_settings"] = settings
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SQLALCHEMY_DATABASE_URI=settings.database_url,
        SQLALCHEMY_ENGINE_OPTIONS={} if settings.is_sqlite else {"pool_pre_ping": True},
        MAX_CONTENT_LENGTH=25 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.is_production,
        SESSION_COOKIE_NAME="__Host-avg_session" if settings.is_production else "avg_session",
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session (timeouts: accounts)
        PREFERRED_URL_SCHEME="https" if settings.is_production else "http",
        JSON_SORT_KEYS=False,
    )
    app.config.update(flask_overrides)


def _init_logging(app: Flask) -> None:
    from avg_service.observability import configure_logging

    configure_logging(app)  # first, so every request (a CSRF refusal too) gets its request id


def _init_extensions(app: Flask, settings: Settings) -> None:
    from avg_service.db import configure_sqlite
    from avg_service.extensions import csrf, db, migrate

    if settings.is_sqlite:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    if settings.is_sqlite:
        with app.app_context():
            for engine in db.engines.values():
                configure_sqlite(engine)
    _import_models()


def _import_models() -> None:  # noqa: D401
    """Every model module, so the metadata (and Alembic autogenerate) sees all tables."""
    import avg_service.accounts.models  # noqa: F401
    import avg_service.audit.models  # noqa: F401
    import avg_service.jobs.models  # noqa: F401
    import avg_service.letters.models  # noqa: F401
    import avg_service.mail.models  # noqa: F401
    import avg_service.mail.services  # noqa: F401
    import avg_service.letters.services  # noqa: F401
    import avg_service.organisations.models  # noqa: F401
    import avg_service.requests.models  # noqa: F401
    import avg_service.coordination.models  # noqa: F401
    import avg_service.decisions.models  # noqa: F401
    import avg_service.portal.models  # noqa: F401
    import avg_service.breaches.models  # noqa: F401
    import avg_service.notifications.models  # noqa: F401
    import avg_service.reports.models  # noqa: F401
    import avg_service.retention.models  # noqa: F401
    import avg_service.sso.models  # noqa: F401
    import avg_service.bezwaar.models  # noqa: F401
    import avg_service.hearing.models  # noqa: F401
    import avg_service.hearing.letters  # noqa: F401  (registers the zienswijze letters)
    import avg_service.decisions.letters  # noqa: F401  (registers the besluit letter)
    import avg_service.requests.letters  # noqa: F401  (registers the request letter kinds)
    import avg_service.bezwaar.letters  # noqa: F401  (registers the bezwaar letter kinds)
    import avg_service.breaches.letters  # noqa: F401  (registers the breach documents)
    import avg_service.reports.annual  # noqa: F401  (registers the annual report)
    import avg_service.accounts.demo  # noqa: F401  (registers the demo seeder)
    import avg_service.organisations.demo  # noqa: F401  (the region, before any task)
    import avg_service.requests.demo  # noqa: F401  (after the accounts: assigns to them)
    import avg_service.coordination.demo  # noqa: F401  (after the requests: tasks on them)
    import avg_service.hearing.demo  # noqa: F401  (after the requests: a zienswijze asked)
    import avg_service.breaches.demo  # noqa: F401  (after the accounts and requests)
    import avg_service.bezwaar.demo  # noqa: F401  (after the accounts and participants)
    # The job entries by stable name (each package's tasks.py), in every process: the web and
    # the CLI queue them by name, the worker runs them by name.
    import avg_service.breaches.tasks  # noqa: F401
    import avg_service.jobs.tasks  # noqa: F401
    import avg_service.letters.tasks  # noqa: F401
    import avg_service.mail.tasks  # noqa: F401


def _init_sso(app: Flask, environ: Mapping[str, str], settings: Settings) -> None:
    from avg_service.sso.views import init_sso

    init_sso(app, environ, production=settings.is_production)


def _init_web(app: Flask, settings: Settings) -> None:
    from avg_service.access.guard import init_guard
    from avg_service.access.policy import may
    from avg_service.accounts.password_views import bp as passwords_bp
    from avg_service.accounts.password_views import init_forced_change
    from avg_service.accounts.views import bp as accounts_bp
    from avg_service.admin.views import bp as admin_bp
    from avg_service.api import init_api
    from avg_service.audit.views import bp as audit_bp
    from avg_service.breaches.register import bp as breach_register_bp
    from avg_service.breaches.views import bp as breaches_bp
    from avg_service.coordination.views import bp as coordination_bp
    from avg_service.bezwaar.views import bp as bezwaar_bp
    from avg_service.decisions.views import bp as decisions_bp
    from avg_service.hearing.views import bp as hearing_bp
    from avg_service.mail.views import bp as mail_bp
    from avg_service.notifications.views import bp as notifications_bp
    from avg_service.notifications.views import waiting_count
    from avg_service.reports.views import annual_bp
    from avg_service.reports.views import bp as reports_bp
    from avg_service.retention.views import bp as retention_bp
    from avg_service.web.errors import init_error_handlers
    from avg_service.extensions import csrf
    from avg_service.access.guard import current_actor
    from avg_service.access.roles import Permission
    from avg_service.web.i18n import current_language, translate
    from avg_service.portal.views import bp as portal_bp
    from avg_service.requests.public import bp as public_requests_bp
    from avg_service.requests.views import bp as requests_bp
    from avg_service.web.formatting import init_formatting
    from avg_service.web.input_guard import init_input_guard
    from avg_service.web.security import init_security_headers
    from avg_service.web.summary import init_error_summary
    from avg_service.web.views import bp as web_bp

    init_security_headers(app, production=settings.is_production)
    init_input_guard(app)  # first: the int converter must be in place before any route
    init_api(app)
    for blueprint in app.blueprints.values():  # the API authenticates by token, not cookie
        if blueprint.url_prefix and blueprint.url_prefix.startswith("/api/"):
            csrf.exempt(blueprint)
    for blueprint in (web_bp, accounts_bp, admin_bp, audit_bp, requests_bp, coordination_bp,
                      decisions_bp, public_requests_bp, portal_bp, mail_bp, breaches_bp,
                      breach_register_bp, notifications_bp, passwords_bp, reports_bp,
                      annual_bp, retention_bp, bezwaar_bp, hearing_bp):
        app.register_blueprint(blueprint)
    init_formatting(app)
    init_error_summary(app)
    init_guard(app)
    init_forced_change(app)  # after the guard: it reads the log-in the guard loaded
    init_error_handlers(app)
    app.jinja_env.globals.update(
        t=translate,
        current_language=current_language,
        waiting_count=waiting_count,
        house_logo=lambda: settings.logo_file is not None,
        may=lambda permission, obj=None: may(current_actor(), Permission(permission), obj),
    )


def _init_cli(app: Flask) -> None:
    from avg_service.cli import avg

    app.cli.add_command(avg)
