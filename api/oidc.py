"""Production sign-in: tokens of an OpenID Connect provider, verified against its JWKS.

Set `KYODO_OIDC_ISSUER` (and `KYODO_OIDC_AUDIENCE`): the keys come from the provider's
discovery document (`<issuer>/.well-known/openid-configuration`, its `jwks_uri`), or from
`KYODO_OIDC_JWKS_URL`, or, for a site without a way out, from the file
`KYODO_OIDC_JWKS_FILE` (read again when it changes). Keys are cached; a token signed with a
key the cache does not know makes it fetch the set again (at most once every
`REFETCH_SECONDS`), so a provider's rotated keys are taken without a restart. The issuer,
the audience, `exp` and `nbf` are checked; the role and the centre come from the claims
named by `KYODO_OIDC_ROLE_CLAIM` (default `kyodo_role`) and `KYODO_OIDC_CENTRE_CLAIM`
(default `kyodo_centre`); a dotted name reads a nested claim.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt

log = logging.getLogger("kyodo.oidc")

ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "PS256"]
REFETCH_SECONDS = 10.0
"""An unknown key id fetches the set again, but not more often than this (a flood of forged
key ids must not become a flood of requests to the provider)."""
CACHE_SECONDS = 300.0
FETCH_TIMEOUT = 3.0
LEEWAY_SECONDS = 30


class OidcError(Exception):
    """The provider's keys could not be read."""


@dataclass
class KeySet:
    """The provider's public keys by key id, fetched (or read) and cached."""

    url: str | None = None
    path: Path | None = None
    issuer: str | None = None
    """Without `url` or `path`: the issuer whose discovery document names the key set's URL
    (read at the first token, so that the server starts while the provider is away)."""
    _keys: dict[str, jwt.PyJWK] = field(default_factory=dict)
    _fetched: float = 0.0
    _stamp: float | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def key(self, kid: str | None) -> jwt.PyJWK:
        with self._lock:
            if self._stale():
                self._reload()
            found = self._find(kid)
            if found is None and time.monotonic() - self._fetched > REFETCH_SECONDS:
                self._reload()
                found = self._find(kid)
        if found is None:
            raise jwt.InvalidTokenError(f"no key {kid!r} in the provider's key set")
        return found

    def _reload(self) -> None:
        """The provider away: the keys in hand serve on (logged); none in hand: refused."""
        try:
            self._load()
        except OidcError as error:
            if not self._keys:
                raise
            log.warning("the provider's keys not read again", extra={"error": str(error)})

    def _find(self, kid: str | None) -> jwt.PyJWK | None:
        if kid is None and len(self._keys) == 1:
            return next(iter(self._keys.values()))
        return self._keys.get(kid or "")

    def _stale(self) -> bool:
        if self.path is not None:
            return self.path.stat().st_mtime != self._stamp
        return not self._keys or time.monotonic() - self._fetched > CACHE_SECONDS

    def _load(self) -> None:
        self._fetched = time.monotonic()
        if self.path is not None:
            self._stamp = self.path.stat().st_mtime
            document = json.loads(self.path.read_text(encoding="utf-8"))
        else:
            if self.url is None:
                self.url = _discovered_jwks_uri(str(self.issuer))
            document = _get_json(self.url)
        keys: dict[str, jwt.PyJWK] = {}
        for entry in document.get("keys", []):
            if entry.get("use", "sig") != "sig":
                continue
            try:
                keys[str(entry.get("kid", ""))] = jwt.PyJWK(entry)
            except jwt.PyJWTError:
                continue  # a key of a kind we cannot use: the others still serve
        self._keys = keys


def _get_json(url: str) -> dict[str, Any]:
    if not url.startswith(("https://", "http://")):
        raise OidcError(f"not an http(s) URL: {url}")
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            document: dict[str, Any] = json.loads(response.read(1_000_000))
    except (OSError, ValueError) as error:
        raise OidcError(f"{url}: {error}") from None
    return document


@dataclass
class OidcVerifier:
    """Verifies a provider's tokens (`api.auth.ClaimsVerifier`)."""

    issuer: str
    audience: str | None
    keys: KeySet
    role_claim: str = "kyodo_role"
    centre_claim: str = "kyodo_centre"

    def claims(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
            key = self.keys.key(header.get("kid"))
        except OidcError as error:
            raise jwt.InvalidTokenError(str(error)) from None
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=ALGORITHMS,
            issuer=self.issuer,
            audience=self.audience,
            leeway=LEEWAY_SECONDS,
            options={
                "require": ["sub", "exp", "iss"],
                "verify_aud": self.audience is not None,
                "verify_nbf": True,
            },
        )
        return claims


def oidc_from_env(environ: Mapping[str, str]) -> OidcVerifier | None:
    """None without `KYODO_OIDC_ISSUER`: the server's own HS256 tokens are used."""
    issuer = environ.get("KYODO_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    path = environ.get("KYODO_OIDC_JWKS_FILE", "").strip()
    url = environ.get("KYODO_OIDC_JWKS_URL", "").strip()
    if path:
        keys = KeySet(path=Path(path))
    elif url:
        keys = KeySet(url=url)
    else:
        keys = KeySet(issuer=issuer)
    return OidcVerifier(
        issuer=issuer,
        audience=environ.get("KYODO_OIDC_AUDIENCE", "").strip() or None,
        keys=keys,
        role_claim=environ.get("KYODO_OIDC_ROLE_CLAIM", "").strip() or "kyodo_role",
        centre_claim=environ.get("KYODO_OIDC_CENTRE_CLAIM", "").strip() or "kyodo_centre",
    )


def discovery(issuer: str) -> dict[str, Any]:
    """The provider's discovery document (`<issuer>/.well-known/openid-configuration`)."""
    return _get_json(issuer.rstrip("/") + "/.well-known/openid-configuration")


def _discovered_jwks_uri(issuer: str) -> str:
    uri = discovery(issuer).get("jwks_uri")
    if not isinstance(uri, str):
        raise OidcError("the provider's discovery document names no jwks_uri")
    return uri
