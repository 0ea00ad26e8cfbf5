"""Parties (主体): organisations and pro bono workers that take part in cases.

Personal data (contact details; a natural person's name) lives only in `contact`, never in
the case history, so that it can be encrypted per party and erased without touching cases.
"""

from __future__ import annotations

from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain import rules
from domain.commands.party import ChangeContactDetails, ChangePublicationConsent, RegisterParty
from domain.context import StepContext
from domain.errors import BlankValueError, InvalidValueError
from domain.events import DatedCreation, DatedEvent, adopt
from domain.values import ContactDetails
from domain.vocabulary import PartyKind


class Party(Aggregate):
    """A registered organisation or pro bono worker."""

    TOPIC = "kyodo:Party"

    class Event(DatedEvent):
        """A step of a party."""

    class Created(Aggregate.Created):
        TOPIC = "kyodo:Party.Created"

    class Registered(DatedCreation):
        """A party was registered with the support centre (団体登録)."""

        TOPIC = "kyodo:Party.Registered"
        kind: PartyKind
        name: str
        municipality: str
        fields: tuple[str, ...]
        contact: ContactDetails
        publication_consent: bool

        def apply(self, party: Party) -> None:
            names = ("kind", "name", "municipality", "fields", "contact", "publication_consent")
            adopt(party, self, *names)

    class PublicationConsentChanged(Event):
        """The party gave or withdrew consent to be named in published success cases."""

        TOPIC = "kyodo:Party.PublicationConsentChanged"
        consent: bool

        def apply(self, party: Party) -> None:
            party.publication_consent = self.consent

    class ContactDetailsChanged(Event):
        """The party's contact details changed (personal data)."""

        TOPIC = "kyodo:Party.ContactDetailsChanged"
        contact: ContactDetails

        def apply(self, party: Party) -> None:
            party.contact = self.contact

    def __init__(self) -> None:
        # Set by Registered.apply:
        self.kind: PartyKind
        self.name: str
        self.municipality: str
        self.fields: tuple[str, ...]
        self.contact: ContactDetails
        self.publication_consent: bool

    @classmethod
    def register_party(cls, cmd: RegisterParty, ctx: StepContext) -> Party:
        """A pro bono worker is a natural person: their name goes to `contact`, not `name`."""
        occurred_on = cmd.on(ctx.today)
        rules.require_not_future(occurred_on, ctx.today)
        contact = cmd.contact or ContactDetails()
        kind = cmd.kind
        if kind.is_natural_person:
            parts = contact.person_name.split()
            if not parts:
                raise BlankValueError(field="contact.personName", label="氏名")
            public = "".join(cmd.name.split())
            if any(p in public for p in ("".join(parts), *(p for p in parts if len(p) > 1))):
                raise InvalidValueError(
                    field="name", label="公開名", reason="個人の氏名は公開名に含められません"
                )
            public_name = cmd.name.strip() or kind.ja
        else:
            public_name = rules.require_text(cmd.name, "name", "団体名")
        return cls._create(
            cls.Registered,
            id=uuid4(),
            kind=kind,
            name=public_name,
            municipality=rules.municipality_code(cmd.municipality),
            fields=rules.field_codes(cmd.fields) if cmd.fields else (),
            contact=contact,
            publication_consent=cmd.publication_consent,
            occurred_on=occurred_on,
            meta=ctx.meta,
        )

    def change_publication_consent(self, cmd: ChangePublicationConsent, ctx: StepContext) -> None:
        rules.require_not_future(cmd.on(ctx.today), ctx.today)
        self.trigger_event(
            self.PublicationConsentChanged,
            consent=cmd.consent,
            occurred_on=cmd.on(ctx.today),
            meta=ctx.meta,
        )

    def change_contact_details(self, cmd: ChangeContactDetails, ctx: StepContext) -> None:
        rules.require_not_future(cmd.on(ctx.today), ctx.today)
        if self.kind.is_natural_person and not cmd.contact.person_name.strip():
            raise BlankValueError(field="contact.personName", label="氏名")
        self.trigger_event(
            self.ContactDetailsChanged,
            contact=cmd.contact,
            occurred_on=cmd.on(ctx.today),
            meta=ctx.meta,
        )
