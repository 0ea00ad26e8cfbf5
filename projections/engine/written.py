"""Functions written out once for one shape of data, so that a hot path runs straight-line
code instead of a loop that asks the same questions of every row: `from_row`'s makers, and
the GraphQL layer's copiers and plans."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def written(signature: str, body: Iterable[str], scope: dict[str, Any]) -> Callable[..., Any]:
    """`def {signature}:` with the lines of `body`, made in `scope`. Only identifiers (a
    dataclass's field names, numbered local names) and their reprs go into the text; every
    value the function uses travels through `scope`."""
    name = signature.split("(", 1)[0]
    text = "\n".join([f"def {signature}:", *(f"    {line}" for line in body)]) + "\n"
    exec(text, scope)
    found: Callable[..., Any] = scope[name]
    return found
