"""`kyodo case show ID`: a case's events in order, one Japanese line each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.cli.conftest import Kyodo, one_line_error, sqlite_env


def case_id_of(data_dir: Path, number: str) -> str:
    ledger = build_ledger(Settings(data_dir=data_dir))
    try:
        return str(ledger.find_case(number))
    finally:
        ledger.close()


def test_show_by_number_lists_every_event_in_order(loaded: Kyodo) -> None:
    result = loaded("case", "show", "山口-2024-003")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "山口-2024-003  企業×NPOのつながりづくりプロジェクト「支え人。」"
    events = [line.split()[:2] for line in lines[3:]]
    assert [int(v) for v, _ in events] == list(range(1, len(events) + 1))
    assert "相談受付: 「企業×NPOのつながりづくりプロジェクト「支え人。」」" in lines[3]
    assert "2024-09-03" in lines[3]


def test_show_names_actors_kinds_and_details_in_japanese(loaded: Kyodo) -> None:
    text = loaded("case", "show", "山口-2024-003").stdout

    assert "fac-yamaguchi-01（協働ファシリテーター）" in text
    assert "chief-pref-01（統括協働ファシリテーター）" in text
    assert "訂正: 第8版（円卓会議）を訂正 参加者数 42 → 45" in text
    assert "参加: 維新印刷株式会社（専門知識・プロボノ）" in text
    assert "状態: 完了（成功）・公開: あり" in text


def test_show_by_uuid_prints_the_same_history(loaded: Kyodo, loaded_dir: Path) -> None:
    case_id = case_id_of(loaded_dir, "下関-2023-001")

    by_uuid = loaded("case", "show", case_id)
    by_number = loaded("case", "show", "下関-2023-001")

    assert by_uuid.exit_code == 0, by_uuid.output
    assert by_uuid.stdout == by_number.stdout


def test_show_never_prints_a_pro_bono_workers_own_name(loaded: Kyodo) -> None:
    text = loaded("case", "show", "県-2023-001").stdout

    assert "プロボノワーカー（Web制作・広報）" in text
    assert "藤井" not in text


def test_an_unknown_number_is_one_line_with_the_error_code(loaded: Kyodo) -> None:
    result = loaded("case", "show", "山口-2099-001")

    line = one_line_error(result)
    assert line == "エラー: 案件「山口-2099-001」が見つかりません [case_not_found]"
    assert result.stdout == ""


def test_a_malformed_id_is_one_line_with_the_error_code(loaded: Kyodo) -> None:
    assert "[case_not_found]" in one_line_error(loaded("case", "show", "not-a-case"))


# What a person at a terminal waits for is mostly imports: showing a case needs the ledger and
# the domain, not the web stack nor pydantic (typer 0.29 and later coerce every parameter
# through pydantic, about a tenth of a second before anything is read: typer is pinned below),
# nor the cipher of contact details, nor the aggregates a case's history does not hold.
NOT_FOR_THE_TERMINAL = (
    "pydantic",
    "fastapi",
    "strawberry",
    "starlette",
    "psycopg",
    "graphql",
    "cryptography",
)
NOT_IN_A_CASE = ("domain.plans", "domain.indicators", "domain.kpi_targets")

SHOW_AND_LIST_MODULES = f"""
import sys
from api.cli import main
sys.argv = ["kyodo", "case", "show", "山口-2024-003"]
try:
    main()
except SystemExit as exit:
    assert exit.code in (0, None), exit.code
print("NOT IN A CASE", " ".join(sorted(name for name in {NOT_IN_A_CASE!r} if name in sys.modules)))
print("MODULES", " ".join(sorted({{name.split(".")[0] for name in sys.modules}})))
"""


def test_showing_a_case_imports_neither_the_web_stack_nor_pydantic(loaded_dir: Path) -> None:
    env = {**os.environ, **sqlite_env(loaded_dir)}
    run = subprocess.run(
        [sys.executable, "-c", SHOW_AND_LIST_MODULES],
        env={k: v for k, v in env.items() if v is not None},
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )

    assert run.returncode == 0, run.stderr
    assert "山口-2024-003  企業×NPOのつながりづくりプロジェクト「支え人。」" in run.stdout
    assert run.stdout.splitlines()[-2] == "NOT IN A CASE "
    imported = set(run.stdout.rsplit("MODULES ", 1)[1].split())
    assert "domain" in imported
    assert "typer" in imported
    assert imported.isdisjoint(NOT_FOR_THE_TERMINAL), imported & set(NOT_FOR_THE_TERMINAL)
