"""Tests that kill surviving mutants of ``keyaccount.policies.retention``.

Each test pins a detail the example tests left open: the whole explanation of an assessment
(every signal's input, condition and weight, the actions and the suggested status), the day a
complaint counts in the calendar's zone, and the error for each bad argument.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from keyaccount.calendar import BusinessCalendar
from keyaccount.domain.complaint import Complaint
from keyaccount.domain.contract import Contract, ContractStatus
from keyaccount.domain.customer import AccountFigures, Customer, CustomerStatus
from keyaccount.domain.staff import AccountManager, OrgChart
from keyaccount.domain.values import Money, Period
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.retention import (
    SEED_RETENTION_POLICY,
    RetentionPolicy,
    RetentionSignal,
    SignalRule,
    retention_risk,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar()
TODAY = date(2025, 10, 10)  # a Friday; Saturday 10-11 is a make-up working day
CUSTOMER = Customer(id="K-1", name="Acme", manager_id="AM")
MARKED = attrs.evolve(CUSTOMER, status=CustomerStatus.AT_RISK)
ORG = OrgChart.of(
    [
        AccountManager(id="GM", name="General manager"),
        AccountManager(id="AM", name="Account manager", superior_id="GM"),
    ]
)
RULE = '[seed 002 客户挽留 "客户经理应及时进行挽留 … 层层上报"]'
BANDS = "[retention-warning 1; low from 10, medium from 30, high from 60]"

FIGURES = AccountFigures(
    customer_id="K-1",
    period=Period.quarter(2025, 3),
    revenue=Money.of(800_000),
    gross_profit=Money.of(200_000),
    previous_revenue=Money.of(1_000_000),
    receivables=Money.of(100_000),
    overdue_receivables=Money.of(25_000),
    satisfaction=Decimal("55.5"),
)
CONTRACT = Contract(
    id="H-1",
    customer_id="K-1",
    manager_id="AM",
    value=Money.of(500_000),
    start=date(2024, 1, 1),
    end=date(2025, 11, 30),
    signed_on=date(2023, 12, 20),
    status=ContractStatus.ACTIVE,
)


def _complaint(complaint_id: str, received: datetime) -> Complaint:
    """An open complaint of K-1."""
    return Complaint(id=complaint_id, customer_id="K-1", received_at=received, responsible_id="AM")


def test_every_signal_firing_is_explained_with_its_input_and_condition() -> None:
    """All seven signals fire: each line shows the input, the weight and the firing condition;
    the actions name the deadline, the actor and the superior reported to."""
    complaints = [
        _complaint("C-1", datetime(2025, 10, 9, 9, tzinfo=SHANGHAI)),
        # 17:00 UTC on 07-12 is 01:00 on 07-13 in Shanghai: inside the 90 days up to 10-10.
        _complaint("C-2", datetime(2025, 7, 12, 17, tzinfo=UTC)),
    ]
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=FIGURES,
        overdue_touchpoints=3,
        complaints=complaints,
        contracts=[CONTRACT],
        org=ORG,
    )
    assert risk.explain().splitlines() == [
        f"customer K-1: high risk (高), score 100 of 100 as of 2025-10-10 {BANDS}",
        "  revenue-decline: fired (+25) — revenue 800,000.00 CNY vs 1,000,000.00 CNY in the "
        "previous period, down 20 %; fires when down more than 10 %",
        "  contract-ending: fired (+20) — contract H-1 ends 2025-11-30 (51 days), not renewed; "
        "fires within 60 days of the end",
        "  low-satisfaction: fired (+15) — satisfaction 55.5; fires below 60",
        "  open-complaints: fired (+10) — open complaints: 2; fires from 1",
        "  repeated-complaints: fired (+10) — complaints received 2025-07-13 to 2025-10-10 "
        "(90 days): 2; fires from 2",
        "  overdue-payments: fired (+10) — 25,000.00 CNY overdue of 100,000.00 CNY receivables "
        "(25 %); fires from 10 %",
        "  overdue-touchpoints: fired (+10) — overdue touchpoints: 3; fires from 2",
        "  action: contact (挽留联系) by AM, due 2025-10-13: high churn risk: contact the "
        f"customer for retention within 2 working days and analyse why it may leave {RULE}",
        "  action: report-upward (层层上报) by AM to GM, due 2025-10-13: high churn risk: "
        f"report upward within 2 working days {RULE}",
        "  suggested status: active -> at-risk",
    ]
    assert [check.value for check in risk.signals] == [
        Decimal("0.2"),
        Decimal(51),
        Decimal("55.5"),
        Decimal(2),
        Decimal(2),
        Decimal("0.25"),
        Decimal(3),
    ]


def test_quiet_and_unknown_signals_are_explained_too() -> None:
    """Revenue up, an ended contract, unknown satisfaction and receivables; no org chart, so
    the report upward names nobody."""
    figures = attrs.evolve(
        FIGURES,
        revenue=Money.of(1_050_000),
        satisfaction=None,
        receivables=None,
        overdue_receivables=None,
    )
    ended = attrs.evolve(CONTRACT, end=date(2025, 9, 10), status=ContractStatus.EXPIRED)
    risk = retention_risk(
        MARKED,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=figures,
        overdue_touchpoints=2,
        contracts=[ended],
    )
    assert risk.explain().splitlines() == [
        f"customer K-1: medium risk (中), score 30 of 100 as of 2025-10-10 {BANDS}",
        "  revenue-decline: quiet — revenue 1,050,000.00 CNY vs 1,000,000.00 CNY in the "
        "previous period, up 5 %; fires when down more than 10 %",
        "  contract-ending: fired (+20) — contract H-1 ended 2025-09-10 (30 days ago), not "
        "renewed; fires within 60 days of the end",
        "  low-satisfaction: quiet — satisfaction unknown; fires below 60",
        "  open-complaints: quiet — open complaints: 0; fires from 1",
        "  repeated-complaints: quiet — complaints received 2025-07-13 to 2025-10-10 "
        "(90 days): 0; fires from 2",
        "  overdue-payments: quiet — overdue receivables unknown; fires from 10 %",
        "  overdue-touchpoints: fired (+10) — overdue touchpoints: 2; fires from 2",
        "  action: contact (挽留联系) by AM, due 2025-10-13: medium churn risk: contact the "
        f"customer for retention within 2 working days and analyse why it may leave {RULE}",
        "  action: report-upward (层层上报) by AM, due 2025-10-13: medium churn risk: report "
        f"upward within 2 working days {RULE}",
    ]


def test_a_marked_customer_without_signals_is_suggested_active_again() -> None:
    """Nothing known: every signal quiet, no actions, at-risk -> active."""
    risk = retention_risk(MARKED, SEED_RETENTION_POLICY, today=TODAY, calendar=CALENDAR)
    assert risk.explain().splitlines() == [
        f"customer K-1: no risk (无), score 0 of 100 as of 2025-10-10 {BANDS}",
        "  revenue-decline: quiet — revenue vs the previous period unknown; fires when down "
        "more than 10 %",
        "  contract-ending: quiet — no contract awaiting renewal; fires within 60 days of the end",
        "  low-satisfaction: quiet — satisfaction unknown; fires below 60",
        "  open-complaints: quiet — open complaints: 0; fires from 1",
        "  repeated-complaints: quiet — complaints received 2025-07-13 to 2025-10-10 "
        "(90 days): 0; fires from 2",
        "  overdue-payments: quiet — overdue receivables unknown; fires from 10 %",
        "  overdue-touchpoints: quiet — overdue touchpoints: 0; fires from 2",
        "  suggested status: at-risk -> active",
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"customer": "K-1"}, "customer: expected a Customer, got 'K-1'"),
        (
            {"policy": "retention-warning"},
            "policy: expected a RetentionPolicy, got 'retention-warning'",
        ),
        ({"today": "2025-10-10"}, "today: expected a date, got '2025-10-10'"),
        ({"calendar": "china"}, "calendar: expected a BusinessCalendar, got 'china'"),
        ({"figures": "figures"}, "figures: expected AccountFigures or None, got 'figures'"),
        (
            {"overdue_touchpoints": True},
            "overdue_touchpoints: expected a whole number >= 0, got True",
        ),
        (
            {"overdue_touchpoints": 1.5},
            "overdue_touchpoints: expected a whole number >= 0, got 1.5",
        ),
        ({"org": "chart"}, "org: expected an OrgChart or None, got 'chart'"),
        ({"complaints": "C-1"}, "complaints: expected an iterable of Complaint, got 'C-1'"),
        ({"complaints": 5}, "complaints: expected an iterable of Complaint, got 5"),
        ({"complaints": ["C-1"]}, "complaints[0]: expected a Complaint, got 'C-1'"),
    ],
)
def test_each_bad_argument_is_named_with_its_value(changes: dict[str, Any], message: str) -> None:
    """A wrong argument is a ValidationError naming the argument, its value and the expectation."""
    arguments: dict[str, Any] = {
        "customer": CUSTOMER,
        "policy": SEED_RETENTION_POLICY,
        "today": TODAY,
        "calendar": CALENDAR,
    }
    arguments.update(changes)
    customer, policy = arguments.pop("customer"), arguments.pop("policy")
    with pytest.raises(ValidationError) as caught:
        retention_risk(customer, policy, **arguments)
    assert str(caught.value) == message


@pytest.mark.parametrize("score", [True, 5.0, "5"])
def test_a_score_must_be_a_whole_number(score: Any) -> None:
    """``level_for`` refuses a bool, a float and a text."""
    with pytest.raises(ValidationError) as caught:
        SEED_RETENTION_POLICY.level_for(score)
    assert str(caught.value) == f"score: expected a whole number, got {score!r}"


def test_a_policy_without_signals_says_none() -> None:
    """No signals sum to 0, and the message says "(none)"."""
    with pytest.raises(PolicyError) as caught:
        RetentionPolicy(name="p", version="1", signals=[])
    assert str(caught.value) == "signal weights must sum to 100, got 0 (none)"


@pytest.mark.parametrize(
    ("signals", "problem"),
    [
        ("revenue-decline", ("signals", "revenue-decline", "a tuple of signal rules")),
        (("revenue-decline",), ("signals[0]", "revenue-decline", "a SignalRule")),
    ],
)
def test_signals_must_be_signal_rules(signals: Any, problem: tuple[str, Any, str]) -> None:
    """A text instead of the list, or instead of a rule, is a PolicyError naming the entry."""
    with pytest.raises(PolicyError) as caught:
        RetentionPolicy(name="p", version="1", signals=signals)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == problem


def test_equal_low_and_medium_bands_are_refused() -> None:
    """Low from 30 and medium from 30 do not rise: the bands must be strictly increasing."""
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(SEED_RETENTION_POLICY, low_from=30)
    assert str(caught.value) == (
        "risk bands must rise: low_from < medium_from < high_from, got low_from 30, "
        "medium_from 30, high_from 60"
    )


# ------------------------------------------------------------------------- edge cases


def _check(name: str, **inputs: Any) -> str:
    """The explanation of signal ``name`` for K-1 today under the preset."""
    risk = retention_risk(CUSTOMER, SEED_RETENTION_POLICY, today=TODAY, calendar=CALENDAR, **inputs)
    return next(c for c in risk.signals if c.signal.value == name).explain()


def test_a_fall_is_shown_to_a_tenth_of_a_percent_half_up_and_no_change_as_down() -> None:
    """A fall of 10.25 % shows as 10.3 %; unchanged revenue is "down 0 %" and quiet."""
    assert _check("revenue-decline", figures=attrs.evolve(FIGURES, revenue=Money.of(897_500))) == (
        "revenue-decline: fired (+25) — revenue 897,500.00 CNY vs 1,000,000.00 CNY in the "
        "previous period, down 10.3 %; fires when down more than 10 %"
    )
    assert _check(
        "revenue-decline", figures=attrs.evolve(FIGURES, revenue=Money.of(1_000_000))
    ) == (
        "revenue-decline: quiet — revenue 1,000,000.00 CNY vs 1,000,000.00 CNY in the previous "
        "period, down 0 %; fires when down more than 10 %"
    )


def test_the_contract_end_nearest_today_decides_and_a_tie_goes_to_the_earlier_end() -> None:
    """Ending today is 0 days; 9 days ago beats 10 days ahead; 5 days either side: the earlier."""
    today_end = attrs.evolve(CONTRACT, end=TODAY)
    assert _check("contract-ending", contracts=[today_end]) == (
        "contract-ending: fired (+20) — contract H-1 ends 2025-10-10 (0 days), not renewed; "
        "fires within 60 days of the end"
    )
    ahead = attrs.evolve(CONTRACT, id="H-A", end=date(2025, 10, 20))
    behind = attrs.evolve(CONTRACT, id="H-B", end=date(2025, 10, 1))
    assert "contract H-B ended 2025-10-01 (9 days ago)" in _check(
        "contract-ending", contracts=[ahead, behind]
    )
    ahead = attrs.evolve(CONTRACT, id="H-A", end=date(2025, 10, 15))
    behind = attrs.evolve(CONTRACT, id="H-B", end=date(2025, 10, 5))
    assert "contract H-B ended 2025-10-05 (5 days ago)" in _check(
        "contract-ending", contracts=[ahead, behind]
    )


def test_drafts_await_no_renewal_and_a_terminated_renewal_renews_nothing() -> None:
    """A draft contract is not ending; a renewal that was terminated leaves the old one open."""
    draft = attrs.evolve(CONTRACT, status=ContractStatus.DRAFT, signed_on=None)
    assert _check("contract-ending", contracts=[draft]) == (
        "contract-ending: quiet — no contract awaiting renewal; fires within 60 days of the end"
    )
    terminated = attrs.evolve(
        CONTRACT,
        id="H-2",
        start=date(2025, 12, 1),
        end=date(2026, 11, 30),
        status=ContractStatus.TERMINATED,
        renewal_of="H-1",
    )
    assert "contract H-1 ends 2025-11-30 (51 days), not renewed" in _check(
        "contract-ending", contracts=[CONTRACT, terminated]
    )


def test_a_complaint_received_after_today_is_not_in_the_window() -> None:
    """The repeat window ends with today: a complaint received tomorrow is not counted."""
    tomorrow = _complaint("C-9", datetime(2025, 10, 11, 9, tzinfo=SHANGHAI))
    yesterday = _complaint("C-1", datetime(2025, 10, 9, 9, tzinfo=SHANGHAI))
    assert _check("repeated-complaints", complaints=[tomorrow, yesterday]) == (
        "repeated-complaints: quiet — complaints received 2025-07-13 to 2025-10-10 (90 days): 1; "
        "fires from 2"
    )


def test_a_marked_customer_at_low_risk_gets_actions_saying_why() -> None:
    """Low risk acts for a customer marked at risk; a manager at the top reports to nobody."""
    alone = OrgChart.of([AccountManager(id="AM", name="Account manager")])
    risk = retention_risk(
        MARKED,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=attrs.evolve(FIGURES, satisfaction=Decimal(90), overdue_receivables=Money.of(0)),
        org=alone,
    )
    assert risk.suggested_status is None
    assert [action.explain() for action in risk.actions] == [
        "contact (挽留联系) by AM, due 2025-10-13: low churn risk of a customer marked at risk: "
        "contact the customer for retention within 2 working days and analyse why it may leave "
        f"{RULE}",
        "report-upward (层层上报) by AM, due 2025-10-13: low churn risk of a customer marked at "
        f"risk: report upward within 2 working days {RULE}",
    ]


def test_a_prospect_at_high_risk_gets_no_actions_and_no_new_status() -> None:
    """Retention is for customers served: a prospect gets a level, no actions, no suggestion."""
    prospect = attrs.evolve(CUSTOMER, status=CustomerStatus.PROSPECT)
    risk = retention_risk(
        prospect,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=FIGURES,
        contracts=[CONTRACT],
    )
    assert risk.level.value == "high"
    assert (risk.actions, risk.suggested_status) == ((), None)


@pytest.mark.parametrize(
    ("signal", "thresholds"),
    [
        ("revenue-decline", ("0", "0.99")),
        ("overdue-touchpoints", ("1", "1000")),
        ("open-complaints", ("1", "1000")),
        ("repeated-complaints", ("2", "1000")),
        ("low-satisfaction", ("0.01", "100")),
        ("overdue-payments", ("0.01", "1")),
        ("contract-ending", ("0", "3660")),
    ],
)
def test_thresholds_at_both_ends_of_their_range_are_accepted(
    signal: str, thresholds: tuple[str, str]
) -> None:
    """Each signal's range includes both of its ends."""
    for threshold in thresholds:
        rule = SignalRule(signal=RetentionSignal(signal), weight=100, threshold=threshold)
        policy = RetentionPolicy(name="p", version="1", signals=[rule])
        assert policy.signals[0].threshold == Decimal(threshold)


def test_an_active_customer_at_exactly_the_acting_level_is_suggested_at_risk() -> None:
    """Medium risk is the preset's ``act_from``: an active customer there is marked at risk."""
    ended = attrs.evolve(CONTRACT, end=date(2025, 9, 10), status=ContractStatus.EXPIRED)
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        overdue_touchpoints=2,
        contracts=[ended],
    )
    assert (risk.score, risk.level.value) == (30, "medium")
    assert risk.suggested_status is CustomerStatus.AT_RISK
    assert len(risk.actions) == 2


def test_a_decline_from_nothing_and_receivables_without_overdue_figures_are_unknown() -> None:
    """A previous revenue of 0 gives no growth; receivables without their overdue part give
    no share: both signals stay quiet and say the input is unknown."""
    figures = attrs.evolve(FIGURES, previous_revenue=Money.of(0), overdue_receivables=None)
    assert _check("revenue-decline", figures=figures) == (
        "revenue-decline: quiet — revenue vs the previous period unknown; fires when down more "
        "than 10 %"
    )
    assert _check("overdue-payments", figures=figures) == (
        "overdue-payments: quiet — overdue receivables unknown; fires from 10 %"
    )


def test_today_beyond_the_calendar_and_a_count_past_the_limit_are_named() -> None:
    """``today`` outside the calendar's years is refused under "today"; one billion overdue
    touchpoints is the most accepted, one more is refused with the range."""
    with pytest.raises(ValidationError) as caught:
        retention_risk(CUSTOMER, SEED_RETENTION_POLICY, today=date(1949, 12, 31), calendar=CALENDAR)
    assert str(caught.value) == (
        "today: expected a date in the years 1950 to 2100, got datetime.date(1949, 12, 31)"
    )
    most = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        overdue_touchpoints=1_000_000_000,
    )
    assert most.explain().endswith("overdue touchpoints: 1000000000; fires from 2")
    with pytest.raises(ValidationError) as caught:
        retention_risk(
            CUSTOMER,
            SEED_RETENTION_POLICY,
            today=TODAY,
            calendar=CALENDAR,
            overdue_touchpoints=1_000_000_001,
        )
    assert str(caught.value) == (
        "overdue_touchpoints: expected a whole number from 0 to 1000000000, got 1000000001"
    )
