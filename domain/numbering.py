"""Case numbers people can say on the phone: `山口-2024-012`, unique per centre and year.

A `CaseNumbering` aggregate per (centre, fiscal year) issues serials. The ledger saves it in
the same `save()` as the new case, so two cases opened at once can never share a number: the
second save fails on the numbering's version and is retried.
"""

from __future__ import annotations

import re
from uuid import NAMESPACE_URL, UUID, uuid5

from domain.events import LedgerAggregate, StoredCreation, StoredEvent, adopts
from domain.vocabulary import CENTRE_BY_KEY

_NUMBER = re.compile(r"^(?P<short>[^-\s]+)-(?P<year>\d{4})-(?P<serial>\d{3,})$")


def numbering_id(centre: str, fiscal_year: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"kyodo:case-numbering:{centre}:{fiscal_year}")


def format_number(centre: str, fiscal_year: int, serial: int) -> str:
    return f"{CENTRE_BY_KEY[centre].short}-{fiscal_year}-{serial:03d}"


def parse_number(number: str) -> tuple[str, int, int] | None:
    """(centre code, fiscal year, serial) of a case number, or None if it is not one."""
    match = _NUMBER.match(number.strip())
    if match is None:
        return None
    centre = CENTRE_BY_KEY.get(match["short"])
    if centre is None:
        return None
    return centre.code, int(match["year"]), int(match["serial"])


class CaseNumbering(LedgerAggregate, topic="kyodo:CaseNumbering"):
    """The counter of one centre in one fiscal year."""

    class NumberingStarted(StoredCreation, topic="kyodo:CaseNumbering.NumberingStarted"):
        """The centre opened its first case of the fiscal year."""

        centre: str
        fiscal_year: int

        apply = adopts("centre", "fiscal_year")

    class NumberIssued(StoredEvent, topic="kyodo:CaseNumbering.NumberIssued"):
        """A serial was given to a newly opened case."""

        serial: int
        case_id: UUID

        def apply(self, numbering: CaseNumbering) -> None:
            numbering.issued[self.serial] = self.case_id

    @staticmethod
    def create_id(centre: str, fiscal_year: int) -> UUID:
        return numbering_id(centre, fiscal_year)

    def __init__(self) -> None:
        self.issued: dict[int, UUID] = {}
        # Set by NumberingStarted.apply:
        self.centre: str
        self.fiscal_year: int

    @classmethod
    def start(cls, centre: str, fiscal_year: int) -> CaseNumbering:
        return cls._create(
            cls.NumberingStarted,
            id=numbering_id(centre, fiscal_year),
            centre=centre,
            fiscal_year=fiscal_year,
        )

    def issue(self, case_id: UUID) -> str:
        serial = len(self.issued) + 1
        self.trigger_event(self.NumberIssued, serial=serial, case_id=case_id)
        return format_number(self.centre, self.fiscal_year, serial)
