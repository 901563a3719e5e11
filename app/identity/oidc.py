"""OpenID Connect sign-in: authorization code with PKCE, discovery, state and nonce, and
the ID token validated against the provider's JWKS (refetched when a new key id
appears: key rotation). Authlib drives the OAuth 2.0 exchange; joserfc (Authlib's JOSE
library) checks the token. Nothing here is hand-rolled cryptography."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.common.security import generate_token
from authlib.integrations.httpx_client import OAuth2Client
from joserfc import jwt
from joserfc.errors import (
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import KeySet

# Asymmetric signatures only: an HS256 token would be checked with the client secret,
# which every holder of the secret could forge; `none` is never accepted.
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512")
DISCOVERY_TTL_S = 3600.0
KEYS_TTL_S = 3600.0
# An unknown key id refetches the JWKS at most this often (a forged kid cannot make us
# hammer the provider).
KEYS_REFETCH_MIN_S = 5.0
CLOCK_SKEW_S = 60


class OidcError(Exception):
    """A refused sign-in, with the reason in words for the page and the admin log."""


class ProviderFault(OidcError):
    """The provider could not be reached, or answered in a way its set-up does not allow
    (discovery, keys, the code exchange). Its words name addresses and network errors,
    for the admin's log: the person signing in can only try again later or tell them."""


@dataclass(frozen=True)
class Metadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str | None


@dataclass(frozen=True)
class Request:
    """What the browser is sent to, and what must come back with it."""

    url: str
    state: str
    nonce: str
    code_verifier: str


_lock = threading.Lock()
_discovery: dict[str, tuple[float, Metadata]] = {}
_keys: dict[str, tuple[float, KeySet]] = {}


def _get_json(url: str, timeout: float, what: str) -> dict[str, Any]:
    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=False)
    except httpx.HTTPError as exc:
        raise ProviderFault(f"Could not reach the provider's {what} at {url}: {exc}.") from None
    if response.status_code != 200:
        raise ProviderFault(f"The provider's {what} at {url} answered {response.status_code}.")
    try:
        data = response.json()
    except ValueError:
        raise ProviderFault(f"The provider's {what} at {url} is not JSON.") from None
    if not isinstance(data, dict):
        raise ProviderFault(f"The provider's {what} at {url} is not a JSON object.")
    return data


def discover(issuer: str, *, timeout: float, refresh: bool = False) -> Metadata:
    """The provider's endpoints from /.well-known/openid-configuration (cached an hour);
    its `issuer` must be exactly the configured one (OIDC Discovery 4.3)."""
    now = time.monotonic()
    with _lock:
        cached = _discovery.get(issuer)
    if cached and not refresh and now - cached[0] < DISCOVERY_TTL_S:
        return cached[1]
    data = _get_json(f"{issuer}/.well-known/openid-configuration", timeout, "discovery document")
    if data.get("issuer") != issuer:
        raise ProviderFault(f"The discovery document names the issuer {data.get('issuer')!r}, "
                        f"not {issuer!r}: check the issuer address.")
    try:
        meta = Metadata(issuer=issuer,
                        authorization_endpoint=str(data["authorization_endpoint"]),
                        token_endpoint=str(data["token_endpoint"]),
                        jwks_uri=str(data["jwks_uri"]),
                        userinfo_endpoint=data.get("userinfo_endpoint"))
    except KeyError as exc:
        raise ProviderFault(f"The discovery document has no {exc.args[0]}.") from None
    with _lock:
        _discovery[issuer] = (now, meta)
    return meta


def key_set(jwks_uri: str, *, timeout: float, refresh: bool = False) -> KeySet:
    """The provider's signing keys (cached; `refresh` refetches, at most every few s)."""
    now = time.monotonic()
    with _lock:
        cached = _keys.get(jwks_uri)
    if cached:
        age = now - cached[0]
        if (not refresh and age < KEYS_TTL_S) or (refresh and age < KEYS_REFETCH_MIN_S):
            return cached[1]
    data = _get_json(jwks_uri, timeout, "signing keys (JWKS)")
    try:
        keys = KeySet.import_key_set(data)  # type: ignore[arg-type]
    except (JoseError, ValueError, TypeError) as exc:
        raise ProviderFault(f"The provider's signing keys could not be read: {exc}.") from None
    with _lock:
        _keys[jwks_uri] = (now, keys)
    return keys


def _client(config: dict[str, Any], redirect_uri: str, timeout: float) -> OAuth2Client:
    return OAuth2Client(client_id=config["client_id"], client_secret=config["client_secret"],
                        scope=config.get("scopes", "openid email profile"),
                        redirect_uri=redirect_uri, code_challenge_method="S256",
                        timeout=timeout)


def authorization_request(config: dict[str, Any], redirect_uri: str, *,
                          timeout: float) -> Request:
    """Where to send the browser: a fresh state, nonce and PKCE verifier."""
    meta = discover(config["issuer"], timeout=timeout)
    state, nonce, verifier = generate_token(32), generate_token(32), generate_token(64)
    with _client(config, redirect_uri, timeout) as client:
        url, _ = client.create_authorization_url(meta.authorization_endpoint, state=state,
                                                 nonce=nonce, code_verifier=verifier)
    return Request(url=url, state=state, nonce=nonce, code_verifier=verifier)


def exchange_code(config: dict[str, Any], redirect_uri: str, code: str, verifier: str, *,
                  timeout: float) -> dict[str, Any]:
    """Trade the code (and the PKCE verifier) for tokens at the token endpoint."""
    meta = discover(config["issuer"], timeout=timeout)
    try:
        with _client(config, redirect_uri, timeout) as client:
            token = client.fetch_token(meta.token_endpoint, code=code, code_verifier=verifier,
                                       grant_type="authorization_code")
    except httpx.HTTPError as exc:
        raise ProviderFault(f"Could not reach the provider's token endpoint: {exc}.") from None
    except Exception as exc:  # Authlib raises its OAuthError for a refused exchange
        raise ProviderFault(f"The provider refused the code exchange: {exc}.") from None
    if not isinstance(token, dict) or "id_token" not in token:
        raise ProviderFault("The provider's answer has no ID token: is 'openid' among the scopes?")
    return dict(token)


def validate_id_token(id_token: str, *, issuer: str, client_id: str, nonce: str,
                      keys: Any, now: float | None = None) -> dict[str, Any]:
    """The ID token's claims, once its signature (by a key of the provider's JWKS, with
    an asymmetric algorithm), issuer, audience, expiry, issue time and nonce check out.
    `keys(refresh)` gives the key set; an unknown key id refetches it once (rotation)."""
    try:
        try:
            token = jwt.decode(id_token, keys(False), algorithms=list(ALGORITHMS))
        except InvalidKeyIdError:
            token = jwt.decode(id_token, keys(True), algorithms=list(ALGORITHMS))
    except InvalidKeyIdError:
        raise OidcError("The ID token is signed with a key the provider does not publish: "
                        "refused.") from None
    except JoseError as exc:
        raise OidcError(f"The ID token's signature is not valid ({exc.error}): "
                        "refused.") from None
    claims = dict(token.claims)
    registry = jwt.JWTClaimsRegistry(
        now=int(now if now is not None else time.time()), leeway=CLOCK_SKEW_S,
        iss={"essential": True, "value": issuer}, sub={"essential": True},
        aud={"essential": True, "value": client_id}, exp={"essential": True},
        iat={"essential": True}, nonce={"essential": True, "value": nonce})
    try:
        registry.validate(claims)
    except ExpiredTokenError:
        raise OidcError("The ID token has expired: sign in again.") from None
    except (InvalidClaimError, MissingClaimError) as exc:
        claim = exc.description or str(exc)
        raise OidcError(f"The ID token was refused: {claim} (issuer, audience, nonce and "
                        "times are checked).") from None
    except JoseError as exc:
        raise OidcError(f"The ID token was refused: {exc}.") from None
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    if len(audiences) > 1 and claims.get("azp") != client_id:
        raise OidcError("The ID token is meant for several clients but not issued to this "
                        "one (azp): refused.")
    return claims


def userinfo(config: dict[str, Any], access_token: str, *, timeout: float) -> dict[str, Any]:
    meta = discover(config["issuer"], timeout=timeout)
    if not meta.userinfo_endpoint:
        return {}
    try:
        response = httpx.get(meta.userinfo_endpoint, timeout=timeout,
                             headers={"Authorization": f"Bearer {access_token}"})
    except httpx.HTTPError:
        return {}
    return response.json() if response.status_code == 200 else {}


def test_connection(config: dict[str, Any], *, timeout: float) -> str:
    """Fetch discovery and keys afresh; a sentence for the admin page."""
    meta = discover(config["issuer"], timeout=timeout, refresh=True)
    keys = key_set(meta.jwks_uri, timeout=timeout, refresh=True)
    count = len(keys.keys)
    return (f"Connected: discovery and {count} signing key{'s' if count != 1 else ''} "
            f"read from {meta.issuer}.")
