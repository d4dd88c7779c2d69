"""The provider settings: what a municipality writes, and what production refuses."""

from __future__ import annotations

import json

import pytest

from avg_service.config import ConfigError
from avg_service.sso.settings import from_env, loa_name

GOOD = {"key": "gemeente", "label": "Gemeente X", "issuer": "https://login.gemeente.nl",
        "client_id": "avg", "client_secret": "s" * 32, "organisation": "college",
        "contact_point": True, "password_login": False}
BROKER = {"issuer": "https://broker.gemeente.nl", "client_id": "avg", "client_secret": "b" * 32,
          "organisation_name": "Gemeente X"}


def _env(providers: object = None, broker: object = None) -> dict[str, str]:
    env = {}
    if providers is not None:
        env["AVG_OIDC_PROVIDERS"] = json.dumps(providers)
    if broker is not None:
        env["AVG_DIGID_BROKER"] = json.dumps(broker)
    return env


def test_no_settings_means_no_providers_and_no_digid() -> None:
    settings = from_env({}, production=True)
    assert settings.providers == () and settings.digid is None


def test_a_good_provider_and_broker_are_read() -> None:
    settings = from_env(_env([GOOD], BROKER), production=True)
    provider = settings.provider("gemeente")
    assert provider is not None and not provider.password_login and provider.contact_point
    assert provider.link_by == "email" and provider.scopes == "openid email profile"
    assert settings.digid is not None and settings.digid.min_loa == "substantieel"
    assert settings.digid.bsn_claim == "bsn"


@pytest.mark.parametrize(("providers", "broker", "production", "says"), [
    ([{**GOOD, "issuer": "http://login.gemeente.nl"}], None, True, "https:// URL in production"),
    ([{**GOOD, "client_secret": "short"}], None, True, "shorter than 16"),
    ([{**GOOD, "key": "Gemeente X"}], None, False, "'key' must be"),
    ([GOOD, GOOD], None, False, "used twice"),
    ([{**GOOD, "organisation": ""}], None, False, "'organisation'"),
    ([{**GOOD, "link_by": "name"}], None, False, "'link_by'"),
    ([{**GOOD, "roles_from_claim": True}], None, False, "unknown field(s) roles_from_claim"),
    ({"key": "x"}, None, False, "must be a JSON list"),
    (None, {**BROKER, "organisation_name": ""}, False, "names the organisation"),
    (None, {**BROKER, "min_loa": "laag"}, False, "'min_loa'"),
])
def test_bad_settings_refuse_to_start_naming_the_problem(providers: object, broker: object,
                                                         production: bool, says: str) -> None:
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        from_env(_env(providers, broker), production=production)


def test_loopback_http_is_allowed_for_a_local_test_provider_only() -> None:
    local = {**GOOD, "issuer": "http://127.0.0.1:9000"}
    assert from_env(_env([local]), production=True).providers[0].issuer == "http://127.0.0.1:9000"


def test_invalid_json_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="AVG_OIDC_PROVIDERS is not valid JSON"):
        from_env({"AVG_OIDC_PROVIDERS": "[{"}, production=False)


@pytest.mark.parametrize(("value", "name"), [
    ("urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract", "midden"),
    ("urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI", "hoog"),
    ("substantieel", "substantieel"), ("laag", None), (None, None)])
def test_digid_levels_are_read_from_their_urn_or_name(value: str | None, name: str | None) -> None:
    assert loa_name(value) == name
