"""The FastAPI application: `/graphql`, `/healthz`, `/readyz`, `/metrics`, the page at `/`
and its sign-in settings at `/auth/config`.

The embedded default starts the projection service in the lifespan, so that one process
serves the API and keeps the read models up to date.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool

from api.accounts import attach
from api.audit_bundle import audit_bundle_router
from api.auth import TokenIssuer, jwt_secret
from api.container import Container, today_in_tokyo
from api.exports import exports_router
from api.graphql.context import read_models
from api.graphql.http import GraphQLHTTP
from api.graphql.websocket import subscription_router
from api.health import log_head, not_ready, projection_lags, readiness
from api.limits import BodySizeLimit, Limits
from api.logs import RequestLog, configure_logging
from api.metrics import Metrics, WebSocketGauge, attention_counts, last_verification
from api.oidc import oidc_from_env
from api.open_data import open_data_router
from api.rate_limit import RateLimit, RateLimitSettings
from api.sign_in import sign_in_router
from api.web import web_router

log = logging.getLogger("kyodo.http")


def create_app(
    container: Container | None = None,
    tokens: TokenIssuer | None = None,
    limits: Limits | None = None,
    rate_limit: RateLimitSettings | None = None,
) -> FastAPI:
    owned = container or Container()
    signer = tokens or TokenIssuer(jwt_secret(owned.settings), provider=oidc_from_env(os.environ))
    issuer = attach(owned, signer).issuer  # refuses revoked tokens
    bounds = limits or Limits.from_env()
    production = owned.settings.environment == "production"
    metrics = Metrics()
    configure_logging()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        closing = asyncio.Event()
        starting = asyncio.create_task(start_read_models(owned, closing))
        try:
            yield
        finally:
            # Not cancelled: a cancel would leave its worker thread starting the read models
            # while the container closes under it (threads and connections left behind).
            # Asked to give up instead, it returns at its next step.
            closing.set()
            await starting
            await run_in_threadpool(owned.close)  # stops the projections too

    app = FastAPI(
        title="kyodo",
        lifespan=lifespan,
        docs_url=None if production else "/docs",
        redoc_url=None,
        openapi_url=None if production else "/openapi.json",
    )
    app.state.container = owned
    app.state.tokens = issuer
    app.state.metrics = metrics

    graphql_http = GraphQLHTTP(owned, issuer, ide=not production, limits=bounds)
    app.add_api_route("/graphql", graphql_http, methods=["GET", "POST"], include_in_schema=False)
    app.include_router(subscription_router(owned, issuer, introspection=not production))
    app.include_router(open_data_router())
    app.include_router(audit_bundle_router())
    app.include_router(exports_router())
    app.include_router(web_router())
    app.include_router(sign_in_router(os.environ))
    app.add_middleware(BodySizeLimit, limits=bounds)
    app.add_middleware(RateLimit, settings=rate_limit)
    if origins := cors_origins(os.environ):
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Idempotency-Key", "Accept"],
            max_age=600,
        )
    app.add_middleware(RequestLog, metrics=metrics)
    app.add_middleware(WebSocketGauge, metrics=metrics)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        try:
            body = await asyncio.wait_for(run_in_threadpool(readiness, owned), READYZ_SECONDS)
        except Exception as error:  # too slow, or anything else: not ready, said in JSON
            log.warning("readiness unknown", extra={"error": repr(error)})
            owned.database.suspect()
            body = not_ready(reachable=None)
        return JSONResponse(body, status_code=200 if body["ready"] else 503)

    @app.get("/metrics")
    async def metrics_endpoint() -> PlainTextResponse:
        lags = await run_in_threadpool(projection_lags, owned)
        audit = await run_in_threadpool(last_verification, owned.ledger)
        attention = await run_in_threadpool(attention_counts, owned.read_store, today_in_tokyo())
        return PlainTextResponse(
            metrics.render(lags, audit, attention),
            media_type="text/plain; version=0.0.4; charset=utf-8",
        )

    return app


def cors_origins(environ: Mapping[str, str]) -> list[str]:
    """`KYODO_CORS_ORIGINS`: origins allowed to call from a browser, comma-separated
    (`https://kyodo.example.jp`); none by default, and never `*` (tokens are credentials)."""
    given = (o.strip().rstrip("/") for o in environ.get("KYODO_CORS_ORIGINS", "").split(","))
    return [o for o in given if o and o != "*"]


READYZ_SECONDS = 0.9
"""`/readyz` answers within a second: what it cannot learn by then makes it 503."""
START_RETRY_SECONDS = 2.0


async def start_read_models(container: Container, closing: asyncio.Event) -> None:
    """Start the projections (with `KYODO_PROJECTIONS=worker`, only the LISTEN thread that
    relays the workers' advances); with the database away, try again every few seconds, so
    that the server starts anyway (not ready) and serves once the database is back. Gives up
    between steps once `closing` is set (the server is shutting down)."""
    while not closing.is_set():
        try:
            projections = await run_in_threadpool(read_models, container)
            if projections is not None and not closing.is_set():
                container.warming_up_to = await run_in_threadpool(log_head, container)
                # KYODO_PROJECTIONS=worker: `kyodo project` runs them; the API relays their
                # advances (a mutation's `wait`, subscriptions) and serves requests only.
                embedded = container.settings.projections_embedded
                await run_in_threadpool(
                    projections.start if embedded else projections.start_listening
                )
            return
        except Exception as error:  # the database away at start: reported, tried again
            log.warning("read models not started", extra={"error": str(error).strip()[:200]})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(closing.wait(), START_RETRY_SECONDS)
