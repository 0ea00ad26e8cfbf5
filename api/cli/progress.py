"""Progress bars for long work (`demo load`, `projections rebuild`), drawn with rich on
stderr only when stderr is a terminal: a pipe, a log file or a test sees nothing of them."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int, int | None], None]
"""`advance(completed, total)`: total None while it is not known."""


@contextmanager
def progress(label: str) -> Iterator[Advance]:
    if not sys.stderr.isatty():
        yield lambda _completed, _total: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(completed: int, total: int | None) -> None:
            bar.update(task, completed=completed, total=total)

        yield advance
