"""Commands: what a user asks the ledger to do, each declared once as a frozen dataclass.

A command's fields carry their input checks (`text("議題")`, `count("参加者数")`, ...). The
aggregate's rule method runs them with `checked()` at the point where the rule allows, so a
refusal names the first broken rule exactly as before. Everything outside the domain (GraphQL
inputs and mutations, the CLI's wording, the demo data) is derived from these declarations.

Every text a command carries must also be storable (`require_storable()`, which `checked()`
runs first): no control characters but tab, LF and CR, no lone surrogates, and at most its
field's length limit — `FREE_TEXT_LIMIT` for free text (`text`, `free`, and each text inside a
value object), `SHORT_TEXT_LIMIT` for every other string (names, titles, codes).
ADR 2026-12-02-poison-and-limits.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, ClassVar, Literal, dataclass_transform
from uuid import UUID

from domain import rules
from domain.errors import TooLongError, UnstorableCharacterError
from domain.pro_bono_vocabulary import skill_code, skill_codes

Check = Callable[[Any, str, str], Any]

SHORT_TEXT_LIMIT = 200
"""Characters of a name, a title or a code: a string field not declared as free text."""
FREE_TEXT_LIMIT = 10_000
"""Characters of free text (a note, a statement, decisions, a reason), and of each text
inside a value object (a published story, an outcome, contact details)."""

_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""C0 and C1 control characters except tab, LF and CR; DEL; lone surrogates."""


def camel(name: str) -> str:
    """`issue_statement` → `issueStatement`: how fields are named to users and API clients."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@functools.cache
def snake(name: str) -> str:
    """`HoldRoundtable` → `hold_roundtable`: the aggregate's rule and the ledger's verb
    (asked of every step at every answer that lists the steps a case refuses: kept)."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# --- field declarations: a label for people, a check for values -----------------------------

_NO_DEFAULT: Any = dataclasses.MISSING


Among = Literal["active", "case", "outside"]
"""The parties of its case a field may name: `active`, those taking part now (a party
withdrawing, an agreement's roles); `case`, any that ever took part (a published story);
`outside`, any not taking part now (a party joining, or joining again). The case's rule
refuses any other (`Case._check_inputs`); the page offers only `active` and `case` parties,
and those not taking part first for `outside` (the others after them, to be seen)."""


def declare(
    label: str,
    check: Check | None = None,
    *,
    default: Any = _NO_DEFAULT,
    refers_to: str | None = None,
    error_field: str | None = None,
    description: str = "",
    limit: int = SHORT_TEXT_LIMIT,
    among: Among | None = None,
) -> Any:
    """A command field: its Japanese label, its check, what kind of id it holds, how many
    characters each of its strings may have (texts inside value objects: `FREE_TEXT_LIMIT`),
    and `among`: of which of the case's parties those it names must be (see `Among`)."""
    metadata = {
        "label": label,
        "check": check,
        "refers_to": refers_to,
        "error_field": error_field,
        "description": description,
        "limit": limit,
        "among": among,
    }
    if isinstance(default, (list, dict, set)):
        raise TypeError("mutable defaults: use a tuple")
    return dataclasses.field(default=default, metadata=metadata)


def _required_text(value: Any, name: str, label: str) -> str:
    return rules.require_text(value, name, label)


def _free_text(value: Any, name: str, label: str) -> str:
    return str(value).strip()


def count_check(value: Any, name: str, label: str) -> int:
    return rules.require_count(value, name, label)


def _unique(value: Any, name: str, label: str) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(value))


def _centres(value: Any, name: str, label: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rules.centre_code(c) for c in value))


def text(
    label: str,
    *,
    error_field: str | None = None,
    description: str = "",
    limit: int = FREE_TEXT_LIMIT,
) -> Any:
    """Required text: stripped, never blank; `limit=SHORT_TEXT_LIMIT` for a title or a name."""
    return declare(
        label, _required_text, error_field=error_field, description=description, limit=limit
    )


def short(label: str) -> Any:
    """Required text of a name, a title or a code (`SHORT_TEXT_LIMIT`)."""
    return text(label, limit=SHORT_TEXT_LIMIT)


def free(label: str, default: Any = _NO_DEFAULT, *, limit: int = FREE_TEXT_LIMIT) -> Any:
    """Text that may be blank, stripped."""
    return declare(label, _free_text, default=default, limit=limit)


def count(label: str, default: int = 0) -> Any:
    """A number of people or things: zero or more."""
    return declare(label, count_check, default=default)


def plain(
    label: str,
    default: Any = _NO_DEFAULT,
    description: str = "",
    *,
    limit: int = SHORT_TEXT_LIMIT,
    among: Among | None = None,
) -> Any:
    """A value the rule itself checks (an enum, a date, a value object, a name)."""
    return declare(label, None, default=default, description=description, limit=limit, among=among)


def business_date(label: str = "日付", *, optional: bool = False) -> Any:
    """The step's business date (Asia/Tokyo), which its rule checks; `optional`: today when
    not given (`Command.on`)."""
    return plain(label, None if optional else _NO_DEFAULT)


def ref(
    kind: str,
    label: str,
    default: Any = _NO_DEFAULT,
    *,
    registered: bool = False,
    many: bool = False,
    description: str = "",
    among: Among | None = None,
) -> Any:
    """An id (`many`: ids, kept once each, in order) of a case, party or meeting.
    `registered`: each must exist, which the ledger checks before it loads anything."""
    return declare(
        label,
        _unique if many else None,
        default=default,
        refers_to=f"{kind}!" if registered else kind,
        description=description,
        among=among,
    )


def vocabulary(label: str, check: Check, description: str = "") -> Any:
    return declare(label, check, description=description)


def year(label: str = "年度") -> Any:
    """A fiscal year (年度)."""
    return declare(label, year_check)


def year_check(value: Any, name: str, label: str) -> int:
    return rules.require_fiscal_year(value)


def municipality_check(value: Any, name: str, label: str) -> str:
    return rules.municipality_code(value)


def centre_check(value: Any, name: str, label: str) -> str:
    return rules.centre_code(value)


def fields_check(value: Any, name: str, label: str) -> tuple[str, ...]:
    return rules.field_codes(value)


def sdgs_check(value: Any, name: str, label: str) -> tuple[int, ...]:
    return rules.sdg_numbers(value)


def centres_check(value: Any, name: str, label: str) -> tuple[str, ...]:
    return _centres(value, name, label)


def skill_check(value: Any, name: str, label: str) -> str:
    return skill_code(value, name)


def skills_check(value: Any, name: str, label: str) -> tuple[str, ...]:
    return skill_codes(value, name)


# --- the command base -----------------------------------------------------------------------


@dataclass_transform(frozen_default=True)
@dataclasses.dataclass(frozen=True)
class Command:
    """The base of every command: each subclass is a frozen dataclass, declared with its
    class keywords — `label`, the step's Japanese name (GLOSSARY.md); `acts_on`, the field
    naming the aggregate it changes; `api=False`, kept out of the GraphQL API."""

    label: ClassVar[str]
    acts_on: ClassVar[str | None] = None
    """The field naming the aggregate the command changes (None: it creates one)."""
    api: ClassVar[bool] = True
    """Whether the GraphQL API offers the command as a mutation."""

    def __init_subclass__(
        cls, *, label: str = "", acts_on: str = "", api: bool = True, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if label:
            cls.label = label
        if acts_on:
            cls.acts_on = acts_on
        if not api:
            cls.api = False
        dataclasses.dataclass(frozen=True)(cls)

    def __post_init__(self) -> None:
        # Sequences arrive as lists from JSON and keyword callers; events keep tuples.
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, (list, set, frozenset)) or (
                isinstance(value, Iterable)
                and not isinstance(value, (str, bytes, dict, tuple))
                and not dataclasses.is_dataclass(value)
            ):
                object.__setattr__(self, f.name, tuple(value))

    @classmethod
    def verb(cls) -> str:
        return snake(cls.__name__)

    @classmethod
    def field_labels(cls) -> dict[str, str]:
        return {f.name: f.metadata.get("label", f.name) for f in dataclasses.fields(cls)}

    @classmethod
    def references(cls, kind: str) -> tuple[str, ...]:
        """The fields holding ids of `kind` (`party!`: ids that must already exist)."""
        return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("refers_to") == kind)

    def referenced_ids(self, kind: str) -> tuple[UUID, ...]:
        ids: list[UUID] = []
        for name in self.references(kind):
            value = getattr(self, name)
            if isinstance(value, UUID):
                ids.append(value)
            elif isinstance(value, tuple):
                ids.extend(value)
        return tuple(dict.fromkeys(ids))

    @property
    def subject_id(self) -> UUID | None:
        return None if self.acts_on is None else getattr(self, self.acts_on)

    def require_storable(self) -> None:
        """Every text of every field (skipped ones and those inside value objects too) is
        one a store can hold: refused with a `ValidationError` naming the field otherwise."""
        for f in dataclasses.fields(self):
            name = f.metadata.get("error_field") or camel(f.name)
            label = f.metadata.get("label", f.name)
            limit = f.metadata.get("limit", SHORT_TEXT_LIMIT)
            for path, value, most in _texts(getattr(self, f.name), name, limit):
                storable(value, path, label, most)

    @classmethod
    def party_scopes(cls) -> tuple[tuple[str, Among], ...]:
        """The fields naming parties of the case, each with the parties it may name (asked of
        the class's fields once: every rule asks it)."""
        return _party_scopes(cls)

    def checked(self, *, skip: Iterable[str] = ()) -> dict[str, Any]:
        """Every field but the target, checked and normalised in declaration order, after
        `require_storable()`."""
        self.require_storable()
        out: dict[str, Any] = {}
        skipped = {self.acts_on, *skip}
        for f in dataclasses.fields(self):
            if f.name in skipped:
                continue
            value = getattr(self, f.name)
            check: Check | None = f.metadata.get("check")
            if check is not None:
                error_field = f.metadata.get("error_field") or camel(f.name)
                value = check(value, error_field, f.metadata.get("label", f.name))
            out[f.name] = value
        return out

    def on(self, today: date) -> date:
        """The business date: the command's own, else today (notes, corrections, parties)."""
        given: date | None = getattr(self, "occurred_on", None)
        return given or today


def commands_in(module: Mapping[str, Any]) -> tuple[type[Command], ...]:
    """The commands a module declares (`globals()`), in the order it declares them: each
    class of its own with a `label` (a base such as `CaseCommand` has none)."""
    return tuple(
        value
        for value in module.values()
        if isinstance(value, type)
        and issubclass(value, Command)
        and value.__module__ == module["__name__"]
        and "label" in vars(value)
    )


# --- storable text ---------------------------------------------------------------------------


def storable(value: str, field: str, label: str, limit: int) -> str:
    """`value` unless it is longer than `limit` characters or holds a character no store
    should keep (a control character but tab, LF and CR; a lone surrogate)."""
    if len(value) > limit:
        raise TooLongError(field=field, label=label, limit=limit, length=len(value))
    found = _UNSTORABLE.search(value)
    if found is not None:
        char = f"U+{ord(found[0]):04X}"
        raise UnstorableCharacterError(
            field=field, label=label, char=char, position=found.start() + 1
        )
    return value


def _texts(value: Any, path: str, limit: int) -> Iterable[tuple[str, str, int]]:
    """(path, text, limit) of every string in a field's value: items of a sequence keep the
    field's limit; the texts of a value object or a JSON object are free text."""
    if isinstance(value, str):
        yield path, value, limit
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _texts(item, f"{path}[{i}]", limit)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, path, SHORT_TEXT_LIMIT)
            yield from _texts(item, f"{path}.{key}", FREE_TEXT_LIMIT)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _texts(getattr(value, f.name), f"{path}.{camel(f.name)}", FREE_TEXT_LIMIT)


_SCOPES: dict[type[Command], tuple[tuple[str, Among], ...]] = {}


def _party_scopes(cls: type[Command]) -> tuple[tuple[str, Among], ...]:
    scopes = _SCOPES.get(cls)
    if scopes is None:
        scopes = _SCOPES[cls] = tuple(
            (f.name, f.metadata["among"])
            for f in dataclasses.fields(cls)
            if f.metadata.get("among") is not None
        )
    return scopes
