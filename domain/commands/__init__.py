"""Every command, grouped by the aggregate it changes (case, party, meeting, KPI target)."""

from domain.commands.base import Command
from domain.commands.case import (
    CASE_COMMANDS,
    AddNote,
    AssignFacilitator,
    CarryOutActivity,
    CaseCommand,
    CloseCase,
    ConductReview,
    CorrectStep,
    DeclareProBonoNeed,
    HoldHearing,
    HoldRoundtable,
    JoinParty,
    NominateSuccessCase,
    ProposePartners,
    PublishSuccessCase,
    ReachAgreement,
    ReceiveConsultation,
    ReopenCase,
    WithdrawParty,
    WithdrawSuccessCase,
)
from domain.commands.indicator import INDICATOR_COMMANDS
from domain.commands.kpi_target import (
    KPI_TARGET_COMMANDS,
    CloseFiscalYear,
    SetKpiTarget,
)
from domain.commands.meeting import (
    MEETING_COMMANDS,
    AgreeFollowUp,
    HoldMeeting,
    PresentAtMeeting,
)
from domain.commands.party import (
    PARTY_COMMANDS,
    ChangeContactDetails,
    ChangePartyFields,
    ChangePublicationConsent,
    DeregisterParty,
    PartyCommand,
    RegisterParty,
)
from domain.commands.plan import PLAN_COMMANDS
from domain.commands.pro_bono import PRO_BONO_COMMANDS

ALL_COMMANDS: tuple[type[Command], ...] = (
    *CASE_COMMANDS,
    *PARTY_COMMANDS,
    *MEETING_COMMANDS,
    *KPI_TARGET_COMMANDS,
    *PLAN_COMMANDS,
    *PRO_BONO_COMMANDS,
    *INDICATOR_COMMANDS,
)

__all__ = [
    "ALL_COMMANDS",
    "CASE_COMMANDS",
    "INDICATOR_COMMANDS",
    "KPI_TARGET_COMMANDS",
    "MEETING_COMMANDS",
    "PARTY_COMMANDS",
    "PLAN_COMMANDS",
    "PRO_BONO_COMMANDS",
    "AddNote",
    "AgreeFollowUp",
    "AssignFacilitator",
    "CarryOutActivity",
    "CaseCommand",
    "ChangeContactDetails",
    "ChangePartyFields",
    "ChangePublicationConsent",
    "CloseCase",
    "CloseFiscalYear",
    "Command",
    "ConductReview",
    "CorrectStep",
    "DeclareProBonoNeed",
    "DeregisterParty",
    "HoldHearing",
    "HoldMeeting",
    "HoldRoundtable",
    "JoinParty",
    "NominateSuccessCase",
    "PartyCommand",
    "PresentAtMeeting",
    "ProposePartners",
    "PublishSuccessCase",
    "ReachAgreement",
    "ReceiveConsultation",
    "RegisterParty",
    "ReopenCase",
    "SetKpiTarget",
    "WithdrawParty",
    "WithdrawSuccessCase",
]
