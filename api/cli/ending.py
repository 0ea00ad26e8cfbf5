"""How the `kyodo` command's process ends: its work done, without tearing the interpreter down.

A command that runs once (`kyodo case show`, `kyodo vocabulary`, ...) has imported the ledger,
the domain's ~200 classes and their libraries. When it returns, Python would clear every
module and collect every object before the process ends: about 30 ms here, an eighth of
`kyodo case show`, for memory the system takes back anyway. `end` does what an ordinary exit
does that anyone can see (the `atexit` handlers, among them logging's, which writes the last
queued lines; the standard streams flushed), then ends the process at once with the same
exit code (ADR 2026-12-02-performance, "How a command ends").

Where that could lose work, it leaves the ending to the interpreter, as before: while a
thread that is not a daemon still runs (the interpreter waits for it), or when a standard
stream cannot be flushed (a closed pipe: the interpreter reports it as it always has).
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from collections.abc import Callable
from typing import NoReturn


def run_then_end(main: Callable[[], object]) -> NoReturn:
    """`main()`, then the process ends with its exit code (`SystemExit`'s, else 0). Any other
    exception (an interrupt, a bug) ends it the ordinary way, with its traceback."""
    try:
        main()
    except SystemExit as stop:
        end(stop.code)
    end(0)


def end(code: str | int | None) -> NoReturn:
    """End the process as `sys.exit(code)` would, without the interpreter's teardown."""
    if _others_running():
        sys.exit(code)
    status = _status(code)
    atexit._run_exitfuncs()
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except (OSError, ValueError):
        sys.exit(status)  # the interpreter reports a stream it cannot write, as always
    os._exit(status)


def _status(code: str | int | None) -> int:
    """The exit status `sys.exit(code)` gives: None is 0, an integer itself, anything else
    printed to standard error and 1."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _others_running() -> bool:
    main = threading.main_thread()
    return any(t is not main and not t.daemon and t.is_alive() for t in threading.enumerate())
