"""Steps for features/facilitator/party_roster.feature: the roster goes through the page's
named operation (`ImportPartyRoster`) on each store; what was recorded is read back from the
party directory and the ledger."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from api.graphql.ids import decode_id
from persistence.settings import Settings
from tests.api.client import GraphQLClient, running_api

FEATURE = "facilitator/party_roster.feature"
ROLES = {"情報共有・検討会議": "meeting"}


@dataclass
class Roster:
    api: GraphQLClient
    data: bytes = b""
    head: int = 0
    answer: dict[str, Any] = field(default_factory=dict)
    answers: list[dict[str, Any]] = field(default_factory=list)

    def position(self) -> int:
        container = self.api.http.app.state.container  # type: ignore[attr-defined]
        return int(container.ledger.recorder.max_notification_id() or 0)

    def run(self, dry_run: bool, role: str = "facilitator") -> dict[str, Any]:
        variables = {"file": base64.b64encode(self.data).decode(), "dryRun": dry_run}
        found = self.api.operation("facilitator", "ImportPartyRoster", variables, role=role)
        self.answer = found["importPartyRoster"]
        return self.answer

    def problems(self) -> list[dict[str, Any]]:
        if "problems" in self.answer:
            return list(self.answer["problems"])
        return [p for row in self.answer.get("rows", []) for p in row["problems"]]


@pytest.fixture
def roster(settings: Settings) -> Iterator[Roster]:
    with running_api(settings) as api:
        yield Roster(api)


def _csv(datatable: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(
        [cell.strip() for cell in row] for row in datatable
    )
    return out.getvalue()


@scenario(FEATURE, "名簿の団体がセンターの団体として登録される")
def test_a_roster_s_groups_are_registered_as_the_centre_s(roster: Roster) -> None:
    """Runs on each store (the `settings` fixture is parametrised)."""


@scenario(FEATURE, "確かめるだけなら何も登録されない")
def test_a_dry_run_records_nothing(roster: Roster) -> None:
    pass


@scenario(FEATURE, "すでに登録されている団体は取り込まない")
def test_a_group_already_registered_is_left_out(roster: Roster) -> None:
    pass


@scenario(FEATURE, "同じ名簿をもう一度取り込んでも二重に登録されない")
def test_a_roster_imported_again_registers_nothing_twice(roster: Roster) -> None:
    pass


@scenario(FEATURE, "直すところのある行があれば一つも登録されない")
def test_a_row_with_a_problem_keeps_every_row_out(roster: Roster) -> None:
    pass


@scenario(FEATURE, "山口県にない市町の行は直すところとして示される")
def test_a_municipality_outside_the_prefecture_is_a_problem(roster: Roster) -> None:
    pass


@scenario(FEATURE, "同じ団体が名簿に二度あれば直すところとして示される")
def test_a_group_twice_in_the_roster_is_a_problem(roster: Roster) -> None:
    pass


@scenario(FEATURE, "同意の有無と登録日は読めるように書く")
def test_a_consent_and_a_day_must_be_readable(roster: Roster) -> None:
    pass


@scenario(FEATURE, "個人のプロボノワーカーは名簿から取り込めない")
def test_a_pro_bono_worker_is_not_imported(roster: Roster) -> None:
    pass


@scenario(FEATURE, "見出しに団体名・種別・市町のない名簿は読めない")
def test_a_roster_without_the_headings_is_refused(roster: Roster) -> None:
    pass


@scenario(FEATURE, "Excel で保存した Shift_JIS の CSV も読める")
def test_a_shift_jis_csv_is_read(roster: Roster) -> None:
    pass


@scenario(FEATURE, "会議の参加者は名簿を取り込めない")
def test_a_meeting_participant_may_not_import(roster: Roster) -> None:
    pass


@scenario(FEATURE, "団体の行のない名簿は取り込めない")
def test_a_roster_without_groups_is_refused(roster: Roster) -> None:
    pass


@scenario(FEATURE, "一度に取り込めるのは1000行まで")
def test_a_roster_over_the_limit_is_refused(roster: Roster) -> None:
    pass


@scenario(FEATURE, "同じ名簿を同時に二度取り込んでも団体は一度だけ登録される")
def test_the_same_roster_twice_at_once_registers_each_group_once(roster: Roster) -> None:
    pass


@scenario(FEATURE, "名簿で掲載同意が変わった登録済みの団体は、同意だけが変更される")
def test_a_registered_group_s_consent_changes_as_the_roster_says(roster: Roster) -> None:
    pass


@scenario(FEATURE, "表として読めないファイルは取り込めない")
def test_a_file_that_is_no_table_is_refused(roster: Roster) -> None:
    pass


@given(parsers.parse("{count:d}団体の登録団体名簿がある"))
def many_groups(roster: Roster, count: int) -> None:
    rows = [["団体名", "種別", "市町"], *([f"会{i}", "任意団体", "山口市"] for i in range(count))]
    roster.data = _csv(rows).encode("utf-8")
    roster.head = roster.position()


@given("壊れた Excel のファイルがある")
def broken_workbook(roster: Roster) -> None:
    roster.data = b"PK\x03\x04 not a workbook"
    roster.head = roster.position()


@given("次の登録団体名簿がある")
def roster_given(roster: Roster, datatable: list[list[str]]) -> None:
    roster.data = _csv(datatable).encode("utf-8")
    roster.head = roster.position()


@given("次の登録団体名簿が Shift_JIS の CSV で保存されている")
def shift_jis_roster(roster: Roster, datatable: list[list[str]]) -> None:
    roster.data = _csv(datatable).encode("cp932")
    roster.head = roster.position()


@given(parsers.parse("{municipality}のNPO法人「{name}」が登録されている"))
def registered(roster: Roster, municipality: str, name: str) -> None:
    given_party = {"kind": "NPO_CORPORATION", "name": name, "municipality": municipality}
    found = roster.api.operation("facilitator", "RegisterParty", {"input": given_party})
    assert found["registerParty"]["__typename"] == "PartyPayload", found


@given(parsers.parse("{municipality}のNPO法人「{name}」が事例集への掲載に同意して登録されている"))
def registered_with_consent(roster: Roster, municipality: str, name: str) -> None:
    given_party = {
        "kind": "NPO_CORPORATION",
        "name": name,
        "municipality": municipality,
        "publicationConsent": True,
    }
    found = roster.api.operation("facilitator", "RegisterParty", {"input": given_party})
    assert found["registerParty"]["__typename"] == "PartyPayload", found


@given("名簿を取り込んだ")
@when("名簿を取り込む")
def imported(roster: Roster) -> None:
    answer = roster.run(dry_run=False)
    assert answer["__typename"] == "PartyRoster", answer
    roster.head = roster.position()


@when("同じ名簿を同時に二度取り込む")
def imported_twice_at_once(roster: Roster) -> None:
    with ThreadPoolExecutor(2) as pool:
        roster.answers = list(
            pool.map(lambda _: Roster(roster.api, roster.data).run(False), (1, 2))
        )


@when("名簿を確かめる")
def checked(roster: Roster) -> None:
    assert roster.run(dry_run=True)["__typename"] == "PartyRoster", roster.answer


@when(parsers.re(r"(?:(?P<who>情報共有・検討会議)が)?名簿を取り込もうとする"))
def attempted(roster: Roster, who: str | None) -> None:
    roster.run(dry_run=False, role=ROLES.get(who or "", "facilitator"))


@then(parsers.parse("{count:d}団体が登録される"))
def registered_count(roster: Roster, count: int) -> None:
    assert roster.answer["recorded"] is True
    assert roster.answer["registered"] == count
    assert sum(r["outcome"] == "REGISTERED" for r in roster.answer["rows"]) == count


@then(parsers.parse("{count:d}団体を登録する予定と示される"))
def to_register(roster: Roster, count: int) -> None:
    assert roster.answer["recorded"] is False
    assert roster.answer["toRegister"] == count
    assert {r["outcome"] for r in roster.answer["rows"]} == {"TO_REGISTER"}


@then(parsers.parse("どちらの答えも同じ{count:d}団体を登録したと示す"))
def both_answers_alike(roster: Roster, count: int) -> None:
    first, second = roster.answers
    for answer in (first, second):
        assert answer["__typename"] == "PartyRoster", answer
        assert answer["registered"] == count
    assert [r["partyId"] for r in first["rows"]] == [r["partyId"] for r in second["rows"]]


@then(parsers.parse("記録されたのは{count:d}団体の登録だけである"))
def recorded_once(roster: Roster, count: int) -> None:
    container = roster.api.http.app.state.container  # type: ignore[attr-defined]
    recorded = container.ledger.recorder.select_notifications(roster.head + 1, 100)
    assert [n.topic.rsplit(".", 1)[-1] for n in recorded] == ["Registered"] * count


@then(
    parsers.re(
        r"(?P<line>\d+)行目の団体は掲載同意を「(?P<said>あり|なし)」に変更(?P<when>する予定と示される|される)"
    )
)
def consent_changed(roster: Roster, line: str, said: str, when: str) -> None:
    (row,) = [r for r in roster.answer["rows"] if r["line"] == int(line)]
    planned = when.startswith("する予定")
    assert row["outcome"] == ("CONSENT_TO_CHANGE" if planned else "CONSENT_CHANGED"), row
    assert row["consent"] is (said == "あり")
    assert roster.answer["recorded"] is not planned
    counted = roster.answer["consentToChange" if planned else "consentChanged"]
    assert counted == 1


@then(parsers.parse("団体一覧の「{name}」は掲載に同意していない"))
def listed_without_consent(roster: Roster, name: str) -> None:
    found = roster.api.operation("facilitator", "PartyDirectory", {"filter": {"name": name}})
    (node,) = [e["node"] for e in found["parties"]["edges"] if e["node"]["name"] == name]
    assert node["publicationConsent"] is False


@then("何も記録されていない")
def nothing_recorded(roster: Roster) -> None:
    assert roster.position() == roster.head


@then(parsers.parse("{line:d}行目は登録済みの団体として取り込まれない"))
def left_out(roster: Roster, line: int) -> None:
    (row,) = [r for r in roster.answer["rows"] if r["line"] == line]
    assert row["outcome"] == "ALREADY_REGISTERED"
    assert row["partyId"]


@then(parsers.parse("「{code}」として断られる"))
def refused(roster: Roster, code: str) -> None:
    assert roster.answer["__typename"] != "PartyRoster", roster.answer
    assert roster.answer["code"] == code, roster.answer
    assert roster.answer["message"]


@then(parsers.parse("{line:d}行目の「{column}」に「{message}」と示される"))
def problem_shown(roster: Roster, line: int, column: str, message: str) -> None:
    shown = [(p["line"], p["column"], p["message"]) for p in roster.problems()]
    assert any(
        (at, col) == (line, column) and said.startswith(message) for at, col, said in shown
    ), shown


@then(parsers.parse("団体一覧の「{name}」は{municipality}の「{kind}」で、掲載に同意している"))
def listed(roster: Roster, name: str, municipality: str, kind: str) -> None:
    found = roster.api.operation("facilitator", "PartyDirectory", {"filter": {"name": name}})
    (node,) = [e["node"] for e in found["parties"]["edges"] if e["node"]["name"] == name]
    assert (node["kindLabel"], node["publicationConsent"]) == (kind, True)
    vocabulary = roster.api.operation("facilitator", "FormVocabulary")["vocabulary"]
    places = {m["code"]: m["ja"] for m in vocabulary["municipalities"]}
    assert places[node["municipality"]] == municipality


@then(parsers.parse("「{name}」は{centre}の団体である"))
def owned_by(roster: Roster, name: str, centre: str) -> None:
    (row,) = [r for r in roster.answer["rows"] if r["name"] == name]
    container = roster.api.http.app.state.container  # type: ignore[attr-defined]
    party = container.ledger.get_party(decode_id(row["partyId"], "Party", "partyId"))
    centres = {"山口市市民活動支援センター": "yamaguchi"}
    assert party.centre == centres[centre]
