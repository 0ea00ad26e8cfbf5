"""What a facilitator does in the scenarios, as plain functions over the world."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from domain.values import CommandContext, RoleAssignment, SuccessStory
from domain.vocabulary import ClosureResult, CollaborationForm, PartyKind, ReviewKind
from tests.steps.facilitator.world import ROLES, World, centre_of, day


def run(world: World, form: str, command: Callable[[], object]) -> None:
    """A step told in the past (「…した」) must succeed; an attempt keeps its refusal."""
    if form.endswith("た"):
        command()
    else:
        world.attempt(command)


def step_date(world: World, on: str | None) -> date:
    """The given date, or the next day after the last recorded step (never past today)."""
    if on:
        return day(on)
    history = world.ledger.case_history(world.case)
    latest = max(e.occurred_on for e in history)
    return min(latest + timedelta(days=7), world.today)


def prepare_consultation(world: World, municipality: str) -> None:
    """The centre that takes the consultation, and the group that brings it."""
    world.centre = centre_of(municipality)
    world.register("相談者の会", PartyKind.VOLUNTARY_GROUP)


def open_case(world: World, municipality: str, title: str, on: date, **changes: Any) -> None:
    initiator = world.parties["相談者の会"]
    arguments: dict[str, Any] = {
        "title": title,
        "issue_statement": "地域の課題を一緒に解決したい",
        "municipality": municipality,
        "fields": ["まちづくり"],
        "sdgs": [11],
        "centre": world.centre,
        **changes,
    }
    result = world.ledger.receive_consultation(
        world.staff, initiating_party_id=initiator, occurred_on=on, **arguments
    )
    world.case_id = result.aggregate_id
    world.cases[title] = result.aggregate_id


def join(world: World, name: str, kind: PartyKind, role: str, person: str = "") -> None:
    party = world.register(name, kind, person=person)
    world.ledger.join_party(
        world.staff,
        world.case,
        party_id=party,
        role=ROLES[role],
        contribution="協力",
        occurred_on=step_date(world, None),
    )


def agree(world: World, ctx: CommandContext, on: str | None) -> None:
    case = world.ledger.get_case(world.case)
    roles = [RoleAssignment(ref.party_id, ROLES["協働パートナー"]) for ref in case.active_parties]
    agree_with(world, ctx, on, roles)


def agree_with(
    world: World, ctx: CommandContext, on: str | None, roles: list[RoleAssignment]
) -> None:
    when_ = step_date(world, on)
    world.ledger.reach_agreement(
        ctx,
        world.case,
        roles=roles,
        period_start=when_,
        form=CollaborationForm.EXECUTIVE_COMMITTEE,
        occurred_on=when_,
    )


def act(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.carry_out_activity(
        ctx,
        world.case,
        title="第1回の活動",
        participants=25,
        volunteers=6,
        occurred_on=step_date(world, on),
    )


def review(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.conduct_review(
        ctx,
        world.case,
        kind=ReviewKind.SELF,
        summary="目標の参加者数を上回った",
        occurred_on=step_date(world, on),
    )


def closer(result: ClosureResult) -> Callable[[World, CommandContext, str | None], None]:
    def close(world: World, ctx: CommandContext, on: str | None) -> None:
        world.ledger.close_case(ctx, world.case, result=result, occurred_on=step_date(world, on))

    return close


def nominate(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.nominate_success_case(ctx, world.case, occurred_on=step_date(world, on))


def story(world: World, extra: tuple[str, ...] = ()) -> SuccessStory:
    case = world.ledger.get_case(world.case)
    return SuccessStory(
        title="地域ぐるみの子ども食堂",
        summary="NPOと事業者が協働して子ども食堂を開いた",
        how_started="相談窓口への一本の電話",
        outcomes="延べ300人が利用",
        lessons="食材の提供を事業者と分担した",
        party_ids=(*case.participations, *(world.parties[name] for name in extra)),
    )


def publish(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.publish_success_case(
        ctx, world.case, story=story(world), occurred_on=step_date(world, on)
    )


def withdraw_publication(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.withdraw_success_case(
        ctx, world.case, reason="掲載内容の見直し", occurred_on=step_date(world, on)
    )


def reopen(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.reopen_case(
        ctx, world.case, reason="活動を再開する", occurred_on=step_date(world, on)
    )


def hearing(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.hold_hearing(
        ctx, world.case, summary="代表者から活動の様子を聞いた", occurred_on=step_date(world, on)
    )


def note(world: World, ctx: CommandContext, on: str | None) -> None:
    world.ledger.add_note(
        ctx, world.case, text="電話で近況を確認", occurred_on=step_date(world, on)
    )


Step = Callable[[World, CommandContext, str | None], None]

STEPS: dict[str, Step] = {
    "agree": agree,
    "act": act,
    "review": review,
    "succeed": closer(ClosureResult.SUCCEEDED),
}

# (done, do, attempt) → the step; the three forms share one command.
PHRASES: dict[tuple[str, str, str], Step] = {
    ("合意を記録した", "合意を記録する", "合意を記録しようとする"): agree,
    ("活動の実施を記録した", "活動の実施を記録する", "活動の実施を記録しようとする"): act,
    (
        "振り返り・評価を記録した",
        "振り返り・評価を記録する",
        "振り返り・評価を記録しようとする",
    ): review,
    ("成功として完了した", "成功として完了する", "成功として完了しようとする"): STEPS["succeed"],
    ("中止として完了した", "中止として完了する", "中止として完了しようとする"): closer(
        ClosureResult.DISCONTINUED
    ),
    ("取り下げとして完了した", "取り下げとして完了する", "取り下げとして完了しようとする"): closer(
        ClosureResult.WITHDRAWN
    ),
    (
        "成功事例として推薦した",
        "成功事例として推薦する",
        "成功事例として推薦しようとする",
    ): nominate,
    ("成功事例として公開した", "成功事例として公開する", "成功事例として公開しようとする"): publish,
    ("公開を取り下げた", "公開を取り下げる", "公開を取り下げようとする"): withdraw_publication,
    ("案件を再開した", "案件を再開する", "案件を再開しようとする"): reopen,
    ("ヒアリングを記録した", "ヒアリングを記録する", "ヒアリングを記録しようとする"): hearing,
    ("メモを記録した", "メモを記録する", "メモを記録しようとする"): note,
}
BY_PHRASE: dict[str, Step] = {
    phrase: command for phrases, command in PHRASES.items() for phrase in phrases
}
