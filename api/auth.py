"""Who is asking: bearer JWTs (HS256) signed with a local secret, and what each role may read.

The secret comes from `KYODO_JWT_SECRET`, else from `KYODO_DATA_DIR/jwt-secret` (created on
first use, mode 600). Who may read or write what is `application.permissions`' one table.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt

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


@dataclass(frozen=True)
class TokenIssuer:
    """Signs and verifies tokens with one secret."""

    secret: str

    def issue(self, actor: Actor, valid_for: timedelta = timedelta(days=30)) -> str:
        now = datetime.now(UTC)
        claims: dict[str, object] = {
            "iss": ISSUER,
            "sub": actor.user_id,
            "role": actor.role.value,
            "iat": now,
            "exp": now + valid_for,
        }
        if actor.centre is not None:
            claims["centre"] = actor.centre
        return jwt.encode(claims, self.secret, algorithm=ALGORITHM)

    def verify(self, token: str) -> Actor:
        try:
            claims = jwt.decode(
                token,
                self.secret,
                algorithms=[ALGORITHM],
                issuer=ISSUER,
                options={"require": ["sub", "exp", "iss"]},
            )
            return actor_from_claims(claims)
        except (jwt.PyJWTError, ValueError, KeyError) as error:
            raise AuthenticationError(str(error)) from None

    def actor_from_header(self, authorization: str | None) -> Actor:
        if not authorization:
            raise AuthenticationError("missing bearer token")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationError("expected 'Bearer <token>'")
        return self.verify(token.strip())


def actor_from_claims(claims: dict[str, object]) -> Actor:
    role = ActorRole(str(claims["role"]))
    if role not in TOKEN_ROLES:
        raise ValueError(f"role {role} cannot be given to a token")
    centre = claims.get("centre")
    return Actor(
        user_id=str(claims["sub"]),
        role=role,
        centre=centre_code(str(centre)) if centre else None,
    )


def new_actor(name: str, role: str, centre: str | None) -> Actor:
    """An account's actor, checked: facilitators need a centre."""
    actor_role = ActorRole(role)
    if actor_role not in TOKEN_ROLES:
        raise ValueError(f"role {role!r} cannot be given to a user")
    if actor_role is ActorRole.FACILITATOR and not centre:
        raise ValueError("a facilitator needs --centre")
    return Actor(name, actor_role, centre_code(centre) if centre else None)
