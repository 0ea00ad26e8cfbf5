"""A roster of registered groups read into commands (domain.party_roster), and the import's
rules over a ledger in memory (application.party_import)."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date
from uuid import UUID

import pytest
from openpyxl import Workbook

from application.ledger import Ledger
from application.party_import import KnownParty, Outcome, import_roster, read_table
from domain.errors import NotAllowedError
from domain.fiscal import date_written
from domain.party_roster import (
    MAX_ROWS,
    RosterColumnsMissingError,
    RosterEmptyError,
    RosterInvalidError,
    RosterTooLargeError,
    RosterUnreadableError,
    column_of,
    party_identity,
    party_kind,
    read_roster,
    yes_or_no,
)
from domain.values import ContactDetails
from domain.vocabulary import PartyKind
from tests.support import AUDITOR, FACILITATOR

HEADINGS = ["団体名", "種別", "市町"]


def _csv(*rows: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def test_headings_are_found_by_name_below_title_lines_in_any_order() -> None:
    roster = read_roster(
        [
            ["令和6年度 登録団体一覧"],
            [],
            ["No.", "市町名", "団体名（必須）", "団体種別", "※電話", "会員数"],
            ["1", "山口市", "湯田温泉を愛する会", "任意団体", "083-000-0000", "8"],
        ]
    )
    (row,) = roster.rows
    assert row.line == 4
    assert row.command is not None
    assert (row.command.name, row.command.municipality) == ("湯田温泉を愛する会", "山口市")
    assert row.command.kind is PartyKind.VOLUNTARY_GROUP
    assert row.command.contact == ContactDetails(phone="083-000-0000")
    assert roster.ignored_columns == ("No.", "会員数")


def test_a_roster_without_the_required_headings_names_what_is_missing() -> None:
    with pytest.raises(RosterColumnsMissingError) as refused:
        read_roster([["団体名", "住所"], ["湯田温泉を愛する会", "山口市湯田"]])
    assert "「種別」「市町」" in refused.value.message
    assert "団体名」が" not in refused.value.message


def test_blank_rows_are_passed_over_and_a_roster_of_none_is_refused() -> None:
    with pytest.raises(RosterEmptyError):
        read_roster([HEADINGS, ["", " ", ""], []])


def test_a_roster_longer_than_the_limit_is_refused() -> None:
    rows = [["会", "任意団体", "山口市"]] * (MAX_ROWS + 1)
    with pytest.raises(RosterTooLargeError) as refused:
        read_roster([HEADINGS, *rows])
    assert f"{MAX_ROWS + 1}行" in refused.value.message


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("NPO法人", PartyKind.NPO_CORPORATION),
        ("特定非営利活動法人", PartyKind.NPO_CORPORATION),
        ("ｎｐｏ", PartyKind.NPO_CORPORATION),
        ("任意団体", PartyKind.VOLUNTARY_GROUP),
        ("自治会", PartyKind.NEIGHBOURHOOD_ASSOCIATION),
        ("自治会・町内会", PartyKind.NEIGHBOURHOOD_ASSOCIATION),
        ("企業", PartyKind.BUSINESS),
        ("business", PartyKind.BUSINESS),
        ("社協", PartyKind.SOCIAL_WELFARE_COUNCIL),
        ("宇宙人", None),
        ("", None),
    ],
)
def test_a_kind_is_read_by_its_code_its_name_or_a_word_rosters_use(
    written: str, kind: PartyKind | None
) -> None:
    assert party_kind(written) is kind


@pytest.mark.parametrize(
    ("written", "consent"),
    [
        *[("はい", True), ("○", True), ("〇", True), ("有", True), ("1", True)],
        *[("いいえ", False), ("×", False), ("", False), ("なし", False), ("たぶん", None)],
    ],
)
def test_a_consent_is_read_as_rosters_write_it(written: str, consent: bool | None) -> None:
    assert yes_or_no(written) is consent


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2024-04-01", date(2024, 4, 1)),
        ("2024/4/1", date(2024, 4, 1)),
        ("２０２４年４月１日", date(2024, 4, 1)),
        ("令和6年4月1日", date(2024, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("R6.4.1", date(2024, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("令和元年4月30日", None),  # before 令和 began
        ("2024-02-30", None),
        ("昨日", None),
    ],
)
def test_a_day_is_read_as_japanese_documents_write_it(written: str, day: date | None) -> None:
    assert date_written(written) == day


def test_a_row_s_problems_name_its_line_and_columns_and_leave_no_command() -> None:
    roster = read_roster(
        [
            [*HEADINGS, "事例集への掲載同意", "登録日"],
            ["謎の会", "宇宙人", "山口市", "たぶん", "昨日"],
        ]
    )
    (row,) = roster.rows
    assert row.command is None
    assert [(p.line, p.column, p.code) for p in row.problems] == [
        (2, "種別", "unknown_value"),
        (2, "事例集への掲載同意", "invalid_value"),
        (2, "登録日", "invalid_value"),
    ]


def test_a_row_that_goes_no_further_still_has_its_name_and_city_checked() -> None:
    roster = read_roster([HEADINGS, ["", "宇宙人", "広島市"]])
    assert [(p.column, p.code) for p in roster.rows[0].problems] == [
        ("種別", "unknown_value"),
        ("団体名", "blank_value"),
        ("市町", "unknown_value"),
    ]


def test_a_pro_bono_worker_is_not_read_from_a_roster() -> None:
    roster = read_roster([HEADINGS, ["個人", "プロボノワーカー（個人）", "下関市"]])
    assert [p.code for p in roster.rows[0].problems] == ["roster_natural_person"]


def test_fields_are_split_at_commas_but_not_at_the_dots_within_their_names() -> None:
    roster = read_roster(
        [
            [*HEADINGS, "活動分野"],
            ["会", "任意団体", "山口県山口市", "まちづくり、保健・医療・福祉"],
        ]
    )
    command = roster.rows[0].command
    assert command is not None
    assert command.fields == ("まちづくり", "保健・医療・福祉")
    assert command.municipality == "山口市"


def test_the_same_group_is_its_name_with_width_case_and_spaces_folded_in_one_city() -> None:
    assert party_identity("ＹＡＭＡＧＵＣＨＩ　ＩＴ サポート", "35203") == party_identity(
        "yamaguchi itサポート", "35203"
    )
    assert party_identity("会", "35203") != party_identity("会", "35201")


def test_a_rule_s_field_names_the_column() -> None:
    assert column_of("contact.personName") == "担当者名"
    assert column_of("municipality") == "市町"
    assert column_of("occurredOn") == "登録日"
    assert column_of("somethingElse") == ""


# --- files ------------------------------------------------------------------------------


def test_a_csv_is_read_in_utf_8_with_or_without_a_bom_and_in_shift_jis() -> None:
    text = "団体名,種別,市町\r\n湯田温泉を愛する会,任意団体,山口市\r\n"
    for data in (text.encode("utf-8"), text.encode("utf-8-sig"), text.encode("cp932")):
        assert read_table(data)[1] == ["湯田温泉を愛する会", "任意団体", "山口市"]


def test_an_xlsx_s_first_sheet_is_read_with_its_days_and_numbers_as_text() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["団体名", "登録日", "会員数"])
    sheet.append(["湯田温泉を愛する会", date(2023, 6, 1), 45.0])
    out = io.BytesIO()
    book.save(out)
    assert read_table(out.getvalue()) == [
        ["団体名", "登録日", "会員数"],
        ["湯田温泉を愛する会", "2023-06-01", "45"],
    ]


def test_excel_s_unicode_text_is_read_as_tab_separated_utf_16() -> None:
    data = "団体名\t種別\t市町\r\n湯田温泉を愛する会\t任意団体\t山口市\r\n".encode("utf-16")
    assert read_table(data)[1] == ["湯田温泉を愛する会", "任意団体", "山口市"]


@pytest.mark.parametrize("data", [b"PK\x03\x04 not a zip", b"\x82\xa0\xff\xfe\x85"])
def test_a_file_neither_csv_nor_xlsx_is_refused(data: bytes) -> None:
    with pytest.raises(RosterUnreadableError):
        read_table(data)


# --- the import -------------------------------------------------------------------------


@pytest.fixture
def ledger() -> Ledger:
    return Ledger(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})


def _nobody(municipalities: frozenset[str]) -> list[KnownParty]:
    return []


def test_an_import_registers_each_row_for_the_actor_s_centre(ledger: Ledger) -> None:
    data = _csv(HEADINGS, ["湯田温泉を愛する会", "任意団体", "山口市"], ["会", "企業", "防府市"])
    done = import_roster(ledger, FACILITATOR, data, _nobody, dry_run=False)
    assert done.recorded
    assert [r.outcome for r in done.rows] == [Outcome.REGISTERED, Outcome.REGISTERED]
    party = ledger.get_party(UUID(done.rows[0].party_id))
    assert (party.name, party.municipality, party.centre) == (
        "湯田温泉を愛する会",
        "35203",
        "yamaguchi",
    )


def test_a_dry_run_records_nothing(ledger: Ledger) -> None:
    data = _csv(HEADINGS, ["湯田温泉を愛する会", "任意団体", "山口市"])
    done = import_roster(ledger, FACILITATOR, data, _nobody, dry_run=True)
    assert [r.outcome for r in done.rows] == [Outcome.TO_REGISTER]
    assert ledger.recorder.max_notification_id() in (None, 0)


def test_a_group_the_directory_has_is_left_out(ledger: Ledger) -> None:
    def known(municipalities: frozenset[str]) -> list[KnownParty]:
        assert municipalities == {"35203"}
        return [KnownParty("p-1", "湯田温泉を愛する会", "35203")]

    data = _csv(HEADINGS, ["湯田温泉を 愛する会", "任意団体", "山口市"])
    done = import_roster(ledger, FACILITATOR, data, known, dry_run=False)
    (row,) = done.rows
    assert (row.outcome, row.party_id) == (Outcome.ALREADY_REGISTERED, "p-1")
    assert ledger.recorder.max_notification_id() in (None, 0)


def test_a_rule_s_refusal_or_a_repeated_row_refuses_the_whole_roster(ledger: Ledger) -> None:
    data = _csv(
        HEADINGS,
        ["湯田温泉を愛する会", "任意団体", "山口市"],
        ["ひろしま子ども支援", "NPO法人", "広島市"],
        ["湯田温泉を愛する会", "任意団体", "山口市"],
    )
    with pytest.raises(RosterInvalidError) as refused:
        import_roster(ledger, FACILITATOR, data, _nobody, dry_run=False)
    assert [(p.line, p.column, p.code) for p in refused.value.problems] == [
        (3, "市町", "unknown_value"),
        (4, "団体名", "roster_duplicate_row"),
    ]
    assert "2行" in refused.value.message
    assert ledger.recorder.max_notification_id() in (None, 0)


def test_only_those_who_register_parties_may_import_even_a_dry_run(ledger: Ledger) -> None:
    data = _csv(HEADINGS, ["湯田温泉を愛する会", "任意団体", "山口市"])
    with pytest.raises(NotAllowedError):
        import_roster(ledger, AUDITOR, data, _nobody, dry_run=True)


CONSENT = ["団体名", "種別", "市町", "事例集への掲載同意"]


def _registered_with_consent(ledger: Ledger) -> KnownParty:
    """A group the directory holds, with its consent to the library, of the user's centre."""
    data = _csv(CONSENT, ["湯田温泉を愛する会", "任意団体", "山口市", "○"])
    (row,) = import_roster(ledger, FACILITATOR, data, _nobody, dry_run=False).rows
    assert row.party_id is not None
    return KnownParty(row.party_id, "湯田温泉を愛する会", "35203", True, "yamaguchi")


def test_a_registered_group_whose_roster_withdraws_its_consent_has_the_change_recorded(
    ledger: Ledger,
) -> None:
    party = _registered_with_consent(ledger)
    data = _csv(CONSENT, ["湯田温泉を愛する会", "任意団体", "山口市", "×"])
    checked = import_roster(ledger, FACILITATOR, data, lambda _: [party], dry_run=True)
    (row,) = checked.rows
    assert (row.outcome, row.consent, row.party_id) == (
        Outcome.CONSENT_TO_CHANGE,
        False,
        party.party_id,
    )
    assert ledger.get_party(UUID(party.party_id)).publication_consent is True  # a dry run

    done = import_roster(ledger, FACILITATOR, data, lambda _: [party], dry_run=False)
    assert [r.outcome for r in done.rows] == [Outcome.CONSENT_CHANGED]
    assert ledger.get_party(UUID(party.party_id)).publication_consent is False


def test_a_blank_or_the_same_consent_changes_nothing(ledger: Ledger) -> None:
    party = _registered_with_consent(ledger)
    head = ledger.recorder.max_notification_id()
    for consent in ("", "はい"):
        data = _csv(CONSENT, ["湯田温泉を愛する会", "任意団体", "山口市", consent])
        done = import_roster(ledger, FACILITATOR, data, lambda _: [party], dry_run=False)
        assert [(r.outcome, r.consent) for r in done.rows] == [(Outcome.ALREADY_REGISTERED, None)]
    assert ledger.recorder.max_notification_id() == head


def test_another_centre_s_group_keeps_its_consent_and_the_row_says_why(ledger: Ledger) -> None:
    party = replace(_registered_with_consent(ledger), centre="hagi")
    head = ledger.recorder.max_notification_id()
    data = _csv(CONSENT, ["湯田温泉を愛する会", "任意団体", "山口市", "×"])
    (row,) = import_roster(ledger, FACILITATOR, data, lambda _: [party], dry_run=False).rows
    assert row.outcome is Outcome.ALREADY_REGISTERED
    assert "他のセンター" in row.note
    assert ledger.recorder.max_notification_id() == head
