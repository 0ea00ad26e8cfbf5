"""登録団体名簿の取り込み in a real headless Chromium on the demo data: the template
downloaded, a roster with a problem shown row by row and not registered, the corrected
roster checked then registered, the same roster again left out as already registered, and
next year's roster changing a group's consent to the library.
Its groups carry a name of their own, so the demo others test against keeps its parties."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

from tests.e2e.test_journeys import accessible, opened, record, shot


def _roster(path: Path, *rows: str) -> str:
    path.write_bytes(
        ("団体名,種別,市町,活動分野,事例集への掲載同意\n" + "".join(rows)).encode("cp932")
    )
    return str(path)


def _check(page: Any, file: str) -> str:
    page.set_input_files("#roster-file", file)
    page.get_by_role("button", name="確かめる").click()
    page.wait_for_selector("#roster-result .roster-summary, #roster-result .alert")
    return str(page.locator("#roster-result").inner_text())


def test_a_facilitator_imports_the_centre_s_roster(
    page: Any, demo_tokens: dict[str, str], tmp_path: Path
) -> None:
    mark = uuid.uuid4().hex[:6]
    first, second = f"湯田温泉を愛する会{mark}", f"大内まちづくり協議会{mark}"
    # a case page first: its forms' party pickers keep the directory as it was then
    opened(page, demo_tokens["facilitator"], "/#/cases/" + quote("山口-2025-001"), "#step-choice")
    page.goto("/#/parties?kind=BUSINESS&centre=yamaguchi")
    page.wait_for_selector("table.parties")
    with page.expect_download() as listed:  # the directory as filtered, for spreadsheets
        page.get_by_role("button", name="この団体一覧をExcel形式（.xlsx）でダウンロード").click()
    assert listed.value.suggested_filename == "kyodo-parties.xlsx"
    page.get_by_role("link", name="名簿から取り込む").click()
    page.wait_for_selector("#roster-file")
    assert "山口市市民活動支援センターの団体として登録します" in page.inner_text("main")

    page.locator("details.roster-columns summary").click()
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="見本（Excel）").click()
    assert downloaded.value.suggested_filename == "kyodo-party-roster.xlsx"

    # a row with a problem: shown with its row and column, and nothing to register
    def both(name: str, second_kind: str) -> str:
        return _roster(
            tmp_path / name,
            f"{first},任意団体,山口市,観光,○\n",
            f"{second},{second_kind},山口市,まちづくり,×\n",
        )

    wrong = both("wrong.csv", "宇宙人")
    shown = _check(page, wrong)
    assert "直すところのある行 1件" in shown
    problems = page.locator("table.roster-problems tbody tr").all_inner_texts()
    assert len(problems) == 1
    assert "3行目" in problems[0]
    assert "種別" in problems[0]
    assert "「宇宙人」" in problems[0]
    assert page.locator("#roster-import").count() == 0
    accessible(page)
    shot(page, "facilitator-roster-problems")

    # corrected: checked, then registered, each row opening its party
    right = both("right.csv", "地域づくり協議会")
    shown = _check(page, right)
    assert "登録する団体 2件" in shown
    assert "まだ何も登録していません" in shown
    page.get_by_role("button", name="2件を登録する").click()
    page.wait_for_selector("text=2件を登録しました")
    rows = page.locator("table.roster-rows tbody tr").all_inner_texts()
    assert [("登録しました" in r) for r in rows] == [True, True]
    shot(page, "facilitator-roster-imported")
    page.get_by_role("link", name=first).click()
    page.wait_for_selector(f"h1:has-text('{first}')")
    assert page.locator("#party-centre").inner_text() == "山口市市民活動支援センター"

    # the case's forms offer the groups just imported
    page.goto("/#/cases/" + quote("山口-2025-001"))
    page.wait_for_selector("#step-choice")
    offered = record(page, "団体の参加").get_by_label("参加する団体（必須）")
    assert any(first in option for option in offered.locator("option").all_inner_texts())

    # the second group dissolves: it leaves the register, and the directory's default list
    page.goto("/#/parties?name=" + quote(second))
    page.get_by_role("link", name=second).click()
    page.wait_for_selector("#party-change")
    page.locator("[data-panel=DeregisterParty] summary").click()
    form = page.locator("[data-panel=DeregisterParty] form")
    form.get_by_label("抹消の理由（必須）").fill("会員の高齢化により解散")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#party-deregistered")
    assert "会員の高齢化により解散" in page.locator("#party-deregistered").inner_text()
    assert page.locator("[data-panel=DeregisterParty]").count() == 0
    page.goto("/#/parties?name=" + quote(second))
    page.wait_for_selector("table.parties")
    assert second not in page.locator("table.parties").inner_text()
    page.goto("/#/parties?standing=left&name=" + quote(second))
    page.wait_for_selector(f"table.parties a:has-text('{second}')")
    assert "登録を抹消" in page.locator("table.parties tbody").inner_text()

    # the same roster again: the first already registered, the second registered anew
    page.goto("/#/parties/import")
    page.wait_for_selector("#roster-file")
    shown = _check(page, right)
    assert "登録する団体 1件" in shown
    assert "登録済みの団体 1件" in shown

    # next year's roster: the first group withdrew its consent to the library
    withdrawn = _roster(tmp_path / "next.csv", f"{first},任意団体,山口市,観光,×\n")
    shown = _check(page, withdrawn)
    assert "掲載同意を変更する団体 1件" in shown
    row = page.locator("table.roster-rows tbody tr").inner_text()
    assert "事例集への掲載同意を「なし」に変更します" in row
    page.get_by_role("button", name="1件の掲載同意を変更する").click()
    page.wait_for_selector("text=掲載同意を変更した団体 1件")
    page.get_by_role("link", name=first).click()
    page.wait_for_selector(f"h1:has-text('{first}')")
    assert page.locator("dt:has-text('事例集への掲載') + dd").inner_text() == "同意なし"


def test_a_meeting_participant_is_told_who_imports_a_roster(
    page: Any, demo_tokens: dict[str, str]
) -> None:
    opened(
        page, demo_tokens["meeting"], "/#/parties/import", "h1:text-is('登録団体名簿の取り込み')"
    )
    assert page.locator("#roster-file").count() == 0
    assert "名簿を取り込めるのは協働ファシリテーターと統括ファシリテーターです" in page.inner_text(
        "main"
    )
