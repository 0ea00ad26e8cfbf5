"""Protection: depth, token and alias limits; introspection switch; masking of unexpected
errors with the request id that the log carries; reuse of a document parsed already."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from graphql import DocumentNode, GraphQLError

log = logging.getLogger("kyodo.graphql")

MAX_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 30
INTERNAL = "INTERNAL_SERVER_ERROR"


def is_expected(error: GraphQLError) -> bool:
    """Errors we raise on purpose (bad input, forbidden, validation) are shown as they are."""
    original = error.original_error
    return original is None or isinstance(original, GraphQLError)


class MaskUnexpectedErrors(SchemaExtension):
    """Replaces an unexpected error by a message carrying the request id, and logs it."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if not errors:
            return
        request_id = getattr(self.execution_context.context, "request_id", "-")
        masked: list[GraphQLError] = []
        for error in errors:
            if is_expected(error):
                masked.append(error)
                continue
            log.error(
                "unexpected error",
                exc_info=error.original_error,
                extra={"request_id": request_id, "path": error.path},
            )
            masked.append(
                GraphQLError(
                    f"予期しないエラーが発生しました (request id {request_id})",
                    nodes=error.nodes,
                    path=error.path,
                    extensions={"code": INTERNAL, "requestId": request_id},
                )
            )
        result.errors = masked  # type: ignore[union-attr]


class ParsedDocument(SchemaExtension):
    """Executes the document the HTTP endpoint parsed already (`context.document`, parsed
    with the same token limit) instead of parsing the query text a second time. Without
    one (WebSocket operations), strawberry parses as usual."""

    def on_parse(self) -> Iterator[None]:
        document = getattr(self.execution_context.context, "document", None)
        if isinstance(document, DocumentNode) and self.execution_context.graphql_document is None:
            self.execution_context.graphql_document = document
        yield


class IntrospectionSwitch(SchemaExtension):
    """Refuses introspection when the request's context says it is off (production)."""

    def on_operation(self) -> Iterator[None]:
        if not getattr(self.execution_context.context, "introspection", True):
            self.execution_context.validation_rules = (
                *self.execution_context.validation_rules,
                NoSchemaIntrospectionCustomRule,
            )
        yield


def extensions() -> list[Callable[[], SchemaExtension] | type[SchemaExtension]]:
    """Factories, not instances: each execution gets fresh extension objects."""
    return [
        ParsedDocument,
        IntrospectionSwitch,
        lambda: QueryDepthLimiter(max_depth=MAX_DEPTH),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        lambda: MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        MaskUnexpectedErrors,
    ]
