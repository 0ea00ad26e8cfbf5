"""GraphQL over HTTP, as the specification asks (plain strawberry does not answer
`application/graphql-response+json` with its status codes).

- `application/graphql-response+json`: request errors (unparsable body, bad parameters,
  document parse or validation failure, variable coercion) are 400 without `data`.
- `application/json` (and `*/*` or no Accept): the same GraphQL request errors are 200, as
  legacy clients expect; a malformed HTTP request is still 400.
- GET runs queries only (a mutation over GET is 405); POST needs `application/json`.
- The database away: 503 with `Retry-After` and the error `UNAVAILABLE`, in either media
  type, at once when the last probe found it away, else when a resolver met it.
- `Idempotency-Key` header: the key of a mutation that gives no `clientMutationId`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import orjson
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType as ExecutableType

from api.auth import AuthenticationError, TokenIssuer
from api.container import Container
from api.graphql.context import Context
from api.graphql.errors import IDEMPOTENCY_HEADER, RETRY_AFTER_SECONDS, UNAVAILABLE, Unavailable
from api.graphql.extensions import MAX_TOKENS, DocumentCache
from api.graphql.schema import schema
from api.limits import LimitError, Limits
from api.web import graphiql_html
from domain.values import Actor
from graphql import GraphQLError, OperationType, get_operation_ast

JSON = "application/json"
PATIENCE_SECONDS = 1.0
"""A request still running this long after it came (its token checked included) makes us ask
whether the database is away: if so it is answered 503 at once (within 2 s in all); if not,
it runs on."""
GRAPHQL_RESPONSE = "application/graphql-response+json"


class RequestError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


@dataclass(frozen=True)
class GraphQLParams:
    query: str
    operation_name: str | None
    variables: dict[str, Any] | None


def negotiate(accept: str | None) -> str | None:
    """The response media type for an Accept header, or None (406)."""
    if not accept or not accept.strip():
        return JSON
    for item in accept.split(","):
        media, *params = (part.strip().lower() for part in item.split(";"))
        charset = next((p.split("=", 1)[1] for p in params if p.startswith("charset=")), None)
        if charset not in (None, "utf-8"):
            continue
        if media == GRAPHQL_RESPONSE:
            return GRAPHQL_RESPONSE
        if media in (JSON, "application/*", "*/*"):
            return JSON
    return None


def encode(body: dict[str, Any], status: int, media: str, headers: dict[str, str]) -> Response:
    # orjson: compact UTF-8, as json.dumps(ensure_ascii=False, separators=(",", ":")) writes
    # it, in a tenth of the time (a page of 50 timeline items: 5 % of a request's CPU).
    content = orjson.dumps(body)
    return Response(content, status, headers, media_type=f"{media}; charset=utf-8")


def error_body(message: str, code: str | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {"message": message}
    if code:
        error["extensions"] = {"code": code}
    return {"errors": [error]}


class GraphQLHTTP:
    """The `/graphql` endpoint for GET and POST (WebSockets go to strawberry's router)."""

    def __init__(
        self,
        container: Container,
        tokens: TokenIssuer,
        *,
        ide: bool,
        limits: Limits | None = None,
    ) -> None:
        self.container = container
        self.tokens = tokens
        self.ide = ide
        self.introspection = ide
        self.limits = limits or Limits()
        self.documents = DocumentCache()

    async def __call__(self, request: Request) -> Response:
        media = negotiate(request.headers.get("accept"))
        if self.ide and self._wants_ide(request):
            return HTMLResponse(graphiql_html())
        if media is None:
            message = "Accept に対応するメディアタイプがありません"
            return encode(error_body(message, "NOT_ACCEPTABLE"), 406, JSON, {})
        try:
            return await self._handle(request, media)
        except RequestError as error:
            code = _STATUS_CODES.get(error.status, "BAD_REQUEST")
            return encode(error_body(error.message, code), error.status, media, error.headers)
        except LimitError as error:
            return encode(error_body(error.message, error.code), error.status, media, {})

    def _wants_ide(self, request: Request) -> bool:
        accept = request.headers.get("accept", "")
        return (
            request.method == "GET"
            and "text/html" in accept
            and "query" not in request.query_params
        )

    async def _handle(self, request: Request, media: str) -> Response:
        started = time.monotonic()
        actor = await self._actor(request)
        request.state.actor = actor  # for the request's log line
        params = await self._params(request)
        try:
            document = self.documents.parse(params.query)
        except GraphQLError as error:
            kind = VALIDATION_FAILED if too_many_tokens(error) else PARSE_FAILED
            return self._request_error([explained(error.formatted, kind)], media)
        operation = get_operation_ast(document, params.operation_name)
        if operation is None:
            message = "実行する operation を operationName で一つ指定してください"
            return self._request_error([coded(message, "OPERATION_NOT_FOUND")], media)
        request.state.graphql_operation = operation.name.value if operation.name else None
        if operation.operation == OperationType.SUBSCRIPTION:
            message = "subscription は WebSocket (graphql-transport-ws) で購読してください"
            return self._request_error([coded(message, "USE_WEBSOCKET")], media)
        if request.method == "GET" and operation.operation != OperationType.QUERY:
            raise RequestError(405, "GET では query だけを実行できます", {"Allow": "POST"})
        context = Context(
            self.container,
            actor,
            request_id(request),
            introspection=self.introspection,
            document=document,
        )
        if not await self._database_answers(asked_only_if_suspected=True):
            return unavailable(media)
        token = IDEMPOTENCY_HEADER.set(request.headers.get("idempotency-key"))
        try:
            execution = asyncio.ensure_future(  # runs `document` (ParsedDocument), unparsed
                schema().execute(
                    params.query,
                    variable_values=params.variables,
                    context_value=context,
                    operation_name=params.operation_name,
                    allowed_operation_types=(ExecutableType.QUERY, ExecutableType.MUTATION),
                )
            )
        finally:
            IDEMPOTENCY_HEADER.reset(token)
        patience = max(0.0, PATIENCE_SECONDS - (time.monotonic() - started))
        done, _ = await asyncio.wait({execution}, timeout=patience)
        if not done and not await self._database_answers():
            execution.cancel()  # a write under way settles by its key when sent again
            return unavailable(media)
        result = await execution
        if _failed_inside(result) and not await self._database_answers():
            return unavailable(media)
        return self._result(result, media)

    async def _database_answers(self, asked_only_if_suspected: bool = False) -> bool:
        """False when the database is away. Without trouble seen, nothing is asked."""
        database = self.container.database
        if asked_only_if_suspected and not database.suspected:
            return True
        database.suspect()
        return bool(await run_in_threadpool(database.reachable))

    async def _actor(self, request: Request) -> Actor:
        header = request.headers.get("authorization")
        try:
            if self.tokens.revocations_due():  # a query this time: not on the event loop
                return await run_in_threadpool(self.tokens.actor_from_header, header)
            return self.tokens.actor_from_header(header)
        except AuthenticationError:
            raise RequestError(401, "認証が必要です", {"WWW-Authenticate": "Bearer"}) from None

    async def _params(self, request: Request) -> GraphQLParams:
        if request.method == "GET":
            raw: dict[str, Any] = dict(request.query_params)
            self.limits.check_json(raw, "query string")
            if isinstance(raw.get("variables"), str):
                raw["variables"] = self.limits.json(raw["variables"], "variables")
            if isinstance(raw.get("extensions"), str):
                raw["extensions"] = self.limits.json(raw["extensions"], "extensions")
        else:
            content_type = request.headers.get("content-type", "")
            if content_type.split(";")[0].strip().lower() != JSON:
                raise RequestError(415, "Content-Type は application/json にしてください")
            body = await self.limits.body(request)
            raw_body = self.limits.json(body.decode("utf-8", "replace"), "body")
            if not isinstance(raw_body, dict):
                raise RequestError(400, "本文は JSON オブジェクトにしてください")
            raw = raw_body
        return _checked(raw)

    def _request_error(self, errors: list[Any], media: str) -> Response:
        status = 400 if media == GRAPHQL_RESPONSE else 200
        return encode({"errors": errors}, status, media, {})

    def _result(self, result: ExecutionResult, media: str) -> Response:
        errors = [e.formatted for e in result.errors or []]
        if result.data is None and errors and all(not e.get("path") for e in errors):
            return self._request_error([explained(e, VALIDATION_FAILED) for e in errors], media)
        body: dict[str, Any] = {"data": result.data}
        if errors:
            body["errors"] = errors
        if any(_code(e) == UNAVAILABLE for e in errors):
            return encode(body, 503, media, {"Retry-After": str(RETRY_AFTER_SECONDS)})
        return encode(body, 200, media, {})


def unavailable(media: str) -> Response:
    """The database is away: nothing was run (or a resolver met it); try again later."""
    body = {"data": None, "errors": [Unavailable().formatted]}
    return encode(body, 503, media, {"Retry-After": str(RETRY_AFTER_SECONDS)})


def _code(error: Mapping[str, Any]) -> Any:
    return (error.get("extensions") or {}).get("code")


def _failed_inside(result: ExecutionResult) -> bool:
    """A resolver failed unexpectedly (masked) or met the database away."""
    codes = {_code(e.formatted) for e in result.errors or []}
    return bool(codes & {"INTERNAL_SERVER_ERROR", UNAVAILABLE})


def _checked(raw: dict[str, Any]) -> GraphQLParams:
    query = raw.get("query")
    if not query and "persistedQuery" in (raw.get("extensions") or {}):
        # Apollo's persisted-query link: no persisted queries here; it sends the query next.
        raise RequestError(200, "PersistedQueryNotSupported")
    if not isinstance(query, str) or not query.strip():
        raise RequestError(400, "query は文字列で指定してください")
    operation_name = raw.get("operationName")
    if operation_name is not None and not isinstance(operation_name, str):
        raise RequestError(400, "operationName は文字列で指定してください")
    variables = raw.get("variables")
    if variables is not None and not isinstance(variables, dict):
        raise RequestError(400, "variables はオブジェクトで指定してください")
    extensions = raw.get("extensions")
    if extensions is not None and not isinstance(extensions, dict):
        raise RequestError(400, "extensions はオブジェクトで指定してください")
    return GraphQLParams(query, operation_name, variables)


_STATUS_CODES = {
    200: "PERSISTED_QUERY_NOT_SUPPORTED",
    401: "UNAUTHENTICATED",
    405: "METHOD_NOT_ALLOWED",
    415: "UNSUPPORTED_MEDIA_TYPE",
}

PARSE_FAILED = ("GRAPHQL_PARSE_FAILED", "GraphQL の文法に誤りがあります")
VALIDATION_FAILED = ("GRAPHQL_VALIDATION_FAILED", "リクエストの内容がスキーマに合いません")


def too_many_tokens(error: GraphQLError) -> bool:
    """graphql-core's refusal of a document over MAX_TOKENS. It is reported as before the
    document was parsed once (by strawberry's MaxTokensLimiter): a validation failure."""
    return f"more than {MAX_TOKENS} tokens" in error.message


def coded(message: str, code: str) -> dict[str, Any]:
    return {"message": message, "extensions": {"code": code}}


def explained(formatted: Mapping[str, Any], kind: tuple[str, str]) -> dict[str, Any]:
    """A request error of graphql-core's (English, without a code) as one of ours: a stable
    code and a Japanese sentence, with graphql-core's detail kept after it."""
    error = dict(formatted)
    extensions = dict(error.get("extensions") or {})
    if "code" in extensions:
        return error
    code, sentence = kind
    extensions["code"] = code
    return {**error, "message": f"{sentence}: {error['message']}", "extensions": extensions}


def request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))
