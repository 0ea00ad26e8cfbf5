"""Connection arguments to a keyset window: `first`/`after` forwards, `last`/`before`
backwards (each at most 100, not both sizes), cursors checked before any query runs."""

from __future__ import annotations

from collections.abc import Sequence

from api.graphql.ids import page_size
from api.graphql.node import PageInfo
from api.graphql.reading import checked_cursor
from projections.engine.keyset import Window


def window(
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    cursor_types: tuple[type, ...],
    default: int = 20,
) -> tuple[Window, int]:
    """The window the arguments ask for, and its size (0: an empty page, no query)."""
    size, backwards = page_size(first, last, default)
    checked_cursor(after, cursor_types, "after")
    checked_cursor(before, cursor_types, "before")
    if backwards:
        return Window(last=size, after=after, before=before), size
    return Window(first=size, after=after, before=before), size


def page_info(cursors: Sequence[str], has_next_page: bool, has_previous_page: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next_page,
        has_previous_page=has_previous_page,
        start_cursor=cursors[0] if cursors else None,
        end_cursor=cursors[-1] if cursors else None,
    )


def empty_page(given: Window) -> PageInfo:
    """A page of size 0: nothing on it, and what lies beyond as far as the cursors tell."""
    return PageInfo(
        has_next_page=given.before is not None,
        has_previous_page=given.after is not None,
        start_cursor=None,
        end_cursor=None,
    )
