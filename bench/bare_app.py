"""The raw reference of the HTTP read benchmark: a bare Starlette app that runs, for each
request, the exact SQL kyodo ran for the same request (captured by `http_reads.py` into a
pickle), on an async psycopg pool of the same size, and answers the rows as JSON.

    .venv/bin/python bench/bare_app.py CAPTURE.pickle DATABASE_URL PORT POOL_SIZE
"""

from __future__ import annotations

import json
import pickle
import sys
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from psycopg_pool import AsyncConnectionPool
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route


def build(capture: dict[str, list[list[tuple[str, Any]]]], url: str, size: int) -> Starlette:
    pool = AsyncConnectionPool(url, min_size=1, max_size=size, open=False)  # as kyodo's

    async def answer(request: Request) -> Response:
        kind = request.path_params["kind"]
        variant = int(request.path_params["variant"])
        statements = capture[kind][variant % len(capture[kind])]
        results = []
        async with pool.connection() as conn:
            for query, params in statements:
                cursor = await conn.execute(query, params)
                rows = await cursor.fetchall() if cursor.description else []
                results.append(rows)
        body = json.dumps({"data": results}, ensure_ascii=False, default=str)
        return Response(body.encode("utf-8"), media_type="application/json")

    @asynccontextmanager
    async def lifespan(_: Starlette) -> Any:
        await pool.open()
        yield
        await pool.close()

    return Starlette(routes=[Route("/{kind}/{variant}", answer)], lifespan=lifespan)


def main() -> None:
    path, url, port, size = sys.argv[1:5]
    with open(path, "rb") as file:
        capture = pickle.load(file)
    uvicorn.run(
        build(capture, url, int(size)), host="127.0.0.1", port=int(port), log_level="warning"
    )


if __name__ == "__main__":
    main()
