"""Properties of the retention warning (SPEC 3.7; issue 7): more signals, never less risk."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
from hypothesis import given
from hypothesis import strategies as st

from keyaccount.calendar import BusinessCalendar
from keyaccount.domain.complaint import Complaint
from keyaccount.domain.contract import Contract, ContractStatus
from keyaccount.domain.customer import AccountFigures, Customer, CustomerStatus
from keyaccount.domain.values import Money, Period
from keyaccount.policies.retention import (
    SEED_RETENTION_POLICY,
    RetentionPolicy,
    RetentionSignal,
    RiskLevel,
    SignalRule,
    retention_risk,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar()
TODAY = date(2025, 10, 10)
# Build the 2025 table once, here, so that no example pays for loading the holiday data.
CALENDAR.is_working_day(TODAY)
CUSTOMER = Customer(id="K-1", name="Acme", manager_id="AM")
SIGNALS = list(RetentionSignal)
_THRESHOLDS = {rule.signal: rule.threshold for rule in SEED_RETENTION_POLICY.signals}


@st.composite
def policies(draw: st.DrawFn) -> RetentionPolicy:
    """A valid policy using every signal with the preset thresholds and random weights.

    Shrinks towards weights 94, 1, 1, 1, 1, 1, 1 and bands 1, 2, 3.
    """
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=6, max_size=6, unique=True)))
    weights = [b - a for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    low, medium, high = sorted(
        draw(st.lists(st.integers(1, 100), min_size=3, max_size=3, unique=True))
    )
    return RetentionPolicy(
        name="generated",
        version="1",
        signals=[
            SignalRule(signal=signal, weight=weight, threshold=_THRESHOLDS[signal])
            for signal, weight in zip(SIGNALS, weights, strict=True)
        ],
        low_from=low,
        medium_from=medium,
        high_from=high,
        act_from=draw(st.sampled_from([RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH])),
    )


def inputs(firing: frozenset[RetentionSignal]) -> dict[str, object]:
    """Inputs under which exactly the signals in ``firing`` fire (preset thresholds)."""
    on = firing.__contains__
    figures = AccountFigures(
        customer_id="K-1",
        period=Period.quarter(2025, 3),
        revenue=Money.of(700_000 if on(RetentionSignal.REVENUE_DECLINE) else 1_000_000),
        gross_profit=Money.of(100_000),
        previous_revenue=Money.of(1_000_000),
        receivables=Money.of(100_000),
        overdue_receivables=Money.of(50_000 if on(RetentionSignal.OVERDUE_PAYMENTS) else 0),
        satisfaction=Decimal(40 if on(RetentionSignal.LOW_SATISFACTION) else 90),
        open_complaints=1 if on(RetentionSignal.OPEN_COMPLAINTS) else 0,
    )
    complaints = []
    if on(RetentionSignal.REPEATED_COMPLAINTS):
        for index, days in enumerate((3, 40)):
            received = datetime(2025, 10, 10, 9, tzinfo=SHANGHAI) - timedelta(days=days)
            complaints.append(
                Complaint(
                    id=f"C-{index}", customer_id="K-1", received_at=received, responsible_id="AM"
                )
                .reject(at=received, by="AM")
                .close(at=received, by="AM")
            )
    ending = TODAY + timedelta(days=20 if on(RetentionSignal.CONTRACT_ENDING) else 400)
    contract = Contract(
        id="H-1",
        customer_id="K-1",
        manager_id="AM",
        value=Money.of(100_000),
        start=date(2024, 1, 1),
        end=ending,
        signed_on=date(2023, 12, 1),
        status=ContractStatus.ACTIVE,
    )
    return {
        "figures": figures,
        "complaints": complaints,
        "contracts": [contract],
        "overdue_touchpoints": 3 if on(RetentionSignal.OVERDUE_TOUCHPOINTS) else 0,
    }


signal_sets = st.frozensets(st.sampled_from(SIGNALS))


@given(signal_sets, st.sampled_from(SIGNALS), policies())
def test_more_warning_signals_never_give_a_lower_risk(
    firing: frozenset[RetentionSignal], extra: RetentionSignal, policy: RetentionPolicy
) -> None:
    """Adding one more firing signal never lowers the score or the level."""
    fewer = retention_risk(CUSTOMER, policy, today=TODAY, calendar=CALENDAR, **inputs(firing))  # type: ignore[arg-type]
    more = retention_risk(
        CUSTOMER,
        policy,
        today=TODAY,
        calendar=CALENDAR,
        **inputs(firing | {extra}),  # type: ignore[arg-type]
    )
    assert {c.signal for c in fewer.fired} == firing
    assert {c.signal for c in more.fired} == firing | {extra}
    assert more.score >= fewer.score
    assert more.level.rank >= fewer.level.rank


@given(signal_sets, policies())
def test_score_is_the_sum_of_fired_weights_within_0_and_100(
    firing: frozenset[RetentionSignal], policy: RetentionPolicy
) -> None:
    """The score adds the weights of the fired signals and its level is the band it falls in."""
    risk = retention_risk(CUSTOMER, policy, today=TODAY, calendar=CALENDAR, **inputs(firing))  # type: ignore[arg-type]
    assert risk.score == sum(c.weight for c in risk.fired)
    assert 0 <= risk.score <= 100
    assert risk.level is policy.level_for(risk.score)


@given(policies(), st.integers(0, 100), st.integers(0, 100))
def test_level_is_a_rising_step_function_of_the_score(
    policy: RetentionPolicy, first: int, second: int
) -> None:
    """A higher score never maps to a lower level."""
    low, high = sorted((first, second))
    assert policy.level_for(low).rank <= policy.level_for(high).rank


@given(signal_sets, policies(), st.sampled_from(list(CustomerStatus)))
def test_actions_are_due_exactly_for_served_customers_at_the_acting_level(
    firing: frozenset[RetentionSignal], policy: RetentionPolicy, status: CustomerStatus
) -> None:
    """Actions come in pairs, after today, and only for active or at-risk customers."""
    customer = attrs.evolve(CUSTOMER, status=status)
    risk = retention_risk(customer, policy, today=TODAY, calendar=CALENDAR, **inputs(firing))  # type: ignore[arg-type]
    served = status in (CustomerStatus.ACTIVE, CustomerStatus.AT_RISK)
    acting = risk.level.rank >= policy.act_from.rank or (
        status is CustomerStatus.AT_RISK and risk.level is not RiskLevel.NONE
    )
    assert len(risk.actions) == (2 if served and acting else 0)
    for action in risk.actions:
        assert action.due_on > TODAY
        assert CALENDAR.is_working_day(action.due_on)
