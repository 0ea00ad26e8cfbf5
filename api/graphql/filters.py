"""Filter inputs checked against the vocabularies before a listing is read.

A filter naming a municipality, centre, field, SDG, party kind or fiscal year that does not
exist would match nothing; the caller could not tell a typo (`municipality: "yamaguchi"`,
a centre's code) from an empty result. Every such value is looked up with the domain's own
rules instead: an unknown one is BAD_USER_INPUT with the rule's Japanese message and the
argument it came from; a known one is passed on as its code.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

import strawberry

from api.graphql.copying import copied
from api.graphql.ids import bad_input, decode_id
from domain import rules
from domain.errors import UnknownVocabularyError, ValidationError
from domain.vocabulary import PartyKind

T = TypeVar("T")


def _party_kind(key: str) -> str:
    for kind in PartyKind:
        if key in (kind.value, kind.ja):
            return kind.value
    raise UnknownVocabularyError(field="partyKind", value=key, label="団体の種別")


CHECKS: dict[str, Callable[[Any], object]] = {
    "municipality": rules.municipality_code,
    "centre": rules.centre_code,
    "host_centre": rules.centre_code,
    "follow_up_owner": rules.centre_code,
    "shared_case": lambda key: str(decode_id(key, "Case", "filter.sharedCase")),
    "field": lambda key: rules.field_codes([key])[0],
    "sdg": lambda number: rules.sdg_numbers([number])[0],
    "party_kind": _party_kind,
    "fiscal_year": rules.require_fiscal_year,
}
"""Each vocabulary-valued filter field: the rule that turns a code or name into its code (and
a case named by its global ID: its UUID)."""


@strawberry.input
class CaseCriteriaInput:
    """The criteria a case list and the library both take (codes or Japanese names)."""

    municipality: str | None = None
    field: str | None = None
    sdg: int | None = None
    fiscal_year: int | None = None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def criteria(cls: type[T], filter: Any) -> T:
    """The query criteria `cls` from a GraphQL filter input (None: no criteria), every
    vocabulary value in it known and given as its code."""
    if filter is None:
        return copied(cls, None)
    codes: dict[str, Any] = {}
    for field in dataclasses.fields(filter):
        value = getattr(filter, field.name)
        check = CHECKS.get(field.name)
        if value is None or check is None:
            continue
        try:
            codes[field.name] = check(value)
        except ValidationError as error:
            raise bad_input(error.message, f"filter.{_camel(field.name)}") from None
    return copied(cls, dataclasses.replace(filter, **codes) if codes else filter)
