"""`kyodo case attention` on SQLite and PostgreSQL."""

from __future__ import annotations

from application.ledger import Ledger
from persistence.settings import Settings
from tests.cli.conftest import Kyodo, one_line_error, settings_env
from tests.support import CaseFixture

AS_OF = ("--as-of", "2024-06-01")


def test_the_list_names_each_case_and_its_reasons(ledger: Ledger, settings: Settings) -> None:
    CaseFixture(ledger).open()

    result = Kyodo(settings_env(settings))("case", "attention", *AS_OF)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "山口-2024-001  子ども食堂の立ち上げ  相談受付  fac-yamaguchi-01",
        "  記録が途絶えている（2024-05-15〜）: "
        "相談受付のまま31日、記録がありません（最後の記録 2024年5月1日）",
    ]


def test_the_list_narrows_to_a_facilitator_and_a_centre(ledger: Ledger, settings: Settings) -> None:
    CaseFixture(ledger).open()
    kyodo = Kyodo(settings_env(settings))

    other = kyodo("case", "attention", *AS_OF, "--facilitator", "fac-yamaguchi-02")
    ube = kyodo("case", "attention", *AS_OF, "--centre", "ube")
    mine = kyodo("case", "attention", *AS_OF, "--facilitator", "fac-yamaguchi-01")

    assert other.stdout.strip() == ube.stdout.strip() == "要対応の案件はありません"
    assert mine.stdout.startswith("山口-2024-001")


def test_a_bad_date_is_one_line_with_its_code(kyodo: Kyodo) -> None:
    result = kyodo("case", "attention", "--as-of", "2024-13-01")

    assert one_line_error(result).endswith("[invalid_date]")


def test_an_unknown_centre_is_one_line_with_its_code(kyodo: Kyodo) -> None:
    result = kyodo("case", "attention", "--centre", "どこでもない")

    assert one_line_error(result).endswith("]")
