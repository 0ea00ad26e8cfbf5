"""Walk every mutation and every query as each role: which are allowed, which refused.

Mutations are the API commands (`domain.commands.ALL_COMMANDS`, each a mutation named after
it) handled by the ledger, where the permission table decides; each is sent with sample
values naming a case, a party, a meeting and a plan of the yamaguchi centre. Queries are the
fields of the schema's `Query`, sent over HTTP with sample arguments. A cell is "refused"
when the answer is the permission error (`forbidden` / `FORBIDDEN`), else "allowed" (done,
or refused by a rule of the domain after the permission was granted).
"""

from __future__ import annotations

import dataclasses
import enum
import typing
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from types import NoneType, UnionType
from typing import Any
from uuid import UUID

from application.ledger import Ledger
from domain.commands import ALL_COMMANDS, Command
from domain.errors import DomainError, NotAllowedError
from domain.values import Actor, ContactDetails, SuccessStory
from domain.vocabulary import ActorRole
from tests.api.client import ACTORS
from tests.support import OPENED_ON, CaseFixture, context

MATRIX = Path(__file__).with_name("matrix.toml")

ROLES: dict[str, Actor] = ACTORS
"""The columns: a facilitator in their own centre's case and party, one of another centre."""

PLAN = "山口市協働推進計画"


def mutation_name(command: type[Command]) -> str:
    verb = command.verb()
    head, *rest = verb.split("_")
    return head + "".join(part.title() for part in rest)


def api_commands() -> list[type[Command]]:
    return [c for c in ALL_COMMANDS if c.api]


@dataclasses.dataclass
class World:
    """One case, one party (both of the yamaguchi centre), a meeting, a plan with an item
    and an indicator, recorded by the yamaguchi facilitator and the chief."""

    ledger: Ledger
    ids: dict[str, UUID]

    @classmethod
    def build(cls, ledger: Ledger) -> World:
        given = CaseFixture(ledger)
        case_id = given.open()
        party_id = given.party("こどもの未来")
        chief = context(ActorRole.CHIEF_FACILITATOR, "pref", "chief-01")
        meeting = ledger.hold_meeting(
            chief, title="第1回 情報共有会議", host_centre="pref", occurred_on=OPENED_ON
        ).aggregate_id
        plan = ledger.register_plan(chief, name=PLAN).aggregate_id
        ledger.add_plan_item(
            chief, plan_id=plan, number=1, title="協働の推進", policy="方針", measure="施策"
        )
        ledger.define_indicator(chief, plan=PLAN, code="K1", name="協働件数", unit="件")
        return cls(ledger, {"case": case_id, "party": party_id, "meeting": meeting, "plan": plan})

    def command(self, command: type[Command]) -> Command:
        hints = typing.get_type_hints(command)
        values: dict[str, Any] = {}
        for f in dataclasses.fields(command):
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            kind = str(f.metadata.get("refers_to") or "").rstrip("!")
            if kind:
                one = self.ids[kind]
                values[f.name] = (one,) if _is_tuple(hints[f.name]) else one
            elif required:
                values[f.name] = sample(f.name, hints[f.name])
        return command(**values)

    def attempt(self, role: str, command: type[Command]) -> str:
        ctx = context(ROLES[role].role, ROLES[role].centre, ROLES[role].user_id)
        try:
            self.ledger.handle(ctx, self.command(command))
        except NotAllowedError:
            return "refused"
        except DomainError:
            return "allowed"  # the permission was granted; a rule of the domain refused
        return "allowed"


_BY_NAME: dict[str, Any] = {
    "centre": "yamaguchi",
    "host_centre": "pref",
    "owner_centre": "pref",
    "municipality": "山口市",
    "municipalities": ("山口市",),
    "fields": ("まちづくり",),
    "sdgs": (11,),
    "plan": PLAN,
    "code": "K1",
    "fiscal_year": 2024,
    "number": 1,
    "corrected_version": 1,
    "period": "2024",
}


def sample(name: str, hint: Any) -> Any:
    if name in _BY_NAME:
        return _BY_NAME[name]
    makers: dict[Any, Callable[[], Any]] = {
        str: lambda: "記録",
        int: lambda: 1,
        float: lambda: 1.0,
        bool: lambda: True,
        date: lambda: OPENED_ON + timedelta(days=10),
        ContactDetails: ContactDetails,
        SuccessStory: lambda: SuccessStory("事例", "概要", "きっかけ", "成果", "教訓"),
    }
    if hint in makers:
        return makers[hint]()
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return next(iter(hint))
    if isinstance(hint, UnionType) and NoneType in typing.get_args(hint):
        return None
    origin = typing.get_origin(hint)
    if origin is tuple:
        return ()
    if origin is dict:
        return {}
    raise TypeError(f"no sample for {name}: {hint}")


def _is_tuple(hint: Any) -> bool:
    return typing.get_origin(hint) is tuple


# --- queries ------------------------------------------------------------------------------


def query_fields() -> dict[str, Any]:
    from api.graphql.schema import schema

    query_type = schema()._schema.query_type
    assert query_type is not None
    return dict(query_type.fields)


def query_document(name: str, field: Any, ids: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """`query($a: T!) { name(a: $a) { __typename } }` with the required arguments (and the
    ids the field reads) given sample values."""
    from graphql import GraphQLNonNull, Undefined, get_named_type, is_leaf_type

    params, args, variables = [], [], {}
    for arg_name, arg in field.args.items():
        value = _query_arg(name, arg_name, ids)
        if isinstance(value, int) and str(get_named_type(arg.type)) != "Int":
            value = None  # `number` is a case number (a string) on `case`, an int elsewhere
        required = isinstance(arg.type, GraphQLNonNull) and arg.default_value is Undefined
        if value is None and not required:
            continue
        if value is None:
            value = _by_type(str(get_named_type(arg.type)))
        params.append(f"${arg_name}: {arg.type}")
        args.append(f"{arg_name}: ${arg_name}")
        variables[arg_name] = value
    selection = "" if is_leaf_type(get_named_type(field.type)) else " { __typename }"
    head = f"query Walk({', '.join(params)})" if params else "query Walk"
    call = f"{name}({', '.join(args)})" if args else name
    return f"{head} {{ {call}{selection} }}", variables


_QUERY_ARGS: dict[tuple[str, str], str] = {
    ("partyContact", "partyId"): "party",
    ("personalDataReads", "partyId"): "party",
    ("partyHistory", "id"): "party",
    ("verifyParty", "id"): "party",
    ("planStatusList", "planId"): "plan",
    ("planItem", "planId"): "plan",
    ("proBonoNeeds", "caseId"): "case",
    ("node", "id"): "case",
}


def _query_arg(field: str, arg: str, ids: dict[str, str]) -> Any:
    if (field, arg) in _QUERY_ARGS:
        return ids[_QUERY_ARGS[(field, arg)]]
    for suffix, kind in (("caseId", "case"), ("partyId", "party"), ("planId", "plan")):
        if arg == suffix:
            return ids[kind]
    if arg == "id" and field in {"case", "caseHistory", "caseAsOf", "verifyCase", "similarCases"}:
        return ids["case"]
    samples: dict[str, Any] = {
        "reason": "確認のため",
        "fiscalYear": 2024,
        "number": 1,
        "version": 1,
        "first": 5,
        "plan": PLAN,
        "query": "",
        "date": (OPENED_ON + timedelta(days=1)).isoformat(),
    }
    return samples.get(arg)


def _by_type(type_name: str) -> Any:
    return {"String": "x", "Int": 1, "ID": "x", "Boolean": True, "Date": "2024-05-02"}.get(
        type_name, "x"
    )
