"""Retention warning 离网预警: signals, risk levels and the actions due [seed 002 客户挽留]."""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
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
    RetentionActionKind,
    RetentionPolicy,
    RetentionRisk,
    RetentionSignal,
    RiskLevel,
    SignalRule,
    retention_risk,
)
from keyaccount.serialization import from_dict, to_dict

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar()
TODAY = date(2025, 10, 10)  # a Friday; Saturday 10-11 is a make-up working day
CUSTOMER = Customer(id="K-1", name="Acme", manager_id="AM")
ORG = OrgChart.of(
    [
        AccountManager(id="GM", name="General manager"),
        AccountManager(id="AM", name="Account manager", superior_id="GM"),
    ]
)
S = RetentionSignal


def figures(**changes: object) -> AccountFigures:
    """Quiet figures for K-1 in 2025-Q3 (no signal fires), with ``changes``."""
    base = AccountFigures(
        customer_id="K-1",
        period=Period.quarter(2025, 3),
        revenue=Money.of(1_000_000),
        gross_profit=Money.of(200_000),
        previous_revenue=Money.of(1_000_000),
        receivables=Money.of(100_000),
        overdue_receivables=Money.of(0),
        satisfaction=Decimal(90),
    )
    return attrs.evolve(base, **changes)


def contract(end: date, **changes: object) -> Contract:
    """An active contract of K-1 ending on ``end``."""
    base = Contract(
        id="H-1",
        customer_id="K-1",
        manager_id="AM",
        value=Money.of(500_000),
        start=date(2024, 1, 1),
        end=end,
        signed_on=date(2023, 12, 20),
        status=ContractStatus.ACTIVE,
    )
    return attrs.evolve(base, **changes)


def closed_complaint(complaint_id: str, received: datetime) -> Complaint:
    """A complaint of K-1 judged not valid and closed the same day (not open)."""
    return (
        Complaint(id=complaint_id, customer_id="K-1", received_at=received, responsible_id="AM")
        .reject(at=received, by="AM")
        .close(at=received, by="AM")
    )


def fired(**inputs: object) -> set[RetentionSignal]:
    """The signals that fire for K-1 today under the preset with ``inputs``."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        **inputs,  # type: ignore[arg-type]
    )
    return {check.signal for check in risk.fired}


# ------------------------------------------------------------------------------ presets


def test_preset_weights_sum_to_100_and_bands_rise() -> None:
    """The preset [default] weighs seven signals to 100, with low/medium/high from 10/30/60."""
    policy = SEED_RETENTION_POLICY
    assert sum(rule.weight for rule in policy.signals) == 100
    assert {rule.signal for rule in policy.signals} == set(RetentionSignal)
    assert (policy.low_from, policy.medium_from, policy.high_from) == (10, 30, 60)
    assert policy.act_from is RiskLevel.MEDIUM
    assert policy.contact_within_working_days == 2
    assert from_dict(RetentionPolicy, to_dict(policy)) == policy


def test_quiet_inputs_give_no_risk() -> None:
    """A customer whose figures are all fine is at no risk and nothing is due."""
    risk = retention_risk(
        CUSTOMER, SEED_RETENTION_POLICY, today=TODAY, calendar=CALENDAR, figures=figures()
    )
    assert (risk.score, risk.level) == (0, RiskLevel.NONE)
    assert risk.actions == ()
    assert risk.suggested_status is None


# -------------------------------------------------------------------------------- signals


def test_revenue_must_fall_by_more_than_the_threshold() -> None:
    """Down exactly 10 % is quiet; down 10.01 % fires."""
    assert S.REVENUE_DECLINE not in fired(figures=figures(revenue=Money.of(900_000)))
    assert S.REVENUE_DECLINE in fired(figures=figures(revenue=Money.of("899900")))


def test_unknown_previous_revenue_leaves_the_signal_quiet_and_says_so() -> None:
    """Without the previous period's revenue the decline is unknown, not zero."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=figures(previous_revenue=None),
    )
    check = next(c for c in risk.signals if c.signal is S.REVENUE_DECLINE)
    assert (check.value, check.fired) == (None, False)
    assert check.detail.startswith("revenue vs the previous period unknown")


def test_satisfaction_below_the_threshold_fires() -> None:
    """Satisfaction 60 is quiet; 59.9 fires."""
    assert S.LOW_SATISFACTION not in fired(figures=figures(satisfaction=Decimal(60)))
    assert S.LOW_SATISFACTION in fired(figures=figures(satisfaction=Decimal("59.9")))


def test_overdue_share_from_the_threshold_fires() -> None:
    """9 999 of 100 000 overdue is quiet; 10 000 (10 %) fires."""
    assert S.OVERDUE_PAYMENTS not in fired(figures=figures(overdue_receivables=Money.of(9_999)))
    assert S.OVERDUE_PAYMENTS in fired(figures=figures(overdue_receivables=Money.of(10_000)))


def test_overdue_touchpoints_from_two_fire() -> None:
    """One overdue touchpoint is quiet; two fire."""
    assert S.OVERDUE_TOUCHPOINTS not in fired(overdue_touchpoints=1)
    assert S.OVERDUE_TOUCHPOINTS in fired(overdue_touchpoints=2)


def test_open_complaints_count_from_the_list_or_the_figures() -> None:
    """An open complaint in the list, or one counted in the figures, fires the signal."""
    received = datetime(2025, 10, 9, 9, tzinfo=SHANGHAI)
    open_one = Complaint(id="C-1", customer_id="K-1", received_at=received, responsible_id="AM")
    others = Complaint(id="C-2", customer_id="K-9", received_at=received, responsible_id="AM")
    assert S.OPEN_COMPLAINTS in fired(complaints=[open_one])
    assert S.OPEN_COMPLAINTS in fired(figures=figures(open_complaints=1))
    assert S.OPEN_COMPLAINTS not in fired(complaints=[others])
    assert S.OPEN_COMPLAINTS not in fired(complaints=[closed_complaint("C-3", received)])


def test_two_complaints_within_90_days_are_repeated_complaints() -> None:
    """Complaints on 07-13 and 10-10 fall in the 90 days up to 10-10; one on 07-12 does not."""
    inside = closed_complaint("C-1", datetime(2025, 7, 13, 9, tzinfo=SHANGHAI))
    outside = closed_complaint("C-0", datetime(2025, 7, 12, 9, tzinfo=SHANGHAI))
    latest = closed_complaint("C-2", datetime(2025, 10, 10, 9, tzinfo=SHANGHAI))
    assert S.REPEATED_COMPLAINTS in fired(complaints=[inside, latest])
    assert S.REPEATED_COMPLAINTS not in fired(complaints=[outside, latest])


def test_contract_ending_within_60_days_without_renewal_fires() -> None:
    """Ending in 60 days fires, in 61 days does not; a renewal silences it."""
    assert S.CONTRACT_ENDING in fired(contracts=[contract(TODAY + timedelta(days=60))])
    assert S.CONTRACT_ENDING not in fired(contracts=[contract(TODAY + timedelta(days=61))])
    ending = contract(TODAY + timedelta(days=30))
    renewal = attrs.evolve(
        ending,
        id="H-2",
        start=ending.end + timedelta(days=1),
        end=ending.end + timedelta(days=366),
        status=ContractStatus.DRAFT,
        signed_on=None,
        renewal_of="H-1",
    )
    assert S.CONTRACT_ENDING not in fired(contracts=[ending, renewal])
    renewed = attrs.evolve(ending, status=ContractStatus.RENEWED)
    assert S.CONTRACT_ENDING not in fired(contracts=[renewed])


def test_a_contract_that_ended_recently_without_renewal_fires() -> None:
    """An expired contract that ended 30 days ago and was not renewed is a warning."""
    expired = contract(TODAY - timedelta(days=30), status=ContractStatus.EXPIRED)
    assert S.CONTRACT_ENDING in fired(contracts=[expired])


# ------------------------------------------------------------------------ levels, actions


def _at_risk_inputs() -> dict[str, object]:
    """Revenue down 20 %, a contract ending in 51 days, satisfaction 55: score 60, high."""
    return {
        "figures": figures(revenue=Money.of(800_000), satisfaction=Decimal(55)),
        "contracts": [contract(date(2025, 11, 30))],
    }


def test_score_is_the_sum_of_the_fired_weights() -> None:
    """25 + 20 + 15 = 60: high risk, with the three signals that caused it."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        **_at_risk_inputs(),  # type: ignore[arg-type]
    )
    assert risk.score == 60
    assert risk.level is RiskLevel.HIGH
    assert [c.signal for c in risk.fired] == [
        S.REVENUE_DECLINE,
        S.CONTRACT_ENDING,
        S.LOW_SATISFACTION,
    ]


def test_at_risk_customers_are_contacted_and_reported_within_two_working_days() -> None:
    """From medium risk: contact and report upward by the 2nd working day [seed 002 客户挽留]."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        org=ORG,
        **_at_risk_inputs(),  # type: ignore[arg-type]
    )
    contact, report = risk.actions
    assert contact.kind is RetentionActionKind.CONTACT
    assert report.kind is RetentionActionKind.REPORT_UPWARD
    # Saturday 2025-10-11 is a make-up working day, so the 2nd working day is Monday 10-13.
    assert contact.due_on == report.due_on == date(2025, 10, 13)
    assert (contact.actor_id, report.actor_id, report.report_to_id) == ("AM", "AM", "GM")
    assert "层层上报" in report.reason
    assert risk.suggested_status is CustomerStatus.AT_RISK


def test_action_deadlines_skip_the_national_day_break() -> None:
    """Assessed on 2025-09-30, the break of 10-01..10-08 pushes the deadline to 10-10."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=date(2025, 9, 30),
        calendar=CALENDAR,
        **_at_risk_inputs(),  # type: ignore[arg-type]
    )
    assert [a.due_on for a in risk.actions] == [date(2025, 10, 10), date(2025, 10, 10)]
    assert risk.actions[1].report_to_id is None  # no org chart given


def test_low_risk_is_watched_but_not_acted_on() -> None:
    """A low score (one signal) gives no actions for an active customer."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=figures(revenue=Money.of(800_000)),
    )
    assert (risk.score, risk.level) == (25, RiskLevel.LOW)
    assert risk.actions == ()


def test_a_customer_marked_at_risk_is_acted_on_from_low_risk() -> None:
    """A customer already at risk 离网倾向 with any risk gets the retention actions."""
    marked = attrs.evolve(CUSTOMER, status=CustomerStatus.AT_RISK)
    risk = retention_risk(
        marked,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        figures=figures(revenue=Money.of(800_000)),
    )
    assert len(risk.actions) == 2
    assert "marked at risk" in risk.actions[0].reason
    calm = retention_risk(
        marked, SEED_RETENTION_POLICY, today=TODAY, calendar=CALENDAR, figures=figures()
    )
    assert calm.actions == ()
    assert calm.suggested_status is CustomerStatus.ACTIVE


def test_lost_customers_get_no_retention_actions() -> None:
    """Retention is for customers still served: a lost customer gets a level but no actions."""
    lost = attrs.evolve(CUSTOMER, status=CustomerStatus.LOST)
    risk = retention_risk(
        lost,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        **_at_risk_inputs(),  # type: ignore[arg-type]
    )
    assert risk.level is RiskLevel.HIGH
    assert risk.actions == ()
    assert risk.suggested_status is None


def test_result_round_trips_and_explains_itself() -> None:
    """The result survives plain data; its explanation lists inputs and thresholds."""
    risk = retention_risk(
        CUSTOMER,
        SEED_RETENTION_POLICY,
        today=TODAY,
        calendar=CALENDAR,
        org=ORG,
        **_at_risk_inputs(),  # type: ignore[arg-type]
    )
    assert from_dict(RetentionRisk, to_dict(risk)) == risk
    lines = risk.explain().splitlines()
    assert lines[0] == (
        "customer K-1: high risk (高), score 60 of 100 as of 2025-10-10 [retention-warning 1; "
        "low from 10, medium from 30, high from 60]"
    )
    assert lines[1] == (
        "  revenue-decline: fired (+25) — revenue 800,000.00 CNY vs 1,000,000.00 CNY in the "
        "previous period, down 20 %; fires when down more than 10 %"
    )
    assert lines[-1] == "  suggested status: active -> at-risk"


def test_level_for_is_a_rising_step_function() -> None:
    """Scores 0, 9, 10, 29, 30, 59, 60, 100 fall in none, none, low, low, medium, medium, high."""
    levels = [SEED_RETENTION_POLICY.level_for(s) for s in (0, 9, 10, 29, 30, 59, 60, 100)]
    assert [level.value for level in levels] == [
        "none",
        "none",
        "low",
        "low",
        "medium",
        "medium",
        "high",
        "high",
    ]


# ----------------------------------------------------------------------------- bad inputs


def test_weights_must_sum_to_100() -> None:
    """The message lists every weight."""
    with pytest.raises(PolicyError) as error:
        RetentionPolicy(
            name="p",
            version="1",
            signals=[
                SignalRule(signal=S.REVENUE_DECLINE, weight=60, threshold="0.1"),
                SignalRule(signal=S.LOW_SATISFACTION, weight=35, threshold=60),
            ],
        )
    assert str(error.value) == (
        "signal weights must sum to 100, got 95 (revenue-decline 60 + low-satisfaction 35)"
    )


def test_thresholds_are_checked_for_their_signal() -> None:
    """A fractional count of touchpoints, or a 100 % revenue fall, is refused by path."""
    rules = list(SEED_RETENTION_POLICY.signals)
    rules[6] = SignalRule(signal=S.OVERDUE_TOUCHPOINTS, weight=10, threshold="1.5")
    with pytest.raises(PolicyError) as count:
        attrs.evolve(SEED_RETENTION_POLICY, signals=rules)
    assert str(count.value) == (
        "signals[6].threshold: expected a whole number of overdue touchpoints from 1 to 1000, "
        "got '1.5'"
    )
    rules = list(SEED_RETENTION_POLICY.signals)
    rules[0] = SignalRule(signal=S.REVENUE_DECLINE, weight=25, threshold=1)
    with pytest.raises(PolicyError) as fall:
        attrs.evolve(SEED_RETENTION_POLICY, signals=rules)
    assert str(fall.value) == (
        "signals[0].threshold: expected a fall of revenue from 0 to 0.99 (0.1 = 10 %), got '1'"
    )


def test_a_signal_may_appear_once() -> None:
    """The same signal twice is refused."""
    rule = SignalRule(signal=S.REVENUE_DECLINE, weight=50, threshold="0.1")
    with pytest.raises(PolicyError) as error:
        RetentionPolicy(name="p", version="1", signals=[rule, rule])
    assert str(error.value) == "signals[1].signal: expected each signal once, got 'revenue-decline'"


def test_bands_must_rise_and_actions_need_a_risk() -> None:
    """Bands out of order, or actions from 'none', are refused."""
    with pytest.raises(PolicyError) as bands:
        attrs.evolve(SEED_RETENTION_POLICY, medium_from=60)
    assert str(bands.value) == (
        "risk bands must rise: low_from < medium_from < high_from, got low_from 10, "
        "medium_from 60, high_from 60"
    )
    with pytest.raises(PolicyError) as act:
        attrs.evolve(SEED_RETENTION_POLICY, act_from=RiskLevel.NONE)
    assert str(act.value) == "act_from: expected one of 'low', 'medium', 'high', got 'none'"


def test_weight_out_of_range_is_refused() -> None:
    """A weight of 0 is refused by the signal rule itself."""
    with pytest.raises(PolicyError) as error:
        SignalRule(signal=S.REVENUE_DECLINE, weight=0, threshold="0.1")
    assert str(error.value) == "weight: expected a number from 1 to 100, got 0"


def test_inputs_are_checked() -> None:
    """Figures of another customer, a negative count and a datetime for today are refused."""
    with pytest.raises(ValidationError) as other:
        retention_risk(
            CUSTOMER,
            SEED_RETENTION_POLICY,
            today=TODAY,
            calendar=CALENDAR,
            figures=figures(customer_id="K-2"),
        )
    assert str(other.value) == "figures.customer_id: expected 'K-1', the customer's id, got 'K-2'"
    with pytest.raises(ValidationError) as negative:
        retention_risk(
            CUSTOMER, SEED_RETENTION_POLICY, today=TODAY, calendar=CALENDAR, overdue_touchpoints=-1
        )
    assert str(negative.value) == "overdue_touchpoints: expected a whole number >= 0, got -1"
    with pytest.raises(ValidationError) as moment:
        retention_risk(
            CUSTOMER,
            SEED_RETENTION_POLICY,
            today=datetime(2025, 10, 10, tzinfo=SHANGHAI),  # type: ignore[arg-type]
            calendar=CALENDAR,
        )
    assert str(moment.value).startswith("today: expected a date, got datetime.datetime(")
    with pytest.raises(ValidationError) as items:
        retention_risk(
            CUSTOMER,
            SEED_RETENTION_POLICY,
            today=TODAY,
            calendar=CALENDAR,
            contracts=["H-1"],  # type: ignore[list-item]
        )
    assert str(items.value) == "contracts[0]: expected a Contract, got 'H-1'"


# ---------------------------------------------------------------------------------- docs


def test_docs_page_examples_print_what_the_page_shows() -> None:
    """Each example on docs/retention.md prints exactly the output shown after it."""
    page = Path(__file__).resolve().parents[2] / "docs" / "retention.md"
    pattern = re.compile(r"```python\n(.*?)```\n(?:\s*```text\n(.*?)```)?", re.DOTALL)
    namespace: dict[str, object] = {"__name__": "docs_example"}
    shown = 0
    for number, match in enumerate(pattern.finditer(page.read_text(encoding="utf-8")), 1):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            exec(compile(match.group(1), f"{page.name}#block{number}", "exec"), namespace)
        if match.group(2) is not None:
            shown += 1
            assert output.getvalue() == match.group(2), f"block {number}"
    assert shown, "the page shows no example output"
