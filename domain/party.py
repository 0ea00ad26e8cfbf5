"""Parties (主体): organisations and pro bono workers that take part in cases.

Personal data (contact details; a natural person's name) lives only in `contact`, never in
the case history. Events keep it sealed (`SealedContact`): the rule checks the clear details
the command brings, then asks the `Seal` it is given (the application's, which holds the
party's key) to seal them. Events stored before encryption hold `ContactDetails` in clear;
they still load (`SealContactDetails` supersedes them). Erasure destroys the key; the state
then holds no contact at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import UUID, uuid4

from domain import rules
from domain.commands.party import (
    ChangeContactDetails,
    ChangePartyFields,
    ChangePublicationConsent,
    DeclinePersonalDataErasure,
    DeregisterParty,
    ErasePartyPersonalData,
    RegisterParty,
    RequestPersonalDataErasure,
    SealContactDetails,
)
from domain.context import StepContext
from domain.errors import BlankValueError, InvalidValueError, RuleViolation
from domain.events import DatedCreation, DatedEvent, LedgerAggregate, adopt, adopts, sets
from domain.pro_bono import ProBonoMembership
from domain.values import ContactDetails, SealedContact
from domain.vocabulary import PartyKind

ERASED = "消去済み"
"""What people see in place of erased personal data."""

Seal = Callable[[UUID, ContactDetails], SealedContact]
"""Seals a party's contact details under that party's own key (the application's port)."""

Contact = ContactDetails | SealedContact | None
"""As the state holds it: clear (stored before encryption), sealed, or None once erased."""


class PersonalDataErasedError(RuleViolation):
    code = "personal_data_erased"
    template = "この団体・個人の個人情報は消去済みです"


class ContactAlreadySealedError(RuleViolation):
    code = "contact_already_sealed"
    template = "この団体・個人の連絡先はすでに暗号化されています"


class ErasureAlreadyRequestedError(RuleViolation):
    code = "erasure_already_requested"
    template = "この団体・個人の消去請求は{requested_on}に受け付け、管理者の対応を待っています"


class NoErasureRequestError(RuleViolation):
    code = "no_erasure_request"
    template = "この団体・個人の消去請求は受け付けていません"


class PartyAlreadyDeregisteredError(RuleViolation):
    code = "party_already_deregistered"
    template = "この団体は{deregistered_on}に登録を抹消しています"


class FieldsUnchangedError(RuleViolation):
    code = "fields_unchanged"
    template = "活動分野は今と同じです（変えるものを選んでください）"


class Party(ProBonoMembership, LedgerAggregate, topic="kyodo:Party"):
    """A registered organisation or pro bono worker (a worker's bank steps: `ProBonoMembership`)."""

    personal_data_erased = False
    """Set by `PersonalDataErased` only, so that parties stored before erasure existed load
    to exactly the state they had."""

    centre: str | None = None
    """The support centre that registered the party: its facilitators (and chiefs) change
    it. None: registered before parties recorded their centre, or by an actor of no centre
    (an import): prefecture-wide, changed by chief facilitators only."""

    erasure_requested_on: date | None = None
    """The day the centre received a request to erase the party's personal data that the
    admin has not answered yet (set by the request's events only: older parties load as
    they were)."""

    deregistered_on: date | None = None
    """The day the group left the register (登録の抹消), set by `Deregistered` only."""

    class Event(DatedEvent):
        """A step of a party."""

    class Registered(DatedCreation, topic="kyodo:Party.Registered", command=RegisterParty):
        """A party was registered with the support centre (団体登録)."""

        kind: PartyKind
        name: str
        municipality: str
        fields: tuple[str, ...]
        contact: ContactDetails | SealedContact
        publication_consent: bool
        centre: str | None = None
        """Absent from events stored before parties recorded their centre."""

        def apply(self, party: Party) -> None:
            names = ("kind", "name", "municipality", "fields", "contact", "publication_consent")
            adopt(party, self, *names)
            if self.centre is not None:  # else the class default: old parties load unchanged
                party.centre = self.centre

    class PublicationConsentChanged(
        Event, topic="kyodo:Party.PublicationConsentChanged", command=ChangePublicationConsent
    ):
        """The party gave or withdrew consent to be named in published success cases."""

        consent: bool

        apply = adopts(publication_consent="consent")

    class FieldsChanged(Event, topic="kyodo:Party.FieldsChanged", command=ChangePartyFields):
        """The group's fields of activity changed: these are all of them now."""

        fields: tuple[str, ...]

        apply = adopts("fields")

    class ContactDetailsChanged(
        Event, topic="kyodo:Party.ContactDetailsChanged", command=ChangeContactDetails
    ):
        """The party's contact details changed (personal data, sealed)."""

        contact: ContactDetails | SealedContact

        apply = adopts("contact")

    class ContactDetailsSealed(
        Event, topic="kyodo:Party.ContactDetailsSealed", command=SealContactDetails
    ):
        """The clear contact details of earlier events were sealed under the party's key;
        the sealed copy supersedes them (a store written before encryption)."""

        contact: SealedContact

        apply = adopts("contact")

    class PersonalDataErased(
        Event, topic="kyodo:Party.PersonalDataErased", command=ErasePartyPersonalData
    ):
        """The party's key was destroyed: its personal data can never be read again (APPI)."""

        reason: str
        key_id: UUID | None

        def apply(self, party: Party) -> None:
            party.contact = None
            party.personal_data_erased = True
            if party.erasure_requested_on is not None:  # a request, answered
                party.erasure_requested_on = None

    class PersonalDataErasureRequested(
        Event,
        topic="kyodo:Party.PersonalDataErasureRequested",
        command=RequestPersonalDataErasure,
    ):
        """The centre received a request to erase the party's personal data (消去請求), from
        the person or their agent; the admin answers it."""

        by_agent: bool
        note: str

        apply = adopts(erasure_requested_on="occurred_on")

    class Deregistered(Event, topic="kyodo:Party.Deregistered", command=DeregisterParty):
        """The group left the centre's register (登録の抹消), for a reason."""

        reason: str

        apply = adopts(deregistered_on="occurred_on")

    class PersonalDataErasureDeclined(
        Event,
        topic="kyodo:Party.PersonalDataErasureDeclined",
        command=DeclinePersonalDataErasure,
    ):
        """The admin decided not to erase, for a reason the centre tells the person."""

        reason: str

        apply = sets(erasure_requested_on=None)

    def __init__(self) -> None:
        # Set by Registered.apply:
        self.kind: PartyKind
        self.name: str
        self.municipality: str
        self.fields: tuple[str, ...]
        self.contact: Contact
        self.publication_consent: bool

    @property
    def key_id(self) -> UUID | None:
        """The key the current contact details are sealed under, if they are."""
        return self.contact.key_id if isinstance(self.contact, SealedContact) else None

    @classmethod
    def register_party(
        cls, cmd: RegisterParty, ctx: StepContext, seal: Seal, centre: str | None = None
    ) -> Party:
        """A pro bono worker is a natural person: their name goes to `contact`, not `name`.
        `centre` is the registering actor's: the party belongs to it."""
        cmd.require_storable()
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
        municipality = rules.municipality_code(cmd.municipality)
        fields = rules.field_codes(cmd.fields) if cmd.fields else ()
        party_id = uuid4()
        return cls._create(
            cls.Registered,
            id=party_id,
            kind=kind,
            name=public_name,
            municipality=municipality,
            fields=fields,
            contact=seal(party_id, contact),
            publication_consent=cmd.publication_consent,
            centre=centre,
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

    def change_party_fields(self, cmd: ChangePartyFields, ctx: StepContext) -> None:
        """At least one field, each of the vocabulary; the same fields again are refused (a
        step that changes nothing would only lengthen the party's history)."""
        rules.require_not_future(cmd.on(ctx.today), ctx.today)
        fields = rules.field_codes(cmd.fields)
        if set(fields) == set(self.fields):
            raise FieldsUnchangedError()
        self.trigger_event(
            self.FieldsChanged, fields=fields, occurred_on=cmd.on(ctx.today), meta=ctx.meta
        )

    def change_contact_details(
        self, cmd: ChangeContactDetails, ctx: StepContext, seal: Seal
    ) -> None:
        """Once erased, a party's personal data stays erased: new details are refused."""
        cmd.require_storable()
        self._require_personal_data()
        rules.require_not_future(cmd.on(ctx.today), ctx.today)
        if self.kind.is_natural_person and not cmd.contact.person_name.strip():
            raise BlankValueError(field="contact.personName", label="氏名")
        self.trigger_event(
            self.ContactDetailsChanged,
            contact=seal(self.id, cmd.contact),
            occurred_on=cmd.on(ctx.today),
            meta=ctx.meta,
        )

    def seal_contact_details(self, cmd: SealContactDetails, ctx: StepContext, seal: Seal) -> None:
        """Only clear details need sealing; sealing twice is refused, so a migration that
        stopped half-way can simply be run again."""
        self._require_personal_data()
        if not isinstance(self.contact, ContactDetails):
            raise ContactAlreadySealedError()
        self.trigger_event(
            self.ContactDetailsSealed,
            contact=seal(self.id, self.contact),
            occurred_on=ctx.today,
            meta=ctx.meta,
        )

    def erase_party_personal_data(self, cmd: ErasePartyPersonalData, ctx: StepContext) -> None:
        self._require_personal_data()
        checked = cmd.checked()
        self.trigger_event(
            self.PersonalDataErased,
            reason=checked["reason"],
            key_id=self.key_id,
            occurred_on=ctx.today,
            meta=ctx.meta,
        )

    def request_personal_data_erasure(
        self, cmd: RequestPersonalDataErasure, ctx: StepContext
    ) -> None:
        """One request waits at a time; erased data cannot be asked for again."""
        self._require_personal_data()
        if self.erasure_requested_on is not None:
            raise ErasureAlreadyRequestedError(requested_on=self.erasure_requested_on.isoformat())
        self._step(self.PersonalDataErasureRequested, cmd, ctx)

    def decline_personal_data_erasure(
        self, cmd: DeclinePersonalDataErasure, ctx: StepContext
    ) -> None:
        """Only a request that waits is answered."""
        if self.erasure_requested_on is None:
            raise NoErasureRequestError()
        self._step(self.PersonalDataErasureDeclined, cmd, ctx)

    def deregister_party(self, cmd: DeregisterParty, ctx: StepContext) -> None:
        """Once: a group that left is registered anew if it comes back."""
        if self.deregistered_on is not None:
            raise PartyAlreadyDeregisteredError(deregistered_on=self.deregistered_on.isoformat())
        occurred_on = cmd.on(ctx.today)
        rules.require_not_future(occurred_on, ctx.today)
        reason = cmd.checked(skip=("occurred_on",))["reason"]
        self.trigger_event(self.Deregistered, reason=reason, occurred_on=occurred_on, meta=ctx.meta)

    def _require_personal_data(self) -> None:
        if self.personal_data_erased:
            raise PersonalDataErasedError()
