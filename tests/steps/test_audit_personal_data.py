"""Steps for features/auditor/personal_data.feature, through the named operations, on
SQLite and on PostgreSQL (the `settings` fixture is parametrised)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pytest_bdd import given, parsers, scenario, then, when

from application.personal_data import parties_in_clear
from domain.values import ContactDetails
from persistence.settings import Settings
from persistence.wiring import build_ledger
from tests.api.client import GraphQLClient, running_api
from tests.api.scenario import CaseStory, day
from tests.cli.conftest import Kyodo, settings_env
from tests.personal_data.conftest import in_clear, stored_bytes
from tests.personal_data.legacy import register_in_clear
from tests.personal_data.verify import chain_breaks

FEATURE = "auditor/personal_data.feature"

ROLES = {
    "ファシリテーター": "facilitator",
    "宇部市のセンターのファシリテーター": "other_facilitator",
    "監査人": "auditor",
    "管理者": "admin",
}
WHO = r"(?P<who>宇部市のセンターのファシリテーター|ファシリテーター|監査人|管理者)"


@dataclass
class World:
    api: GraphQLClient
    settings: Settings
    parties: dict[str, str] = field(default_factory=dict)
    story: CaseStory | None = None
    result: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def read(self, who: str, person: str, reason: str) -> None:
        response = self.api.operation_response(
            "auditor",
            "ReadPartyContact",
            {"partyId": self.parties[person], "reason": reason},
            role=ROLES[who],
        ).json()
        self.errors = response.get("errors") or []
        self.result = (response.get("data") or {}).get("partyContact") or {}

    def erase(self, who: str, person: str, reason: str) -> dict[str, Any]:
        data = self.api.operation(
            "auditor",
            "ErasePartyPersonalData",
            {"input": {"partyId": self.parties[person], "reason": reason}},
            role=ROLES[who],
        )
        self.result = data["erasePartyPersonalData"]
        return self.result

    def write(self, who: str, group: str, operation: str, variables: dict[str, Any]) -> None:
        """A step whose refusal is its answer (a `CommandError`) or an error (not allowed)."""
        response = self.api.operation_response(
            group, operation, {"input": variables}, role=ROLES[who]
        ).json()
        self.errors = response.get("errors") or []
        found = (response.get("data") or {}).values()
        self.result = next(iter(found), None) or {}

    def request_erasure(self, who: str, person: str, on: str | None = None) -> None:
        input = {"partyId": self.parties[person], "note": "窓口で本人確認のうえ受付"}
        if on is not None:
            input["occurredOn"] = on
        self.write(who, "party", "RequestPersonalDataErasure", input)

    def decline_erasure(self, who: str, person: str, reason: str) -> None:
        input = {"partyId": self.parties[person], "reason": reason}
        self.write(who, "admin", "DeclinePersonalDataErasure", input)

    def erasure_requests(self) -> list[dict[str, Any]]:
        data = self.api.operation("admin", "PersonalDataErasureRequests", {}, role="admin")
        return list(data["personalDataErasureRequests"])

    def party_page(self, person: str) -> dict[str, Any]:
        found = self.api.operation("party", "PartyPage", {"id": self.parties[person]})
        return dict(found["node"])

    def reads(self) -> list[dict[str, Any]]:
        data = self.api.operation("auditor", "PersonalDataReads", {}, role="auditor")
        return [edge["node"] for edge in data["personalDataReads"]["edges"]]


@pytest.fixture
def world(settings: Settings) -> Iterator[World]:
    with running_api(settings) as api:
        yield World(api, settings)


@scenario(FEATURE, "連絡先は暗号化して保管され、保存された記録に平文では残らない")
def test_contact_details_are_not_stored_in_clear(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "ファシリテーターは理由を添えて連絡先を閲覧でき、その閲覧は記録される")
def test_a_facilitator_reads_with_a_reason_and_the_read_is_logged(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "理由を書かずに連絡先は閲覧できない")
def test_no_read_without_a_reason(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "監査人は閲覧記録を確かめるが、連絡先そのものは閲覧できない")
def test_an_auditor_lists_reads_but_reads_no_contact(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "管理者が個人情報を消去すると、どこにも「消去済み」としか表示されない")
def test_after_erasure_everything_shows_erased(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "管理者でなければ個人情報は消去できない")
def test_only_an_administrator_erases(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去の理由は必ず記録する")
def test_an_erasure_records_its_reason(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去した個人情報をもう一度消去することはできない")
def test_personal_data_is_erased_once(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去の後も、その人が参加した案件のタイムラインはそのまま読める")
def test_the_timeline_reads_after_erasure(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "暗号化の前に平文で記録された連絡先は、移行で暗号化して記録し直す")
def test_contact_details_stored_in_clear_are_sealed_by_the_migration(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "センターが受け付けた消去請求は管理者の一覧に載り、消去すると一覧から消える")
def test_a_received_request_waits_for_the_admin_until_erased(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "管理者は理由を添えて、消去しない旨を決定できる")
def test_the_admin_may_decide_not_to_erase(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "管理者の対応を待っている消去請求を、重ねて受け付けることはできない")
def test_one_request_waits_at_a_time(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去済みの個人情報の消去請求は受け付けない")
def test_erased_data_is_not_requested_again(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "受け付けた請求がなければ、消去しない旨は決定できない")
def test_only_a_waiting_request_is_declined(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去しない理由は必ず記録する")
def test_a_decision_not_to_erase_records_its_reason(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "監査人は、受け付けた消去請求と管理者の対応をすべて確かめられる")
def test_the_auditor_reads_every_request_and_its_answer(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去請求は、その団体を登録したセンターが受け付ける")
def test_the_party_s_centre_receives_requests(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "明日の日付で消去請求は受け付けられない")
def test_a_request_is_not_received_tomorrow(world: World) -> None:
    """Runs on each store."""


@scenario(FEATURE, "消去しない旨を決定できるのは管理者だけだ")
def test_only_the_admin_decides_not_to_erase(world: World) -> None:
    """Runs on each store."""


@given(
    parsers.re(
        r"「(?P<person>[^」]+)」さんをメール「(?P<email>[^」]+)」で"
        r"プロボノワーカーとして登録した"
    )
)
def _registered(world: World, person: str, email: str) -> None:
    data = world.api.operation(
        "facilitator",
        "RegisterParty",
        {
            "input": {
                "kind": "PRO_BONO_WORKER",
                "name": "",
                "municipality": "下関市",
                "contact": {"personName": person, "email": email, "phone": "083-111-2222"},
            }
        },
    )
    written = data["registerParty"]
    assert written["__typename"] == "PartyPayload", written
    world.parties[person] = written["partyId"]


@when(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」のために「(?P<person>[^」]+)」さんの連絡先を閲覧する"
    )
)
@when(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」のために「(?P<person>[^」]+)」さんの連絡先を閲覧しようとする"
    )
)
@when(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」に「(?P<person>[^」]+)」さんの連絡先を閲覧しようとする"
    )
)
def _read(world: World, who: str, reason: str, person: str) -> None:
    world.read(who, person, reason)


@when(parsers.re(rf"{WHO}が理由を書かずに「(?P<person>[^」]+)」さんの連絡先を閲覧しようとする"))
def _read_without_reason(world: World, who: str, person: str) -> None:
    world.read(who, person, " ")


@given(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」を理由に「(?P<person>[^」]+)」さんの個人情報を消去した"
    )
)
def _erased(world: World, who: str, reason: str, person: str) -> None:
    assert world.erase(who, person, reason)["__typename"] == "PartyPayload", world.result


@when(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」を理由に「(?P<person>[^」]+)」さんの個人情報を"
        r"(?:消去する|消去しようとする)"
    )
)
def _erase(world: World, who: str, reason: str, person: str) -> None:
    world.erase(who, person, reason)


@when(parsers.re(rf"{WHO}が理由を書かずに「(?P<person>[^」]+)」さんの個人情報を消去しようとする"))
def _erase_without_reason(world: World, who: str, person: str) -> None:
    world.erase(who, person, "")


@then(
    parsers.re(
        r"保存された記録のどこにも「(?P<first>[^」]+)」も「(?P<second>[^」]+)」も平文では残っていない"
    )
)
def _nothing_in_clear(world: World, first: str, second: str) -> None:
    states = stored_bytes(world.settings)
    assert states
    assert in_clear(states, first, second, "083-111-2222") == []


@then(parsers.re(r"氏名「(?P<person>[^」]+)」とメール「(?P<email>[^」]+)」が見える"))
def _contact_shown(world: World, person: str, email: str) -> None:
    assert world.errors == []
    assert (world.result["personName"], world.result["email"]) == (person, email)
    assert world.result["erased"] is False


@then(
    parsers.re(
        rf"監査人の閲覧記録に、{WHO}が「(?P<reason>[^」]+)」のために閲覧したことが載っている"
    )
)
def _read_logged(world: World, who: str, reason: str) -> None:
    (read,) = world.reads()
    assert (read["actorRole"], read["reason"]) == (ROLES[who].upper(), reason)
    assert read["partyId"] in world.parties.values()
    assert read["readAt"]


@then("監査人の閲覧記録は空のままだ")
def _no_reads(world: World) -> None:
    assert world.reads() == []


@then(parsers.re(r"「(?P<message>.+)」と伝えられる"))
def _told(world: World, message: str) -> None:
    if world.errors:
        assert world.errors[0]["message"] == message
    else:
        assert world.result.get("message") == message, world.result


@then("閲覧は権限がないとして断られる")
def _forbidden(world: World) -> None:
    assert world.errors[0]["extensions"]["code"] == "FORBIDDEN"
    assert world.result == {}


@then(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」のために閲覧すると、連絡先はすべて「消去済み」と表示される"
    )
)
def _read_erased(world: World, who: str, reason: str) -> None:
    (person,) = world.parties
    world.read(who, person, reason)
    assert world.result["erased"] is True
    shown = {world.result[k] for k in ("personName", "email", "phone", "address")}
    assert shown == {"消去済み"}


@then("団体名簿では個人情報が「消去済み」と表示される")
def _directory(world: World) -> None:
    (party_id,) = world.parties.values()
    node = world.api.operation("auditor", "PartyInDirectory", {"id": party_id}, role="auditor")
    assert node["node"]["personalData"] == "消去済み"
    assert node["node"]["personalDataErased"] is True
    assert node["node"]["name"] == "プロボノワーカー（個人）"


@then("すべての記録の改ざん検証が通る")
def _chains(world: World) -> None:
    assert chain_breaks(world.settings) == []


@then("連絡先は消去されていない")
def _not_erased(world: World) -> None:
    (person,) = world.parties
    world.read("ファシリテーター", person, "確認")
    assert world.result["erased"] is False
    assert world.result["personName"] == person


# --- a case the person took part in ------------------------------------------------------


@given(parsers.re(r"(?P<municipality>[^\s「]+)で「(?P<title>[^」]+)」の相談を受け付けた"))
def _case(world: World, municipality: str, title: str) -> None:
    world.story = CaseStory(world.api)
    world.story.open(title, municipality)


@given(parsers.re(r"「(?P<person>[^」]+)」さんが専門知識・プロボノとして参加した"))
def _joined(world: World, person: str) -> None:
    assert world.story is not None
    world.story.step(
        "JoinParty",
        {
            "partyId": world.parties[person],
            "role": "EXPERTISE",
            "contribution": "チラシのデザイン",
            "occurredOn": day(5),
        },
    )


@then(
    parsers.re(
        r"タイムラインには「(?P<shown>[^」]+)」が参加したと読め、"
        r"「(?P<person>[^」]+)」はどこにも出てこない"
    )
)
def _timeline(world: World, shown: str, person: str) -> None:
    assert world.story is not None
    data = world.api.operation("facilitator", "CaseTimeline", {"number": world.story.number})
    entries = [edge["node"] for edge in data["case"]["timeline"]["edges"]]
    assert any(shown in entry["summary"] for entry in entries), entries
    assert person not in repr(data)


# --- a store written before encryption ------------------------------------------------------


@given(
    parsers.re(
        r"暗号化の前に、ボランティア団体「(?P<name>[^」]+)」が連絡先「(?P<person>[^」]+)」"
        r"「(?P<email>[^」]+)」とともに平文で登録されていた"
    )
)
def _in_clear(world: World, name: str, person: str, email: str) -> None:
    ledger = build_ledger(world.settings)
    try:
        party_id = register_in_clear(ledger, ContactDetails(person, email), name)
    finally:
        ledger.close()
    world.parties[name] = str(party_id)


@when("管理者が連絡先の暗号化の移行を実行する")
def _migrate(world: World) -> None:
    result = Kyodo(settings_env(world.settings))("audit", "seal-contacts")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "連絡先を暗号化しました: 1件"


@then(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」のために「(?P<name>[^」]+)」の連絡先を閲覧すると、"
        r"氏名「(?P<person>[^」]+)」が見える"
    )
)
def _read_migrated(world: World, who: str, reason: str, name: str, person: str) -> None:
    world.read(who, name, reason)
    assert world.result["personName"] == person


@then(parsers.re(r"「(?P<name>[^」]+)」の連絡先はこれ以上暗号化するものがない"))
def _nothing_left(world: World, name: str) -> None:
    ledger = build_ledger(world.settings)
    try:
        assert parties_in_clear(ledger) == []
    finally:
        ledger.close()


@then(parsers.re(r"移行前の記録には「(?P<email>[^」]+)」が平文のまま残っている"))
def _old_bytes(world: World, email: str) -> None:
    states = stored_bytes(world.settings)
    assert in_clear(states, email) == [email]
    assert in_clear(states[-1:], email) == []


# --- requests to erase (消去請求) ------------------------------------------------------------


@given(parsers.re(rf"{WHO}が「(?P<person>[^」]+)」さんから個人情報の消去請求を受け付けた"))
def _erasure_requested(world: World, who: str, person: str) -> None:
    world.request_erasure(who, person)
    assert world.result["__typename"] == "PartyPayload", world.result


@when(parsers.re(rf"{WHO}が「(?P<person>[^」]+)」さんから個人情報の消去請求を受け付ける"))
def _request_erasure(world: World, who: str, person: str) -> None:
    world.request_erasure(who, person)


@when(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」を理由に「(?P<person>[^」]+)」さんの個人情報を"
        r"消去しない旨を決定(?:する|しようとする)"
    )
)
def _decline_erasure(world: World, who: str, reason: str, person: str) -> None:
    world.decline_erasure(who, person, reason)


@given(
    parsers.re(
        rf"{WHO}が「(?P<reason>[^」]+)」を理由に「(?P<person>[^」]+)」さんの個人情報を"
        r"消去しない旨を決定した"
    )
)
def _declined_erasure(world: World, who: str, reason: str, person: str) -> None:
    world.decline_erasure(who, person, reason)
    assert world.result["__typename"] == "PartyPayload", world.result


@then(
    "監査人の消去請求の記録には、新しい順に「消去」「消去しない旨の決定」の2件が理由とともに載っている"
)
def _records_kept(world: World) -> None:
    data = world.api.operation("auditor", "PersonalDataErasureRecords", {}, role="auditor")
    records = [e["node"] for e in data["personalDataErasureRecords"]["edges"]]
    assert [(r["outcome"], r["reason"]) for r in records] == [
        ("erased", "本人からの再度の請求"),
        ("declined", "保存が必要"),
    ]
    assert all(r["partyName"] == "プロボノワーカー（個人）" for r in records)


@when(
    parsers.re(
        rf"{WHO}が理由を書かずに「(?P<person>[^」]+)」さんの個人情報を消去しない旨を決定しようとする"
    )
)
def _decline_without_reason(world: World, who: str, person: str) -> None:
    world.decline_erasure(who, person, " ")


@then(parsers.re(r"管理者の消去請求の一覧に「(?P<person>[^」]+)」さんの請求が載っている"))
def _listed_request(world: World, person: str) -> None:
    (request,) = world.erasure_requests()
    assert request["partyId"] == world.parties[person]
    assert request["partyKind"] == "PRO_BONO_WORKER"
    assert request["note"] == "窓口で本人確認のうえ受付"
    assert request["byAgent"] is False
    assert request["receivedBy"]
    assert request["pending"] is True


@when(
    parsers.re(rf"{WHO}が「(?P<person>[^」]+)」さんから明日の日付で個人情報の消去請求を受け付ける")
)
def _request_erasure_tomorrow(world: World, who: str, person: str) -> None:
    tomorrow = datetime.now(ZoneInfo("Asia/Tokyo")).date() + timedelta(days=1)
    world.request_erasure(who, person, on=tomorrow.isoformat())


@then("未来の日付として断られる")
def _future(world: World) -> None:
    assert world.result["code"] == "occurred_on_in_future", world.result


@then("管理者の消去請求の一覧は空だ")
def _no_requests(world: World) -> None:
    assert world.erasure_requests() == []


@then("団体の頁では、消去請求が管理者の対応を待っていると読める")
def _page_pending(world: World) -> None:
    (person,) = world.parties
    request = world.party_page(person)["erasureRequest"]
    assert request["pending"] is True
    assert request["declinedOn"] is None


@then(parsers.re(r"団体の頁では、消去しない理由「(?P<reason>[^」]+)」が読める"))
def _page_declined(world: World, reason: str) -> None:
    (person,) = world.parties
    page = world.party_page(person)
    request = page["erasureRequest"]
    assert request["pending"] is False
    assert request["declineReason"] == reason
    assert request["declinedOn"] is not None
    assert page["personalDataErased"] is False


@then("消去請求はすでに受け付けて管理者の対応を待っているとして断られる")
def _already_requested(world: World) -> None:
    assert world.result["code"] == "erasure_already_requested", world.result
    assert "管理者の対応を待っています" in world.result["message"]
