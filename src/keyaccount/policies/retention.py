"""Retention warning 离网预警: weighted churn signals, a risk level and the actions due.

The account manager watches the customers for a tendency to leave, keeps a warning system for
it (做好集团转网、离网的预警体系), and for a customer with such a tendency retains it in time,
analyses from the data why it may leave, and reports upward level by level (对于有离网倾向的
客户,客户经理应及时进行挽留,通过具体数据与资料分析客可能离的原因 … 同时通过上报机制层层上报)
[seed 002 客户挽留].

**The score.**  The policy names the warning signals, each with a weight (the weights sum to
100) and a threshold.  A signal *fires* when its input passes its threshold; the score is the
sum of the weights of the signals that fired (0–100), and the risk level is the band the score
falls in.  Weights are positive, so a customer with more signals firing is never at a lower
level.  A signal whose input is unknown (no previous revenue, no survey) does not fire, and the
result says it was unknown.

=====================  ==================================================  =================
signal                 input                                               fires when
=====================  ==================================================  =================
revenue-decline        fall of revenue vs the previous period (0.2 = 20 %)  fall > threshold
overdue-touchpoints    touchpoints overdue (from the visit schedule)       count >= threshold
open-complaints        open complaints of the customer                     count >= threshold
repeated-complaints    complaints received in the repeat window            count >= threshold
low-satisfaction       satisfaction 0–100                                  score < threshold
overdue-payments       overdue share of receivables (0.1 = 10 %)           share >= threshold
contract-ending        days to the end of a contract not renewed           days <= threshold
=====================  ==================================================  =================

**The actions.**  From the policy's ``act_from`` level (preset: medium), and for a customer
already marked at risk whose level is above none, retention actions are due: the account
manager contacts the customer for retention within 2 working days, and reports upward within
2 working days [seed 002; the days are our default].  Lost and prospective customers get no
actions.  The preset is :data:`SEED_RETENTION_POLICY` at the end of the module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar, TypeVar

import attrs
from attrs import frozen

from keyaccount.calendar import BusinessCalendar, check_day
from keyaccount.domain.complaint import Complaint
from keyaccount.domain.contract import Contract, ContractStatus
from keyaccount.domain.customer import AccountFigures, Customer, CustomerStatus
from keyaccount.domain.staff import OrgChart
from keyaccount.domain.values import LabelledEnum
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.validation import (
    between,
    each,
    instance_of,
    text,
    to_decimal,
    to_tuple,
)

__all__ = [
    "SEED_RETENTION_POLICY",
    "RetentionAction",
    "RetentionActionKind",
    "RetentionPolicy",
    "RetentionRisk",
    "RetentionSignal",
    "RiskLevel",
    "SignalCheck",
    "SignalRule",
    "retention_risk",
]


T = TypeVar("T")


# --------------------------------------------------------------------------------- words


class RetentionSignal(LabelledEnum):
    """A churn warning signal 离网预警信号 [SPEC 3.7; the list is our default]."""

    REVENUE_DECLINE = "revenue-decline", "销售额下降"
    OVERDUE_TOUCHPOINTS = "overdue-touchpoints", "拜访逾期"
    OPEN_COMPLAINTS = "open-complaints", "投诉未结"
    REPEATED_COMPLAINTS = "repeated-complaints", "重复投诉"
    LOW_SATISFACTION = "low-satisfaction", "满意度低"
    OVERDUE_PAYMENTS = "overdue-payments", "货款逾期"
    CONTRACT_ENDING = "contract-ending", "合同到期未续签"


class RiskLevel(LabelledEnum):
    """Churn risk level 离网风险等级, lowest first."""

    NONE = "none", "无"
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"

    @property
    def rank(self) -> int:
        """0 for none … 3 for high: higher is riskier."""
        return list(RiskLevel).index(self)


class RetentionActionKind(LabelledEnum):
    """A retention action 挽留措施 [seed 002 客户挽留]."""

    CONTACT = "contact", "挽留联系"
    REPORT_UPWARD = "report-upward", "层层上报"


# What each signal's threshold means: (lowest, highest, whole number?, what it is).
_THRESHOLDS: dict[RetentionSignal, tuple[Decimal, Decimal, bool, str]] = {
    RetentionSignal.REVENUE_DECLINE: (
        Decimal(0),
        Decimal("0.99"),
        False,
        "a fall of revenue from 0 to 0.99 (0.1 = 10 %)",
    ),
    RetentionSignal.OVERDUE_TOUCHPOINTS: (
        Decimal(1),
        Decimal(1000),
        True,
        "a whole number of overdue touchpoints from 1 to 1000",
    ),
    RetentionSignal.OPEN_COMPLAINTS: (
        Decimal(1),
        Decimal(1000),
        True,
        "a whole number of open complaints from 1 to 1000",
    ),
    RetentionSignal.REPEATED_COMPLAINTS: (
        Decimal(2),
        Decimal(1000),
        True,
        "a whole number of complaints from 2 to 1000",
    ),
    RetentionSignal.LOW_SATISFACTION: (
        Decimal("0.01"),
        Decimal(100),
        False,
        "a satisfaction score above 0 and at most 100",
    ),
    RetentionSignal.OVERDUE_PAYMENTS: (
        Decimal("0.01"),
        Decimal(1),
        False,
        "an overdue share from 0.01 to 1 (0.1 = 10 %)",
    ),
    RetentionSignal.CONTRACT_ENDING: (
        Decimal(0),
        Decimal(3660),
        True,
        "a whole number of days from 0 to 3660",
    ),
}


# ------------------------------------------------------------------------ configuration


@frozen(kw_only=True)
class SignalRule:
    """One warning signal of a policy: its ``weight`` (1–100) and ``threshold``.

    What the threshold means depends on the signal (see the module's table); it is checked by
    the policy, which knows which signal it belongs to.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    signal: RetentionSignal = attrs.field(validator=instance_of(RetentionSignal))
    weight: int = attrs.field(validator=between(1, 100))
    threshold: Decimal = attrs.field(converter=to_decimal)


def _signal_rules(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(SignalRule), container="signal rules")(instance, attribute, value)
    for index, rule in enumerate(value):
        low, high, whole, expected = _THRESHOLDS[rule.signal]
        threshold = rule.threshold
        if not low <= threshold <= high or (whole and threshold != threshold.to_integral_value()):
            raise PolicyError.of(f"{attribute.name}[{index}].threshold", threshold, expected)
        if any(other.signal is rule.signal for other in value[:index]):
            raise PolicyError.of(
                f"{attribute.name}[{index}].signal", rule.signal.value, "each signal once"
            )


@frozen(kw_only=True)
class RetentionPolicy:
    """Retention warning policy 离网预警: signals, risk bands and the actions due.

    Fields:
        name / version: which policy this is, quoted in every result.
        signals: the warning signals used, each once; their weights sum to 100.
        low_from / medium_from / high_from: the score (0–100) from which the risk is low,
            medium, high; ``1 <= low_from < medium_from < high_from <= 100``.  Below
            ``low_from`` the risk is none.
        act_from: the level from which retention actions are due (low, medium or high).
        contact_within_working_days: the contact is due within this many working days after
            the day of assessment (1–30).
        report_within_working_days: the report upward likewise (1–30).
        repeat_window_days: the window, in days up to and including the day of assessment,
            in which complaints count for *repeated-complaints* (1–3660).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    signals: tuple[SignalRule, ...] = attrs.field(converter=to_tuple, validator=_signal_rules)
    low_from: int = attrs.field(default=10, validator=between(1, 100))
    medium_from: int = attrs.field(default=30, validator=between(1, 100))
    high_from: int = attrs.field(default=60, validator=between(1, 100))
    act_from: RiskLevel = attrs.field(default=RiskLevel.MEDIUM, validator=instance_of(RiskLevel))
    contact_within_working_days: int = attrs.field(default=2, validator=between(1, 30))
    report_within_working_days: int = attrs.field(default=2, validator=between(1, 30))
    repeat_window_days: int = attrs.field(default=90, validator=between(1, 3660))

    def __attrs_post_init__(self) -> None:
        total = sum(rule.weight for rule in self.signals)
        if total != 100:
            parts = " + ".join(f"{rule.signal.value} {rule.weight}" for rule in self.signals)
            raise PolicyError(f"signal weights must sum to 100, got {total} ({parts or 'none'})")
        if not self.low_from < self.medium_from < self.high_from:
            raise PolicyError(
                "risk bands must rise: low_from < medium_from < high_from, got low_from "
                f"{self.low_from}, medium_from {self.medium_from}, high_from {self.high_from}"
            )
        if self.act_from is RiskLevel.NONE:
            raise PolicyError.of("act_from", self.act_from.value, "one of 'low', 'medium', 'high'")

    def level_for(self, score: int) -> RiskLevel:
        """The risk level of a score (0–100): a step function that never falls as it rises."""
        if isinstance(score, bool) or not isinstance(score, int):
            raise ValidationError.of("score", score, "a whole number")
        if score >= self.high_from:
            return RiskLevel.HIGH
        if score >= self.medium_from:
            return RiskLevel.MEDIUM
        if score >= self.low_from:
            return RiskLevel.LOW
        return RiskLevel.NONE


# ------------------------------------------------------------------------------ results


@frozen(kw_only=True)
class SignalCheck:
    """One signal as assessed: its input, threshold and weight, whether it fired, and why.

    ``value`` is the input compared with ``threshold`` (a fall or share as a fraction, a
    count, a score, a number of days); ``None`` when the input was unknown.
    """

    signal: RetentionSignal
    weight: int
    threshold: Decimal
    value: Decimal | None
    fired: bool
    detail: str

    def explain(self) -> str:
        """One line for people."""
        mark = f"fired (+{self.weight})" if self.fired else "quiet"
        return f"{self.signal.value}: {mark} — {self.detail}"


@frozen(kw_only=True)
class RetentionAction:
    """A retention action due: what, by when, by whom, and to whom it is reported.

    ``report_to_id`` is the account manager's direct superior when an org chart was given
    (``None`` otherwise, or at the top of the chart).
    """

    kind: RetentionActionKind
    due_on: date
    actor_id: str
    report_to_id: str | None
    reason: str

    def explain(self) -> str:
        """One line for people."""
        to = f" to {self.report_to_id}" if self.report_to_id is not None else ""
        return (
            f"{self.kind.value} ({self.kind.label_zh}) by {self.actor_id}{to}, due "
            f"{self.due_on.isoformat()}: {self.reason}"
        )


@frozen(kw_only=True)
class RetentionRisk:
    """The churn risk of one customer as of ``as_of`` 离网风险评估.

    Fields:
        customer_id / customer_status: whom it is about, and their status.
        score: the sum of the weights of the signals that fired (0–100).
        level: the band of the score.
        low_from / medium_from / high_from: the bands used.
        signals: every signal of the policy as assessed, in the policy's order.
        actions: the retention actions due (empty when none are).
        suggested_status: a status change the assessment suggests (active → at risk from
            ``act_from``; at risk → active when the level is none), else ``None``.
    """

    customer_id: str
    customer_status: CustomerStatus
    as_of: date
    policy_name: str
    policy_version: str
    score: int
    level: RiskLevel
    low_from: int
    medium_from: int
    high_from: int
    signals: tuple[SignalCheck, ...]
    actions: tuple[RetentionAction, ...]
    suggested_status: CustomerStatus | None

    @property
    def fired(self) -> tuple[SignalCheck, ...]:
        """The signals that fired."""
        return tuple(check for check in self.signals if check.fired)

    def explain(self) -> str:
        """A few lines for people."""
        lines = [
            f"customer {self.customer_id}: {_risk(self.level)} ({self.level.label_zh}), "
            f"score {self.score} of 100 as of {self.as_of.isoformat()} "
            f"[{self.policy_name} {self.policy_version}; low from {self.low_from}, medium from "
            f"{self.medium_from}, high from {self.high_from}]"
        ]
        lines.extend(f"  {check.explain()}" for check in self.signals)
        lines.extend(f"  action: {action.explain()}" for action in self.actions)
        if self.suggested_status is not None:
            lines.append(
                f"  suggested status: {self.customer_status.value} -> {self.suggested_status.value}"
            )
        return "\n".join(lines)


# ------------------------------------------------------------------------- the function

_RULE = '[seed 002 客户挽留 "客户经理应及时进行挽留 … 层层上报"]'


def retention_risk(
    customer: Customer,
    policy: RetentionPolicy,
    *,
    today: date,
    calendar: BusinessCalendar,
    figures: AccountFigures | None = None,
    overdue_touchpoints: int = 0,
    complaints: Iterable[Complaint] = (),
    contracts: Iterable[Contract] = (),
    org: OrgChart | None = None,
) -> RetentionRisk:
    """The churn risk of ``customer`` as of ``today`` and the retention actions due.

    Inputs (all optional but the customer; a missing one leaves its signals quiet):

    * ``figures`` — the customer's latest :class:`AccountFigures`: revenue vs the previous
      period, satisfaction, overdue share of receivables, and a count of open complaints;
    * ``overdue_touchpoints`` — how many planned touchpoints are overdue (the scheduling
      policy reports them);
    * ``complaints`` — complaints (other customers' are ignored): the open ones count for
      *open-complaints* (the larger of this count and ``figures.open_complaints``, since the
      figures may count complaints the list does not hold), those received in the repeat
      window for *repeated-complaints*;
    * ``contracts`` — contracts (other customers' are ignored): a signed, active or expired
      contract that has not been renewed (no renewed status, and no other contract given
      with ``renewal_of`` naming it, unless terminated) and whose end lies within the
      threshold's days of ``today``, before or after, fires *contract-ending*;
    * ``org`` — the org chart, to name whom the report upward goes to.

    The actions' deadlines are the n-th working day strictly after ``today``.
    """
    _check(customer, policy, today, calendar, figures, overdue_touchpoints, org)
    complaint_list = _mine(complaints, Complaint, "complaints", customer.id)
    contract_list = _mine(contracts, Contract, "contracts", customer.id)

    checks = []
    for rule in policy.signals:
        value, detail = _measure(
            rule.signal,
            policy=policy,
            today=today,
            zone=calendar.working_hours.zone,
            figures=figures,
            overdue_touchpoints=overdue_touchpoints,
            complaints=complaint_list,
            contracts=contract_list,
        )
        fired = value is not None and _fires(rule.signal, value, rule.threshold)
        checks.append(
            SignalCheck(
                signal=rule.signal,
                weight=rule.weight,
                threshold=rule.threshold,
                value=value,
                fired=fired,
                detail=f"{detail}; {_condition(rule.signal, rule.threshold)}",
            )
        )
    score = sum(check.weight for check in checks if check.fired)
    level = policy.level_for(score)

    status = customer.status
    serving = status in (CustomerStatus.ACTIVE, CustomerStatus.AT_RISK)
    marked = status is CustomerStatus.AT_RISK and level is not RiskLevel.NONE
    actions: tuple[RetentionAction, ...] = ()
    if serving and (level.rank >= policy.act_from.rank or marked):
        actions = _actions(customer, policy, today, calendar, level, org)
    suggested = None
    if status is CustomerStatus.ACTIVE and level.rank >= policy.act_from.rank:
        suggested = CustomerStatus.AT_RISK
    elif status is CustomerStatus.AT_RISK and level is RiskLevel.NONE:
        suggested = CustomerStatus.ACTIVE

    return RetentionRisk(
        customer_id=customer.id,
        customer_status=status,
        as_of=today,
        policy_name=policy.name,
        policy_version=policy.version,
        score=score,
        level=level,
        low_from=policy.low_from,
        medium_from=policy.medium_from,
        high_from=policy.high_from,
        signals=tuple(checks),
        actions=actions,
        suggested_status=suggested,
    )


# ---------------------------------------------------------------------------- internals


_MAX_COUNT = 1_000_000_000
"""The largest count of overdue touchpoints taken: more is a mistake, not a customer."""


def _check(
    customer: object,
    policy: object,
    today: object,
    calendar: object,
    figures: object,
    overdue_touchpoints: object,
    org: object,
) -> None:
    if not isinstance(customer, Customer):
        raise ValidationError.of("customer", customer, "a Customer")
    if not isinstance(policy, RetentionPolicy):
        raise ValidationError.of("policy", policy, "a RetentionPolicy")
    check_day(today, "today")  # a date within the calendar's years
    if not isinstance(calendar, BusinessCalendar):
        raise ValidationError.of("calendar", calendar, "a BusinessCalendar")
    if figures is not None:
        if not isinstance(figures, AccountFigures):
            raise ValidationError.of("figures", figures, "AccountFigures or None")
        if figures.customer_id != customer.id:
            raise ValidationError.of(
                "figures.customer_id", figures.customer_id, f"{customer.id!r}, the customer's id"
            )
    if (
        isinstance(overdue_touchpoints, bool)
        or not isinstance(overdue_touchpoints, int)
        or overdue_touchpoints < 0
    ):
        raise ValidationError.of("overdue_touchpoints", overdue_touchpoints, "a whole number >= 0")
    if overdue_touchpoints > _MAX_COUNT:
        raise ValidationError.of(
            "overdue_touchpoints", overdue_touchpoints, f"a whole number from 0 to {_MAX_COUNT}"
        )
    if org is not None and not isinstance(org, OrgChart):
        raise ValidationError.of("org", org, "an OrgChart or None")


def _mine(items: Iterable[T], kind: type[T], path: str, customer_id: str) -> tuple[T, ...]:
    """The items of ``kind`` belonging to ``customer_id`` (others' are ignored)."""
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError.of(path, items, f"an iterable of {kind.__name__}")
    found = []
    for index, item in enumerate(items):
        if not isinstance(item, kind):
            raise ValidationError.of(f"{path}[{index}]", item, f"a {kind.__name__}")
        if getattr(item, "customer_id", None) == customer_id:
            found.append(item)
    return tuple(found)


def _measure(
    signal: RetentionSignal,
    *,
    policy: RetentionPolicy,
    today: date,
    zone: tzinfo,
    figures: AccountFigures | None,
    overdue_touchpoints: int,
    complaints: tuple[Complaint, ...],
    contracts: tuple[Contract, ...],
) -> tuple[Decimal | None, str]:
    """The input of ``signal`` (``None`` if unknown) and a description of it."""
    if signal is RetentionSignal.REVENUE_DECLINE:
        if figures is None or figures.growth is None or figures.previous_revenue is None:
            return None, "revenue vs the previous period unknown"
        fall = -figures.growth
        change = "down" if fall >= 0 else "up"
        return fall, (
            f"revenue {figures.revenue} vs {figures.previous_revenue} in the previous period, "
            f"{change} {_percent(abs(fall))}"
        )
    if signal is RetentionSignal.OVERDUE_TOUCHPOINTS:
        return Decimal(overdue_touchpoints), f"overdue touchpoints: {overdue_touchpoints}"
    if signal is RetentionSignal.OPEN_COMPLAINTS:
        listed = sum(1 for c in complaints if c.is_open)
        counted = figures.open_complaints if figures is not None else 0
        return Decimal(max(listed, counted)), f"open complaints: {max(listed, counted)}"
    if signal is RetentionSignal.REPEATED_COMPLAINTS:
        first = today - timedelta(days=policy.repeat_window_days - 1)
        recent = [c for c in complaints if first <= c.received_at.astimezone(zone).date() <= today]
        return Decimal(len(recent)), (
            f"complaints received {first.isoformat()} to {today.isoformat()} "
            f"({policy.repeat_window_days} days): {len(recent)}"
        )
    if signal is RetentionSignal.LOW_SATISFACTION:
        if figures is None or figures.satisfaction is None:
            return None, "satisfaction unknown"
        return figures.satisfaction, f"satisfaction {figures.satisfaction}"
    if signal is RetentionSignal.OVERDUE_PAYMENTS:
        if figures is None or figures.receivables is None or figures.overdue_receivables is None:
            return None, "overdue receivables unknown"
        share = figures.overdue_share
        return share, (
            f"{figures.overdue_receivables} overdue of {figures.receivables} receivables "
            f"({_percent(share)})"
        )
    return _contract_ending(contracts, today)


_ENDING_STATES = frozenset({ContractStatus.SIGNED, ContractStatus.ACTIVE, ContractStatus.EXPIRED})


def _contract_ending(contracts: tuple[Contract, ...], today: date) -> tuple[Decimal | None, str]:
    renewed = {
        c.renewal_of
        for c in contracts
        if c.renewal_of is not None and c.status is not ContractStatus.TERMINATED
    }
    open_ends = [c for c in contracts if c.status in _ENDING_STATES and c.id not in renewed]
    if not open_ends:
        return None, "no contract awaiting renewal"
    # The contract whose end is nearest to today, before or after, matters most.
    nearest = min(open_ends, key=lambda c: (abs((c.end - today).days), c.end, c.id))
    days = (nearest.end - today).days
    if days >= 0:
        return Decimal(abs(days)), (
            f"contract {nearest.id} ends {nearest.end.isoformat()} ({days} days), not renewed"
        )
    return Decimal(abs(days)), (
        f"contract {nearest.id} ended {nearest.end.isoformat()} ({-days} days ago), not renewed"
    )


def _fires(signal: RetentionSignal, value: Decimal, threshold: Decimal) -> bool:
    if signal is RetentionSignal.REVENUE_DECLINE:
        return value > threshold
    if signal is RetentionSignal.LOW_SATISFACTION:
        return value < threshold
    if signal is RetentionSignal.CONTRACT_ENDING:
        return value <= threshold
    return value >= threshold


def _condition(signal: RetentionSignal, threshold: Decimal) -> str:
    """The firing condition in words."""
    if signal is RetentionSignal.REVENUE_DECLINE:
        return f"fires when down more than {_percent(threshold)}"
    if signal is RetentionSignal.LOW_SATISFACTION:
        return f"fires below {_number(threshold)}"
    if signal is RetentionSignal.CONTRACT_ENDING:
        return f"fires within {_number(threshold)} days of the end"
    if signal is RetentionSignal.OVERDUE_PAYMENTS:
        return f"fires from {_percent(threshold)}"
    return f"fires from {_number(threshold)}"


def _actions(
    customer: Customer,
    policy: RetentionPolicy,
    today: date,
    calendar: BusinessCalendar,
    level: RiskLevel,
    org: OrgChart | None,
) -> tuple[RetentionAction, ...]:
    boss = org.superior(customer.manager_id) if org is not None else None
    why = (
        f"{level.value} churn risk"
        if level.rank >= policy.act_from.rank
        else f"{level.value} churn risk of a customer marked at risk"
    )
    contact = RetentionAction(
        kind=RetentionActionKind.CONTACT,
        due_on=_working_days_after(calendar, today, policy.contact_within_working_days),
        actor_id=customer.manager_id,
        report_to_id=None,
        reason=(
            f"{why}: contact the customer for retention within "
            f"{policy.contact_within_working_days} working days and analyse why it may leave "
            f"{_RULE}"
        ),
    )
    report = RetentionAction(
        kind=RetentionActionKind.REPORT_UPWARD,
        due_on=_working_days_after(calendar, today, policy.report_within_working_days),
        actor_id=customer.manager_id,
        report_to_id=boss.id if boss is not None else None,
        reason=(
            f"{why}: report upward within {policy.report_within_working_days} working days {_RULE}"
        ),
    )
    return contact, report


def _working_days_after(calendar: BusinessCalendar, day: date, count: int) -> date:
    """The ``count``-th working day strictly after ``day`` (``count`` >= 1)."""
    return calendar.add_working_days(calendar.next_working_day(day), count - 1)


def _risk(level: RiskLevel) -> str:
    """ "high risk", …, and "no risk" for :attr:`RiskLevel.NONE`."""
    return "no risk" if level is RiskLevel.NONE else f"{level.value} risk"


def _number(value: Decimal) -> str:
    """``Decimal`` without trailing zeros or exponent: 60, 0.5."""
    return format(value.normalize(), "f")


def _percent(share: Decimal) -> str:
    return f"{_number((share * 100).quantize(Decimal('0.1'), ROUND_HALF_UP))} %"


# ------------------------------------------------------------------------------ presets

SEED_RETENTION_POLICY = RetentionPolicy(
    name="retention-warning",
    version="1",
    signals=(
        SignalRule(signal=RetentionSignal.REVENUE_DECLINE, weight=25, threshold="0.10"),
        SignalRule(signal=RetentionSignal.CONTRACT_ENDING, weight=20, threshold=60),
        SignalRule(signal=RetentionSignal.LOW_SATISFACTION, weight=15, threshold=60),
        SignalRule(signal=RetentionSignal.OPEN_COMPLAINTS, weight=10, threshold=1),
        SignalRule(signal=RetentionSignal.REPEATED_COMPLAINTS, weight=10, threshold=2),
        SignalRule(signal=RetentionSignal.OVERDUE_PAYMENTS, weight=10, threshold="0.10"),
        SignalRule(signal=RetentionSignal.OVERDUE_TOUCHPOINTS, weight=10, threshold=2),
    ),
)
"""The retention warning preset 离网预警 [seed 002 客户挽留; the numbers are our default].

[seed 002 "做好集团转网、离网的预警体系 … 对于有离网倾向的客户,客户经理应及时进行挽留 … 同时
通过上报机制层层上报"] gives the warning system, the retention and the report upward; the seeds
give no signals or numbers, so these are ours [default]: revenue down more than 10 % (weight
25), a contract within 60 days of its end without renewal (20), satisfaction below 60 (15), an
open complaint (10), 2 complaints within 90 days (10), 10 % of receivables overdue (10), 2
overdue touchpoints (10); low risk from 10, medium from 30, high from 60; actions from medium:
contact within 2 working days and report upward within 2 working days.
"""
