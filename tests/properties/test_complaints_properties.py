"""Properties of the complaint SLA clocks (SPEC §4 complaints; issue 7)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyaccount.calendar import BusinessCalendar
from keyaccount.domain.complaint import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    Severity,
)
from keyaccount.errors import TransitionError
from keyaccount.policies.complaints import (
    SEED_COMPLAINT_POLICY,
    SEVERITY_COMPLAINT_POLICY,
    Clock,
    ComplaintPolicy,
    SeverityTarget,
    SlaStage,
    SlaTarget,
    complaint_statistics,
    sla_elapsed,
    sla_paused,
    sla_status,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = BusinessCalendar()
# Build the 2025 table once, here, so that no example pays for loading the holiday data.
CALENDAR.is_working_day(date(2025, 1, 1))
CALENDAR_HOURS = attrs.evolve(
    SEVERITY_COMPLAINT_POLICY,
    resolve=tuple(
        SeverityTarget(severity=s, target=SlaTarget(hours=h, clock=Clock.CALENDAR))
        for s, h in ((Severity.GENERAL, 48), (Severity.SERIOUS, 24), (Severity.MAJOR, 8))
    ),
)
POLICIES = st.sampled_from([SEED_COMPLAINT_POLICY, SEVERITY_COMPLAINT_POLICY, CALENDAR_HOURS])

# Instants in 2025, the calendar's official schedule, to the minute.
instants = st.builds(
    lambda minutes: datetime(2025, 1, 1, tzinfo=SHANGHAI) + timedelta(minutes=minutes),
    st.integers(min_value=0, max_value=364 * 24 * 60),
)
MAX_GAP_MINUTES = 3 * 24 * 60
gaps = st.integers(min_value=0, max_value=MAX_GAP_MINUTES).map(lambda m: timedelta(minutes=m))
STATUSES = list(ComplaintStatus)


@st.composite
def complaints(
    draw: st.DrawFn, *, with_pauses: bool = True, within: st.SearchStrategy[datetime] = instants
) -> Complaint:
    """A complaint received at one of ``within`` and walked through a legal path, to the minute.

    Shrinks towards a complaint received on 2025-01-01 00:00 and nothing more.
    """
    received = draw(within)
    result = Complaint(
        id=f"C-{draw(st.integers(min_value=1, max_value=999))}",
        customer_id=draw(st.sampled_from(["K-1", "K-2", "K-3"])),
        received_at=received,
        responsible_id="AM",
        severity=draw(st.sampled_from(list(Severity))),
        category=draw(st.sampled_from(list(ComplaintCategory))),
    )
    moment = received
    # One integer per move, read as (wanted status, minutes after the previous step): one draw
    # per move keeps generation cheap.
    moves = draw(st.lists(st.integers(0, len(STATUSES) * MAX_GAP_MINUTES - 1), max_size=6))
    for move in moves:
        minutes, index = divmod(move, len(STATUSES))
        allowed = COMPLAINT_TRANSITIONS[result.status]
        if not allowed:
            break
        target = STATUSES[index] if STATUSES[index] in allowed else sorted(allowed)[0]
        if target is ComplaintStatus.WAITING_ON_CUSTOMER and not with_pauses:
            continue
        moment += timedelta(minutes=minutes)
        result = result.transition(target, at=moment, by="AM")
    return result


def _later(complaint: Complaint, extra: timedelta) -> datetime:
    return complaint.last_changed_at + extra


@given(complaints(), POLICIES, gaps)
def test_deadline_is_never_before_receipt(
    complaint: Complaint, policy: ComplaintPolicy, extra: timedelta
) -> None:
    """Both SLA deadlines lie at or after the receipt."""
    report = sla_status(complaint, policy, now=_later(complaint, extra), calendar=CALENDAR)
    assert report.acknowledge.deadline >= complaint.received_at
    assert report.resolve.deadline >= complaint.received_at


@given(instants, st.sampled_from(list(Severity)), POLICIES)
def test_working_hours_deadline_skips_non_working_time(
    received: datetime, severity: Severity, policy: ComplaintPolicy
) -> None:
    """A fresh complaint's working-hours deadline holds exactly the allowance of working time."""
    fresh = Complaint(id="C-1", customer_id="K-1", received_at=received, responsible_id="AM")
    fresh = attrs.evolve(fresh, severity=severity)
    report = sla_status(fresh, policy, now=received, calendar=CALENDAR)
    for check in (report.acknowledge, report.resolve):
        allowed = check.rule.target.duration
        if check.rule.target.clock is Clock.WORKING:
            assert CALENDAR.working_time_between(received, check.deadline) == allowed
            assert check.deadline - received >= allowed
            # The deadline is reached inside working time: just before it, the clock ran.
            assert CALENDAR.is_working_time(check.deadline - timedelta(minutes=1))
        else:
            assert check.deadline == received + allowed


@given(complaints(), POLICIES, gaps, gaps, st.sampled_from(list(SlaStage)))
def test_elapsed_adds_up_over_any_split_point(
    complaint: Complaint,
    policy: ComplaintPolicy,
    first: timedelta,
    second: timedelta,
    stage: SlaStage,
) -> None:
    """elapsed(a, b) + elapsed(b, c) == elapsed(a, c), for every split point b."""
    start = complaint.received_at
    middle = start + first
    end = middle + second
    kwargs = {"calendar": CALENDAR, "stage": stage}
    whole = sla_elapsed(complaint, policy, start=start, end=end, **kwargs)  # type: ignore[arg-type]
    left = sla_elapsed(complaint, policy, start=start, end=middle, **kwargs)  # type: ignore[arg-type]
    right = sla_elapsed(complaint, policy, start=middle, end=end, **kwargs)  # type: ignore[arg-type]
    assert left + right == whole


@given(complaints(), POLICIES, gaps)
def test_elapsed_never_counts_a_pause(
    complaint: Complaint, policy: ComplaintPolicy, extra: timedelta
) -> None:
    """Inside a pause the clock counts nothing, and counted plus paused never exceed the span."""
    end = _later(complaint, extra)
    statuses = [(ComplaintStatus.RECEIVED, complaint.received_at)] + [
        (step.status, step.at) for step in complaint.steps
    ]
    bounds = [*(at for _, at in statuses[1:]), end]
    for (status, since), until in zip(statuses, bounds, strict=True):
        if status in policy.pause_statuses:
            inside = sla_elapsed(complaint, policy, start=since, end=until, calendar=CALENDAR)
            assert inside == timedelta()
    elapsed = sla_elapsed(
        complaint, policy, start=complaint.received_at, end=end, calendar=CALENDAR
    )
    paused = sla_paused(complaint, policy, start=complaint.received_at, end=end, calendar=CALENDAR)
    report = sla_status(complaint, policy, now=end, calendar=CALENDAR)
    assert report.resolve.elapsed_seconds == elapsed // timedelta(seconds=1)
    assert report.resolve.paused_seconds == paused // timedelta(seconds=1)
    assert elapsed + paused <= end - complaint.received_at


@given(complaints(with_pauses=False), POLICIES, gaps, gaps, gaps)
def test_adding_a_pause_never_moves_the_deadline_earlier(
    complaint: Complaint,
    policy: ComplaintPolicy,
    before: timedelta,
    length: timedelta,
    after: timedelta,
) -> None:
    """An open complaint that waited on the customer has a deadline no earlier than without."""
    if complaint.status is not ComplaintStatus.IN_PROGRESS:
        complaint = _in_progress(complaint)
    pause_start = complaint.last_changed_at + before
    paused = complaint.wait_on_customer(at=pause_start, by="AM")
    now = pause_start + length
    resumed = paused.start(at=now, by="AM")
    now += after
    plain = sla_status(complaint, policy, now=now, calendar=CALENDAR)
    for variant in (paused, resumed):
        report = sla_status(variant, policy, now=now, calendar=CALENDAR)
        assert report.resolve.deadline >= plain.resolve.deadline
        assert report.resolve.elapsed <= plain.resolve.elapsed


def _in_progress(complaint: Complaint) -> Complaint:
    """The same complaint, received and started at once (a fresh, legal path)."""
    fresh = attrs.evolve(complaint, status=ComplaintStatus.RECEIVED, steps=())
    moment = complaint.received_at
    return fresh.accept(at=moment, by="AM").start(at=moment, by="AM")


@given(complaints(), POLICIES, gaps, st.integers(min_value=0, max_value=20))
def test_adding_a_holiday_never_moves_the_deadline_earlier(
    complaint: Complaint, policy: ComplaintPolicy, extra: timedelta, offset: int
) -> None:
    """Closing one more day in the calendar never brings a deadline forward."""
    closed = complaint.received_at.date() + timedelta(days=offset)
    company = BusinessCalendar(closed_days=(closed,))
    now = _later(complaint, extra)
    before = sla_status(complaint, policy, now=now, calendar=CALENDAR)
    after = sla_status(complaint, policy, now=now, calendar=company)
    assert after.acknowledge.deadline >= before.acknowledge.deadline
    assert after.resolve.deadline >= before.resolve.deadline


@given(complaints(), st.sampled_from(list(ComplaintStatus)), instants)
def test_illegal_complaint_transitions_raise(
    complaint: Complaint, wanted: ComplaintStatus, moment: datetime
) -> None:
    """A move the status machine does not allow raises TransitionError and changes nothing."""
    moment = max(moment, complaint.last_changed_at)
    if wanted in COMPLAINT_TRANSITIONS[complaint.status]:
        assert complaint.transition(wanted, at=moment, by="AM").status is wanted
    else:
        with pytest.raises(TransitionError):
            complaint.transition(wanted, at=moment, by="AM")


# Complaints of one quarter, so that the open ones are not measured over a whole year.
QUARTER = st.builds(
    lambda minutes: datetime(2025, 4, 1, tzinfo=SHANGHAI) + timedelta(minutes=minutes),
    st.integers(min_value=0, max_value=90 * 24 * 60),
)


@given(st.lists(complaints(within=QUARTER), max_size=4, unique_by=lambda c: c.id), POLICIES)
def test_statistics_counts_partition_the_complaints(
    items: list[Complaint], policy: ComplaintPolicy
) -> None:
    """Counts by category and by severity each sum to the total; the rate lies in [0, 1]."""
    now = max((c.last_changed_at for c in items), default=datetime(2025, 4, 1, tzinfo=SHANGHAI))
    stats = complaint_statistics(items, policy, now=now, calendar=CALENDAR)
    assert sum(c.count for c in stats.by_category) == stats.total == len(items)
    assert sum(s.count for s in stats.by_severity) == stats.total
    assert stats.resolved_on_time <= stats.resolved
    if stats.on_time_rate is not None:
        assert 0 <= stats.on_time_rate <= 1
