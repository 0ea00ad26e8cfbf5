"""Layers point inward: domain ← application, projections ← api. A forbidden import fails here."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# What each layer may import from the project's own packages.
ALLOWED = {
    "domain": {"domain"},
    "application": {"domain", "application"},
    "persistence": {"domain", "application", "persistence"},
    "projections": {"domain", "persistence", "projections"},
    "api": {"domain", "application", "persistence", "projections", "api", "demo"},
    "demo": {"domain", "application", "demo"},
}
OWN = set(ALLOWED)
# domain/ does no I/O: only the standard library's pure modules and eventsourcing's domain side.
DOMAIN_FORBIDDEN = {
    "os",
    "io",
    "socket",
    "sqlite3",
    "psycopg",
    "logging",
    "time",
    "subprocess",
    "pathlib",
    "requests",
    "httpx",
    "fastapi",
    "strawberry",
    "typer",
    "random",
    "threading",
}
# The domain knows aggregates and events, not the application service nor the store.
DOMAIN_EVENTSOURCING = {"eventsourcing.domain", "eventsourcing.utils"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layers_import_only_inward(layer: str) -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(layer)
        for name in imports_of(path)
        if name.split(".")[0] in OWN and name.split(".")[0] not in ALLOWED[layer]
    ]
    assert offences == []


def test_domain_does_no_io() -> None:
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules("domain")
        for name in imports_of(path)
        if name.split(".")[0] in DOMAIN_FORBIDDEN
        or (name.startswith("eventsourcing") and name not in DOMAIN_EVENTSOURCING)
    ]
    assert offences == []


def test_import_graphql_is_graphql_core() -> None:
    """The top-level graphql/ folder holds the contract, not Python: it must not shadow
    graphql-core, which strawberry imports."""
    spec = importlib.util.find_spec("graphql")
    assert spec is not None
    assert spec.origin is not None
    assert "site-packages" in spec.origin
    assert not (ROOT / "graphql" / "__init__.py").exists()
    assert list((ROOT / "graphql").rglob("*.py")) == []


# Read models live one folder each under projections/, beside the engine; `shared.py` holds
# what two of them need, `wiring.py` lists them all.
PROJECTIONS = ROOT / "projections"
READ_MODELS = sorted(
    p.name for p in PROJECTIONS.iterdir() if (p / "__init__.py").exists() and p.name != "engine"
)


def test_there_are_read_model_folders() -> None:
    assert {"case_list", "timeline", "library", "kpi", "party_directory", "meetings"} <= set(
        READ_MODELS
    )


@pytest.mark.parametrize("folder", ["engine", *READ_MODELS])
def test_read_model_folders_do_not_import_each_other(folder: str) -> None:
    """A read model imports the engine and `projections.shared`, never another read model;
    the engine imports no read model at all."""
    offences = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((PROJECTIONS / folder).rglob("*.py"))
        for name in imports_of(path)
        if name.split(".")[:1] == ["projections"]
        and len(name.split(".")) > 1
        and name.split(".")[1] in READ_MODELS
        and name.split(".")[1] != folder
    ]
    assert offences == []
