"""Commands on parties (団体・個人): organisations and pro bono workers."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands.base import Command, business_date, commands_in, free, plain, ref, text
from domain.values import ContactDetails
from domain.vocabulary import PartyKind


class RegisterParty(Command, label="団体登録"):
    kind: PartyKind = plain("種別")
    name: str = plain("団体名")
    municipality: str = plain("市町")
    fields: tuple[str, ...] = plain("活動分野", ())
    contact: ContactDetails | None = plain("連絡先", None)
    publication_consent: bool = plain("公開への同意", False)
    occurred_on: date | None = business_date(optional=True)


class PartyCommand(Command, acts_on="party_id"):
    party_id: UUID = ref("party", "団体")


class ChangePublicationConsent(PartyCommand, label="公開への同意の変更"):
    consent: bool = plain("公開への同意")
    occurred_on: date | None = business_date(optional=True)


class ChangePartyFields(PartyCommand, label="活動分野の変更"):
    """The group's fields of activity as they are now, all of them: what the directory
    filters by and the suggestions match a case's fields with."""

    fields: tuple[str, ...] = plain("活動分野")
    occurred_on: date | None = business_date(optional=True)


class ChangeContactDetails(PartyCommand, label="連絡先の変更"):
    contact: ContactDetails = plain("連絡先")
    occurred_on: date | None = business_date(optional=True)


class RequestPersonalDataErasure(PartyCommand, label="消去請求の受付"):
    """APPI: the person (or their agent) asked the centre to erase the party's personal data.
    The request waits for the admin, who erases it or decides not to, with a reason."""

    by_agent: bool = plain("代理人による請求", False)
    note: str = free("受付の記録（個人情報は書かない）", "")
    occurred_on: date | None = business_date("受付日", optional=True)


class DeclinePersonalDataErasure(PartyCommand, label="消去しない旨の決定"):
    """APPI: the admin decided not to erase (the data must be kept); the centre tells the
    person why."""

    reason: str = text("消去しない理由")


class ErasePartyPersonalData(PartyCommand, label="個人情報の消去"):
    """APPI: the party's key is destroyed, so its personal data can never be read again."""

    reason: str = text("消去の理由")


class DeregisterParty(PartyCommand, label="登録の抹消"):
    """The group left the centre's register (解散, 活動休止, 退会): it stays in the ledger
    and in the cases it took part in, but is no longer offered as a partner nor counted
    among the registered groups from that day."""

    reason: str = text("抹消の理由")
    occurred_on: date | None = business_date("抹消日", optional=True)


class SealContactDetails(PartyCommand, label="連絡先の暗号化", api=False):
    """Migration of a store written before encryption: the party's clear contact details
    are sealed under a key of its own and supersede the clear ones (ADR 2026-12-02)."""


PARTY_COMMANDS: tuple[type[Command], ...] = commands_in(globals())
