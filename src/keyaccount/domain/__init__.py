"""The domain model: immutable values and entities of the key-account department.

Everything here is an attrs class that is frozen, slotted and keyword-only, validated when
built (a bad value raises :class:`~keyaccount.errors.ValidationError` naming the field).
State changes are methods that return a new object.
"""

from keyaccount.domain.appraisal import (
    Appraisal,
    Commendation,
    CommendationDeed,
    IndicatorResult,
)
from keyaccount.domain.complaint import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    ComplaintStep,
    Severity,
)
from keyaccount.domain.contract import (
    CONTRACT_TRANSITIONS,
    CommitmentKind,
    Contract,
    ContractStatus,
    ContractStep,
    Instalment,
    ServiceCommitment,
)
from keyaccount.domain.customer import (
    STATUS_TRANSITIONS,
    AccountFigures,
    Confidentiality,
    Contact,
    ContactRole,
    Customer,
    CustomerKind,
    CustomerStatus,
)
from keyaccount.domain.portfolio import CustomerHistory, Portfolio
from keyaccount.domain.staff import AccountManager, OrgChart, Qualification, Role
from keyaccount.domain.values import (
    CreditLevel,
    Grade,
    Identifier,
    LabelledEnum,
    Money,
    Period,
    PeriodKind,
)
from keyaccount.domain.visit import (
    Channel,
    Outcome,
    Purpose,
    Satisfaction,
    ServiceKind,
    ServiceRecord,
    Visit,
)

__all__ = [
    "COMPLAINT_TRANSITIONS",
    "CONTRACT_TRANSITIONS",
    "STATUS_TRANSITIONS",
    "AccountFigures",
    "AccountManager",
    "Appraisal",
    "Channel",
    "Commendation",
    "CommendationDeed",
    "CommitmentKind",
    "Complaint",
    "ComplaintCategory",
    "ComplaintChannel",
    "ComplaintStatus",
    "ComplaintStep",
    "Confidentiality",
    "Contact",
    "ContactRole",
    "Contract",
    "ContractStatus",
    "ContractStep",
    "CreditLevel",
    "Customer",
    "CustomerHistory",
    "CustomerKind",
    "CustomerStatus",
    "Grade",
    "Identifier",
    "IndicatorResult",
    "Instalment",
    "LabelledEnum",
    "Money",
    "OrgChart",
    "Outcome",
    "Period",
    "PeriodKind",
    "Portfolio",
    "Purpose",
    "Qualification",
    "Role",
    "Satisfaction",
    "ServiceCommitment",
    "ServiceKind",
    "ServiceRecord",
    "Severity",
    "Visit",
]
