"""Complaint SLAs, escalation, the revisit and statistics [seed 004 客户投诉管理, 篇5, 篇8]."""

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
from keyaccount.domain.complaint import Complaint, ComplaintCategory, ComplaintStatus, Severity
from keyaccount.domain.staff import AccountManager, OrgChart
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.complaints import (
    SEED_COMPLAINT_POLICY,
    SEVERITY_COMPLAINT_POLICY,
    CategoryOverride,
    Clock,
    ClockState,
    ComplaintPolicy,
    ComplaintStatistics,
    Escalation,
    SeverityTarget,
    SlaReport,
    SlaStage,
    SlaState,
    SlaTarget,
    complaint_statistics,
    escalation,
    revisit_deadline,
    sla_elapsed,
    sla_paused,
    sla_status,
)
from keyaccount.serialization import from_dict, to_dict

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar()
ORG = OrgChart.of(
    [
        AccountManager(id="GM", name="General manager"),
        AccountManager(id="SUP", name="Supervisor", superior_id="GM"),
        AccountManager(id="AM", name="Account manager", superior_id="SUP"),
    ]
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A Shanghai instant."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def complaint(
    received: datetime,
    *,
    severity: Severity = Severity.GENERAL,
    category: ComplaintCategory = ComplaintCategory.OTHER,
    complaint_id: str = "C-1",
    customer_id: str = "K-1",
) -> Complaint:
    """A newly received complaint handled by AM."""
    return Complaint(
        id=complaint_id,
        customer_id=customer_id,
        received_at=received,
        responsible_id="AM",
        severity=severity,
        category=category,
    )


def handled(received: datetime, started: datetime, **kwargs: object) -> Complaint:
    """A complaint accepted and started at ``started``."""
    return (
        complaint(received, **kwargs)  # type: ignore[arg-type]
        .accept(at=started, by="AM")
        .start(at=started, by="AM")
    )


# ------------------------------------------------------------------------------ presets


def test_seed_preset_resolves_every_complaint_within_24_working_hours() -> None:
    """The department-wide preset is "一般在24小时内予以解决" [seed 004 篇5] for every severity."""
    for severity in Severity:
        rule = SEED_COMPLAINT_POLICY.rule_for(SlaStage.RESOLVE, ComplaintCategory.OTHER, severity)
        assert rule.target == SlaTarget(hours=24, clock=Clock.WORKING)
    assert SEED_COMPLAINT_POLICY.acknowledge == SlaTarget(hours=2, clock=Clock.WORKING)
    assert SEED_COMPLAINT_POLICY.pause_statuses == (ComplaintStatus.WAITING_ON_CUSTOMER,)
    assert SEED_COMPLAINT_POLICY.revisit_within_working_days == 3
    assert SEED_COMPLAINT_POLICY.repeat_window_days == 90


def test_severity_preset_gives_major_8_serious_24_general_48_working_hours() -> None:
    """The severity preset [default]: major 8, serious 24, general 48 working hours."""
    hours = {
        severity: SEVERITY_COMPLAINT_POLICY.rule_for("resolve", "other", severity).target.hours
        for severity in Severity
    }
    assert hours == {Severity.MAJOR: 8, Severity.SERIOUS: 24, Severity.GENERAL: 48}


def test_presets_round_trip_through_plain_data() -> None:
    """Both presets survive to_dict and from_dict unchanged."""
    for preset in (SEED_COMPLAINT_POLICY, SEVERITY_COMPLAINT_POLICY):
        assert from_dict(ComplaintPolicy, to_dict(preset)) == preset


def test_most_specific_override_wins() -> None:
    """A (category, severity) override beats a category override, which beats the severity."""
    policy = attrs.evolve(
        SEVERITY_COMPLAINT_POLICY,
        overrides=(
            CategoryOverride(
                category=ComplaintCategory.BILLING,
                resolve=SlaTarget(hours=16, clock=Clock.CALENDAR),
            ),
            CategoryOverride(
                category=ComplaintCategory.BILLING,
                severity=Severity.MAJOR,
                acknowledge=SlaTarget(hours=1),
            ),
        ),
    )
    major_billing = policy.rule_for("resolve", "billing", "major")
    assert major_billing.target == SlaTarget(hours=16, clock=Clock.CALENDAR)
    assert major_billing.basis == "override for category 'billing'"
    acknowledge = policy.rule_for("acknowledge", "billing", "major")
    assert acknowledge.target.hours == 1
    assert acknowledge.basis == "override for category 'billing', severity 'major'"
    assert policy.rule_for("acknowledge", "billing", "general").basis == "all complaints"
    assert policy.rule_for("resolve", "delivery", "major").basis == "severity 'major'"


# ----------------------------------------------------------------------------- deadlines


def test_acknowledge_deadline_skips_the_weekend_to_a_make_up_sunday() -> None:
    """Received Friday 2025-01-24 16:30: 1 h that day, the 2nd on the make-up Sunday 01-26."""
    report = sla_status(
        complaint(at(2025, 1, 24, 16, 30)),
        SEED_COMPLAINT_POLICY,
        now=at(2025, 1, 24, 17, 0),
        calendar=CALENDAR,
    )
    assert report.acknowledge.deadline == at(2025, 1, 26, 9, 0)
    assert report.acknowledge.clock_state is ClockState.RUNNING
    assert report.acknowledge.elapsed == timedelta(minutes=30)


def test_resolve_deadline_skips_the_spring_festival_break() -> None:
    """24 working hours from Sunday 2025-01-26 09:00 end on 2025-02-06 09:00 [seed 004 篇5]."""
    report = sla_status(
        complaint(at(2025, 1, 26, 9, 0)),
        SEED_COMPLAINT_POLICY,
        now=at(2025, 1, 26, 9, 0),
        calendar=CALENDAR,
    )
    # 7 h on 01-26, 8 h on 01-27, the break 01-28..02-04, 8 h on 02-05, 1 h on 02-06.
    assert report.resolve.deadline == at(2025, 2, 6, 9, 0)
    assert report.resolve.time_left == timedelta(hours=24)


def test_calendar_hours_count_every_hour() -> None:
    """With a calendar-hours rule the deadline is the receipt plus the hours, holidays or not."""
    policy = attrs.evolve(
        SEED_COMPLAINT_POLICY,
        resolve=tuple(
            SeverityTarget(severity=s, target=SlaTarget(hours=24, clock=Clock.CALENDAR))
            for s in Severity
        ),
    )
    report = sla_status(
        complaint(at(2025, 9, 30, 20, 0)), policy, now=at(2025, 10, 1, 8), calendar=CALENDAR
    )
    assert report.resolve.deadline == at(2025, 10, 1, 20, 0)
    assert report.resolve.elapsed == timedelta(hours=12)
    assert report.resolve.used_share == Decimal("0.5000")


def test_deadline_is_the_end_of_an_interval_when_the_time_runs_out_at_noon() -> None:
    """Major, received 2025-03-04 (Tue) 08:00: 8 working hours end at 17:30 the same day."""
    received = at(2025, 3, 4, 8, 0)
    report = sla_status(
        complaint(received, severity=Severity.MAJOR),
        SEVERITY_COMPLAINT_POLICY,
        now=received,
        calendar=CALENDAR,
    )
    assert report.resolve.deadline == at(2025, 3, 4, 17, 30)
    assert report.acknowledge.deadline == at(2025, 3, 4, 10, 0)


# --------------------------------------------------------------------------------- states


def test_state_moves_from_on_time_to_at_risk_to_breached() -> None:
    """Major, 8 working hours from Tue 08:00: at risk from 6 h used (75 %), breached past 8 h."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)

    def state(now: datetime) -> SlaState:
        return sla_status(
            started, SEVERITY_COMPLAINT_POLICY, now=now, calendar=CALENDAR
        ).resolve.state

    assert state(at(2025, 3, 4, 15, 29)) is SlaState.ON_TIME  # 5 h 59 min
    assert state(at(2025, 3, 4, 15, 30)) is SlaState.AT_RISK  # 6 h
    assert state(at(2025, 3, 4, 17, 30)) is SlaState.AT_RISK  # 8 h: still within
    assert state(at(2025, 3, 5, 8, 1)) is SlaState.BREACHED  # 8 h 1 min


def test_breached_clock_reports_the_time_overdue() -> None:
    """The day after a missed major deadline, the overdue time is counted in working time."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)
    report = sla_status(
        started, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 5, 10, 15), calendar=CALENDAR
    )
    assert report.resolve.overdue == timedelta(hours=2, minutes=15)
    assert report.resolve.time_left == timedelta()
    assert report.state is SlaState.BREACHED


def test_resolution_during_lunch_after_a_noon_deadline_is_on_time() -> None:
    """Working time stops at 12:00, so resolving at 12:45 after a 12:00 deadline is on time."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30))
    policy = attrs.evolve(
        SEED_COMPLAINT_POLICY,
        resolve=tuple(SeverityTarget(severity=s, target=SlaTarget(hours=4)) for s in Severity),
    )
    resolved = started.resolve(at=at(2025, 3, 4, 12, 45), by="AM")
    report = sla_status(resolved, policy, now=at(2025, 3, 6, 9, 0), calendar=CALENDAR)
    assert report.resolve.state is SlaState.ON_TIME
    assert report.resolve.clock_state is ClockState.STOPPED
    assert report.resolve.stopped_at == at(2025, 3, 4, 12, 45)


def test_stopped_clock_is_on_time_for_good_even_above_the_risk_share() -> None:
    """A complaint resolved with 90 % of its time used stays on time, not at risk."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 10), severity=Severity.MAJOR)
    resolved = started.resolve(at=at(2025, 3, 4, 16, 42), by="AM")
    report = sla_status(
        resolved, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 20, 9), calendar=CALENDAR
    )
    assert report.resolve.used_share == Decimal("0.9000")
    assert report.resolve.state is SlaState.ON_TIME
    assert report.state is SlaState.ON_TIME


def test_waiting_on_the_customer_pauses_the_clock_and_reports_the_pause() -> None:
    """Two working hours waiting on the customer are reported and move the deadline by 2 h."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 0), severity=Severity.MAJOR)
    waiting = started.wait_on_customer(at=at(2025, 3, 4, 9, 0), by="AM")
    resumed = waiting.start(at=at(2025, 3, 4, 11, 0), by="AM")
    paused_now = sla_status(
        waiting, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 4, 10, 0), calendar=CALENDAR
    )
    assert paused_now.resolve.clock_state is ClockState.PAUSED
    assert paused_now.resolve.paused == timedelta(hours=1)
    report = sla_status(
        resumed, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 4, 14, 0), calendar=CALENDAR
    )
    assert report.resolve.paused == timedelta(hours=2)
    assert report.resolve.elapsed == timedelta(hours=2, minutes=30)
    assert report.resolve.deadline == at(2025, 3, 5, 10, 0)  # 17:30 without the pause


def test_a_policy_without_pauses_counts_the_waiting_time() -> None:
    """With no pause statuses, waiting on the customer counts like any open status."""
    policy = attrs.evolve(SEVERITY_COMPLAINT_POLICY, pause_statuses=())
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 0), severity=Severity.MAJOR)
    waiting = started.wait_on_customer(at=at(2025, 3, 4, 9, 0), by="AM")
    report = sla_status(waiting, policy, now=at(2025, 3, 4, 11, 0), calendar=CALENDAR)
    assert report.resolve.paused == timedelta()
    assert report.resolve.elapsed == timedelta(hours=3)
    assert report.resolve.clock_state is ClockState.RUNNING


def test_late_acknowledgement_makes_the_whole_report_breached() -> None:
    """Judged valid 3 working hours after receipt: acknowledge breached, so the report is."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 11, 0))
    report = sla_status(
        started, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 4, 11, 30), calendar=CALENDAR
    )
    assert report.acknowledge.state is SlaState.BREACHED
    assert report.acknowledge.overdue == timedelta(hours=1)
    assert report.resolve.state is SlaState.ON_TIME
    assert report.state is SlaState.BREACHED


def test_rejection_stops_the_resolve_clock() -> None:
    """A complaint judged not valid 投诉不成立 stops both clocks at the rejection."""
    rejected = complaint(at(2025, 3, 4, 8, 0)).reject(at=at(2025, 3, 4, 9, 0), by="AM")
    report = sla_status(
        rejected, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 31, 9, 0), calendar=CALENDAR
    )
    assert report.resolve.clock_state is ClockState.STOPPED
    assert report.resolve.stopped_at == at(2025, 3, 4, 9, 0)
    assert report.resolve.elapsed == timedelta(hours=1)
    assert report.state is SlaState.ON_TIME


def test_reopening_a_resolved_complaint_restarts_the_clock() -> None:
    """Resolved after 1 h, reopened the next day: the clock runs on from 1 h."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 0), severity=Severity.MAJOR)
    reopened = started.resolve(at=at(2025, 3, 4, 9, 0), by="AM").start(
        at=at(2025, 3, 5, 8, 0), by="AM"
    )
    report = sla_status(
        reopened, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 5, 9, 0), calendar=CALENDAR
    )
    assert report.resolve.clock_state is ClockState.RUNNING
    assert report.resolve.elapsed == timedelta(hours=2)
    assert report.resolve.deadline == at(2025, 3, 5, 16, 30)


def test_steps_after_now_are_ignored() -> None:
    """The status as of an earlier moment is the status the complaint had then."""
    resolved = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30)).resolve(
        at=at(2025, 3, 5, 9, 0), by="AM"
    )
    report = sla_status(
        resolved, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 4, 9, 0), calendar=CALENDAR
    )
    assert report.status is ComplaintStatus.IN_PROGRESS
    assert report.resolve.clock_state is ClockState.RUNNING
    assert report.resolve.elapsed == timedelta(hours=1)


def test_elapsed_and_paused_over_a_window() -> None:
    """sla_elapsed and sla_paused split the open time of a window between them."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 0))
    waiting = started.wait_on_customer(at=at(2025, 3, 4, 9, 0), by="AM").start(
        at=at(2025, 3, 4, 14, 0), by="AM"
    )
    window = {"start": at(2025, 3, 4, 8, 30), "end": at(2025, 3, 4, 15, 0)}
    elapsed = sla_elapsed(waiting, SEED_COMPLAINT_POLICY, calendar=CALENDAR, **window)
    paused = sla_paused(waiting, SEED_COMPLAINT_POLICY, calendar=CALENDAR, **window)
    assert elapsed == timedelta(hours=1, minutes=30)
    assert paused == timedelta(hours=3, minutes=30)
    acknowledge = sla_elapsed(
        waiting, SEED_COMPLAINT_POLICY, calendar=CALENDAR, stage="acknowledge", **window
    )
    assert acknowledge == timedelta()


def test_report_round_trips_and_explains_itself() -> None:
    """A report survives plain data and its explanation names rule, times and thresholds."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)
    report = sla_status(
        started, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 4, 15, 30), calendar=CALENDAR
    )
    assert from_dict(SlaReport, to_dict(report)) == report
    assert report.explain() == (
        "complaint C-1 (major, other) is at-risk as of 2025-03-04 15:30 [by-severity 1]\n"
        "  acknowledge on-time: 30 min used of 2 working hours (all complaints), 25 %, at risk "
        "from 75 %; stopped 2025-03-04 08:30 with 1 h 30 min to spare\n"
        "  resolve at-risk: 6 h used of 8 working hours (severity 'major'), 75 %, at risk from "
        "75 %; running, 2 h left, deadline 2025-03-04 17:30"
    )


# ----------------------------------------------------------------------------- escalation


def test_escalation_goes_to_the_direct_superior_when_the_deadline_passes() -> None:
    """Unresolved past the deadline: passed up to the superior [seed 004 篇5 "转交"]."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)
    due = escalation(
        started, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 5, 9, 0), calendar=CALENDAR, org=ORG
    )
    assert due is not None
    assert (due.from_id, due.to_id) == ("AM", "SUP")
    assert due.due_at == at(2025, 3, 4, 17, 30)
    assert due.overdue_seconds == 3600
    assert from_dict(Escalation, to_dict(due)) == due
    assert due.explain().startswith(
        "escalate complaint C-1 from AM to SUP, due since 2025-03-04 17:30: not resolved within "
        "8 working hours (severity 'major'); 1 h overdue"
    )


def test_no_escalation_before_the_deadline_or_after_resolution() -> None:
    """Within the allowance, or once resolved, nothing is escalated."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)
    assert (
        escalation(
            started,
            SEVERITY_COMPLAINT_POLICY,
            now=at(2025, 3, 4, 17, 30),
            calendar=CALENDAR,
            org=ORG,
        )
        is None
    )
    late = started.resolve(at=at(2025, 3, 5, 10, 0), by="AM")
    assert (
        escalation(
            late, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 5, 11), calendar=CALENDAR, org=ORG
        )
        is None
    )


def test_an_escalation_after_the_deadline_is_not_asked_for_again() -> None:
    """Once passed up after the deadline, the complaint is not escalated a second time."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)
    passed = started.escalate(at=at(2025, 3, 5, 9, 0), by="AM", to="SUP").start(
        at=at(2025, 3, 5, 9, 30), by="SUP"
    )
    assert (
        escalation(
            passed, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 6, 9), calendar=CALENDAR, org=ORG
        )
        is None
    )


def test_an_early_escalation_moves_the_next_one_up_the_chart() -> None:
    """Escalated to SUP before the deadline, then still open after it: SUP's superior is next."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR)
    passed = started.escalate(at=at(2025, 3, 4, 10, 0), by="AM", to="SUP")
    due = escalation(
        passed, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 5, 9), calendar=CALENDAR, org=ORG
    )
    assert due is not None
    assert (due.from_id, due.to_id) == ("SUP", "GM")


def test_escalation_at_the_top_uses_the_fallback_or_says_nobody() -> None:
    """Above the general manager there is nobody: the policy's fallback, else no one named."""
    started = (
        complaint(at(2025, 3, 4, 8, 0), severity=Severity.MAJOR)
        .accept(at=at(2025, 3, 4, 8, 0), by="GM")
        .escalate(at=at(2025, 3, 4, 8, 0), by="AM", to="GM")
    )
    alone = escalation(
        started, SEVERITY_COMPLAINT_POLICY, now=at(2025, 3, 5, 9), calendar=CALENDAR, org=ORG
    )
    assert alone is not None
    assert alone.to_id is None
    assert "nobody: GM has no superior and the policy names no fallback" in alone.reason
    policy = attrs.evolve(SEVERITY_COMPLAINT_POLICY, escalation_fallback_id="ADMIN")
    fallback = escalation(started, policy, now=at(2025, 3, 5, 9), calendar=CALENDAR, org=ORG)
    assert fallback is not None
    assert fallback.to_id == "ADMIN"


def test_escalation_refuses_a_moment_before_the_last_step() -> None:
    """The responsible person is the current one, so ``now`` may not precede the last step."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30))
    with pytest.raises(ValidationError) as error:
        escalation(
            started, SEED_COMPLAINT_POLICY, now=at(2025, 3, 4, 8, 0), calendar=CALENDAR, org=ORG
        )
    assert str(error.value).startswith(
        "now: expected a time at or after the complaint's last step (2025-03-04 08:30:00+08:00), "
        "got datetime.datetime(2025, 3, 4, 8, 0, "
    )


# -------------------------------------------------------------------------------- revisit


def test_revisit_is_due_three_working_days_after_resolution() -> None:
    """Resolved Thursday 2025-10-09: due Monday 10-13, the make-up Saturday 10-11 counting."""
    started = handled(at(2025, 10, 9, 8, 0), at(2025, 10, 9, 8, 30))
    resolved = started.resolve(at=at(2025, 10, 9, 16, 0), by="AM")
    assert revisit_deadline(resolved, SEED_COMPLAINT_POLICY, calendar=CALENDAR) == date(
        2025, 10, 13
    )


def test_revisit_after_a_sunday_resolution_counts_from_monday() -> None:
    """Resolved on Sunday 2025-03-09: three working days after are Mon, Tue, Wed 03-12."""
    started = handled(at(2025, 3, 7, 8, 0), at(2025, 3, 7, 8, 30))
    resolved = started.resolve(at=at(2025, 3, 9, 10, 0), by="AM")
    assert revisit_deadline(resolved, SEED_COMPLAINT_POLICY, calendar=CALENDAR) == date(2025, 3, 12)


def test_no_revisit_before_resolution_or_after_reopening() -> None:
    """An unresolved or reopened complaint has no revisit deadline."""
    started = handled(at(2025, 3, 4, 8, 0), at(2025, 3, 4, 8, 30))
    assert revisit_deadline(started, SEED_COMPLAINT_POLICY, calendar=CALENDAR) is None
    reopened = started.resolve(at=at(2025, 3, 4, 9), by="AM").start(at=at(2025, 3, 4, 10), by="AM")
    assert revisit_deadline(reopened, SEED_COMPLAINT_POLICY, calendar=CALENDAR) is None
    rejected = complaint(at(2025, 3, 4, 8)).reject(at=at(2025, 3, 4, 9), by="AM")
    assert revisit_deadline(rejected, SEED_COMPLAINT_POLICY, calendar=CALENDAR) is None


# ----------------------------------------------------------------------------- statistics


def _portfolio() -> list[Complaint]:
    """Four complaints of two customers, as of 2025-06-02."""
    on_time = handled(
        at(2025, 3, 4, 8), at(2025, 3, 4, 8, 30), severity=Severity.MAJOR, complaint_id="C-1"
    ).resolve(at=at(2025, 3, 4, 12), by="AM")
    late = handled(
        at(2025, 5, 6, 8),
        at(2025, 5, 6, 8, 30),
        severity=Severity.MAJOR,
        category=ComplaintCategory.BILLING,
        complaint_id="C-2",
    ).resolve(at=at(2025, 5, 8, 12), by="AM")
    open_late = handled(
        at(2025, 5, 20, 9),
        at(2025, 5, 20, 9),
        category=ComplaintCategory.DELIVERY,
        complaint_id="C-3",
        customer_id="K-2",
    )
    rejected = complaint(at(2025, 6, 2, 8), complaint_id="C-4", customer_id="K-2").reject(
        at=at(2025, 6, 2, 9), by="AM"
    )
    return [on_time, late, open_late, rejected]


def test_statistics_count_by_category_and_severity() -> None:
    """Every category and severity is listed, zeros included [seed 004 "汇总、统计"]."""
    stats = complaint_statistics(
        _portfolio(), SEVERITY_COMPLAINT_POLICY, now=at(2025, 6, 2, 12), calendar=CALENDAR
    )
    assert stats.total == 4
    counts = {c.category: c.count for c in stats.by_category}
    assert counts[ComplaintCategory.OTHER] == 2
    assert counts[ComplaintCategory.BILLING] == 1
    assert counts[ComplaintCategory.DELIVERY] == 1
    assert counts[ComplaintCategory.PRODUCT_QUALITY] == 0
    assert [(s.severity, s.count) for s in stats.by_severity] == [
        (Severity.GENERAL, 2),
        (Severity.SERIOUS, 0),
        (Severity.MAJOR, 2),
    ]


def test_on_time_rate_counts_open_overdue_complaints_as_late() -> None:
    """One on time, one late, one open past its 48 h: 1 of 3; the rejected one is left out."""
    stats = complaint_statistics(
        _portfolio(), SEVERITY_COMPLAINT_POLICY, now=at(2025, 6, 2, 12), calendar=CALENDAR
    )
    assert (stats.resolved, stats.resolved_on_time, stats.open_overdue) == (2, 1, 1)
    assert stats.on_time_rate == Decimal("0.3333")


def test_repeat_complaints_within_90_days_but_not_91() -> None:
    """A second complaint 90 days after the first is a repeat; 91 days after is not."""
    first = complaint(at(2025, 1, 2, 9), complaint_id="A")
    within = complaint(at(2025, 4, 2, 9), complaint_id="B")
    beyond = complaint(at(2025, 7, 2, 9), complaint_id="C")
    stats = complaint_statistics(
        [beyond, within, first], SEED_COMPLAINT_POLICY, now=at(2025, 7, 3), calendar=CALENDAR
    )
    assert [(r.previous_id, r.complaint_id, r.days_since_previous) for r in stats.repeats] == [
        ("A", "B", 90)
    ]
    assert stats.repeat_customers == ("K-1",)


def test_statistics_round_trip_and_explain() -> None:
    """The statistics survive plain data and explain the rate's numerator and divisor."""
    stats = complaint_statistics(
        _portfolio(), SEVERITY_COMPLAINT_POLICY, now=at(2025, 6, 2, 12), calendar=CALENDAR
    )
    assert from_dict(ComplaintStatistics, to_dict(stats)) == stats
    assert stats.explain() == (
        "4 complaints as of 2025-06-02 12:00 [by-severity 1]\n"
        "  by category: delivery 1, billing 1, other 2\n"
        "  by severity: general 2, major 2\n"
        "  on-time resolution: 33.3 % (1 of 3: 2 resolved, 1 open and overdue)\n"
        "  repeat complaints within 90 days: 2 (K-1, K-2)"
    )


def test_statistics_of_nothing_have_no_rate() -> None:
    """With no settled complaint the rate is None, not a division by zero."""
    stats = complaint_statistics([], SEED_COMPLAINT_POLICY, now=at(2025, 6, 2), calendar=CALENDAR)
    assert stats.total == 0
    assert stats.on_time_rate is None


# ----------------------------------------------------------------------------- bad inputs


def test_zero_hours_are_refused() -> None:
    """An allowance must be more than zero hours."""
    with pytest.raises(PolicyError) as error:
        SlaTarget(hours=0)
    assert str(error.value) == "hours: expected a number > 0, got '0'"


def test_float_hours_are_refused() -> None:
    """Hours are exact: a float is refused."""
    with pytest.raises(PolicyError) as error:
        SlaTarget(hours=1.5)  # type: ignore[arg-type]
    assert str(error.value) == "hours: expected a decimal number (Decimal, int or str), got 1.5"


def test_every_severity_needs_a_resolve_allowance() -> None:
    """A policy naming a severity twice and leaving one out is refused with both listed."""
    with pytest.raises(PolicyError) as error:
        ComplaintPolicy(
            name="p",
            version="1",
            acknowledge=SlaTarget(hours=2),
            resolve=[
                SeverityTarget(severity=Severity.GENERAL, target=SlaTarget(hours=48)),
                SeverityTarget(severity=Severity.GENERAL, target=SlaTarget(hours=24)),
            ],
        )
    assert str(error.value) == (
        "resolve must name every severity (general, serious, major) exactly once, got general, "
        "general (missing serious, major; more than once general)"
    )


def test_received_cannot_pause_the_clock() -> None:
    """Pausing 'received' would stop the acknowledge clock for good, so it is refused."""
    with pytest.raises(PolicyError) as error:
        attrs.evolve(SEED_COMPLAINT_POLICY, pause_statuses=(ComplaintStatus.RECEIVED,))
    assert str(error.value) == (
        "pause_statuses[0]: expected an open status other than 'received' (one of 'accepted', "
        "'in-progress', 'waiting-on-customer', 'escalated'), got 'received'"
    )


def test_at_risk_share_must_be_above_zero_and_at_most_one() -> None:
    """The at-risk share is a fraction of the allowance."""
    with pytest.raises(PolicyError) as error:
        attrs.evolve(SEED_COMPLAINT_POLICY, at_risk_share="1.5")
    assert str(error.value) == "at_risk_share: expected a number from 0 to 1, got '1.5'"


def test_an_override_must_change_something_and_appear_once() -> None:
    """An empty override, or two for one category and severity, are refused."""
    with pytest.raises(PolicyError) as empty:
        CategoryOverride(category=ComplaintCategory.BILLING)
    assert str(empty.value) == (
        "an override for category 'billing' must set acknowledge or resolve, got neither"
    )
    override = CategoryOverride(category=ComplaintCategory.BILLING, resolve=SlaTarget(hours=4))
    with pytest.raises(PolicyError) as twice:
        attrs.evolve(SEED_COMPLAINT_POLICY, overrides=(override, override))
    assert str(twice.value) == (
        "overrides[1]: expected each category and severity once, "
        "got \"override for category 'billing'\""
    )


def test_naive_or_early_now_is_refused() -> None:
    """``now`` must be timezone-aware and not before the receipt."""
    received = complaint(at(2025, 3, 4, 8))
    with pytest.raises(ValidationError) as naive:
        sla_status(received, SEED_COMPLAINT_POLICY, now=datetime(2025, 3, 4, 9), calendar=CALENDAR)
    assert str(naive.value) == (
        "now: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 4, 9, 0)"
    )
    with pytest.raises(ValidationError) as early:
        sla_status(received, SEED_COMPLAINT_POLICY, now=at(2025, 3, 4, 7), calendar=CALENDAR)
    assert str(early.value).startswith(
        "now: expected a time at or after the receipt (2025-03-04 08:00:00+08:00), got"
    )


def test_wrong_argument_types_raise_validation_errors() -> None:
    """A wrong policy or calendar is reported by name, not as a bare AttributeError."""
    received = complaint(at(2025, 3, 4, 8))
    with pytest.raises(ValidationError) as policy:
        sla_status(received, "24h", now=at(2025, 3, 4, 9), calendar=CALENDAR)  # type: ignore[arg-type]
    assert str(policy.value) == "policy: expected a ComplaintPolicy, got '24h'"
    with pytest.raises(ValidationError) as calendar:
        revisit_deadline(received, SEED_COMPLAINT_POLICY, calendar=None)  # type: ignore[arg-type]
    assert str(calendar.value) == "calendar: expected a BusinessCalendar, got None"


def test_statistics_refuse_duplicates_and_future_complaints() -> None:
    """Ids must be unique and every complaint received by ``now``."""
    first = complaint(at(2025, 3, 4, 8))
    with pytest.raises(ValidationError) as twice:
        complaint_statistics(
            [first, first], SEED_COMPLAINT_POLICY, now=at(2025, 3, 5), calendar=CALENDAR
        )
    assert str(twice.value) == "complaints[1].id: expected a unique id, got 'C-1'"
    with pytest.raises(ValidationError) as future:
        complaint_statistics([first], SEED_COMPLAINT_POLICY, now=at(2025, 3, 3), calendar=CALENDAR)
    assert str(future.value).startswith(
        "complaints[0].received_at: expected a time at or before now (2025-03-03 00:00:00+08:00)"
    )


def test_policy_from_plain_data_reports_bad_fields_as_policy_errors() -> None:
    """Loading a policy mapping with a bad clock names the path."""
    data = to_dict(SEED_COMPLAINT_POLICY)
    data["acknowledge"]["clock"] = "office-hours"
    with pytest.raises(PolicyError) as error:
        from_dict(ComplaintPolicy, data)
    assert str(error.value) == (
        "acknowledge.clock: expected one of 'working-hours', 'calendar-hours', got 'office-hours'"
    )


# ---------------------------------------------------------------------------------- docs


def test_docs_page_examples_print_what_the_page_shows() -> None:
    """Each example on docs/complaints.md prints exactly the output shown after it."""
    page = Path(__file__).resolve().parents[2] / "docs" / "complaints.md"
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
