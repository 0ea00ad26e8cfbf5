"""Protection: depth, token and alias limits; introspection switch; masking of unexpected
errors with the request id that the log carries; reuse of a document parsed already, and of
its validation: parsed and validated documents are kept in a bounded LRU cache by query
text (`DocumentCache`), so that a client sending the same operation again costs neither."""

from __future__ import annotations

import logging
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterator
from functools import lru_cache

from graphql.validation import ASTValidationRule, NoSchemaIntrospectionCustomRule
from strawberry.extensions import AddValidationRules, MaxTokensLimiter, SchemaExtension
from strawberry.extensions.max_aliases import create_validator as alias_limit
from strawberry.extensions.query_depth_limiter import create_validator as depth_limit

from graphql import DocumentNode, GraphQLError, parse

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


class CachedDocument:
    """A parsed document and its validation errors, by whether introspection was allowed
    (the only setting that changes the rules a request is validated with)."""

    def __init__(self, document: DocumentNode) -> None:
        self.document = document
        self.errors: dict[bool, list[GraphQLError]] = {}


_BY_DOCUMENT: weakref.WeakValueDictionary[int, CachedDocument] = weakref.WeakValueDictionary()
"""The cached entry of each document still cached (gone with its entry), for `CachedValidation`."""


class DocumentCache:
    """A bounded LRU of parsed documents by query text; parse errors are not kept."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[str, CachedDocument] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def parse(self, query: str) -> DocumentNode:
        with self._lock:
            entry = self._entries.get(query)
            if entry is not None:
                self._entries.move_to_end(query)
                self.hits += 1
                return entry.document
        document = parse(query, max_tokens=MAX_TOKENS)
        entry = CachedDocument(document)
        with self._lock:
            self.misses += 1
            self._entries[query] = entry
            _BY_DOCUMENT[id(document)] = entry
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return document

    def __len__(self) -> int:
        return len(self._entries)


class CachedValidation(SchemaExtension):
    """Validates a cached document once per rule set: later requests reuse its errors (none,
    for a valid operation) and strawberry skips validation when they are set beforehand."""

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        entry = _BY_DOCUMENT.get(id(document)) if document is not None else None
        if entry is None or entry.document is not document:
            yield
            return
        introspection = bool(getattr(context.context, "introspection", True))
        known = entry.errors.get(introspection)
        if known is not None:
            context.pre_execution_errors = list(known)
            yield
            return
        yield
        entry.errors[introspection] = list(context.pre_execution_errors or [])


class Limits(AddValidationRules):
    """The depth and alias limits, as strawberry's `QueryDepthLimiter` and
    `MaxAliasesLimiter` check them, with their rules made once: those extensions make a new
    rule class each time they are made, which was every request (about 0.2 ms of its CPU),
    though a cached document is not validated again (`CachedValidation`)."""

    def __init__(self) -> None:
        super().__init__(list(_limit_rules(MAX_DEPTH, MAX_ALIASES)))


@lru_cache(maxsize=4)
def _limit_rules(depth: int, aliases: int) -> tuple[type[ASTValidationRule], ...]:
    return (depth_limit(depth, None, None), alias_limit(aliases))


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
        CachedValidation,
        IntrospectionSwitch,
        Limits,
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        MaskUnexpectedErrors,
    ]
