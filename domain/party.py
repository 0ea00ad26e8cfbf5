"""Parties (主体): organisations and pro bono workers that take part in cases.

Personal data (contact details; a natural person's name) lives only in `contact`, never in
the case history, so that it can be encrypted per party and erased without touching cases.
"""

from __future__ import annotations

from datetime import date

from eventsourcing.domain import Aggregate, event

from domain import rules
from domain.errors import BlankValueError, InvalidValueError
from domain.values import ContactDetails, EventMeta
from domain.vocabulary import PartyKind


class Party(Aggregate):
    """A registered organisation or pro bono worker."""

    TOPIC = "kyodo:Party"

    class Event(Aggregate.Event):
        occurred_on: date
        meta: EventMeta

    class Created(Aggregate.Created):
        TOPIC = "kyodo:Party.Created"

    class Registered(Aggregate.Created):
        """A party was registered with the support centre (団体登録)."""

        TOPIC = "kyodo:Party.Registered"
        kind: PartyKind
        name: str
        municipality: str
        fields: tuple[str, ...]
        contact: ContactDetails
        publication_consent: bool
        occurred_on: date
        meta: EventMeta

    class PublicationConsentChanged(Event):
        """The party gave or withdrew consent to be named in published success cases."""

        TOPIC = "kyodo:Party.PublicationConsentChanged"
        consent: bool

    class ContactDetailsChanged(Event):
        """The party's contact details changed (personal data)."""

        TOPIC = "kyodo:Party.ContactDetailsChanged"
        contact: ContactDetails

    @event(Registered)
    def __init__(
        self,
        *,
        kind: PartyKind,
        name: str,
        municipality: str,
        fields: tuple[str, ...],
        contact: ContactDetails,
        publication_consent: bool,
        occurred_on: date,
        meta: EventMeta,
    ) -> None:
        self.kind = kind
        self.name = name
        self.municipality = municipality
        self.fields = fields
        self.contact = contact
        self.publication_consent = publication_consent

    @classmethod
    def register(
        cls,
        *,
        kind: PartyKind,
        name: str,
        municipality: str,
        fields: tuple[str, ...],
        contact: ContactDetails,
        publication_consent: bool,
        occurred_on: date,
        today: date,
        meta: EventMeta,
    ) -> Party:
        """A pro bono worker is a natural person: their name goes to `contact`, not `name`."""
        rules.require_not_future(occurred_on, today)
        if kind.is_natural_person:
            parts = contact.person_name.split()
            if not parts:
                raise BlankValueError(field="contact.personName", label="氏名")
            public = "".join(name.split())
            if any(p in public for p in ("".join(parts), *(p for p in parts if len(p) > 1))):
                raise InvalidValueError(
                    field="name", label="公開名", reason="個人の氏名は公開名に含められません"
                )
            public_name = name.strip() or kind.ja
        else:
            public_name = rules.require_text(name, "name", "団体名")
        return cls(
            kind=kind,
            name=public_name,
            municipality=rules.municipality_code(municipality),
            fields=rules.field_codes(fields) if fields else (),
            contact=contact,
            publication_consent=publication_consent,
            occurred_on=occurred_on,
            meta=meta,
        )

    def change_publication_consent(
        self, consent: bool, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        rules.require_not_future(occurred_on, today)
        self._consent_changed(consent=consent, occurred_on=occurred_on, meta=meta)

    @event(PublicationConsentChanged)
    def _consent_changed(self, consent: bool, occurred_on: date, meta: EventMeta) -> None:
        self.publication_consent = consent

    def change_contact_details(
        self, contact: ContactDetails, occurred_on: date, today: date, meta: EventMeta
    ) -> None:
        rules.require_not_future(occurred_on, today)
        if self.kind.is_natural_person and not contact.person_name.strip():
            raise BlankValueError(field="contact.personName", label="氏名")
        self._contact_changed(contact=contact, occurred_on=occurred_on, meta=meta)

    @event(ContactDetailsChanged)
    def _contact_changed(self, contact: ContactDetails, occurred_on: date, meta: EventMeta) -> None:
        self.contact = contact
