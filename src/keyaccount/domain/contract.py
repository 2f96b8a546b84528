"""Contracts 合同: review before signing, term, instalments and service commitments.

Contracts are reviewed before signing 合同评审 [seed 004 客服主管]; a ledger 台账 of them is
kept and changes and renewals are negotiated in time [seed 000 大客户合同管理]; payments are
collected and reconciled with finance on time 按时与公司财务对帐,及时回收货款 [seed 000, 001, 004].
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
from attrs import frozen
from dateutil.relativedelta import relativedelta

from keyaccount.domain.transitions import check_transition, renamed
from keyaccount.domain.values import Identifier, LabelledEnum, Money, identifier
from keyaccount.errors import ValidationError
from keyaccount.validation import (
    aware_datetime,
    between,
    each,
    instance_of,
    optional,
    plain_date,
    require_day,
    text,
    to_tuple,
)

__all__ = [
    "CONTRACT_TRANSITIONS",
    "CommitmentKind",
    "Contract",
    "ContractStatus",
    "ContractStep",
    "Instalment",
    "ServiceCommitment",
]


class ContractStatus(LabelledEnum):
    """Where a contract stands [seed 004 合同评审; seed 000 合同变更、续签]."""

    DRAFT = "draft", "草拟"
    UNDER_REVIEW = "under-review", "评审中"
    APPROVED = "approved", "评审通过"
    SIGNED = "signed", "已签订"
    ACTIVE = "active", "履行中"
    EXPIRED = "expired", "已到期"
    TERMINATED = "terminated", "已终止"
    RENEWED = "renewed", "已续签"


_C = ContractStatus
CONTRACT_TRANSITIONS: dict[ContractStatus, frozenset[ContractStatus]] = {
    _C.DRAFT: frozenset({_C.UNDER_REVIEW, _C.TERMINATED}),
    _C.UNDER_REVIEW: frozenset({_C.APPROVED, _C.DRAFT, _C.TERMINATED}),
    _C.APPROVED: frozenset({_C.SIGNED, _C.DRAFT, _C.TERMINATED}),
    _C.SIGNED: frozenset({_C.ACTIVE, _C.TERMINATED}),
    _C.ACTIVE: frozenset({_C.EXPIRED, _C.TERMINATED, _C.RENEWED}),
    _C.EXPIRED: frozenset({_C.RENEWED}),
    _C.TERMINATED: frozenset(),
    _C.RENEWED: frozenset(),
}
"""Allowed status changes.  A review may send a draft back for changes or propose termination
[seed 004 "评审结果可能导致合同变更或提出终止"]; a contract is signed only after approval."""


class CommitmentKind(LabelledEnum):
    """A service commitment written into a deal [seed 004 篇1]."""

    ON_SITE_WITHIN_HOURS = "on-site-within-hours", "小时服务到位"
    WARRANTY_MONTHS = "warranty-months", "保修期(月)"
    WARRANTY_EXTENSION_MONTHS = "warranty-extension-months", "延长保修(月)"
    OTHER = "other", "其他承诺"


@frozen(kw_only=True)
class ServiceCommitment:
    """A promise in the contract, e.g. on site within 6 hours 6小时服务到位 [seed 004 篇1].

    ``value`` is the number the kind speaks of (hours, months); ``description`` free text.
    """

    kind: CommitmentKind = attrs.field(validator=instance_of(CommitmentKind))
    value: int = attrs.field(default=0, validator=between(0, 10_000))
    description: str | None = attrs.field(default=None, validator=optional(text(max_length=500)))


@frozen(kw_only=True)
class Instalment:
    """A payment milestone 付款节点: what is due when, and what was received.

    Fields:
        due_on: the day payment is due.
        amount: the amount due.
        received: the amount received so far (default zero).
        received_on: the day of the last receipt, if any.
    """

    due_on: date = attrs.field(validator=plain_date)
    amount: Money = attrs.field(validator=instance_of(Money))
    received: Money | None = attrs.field(default=None, validator=optional(instance_of(Money)))
    received_on: date | None = attrs.field(default=None, validator=optional(plain_date))

    def __attrs_post_init__(self) -> None:
        if self.amount.amount <= 0:
            raise ValidationError.of("amount", self.amount.amount, "an amount > 0")
        if self.received is not None:
            if self.received.currency != self.amount.currency:
                raise ValidationError.of(
                    "received.currency", self.received.currency, self.amount.currency
                )
            if not 0 <= self.received.amount <= self.amount.amount:
                raise ValidationError.of(
                    "received", self.received.amount, f"from 0 to {self.amount.amount}"
                )

    @property
    def outstanding(self) -> Money:
        """What is still owed on this instalment."""
        return self.amount if self.received is None else self.amount - self.received

    def days_overdue(self, today: date) -> int:
        """Days past ``due_on`` with money still owed (0 when paid or not yet due)."""
        require_day(today, "today")
        if self.outstanding.is_zero() or today <= self.due_on:
            return 0
        return (today - self.due_on).days


@frozen(kw_only=True)
class ContractStep:
    """One recorded status change of a contract: to ``status``, ``at``, by ``actor_id``."""

    status: ContractStatus = attrs.field(validator=instance_of(ContractStatus))
    at: datetime = attrs.field(validator=aware_datetime)
    actor_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    note: str | None = attrs.field(default=None, validator=optional(text(max_length=2000)))


def _instalments(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(Instalment), container="instalments")(instance, attribute, value)


@frozen(kw_only=True)
class Contract:
    """A contract with a customer 合同.

    Fields:
        id: contract identifier.
        customer_id: the customer (other party).
        manager_id: the responsible account manager.
        value: the contract value.
        start / end: the term, both days included.
        signed_on: the day it was signed, once signed.
        status: the current status; changed only through :meth:`transition`.
        instalments: payment milestones with due dates and receipts.
        commitments: service commitments (on site within N hours, warranty months …).
        handover_at: handover 交底 of the delivered work (aware datetime), if any.
        accepted_on: acceptance 验收 day, if any; the warranty runs from it.
        renewal_of: the id of the contract this one renews, if any.
        steps: recorded status changes, oldest first.
    """

    id: Identifier = attrs.field(validator=identifier(what="contract id"))
    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    value: Money = attrs.field(validator=instance_of(Money))
    start: date = attrs.field(validator=plain_date)
    end: date = attrs.field(validator=plain_date)
    signed_on: date | None = attrs.field(default=None, validator=optional(plain_date))
    status: ContractStatus = attrs.field(
        default=ContractStatus.DRAFT, validator=instance_of(ContractStatus)
    )
    instalments: tuple[Instalment, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_instalments
    )
    commitments: tuple[ServiceCommitment, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance_of(ServiceCommitment))
    )
    handover_at: datetime | None = attrs.field(default=None, validator=optional(aware_datetime))
    accepted_on: date | None = attrs.field(default=None, validator=optional(plain_date))
    renewal_of: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="contract id"))
    )
    steps: tuple[ContractStep, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance_of(ContractStep))
    )

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError.of("end", self.end, f"a day on or after start ({self.start})")
        if self.value.amount < 0:
            raise ValidationError.of("value", self.value.amount, "an amount >= 0")
        for index, instalment in enumerate(self.instalments):
            if instalment.amount.currency != self.value.currency:
                raise ValidationError.of(
                    f"instalments[{index}].amount.currency",
                    instalment.amount.currency,
                    f"{self.value.currency} like the contract value",
                )
        if self.status in _SIGNED_STATES and self.signed_on is None:
            raise ValidationError.of(
                "signed_on", None, f"the signing day, since the status is {self.status.value!r}"
            )
        self._check_steps()

    def _check_steps(self) -> None:
        """Recorded steps follow the status table from a draft, in time order, ending in status.

        A contract may be recorded without steps in any status (its history was not kept).
        """
        if not self.steps:
            return
        previous = ContractStatus.DRAFT
        for index, step in enumerate(self.steps):
            if index and step.at < self.steps[index - 1].at:
                raise ValidationError.of(
                    f"steps[{index}].at", step.at, f"a time at or after {self.steps[index - 1].at}"
                )
            if step.status not in CONTRACT_TRANSITIONS[previous]:
                raise ValidationError.of(
                    f"steps[{index}].status",
                    step.status.value,
                    f"a status reachable from {previous.value!r}",
                )
            previous = step.status
        if previous is not self.status:
            raise ValidationError.of(
                "status", self.status.value, f"{previous.value!r}, the status of the last step"
            )

    # -- facts

    @property
    def warranty_months(self) -> int:
        """Warranty months promised, extensions included (延长保修 [seed 004 篇1])."""
        return sum(
            c.value
            for c in self.commitments
            if c.kind in (CommitmentKind.WARRANTY_MONTHS, CommitmentKind.WARRANTY_EXTENSION_MONTHS)
        )

    @property
    def warranty_end(self) -> date | None:
        """The last day of the warranty, or ``None`` without acceptance or warranty months.

        Counted as the Civil Code counts periods in months (民法典 第二百零一、二百零三条): the
        acceptance day itself is not counted, and the period ends on the corresponding day of
        the last month, or on that month's last day when it has no such day — acceptance on
        2025-01-31 with one month of warranty ends on 2025-02-28.
        """
        if self.accepted_on is None or self.warranty_months == 0:
            return None
        return self.accepted_on + relativedelta(months=self.warranty_months)

    @property
    def on_site_within_hours(self) -> int | None:
        """The promised on-site response time in hours, if any (e.g. 6 [seed 004 篇1])."""
        hours = [c.value for c in self.commitments if c.kind is CommitmentKind.ON_SITE_WITHIN_HOURS]
        return min(hours) if hours else None

    def outstanding(self) -> Money:
        """Everything still owed on the instalments."""
        return Money.total((i.outstanding for i in self.instalments), self.value.currency)

    def is_in_force(self, day: date) -> bool:
        """True when the contract is signed or active and ``day`` lies within its term."""
        require_day(day, "day")
        return self.status in (_C.SIGNED, _C.ACTIVE) and self.start <= day <= self.end

    # -- transitions

    def transition(
        self,
        status: ContractStatus,
        *,
        at: datetime,
        by: str,
        note: str | None = None,
    ) -> Contract:
        """A copy moved to ``status``; signing sets ``signed_on`` to the day of ``at``."""
        check_transition(f"contract {self.id}", CONTRACT_TRANSITIONS, self.status, status)
        try:
            step = ContractStep(status=status, at=at, actor_id=by, note=note)
        except ValidationError as error:
            raise renamed(error, {"actor_id": "by"}) from None
        if self.steps and at < self.steps[-1].at:
            raise ValidationError.of("at", at, f"a time at or after {self.steps[-1].at}")
        signed_on = at.date() if status is _C.SIGNED else self.signed_on
        return attrs.evolve(self, status=status, steps=(*self.steps, step), signed_on=signed_on)


_SIGNED_STATES = frozenset({_C.SIGNED, _C.ACTIVE, _C.EXPIRED, _C.RENEWED})
