"""Who may do what (DESIGN.md, "Trust"): one table, for reads and writes alike.

The ledger asks it before it loads anything to change; the GraphQL layer asks it before it
reads a read model; the publication rule asks it who approves.
"""

from __future__ import annotations

from enum import Enum

from domain.commands import (
    CASE_COMMANDS,
    KPI_TARGET_COMMANDS,
    MEETING_COMMANDS,
    CloseFiscalYear,
    Command,
)
from domain.commands.case import WithdrawSuccessCase
from domain.commands.indicator import INDICATOR_COMMANDS
from domain.commands.party import (
    DeclinePersonalDataErasure,
    ErasePartyPersonalData,
    SealContactDetails,
)
from domain.commands.plan import PLAN_COMMANDS, LinkCaseToPlanItem
from domain.errors import NotAllowedError
from domain.values import Actor
from domain.vocabulary import ActorRole


class Access(Enum):
    """What can be allowed. `*_OWN_CENTRE`: only in the cases of the actor's own centre."""

    WRITE_CASES = "write every case"
    WRITE_CASES_OWN_CENTRE = "write the cases of one's centre"
    APPROVE_PUBLICATION = "approve a success case's publication, and withdraw it"
    WRITE_PARTIES = "register and change every party"
    WRITE_PARTIES_OWN_CENTRE = "register parties, and change those one's centre registered"
    WRITE_MEETINGS = "record meetings and their outcomes"
    SET_KPI_TARGETS = "set KPI targets and baselines"
    CLOSE_FISCAL_YEAR = "close a finished fiscal year's KPI figures as reported"
    WRITE_PLANS = "record plans, their items and each item's yearly status"
    LINK_PLAN_ITEMS = "link a case one may write in to a plan item"
    READ_CASES = "read every case"
    READ_CASES_OWN_CENTRE = "read the cases of one's centre"
    READ_LIBRARY = "read the success-case library and the KPI tables"
    READ_PARTIES = "read the party directory"
    READ_MEETINGS = "read the meetings"
    READ_ATTENTION_OWN_CENTRE = "read the attention list of one's centre's open cases"
    READ_PLANS = "read the plans' status lists and their items' history"
    READ_HISTORY = "read every case's stored history and its replays"
    READ_HISTORY_OWN_CENTRE = "read the stored history of the cases of one's centre"
    VERIFY_LEDGER = "verify the hash chains, read the daily digests, export bundles"
    READ_PERSONAL_DATA = "read a party's contact details, giving a reason (recorded)"
    READ_PERSONAL_DATA_LOG = "list who read personal data, when and why"
    ERASE_PERSONAL_DATA = (
        "erase a party's personal data (destroy its key), or decide not to; list the requests"
    )
    SEAL_PERSONAL_DATA = "seal contact details stored in clear before encryption"
    MANAGE_ACCOUNTS = "list users, issue and revoke their tokens"
    READ_STAFF_NAMES = "read the names of the users who recorded the steps one reads"
    READ_SYSTEM_STATUS = (
        "read the read models' positions, their parked events and the last whole-ledger "
        "verification (no case data)"
    )
    RESOLVE_PARKED_EVENTS = "apply a read model's parked event again, or leave it out"


_A = Access
_PREFECTURE_WRITES = frozenset(
    {
        _A.WRITE_PLANS,
        _A.LINK_PLAN_ITEMS,
        _A.WRITE_CASES,
        _A.APPROVE_PUBLICATION,
        _A.WRITE_PARTIES,
        _A.WRITE_MEETINGS,
        _A.SET_KPI_TARGETS,
        _A.CLOSE_FISCAL_YEAR,
    }
)
"""Every write across the prefecture: a chief facilitator's, and the system's (imports and
migrations), which also seals contact details."""
_PREFECTURE_READS = frozenset(
    {
        _A.READ_PLANS,
        _A.READ_CASES,
        _A.READ_HISTORY,
        _A.READ_LIBRARY,
        _A.READ_PARTIES,
        _A.READ_MEETINGS,
        _A.READ_STAFF_NAMES,
    }
)
"""Every case, its history, party, meeting and plan across the prefecture (and who recorded
each step, by name): a chief facilitator's reads, and an auditor's."""

TABLE: dict[ActorRole, frozenset[Access]] = {
    ActorRole.FACILITATOR: frozenset(
        {
            _A.LINK_PLAN_ITEMS,
            _A.READ_PLANS,
            _A.WRITE_CASES_OWN_CENTRE,
            _A.WRITE_PARTIES_OWN_CENTRE,
            _A.READ_CASES_OWN_CENTRE,
            _A.READ_ATTENTION_OWN_CENTRE,
            _A.READ_HISTORY_OWN_CENTRE,
            _A.READ_LIBRARY,
            _A.READ_PARTIES,
            _A.READ_MEETINGS,
            _A.READ_PERSONAL_DATA,
            _A.READ_STAFF_NAMES,
        }
    ),
    ActorRole.CHIEF_FACILITATOR: _PREFECTURE_WRITES
    | _PREFECTURE_READS
    | {_A.READ_ATTENTION_OWN_CENTRE, _A.READ_PERSONAL_DATA},
    ActorRole.MEETING: frozenset(
        {_A.WRITE_MEETINGS, _A.READ_LIBRARY, _A.READ_MEETINGS, _A.READ_PLANS}
    ),
    ActorRole.AUDITOR: _PREFECTURE_READS
    | {_A.READ_PERSONAL_DATA_LOG, _A.VERIFY_LEDGER, _A.READ_SYSTEM_STATUS},
    ActorRole.ADMIN: frozenset(
        {
            _A.MANAGE_ACCOUNTS,
            _A.READ_SYSTEM_STATUS,
            _A.RESOLVE_PARKED_EVENTS,
            _A.READ_PERSONAL_DATA_LOG,
            _A.ERASE_PERSONAL_DATA,
            _A.SEAL_PERSONAL_DATA,
        }
    ),
    ActorRole.SYSTEM: _PREFECTURE_WRITES | {_A.SEAL_PERSONAL_DATA},
}


def allows(actor: Actor, access: Access) -> bool:
    return access in TABLE.get(actor.role, frozenset())


def _case_centres(actor: Actor, every: Access, own: Access) -> frozenset[str] | None:
    if allows(actor, every):
        return None
    if allows(actor, own) and actor.centre:
        return frozenset({actor.centre})
    return frozenset()


def case_centres(actor: Actor) -> frozenset[str] | None:
    """The centres whose cases `actor` may read: None means every centre."""
    return _case_centres(actor, Access.READ_CASES, Access.READ_CASES_OWN_CENTRE)


def may_read_case(actor: Actor, centre: str) -> bool:
    centres = case_centres(actor)
    return centres is None or centre in centres


def may_read_history(actor: Actor, centre: str) -> bool:
    """A case's stored events and its replays: auditors and chief facilitators in every
    case, facilitators in the cases of their own centre."""
    centres = _case_centres(actor, Access.READ_HISTORY, Access.READ_HISTORY_OWN_CENTRE)
    return centres is None or centre in centres


def attention_centres(actor: Actor) -> frozenset[str]:
    """The centres whose attention list (要対応リスト) `actor` may read: facilitators and chief
    facilitators their own centre's; auditors, meetings and admins none (a working list, not
    a record)."""
    if allows(actor, Access.READ_ATTENTION_OWN_CENTRE) and actor.centre:
        return frozenset({actor.centre})
    return frozenset()


def may_read_library(actor: Actor) -> bool:
    return allows(actor, Access.READ_LIBRARY)


def may_read_parties(actor: Actor) -> bool:
    return allows(actor, Access.READ_PARTIES)


def may_read_meetings(actor: Actor) -> bool:
    return allows(actor, Access.READ_MEETINGS)


def may_read_plans(actor: Actor) -> bool:
    """A plan's status list and its items' history: everyone who reads the library."""
    return allows(actor, Access.READ_PLANS)


def may_verify(actor: Actor) -> bool:
    """Hash-chain verification, daily digests and export bundles: auditors (they show case
    data; admins read none)."""
    return allows(actor, Access.VERIFY_LEDGER)


# --- writes: a refusal is a `NotAllowedError` with a Japanese reason -------------------------


def authorise_case_write(actor: Actor, centre: str) -> None:
    """Facilitators write in their own centre's cases; chief facilitators in every case."""
    authorise_owned(actor, Access.WRITE_CASES, centre)


OWNED: dict[Access, tuple[Access, str, str]] = {
    Access.WRITE_CASES: (Access.WRITE_CASES_OWN_CENTRE, "案件を記録", "他のセンターの案件です"),
    Access.WRITE_PARTIES: (
        Access.WRITE_PARTIES_OWN_CENTRE,
        "団体を登録・変更",
        "他のセンターが登録した団体です",
    ),
}
"""Writes that belong to a centre: (the own-centre access, what is refused, why not here)."""

PREFECTURE_WIDE = "県全体の団体は統括協働ファシリテーターだけが変更できます"


def authorise_owned(actor: Actor, access: Access, centre: str | None) -> None:
    """`access` everywhere, or its own-centre access in `centre`. A party registered before
    parties recorded their centre (`centre` None) is prefecture-wide: chiefs only."""
    if allows(actor, access):
        return
    own, what, elsewhere = OWNED[access]
    if not allows(actor, own):
        raise NotAllowedError(reason=f"{actor.role.ja}は{what}できません")
    if centre is None:
        raise NotAllowedError(reason=PREFECTURE_WIDE)
    if centre != actor.centre:
        raise NotAllowedError(reason=elsewhere)


_REFUSALS = {
    Access.WRITE_PARTIES: "は団体を登録・変更できません",
    Access.APPROVE_PUBLICATION: "は成功事例の公開を取り下げられません",
    Access.WRITE_MEETINGS: "は会議の結果を記録できません",
    Access.SET_KPI_TARGETS: "は目標値を設定できません",
    Access.CLOSE_FISCAL_YEAR: "は年度の実績を確定できません",
    Access.WRITE_PLANS: "は計画の推進項目や実施状況を記録できません",
    Access.LINK_PLAN_ITEMS: "は案件を推進項目に結び付けられません",
    Access.READ_PERSONAL_DATA: "は個人情報を閲覧できません",
    Access.READ_PERSONAL_DATA_LOG: "は個人情報の閲覧記録を閲覧できません",
    Access.ERASE_PERSONAL_DATA: "は個人情報を消去できません",
    Access.SEAL_PERSONAL_DATA: "は連絡先を暗号化できません",
    Access.MANAGE_ACCOUNTS: "は利用者とトークンを管理できません",
    Access.READ_STAFF_NAMES: "は利用者の氏名を閲覧できません",
    Access.READ_SYSTEM_STATUS: "は運用状況を閲覧できません",
    Access.RESOLVE_PARKED_EVENTS: "は保留中のイベントを処理できません",
    Access.VERIFY_LEDGER: "は台帳の改ざん検証を実行できません",
}


def authorise(actor: Actor, access: Access) -> None:
    if not allows(actor, access):
        raise NotAllowedError(reason=f"{actor.role.ja}{_REFUSALS[access]}")


_WRITES: tuple[tuple[tuple[type[Command], ...], Access], ...] = (
    ((ErasePartyPersonalData, DeclinePersonalDataErasure), Access.ERASE_PERSONAL_DATA),
    ((SealContactDetails,), Access.SEAL_PERSONAL_DATA),
    ((WithdrawSuccessCase,), Access.APPROVE_PUBLICATION),
    (CASE_COMMANDS, Access.WRITE_CASES),
    (MEETING_COMMANDS, Access.WRITE_MEETINGS),
    ((CloseFiscalYear,), Access.CLOSE_FISCAL_YEAR),
    (KPI_TARGET_COMMANDS, Access.SET_KPI_TARGETS),
    ((LinkCaseToPlanItem,), Access.LINK_PLAN_ITEMS),
    (PLAN_COMMANDS, Access.WRITE_PLANS),
    (INDICATOR_COMMANDS, Access.WRITE_PLANS),
)


def write_refusal(
    actor: Actor, command: type[Command], centre: str | None
) -> NotAllowedError | None:
    """Why `actor` may not take `command` on a case or party of `centre`, as the ledger's
    checks would say it (None: allowed)."""
    access = write_access(command)
    try:
        if access in OWNED:
            authorise_owned(actor, access, centre)
        else:
            authorise(actor, access)
    except NotAllowedError as refusal:
        return refusal
    return None


_ACCESS = {command: access for group, access in reversed(_WRITES) for command in group}
"""Each grouped command's access, the first group naming it winning (as it is listed)."""


def write_access(command: type[Command]) -> Access:
    """What a command needs, by its group: case and party steps are checked against the
    centre of the case or party (`OWNED`); withdrawing a publication needs a chief."""
    return _ACCESS.get(command, Access.WRITE_PARTIES)
