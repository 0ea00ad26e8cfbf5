"""Importing seed 004's status list: parsed whole first, recorded once, changes only; through
the ledger on SQLite and PostgreSQL and through `kyodo plan import` on SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest

from application.ledger import Ledger
from application.plan_import import import_status_list
from demo import load_demo
from demo.plans import PLAN_ITEMS
from demo.scripts import DATA
from domain.errors import InvalidValueError, NotAllowedError
from domain.plan_list import parse_status_list
from domain.plan_vocabulary import FutureHandling, ImplementationStatus
from domain.plans import Plan, plan_id
from persistence.settings import Settings
from tests.cli.conftest import Kyodo, one_line_error, settings_env
from tests.plan.support import PLAN
from tests.support import CHIEF, FACILITATOR

SEED_004 = (DATA / PLAN_ITEMS).read_text(encoding="utf-8")
HEAD = "推進方針\t推進施策\tNO\t推進項目\t実施状況\t今後の取扱い\t検証内容\n"
SECTION = "I 方針\n(1) 施策\n"


def _plan(ledger: Ledger) -> Plan:
    found = ledger.get_or_none(plan_id(PLAN))
    assert isinstance(found, Plan)
    return found


# --- reading the list ------------------------------------------------------------------------


def test_seed_004_lists_47_items_and_5_restatements() -> None:
    listed = parse_status_list(SEED_004)

    assert (listed.plan, listed.municipality, listed.fiscal_year) == (PLAN, "山口市", 2011)
    assert len({r.number for r in listed.rows if not r.restated}) == 47
    assert [r.number for r in listed.rows if r.restated] == [30, 7, 31, 16, 21]


def test_the_marks_and_handlings_are_read() -> None:
    rows = {r.number: r for r in parse_status_list(SEED_004).rows if not r.restated}

    assert rows[2].status is not None
    assert (rows[2].status.status, rows[2].status.handling) == (
        ImplementationStatus.PARTIAL,
        FutureHandling.CONTINUED,
    )
    assert rows[22].status is not None
    assert rows[22].status.handling is FutureHandling.ABOLISHED
    assert (rows[33].policy, rows[33].measure) == (
        "Ⅲ 人づくりを通じて、協働の意識醸成を図ります",
        "(1) 人材発掘・人材育成機能の充実",
    )


def test_the_seed_s_bold_headings_read_as_its_tab_separated_copy() -> None:
    printed = "<b>I 方針</b>\t\t\t\t\t\t\n<b>(1) 施策</b>\t\t\t\t\t\t\n\t\t1\t項目\t○\t継続\t\n"

    assert (
        parse_status_list(printed).rows
        == parse_status_list(SECTION + "\t\t1\t項目\t○\t継続\t\n").rows
    )


def test_merging_names_its_target() -> None:
    row = parse_status_list(HEAD + SECTION + "\t\t12\t項目\t○\t統合:11\t\n").rows[0]

    assert row.status is not None
    assert (row.status.handling, row.status.merged_into) == (FutureHandling.MERGED, 11)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (HEAD + "\t\t1\t項目\t○\t継続\t\n", "見出しより前"),
        (SECTION + "\t\t1\t項目\t☆\t継続\t\n", "実施状況「☆」"),
        (SECTION + "\t\t1\t項目\t○\t保留\t\n", "今後の取扱い「保留」"),
        (SECTION + "\t\tNo.1\t項目\t○\t継続\t\n", "番号「No.1」"),
        (SECTION + "\t\t1\t項目\t○\t継続\t\n\t\t1\t項目\t○\t継続\t\n", "二度"),
    ],
)
def test_a_line_that_cannot_be_read_is_named(text: str, reason: str) -> None:
    with pytest.raises(InvalidValueError) as refused:
        parse_status_list(text)

    assert reason in refused.value.message
    assert "行目" in refused.value.message


# --- recording it, on both stores ------------------------------------------------------------


def test_importing_records_the_list_once(ledger: Ledger) -> None:
    first = import_status_list(ledger, CHIEF, SEED_004)
    version = _plan(ledger).version

    again = import_status_list(ledger, CHIEF, SEED_004)

    assert first.recorded == {
        "計画の登録": 1,
        "推進項目の追加": 47,
        "実施状況の記録": 47,
        "推進項目の再掲": 5,
    }
    assert again.nothing_new
    assert _plan(ledger).version == version


def test_a_changed_status_records_only_the_change(ledger: Ledger) -> None:
    import_status_list(ledger, CHIEF, SEED_004)
    changed = SEED_004.replace(
        "\t\t2\t市民活動の拠点機能の充実・強化\t△", "\t\t2\t市民活動の拠点機能の充実・強化\t◎"
    )

    done = import_status_list(ledger, CHIEF, changed)

    assert done.recorded == {"実施状況の記録": 1}
    assert _plan(ledger).item(2).statuses[2011].status is ImplementationStatus.DONE


def test_another_year_is_recorded_beside_the_first(ledger: Ledger) -> None:
    import_status_list(ledger, CHIEF, SEED_004)

    done = import_status_list(ledger, CHIEF, SEED_004, fiscal_year=2012)

    assert done.recorded == {"実施状況の記録": 47}
    assert set(_plan(ledger).item(1).statuses) == {2011, 2012}


def test_a_facilitator_imports_nothing(ledger: Ledger) -> None:
    with pytest.raises(NotAllowedError):
        import_status_list(ledger, FACILITATOR, SEED_004)

    assert ledger.get_or_none(plan_id(PLAN)) is None


# --- kyodo plan import -------------------------------------------------------------------------


@pytest.fixture
def kyodo(settings: Settings) -> Kyodo:
    return Kyodo(settings_env(settings))


def test_the_command_says_what_it_recorded_and_then_that_nothing_is_new(kyodo: Kyodo) -> None:
    file = str(DATA / PLAN_ITEMS)

    first, again = kyodo("plan", "import", file), kyodo("plan", "import", file)

    assert first.exit_code == 0, first.output
    assert "推進項目の追加 47件" in first.stdout
    assert "新たに記録することはありません" in again.stdout


def test_the_command_shows_the_list_of_a_year(kyodo: Kyodo) -> None:
    kyodo("plan", "import", str(DATA / PLAN_ITEMS))

    shown = kyodo("plan", "show", PLAN, "2011").stdout.splitlines()

    assert shown[:2] == [
        f"{PLAN} 実施状況一覧 平成23年度",
        "実施状況：◎実施済 ○継続推進 △一部実施 ×検討中",
    ]
    assert any("人材や団体情報の集約、データベース化【再掲】" in line for line in shown)


def test_an_unreadable_file_is_one_line_and_records_nothing(kyodo: Kyodo, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text(HEAD + "\t\t1\t項目\t○\t継続\t\n", encoding="utf-8")

    error = one_line_error(
        kyodo("plan", "import", str(bad), "--plan", PLAN, "--fiscal-year", "2011")
    )

    assert error.startswith("エラー: 2行目")
    assert "計画「" in one_line_error(kyodo("plan", "show", PLAN, "2011"))


def test_the_demo_loads_the_list_and_links_yamaguchi_s_cases(memory_ledger: Ledger) -> None:
    summary = load_demo(memory_ledger)

    plan = _plan(memory_ledger)
    assert summary.plan_rows == 52
    assert plan.item(31).cases == [
        summary.case_ids["sapo-cafe-hitorioya"],
        summary.case_ids["sasaebito"],
    ]
    linked = list(memory_ledger.repository.event_store.get(plan.id))[-1]
    assert linked.meta.actor_id == "fac-yamaguchi-01"
