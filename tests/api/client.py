"""A small synchronous GraphQL client over Starlette's TestClient, one token per role."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from api.app import create_app
from api.auth import TokenIssuer
from api.container import Container
from domain.values import Actor
from domain.vocabulary import ActorRole
from persistence.settings import Settings

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations"

ACTORS = {
    "facilitator": Actor("fac-yamaguchi-01", ActorRole.FACILITATOR, "yamaguchi"),
    "other_facilitator": Actor("fac-ube-01", ActorRole.FACILITATOR, "ube"),
    "chief": Actor("chief-01", ActorRole.CHIEF_FACILITATOR, "pref"),
    "meeting": Actor("meeting-01", ActorRole.MEETING, None),
    "auditor": Actor("auditor-01", ActorRole.AUDITOR, None),
    "admin": Actor("admin-01", ActorRole.ADMIN, None),
}


def readyz(http: TestClient, seconds: float = 10) -> Any:
    """`GET /readyz`, asked again while it answers "unknown" or "starting": on a loaded
    machine it may not learn everything within its second, and then says 503 with
    `reachable: null`; just after the server started, its read models may still be taking
    in the events already stored (`catchingUp`). Any other answer — ready or not — is
    returned as it came."""
    deadline = time.monotonic() + seconds
    response = http.get("/readyz")
    while _passing(response.json()) and time.monotonic() < deadline:
        time.sleep(0.1)
        response = http.get("/readyz")
    return response


def _passing(body: Any) -> bool:
    return body["database"]["reachable"] is None or bool(body["catchingUp"])


@cache
def operation_document(group: str, name: str) -> str:
    """The named operation of a user group's document in graphql/operations/ with the
    fragments it spreads, as the page sends it (web/graphql.js): a whole file may hold more
    tokens than the server parses in one request."""
    from graphql import FragmentSpreadNode, Visitor, parse, print_ast, visit

    document = parse((OPERATIONS / f"{group}.graphql").read_text(encoding="utf-8"))
    named = {d.name.value: d for d in document.definitions if getattr(d, "name", None)}
    wanted, pending = [name], [name]

    class Spreads(Visitor):
        def enter_fragment_spread(self, node: FragmentSpreadNode, *_: Any) -> None:
            if node.name.value not in wanted:
                wanted.append(node.name.value)
                pending.append(node.name.value)

    while pending:
        visit(named[pending.pop()], Spreads())
    return "\n\n".join(print_ast(named[n]) for n in wanted)


@dataclass
class GraphQLClient:
    http: TestClient
    tokens: TokenIssuer
    role: str = "facilitator"
    _cache: dict[str, str] = field(default_factory=dict)

    def token(self, role: str | None = None) -> str:
        key = role or self.role
        if key not in self._cache:
            self._cache[key] = self.tokens.issue(ACTORS[key])
        return self._cache[key]

    def headers(self, role: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(role)}"}

    def post(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        role: str | None = None,
        operation_name: str | None = None,
        accept: str = "application/graphql-response+json",
    ) -> Any:
        body: dict[str, Any] = {"query": query, "variables": variables or {}}
        if operation_name:
            body["operationName"] = operation_name
        headers = {**self.headers(role), "Accept": accept}
        return self.http.post("/graphql", json=body, headers=headers)

    def run(
        self, query: str, variables: dict[str, Any] | None = None, role: str | None = None
    ) -> dict[str, Any]:
        """The `data` of a successful response; fails the test on any error."""
        response = self.post(query, variables, role=role)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def operation_response(
        self,
        group: str,
        name: str,
        variables: dict[str, Any] | None = None,
        role: str | None = None,
    ) -> Any:
        return self.post(operation_document(group, name), variables, role=role, operation_name=name)

    def operation(
        self,
        group: str,
        name: str,
        variables: dict[str, Any] | None = None,
        role: str | None = None,
    ) -> dict[str, Any]:
        """Run the named operation of a user group's document in graphql/operations/."""
        response = self.operation_response(group, name, variables, role)
        body = response.json()
        assert response.status_code == 200, body
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result


SECRET = "test-secret-for-the-api-tests-only-0123456789"


@contextmanager
def running_api(settings: Settings) -> Iterator[GraphQLClient]:
    """The app over `settings`, lifespan running, with a client holding a token per role."""
    tokens = TokenIssuer(SECRET)
    with TestClient(create_app(Container(settings), tokens)) as http:
        yield GraphQLClient(http, tokens)
