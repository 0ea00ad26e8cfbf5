"""Export bundles verify without a database, by kyodo and by tools/verify_bundle.py (the
standard library alone); altering, deleting or moving any line of one makes it fail."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from application.proof import TOKYO
from persistence.bundle import bundle_digest, export_bundle, verify_bundle
from persistence.verification import ChainStore, daily_digest
from tests.audit.tampering import Tamperer
from tests.support import CaseFixture

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "verify_bundle.py"
LATER = datetime(2100, 1, 1, tzinfo=UTC)


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("verify_bundle", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SCRIPT_MODULE = _script()


def _kyodo_fails(data: bytes) -> tuple[int | None, str | None]:
    verdict = verify_bundle(data)
    return verdict.line, verdict.code


def _script_fails(data: bytes) -> tuple[int | None, str | None]:
    try:
        SCRIPT_MODULE.verify(data)
    except SCRIPT_MODULE.Fault as fault:
        return fault.line, fault.code
    return None, None


VERIFIERS = {"kyodo": _kyodo_fails, "script": _script_fails}
Verifier = Callable[[bytes], tuple[int | None, str | None]]


@pytest.fixture(params=sorted(VERIFIERS))
def fails(request: pytest.FixtureRequest) -> Verifier:
    return VERIFIERS[request.param]


@pytest.fixture
def bundle(store: ChainStore, case: CaseFixture, tmp_path: Path) -> bytes:
    path = tmp_path / "ledger.jsonl"
    export_bundle(store, path, None, datetime.now(UTC))
    return path.read_bytes()


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def _dump(body: dict[str, Any]) -> bytes:
    return (json.dumps(body, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _altered(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, str):
        return value[:-1] + ("0" if value[-1:] != "0" else "1") if value else "x"
    if isinstance(value, dict):
        return {**value, "case_number": "山口-2024-999"}
    return "2024-01-01"


def test_an_untouched_bundle_verifies(bundle: bytes, fails: Verifier) -> None:
    assert fails(bundle) == (None, None)
    verdict = verify_bundle(bundle)
    assert verdict.ok
    assert (verdict.chains, verdict.events) == (4, 8)


def test_altering_any_field_of_any_line_fails(bundle: bytes, fails: Verifier) -> None:
    lines = _lines(bundle)
    for index, line in enumerate(lines):
        body = json.loads(line)
        for key, value in body.items():
            changed = lines.copy()
            changed[index] = _dump({**body, key: _altered(value)})
            line_number, code = fails(b"".join(changed))
            assert code is not None, f"line {index + 1}, {key} altered: still verifies"
            assert line_number is not None


def test_an_altered_event_line_is_named(bundle: bytes, fails: Verifier) -> None:
    lines = _lines(bundle)
    index = next(i for i, line in enumerate(lines) if "協力".encode() in line)
    lines[index] = lines[index].replace("協力".encode(), "非協力".encode())
    assert fails(b"".join(lines)) == (index + 1, "event_altered")


def test_deleting_any_line_fails(bundle: bytes, fails: Verifier) -> None:
    lines = _lines(bundle)
    for index in range(len(lines)):
        assert fails(b"".join(lines[:index] + lines[index + 1 :]))[1] is not None, index


def test_moving_any_line_fails(bundle: bytes, fails: Verifier) -> None:
    lines = _lines(bundle)
    for index in range(len(lines) - 1):
        moved = lines.copy()
        moved[index], moved[index + 1] = moved[index + 1], moved[index]
        assert fails(b"".join(moved))[1] is not None, index


def test_an_added_line_fails(bundle: bytes, fails: Verifier) -> None:
    lines = _lines(bundle)
    assert fails(b"".join([*lines[:2], lines[1], *lines[2:]]))[1] is not None
    assert fails(bundle + lines[-1])[1] is not None
    assert fails(bundle.rstrip(b"\n"))[1] == "unreadable"


def test_a_case_bundle_holds_that_case_only(
    store: ChainStore, case: CaseFixture, tmp_path: Path, fails: Verifier
) -> None:
    path = tmp_path / "case.jsonl"
    written = export_bundle(store, path, case.id, datetime.now(UTC))
    assert (written.chains, written.events) == (1, 4)
    data = path.read_bytes()
    header = json.loads(_lines(data)[0])
    assert header["scope"] == {"case_id": str(case.id), "case_number": "山口-2024-001"}
    assert fails(data) == (None, None)


def test_a_bundle_of_an_altered_store_fails_at_that_event(
    store: ChainStore, case: CaseFixture, tamper: Tamperer, tmp_path: Path, fails: Verifier
) -> None:
    tamper.replace_in_state(case.id, 3, "協力", "非協力")
    path = tmp_path / "case.jsonl"
    export_bundle(store, path, case.id, datetime.now(UTC))
    assert fails(path.read_bytes()) == (1 + 3, "event_altered")


def test_the_bundle_gives_the_day_s_digest(
    store: ChainStore, bundle: bytes, case: CaseFixture
) -> None:
    today = datetime.now(TOKYO).date()
    expected = daily_digest(store, today, now=LATER)
    assert bundle_digest(bundle, today).digest == expected.digest
    assert SCRIPT_MODULE.day_digest(bundle, today)[0] == expected.digest


def _system_python() -> str:
    found = shutil.which("python3", path="/usr/bin:/bin") or shutil.which("python3")
    assert found is not None, "python3 is needed to run tools/verify_bundle.py"
    return found


def _run_script(path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_system_python(), "-I", str(SCRIPT), str(path), *args],
        capture_output=True,
        text=True,
        cwd=path.parent,
        check=False,
        timeout=60,
    )


def test_the_script_runs_on_plain_python(bundle: bytes, tmp_path: Path) -> None:
    path = tmp_path / "ledger.jsonl"
    path.write_bytes(bundle)
    result = _run_script(path, "--date", "2024-01-01")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "検証できました: 記録4件・イベント8件、改ざんは見つかりませんでした"
    assert lines[1] == f"ダイジェスト: {verify_bundle(bundle).digest}"
    assert lines[2].startswith("2024-01-01の終わり時点のダイジェスト: ")


@pytest.mark.parametrize("change", ["alter", "delete", "reorder"])
def test_the_script_fails_on_a_changed_bundle(bundle: bytes, tmp_path: Path, change: str) -> None:
    lines = _lines(bundle)
    if change == "alter":
        lines[2] = lines[2].replace(b'"version":', b'"version": ')
    elif change == "delete":
        del lines[3]
    else:
        lines[2], lines[3] = lines[3], lines[2]
    path = tmp_path / "changed.jsonl"
    path.write_bytes(b"".join(lines))
    result = _run_script(path)
    assert result.returncode == 3, result.stdout + result.stderr
    assert result.stdout.startswith("改ざんがあります: ")


def test_the_script_reports_an_unreadable_file(tmp_path: Path) -> None:
    result = _run_script(tmp_path / "absent.jsonl")
    assert result.returncode == 1
    assert "[unreadable]" in result.stderr
