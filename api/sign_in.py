"""What the page needs to sign in through the OpenID Connect provider: `GET /auth/config`.

With `KYODO_OIDC_ISSUER` and `KYODO_OIDC_CLIENT_ID` (a public client: no secret, PKCE) set,
the answer names the client, the scopes and the provider's endpoints, read from its discovery
document and cached. The provider away, or its document unusable, the answer says so with a
stable code and a Japanese message, and the page offers the token paste alone: the page never
breaks because the provider is away. The browser runs the flow itself (web/oidc.js); the
server keeps no session and verifies the resulting token like any other (`api.oidc`).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.oidc import OidcError, discovery
from persistence.settings import SettingsError

log = logging.getLogger("kyodo.oidc")

DEFAULT_SCOPES = "openid profile"
CACHE_SECONDS = 300.0
RETRY_SECONDS = 30.0
"""The provider away: asked again at most this often (each page load must not wait for it)."""
UNAVAILABLE = "OIDC_PROVIDER_UNAVAILABLE"
MISCONFIGURED = "OIDC_PROVIDER_MISCONFIGURED"
MESSAGES = {
    UNAVAILABLE: "認証サーバーに接続できないため、組織のアカウントでサインインできません。"
    "トークンを貼り付けてサインインしてください。",
    MISCONFIGURED: "認証サーバーの設定に問題があるため、組織のアカウントでサインインできません。"
    "トークンを貼り付けてサインインし、管理者に連絡してください。",
}
ENDPOINTS = {
    "authorizationEndpoint": "authorization_endpoint",
    "tokenEndpoint": "token_endpoint",
    "endSessionEndpoint": "end_session_endpoint",
}
REQUIRED = ("authorization_endpoint", "token_endpoint")


class DiscoveryError(Exception):
    """The provider's document names no usable endpoints (`code` says why)."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


@dataclass(frozen=True)
class PageSignIn:
    """The page's client at the provider."""

    issuer: str
    client_id: str
    scopes: str = DEFAULT_SCOPES
    audience: str | None = None


def page_sign_in_from_env(environ: Mapping[str, str]) -> PageSignIn | None:
    """None without `KYODO_OIDC_CLIENT_ID`: the page offers the token paste alone."""
    client_id = environ.get("KYODO_OIDC_CLIENT_ID", "").strip()
    if not client_id:
        return None
    issuer = environ.get("KYODO_OIDC_ISSUER", "").strip()
    if not issuer:
        raise SettingsError(
            "KYODO_OIDC_CLIENT_ID には KYODO_OIDC_ISSUER（認証サーバー）の設定が必要です"
        )
    scopes = environ.get("KYODO_OIDC_SCOPES", "").split() or DEFAULT_SCOPES.split()
    if "openid" not in scopes:  # the id token carries the nonce the page checks
        scopes.insert(0, "openid")
    return PageSignIn(
        issuer=issuer,
        client_id=client_id,
        scopes=" ".join(dict.fromkeys(scopes)),
        audience=environ.get("KYODO_OIDC_AUDIENCE", "").strip() or None,
    )


@dataclass
class ProviderEndpoints:
    """The provider's endpoints from its discovery document: kept `CACHE_SECONDS`; a failure
    is remembered `RETRY_SECONDS`, so that a provider away slows no page load for long."""

    settings: PageSignIn
    fetch: Callable[[str], dict[str, Any]] = discovery
    _endpoints: dict[str, str | None] | None = None
    _error: DiscoveryError | None = None
    _until: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def endpoints(self) -> dict[str, str | None]:
        with self._lock:
            if time.monotonic() >= self._until:
                self._refresh()
            if self._endpoints is None:
                assert self._error is not None
                raise self._error
            return self._endpoints

    def _refresh(self) -> None:
        try:
            self._endpoints = self._read()
            self._error = None
            self._until = time.monotonic() + CACHE_SECONDS
        except (OidcError, DiscoveryError) as error:
            code = error.code if isinstance(error, DiscoveryError) else UNAVAILABLE
            log.warning("the provider's discovery document not read", extra={"error": str(error)})
            self._endpoints = None
            self._error = DiscoveryError(code, str(error))
            self._until = time.monotonic() + RETRY_SECONDS

    def _read(self) -> dict[str, str | None]:
        document = self.fetch(self.settings.issuer)
        if str(document.get("issuer", "")).rstrip("/") != self.settings.issuer.rstrip("/"):
            raise DiscoveryError(MISCONFIGURED, f"issuer {document.get('issuer')!r}")
        methods = document.get("code_challenge_methods_supported")
        if isinstance(methods, list) and "S256" not in methods:
            raise DiscoveryError(MISCONFIGURED, "the provider does not offer PKCE S256")
        found: dict[str, str | None] = {}
        for name, key in ENDPOINTS.items():
            value = document.get(key)
            if not (isinstance(value, str) and value.startswith(("https://", "http://"))):
                if key in REQUIRED:
                    raise DiscoveryError(MISCONFIGURED, f"no usable {key}")
                value = None
            found[name] = value
        return found


def describe(settings: PageSignIn | None, provider: ProviderEndpoints | None) -> dict[str, Any]:
    """The body of `/auth/config`."""
    if settings is None or provider is None:
        return {"tokenPaste": True, "oidc": {"enabled": False}}
    try:
        endpoints = provider.endpoints()
    except DiscoveryError as error:
        refusal = {"code": error.code, "message": MESSAGES[error.code]}
        return {"tokenPaste": True, "oidc": {"enabled": True, "available": False, **refusal}}
    oidc = {
        "enabled": True,
        "available": True,
        "issuer": settings.issuer,
        "clientId": settings.client_id,
        "scopes": settings.scopes,
        "audience": settings.audience,
        **endpoints,
    }
    return {"tokenPaste": True, "oidc": oidc}


def sign_in_router(environ: Mapping[str, str]) -> APIRouter:
    """`/auth/config` (settings read here, once; the discovery document at the first ask)."""
    settings = page_sign_in_from_env(environ)
    provider = ProviderEndpoints(settings) if settings is not None else None
    router = APIRouter(include_in_schema=False)

    def config() -> JSONResponse:  # a plain function: FastAPI runs it in a worker thread
        return JSONResponse(describe(settings, provider), headers={"Cache-Control": "no-store"})

    router.add_api_route("/auth/config", config, methods=["GET"])
    return router
