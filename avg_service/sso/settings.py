"""Settings of the identity providers: staff OpenID providers and the requester's DigiD broker.

Two environment variables, each JSON, read once when the app is created:

``AVG_OIDC_PROVIDERS``: a list, one object per provider, each bound to one organisation::

    [{"key": "gemeente", "label": "Gemeente Voorbeeld", "issuer": "https://login.example.nl",
      "client_id": "avg", "client_secret": "...", "organisation": "college",
      "contact_point": true, "link_by": "email", "password_login": false}]

``AVG_DIGID_BROKER``: one object, the OIDC broker that connects DigiD (and DigiD Machtigen)::

    {"issuer": "https://broker.example.nl", "client_id": "avg", "client_secret": "...",
     "organisation_name": "Gemeente Voorbeeld", "bsn_claim": "bsn", "loa_claim": "loa",
     "min_loa": "substantieel", "representative_claim": "gemachtigde.bsn",
     "represented_claim": "vertegenwoordigde.bsn"}

Production refuses a provider without https, a short client secret or an unknown key; the README
has the table of every field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from avg_service.config import ConfigError

ENV_PROVIDERS = "AVG_OIDC_PROVIDERS"
ENV_DIGID = "AVG_DIGID_BROKER"
_KEY = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
MIN_CLIENT_SECRET = 16
#: Safe default: the status pages can show health and criminal data (special categories), and
#: the handreiking betrouwbaarheidsniveaus points to substantieel for those. A setting.
DEFAULT_MIN_LOA = "substantieel"

#: DigiD's assurance levels, lowest first, as brokers name them (SAML AuthnContextClassRef).
LOA_LEVELS: tuple[tuple[str, str], ...] = (
    ("basis", "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"),
    ("midden", "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"),
    ("substantieel", "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard"),
    ("hoog", "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"),
)


def loa_name(value: str | None) -> str | None:
    """'midden' for the level's URN or its own name; None for a value DigiD does not have."""
    for name, urn in LOA_LEVELS:
        if value in (name, urn):
            return name
    return None


def loa_rank(name: str) -> int:
    return [n for n, _urn in LOA_LEVELS].index(name)


@dataclass(frozen=True, slots=True)
class ProviderSettings:
    key: str
    label: str
    issuer: str
    client_id: str
    client_secret: str
    #: The organisation (code) whose accounts log in here.
    organisation: str
    #: Also the contact point's own accounts without an organisation (FG, beheer).
    contact_point: bool = False
    #: "email" (a verified e-mail links an account once) or "subject" (only a linked subject).
    link_by: str = "email"
    #: False: the accounts this provider serves may not log in with a password.
    password_login: bool = True
    scopes: str = "openid email profile"


@dataclass(frozen=True, slots=True)
class DigidSettings:
    issuer: str
    client_id: str
    client_secret: str
    organisation_name: str
    bsn_claim: str = "bsn"
    loa_claim: str = "loa"
    min_loa: str = DEFAULT_MIN_LOA
    representative_claim: str = "gemachtigde.bsn"
    represented_claim: str = "vertegenwoordigde.bsn"
    scopes: str = "openid digid"


@dataclass(frozen=True, slots=True)
class SsoSettings:
    providers: tuple[ProviderSettings, ...] = ()
    digid: DigidSettings | None = None
    by_key: dict[str, ProviderSettings] = field(default_factory=dict)

    def provider(self, key: str) -> ProviderSettings | None:
        return self.by_key.get(key)


def _load_json(environ: Mapping[str, str], name: str) -> object:
    raw = environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except json.JSONDecodeError as error:
        raise ConfigError(f"{name} is not valid JSON: {error.msg} (position {error.pos}).") from None


def _check_issuer(name: str, issuer: object, production: bool, problems: list[str]) -> str:
    if not isinstance(issuer, str) or not issuer:
        problems.append(f"{name}: 'issuer' is missing.")
        return ""
    parts = urlsplit(issuer)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        problems.append(f"{name}: 'issuer' must be an https:// URL.")
    elif production and parts.scheme != "https" and parts.hostname not in _LOCAL_HOSTS:
        problems.append(f"{name}: 'issuer' must be an https:// URL in production.")
    return issuer  # exactly as the provider names itself (Discovery 4.3: compared as is)


def _client(name: str, spec: Mapping[str, object], production: bool,
            problems: list[str]) -> tuple[str, str]:
    client_id = spec.get("client_id")
    secret = spec.get("client_secret")
    if not isinstance(client_id, str) or not client_id:
        problems.append(f"{name}: 'client_id' is missing.")
        client_id = ""
    if not isinstance(secret, str) or not secret:
        problems.append(f"{name}: 'client_secret' is missing.")
        secret = ""
    elif production and len(secret) < MIN_CLIENT_SECRET:
        problems.append(f"{name}: 'client_secret' is shorter than {MIN_CLIENT_SECRET} characters.")
    return client_id, secret


def from_env(environ: Mapping[str, str], *, production: bool) -> SsoSettings:
    """Read and check both settings; ConfigError names every problem found."""
    problems: list[str] = []
    providers: list[ProviderSettings] = []
    raw = _load_json(environ, ENV_PROVIDERS)
    if raw is not None and not isinstance(raw, list):
        problems.append(f"{ENV_PROVIDERS} must be a JSON list of providers.")
        raw = []
    allowed = set(ProviderSettings.__dataclass_fields__)
    for index, spec in enumerate(raw or []):
        name = f"{ENV_PROVIDERS}[{index}]"
        if not isinstance(spec, dict):
            problems.append(f"{name} must be an object.")
            continue
        unknown = sorted(set(spec) - allowed)
        if unknown:
            problems.append(f"{name}: unknown field(s) {', '.join(unknown)}.")
        key = spec.get("key")
        if not isinstance(key, str) or not _KEY.match(key):
            problems.append(f"{name}: 'key' must be lower-case letters, digits and '-'.")
            continue
        if any(p.key == key for p in providers):
            problems.append(f"{name}: the key {key!r} is used twice.")
        organisation = spec.get("organisation")
        if not isinstance(organisation, str) or not organisation:
            problems.append(f"{name}: 'organisation' (the code of one organisation) is missing.")
            organisation = ""
        link_by = spec.get("link_by", "email")
        if link_by not in ("email", "subject"):
            problems.append(f"{name}: 'link_by' must be 'email' or 'subject'.")
        issuer = _check_issuer(name, spec.get("issuer"), production, problems)
        client_id, secret = _client(name, spec, production, problems)
        providers.append(ProviderSettings(
            key=key, label=str(spec.get("label") or key), issuer=issuer, client_id=client_id,
            client_secret=secret, organisation=organisation,
            contact_point=bool(spec.get("contact_point", False)), link_by=str(link_by),
            password_login=bool(spec.get("password_login", True)),
            scopes=str(spec.get("scopes") or "openid email profile")))

    digid: DigidSettings | None = None
    raw_digid = _load_json(environ, ENV_DIGID)
    if raw_digid is not None:
        if not isinstance(raw_digid, dict):
            problems.append(f"{ENV_DIGID} must be a JSON object.")
        else:
            unknown = sorted(set(raw_digid) - set(DigidSettings.__dataclass_fields__))
            if unknown:
                problems.append(f"{ENV_DIGID}: unknown field(s) {', '.join(unknown)}.")
            issuer = _check_issuer(ENV_DIGID, raw_digid.get("issuer"), production, problems)
            client_id, secret = _client(ENV_DIGID, raw_digid, production, problems)
            organisation_name = raw_digid.get("organisation_name")
            if not isinstance(organisation_name, str) or not organisation_name.strip():
                # Logius: the DigiD button names the organisation the person logs in to.
                problems.append(f"{ENV_DIGID}: 'organisation_name' is missing (the DigiD button "
                                "names the organisation).")
                organisation_name = ""
            min_loa = str(raw_digid.get("min_loa", DEFAULT_MIN_LOA))
            if loa_name(min_loa) is None:
                problems.append(f"{ENV_DIGID}: 'min_loa' must be basis, midden, substantieel or hoog.")
            strings = {k: str(v) for k, v in raw_digid.items()
                       if k in ("bsn_claim", "loa_claim", "representative_claim",
                                "represented_claim", "scopes") and v}
            digid = DigidSettings(issuer=issuer, client_id=client_id, client_secret=secret,
                                  organisation_name=organisation_name.strip(),
                                  min_loa=loa_name(min_loa) or DEFAULT_MIN_LOA, **strings)
    if problems:
        raise ConfigError("avg_service refuses to start:\n"
                          + "\n".join(f"  - {p}" for p in problems))
    return SsoSettings(providers=tuple(providers), digid=digid,
                       by_key={p.key: p for p in providers})
