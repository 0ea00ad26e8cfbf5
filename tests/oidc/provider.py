"""A fake OpenID Connect provider, a tiny HTTP server on a thread: its discovery document, its
key set (the test's own RSA keys), an authorization endpoint that signs `user` in at once and
redirects back with a code, a token endpoint (with CORS headers, as a browser needs) that checks
the PKCE verifier and answers RS256 tokens, and an end-session endpoint."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

AUDIENCE = "kyodo-api"
CLIENT_ID = "kyodo-page"
FACILITATOR = {"sub": "fac-hagi-01", "kyodo_role": "facilitator", "kyodo_centre": "hagi"}


class Provider:
    """The provider's documents, its signing keys, and what the browser asked of it."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = {}
        self.fetches = 0
        self.discoveries = 0
        self.user: dict[str, Any] = dict(FACILITATOR)
        self.answer = "code"
        """What the authorization endpoint answers: `code`, `access_denied`, `forged_state`;
        or `other_nonce`: a code whose ID token carries another nonce."""
        self.refuse_exchange = False
        self.token_lifetime = 300
        self.codes: dict[str, dict[str, str]] = {}
        self.exchanges: list[dict[str, str]] = []
        self.sign_outs: list[dict[str, str]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.rotate("k1")

    def rotate(self, kid: str) -> None:
        """A new key: the old one stays published (as providers do during a rotation)."""
        self.keys[kid] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = kid

    def jwks(self) -> dict[str, Any]:
        keys = []
        for kid, key in self.keys.items():
            public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
            keys.append({**public, "kid": kid, "use": "sig", "alg": "RS256"})
        return {"keys": keys}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "jwks_uri": self.issuer + "/jwks",
            "authorization_endpoint": self.issuer + "/authorize",
            "token_endpoint": self.issuer + "/token",
            "end_session_endpoint": self.issuer + "/logout",
            "code_challenge_methods_supported": ["S256"],
        }

    def token(self, **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": "fac-hagi-01",
            "iat": now,
            "exp": now + 300,
            "kyodo": {"role": "facilitator", "centre": "hagi"},
            **claims,
        }
        return jwt.encode(body, self.keys[self.kid], "RS256", headers={"kid": self.kid})

    def authorize(self, query: dict[str, str]) -> str:
        """Where the browser goes back to: the user signed in at once (or refused)."""
        back = {"state": query.get("state", "")}
        if self.answer == "access_denied":
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(16)
            self.codes[code] = query
            back["code"] = code
            if self.answer == "forged_state":
                back["state"] = "forged-" + back["state"]
        return query["redirect_uri"] + "?" + urlencode(back)

    def exchange(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        """The token endpoint: the code once, with the verifier of its challenge."""
        self.exchanges.append(form)
        asked = self.codes.pop(form.get("code", ""), None)
        if self.refuse_exchange or asked is None or not _verifies(asked, form):
            return 400, {"error": "invalid_grant"}
        user = {**self.user, "exp": int(time.time()) + self.token_lifetime}
        nonce = "another" if self.answer == "other_nonce" else asked.get("nonce")
        return 200, {
            "token_type": "Bearer",
            "expires_in": self.token_lifetime,
            "access_token": self.token(**user),
            "id_token": self.token(aud=CLIENT_ID, nonce=nonce, **user),
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    provider.discoveries += 1
                    self._json(200, provider.discovery())
                elif url.path == "/jwks":
                    provider.fetches += 1
                    self._json(200, provider.jwks())
                elif url.path == "/authorize":
                    self._redirect(provider.authorize(query))
                elif url.path == "/logout":
                    provider.sign_outs.append(query)
                    self._redirect(query.get("post_logout_redirect_uri", provider.issuer))
                else:
                    self.send_error(404)

            def do_OPTIONS(self) -> None:
                self.send_response(204)
                self._cors()
                self.end_headers()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path != "/token":
                    self.send_error(404)
                    return
                self._json(*provider.exchange(form))

            def _cors(self) -> None:
                self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                self.send_header("Access-Control-Allow-Headers", "Content-Type")

            def _json(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self._cors()
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _redirect(self, location: str) -> None:
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        return Handler


def _verifies(asked: dict[str, str], form: dict[str, str]) -> bool:
    """RFC 7636 S256: the challenge is the verifier's SHA-256, base64url without padding."""
    digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    return (
        asked.get("code_challenge_method") == "S256"
        and asked.get("code_challenge") == challenge
        and asked.get("redirect_uri") == form.get("redirect_uri")
        and asked.get("client_id") == form.get("client_id")
    )


@contextmanager
def running() -> Iterator[Provider]:
    given = Provider()
    thread = threading.Thread(target=given.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield given
    finally:
        given.server.shutdown()
        given.server.server_close()


def stopped(provider: Provider) -> None:
    """The provider goes away (its port closed)."""
    provider.server.shutdown()
    provider.server.server_close()
