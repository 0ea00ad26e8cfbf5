"""Property: for random valid command sequences, every read model built incrementally (in
several runs of small batches, interleaved with the commands) equals the same read model
rebuilt from position 0 — on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import Callable
from datetime import date

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from application.ledger import Ledger
from domain.errors import DomainError
from domain.values import ContactDetails, FollowUp
from domain.vocabulary import ClosureResult, PartyKind, PartyRole
from persistence.settings import Settings
from persistence.wiring import build_ledger
from projections.engine.service import ServiceOptions
from projections.wiring import build_service, build_store, read_models
from tests.conftest import drop_ledger_tables
from tests.projections.support import dump, fresh_rebuild
from tests.support import MEETING, CaseFixture

MODELS = read_models()  # every registered read model, not only the case list and timeline
ON = date(2024, 7, 1)
LATER = date(2024, 12, 1)
Step = Callable[[Ledger, CaseFixture], object]


def _probono(ledger: Ledger, case: CaseFixture) -> object:
    party = ledger.register_party(
        case.ctx,
        kind=PartyKind.PRO_BONO_WORKER,
        name="",
        municipality="山口市",
        contact=ContactDetails(person_name="山田花子"),
        occurred_on=ON,
    ).aggregate_id
    return ledger.join_party(
        case.ctx, case.id, party_id=party, role=PartyRole.EXPERTISE, contribution="", occurred_on=ON
    )


def _withdraw(ledger: Ledger, case: CaseFixture) -> object:
    active = ledger.get_case(case.id).active_parties
    party = active[0].party_id if active else uuid.uuid4()
    return ledger.withdraw_party(case.ctx, case.id, party_id=party, reason="事情", occurred_on=ON)


def _present(ledger: Ledger, case: CaseFixture) -> object:
    """A meeting presents the case (refused unless nominated) and agrees a follow-up."""
    meeting = ledger.hold_meeting(
        MEETING, title="情報共有会議", host_centre="pref", occurred_on=LATER
    ).aggregate_id
    ledger.present_at_meeting(MEETING, meeting, case.id)
    follow_up = FollowUp(case.id, "下関市", "shimonoseki", "横展開")
    return ledger.agree_follow_up(MEETING, meeting, **vars(follow_up))


STEPS: dict[str, Step] = {
    "join_npo": lambda led, c: c.join("こどもの未来"),
    "join_business": lambda led, c: c.join("山口食品株式会社", PartyKind.BUSINESS),
    "join_probono": _probono,
    "withdraw": _withdraw,
    "propose": lambda led, c: led.propose_partners(
        c.ctx, c.id, party_ids=[c.party("山口食品株式会社")], rationale="", occurred_on=ON
    ),
    "hearing": lambda led, c: led.hold_hearing(c.ctx, c.id, summary="聞き取り", occurred_on=ON),
    "agree": lambda led, c: c.agree(),
    "act": lambda led, c: c.act(),
    "review": lambda led, c: c.review(),
    "close": lambda led, c: c.close(),
    "discontinue": lambda led, c: c.close(ClosureResult.DISCONTINUED),
    "reopen": lambda led, c: led.reopen_case(c.ctx, c.id, reason="再開", occurred_on=LATER),
    "nominate": lambda led, c: c.nominate(),
    "consent": lambda led, c: led.change_publication_consent(
        c.ctx, c.party("こどもの未来"), False, occurred_on=ON
    ),
    "present": _present,
    "note": lambda led, c: led.add_note(c.ctx, c.id, text="メモ", occurred_on=ON),
    "assign": lambda led, c: led.assign_facilitator(c.ctx, c.id, "fac-2", ON),
    "correct_title": lambda led, c: led.correct_step(
        c.ctx, c.id, corrected_version=1, changes={"title": "改題"}, reason="誤記"
    ),
    "correct_date": lambda led, c: led.correct_step(
        c.ctx,
        c.id,
        corrected_version=1,
        changes={"occurred_on": date(2024, 4, 20)},
        reason="日付の誤り",
    ),
}

commands = st.lists(
    st.tuples(st.sampled_from(sorted(STEPS)), st.integers(0, 2), st.booleans()),
    min_size=1,
    max_size=30,
)


def fresh(base: Settings) -> Settings:
    suffix = uuid.uuid4().hex[:10]
    if base.database_url is None:
        return dataclasses.replace(base, data_dir=base.data_dir / suffix)
    return dataclasses.replace(base, ledger_name=f"p{suffix}")


@hypothesis_settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=commands)
def test_incremental_equals_rebuilt_from_zero(
    settings: Settings, steps: list[tuple[str, int, bool]]
) -> None:
    example = fresh(settings)
    ledger = build_ledger(example)
    store = build_store(example)
    try:
        cases = [CaseFixture(ledger) for _ in range(3)]
        for case in cases:
            case.open()
        service = build_service(example, ledger, store, MODELS, ServiceOptions(batch_size=3))
        for name, index, project_now in steps:
            with contextlib.suppress(DomainError):  # a refused command leaves no event
                STEPS[name](ledger, cases[index])
            if project_now:
                service.run_until_caught_up()
        service.run_until_caught_up()
        for model in MODELS:
            assert dump(store, model) == fresh_rebuild(store, ledger, model)
    finally:
        store.drop_everything(MODELS)
        store.close()
        ledger.close()
        if example.database_url is not None:
            drop_ledger_tables(example.ledger_name)
