"""A roster imported twice — pressed twice, sent again after a timeout, both at once — by the
same user on the same day registers each group once, on SQLite and PostgreSQL: the second
import answers with the parties the first registered, even where the party directory cannot
yet show them."""

from __future__ import annotations

import csv
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import timedelta

from application.ledger import Ledger
from application.party_import import KnownParty, Outcome, RosterImport, import_roster
from tests.support import FACILITATOR, context

ROWS = [
    ["団体名", "種別", "市町"],
    ["湯田温泉を愛する会", "任意団体", "山口市"],
    ["大殿地区自治会", "自治会", "山口市"],
    ["ほうふ子ども食堂ネット", "NPO法人", "防府市"],
]


def _roster() -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(ROWS)
    return out.getvalue().encode("utf-8")


def _nobody(municipalities: frozenset[str]) -> list[KnownParty]:
    """A directory that has not yet taken in what the other import registered."""
    return []


def _ids(done: RosterImport) -> list[str | None]:
    assert [r.outcome for r in done.rows] == [Outcome.REGISTERED] * 3
    return [r.party_id for r in done.rows]


def _events(ledger: Ledger) -> int:
    return len(ledger.recorder.select_notifications(1, 1000))


def test_the_same_file_again_answers_the_first_import_s_parties(ledger: Ledger) -> None:
    first = import_roster(ledger, FACILITATOR, _roster(), _nobody, dry_run=False)
    recorded = _events(ledger)
    again = import_roster(ledger, FACILITATOR, _roster(), _nobody, dry_run=False)
    assert _ids(again) == _ids(first)
    assert _events(ledger) == recorded == 3


def test_two_imports_of_the_same_file_at_once_register_each_group_once(ledger: Ledger) -> None:
    with ThreadPoolExecutor(2) as pool:
        both = list(
            pool.map(
                lambda _: import_roster(ledger, FACILITATOR, _roster(), _nobody, dry_run=False),
                range(2),
            )
        )
    assert _ids(both[0]) == _ids(both[1])
    assert _events(ledger) == 3


def test_another_file_another_user_or_another_day_is_an_import_of_its_own(
    ledger: Ledger,
) -> None:
    """Beyond the same file on the same day, the directory tells what is registered (the
    entrypoints bring it up to date first): here it knows nothing, so each import registers."""
    first = import_roster(ledger, FACILITATOR, _roster(), _nobody, dry_run=False)
    other_user = context(user_id="fac-yamaguchi-02")
    next_day = replace(FACILITATOR, today=FACILITATOR.today + timedelta(days=1))
    for ctx, data in (
        (other_user, _roster()),
        (next_day, _roster()),
        (FACILITATOR, _roster() + "さくら会,任意団体,山口市\r\n".encode()),
    ):
        done = import_roster(ledger, ctx, data, _nobody, dry_run=False)
        assert {r.outcome for r in done.rows} == {Outcome.REGISTERED}
        assert {r.party_id for r in done.rows}.isdisjoint(_ids(first))
    assert _events(ledger) == 3 + 3 + 3 + 4
