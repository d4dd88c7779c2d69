"""The OpenID Connect relying party: discovery, the authorization request, the code exchange and
the ID-token check. No Flask, no database: the views keep the pending request in the session.

The authorization code flow with PKCE (RFC 7636, S256), a random ``state`` (CSRF, RFC 6749
10.12) and ``nonce`` (OIDC Core 3.1.2.1). Authlib builds the request and exchanges the code;
joserfc (Authlib's JOSE library) checks the ID token as OIDC Core 3.1.3.7 asks: the signature
by a key of the issuer, ``iss`` equal to the configured issuer, ``aud`` containing our client
id (and ``azp`` when there are more), ``exp``/``iat`` against the service's clock, and ``nonce``
equal to the one sent. With several providers the ``iss`` of the authorization response (RFC
9207) must be the provider the request went to, against mix-up attacks.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from urllib.parse import urlencode

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.integrations.base_client.errors import OAuthError
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

HTTP_TIMEOUT = 5.0
#: Metadata and keys are fetched again after this long (a key rollover at the provider).
CACHE_SECONDS = 3600.0
#: Clock skew allowed between the provider and us when checking exp and iat.
LEEWAY_SECONDS = 60
ALGORITHMS = ("RS256", "PS256", "ES256")


class OidcError(Exception):
    """The provider or its answer cannot be trusted. ``reason`` is a short code for the audit
    log (never shown to people; the views say it in Dutch)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    end_session_endpoint: str | None
    iss_parameter_supported: bool


@dataclass(frozen=True, slots=True)
class Pending:
    """What the callback needs to check: kept in the browser's (signed) session until then."""

    state: str
    nonce: str
    code_verifier: str
    redirect_uri: str

    def as_dict(self) -> dict[str, str]:
        return {"state": self.state, "nonce": self.nonce, "code_verifier": self.code_verifier,
                "redirect_uri": self.redirect_uri}

    @classmethod
    def from_dict(cls, data: Any) -> Pending | None:
        try:
            return cls(str(data["state"]), str(data["nonce"]), str(data["code_verifier"]),
                       str(data["redirect_uri"]))
        except (KeyError, TypeError):
            return None


_lock = threading.Lock()
_metadata: dict[str, tuple[float, Metadata]] = {}
_keys: dict[str, tuple[float, KeySet]] = {}


def _get_json(url: str) -> dict[str, Any]:
    try:
        response = requests.get(url, timeout=HTTP_TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        body = response.json()
    except (requests.RequestException, ValueError) as error:
        raise OidcError("provider_unreachable", f"{url}: {type(error).__name__}") from None
    if not isinstance(body, dict):
        raise OidcError("provider_bad_answer", url)
    return body


def discover(issuer: str) -> Metadata:
    """The provider's metadata (OIDC Discovery 1.0); its ``issuer`` must be the configured one."""
    with _lock:
        cached = _metadata.get(issuer)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    doc = _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if doc.get("issuer") != issuer:  # Discovery 4.3: they must be identical
        raise OidcError("issuer_mismatch", f"configured {issuer}, metadata {doc.get('issuer')}")
    try:
        meta = Metadata(issuer=issuer, authorization_endpoint=str(doc["authorization_endpoint"]),
                        token_endpoint=str(doc["token_endpoint"]), jwks_uri=str(doc["jwks_uri"]),
                        end_session_endpoint=doc.get("end_session_endpoint") or None,
                        iss_parameter_supported=bool(
                            doc.get("authorization_response_iss_parameter_supported")))
    except KeyError as missing:
        raise OidcError("provider_bad_answer", f"metadata lacks {missing}") from None
    if "S256" not in doc.get("code_challenge_methods_supported", ["S256"]):
        raise OidcError("pkce_unsupported", issuer)
    with _lock:
        _metadata[issuer] = (time.monotonic(), meta)
    return meta


def _key_set(meta: Metadata, *, refresh: bool = False) -> KeySet:
    with _lock:
        cached = _keys.get(meta.jwks_uri)
    if cached and not refresh and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    try:
        keys = KeySet.import_key_set(_get_json(meta.jwks_uri))  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError) as error:
        raise OidcError("provider_bad_keys", type(error).__name__) from None
    with _lock:
        _keys[meta.jwks_uri] = (time.monotonic(), keys)
    return keys


def forget_cache() -> None:
    """Drop cached metadata and keys (tests start providers on new ports)."""
    with _lock:
        _metadata.clear()
        _keys.clear()


def authorization_request(meta: Metadata, *, client_id: str, scopes: str, redirect_uri: str
                          ) -> tuple[str, Pending]:
    """The URL to send the browser to, and what to keep for the callback."""
    pending = Pending(state=secrets.token_urlsafe(32), nonce=secrets.token_urlsafe(32),
                      code_verifier=generate_token(64), redirect_uri=redirect_uri)
    client = OAuth2Session(client_id, scope=scopes, redirect_uri=redirect_uri,
                           code_challenge_method="S256")
    url, _state = client.create_authorization_url(
        meta.authorization_endpoint, state=pending.state, code_verifier=pending.code_verifier,
        nonce=pending.nonce)
    return url, pending


def check_response(meta: Metadata, pending: Pending, args: dict[str, str]) -> str:
    """The code of an authorization response, after checking ``state`` and ``iss``."""
    if not secrets.compare_digest(args.get("state", ""), pending.state):
        raise OidcError("state_mismatch")
    issuer = args.get("iss")
    if (issuer is not None or meta.iss_parameter_supported) and issuer != meta.issuer:
        raise OidcError("issuer_mismatch", "authorization response")  # RFC 9207 2.4
    if "error" in args:
        raise OidcError("provider_refused", args["error"][:60])
    code = args.get("code")
    if not code:
        raise OidcError("no_code")
    return code


def exchange_code(meta: Metadata, pending: Pending, code: str, *, client_id: str,
                  client_secret: str) -> dict[str, Any]:
    """The token response for ``code`` (a used or expired code is refused by the provider)."""
    client = OAuth2Session(client_id, client_secret, redirect_uri=pending.redirect_uri,
                           token_endpoint_auth_method="client_secret_basic")
    try:
        token = client.fetch_token(meta.token_endpoint, grant_type="authorization_code",
                                   code=code, code_verifier=pending.code_verifier,
                                   timeout=HTTP_TIMEOUT)
    except OAuthError as error:
        raise OidcError("code_refused", str(error.error)[:60]) from None
    except requests.RequestException as error:
        raise OidcError("provider_unreachable", type(error).__name__) from None
    if not isinstance(token, dict) or not token.get("id_token"):
        raise OidcError("no_id_token")
    return dict(token)


def validate_id_token(meta: Metadata, id_token: str, *, client_id: str, nonce: str,
                      now: datetime) -> dict[str, Any]:
    """The ID token's claims, once every check of OIDC Core 3.1.3.7 has passed."""
    try:
        try:
            token = jwt.decode(id_token, _key_set(meta), algorithms=list(ALGORITHMS))
        except JoseError:  # perhaps a new key: fetch the set once more
            token = jwt.decode(id_token, _key_set(meta, refresh=True),
                               algorithms=list(ALGORITHMS))
    except (JoseError, ValueError) as error:
        raise OidcError("bad_signature", type(error).__name__) from None
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=int(now.timestamp()), leeway=LEEWAY_SECONDS,
        iss={"essential": True, "value": meta.issuer},
        aud={"essential": True, "value": client_id},
        sub={"essential": True}, exp={"essential": True}, iat={"essential": True},
        nonce={"essential": True, "value": nonce})
    try:
        registry.validate(claims)
    except JoseError as error:
        name = type(error).__name__
        reason = "token_expired" if name == "ExpiredTokenError" else {
            "iss": "wrong_issuer", "aud": "wrong_audience", "nonce": "nonce_mismatch",
        }.get(getattr(error, "claim", ""), "invalid_claims")
        raise OidcError(reason, name) from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OidcError("wrong_audience", "azp")
    return claims


def end_session_url(meta: Metadata, *, id_token_hint: str, client_id: str,
                    post_logout_redirect_uri: str) -> str | None:
    """RP-initiated log-out (OIDC RP-Initiated Logout 1.0), when the provider offers it."""
    if not meta.end_session_endpoint:
        return None
    query = urlencode({"id_token_hint": id_token_hint, "client_id": client_id,
                       "post_logout_redirect_uri": post_logout_redirect_uri})
    separator = "&" if "?" in meta.end_session_endpoint else "?"
    return f"{meta.end_session_endpoint}{separator}{query}"


class ClientSettings(Protocol):
    """A provider as configured (sso.settings: a staff provider or the DigiD broker)."""

    @property
    def issuer(self) -> str: ...
    @property
    def client_id(self) -> str: ...
    @property
    def client_secret(self) -> str: ...
    @property
    def scopes(self) -> str: ...


def begin(client: ClientSettings, *, redirect_uri: str) -> tuple[str, Pending]:
    """Discovery and the authorization request: where to send the browser, what to keep."""
    return authorization_request(discover(client.issuer), client_id=client.client_id,
                                 scopes=client.scopes, redirect_uri=redirect_uri)


def complete(client: ClientSettings, pending: Pending, args: dict[str, str], *, now: datetime
             ) -> tuple[dict[str, Any], str]:
    """The callback: check the answer, exchange the code, check the ID token. Returns the
    token's claims and the token itself (for RP-initiated log-out)."""
    meta = discover(client.issuer)
    code = check_response(meta, pending, args)
    tokens = exchange_code(meta, pending, code, client_id=client.client_id,
                           client_secret=client.client_secret)
    claims = validate_id_token(meta, tokens["id_token"], client_id=client.client_id,
                               nonce=pending.nonce, now=now)
    return claims, str(tokens["id_token"])


def claim(claims: dict[str, Any], path: str) -> Any:
    """A claim by dotted path ("gemachtigde.bsn"), or None."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value
