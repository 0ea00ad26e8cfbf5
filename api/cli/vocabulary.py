"""`kyodo vocabulary [KIND]`: the codes kyodo accepts, with their Japanese names.

Wherever a centre, a municipality or a field of activity is asked for, its code and its
Japanese name are both accepted (`yamaguchi` or 山口市民活動支援センター, `35203` or 山口市).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import typer

from api.cli.common import fail
from api.cli.wording import pad
from domain.vocabulary import (
    CENTRES,
    FIELDS_OF_ACTIVITY,
    MUNICIPALITIES,
    SDGS,
    ActorRole,
    PartyKind,
    PartyRole,
)

Row = tuple[str, str, str]


def _centres() -> Iterable[Row]:
    return ((c.code, c.ja, f"番号の頭: {c.short}") for c in CENTRES)


def _municipalities() -> Iterable[Row]:
    return ((m.code, m.ja, m.en) for m in MUNICIPALITIES)


def _fields() -> Iterable[Row]:
    return ((t.code, t.ja, t.en) for t in FIELDS_OF_ACTIVITY)


def _sdgs() -> Iterable[Row]:
    return ((t.code, t.ja, t.en) for t in SDGS)


def _party_kinds() -> Iterable[Row]:
    return ((k.value, k.ja, k.en) for k in PartyKind)


def _party_roles() -> Iterable[Row]:
    return ((r.value, r.ja, r.en) for r in PartyRole)


def _roles() -> Iterable[Row]:
    return ((r.value, r.ja, r.en) for r in ActorRole if r is not ActorRole.SYSTEM)


KINDS: dict[str, tuple[str, Callable[[], Iterable[Row]]]] = {
    "centres": ("支援センター（--centre、centre）", _centres),
    "municipalities": ("市町（municipality）", _municipalities),
    "fields": ("活動分野（fields）", _fields),
    "sdgs": ("SDGs（sdgs）", _sdgs),
    "party-kinds": ("団体の種類（kind）", _party_kinds),
    "party-roles": ("参加団体の役割（role）", _party_roles),
    "roles": ("利用者の役割（kyodo users add --role）", _roles),
}


def vocabulary(
    kind: str | None = typer.Argument(
        None, metavar="[KIND]", help=f"一つだけ表示する: {' / '.join(KINDS)}"
    ),
) -> None:
    """受け付けるコード（センター・市町・分野・SDGs・団体の種類・役割）と日本語名を表示する。"""
    if kind is not None and kind not in KINDS:
        raise fail(
            f"エラー: 語彙「{kind}」はありません（{' / '.join(KINDS)}） [unknown_vocabulary]"
        )
    chosen = [kind] if kind else list(KINDS)
    for index, name in enumerate(chosen):
        title, rows = KINDS[name]
        if index:
            typer.echo("")
        typer.echo(f"{name}: {title}")
        for code, ja, note in rows():
            typer.echo(f"  {code:<26} {pad(ja, 34)} {note}".rstrip())
