"""Subscriptions over graphql-transport-ws, authenticated by the `connection_init` payload
(`{"Authorization": "Bearer <token>"}` or `{"token": "<token>"}`)."""

from __future__ import annotations

from uuid import uuid4

from strawberry.exceptions import ConnectionRejectionError
from strawberry.fastapi import GraphQLRouter
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from api.auth import AuthenticationError, TokenIssuer
from api.container import Container
from api.graphql.context import Context
from api.graphql.schema import schema


class SubscriptionRouter(GraphQLRouter[Context, None]):
    def __init__(self, container: Container, tokens: TokenIssuer, introspection: bool) -> None:
        async def context_getter() -> Context:
            return Context(container, None, uuid4().hex, introspection=introspection)

        super().__init__(
            schema(),
            path="/graphql",
            graphql_ide=None,
            allow_queries_via_get=False,
            context_getter=context_getter,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            include_in_schema=False,
        )
        self.tokens = tokens

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        params = context.connection_params if isinstance(context.connection_params, dict) else {}
        header = params.get("Authorization") or params.get("authorization")
        token = params.get("token")
        if not header and isinstance(token, str):
            header = f"Bearer {token}"
        try:
            context.authenticate(self.tokens.actor_from_header(str(header) if header else None))
        except AuthenticationError:
            raise ConnectionRejectionError({"message": "認証が必要です"}) from None
        return await super().on_ws_connect(context)


def subscription_router(
    container: Container, tokens: TokenIssuer, introspection: bool
) -> SubscriptionRouter:
    return SubscriptionRouter(container, tokens, introspection)
