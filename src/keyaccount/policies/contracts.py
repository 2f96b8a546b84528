"""Contracts and receivables 合同与应收账款: review, renewal, ageing, overdue payments, credit.

The department signs contracts with its key accounts, follows them through and negotiates
changes and renewals in time ("及时与客户协商解决合同变更和续签等事宜" [seed 000 大客户合同管理]);
contracts are reviewed before signing 合同评审 [seed 004 客服主管; seed 003 1.5; seed 002 篇五];
payments are reconciled with finance and collected on time ("按时与公司财务对帐,及时回收货款"
[seed 000, 001]) and an overdue-payments report 滞纳货款报表 goes to the sales manager
[seed 004 销售统计文员].

One configuration object, :class:`ContractPolicy`, holds every number; the functions are pure:

* :func:`review_requirement` — must a contract be reviewed before signing, and by whom;
* :func:`renewal_reminders` — contracts nearing their end, at 90/60/30 days [default];
* :func:`receivables_ageing` — overdue receivables in buckets 0-30, 31-60, 61-90, >90 days
  [default], per customer and overall; the buckets always partition the overdue total;
* :func:`overdue_payments_report` — the 滞纳货款报表: one row per overdue instalment;
* :func:`credit_check` — does a new contract take the customer over its credit limit.

**Which contracts owe money.**  Only signed contracts (signed, active, expired, renewed, or
terminated after signing) carry receivables; drafts and contracts under review or approved but
not signed owe nothing yet, whatever instalments they plan.  An instalment is *overdue* from
the day after its due day while anything of it is unpaid; on its due day it is not yet overdue.

**Money.**  Sums are exact (no rounding); round for display with
:meth:`~keyaccount.domain.values.Money.rounded`.  A policy has one currency and every amount it
is applied to must be in it: a contract in another currency raises
:class:`~keyaccount.errors.PolicyError` rather than being silently left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from itertools import pairwise
from typing import Any, ClassVar, Protocol

import attrs
from attrs import frozen

from keyaccount._text import counted
from keyaccount.domain.contract import Contract, ContractStatus, Instalment
from keyaccount.domain.staff import OrgChart, Role
from keyaccount.domain.values import (
    IDENTIFIER_PATTERN,
    CreditLevel,
    Identifier,
    LabelledEnum,
    Money,
    identifier,
)
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.validation import between, each, instance_of, optional, require_day, text, to_tuple

__all__ = [
    "CONTRACT_POLICY",
    "AgeingBucket",
    "AgeingLine",
    "ContractPolicy",
    "CreditCheck",
    "CreditLimited",
    "OverduePayment",
    "OverduePaymentsReport",
    "ReceivablesAgeing",
    "RenewalReminder",
    "ReviewRequirement",
    "ReviewTier",
    "Reviewer",
    "credit_check",
    "overdue_payments_report",
    "receivables_ageing",
    "renewal_reminders",
    "review_requirement",
]


# ---------------------------------------------------------------------------- configuration


class Reviewer(LabelledEnum):
    """Who reviews a contract before signing 合同评审人, lowest authority first.

    * ``supervisor`` — the account manager's direct superior 主管 ("对客户开发专员与客户签订的
      合同进行审核、审批" [seed 003 1.5]);
    * ``department-manager`` — the key-account department's general manager 大客户部经理,
      whose powers include "销售合同评审" [seed 002 篇五];
    * ``company-leadership`` — the company's leadership 公司领导, above the department [default].
    """

    SUPERVISOR = "supervisor", "主管"
    DEPARTMENT_MANAGER = "department-manager", "大客户部经理"
    COMPANY_LEADERSHIP = "company-leadership", "公司领导"

    @property
    def rank(self) -> int:
        """0 for the supervisor … 2 for the company leadership: higher is more authority."""
        return list(Reviewer).index(self)


@frozen(kw_only=True)
class ReviewTier:
    """A value threshold of contract review 合同评审分级: above ``above``, ``reviewer`` reviews.

    ``above`` is exclusive: with a tier above 1,000,000 CNY a contract of exactly 1,000,000 CNY
    stays with the tier below.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    above: Money = attrs.field(validator=instance_of(Money))
    reviewer: Reviewer = attrs.field(validator=instance_of(Reviewer))

    def __attrs_post_init__(self) -> None:
        if self.above.amount < 0:
            raise PolicyError.of("above", self.above.amount, "an amount >= 0")


_CURRENCY_CODE = r"[A-Z]{3}"


def _review_from_default(policy: Any) -> Money:
    # Defaults are computed before validators run: a bad currency is left for its validator.
    currency = policy.currency
    valid = isinstance(currency, str) and re.fullmatch(_CURRENCY_CODE, currency) is not None
    return Money.zero(currency if valid else "CNY")


def _positive_days(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(between(1, 3660), container="day counts from 1 to 3660")(instance, attribute, value)


@frozen(kw_only=True)
class ContractPolicy:
    """The contract rules of a department 合同管理规则: review, renewal and ageing thresholds.

    Fields:
        name / version: identify the policy in every result it produces.
        currency: ISO 4217 code of every amount the policy speaks of and is applied to.
        review_from: contracts valued at least this are reviewed before signing; zero (the
            default) means every contract is reviewed [seed 004 合同评审].
        base_reviewer: who reviews a contract no tier applies to (default the supervisor).
        review_tiers: value thresholds that call for a higher reviewer, in increasing order of
            amount and of authority, e.g. above 1,000,000 CNY the department manager.
        renewal_days_before: days before a contract's end when a renewal reminder is due,
            largest first, e.g. ``(90, 60, 30)`` [default].
        ageing_limits: upper bounds in days overdue of the ageing buckets but the last, in
            increasing order: ``(30, 60, 90)`` gives 0-30, 31-60, 61-90 and >90 [default].

    Invalid combinations raise :class:`~keyaccount.errors.PolicyError` when the policy is built.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    currency: str = attrs.field(
        default="CNY",
        validator=text(
            max_length=3, pattern=_CURRENCY_CODE, what="an ISO 4217 currency code, e.g. 'CNY'"
        ),
    )
    review_from: Money = attrs.field(
        default=attrs.Factory(_review_from_default, takes_self=True),
        validator=instance_of(Money),
    )
    base_reviewer: Reviewer = attrs.field(
        default=Reviewer.SUPERVISOR, validator=instance_of(Reviewer)
    )
    review_tiers: tuple[ReviewTier, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance_of(ReviewTier), container="tiers")
    )
    renewal_days_before: tuple[int, ...] = attrs.field(
        default=(90, 60, 30), converter=to_tuple, validator=_positive_days
    )
    ageing_limits: tuple[int, ...] = attrs.field(
        default=(30, 60, 90), converter=to_tuple, validator=_positive_days
    )

    def __attrs_post_init__(self) -> None:
        self._check_currency("review_from", self.review_from)
        if self.review_from.amount < 0:
            raise PolicyError.of("review_from", self.review_from.amount, "an amount >= 0")
        below: tuple[Money, Reviewer] | None = None
        for index, tier in enumerate(self.review_tiers):
            self._check_currency(f"review_tiers[{index}].above", tier.above)
            if tier.reviewer.rank <= self.base_reviewer.rank:
                raise PolicyError(
                    f"review_tiers[{index}] must name a reviewer above the base reviewer "
                    f"{self.base_reviewer.value!r}, got {tier.reviewer.value!r}"
                )
            if below is not None and tier.above <= below[0]:
                raise PolicyError(
                    f"review_tiers must rise in amount, got above {tier.above} "
                    f"after above {below[0]}"
                )
            if below is not None and tier.reviewer.rank <= below[1].rank:
                raise PolicyError(
                    f"review_tiers must rise in authority, got {tier.reviewer.value!r} "
                    f"after {below[1].value!r}"
                )
            below = (tier.above, tier.reviewer)
        days = self.renewal_days_before
        if not days:
            raise PolicyError("renewal_days_before needs at least one day count, got none")
        if any(later >= earlier for earlier, later in pairwise(days)):
            raise PolicyError(
                f"renewal_days_before must be distinct and largest first, got {days!r}"
            )
        limits = self.ageing_limits
        if not limits:
            raise PolicyError("ageing_limits needs at least one bound, got none")
        if any(later <= earlier for earlier, later in pairwise(limits)):
            raise PolicyError(f"ageing_limits must be distinct and increasing, got {limits!r}")

    def _check_currency(self, path: str, money: Money) -> None:
        if money.currency != self.currency:
            raise PolicyError.of(
                f"{path}.currency", money.currency, f"{self.currency} like the policy currency"
            )

    def bucket_ranges(self) -> tuple[tuple[str, int, int | None], ...]:
        """The ageing buckets as ``(label, min_days, max_days)``; the last is open (``None``).

        The first bucket is labelled from 0 as the department's reports do, but an amount is
        only overdue from its first day late, so it holds 1 to ``ageing_limits[0]`` days.
        """
        ranges: list[tuple[str, int, int | None]] = []
        low = 1
        for index, limit in enumerate(self.ageing_limits):
            label = f"0-{limit}" if index == 0 else f"{low}-{limit}"
            ranges.append((label, low, limit))
            low = limit + 1
        ranges.append((f">{self.ageing_limits[-1]}", low, None))
        return tuple(ranges)

    def reviewer_for(self, value: Money) -> tuple[Reviewer | None, Money | None]:
        """Who reviews a contract of ``value`` and the threshold that decided it.

        ``(None, review_from)`` when the value is below ``review_from`` (no review needed).
        """
        if not isinstance(value, Money):
            raise PolicyError.of("value", value, "Money")
        self._check_currency("value", value)
        if value < self.review_from:
            return None, self.review_from
        chosen: tuple[Reviewer | None, Money | None] = (self.base_reviewer, self.review_from)
        for tier in self.review_tiers:
            if value > tier.above:
                chosen = (tier.reviewer, tier.above)
        return chosen


CONTRACT_POLICY = ContractPolicy(
    name="contracts-default",
    version="1",
    currency="CNY",
    review_from=Money.zero("CNY"),
    base_reviewer=Reviewer.SUPERVISOR,
    review_tiers=(
        ReviewTier(above=Money.of(1_000_000, "CNY"), reviewer=Reviewer.DEPARTMENT_MANAGER),
        ReviewTier(above=Money.of(5_000_000, "CNY"), reviewer=Reviewer.COMPANY_LEADERSHIP),
    ),
    renewal_days_before=(90, 60, 30),
    ageing_limits=(30, 60, 90),
)
"""The department's contract rules, in CNY.

* Every contract is reviewed before signing — "组织合同(或合同变更)的评审" [seed 004 客服主管];
  by the account manager's supervisor, who "对客户开发专员与客户签订的合同进行审核、审批"
  [seed 003 1.5].  Above 1,000,000 CNY the department manager ("销售合同评审" is among the
  department manager's powers [seed 002 篇五]); above 5,000,000 CNY the company leadership.
  The two amounts are [default]: the seeds give no figure.
* Renewal reminders 90, 60 and 30 days before the end [default]; the seed asks that renewals
  be negotiated in time, "及时与客户协商解决合同变更和续签等事宜" [seed 000 大客户合同管理].
* Ageing buckets 0-30, 31-60, 61-90 and >90 days overdue [default].
"""


# ------------------------------------------------------------------------------ inputs


_UNSIGNED = frozenset({ContractStatus.DRAFT, ContractStatus.UNDER_REVIEW, ContractStatus.APPROVED})


def _owes_money(contract: Contract) -> bool:
    """True for a contract that was signed: only those carry receivables."""
    if contract.status is ContractStatus.TERMINATED:
        return contract.signed_on is not None
    return contract.status not in _UNSIGNED


def _check_day(value: object, field: str = "today") -> date:
    return require_day(value, field)


def _check_policy(value: object) -> ContractPolicy:
    if not isinstance(value, ContractPolicy):
        raise ValidationError.of("policy", value, "a ContractPolicy")
    return value


def _check_contracts(contracts: object) -> tuple[Contract, ...]:
    """The contracts as a tuple; each a Contract with an id not seen before."""
    if isinstance(contracts, str | bytes) or not isinstance(contracts, Iterable):
        raise ValidationError.of("contracts", contracts, "an iterable of Contract")
    checked: list[Contract] = []
    seen: set[str] = set()
    for index, contract in enumerate(contracts):
        if not isinstance(contract, Contract):
            raise ValidationError.of(f"contracts[{index}]", contract, "a Contract")
        if contract.id in seen:
            raise ValidationError.of(f"contracts[{index}].id", contract.id, "a unique contract id")
        seen.add(contract.id)
        checked.append(contract)
    return tuple(checked)


def _check_policy_currency(contracts: tuple[Contract, ...], policy: ContractPolicy) -> None:
    for index, contract in enumerate(contracts):
        if contract.value.currency != policy.currency:
            raise PolicyError.of(
                f"contracts[{index}].value.currency",
                contract.value.currency,
                f"{policy.currency}, the currency of policy {policy.name!r}",
            )


# ------------------------------------------------------------------------------- review


_PENDING = frozenset({ContractStatus.DRAFT, ContractStatus.UNDER_REVIEW})


@frozen(kw_only=True)
class ReviewRequirement:
    """Whether a contract must be reviewed before signing 合同评审, and by whom.

    Fields:
        contract_id / manager_id: the contract and its account manager.
        value: the contract value that decided.
        required: True when the contract must be reviewed.
        reviewer: who reviews (``None`` when no review is required).
        reviewer_id: the person, when an org chart was given and names them (the supervisor
            is the manager's direct superior, the department manager the nearest superior
            whose role is general manager; the company leadership is outside the chart).
        threshold: the amount that decided: the tier's ``above`` or the policy's
            ``review_from``.
        rule: ``"review-tier"`` (a value tier applied), ``"base-review"`` (no tier applied)
            or ``"below-review-threshold"`` (no review needed).
        status: the contract's status when asked.
        pending: True while a required review is still to be done (draft or under review;
            a changed contract goes back to draft and is reviewed again [seed 004]).
        policy / policy_version: the policy applied.
    """

    contract_id: Identifier = attrs.field(validator=identifier(what="contract id"))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    value: Money = attrs.field(validator=instance_of(Money))
    required: bool = attrs.field(validator=instance_of(bool))
    reviewer: Reviewer | None = attrs.field(validator=optional(instance_of(Reviewer)))
    reviewer_id: Identifier | None = attrs.field(default=None)
    threshold: Money | None = attrs.field(default=None)
    rule: str = attrs.field(validator=text(max_length=40))
    status: ContractStatus = attrs.field(validator=instance_of(ContractStatus))
    pending: bool = attrs.field(validator=instance_of(bool))
    policy: str = attrs.field(validator=text(max_length=100))
    policy_version: str = attrs.field(validator=text(max_length=40))

    def explain(self) -> str:
        """One paragraph for a person: the decision, the threshold and the policy."""
        source = f"[policy {self.policy} v{self.policy_version}]"
        if not self.required or self.reviewer is None:
            return (
                f"Contract {self.contract_id} ({self.value}) needs no review: its value is "
                f"below {self.threshold} {source}."
            )
        who = f"the {self.reviewer.value.replace('-', ' ')} {self.reviewer.label_zh}"
        if self.reviewer_id is not None:
            who += f" ({self.reviewer_id})"
        if self.rule == "review-tier":
            why = f"its value is above {self.threshold}"
        else:
            why = "every contract is reviewed before signing"
        state = "review pending" if self.pending else "no longer pending"
        return (
            f"Contract {self.contract_id} ({self.value}) must be reviewed by {who} before "
            f"signing: {why} {source}. Status {self.status.value}: {state}."
        )


def _reviewer_id(reviewer: Reviewer, manager_id: str, org: OrgChart) -> str | None:
    if reviewer is Reviewer.SUPERVISOR:
        boss = org.superior(manager_id)
        return None if boss is None else boss.id
    if reviewer is Reviewer.DEPARTMENT_MANAGER:
        for boss in org.superiors(manager_id):
            if boss.role is Role.GENERAL_MANAGER:
                return boss.id
    return None


def review_requirement(
    contract: Contract, policy: ContractPolicy, *, org: OrgChart | None = None
) -> ReviewRequirement:
    """Whether ``contract`` must be reviewed before signing 合同评审, and by whom.

    Rule: a contract valued below ``policy.review_from`` needs no review; otherwise the
    highest tier whose ``above`` the value exceeds (strictly) names the reviewer, else the
    policy's ``base_reviewer``.  With the preset every contract is reviewed by the supervisor,
    above 1,000,000 CNY by the department manager and above 5,000,000 CNY by the company
    leadership.  The value decides, not the status; ``pending`` says whether the review is still
    to be done.  Give ``org`` to have the reviewer named (``reviewer_id``).

    Raises :class:`~keyaccount.errors.PolicyError` when the contract's currency is not the
    policy's.
    """
    if not isinstance(contract, Contract):
        raise ValidationError.of("contract", contract, "a Contract")
    policy = _check_policy(policy)
    if org is not None and not isinstance(org, OrgChart):
        raise ValidationError.of("org", org, "an OrgChart or None")
    if contract.value.currency != policy.currency:
        raise PolicyError.of(
            "contract.value.currency",
            contract.value.currency,
            f"{policy.currency}, the currency of policy {policy.name!r}",
        )
    reviewer, threshold = policy.reviewer_for(contract.value)
    if reviewer is None:
        rule = "below-review-threshold"
    elif reviewer is policy.base_reviewer:
        rule = "base-review"
    else:  # tiers always name a reviewer above the base one
        rule = "review-tier"
    reviewer_id = None
    if reviewer is not None and org is not None:
        reviewer_id = _reviewer_id(reviewer, contract.manager_id, org)
    required = reviewer is not None
    return ReviewRequirement(
        contract_id=contract.id,
        manager_id=contract.manager_id,
        value=contract.value,
        required=required,
        reviewer=reviewer,
        reviewer_id=reviewer_id,
        threshold=threshold,
        rule=rule,
        status=contract.status,
        pending=required and contract.status in _PENDING,
        policy=policy.name,
        policy_version=policy.version,
    )


# ------------------------------------------------------------------------------ renewal


@frozen(kw_only=True)
class RenewalReminder:
    """A contract nearing its end: negotiate the renewal 续签提醒 [seed 000 大客户合同管理].

    Fields:
        contract_id / customer_id / manager_id: the contract, its customer and its manager.
        end: the contract's last day.
        days_left: days from ``as_of`` to ``end`` (0 on the last day).
        stage_days: the reminder mark reached — the smallest of the policy's
            ``renewal_days_before`` that is at least ``days_left`` (60 when 45 days are left
            with marks 90/60/30).
        remind_on: the day that mark was reached, ``end - stage_days``.
        as_of: the day asked about.
        policy / policy_version: the policy applied.
    """

    contract_id: Identifier = attrs.field(validator=identifier(what="contract id"))
    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    end: date = attrs.field()
    days_left: int = attrs.field(validator=between(0, None))
    stage_days: int = attrs.field(validator=between(1, None))
    remind_on: date = attrs.field()
    as_of: date = attrs.field()
    policy: str = attrs.field(validator=text(max_length=100))
    policy_version: str = attrs.field(validator=text(max_length=40))

    def explain(self) -> str:
        """One line for a person."""
        return (
            f"Contract {self.contract_id} of customer {self.customer_id} ends on "
            f"{self.end.isoformat()} ({self.days_left} days left): the {self.stage_days}-day "
            f"renewal reminder has been due since {self.remind_on.isoformat()}; "
            f"manager {self.manager_id} [policy {self.policy} v{self.policy_version}]."
        )


_IN_FORCE = frozenset({ContractStatus.SIGNED, ContractStatus.ACTIVE})


def renewal_reminders(
    contracts: Iterable[Contract], today: date, policy: ContractPolicy
) -> tuple[RenewalReminder, ...]:
    """The renewal reminders 续签提醒 due on ``today``, soonest end first.

    Rule: a contract that is signed or active, has not ended (``end >= today``) and is not
    being renewed gets a reminder once ``today`` is within the largest of the policy's
    ``renewal_days_before`` of its end (preset 90/60/30 days [default]).  The reminder names the
    tightest mark reached, so a caller that remembers which ``(contract_id, stage_days)`` it has
    sent sends each mark once, even when it does not run every day.

    A contract is *being renewed* when its status is ``renewed`` or another contract in
    ``contracts`` names it in ``renewal_of`` and is not terminated (the renewal is drafted,
    under review or signed).  Ended contracts get no reminder: a contract ending without
    renewal is a retention signal, not a reminder.

    Ordered by end date, then contract id.
    """
    checked = _check_contracts(contracts)
    day = _check_day(today)
    policy = _check_policy(policy)
    renewed = {
        c.renewal_of
        for c in checked
        if c.renewal_of is not None and c.status is not ContractStatus.TERMINATED
    }
    reminders: list[RenewalReminder] = []
    for contract in checked:
        if contract.status not in _IN_FORCE or contract.id in renewed:
            continue
        days_left = (contract.end - day).days
        if days_left < 0:
            continue
        reached = [d for d in policy.renewal_days_before if days_left <= d]
        if not reached:
            continue
        stage = min(reached)
        reminders.append(
            RenewalReminder(
                contract_id=contract.id,
                customer_id=contract.customer_id,
                manager_id=contract.manager_id,
                end=contract.end,
                days_left=days_left,
                stage_days=stage,
                remind_on=date.fromordinal(contract.end.toordinal() - stage),
                as_of=day,
                policy=policy.name,
                policy_version=policy.version,
            )
        )
    reminders.sort(key=lambda r: (r.end, r.contract_id))
    return tuple(reminders)


# ------------------------------------------------------------------------------- ageing


@frozen(kw_only=True)
class AgeingBucket:
    """One ageing bucket 账龄区间: the amount overdue between ``min_days`` and ``max_days``.

    ``max_days`` is ``None`` for the last, open bucket (e.g. ">90").  ``count`` is the number
    of overdue instalments in the bucket.
    """

    label: str = attrs.field(validator=text(max_length=20))
    min_days: int = attrs.field(validator=between(1, None))
    max_days: int | None = attrs.field(validator=optional(between(1, None)))
    amount: Money = attrs.field(validator=instance_of(Money))
    count: int = attrs.field(validator=between(0, None))

    def holds(self, days_overdue: int) -> bool:
        """True when an amount ``days_overdue`` days late belongs in this bucket."""
        return self.min_days <= days_overdue and (
            self.max_days is None or days_overdue <= self.max_days
        )


@frozen(kw_only=True)
class AgeingLine:
    """The receivables of one customer — or of all, when ``customer_id`` is ``None``.

    Fields:
        customer_id: the customer, ``None`` for the overall line.
        buckets: the overdue amount per bucket; they partition ``overdue``.
        overdue: everything past its due day.
        not_yet_due: everything still owed that is not overdue (due today or later).
        outstanding: ``overdue + not_yet_due``.
        oldest_days: the most days any unpaid amount is overdue (0 when nothing is).
    """

    customer_id: Identifier | None = attrs.field()
    buckets: tuple[AgeingBucket, ...] = attrs.field(converter=to_tuple)
    overdue: Money = attrs.field(validator=instance_of(Money))
    not_yet_due: Money = attrs.field(validator=instance_of(Money))
    outstanding: Money = attrs.field(validator=instance_of(Money))
    oldest_days: int = attrs.field(validator=between(0, None))


def _ageing_line(
    customer_id: str | None,
    instalments: Iterable[Instalment],
    day: date,
    policy: ContractPolicy,
) -> AgeingLine:
    ranges = policy.bucket_ranges()
    amounts = [Money.zero(policy.currency) for _ in ranges]
    counts = [0 for _ in ranges]
    not_yet_due = Money.zero(policy.currency)
    oldest = 0
    for instalment in instalments:
        owed = instalment.outstanding
        if owed.is_zero():
            continue
        days = instalment.days_overdue(day)
        if days == 0:
            not_yet_due += owed
            continue
        oldest = max(oldest, days)
        for index, (_, low, high) in enumerate(ranges):
            if low <= days and (high is None or days <= high):
                amounts[index] += owed
                counts[index] += 1
                break
    buckets = tuple(
        AgeingBucket(label=label, min_days=low, max_days=high, amount=amount, count=count)
        for (label, low, high), amount, count in zip(ranges, amounts, counts, strict=True)
    )
    overdue = Money.total(amounts, policy.currency)
    return AgeingLine(
        customer_id=customer_id,
        buckets=buckets,
        overdue=overdue,
        not_yet_due=not_yet_due,
        outstanding=overdue + not_yet_due,
        oldest_days=oldest,
    )


@frozen(kw_only=True)
class ReceivablesAgeing:
    """Receivables ageing 应收账款账龄分析 as of a day, per customer and overall.

    Fields:
        as_of: the day the ageing was taken.
        currency: the policy's currency (every amount is in it).
        customers: one line per customer still owing anything, largest overdue first
            (then longest overdue, then customer id).
        overall: the line of all customers together (``customer_id`` is ``None``).
        policy / policy_version: the policy applied.

    Invariants: in every line the buckets sum to ``overdue`` and ``overdue + not_yet_due`` is
    ``outstanding``; the customers' lines add up to ``overall``.
    """

    as_of: date = attrs.field()
    currency: str = attrs.field(validator=text(max_length=3))
    customers: tuple[AgeingLine, ...] = attrs.field(converter=to_tuple)
    overall: AgeingLine = attrs.field(validator=instance_of(AgeingLine))
    policy: str = attrs.field(validator=text(max_length=100))
    policy_version: str = attrs.field(validator=text(max_length=40))

    def line(self, customer_id: str) -> AgeingLine | None:
        """The line of ``customer_id``, or ``None`` when it owes nothing."""
        return next((c for c in self.customers if c.customer_id == customer_id), None)

    def explain(self) -> str:
        """A table for a person: one row per customer, then the total."""
        labels = [b.label for b in self.overall.buckets]
        header = ["customer", *labels, "overdue", "not yet due"]
        rows = [header]
        for line in (*self.customers, self.overall):
            amounts = [*(b.amount for b in line.buckets), line.overdue, line.not_yet_due]
            rows.append([line.customer_id or "all", *(f"{a.rounded().amount:,}" for a in amounts)])
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        table = "\n".join(
            "  ".join(
                cell.ljust(width) if i == 0 else cell.rjust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
            for row in rows
        )
        return (
            f"Receivables ageing 应收账款账龄 as of {self.as_of.isoformat()}, days overdue, "
            f"{self.currency} [policy {self.policy} v{self.policy_version}]\n{table}"
        )


def receivables_ageing(
    contracts: Iterable[Contract], today: date, policy: ContractPolicy
) -> ReceivablesAgeing:
    """Age the unpaid instalments of signed contracts into buckets of days overdue.

    Rule: every unpaid amount of a signed contract's instalment (its ``outstanding``) is
    *overdue* from the day after its due day and falls into the bucket of its days overdue
    (preset 0-30, 31-60, 61-90, >90 [default]); an amount due today or later is *not yet due*.
    Each amount lands in exactly one bucket, so the buckets partition the overdue total, per
    customer and overall.

    Raises :class:`~keyaccount.errors.PolicyError` when a contract's currency is not the
    policy's, :class:`~keyaccount.errors.ValidationError` for two contracts with one id.
    """
    checked = _check_contracts(contracts)
    day = _check_day(today)
    policy = _check_policy(policy)
    _check_policy_currency(checked, policy)
    by_customer: dict[str, list[Instalment]] = {}
    for contract in checked:
        if not _owes_money(contract):
            continue
        owed = [i for i in contract.instalments if not i.outstanding.is_zero()]
        if owed:
            by_customer.setdefault(contract.customer_id, []).extend(owed)
    lines = [_ageing_line(cid, items, day, policy) for cid, items in by_customer.items()]
    lines.sort(key=lambda line: (-line.overdue.amount, -line.oldest_days, line.customer_id or ""))
    everything = [i for items in by_customer.values() for i in items]
    return ReceivablesAgeing(
        as_of=day,
        currency=policy.currency,
        customers=tuple(lines),
        overall=_ageing_line(None, everything, day, policy),
        policy=policy.name,
        policy_version=policy.version,
    )


# ---------------------------------------------------------------------- overdue payments


@frozen(kw_only=True)
class OverduePayment:
    """One row of the overdue-payments report 滞纳货款报表: an instalment past its due day.

    Fields:
        customer_id / contract_id: whose money, under which contract.
        due_on: the instalment's due day.
        amount: what is still unpaid of it.
        days_overdue: days past ``due_on`` on the report day.
        manager_id: the responsible account manager (the contract's), who collects.
        manager_name: their name, when an org chart was given and knows them.
        superior_id: their direct superior, when the org chart names one (for escalation).
    """

    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    contract_id: Identifier = attrs.field(validator=identifier(what="contract id"))
    due_on: date = attrs.field()
    amount: Money = attrs.field(validator=instance_of(Money))
    days_overdue: int = attrs.field(validator=between(1, None))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    manager_name: str | None = attrs.field(default=None)
    superior_id: Identifier | None = attrs.field(default=None)


@frozen(kw_only=True)
class OverduePaymentsReport:
    """The overdue-payments report 滞纳货款报表 as of a day [seed 004 "编制滞纳货款报表"].

    Fields:
        as_of: the report day.
        min_days: the least days overdue a row has (1 lists everything overdue).
        rows: one per overdue instalment, most days overdue first (then customer, contract
            and due day).
        totals: the total overdue per currency, ordered by currency code.
    """

    as_of: date = attrs.field()
    min_days: int = attrs.field(validator=between(1, None))
    rows: tuple[OverduePayment, ...] = attrs.field(converter=to_tuple)
    totals: tuple[Money, ...] = attrs.field(converter=to_tuple)

    def explain(self) -> str:
        """A table for a person, as handed to the sales manager."""
        head = (
            f"Overdue payments 滞纳货款报表 as of {self.as_of.isoformat()} "
            f"(at least {counted(self.min_days, 'day')} overdue)"
        )
        if not self.rows:
            return f"{head}: none."
        rows = [["customer", "contract", "due on", "amount", "days", "manager"]]
        for row in self.rows:
            manager = (
                row.manager_id
                if row.manager_name is None
                else (f"{row.manager_name} ({row.manager_id})")
            )
            rows.append(
                [
                    row.customer_id,
                    row.contract_id,
                    row.due_on.isoformat(),
                    str(row.amount),
                    str(row.days_overdue),
                    manager,
                ]
            )
        widths = [max(len(r[i]) for r in rows) for i in range(6)]
        right = {3, 4}
        table = "\n".join(
            "  ".join(
                cell.rjust(w) if i in right else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(r, widths, strict=True))
            ).rstrip()
            for r in rows
        )
        total = ", ".join(str(t) for t in self.totals)
        return f"{head}\n{table}\ntotal overdue: {total}"


def overdue_payments_report(
    contracts: Iterable[Contract],
    today: date,
    org: OrgChart | None = None,
    *,
    min_days: int = 1,
) -> OverduePaymentsReport:
    """The overdue-payments report 滞纳货款报表: who owes what, how late, who collects.

    Rule: one row per instalment of a signed contract with money unpaid at least ``min_days``
    days after its due day; the responsible manager is the contract's account manager, named
    from ``org`` when given, with their direct superior (the report goes up the line,
    "编制滞纳货款报表呈报销售经理" [seed 004]).  Contracts may be in different currencies: the
    totals are per currency.  No policy is needed; the ageing is :func:`receivables_ageing`.
    """
    checked = _check_contracts(contracts)
    day = _check_day(today)
    if org is not None and not isinstance(org, OrgChart):
        raise ValidationError.of("org", org, "an OrgChart or None")
    if isinstance(min_days, bool) or not isinstance(min_days, int) or min_days < 1:
        raise ValidationError.of("min_days", min_days, "a whole number >= 1")
    rows: list[OverduePayment] = []
    for contract in checked:
        if not _owes_money(contract):
            continue
        manager = None if org is None else org.get(contract.manager_id)
        boss = None if org is None else org.superior(contract.manager_id)
        for instalment in contract.instalments:
            days = instalment.days_overdue(day)
            if days < min_days:
                continue
            rows.append(
                OverduePayment(
                    customer_id=contract.customer_id,
                    contract_id=contract.id,
                    due_on=instalment.due_on,
                    amount=instalment.outstanding,
                    days_overdue=days,
                    manager_id=contract.manager_id,
                    manager_name=None if manager is None else manager.name,
                    superior_id=None if boss is None else boss.id,
                )
            )
    rows.sort(key=lambda r: (-r.days_overdue, r.customer_id, r.contract_id, r.due_on))
    currencies = sorted({r.amount.currency for r in rows})
    totals = tuple(
        Money.total((r.amount for r in rows if r.amount.currency == cur), cur) for cur in currencies
    )
    return OverduePaymentsReport(as_of=day, min_days=min_days, rows=tuple(rows), totals=totals)


# ------------------------------------------------------------------------------- credit


class CreditLimited(Protocol):
    """Anything that carries a credit limit, e.g. the credit rating of a customer 信用评级.

    ``credit_limit`` must be :class:`~keyaccount.domain.values.Money` when it is used; an
    object whose limit is ``None`` (no limit set) is refused by :func:`credit_check`.
    """

    @property
    def credit_limit(self) -> Money | None: ...


@frozen(kw_only=True)
class CreditCheck:
    """A credit check 信用额度检查 of a new contract against the customer's credit limit.

    Fields:
        customer_id: the customer.
        limit: the credit limit applied.
        limit_source: ``"given"`` for a limit passed as Money, else the type name of the
            object it came from (e.g. the credit rating result).
        credit_level: the credit level, when the limit came from an object with a ``level``.
        outstanding: what the customer still owes on its signed contracts.
        new_value: the value of the new contract.
        exposure: ``outstanding + new_value``.
        headroom: ``limit - exposure`` (negative when over the limit).
        flagged: True when ``exposure`` exceeds ``limit`` (equal is within).
        contracts: ids of the contracts whose outstanding amounts were counted.
    """

    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    limit: Money = attrs.field(validator=instance_of(Money))
    limit_source: str = attrs.field(validator=text(max_length=100))
    credit_level: CreditLevel | None = attrs.field(default=None)
    outstanding: Money = attrs.field(validator=instance_of(Money))
    new_value: Money = attrs.field(validator=instance_of(Money))
    exposure: Money = attrs.field(validator=instance_of(Money))
    headroom: Money = attrs.field(validator=instance_of(Money))
    flagged: bool = attrs.field(validator=instance_of(bool))
    contracts: tuple[Identifier, ...] = attrs.field(converter=to_tuple)

    @property
    def within_limit(self) -> bool:
        """True when the new contract keeps the customer within its limit."""
        return not self.flagged

    def explain(self) -> str:
        """One paragraph for a person."""
        level = "" if self.credit_level is None else f", credit level {self.credit_level.value}"
        verdict = (
            f"over the credit limit by {-self.headroom}"
            if self.flagged
            else f"within the credit limit ({self.headroom} to spare)"
        )
        counted = ", ".join(self.contracts) or "none"
        return (
            f"Customer {self.customer_id}: outstanding {self.outstanding} (contracts: {counted}) "
            f"+ new contract {self.new_value} = exposure {self.exposure} against a limit of "
            f"{self.limit} ({self.limit_source}{level}): {verdict}."
        )


def _resolve_limit(limit: object) -> tuple[Money, str, CreditLevel | None]:
    if isinstance(limit, Money):
        return limit, "given", None
    if limit is None or not hasattr(limit, "credit_limit"):
        raise ValidationError.of(
            "limit", limit, "a Money credit limit or an object with a credit_limit (Money)"
        )
    value = limit.credit_limit
    if not isinstance(value, Money):
        raise ValidationError.of("limit.credit_limit", value, "a Money credit limit")
    level = getattr(limit, "level", None)
    return value, type(limit).__name__, level if isinstance(level, CreditLevel) else None


def credit_check(
    customer_id: str,
    new_contract_value: Money,
    contracts: Iterable[Contract],
    limit: Money | CreditLimited,
) -> CreditCheck:
    """Flag a new contract that takes a customer over its credit limit 超信用额度.

    Rule: exposure = what the customer still owes on its signed contracts (the unpaid parts of
    their instalments; contract value not yet scheduled as instalments is not counted) plus the
    new contract's value.  The check is *flagged* when exposure exceeds the limit; exactly at
    the limit is within.  Drafts and contracts under review or approved but unsigned — the new
    contract itself, if it is in ``contracts`` — owe nothing yet and are not counted.

    ``limit`` is either a Money given directly, or any object with a ``credit_limit`` Money
    attribute — such as the credit rating of the grading policy; when that object also has a
    ``level`` (a :class:`~keyaccount.domain.values.CreditLevel`), it is recorded.  Being over
    the limit is a result, not an error; invalid inputs and mixed currencies raise
    :class:`~keyaccount.errors.ValidationError`.
    """
    if not isinstance(customer_id, str) or re.fullmatch(IDENTIFIER_PATTERN, customer_id) is None:
        raise ValidationError.of("customer_id", customer_id, "a customer id")
    if not isinstance(new_contract_value, Money):
        raise ValidationError.of("new_contract_value", new_contract_value, "Money")
    if new_contract_value.amount < 0:
        raise ValidationError.of("new_contract_value", new_contract_value.amount, "an amount >= 0")
    limit_money, source, level = _resolve_limit(limit)
    checked = _check_contracts(contracts)
    currency = limit_money.currency
    if new_contract_value.currency != currency:
        raise ValidationError.of(
            "new_contract_value.currency",
            new_contract_value.currency,
            f"{currency} like the credit limit",
        )
    counted: list[str] = []
    owed: list[Money] = []
    for index, contract in enumerate(checked):
        if contract.customer_id != customer_id or not _owes_money(contract):
            continue
        outstanding = contract.outstanding()
        if outstanding.is_zero():
            continue
        if outstanding.currency != currency:
            raise ValidationError.of(
                f"contracts[{index}].value.currency",
                outstanding.currency,
                f"{currency} like the credit limit",
            )
        counted.append(contract.id)
        owed.append(outstanding)
    outstanding_total = Money.total(owed, currency)
    exposure = outstanding_total + new_contract_value
    return CreditCheck(
        customer_id=customer_id,
        limit=limit_money,
        limit_source=source,
        credit_level=level,
        outstanding=outstanding_total,
        new_value=new_contract_value,
        exposure=exposure,
        headroom=limit_money - exposure,
        flagged=exposure > limit_money,
        contracts=tuple(counted),
    )
