"""Tests that kill surviving mutants of ``keyaccount.policies.complaints``.

Each test pins a detail the example tests left open: the explanation of an overdue clock, of an
escalation to nobody and of empty statistics, the rounding of a share, an error message.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import pytest

from keyaccount.calendar import BusinessCalendar
from keyaccount.domain.complaint import Complaint, ComplaintCategory, ComplaintStatus, Severity
from keyaccount.domain.staff import AccountManager, OrgChart
from keyaccount.errors import KeyAccountError, PolicyError, ValidationError
from keyaccount.policies.complaints import (
    SEED_COMPLAINT_POLICY,
    Clock,
    ComplaintPolicy,
    SeverityTarget,
    SlaState,
    SlaTarget,
    complaint_statistics,
    escalation,
    revisit_deadline,
    sla_elapsed,
    sla_status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar()  # 08:00–12:00, 13:30–17:30, Asia/Shanghai


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Shanghai instant."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def _received(moment: datetime) -> Complaint:
    """A general complaint of customer K-1 received at ``moment``, handled by AM."""
    return Complaint(
        id="C-1",
        customer_id="K-1",
        received_at=moment,
        responsible_id="AM",
        severity=Severity.GENERAL,
        category=ComplaintCategory.OTHER,
    )


MONDAY_9 = at(2025, 3, 3, 9)


def test_a_share_is_shown_to_a_tenth_of_a_percent_rounded_half_up() -> None:
    """18 minutes of 24 working hours is 1.25 %, shown as 1.3 % (half up, not half even)."""
    report = sla_status(
        _received(MONDAY_9), SEED_COMPLAINT_POLICY, now=at(2025, 3, 3, 9, 18), calendar=CALENDAR
    )
    assert report.resolve.explain() == (
        "resolve on-time: 18 min used of 24 working hours (severity 'general'), 1.3 %, "
        "at risk from 75 %; running, 23 h 42 min left, deadline 2025-03-06 09:00"
    )


def test_an_overdue_running_clock_says_how_long_overdue() -> None:
    """A clock past its allowance shows "16 h overdue" instead of the time left."""
    report = sla_status(
        _received(MONDAY_9), SEED_COMPLAINT_POLICY, now=at(2025, 3, 10, 9), calendar=CALENDAR
    )
    assert report.resolve.explain() == (
        "resolve breached: 40 h used of 24 working hours (severity 'general'), 166.7 %, "
        "at risk from 75 %; running, 16 h overdue, deadline 2025-03-06 09:00"
    )


def test_an_escalation_to_nobody_says_nobody_known() -> None:
    """Nobody above the responsible person and no fallback: "to nobody known"."""
    alone = OrgChart.of([AccountManager(id="AM", name="Account manager")])
    due = escalation(
        _received(MONDAY_9),
        SEED_COMPLAINT_POLICY,
        now=at(2025, 3, 10, 9),
        calendar=CALENDAR,
        org=alone,
    )
    assert due is not None
    assert due.to_id is None
    assert due.explain() == (
        "escalate complaint C-1 from AM to nobody known, due since 2025-03-06 09:00: "
        "not resolved within 24 working hours (severity 'general'); 16 h overdue; passed to "
        "nobody: AM has no superior and the policy names no fallback. "
        '[seed 004 篇5 "无法解决的,将投诉内容转交公司行政助理"]'
    )


def test_the_revisit_counts_from_the_resolution_day_in_the_calendar_zone() -> None:
    """Resolved Thursday 16:30 UTC, which is Friday 00:30 in Shanghai: due Wednesday 03-12."""
    resolved = (
        _received(at(2025, 3, 6, 9))
        .accept(at=at(2025, 3, 6, 9, 30), by="AM")
        .start(at=at(2025, 3, 6, 9, 30), by="AM")
        .resolve(at=datetime(2025, 3, 6, 16, 30, tzinfo=UTC), by="AM")
    )
    assert revisit_deadline(resolved, SEED_COMPLAINT_POLICY, calendar=CALENDAR) == date(2025, 3, 12)


def test_empty_statistics_say_none_and_n_a() -> None:
    """No complaints: no categories or severities, no on-time rate, no repeat customers."""
    stats = complaint_statistics([], SEED_COMPLAINT_POLICY, now=MONDAY_9, calendar=CALENDAR)
    assert stats.explain() == (
        "0 complaints as of 2025-03-03 09:00 [department-24h 1]\n"
        "  by category: none\n"
        "  by severity: none\n"
        "  on-time resolution: n/a (0 of 0: 0 resolved, 0 open and overdue)\n"
        "  repeat complaints within 90 days: 0"
    )


def _statistics_problem(complaints: Any, **changes: Any) -> tuple[str, Any, str]:
    """The only problem ``complaint_statistics`` reports, as (path, value, expected)."""
    arguments: dict[str, Any] = {
        "policy": SEED_COMPLAINT_POLICY,
        "now": MONDAY_9,
        "calendar": CALENDAR,
    }
    arguments.update(changes)
    with pytest.raises(ValidationError) as caught:
        complaint_statistics(complaints, **arguments)
    (only,) = caught.value.problems
    return only.path, only.value, only.expected


NAIVE = datetime(2025, 3, 3, 9)
LATER = at(2025, 3, 3, 10)


@pytest.mark.parametrize(
    ("complaints", "changes", "problem"),
    [
        ([], {"policy": "24h"}, ("policy", "24h", "a ComplaintPolicy")),
        ("C-1", {}, ("complaints", "C-1", "an iterable of Complaint")),
        (5, {}, ("complaints", 5, "an iterable of Complaint")),
        ([], {"now": NAIVE}, ("now", NAIVE, "a timezone-aware datetime")),
        ([], {"now": "2025-03-03"}, ("now", "2025-03-03", "a timezone-aware datetime")),
        (["C-1"], {}, ("complaints[0]", "C-1", "a Complaint")),
        (
            [_received(LATER)],
            {},
            (
                "complaints[0].received_at",
                LATER,
                "a time at or before now (2025-03-03 09:00:00+08:00)",
            ),
        ),
    ],
)
def test_statistics_name_each_bad_argument_and_its_value(
    complaints: Any, changes: dict[str, Any], problem: tuple[str, Any, str]
) -> None:
    """Each bad argument is reported with its path, its value and what was expected."""
    assert _statistics_problem(complaints, **changes) == problem


# ---------------------------------------------------------------------- on-time resolution

LATE = at(2025, 3, 10, 9)  # a week after MONDAY_9: far past 24 working hours
JUNE = at(2025, 6, 2, 9)


def _numbered(complaint_id: str, customer_id: str = "K-1") -> Complaint:
    """A general complaint received MONDAY_9, with its own id and customer."""
    return Complaint(
        id=complaint_id,
        customer_id=customer_id,
        received_at=MONDAY_9,
        responsible_id="AM",
        severity=Severity.GENERAL,
        category=ComplaintCategory.OTHER,
    )


def _resolved(complaint_id: str, when: datetime) -> Complaint:
    """Accepted and started at 10:00 on MONDAY_9's day, resolved at ``when``."""
    return (
        _numbered(complaint_id)
        .accept(at=at(2025, 3, 3, 10), by="AM")
        .start(at=at(2025, 3, 3, 10), by="AM")
        .resolve(at=when, by="AM")
    )


def test_on_time_rate_counts_resolved_and_overdue_and_skips_rejected() -> None:
    """Rejected complaints, closed or not, are left out even when late; a complaint resolved in
    time and closed is on time; each open overdue complaint counts: 1 on time of 2 + 2."""
    complaints = [
        _numbered("C-R").reject(at=LATE, by="AM"),  # listed first: the others still count
        _numbered("C-X").reject(at=LATE, by="AM").close(at=LATE, by="AM"),
        _resolved("C-A", at(2025, 3, 3, 11))
        .record_revisit(at=at(2025, 3, 4, 9), by="AM")
        .close(at=at(2025, 3, 4, 10), by="AM"),
        _numbered("C-B"),
        _numbered("C-C"),
        _resolved("C-D", LATE),
    ]
    stats = complaint_statistics(complaints, SEED_COMPLAINT_POLICY, now=JUNE, calendar=CALENDAR)
    assert (stats.resolved, stats.resolved_on_time, stats.open_overdue) == (2, 1, 2)
    assert stats.on_time_rate == Decimal("0.25")
    assert stats.explain().splitlines()[3] == (
        "  on-time resolution: 25 % (1 of 4: 2 resolved, 2 open and overdue)"
    )


def test_on_time_rate_is_rounded_to_four_places_half_up() -> None:
    """1 on time of 32 is 0.03125, kept as 0.0313 (half up, not half even)."""
    complaints = [_resolved("C-A", at(2025, 3, 3, 11))]
    complaints += [_numbered(f"C-{n}", customer_id=f"N-{n}") for n in range(31)]
    stats = complaint_statistics(complaints, SEED_COMPLAINT_POLICY, now=JUNE, calendar=CALENDAR)
    assert (stats.resolved_on_time, stats.resolved + stats.open_overdue) == (1, 32)
    assert stats.on_time_rate == Decimal("0.0313")


@pytest.mark.parametrize(
    ("start", "end", "problem"),
    [
        (NAIVE, JUNE, ("start", NAIVE, "a timezone-aware datetime")),
        (MONDAY_9, NAIVE, ("end", NAIVE, "a timezone-aware datetime")),
        (MONDAY_9, "2025-06-02", ("end", "2025-06-02", "a timezone-aware datetime")),
    ],
)
def test_a_time_window_names_a_bad_bound(
    start: Any, end: Any, problem: tuple[str, Any, str]
) -> None:
    """A naive or non-datetime bound of ``sla_elapsed`` is named ``start`` or ``end``."""
    with pytest.raises(ValidationError) as caught:
        sla_elapsed(
            _numbered("C-1"), SEED_COMPLAINT_POLICY, start=start, end=end, calendar=CALENDAR
        )
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == problem


# ------------------------------------------------------------------------- configuration


def _targets(*severities: Severity) -> tuple[SeverityTarget, ...]:
    return tuple(SeverityTarget(severity=s, target=SlaTarget(hours=24)) for s in severities)


G, S, M = Severity.GENERAL, Severity.SERIOUS, Severity.MAJOR


@pytest.mark.parametrize(
    ("severities", "got"),
    [
        ((G, S), "general, serious (missing major)"),
        ((G, G, S), "general, general, serious (missing major; more than once general)"),
        (
            (G, G, S, S, M),
            "general, general, serious, serious, major (more than once general, serious)",
        ),
        ((), "none (missing general, serious, major)"),
    ],
)
def test_resolve_targets_must_name_each_severity_exactly_once(
    severities: tuple[Severity, ...], got: str
) -> None:
    """The message lists what was given, what is missing and what is named more than once."""
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(SEED_COMPLAINT_POLICY, resolve=_targets(*severities))
    assert str(caught.value) == (
        f"resolve must name every severity (general, serious, major) exactly once, got {got}"
    )


@pytest.mark.parametrize(
    ("statuses", "problem"),
    [
        (
            "waiting-on-customer",
            ("pause_statuses", "waiting-on-customer", "a tuple of complaint statuses"),
        ),
        (("x",), ("pause_statuses[0]", "x", "a ComplaintStatus")),
        (
            (ComplaintStatus.WAITING_ON_CUSTOMER, ComplaintStatus.WAITING_ON_CUSTOMER),
            ("pause_statuses[1]", "waiting-on-customer", "a status named once"),
        ),
    ],
)
def test_pause_statuses_are_checked_as_a_policy(
    statuses: Any, problem: tuple[str, Any, str]
) -> None:
    """A text, a non-status or a status named twice is a PolicyError naming the entry."""
    with pytest.raises(PolicyError) as caught:
        attrs.evolve(SEED_COMPLAINT_POLICY, pause_statuses=statuses)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == problem


# ------------------------------------------------------------------ clocks and escalations


def _started() -> Complaint:
    """MONDAY_9's complaint, accepted and started at 09:30."""
    return (
        _received(MONDAY_9)
        .accept(at=at(2025, 3, 3, 9, 30), by="AM")
        .start(at=at(2025, 3, 3, 9, 30), by="AM")
    )


def test_a_paused_clock_shows_the_pause_and_a_projected_deadline() -> None:
    """Waiting on the customer for an hour: "1 h paused; paused, …, … if restarted now"."""
    waiting = _started().wait_on_customer(at=at(2025, 3, 3, 10, 30), by="AM")
    report = sla_status(
        waiting, SEED_COMPLAINT_POLICY, now=at(2025, 3, 3, 11, 30), calendar=CALENDAR
    )
    assert report.resolve.explain() == (
        "resolve on-time: 1 h 30 min used of 24 working hours (severity 'general'), 6.3 %, "
        "at risk from 75 %; 1 h paused; paused, 22 h 30 min left, deadline 2025-03-06 10:00 "
        "if restarted now"
    )


def test_a_clock_stopped_late_shows_the_overdue_time_and_the_missed_deadline() -> None:
    """Resolved a week late: "stopped …, 16 h overdue (deadline was …)"."""
    late = _started().resolve(at=LATE, by="AM")
    report = sla_status(late, SEED_COMPLAINT_POLICY, now=at(2025, 3, 10, 10), calendar=CALENDAR)
    assert report.resolve.explain() == (
        "resolve breached: 40 h used of 24 working hours (severity 'general'), 166.7 %, "
        "at risk from 75 %; stopped 2025-03-10 09:00, 16 h overdue (deadline was 2025-03-06 09:00)"
    )


WITH_FALLBACK = attrs.evolve(SEED_COMPLAINT_POLICY, escalation_fallback_id="ADMIN")
CHAIN = OrgChart.of(
    [
        AccountManager(id="GM", name="General manager"),
        AccountManager(id="SUP", name="Supervisor", superior_id="GM"),
        AccountManager(id="AM", name="Account manager", superior_id="SUP"),
    ]
)
WITHOUT_AM = OrgChart.of([AccountManager(id="GM", name="General manager")])
ONLY_AM = OrgChart.of([AccountManager(id="AM", name="Account manager")])
OVERDUE = "not resolved within 24 working hours (severity 'general'); 16 h overdue; passed to "


@pytest.mark.parametrize(
    ("policy", "org", "to_id", "whom"),
    [
        (SEED_COMPLAINT_POLICY, CHAIN, "SUP", "SUP, the direct superior of AM."),
        (WITH_FALLBACK, ONLY_AM, "ADMIN", "ADMIN, the policy's fallback (AM has no superior)."),
        (
            WITH_FALLBACK,
            WITHOUT_AM,
            "ADMIN",
            "ADMIN, the policy's fallback (AM is not in the org chart).",
        ),
        (
            SEED_COMPLAINT_POLICY,
            WITHOUT_AM,
            None,
            "nobody: AM is not in the org chart and the policy names no fallback.",
        ),
    ],
)
def test_an_escalation_says_to_whom_and_why(
    policy: Any, org: OrgChart, to_id: str | None, whom: str
) -> None:
    """The superior, else the fallback, else nobody; the reason says which and why."""
    due = escalation(_started(), policy, now=LATE, calendar=CALENDAR, org=org)
    assert due is not None
    assert (due.from_id, due.to_id, due.reason) == ("AM", to_id, OVERDUE + whom)


def test_escalation_names_a_wrong_org_chart() -> None:
    """An org chart given by name is refused, showing the name."""
    with pytest.raises(ValidationError) as caught:
        escalation(_started(), SEED_COMPLAINT_POLICY, now=LATE, calendar=CALENDAR, org="chart")  # type: ignore[arg-type]
    assert str(caught.value) == "org: expected an OrgChart, got 'chart'"


def test_allowances_read_as_working_or_calendar_hours() -> None:
    """An allowance is shown as its exact hours and the clock they are counted on."""
    assert str(SlaTarget(hours="1.5")) == "1.5 working hours"
    assert str(SlaTarget(hours=24, clock=Clock.CALENDAR)) == "24 calendar hours"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"complaint": "C-1"}, "complaint: expected a Complaint, got 'C-1'"),
        ({"policy": "24h"}, "policy: expected a ComplaintPolicy, got '24h'"),
        ({"calendar": "china"}, "calendar: expected a BusinessCalendar, got 'china'"),
    ],
)
def test_sla_status_names_a_wrong_argument(changes: dict[str, Any], message: str) -> None:
    """A wrong complaint, policy or calendar is reported by name with its value."""
    arguments: dict[str, Any] = {
        "complaint": _received(MONDAY_9),
        "policy": SEED_COMPLAINT_POLICY,
        "now": JUNE,
        "calendar": CALENDAR,
    }
    arguments.update(changes)
    complaint, policy = arguments.pop("complaint"), arguments.pop("policy")
    with pytest.raises(ValidationError) as caught:
        sla_status(complaint, policy, **arguments)
    assert str(caught.value) == message


def test_escalation_may_be_asked_at_the_moment_of_the_last_step() -> None:
    """Accepted only a week late: at that very moment the escalation to SUP is due."""
    accepted_late = _received(MONDAY_9).accept(at=LATE, by="AM")
    due = escalation(accepted_late, SEED_COMPLAINT_POLICY, now=LATE, calendar=CALENDAR, org=CHAIN)
    assert due is not None
    assert (due.from_id, due.to_id) == ("AM", "SUP")


def test_an_escalation_exactly_at_the_deadline_counts_as_done() -> None:
    """Passed to SUP at the deadline (03-06 09:00): nothing more is due; a minute before, SUP's
    superior GM is next."""
    at_deadline = _started().escalate(at=at(2025, 3, 6, 9), by="AM", to="SUP")
    assert (
        escalation(at_deadline, SEED_COMPLAINT_POLICY, now=LATE, calendar=CALENDAR, org=CHAIN)
        is None
    )
    before = _started().escalate(at=at(2025, 3, 6, 8, 59), by="AM", to="SUP")
    due = escalation(before, SEED_COMPLAINT_POLICY, now=LATE, calendar=CALENDAR, org=CHAIN)
    assert due is not None
    assert (due.from_id, due.to_id) == ("SUP", "GM")


@pytest.mark.parametrize(
    ("arguments", "path", "value"),
    [
        (("close", "other", "general"), "stage", "close"),
        (("resolve", "weather", "general"), "category", "weather"),
        (("resolve", "other", "minor"), "severity", "minor"),
    ],
)
def test_rule_for_names_the_unknown_stage_category_or_severity(
    arguments: tuple[str, str, str], path: str, value: str
) -> None:
    """An unknown word is reported under the argument's own name."""
    with pytest.raises(ValidationError) as caught:
        SEED_COMPLAINT_POLICY.rule_for(*arguments)
    (only,) = caught.value.problems
    assert (only.path, only.value) == (path, value)


def test_a_moment_before_the_receipt_is_refused_showing_it() -> None:
    """``now`` before the receipt is named with its value and the receipt time."""
    early = at(2025, 3, 3, 8)
    with pytest.raises(ValidationError) as caught:
        sla_status(_received(MONDAY_9), SEED_COMPLAINT_POLICY, now=early, calendar=CALENDAR)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == (
        "now",
        early,
        "a time at or after the receipt (2025-03-03 09:00:00+08:00)",
    )


def test_statistics_name_a_calendar_of_the_wrong_type() -> None:
    """A calendar that is not a BusinessCalendar is reported by name with its value."""
    china: Any = "china"
    with pytest.raises(ValidationError) as caught:
        complaint_statistics([], SEED_COMPLAINT_POLICY, now=MONDAY_9, calendar=china)
    assert str(caught.value) == "calendar: expected a BusinessCalendar, got 'china'"
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == ("calendar", "china", "a BusinessCalendar")


def test_the_covered_years_are_read_in_the_calendar_zone() -> None:
    """Whether ``now`` lies in the calendar's years (1950–2100) is decided in the calendar's
    zone (Shanghai), not in UTC: 2100-12-31 17:00 UTC is already 2101 in Shanghai and is
    refused, 1949-12-31 17:00 UTC is already 1950 there and is accepted."""
    past_the_end = datetime(2100, 12, 31, 17, tzinfo=UTC)
    with pytest.raises(ValidationError) as caught:
        complaint_statistics([], SEED_COMPLAINT_POLICY, now=past_the_end, calendar=CALENDAR)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == (
        "now",
        past_the_end,
        "a datetime in the years 1950 to 2100",
    )
    first_day = datetime(1949, 12, 31, 17, tzinfo=UTC)
    stats = complaint_statistics([], SEED_COMPLAINT_POLICY, now=first_day, calendar=CALENDAR)
    assert stats.as_of == first_day


def test_the_moment_of_a_status_is_checked_in_the_calendar_zone() -> None:
    """``now`` of ``sla_status`` is in the calendar's years (1950–2100) by its Shanghai date:
    2100-12-31 17:00 UTC (2101 in Shanghai) is refused, 1949-12-31 17:00 UTC (1950 in
    Shanghai) is accepted."""
    past_the_end = datetime(2100, 12, 31, 17, tzinfo=UTC)
    late = _received(datetime(2100, 12, 31, 9, tzinfo=SHANGHAI))
    with pytest.raises(ValidationError) as caught:
        sla_status(late, SEED_COMPLAINT_POLICY, now=past_the_end, calendar=CALENDAR)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == (
        "now",
        past_the_end,
        "a datetime in the years 1950 to 2100",
    )
    first_hour = datetime(1949, 12, 31, 17, tzinfo=UTC)
    early = _received(datetime(1950, 1, 1, 0, 30, tzinfo=SHANGHAI))
    report = sla_status(early, SEED_COMPLAINT_POLICY, now=first_hour, calendar=CALENDAR)
    assert report.as_of == first_hour


def test_a_clock_stops_at_the_step_that_ends_it_even_after_a_pause() -> None:
    """The resolve clock stops at the resolution: also when the resolution comes straight from
    a paused status (here 'escalated', paused by the policy), and when ``now`` is the very
    moment of the resolution."""
    pausing = attrs.evolve(SEED_COMPLAINT_POLICY, pause_statuses=(ComplaintStatus.ESCALATED,))
    resolved_at = at(2025, 3, 3, 11)
    complaint = (
        _started()
        .escalate(at=at(2025, 3, 3, 10), by="AM", to="SUP")
        .resolve(at=resolved_at, by="SUP")
    )
    report = sla_status(complaint, pausing, now=at(2025, 3, 3, 12), calendar=CALENDAR)
    assert report.resolve.stopped_at == resolved_at
    assert report.resolve.explain() == (
        "resolve on-time: 1 h used of 24 working hours (severity 'general'), 4.2 %, "
        "at risk from 75 %; 1 h paused; stopped 2025-03-03 11:00 with 23 h to spare"
    )
    at_once = sla_status(complaint, pausing, now=resolved_at, calendar=CALENDAR)
    assert at_once.resolve.stopped_at == resolved_at
    plain = _started().resolve(at=resolved_at, by="AM")
    report = sla_status(plain, SEED_COMPLAINT_POLICY, now=resolved_at, calendar=CALENDAR)
    assert report.resolve.stopped_at == resolved_at


def _on_calendar_hours(hours: str, acknowledge_hours: str = "2") -> ComplaintPolicy:
    """The seed policy with every allowance counted on the clock (calendar hours)."""
    return attrs.evolve(
        SEED_COMPLAINT_POLICY,
        acknowledge=SlaTarget(hours=acknowledge_hours, clock=Clock.CALENDAR),
        resolve=tuple(
            SeverityTarget(severity=s, target=SlaTarget(hours=hours, clock=Clock.CALENDAR))
            for s in Severity
        ),
    )


def test_a_calendar_hours_deadline_is_shown_in_the_calendar_zone() -> None:
    """24 calendar hours from a receipt given in UTC (01:00 UTC, 09:00 in Shanghai) end at
    09:00 the next day in Shanghai, the calendar's zone, whatever the zone of the input."""
    received = _received(datetime(2025, 3, 3, 1, tzinfo=UTC))
    report = sla_status(
        received,
        _on_calendar_hours("24"),
        now=datetime(2025, 3, 3, 2, tzinfo=UTC),
        calendar=CALENDAR,
    )
    assert report.resolve.deadline == at(2025, 3, 4, 9)
    assert report.resolve.deadline is not None
    assert report.resolve.deadline.utcoffset() == timedelta(hours=8)
    assert report.resolve.explain() == (
        "resolve on-time: 1 h used of 24 calendar hours (severity 'general'), 4.2 %, "
        "at risk from 75 %; running, 23 h left, deadline 2025-03-04 09:00"
    )


def test_a_clock_paused_when_the_allowance_is_used_up_keeps_its_deadline() -> None:
    """Waiting on the customer from the very moment the 24 working hours are used up (Thursday
    09:00): the deadline stays that moment, not the moment the clock would restart."""
    waiting = _started().wait_on_customer(at=at(2025, 3, 6, 9), by="AM")
    report = sla_status(waiting, SEED_COMPLAINT_POLICY, now=at(2025, 3, 6, 11), calendar=CALENDAR)
    assert report.resolve.deadline == at(2025, 3, 6, 9)
    assert report.resolve.explain() == (
        "resolve at-risk: 24 h used of 24 working hours (severity 'general'), 100 %, "
        "at risk from 75 %; 2 h paused; paused, 0 min left, deadline 2025-03-06 09:00 "
        "if restarted now"
    )


def test_the_used_share_is_rounded_to_four_places_half_up() -> None:
    """45 minutes of 24 working hours is a share of 0.03125, kept as 0.0313 (half up)."""
    report = sla_status(
        _received(MONDAY_9), SEED_COMPLAINT_POLICY, now=at(2025, 3, 3, 9, 45), calendar=CALENDAR
    )
    assert report.resolve.used_share == Decimal("0.0313")


def test_the_used_share_is_exact_to_the_microsecond_for_a_clock_of_centuries() -> None:
    """The share is counted in whole microseconds, never through a float: an allowance of
    0.00005 hours (0.18 s) used 57,000,000,000.00005 times over, for a complaint received in
    1700, rounds half up to …0.0001 (a float would lose the last microsecond and give …0.0000)."""
    used = 9 * (20_000 * 57_000_000_000 + 1)  # microseconds, odd and above 2**53
    now = at(2025, 3, 3, 9)
    received = _received(now.astimezone(UTC) - timedelta(microseconds=used))
    report = sla_status(
        received, _on_calendar_hours("0.00005", "0.00005"), now=now, calendar=CALENDAR
    )
    assert report.resolve.used_share == Decimal("57000000000.0001")
    assert report.acknowledge.used_share == Decimal("57000000000.0001")


def test_a_stopped_clock_keeps_the_moment_it_stopped_through_later_steps() -> None:
    """The acknowledge clock stops at the acceptance (09:30), not at the start of work (10:00);
    the resolve clock stops at the resolution (11:00), not at the revisit the next day."""
    complaint = (
        _received(MONDAY_9)
        .accept(at=at(2025, 3, 3, 9, 30), by="AM")
        .start(at=at(2025, 3, 3, 10), by="AM")
        .resolve(at=at(2025, 3, 3, 11), by="AM")
        .record_revisit(at=at(2025, 3, 4, 9), by="AM")
    )
    report = sla_status(complaint, SEED_COMPLAINT_POLICY, now=at(2025, 3, 5, 9), calendar=CALENDAR)
    assert (report.acknowledge.stopped_at, report.resolve.stopped_at) == (
        at(2025, 3, 3, 9, 30),
        at(2025, 3, 3, 11),
    )
    assert report.acknowledge.explain() == (
        "acknowledge on-time: 30 min used of 2 working hours (all complaints), 25 %, "
        "at risk from 75 %; stopped 2025-03-03 09:30 with 1 h 30 min to spare"
    )


def test_an_allowance_too_small_to_count_is_no_bare_division_by_zero() -> None:
    """A positive allowance of 0.0000000001 hours (0.36 ns, zero whole microseconds) is either
    refused as a library error or gives a breached clock, never a bare ZeroDivisionError."""
    try:
        tiny = attrs.evolve(
            SEED_COMPLAINT_POLICY,
            resolve=tuple(
                SeverityTarget(severity=s, target=SlaTarget(hours="0.0000000001")) for s in Severity
            ),
        )
        report = sla_status(_received(MONDAY_9), tiny, now=at(2025, 3, 3, 10), calendar=CALENDAR)
    except KeyAccountError:
        return  # refusing such an allowance is as good as counting it
    assert report.resolve.state is SlaState.BREACHED


def test_an_allowance_shorter_than_a_microsecond_is_refused() -> None:
    """An allowance is counted to the microsecond; a positive one that rounds to nothing is
    refused with the hours it was given."""
    with pytest.raises(PolicyError) as caught:
        SlaTarget(hours="0.0000000001")
    assert str(caught.value) == (
        "hours: expected an allowance of at least one microsecond, got '1E-10'"
    )
    assert SlaTarget(hours="0.0000000002").duration == timedelta(microseconds=1)
