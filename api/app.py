"""The FastAPI application. GraphQL is mounted by `api.graphql` (see issue 5)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.container import Container


def create_app(container: Container | None = None) -> FastAPI:
    owned = container or Container()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        owned.close()

    app = FastAPI(title="kyodo", lifespan=lifespan)
    app.state.container = owned

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
