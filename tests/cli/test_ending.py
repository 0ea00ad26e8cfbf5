"""How the `kyodo` command's process ends (`api.cli.ending`): without the interpreter's
teardown, but with nothing lost that an ordinary exit gives — the exit code, every line of
standard output and error (a pipe holds them in a buffer until flushed), the `atexit`
handlers (logging's writes the last queued lines), and a thread still at work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KYODO = str(Path(sys.executable).parent / "kyodo")


def ended(body: str) -> subprocess.CompletedProcess[str]:
    script = (
        "import atexit, logging, sys, threading, time\n"
        "from api.cli.ending import run_then_end\n"
        "from api.logs import BackgroundStreamHandler\n" + body
    )
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, cwd=ROOT
    )


def test_the_output_the_atexit_handlers_and_the_code_are_kept() -> None:
    run = ended(
        "atexit.register(lambda: print('atexit ran'))\n"
        "def main():\n"
        "    for n in range(2000):\n"  # more than a pipe's buffer: flushed at the end
        "        print('line', n)\n"
        "    sys.stderr.write('to stderr\\n')\n"
        "    raise SystemExit(3)\n"
        "run_then_end(main)\n"
    )

    assert run.returncode == 3
    lines = run.stdout.splitlines()
    assert lines[:2] == ["line 0", "line 1"]
    assert lines[-2:] == ["line 1999", "atexit ran"]
    assert len(lines) == 2001
    assert run.stderr == "to stderr\n"


def test_the_background_log_writers_last_lines_are_written() -> None:
    run = ended(
        "log = logging.getLogger('kyodo.test')\n"
        "log.addHandler(BackgroundStreamHandler(sys.stderr))\n"
        "log.setLevel(logging.INFO)\n"
        "def main():\n"
        "    for n in range(200):\n"
        "        log.info('logged %d', n)\n"
        "run_then_end(main)\n"
    )

    assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1].endswith("logged 199")
    assert len(run.stderr.splitlines()) == 200


def test_a_thread_still_at_work_is_waited_for() -> None:
    run = ended(
        "def late():\n"
        "    time.sleep(0.3)\n"
        "    print('late thread done', flush=True)\n"
        "def main():\n"
        "    threading.Thread(target=late).start()\n"
        "run_then_end(main)\n"
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout == "late thread done\n"


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [("None", 0, ""), ("0", 0, ""), ("2", 2, ""), ("'refused'", 1, "refused\n")],
)
def test_exit_codes_are_those_of_sys_exit(code: str, status: int, stderr: str) -> None:
    run = ended(f"run_then_end(lambda: sys.exit({code}))\n")

    assert (run.returncode, run.stderr) == (status, stderr)


def test_an_error_ends_the_ordinary_way_with_its_traceback() -> None:
    run = ended("def main():\n    raise RuntimeError('boom')\nrun_then_end(main)\n")

    assert run.returncode == 1
    assert "RuntimeError: boom" in run.stderr


def test_the_installed_command_ends_with_its_code_and_its_whole_output() -> None:
    shown = subprocess.run([KYODO, "vocabulary"], capture_output=True, text=True, check=False)
    refused = subprocess.run([KYODO, "case", "show"], capture_output=True, text=True, check=False)
    in_process = subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", "vocabulary"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )

    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == in_process.stdout
    assert refused.returncode == 2
    assert "[missing_argument]" in refused.stderr
