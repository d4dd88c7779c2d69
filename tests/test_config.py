"""Settings are read once from the environment; production refuses insecure defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from avg_service import create_app
from avg_service.config import ConfigError, Environment, Settings

PRODUCTION_OK = {
    "AVG_ENV": "production",
    "SECRET_KEY": "k" * 48,
    "DATABASE_URL": "postgresql://avg@db.internal/avg",
    "REDIS_URL": "redis://queue.internal:6379/0",
    "SMTP_HOST": "smtp.internal",
    "AVG_BASE_URL": "https://avg.example.nl",
    "AVG_ENCRYPTION_KEY": "e" * 48,
    "AVG_AUDIT_KEY": "a" * 48,
}


def test_development_needs_no_settings(tmp_path: Path) -> None:
    settings = Settings.from_env({}, instance_path=tmp_path)
    assert settings.env is Environment.DEVELOPMENT
    assert settings.database_url == f"sqlite:///{tmp_path / 'avg_service.sqlite3'}"
    assert settings.runs_jobs_inline
    assert len(settings.secret_key) >= 32


def test_development_keeps_its_generated_secret_key(tmp_path: Path) -> None:
    first = Settings.from_env({}, instance_path=tmp_path).secret_key
    second = Settings.from_env({}, instance_path=tmp_path).secret_key
    assert first == second
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_without_secret_key_refuses_to_start(tmp_path: Path) -> None:
    environ = {k: v for k, v in PRODUCTION_OK.items() if k != "SECRET_KEY"}
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        Settings.from_env(environ, instance_path=tmp_path)
    assert not (tmp_path / "secret_key").exists()


def test_create_app_in_production_without_secret_key_refuses(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    overrides = {**PRODUCTION_OK, "SECRET_KEY": None, "INSTANCE_PATH": tmp_path}
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app(overrides)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": "short"}, "shorter than 32"),
        ({"DATABASE_URL": "sqlite:///x.db"}, "DATABASE_URL points at SQLite"),
        ({"REDIS_URL": ""}, "REDIS_URL is not set"),
        ({"SMTP_HOST": ""}, "SMTP_HOST is not set"),
        ({"SMTP_SECURITY": "none"}, "SMTP_SECURITY=none is only allowed"),
        ({"AVG_BASE_URL": "http://avg.example.nl"}, "AVG_BASE_URL must be an https"),
        ({"SMTP_PORT": "twenty-five"}, "SMTP_PORT"),
    ],
)
def test_production_refuses_each_insecure_setting(tmp_path: Path, change: dict[str, str],
                                                  message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env({**PRODUCTION_OK, **change}, instance_path=tmp_path)


def test_production_lists_every_problem_at_once(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.from_env({"AVG_ENV": "production"}, instance_path=tmp_path)
    text = str(caught.value)
    for variable in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "SMTP_HOST", "AVG_BASE_URL",
                     "AVG_ENCRYPTION_KEY", "AVG_AUDIT_KEY"):
        assert variable in text


def test_a_sound_production_configuration_starts(tmp_path: Path) -> None:
    settings = Settings.from_env(PRODUCTION_OK, instance_path=tmp_path)
    assert settings.is_production
    assert settings.database_url == "postgresql+psycopg://avg@db.internal/avg"


def test_production_app_sets_strict_cookies(tmp_path: Path) -> None:
    app = create_app({**PRODUCTION_OK, "INSTANCE_PATH": tmp_path})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_unknown_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="AVG_ENV='staging'"):
        Settings.from_env({"AVG_ENV": "staging"}, instance_path=tmp_path)


def test_office_hours_and_anomaly_thresholds_are_settings_with_safe_defaults(
        tmp_path: Path) -> None:
    from datetime import time

    default = Settings.from_env({}, instance_path=tmp_path)
    assert (default.office_hours, default.anomaly_factor, default.anomaly_minimum) == (
        (time(7, 0), time(19, 0)), 3.0, 20)
    chosen = Settings.from_env({"AVG_OFFICE_HOURS": "8:30-17:00", "AVG_ANOMALY_FACTOR": "2,5",
                                "AVG_ANOMALY_MINIMUM": "10"}, instance_path=tmp_path)
    assert (chosen.office_hours, chosen.anomaly_factor, chosen.anomaly_minimum) == (
        (time(8, 30), time(17, 0)), 2.5, 10)
    for name, value in (("AVG_OFFICE_HOURS", "19:00-07:00"), ("AVG_OFFICE_HOURS", "kantoor"),
                        ("AVG_OFFICE_HOURS", "25:00-26:00"), ("AVG_ANOMALY_FACTOR", "0.5"),
                        ("AVG_ANOMALY_FACTOR", "veel"), ("AVG_ANOMALY_MINIMUM", "0")):
        with pytest.raises(ConfigError, match=name):
            Settings.from_env({name: value}, instance_path=tmp_path)
