"""The context of one GraphQL request (or one WebSocket connection)."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from strawberry.fastapi import BaseContext
from strawberry.types import Info as StrawberryInfo

from api.container import Container
from domain.values import Actor, CommandContext
from graphql import DocumentNode, GraphQLError

FORBIDDEN = "FORBIDDEN"
UNAUTHENTICATED = "UNAUTHENTICATED"


class Context(BaseContext):
    """Who asks, through which request id, and the per-request DataLoaders."""

    def __init__(
        self,
        container: Container,
        actor: Actor | None,
        request_id: str,
        introspection: bool = True,
        document: DocumentNode | None = None,
    ) -> None:
        super().__init__()
        self.container = container
        self._actor = actor
        self.request_id = request_id
        self.introspection = introspection
        self.document = document
        """The request's document, parsed once by the HTTP endpoint (`ParsedDocument`)."""
        self.loaders: dict[str, Any] = {}

    @property
    def actor(self) -> Actor:
        if self._actor is None:
            raise GraphQLError("認証が必要です", extensions={"code": UNAUTHENTICATED})
        return self._actor

    def authenticate(self, actor: Actor) -> None:
        self._actor = actor

    def command(self) -> CommandContext:
        return self.container.context(self.actor, correlation_id=self.request_id)

    async def wait_for_read_models(self, position: int, timeout: float) -> bool:
        """Wait (bounded) until every read model has processed `position`."""
        projections = read_models(self.container)
        if projections is None:
            return False
        return bool(await run_in_threadpool(projections.wait_for, position, timeout))

    def reset_loaders(self) -> None:
        """WebSocket contexts live as long as the connection: loaders go stale per event."""
        self.loaders.clear()


def read_models(container: Container) -> Any:
    """The projections service, when this build of the container has one."""
    if not hasattr(type(container), "projections"):
        return None
    return container.projections


Info = StrawberryInfo[Context, None]


def forbidden(what: str) -> GraphQLError:
    return GraphQLError(f"{what}を閲覧する権限がありません", extensions={"code": FORBIDDEN})
