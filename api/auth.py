"""Who is asking: bearer JWTs (HS256) signed with a local secret, or, with
`KYODO_OIDC_ISSUER` set, tokens of an OpenID Connect provider (`api.oidc`).

The secret comes from `KYODO_JWT_SECRET`, else from `KYODO_DATA_DIR/jwt-secret` (created on
first use, mode 600). A token that names an unknown role or centre does not authenticate
(401). A revoked token, or any token of a revoked user, is refused (`Revocations`, read from
the store the server reads, `persistence.accounts`). Who may read or write what is
`application.permissions`' one table.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol
from uuid import uuid4

import jwt

from domain.errors import DomainError
from domain.rules import centre_code
from domain.values import Actor
from domain.vocabulary import ActorRole
from persistence.settings import Settings, SettingsError

ALGORITHM = "HS256"
ISSUER = "kyodo"
TOKEN_ROLES = frozenset(ActorRole) - {ActorRole.SYSTEM}
SECRET_FILE = "jwt-secret"
MIN_SECRET_BYTES = 32  # HS256: shorter keys are guessable (RFC 7518, 3.2)


class AuthenticationError(Exception):
    """The request carries no token, or one that does not verify."""


def jwt_secret(settings: Settings, environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    given = env.get("KYODO_JWT_SECRET")
    if given:
        if len(given.encode("utf-8")) < MIN_SECRET_BYTES:
            raise SettingsError(f"KYODO_JWT_SECRET must be at least {MIN_SECRET_BYTES} bytes")
        return given
    return _secret_file(settings.data_dir / SECRET_FILE)


def _secret_file(path: Path) -> str:
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret


class Revocations(Protocol):
    """Whether a token was revoked: by its id (`jti`), or its user's tokens issued until then."""

    def refused(self, user_id: str, token_id: str | None, issued_at: int | None) -> bool: ...


VERIFIED_SECONDS = 60.0
"""How long a token, once verified, is taken without checking its signature again (its
expiry and the revocations are checked on every request all the same)."""
VERIFIED_MAX = 1024


@dataclass(frozen=True)
class Verified:
    actor: Actor
    token_id: str | None
    issued_at: int | None
    expires_at: float
    """The token's `exp`, or `checked_at + VERIFIED_SECONDS`, whichever comes first."""


class VerifiedTokens:
    """Tokens whose signature and claims were verified in the last `VERIFIED_SECONDS`, by
    token, at most `VERIFIED_MAX` (the least recently used dropped first). A client sends
    the same token with every request: its HMAC and claims need not be checked each time."""

    def __init__(self, seconds: float = VERIFIED_SECONDS, size: int = VERIFIED_MAX) -> None:
        self.seconds = seconds
        self.size = size
        self._entries: OrderedDict[str, Verified] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, token: str) -> Verified | None:
        with self._lock:
            found = self._entries.get(token)
            if found is None:
                return None
            if time.time() >= found.expires_at:  # expired (`exp`), or verified too long ago
                del self._entries[token]
                return None
            self._entries.move_to_end(token)
            return found

    def put(self, token: str, actor: Actor, claims: dict[str, Any]) -> None:
        expiry = claims.get("exp")
        if not isinstance(expiry, int | float):
            return  # no expiry to honour: verified each time
        token_id, issued_at = claims.get("jti"), claims.get("iat")
        entry = Verified(
            actor,
            str(token_id) if token_id else None,
            int(issued_at) if isinstance(issued_at, int | float) else None,
            min(float(expiry), time.time() + self.seconds),
        )
        with self._lock:
            self._entries[token] = entry
            self._entries.move_to_end(token)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


class ClaimsVerifier(Protocol):
    """Another signer of tokens (an OpenID Connect provider): verified claims, and the names
    of the claims that hold the role and the centre."""

    role_claim: str
    centre_claim: str

    def claims(self, token: str) -> dict[str, Any]: ...


@dataclass(frozen=True)
class TokenIssuer:
    """Signs and verifies tokens with one secret; with `provider`, verifies the provider's
    tokens instead (and issues none that the server accepts)."""

    secret: str
    revocations: Revocations | None = None
    provider: ClaimsVerifier | None = None
    verified: VerifiedTokens = field(
        default_factory=VerifiedTokens, init=False, compare=False, repr=False
    )

    def issue(
        self,
        actor: Actor,
        valid_for: timedelta = timedelta(days=30),
        token_id: str | None = None,
    ) -> str:
        now = datetime.now(UTC)
        claims: dict[str, object] = {
            "iss": ISSUER,
            "sub": actor.user_id,
            "role": actor.role.value,
            "jti": token_id or uuid4().hex,
            "iat": now,
            "exp": now + valid_for,
        }
        if actor.centre is not None:
            claims["centre"] = actor.centre
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Actor:
        """The token's actor: its signature and claims checked (or taken from a check in the
        last minute, never past its `exp`), then the revocations, every time."""
        known = self.verified.get(token)
        if known is not None:
            self._check_revocations(known.actor, known.token_id, known.issued_at)
            return known.actor
        try:
            if self.provider is not None:
                claims = self.provider.claims(token)
                actor = actor_from_claims(
                    claims, self.provider.role_claim, self.provider.centre_claim
                )
            else:
                claims = jwt.decode(
                    token,
                    self.secret,
                    algorithms=[ALGORITHM],
                    issuer=ISSUER,
                    options={"require": ["sub", "exp", "iss"]},
                )
                actor = actor_from_claims(claims)
        except (jwt.PyJWTError, ValueError, KeyError, TypeError, DomainError) as error:
            raise AuthenticationError(str(error)) from None
        issued_at, token_id = claims.get("iat"), claims.get("jti")
        self._check_revocations(
            actor,
            str(token_id) if token_id else None,
            int(issued_at) if isinstance(issued_at, int | float) else None,
        )
        self.verified.put(token, actor, claims)
        return actor

    def _check_revocations(self, actor: Actor, token_id: str | None, issued_at: int | None) -> None:
        if self.revocations is not None and self.revocations.refused(
            actor.user_id, token_id, issued_at
        ):
            raise AuthenticationError("token revoked")

    def revocations_due(self) -> bool:
        """Whether the next check reads the revocations from the store (a query: an async
        caller runs that check in a worker thread, not on its event loop)."""
        due = getattr(self.revocations, "due", None)
        return bool(due is not None and due())

    def actor_from_header(self, authorization: str | None) -> Actor:
        if not authorization:
            raise AuthenticationError("missing bearer token")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("expected 'Bearer <token>'")
        return self.verify(token.strip())


def actor_from_claims(
    claims: dict[str, Any], role_claim: str = "role", centre_claim: str = "centre"
) -> Actor:
    """An unknown role or centre, or a facilitator of no centre, raises (not a server error:
    the caller turns it into 401). A dotted claim name reads a nested claim
    (`realm_access.kyodo_role`)."""
    role = ActorRole(str(_claim(claims, role_claim)))
    if role not in TOKEN_ROLES:
        raise ValueError(f"role {role} cannot be given to a token")
    centre = _claim(claims, centre_claim, None)
    if role is ActorRole.FACILITATOR and not centre:
        raise ValueError("a facilitator's token names no centre")
    return Actor(
        user_id=str(claims["sub"]),
        role=role,
        centre=centre_code(str(centre)) if centre else None,
    )


_MISSING = object()


def _claim(claims: dict[str, Any], name: str, default: Any = _MISSING) -> Any:
    value: Any = claims
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            if default is _MISSING:
                raise KeyError(name)
            return default
        value = value[part]
    return value


def new_actor(name: str, role: str, centre: str | None) -> Actor:
    """An account's actor, checked: facilitators need a centre."""
    actor_role = ActorRole(role)
    if actor_role not in TOKEN_ROLES:
        raise ValueError(f"role {role!r} cannot be given to a user")
    if actor_role is ActorRole.FACILITATOR and not centre:
        raise ValueError("a facilitator needs --centre")
    return Actor(name, actor_role, centre_code(centre) if centre else None)
