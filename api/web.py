"""The page at `/` (web/: plain HTML, CSS and ES modules, no build step) and what it needs
from the app: the named operations of graphql/operations/ it runs, a description of each
step's form taken from the schema's input types and the commands' Japanese labels, and
GraphiQL's vendored assets, so that neither the page nor GraphiQL reaches beyond the app.
"""

from __future__ import annotations

import dataclasses
import mimetypes
import re
import sys
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, JSONResponse, Response
from strawberry.http.ides import get_graphql_ide_html

from api.graphql.schema import schema
from domain.case import STEP_CLASSES, correctable_fields
from domain.commands import ALL_COMMANDS, Command
from domain.commands.base import FREE_TEXT_LIMIT, camel
from graphql import GraphQLInputObjectType, Undefined, get_named_type

ROOT = Path(__file__).resolve().parents[1]
OPERATION_DIRS = (
    ROOT / "graphql" / "operations",  # the source tree (editable install, tests)
    Path(sys.prefix) / "share" / "kyodo" / "operations",  # a wheel's data-files
)
GRAPHIQL_VENDOR = "/web/vendor/graphiql"
_CDN = re.compile(r'https://unpkg\.com/(@?[^@"]+)@[^/"]+/([^"]+)')
_REVALIDATE = {"Cache-Control": "no-cache"}  # the page's own files: always the current ones
_VENDORED = {"Cache-Control": "public, max-age=86400"}  # fixed versions (web/vendor/README.md)


def web_dir() -> Path:
    return Path(str(files("web")))


def operations_dir() -> Path:
    return next((d for d in OPERATION_DIRS if d.is_dir()), OPERATION_DIRS[0])


def web_router() -> APIRouter:
    router = APIRouter(include_in_schema=False)
    router.add_api_route("/", index, methods=["GET"])
    router.add_api_route("/web/steps.json", steps, methods=["GET"])
    router.add_api_route("/web/operations/{name}.graphql", operation_document, methods=["GET"])
    router.add_api_route("/web/{path:path}", asset, methods=["GET"])
    return router


def index() -> FileResponse:
    return FileResponse(web_dir() / "index.html", headers=_REVALIDATE)


def asset(path: str) -> FileResponse:
    headers = _VENDORED if path.startswith("vendor/") else _REVALIDATE
    return FileResponse(_inside(web_dir(), path), media_type=_media(path), headers=headers)


def operation_document(name: str) -> Response:
    path = _inside(operations_dir(), f"{name}.graphql")
    return FileResponse(path, media_type="text/plain; charset=utf-8", headers=_REVALIDATE)


def steps() -> JSONResponse:
    return JSONResponse(step_forms())


def _inside(base: Path, relative: str) -> Path:
    """A file under `base`, never outside it (`..`, absolute paths), else 404."""
    root = base.resolve()
    path = (root / relative).resolve()
    python = path.suffix in {".py", ".pyc"} or "__pycache__" in path.parts
    if not path.is_relative_to(root) or not path.is_file() or python:
        raise HTTPException(status_code=404, detail="ありません")
    return path


def _media(path: str) -> str | None:
    if path.endswith((".js", ".mjs")):
        return "text/javascript; charset=utf-8"
    guessed, _ = mimetypes.guess_type(path)
    if guessed and guessed.startswith("text/"):
        return f"{guessed}; charset=utf-8"
    return guessed


# --- the step forms: the schema's input types, labelled by the commands' declarations -----------


@cache
def step_forms() -> dict[str, Any]:
    """Each mutation's input fields (name, GraphQL type, default, Japanese label, and for a
    field naming the case's parties which of them: `parties`, the command's `among`), the
    nested input types they use, so that the page draws one form per step, and for each step
    of a case the operation that records it and the fields a correction may change
    (`corrections`), so that a correction is drawn as that step's own form."""
    types = schema()._schema.type_map
    forms = []
    nested: dict[str, list[dict[str, Any]]] = {}
    for command in (c for c in ALL_COMMANDS if c.api):
        input_type = types[f"{command.__name__}Input"]
        assert isinstance(input_type, GraphQLInputObjectType)
        forms.append(
            {
                "operation": command.__name__,
                "mutation": camel(command.verb()),
                "label": command.label,
                "fields": _fields(input_type, _declared(command), nested, types),
            }
        )
    return {"steps": forms, "inputs": nested, "corrections": _corrections()}


def _corrections() -> dict[str, dict[str, Any]]:
    """Per step of a case (its timeline item's kind), the command that records it and the
    fields a correction may name (`correctable_fields`), as the input names them."""
    fields = {step: correctable_fields(step) for step in STEP_CLASSES}
    return {
        step: {"operation": event.COMMAND.__name__, "fields": sorted(map(camel, fields[step]))}
        for step, event in STEP_CLASSES.items()
        if fields[step]
    }


def _declared(command: type[Command]) -> dict[str, dataclasses.Field[Any]]:
    return {camel(f.name): f for f in dataclasses.fields(command)}


def _fields(
    input_type: GraphQLInputObjectType,
    declared: dict[str, dataclasses.Field[Any]],
    nested: dict[str, list[dict[str, Any]]],
    types: Any,
) -> list[dict[str, Any]]:
    described = []
    for name, field in input_type.fields.items():
        named = get_named_type(field.type)
        if isinstance(named, GraphQLInputObjectType) and named.name not in nested:
            nested[named.name] = []
            nested[named.name] = _fields(named, {}, nested, types)
        metadata = declared[name].metadata if name in declared else {}
        entry: dict[str, Any] = {
            "name": name,
            "type": str(field.type),
            "label": metadata.get("label") or "",
            "long": metadata.get("limit") == FREE_TEXT_LIMIT,
            "description": field.description or "",
        }
        if field.default_value is not Undefined:
            entry["default"] = field.default_value
        if metadata.get("among"):
            entry["parties"] = metadata["among"]  # which of the case's parties it may name
        described.append(entry)
    return described


# --- GraphiQL without a CDN -------------------------------------------------------------------


@cache
def graphiql_html() -> str:
    """strawberry's GraphiQL page, its scripts and styles served from web/vendor/graphiql/
    (the same files, so the page's integrity hashes still hold)."""
    return _CDN.sub(
        lambda m: f"{GRAPHIQL_VENDOR}/{m.group(1)}/{m.group(2)}",
        get_graphql_ide_html("graphiql"),
    )
