"""`kyodo party import FILE --centre C [--dry-run]`: a roster registered from the command
line, each row said in Japanese; a roster with problems lists them and records nothing."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Kyodo, one_line_error

ROSTER = (
    "団体名,種別,市町,備考\n"
    "湯田温泉を愛する会,任意団体,山口市,会員8名\n"
    "大内地区まちづくり協議会,地域づくり協議会,山口市,\n"
)


def _file(tmp_path: Path, text: str, encoding: str = "utf-8") -> str:
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_a_roster_is_registered_then_left_out_when_imported_again(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    file = _file(tmp_path, ROSTER, "cp932")

    first = kyodo("party", "import", file, "--centre", "山口市市民活動支援センター")
    again = kyodo("party", "import", file, "--centre", "yamaguchi")

    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        "2行目 湯田温泉を愛する会（山口市）: 登録しました",
        "3行目 大内地区まちづくり協議会（山口市）: 登録しました",
        "読み込まなかった列: 備考",
        "登録 2件、登録済み 0件、直すところのある行 0件",
    ]
    assert again.exit_code == 0, again.output
    assert (
        again.stdout.splitlines()[0]
        == "2行目 湯田温泉を愛する会（山口市）: 登録済み（取り込みません）"
    )
    assert again.stdout.splitlines()[-1] == "登録 0件、登録済み 2件、直すところのある行 0件"


def test_a_dry_run_says_what_it_would_do_and_fails_on_a_problem(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    file = _file(tmp_path, ROSTER + "謎の会,宇宙人,山口市,\n")

    checked = kyodo("party", "import", file, "--centre", "yamaguchi", "--dry-run")
    after = kyodo("party", "import", _file(tmp_path, ROSTER), "--centre", "yamaguchi", "--dry-run")

    assert checked.exit_code == 1, checked.output
    lines = checked.stdout.splitlines()
    assert lines[0] == "2行目 湯田温泉を愛する会（山口市）: 登録します"
    assert lines[2].startswith("4行目「種別」: 「宇宙人」は種別として登録されていません")
    assert lines[2].endswith("[unknown_value]")
    assert (
        lines[-1]
        == "登録する予定 2件（まだ何も登録していません）、登録済み 0件、直すところのある行 1件"
    )
    assert after.exit_code == 0, after.output  # nothing was registered by the dry runs
    assert "登録済み" not in after.stdout.splitlines()[0]


def test_a_roster_with_a_problem_is_refused_whole_with_each_problem_said(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    file = _file(tmp_path, ROSTER + "ひろしま子ども支援,NPO法人,広島市,\n")

    refused = kyodo("party", "import", file, "--centre", "yamaguchi")
    after = kyodo("party", "import", file, "--centre", "yamaguchi", "--dry-run")

    assert refused.exit_code == 1
    assert refused.stderr.splitlines() == [
        "4行目「市町」: 「広島市」は市町として登録されていません [unknown_value]",
        "エラー: 名簿の1行に直すところがあります（1件）。何も登録していません。"
        "直してからもう一度取り込んでください [roster_invalid]",
    ]
    assert "登録済み 0件" in after.stdout


def test_a_file_that_is_not_there_or_no_roster_is_one_line_of_error(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    missing = kyodo("party", "import", str(tmp_path / "none.csv"), "--centre", "yamaguchi")
    no_roster = kyodo("party", "import", _file(tmp_path, "a,b\n1,2\n"), "--centre", "yamaguchi")
    no_centre = kyodo("party", "import", _file(tmp_path, ROSTER), "--centre", "nowhere")

    assert one_line_error(missing).endswith("[unreadable_file]")
    assert one_line_error(no_roster).endswith("[roster_columns_missing]")
    assert (
        one_line_error(no_centre)
        == "エラー: 「nowhere」は支援センターとして登録されていません [unknown_value]"
    )


def test_a_later_roster_changes_a_registered_group_s_consent_to_the_library(
    kyodo: Kyodo, tmp_path: Path
) -> None:
    headings = "団体名,種別,市町,事例集への掲載同意\n"
    given = kyodo(
        "party", "import", _file(tmp_path, headings + "湯田温泉を愛する会,任意団体,山口市,○\n"),
        "--centre", "yamaguchi",
    )  # fmt: skip
    assert given.exit_code == 0, given.output
    later = _file(tmp_path, headings + "湯田温泉を愛する会,任意団体,山口市,いいえ\n")

    checked = kyodo("party", "import", later, "--centre", "yamaguchi", "--dry-run")
    done = kyodo("party", "import", later, "--centre", "yamaguchi")
    again = kyodo("party", "import", later, "--centre", "yamaguchi")

    assert checked.stdout.splitlines() == [
        "2行目 湯田温泉を愛する会（山口市）: 登録済み、事例集への掲載同意を「なし」に変更します",
        "登録する予定 0件（まだ何も登録していません）、登録済み 1件（うち掲載同意の変更 1件）、"
        "直すところのある行 0件",
    ]
    assert done.stdout.splitlines()[0].endswith("事例集への掲載同意を「なし」に変更しました")
    assert again.stdout.splitlines()[0].endswith("登録済み（取り込みません）")
