"""Complaints and their status machine [seed 004 客户投诉管理]."""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from keyaccount.domain.complaint import (
    COMPLAINT_TRANSITIONS,
    Complaint,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintStatus,
    ComplaintStep,
    Severity,
)
from keyaccount.errors import TransitionError, ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)
S = ComplaintStatus


def _at(hours: float) -> datetime:
    return RECEIVED + timedelta(hours=hours)


def _complaint(**changes: object) -> Complaint:
    fields: dict[str, object] = {
        "id": "K-1",
        "customer_id": "C-1",
        "received_at": RECEIVED,
        "responsible_id": "M-1",
    }
    fields.update(changes)
    return Complaint(**fields)  # type: ignore[arg-type]


def test_new_complaint_is_received_and_open() -> None:
    """A complaint starts received, open, with no steps; category and severity default."""
    complaint = _complaint()
    assert complaint.status is S.RECEIVED
    assert complaint.is_open
    assert complaint.steps == ()
    assert complaint.channel is ComplaintChannel.PHONE
    assert complaint.category is ComplaintCategory.OTHER
    assert complaint.severity is Severity.GENERAL
    assert complaint.last_changed_at == RECEIVED
    assert complaint.acknowledged_at is None


def test_received_at_must_be_aware() -> None:
    """The SLA clock starts at an aware time; a naive one is refused."""
    with pytest.raises(ValidationError) as caught:
        _complaint(received_at=datetime(2025, 3, 3, 9, 0))
    assert str(caught.value) == (
        "received_at: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 3, 9, 0)"
    )


def test_valid_complaint_is_handled_revisited_and_closed() -> None:
    """Judged valid, handled, resolved, revisited, closed [seed 004 客户投诉管理; 篇8]."""
    complaint = (
        _complaint()
        .accept(at=_at(1), by="M-1", note="投诉成立")
        .start(at=_at(2), by="M-1")
        .resolve(at=_at(20), by="M-1")
        .record_revisit(at=_at(30), by="M-1", note="客户满意")
        .close(at=_at(31), by="M-1")
    )
    assert complaint.status is S.CLOSED
    assert not complaint.is_open
    assert [s.status for s in complaint.steps] == [
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.RESOLVED,
        S.REVISITED,
        S.CLOSED,
    ]
    assert complaint.acknowledged_at == _at(1)
    assert complaint.resolved_at == _at(20)
    assert complaint.first_time(S.REVISITED) == _at(30)
    assert complaint.first_time(S.ESCALATED) is None
    assert complaint.last_changed_at == _at(31)
    assert complaint.steps[0] == ComplaintStep(
        status=S.ACCEPTED, at=_at(1), actor_id="M-1", note="投诉成立"
    )


def test_rejected_complaint_closes_at_once() -> None:
    """A complaint judged not valid 投诉不成立 may close straight away."""
    complaint = _complaint().reject(at=_at(1), by="M-1", note="reason").close(at=_at(1), by="M-1")
    assert complaint.status is S.CLOSED
    assert complaint.resolved_at is None


def test_escalation_names_the_new_responsible_person() -> None:
    """What the department cannot solve goes up; the superior becomes responsible [seed 004 篇5]."""
    complaint = _complaint().accept(at=_at(1), by="M-1").escalate(at=_at(2), by="M-1", to="GM")
    assert complaint.status is S.ESCALATED
    assert complaint.responsible_id == "GM"
    assert complaint.steps[-1].assignee_id == "GM"
    assert complaint.is_open


def test_waiting_on_the_customer_and_reopening() -> None:
    """Handling may wait on the customer; an unhappy revisit reopens the complaint."""
    complaint = (
        _complaint()
        .accept(at=_at(1), by="M-1")
        .start(at=_at(1), by="M-1")
        .wait_on_customer(at=_at(2), by="M-1")
        .start(at=_at(5), by="M-1")
        .resolve(at=_at(6), by="M-1")
        .record_revisit(at=_at(8), by="M-1", note="不满意")
        .start(at=_at(9), by="M-1")
        .resolve(at=_at(12), by="M-1")
    )
    assert complaint.status is S.RESOLVED
    assert complaint.resolved_at == _at(12)
    assert complaint.first_time(S.RESOLVED) == _at(6)


def test_closing_an_unhandled_complaint_is_refused() -> None:
    """Closing a complaint that was never handled names current, requested and allowed states."""
    complaint = _complaint()
    with pytest.raises(TransitionError) as caught:
        complaint.close(at=_at(1), by="M-1")
    assert str(caught.value) == (
        "complaint K-1 cannot go from 'received' to 'closed'; allowed from 'received': "
        "accepted, rejected"
    )
    assert caught.value.allowed == (S.ACCEPTED, S.REJECTED)
    assert complaint == _complaint()


def test_closed_is_final() -> None:
    """Nothing leaves the closed state."""
    closed = _complaint().reject(at=_at(1), by="M-1").close(at=_at(2), by="M-1")
    with pytest.raises(TransitionError) as caught:
        closed.start(at=_at(3), by="M-1")
    assert str(caught.value) == (
        "complaint K-1 cannot go from 'closed' to 'in-progress'; allowed from 'closed': "
        "none (final state)"
    )


def test_steps_cannot_go_back_in_time() -> None:
    """A step before the previous one (or before receipt) is refused."""
    with pytest.raises(ValidationError) as caught:
        _complaint().accept(at=_at(-1), by="M-1")
    assert caught.value.paths == ["at"]
    assert str(caught.value).startswith("at: expected a time at or after 2025-03-03 09:00:00+08:00")
    accepted = _complaint().accept(at=_at(2), by="M-1")
    with pytest.raises(ValidationError, match=r"^at: expected a time at or after 2025-03-03 11:00"):
        accepted.start(at=_at(1), by="M-1")


def test_step_time_must_be_aware() -> None:
    """A naive step time is refused."""
    with pytest.raises(ValidationError) as caught:
        _complaint().accept(at=datetime(2025, 3, 3, 10, 0), by="M-1")
    assert str(caught.value) == (
        "at: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 3, 10, 0)"
    )


def test_status_without_steps_must_be_received() -> None:
    """A complaint built with a later status must carry the steps that led there."""
    with pytest.raises(ValidationError) as caught:
        _complaint(status=S.CLOSED)
    assert str(caught.value) == "status: expected 'received' when no steps exist, got 'closed'"


def test_status_must_match_the_last_step() -> None:
    """The status is the last step's status."""
    steps = [ComplaintStep(status=S.ACCEPTED, at=_at(1), actor_id="M-1")]
    with pytest.raises(ValidationError) as caught:
        _complaint(status=S.RECEIVED, steps=steps)
    assert str(caught.value) == "status: expected 'accepted', the last step, got 'received'"


def test_recorded_steps_must_follow_the_table() -> None:
    """Steps loaded from data must be legal transitions, one after the other."""
    steps = [
        ComplaintStep(status=S.ACCEPTED, at=_at(1), actor_id="M-1"),
        ComplaintStep(status=S.CLOSED, at=_at(2), actor_id="M-1"),
    ]
    with pytest.raises(ValidationError) as caught:
        _complaint(status=S.CLOSED, steps=steps)
    assert str(caught.value) == (
        "steps[1].status: expected a status reachable from 'accepted', got 'closed'"
    )


def test_recorded_steps_are_in_time_order() -> None:
    """Loaded steps run forward in time and start at or after receipt."""
    early = [ComplaintStep(status=S.ACCEPTED, at=_at(-1), actor_id="M-1")]
    with pytest.raises(ValidationError) as caught:
        _complaint(status=S.ACCEPTED, steps=early)
    assert caught.value.paths == ["steps[0].at"]
    backwards = [
        ComplaintStep(status=S.ACCEPTED, at=_at(2), actor_id="M-1"),
        ComplaintStep(status=S.IN_PROGRESS, at=_at(1), actor_id="M-1"),
    ]
    with pytest.raises(ValidationError) as caught:
        _complaint(status=S.IN_PROGRESS, steps=backwards)
    assert caught.value.paths == ["steps[1].at"]


def test_every_status_is_reachable_and_can_reach_closed() -> None:
    """The table has no orphan state and no dead end except closed."""

    def reachable(start: ComplaintStatus) -> set[ComplaintStatus]:
        seen, todo = {start}, deque([start])
        while todo:
            for following in COMPLAINT_TRANSITIONS[todo.popleft()]:
                if following not in seen:
                    seen.add(following)
                    todo.append(following)
        return seen

    assert reachable(S.RECEIVED) == set(ComplaintStatus)
    assert all(S.CLOSED in reachable(status) for status in ComplaintStatus)
    assert COMPLAINT_TRANSITIONS[S.CLOSED] == frozenset()


def test_open_states() -> None:
    """Open means not yet resolved, rejected or closed."""
    open_states = {s for s in ComplaintStatus if _open(s)}
    assert open_states == {
        S.RECEIVED,
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.WAITING_ON_CUSTOMER,
        S.ESCALATED,
    }


def _open(status: ComplaintStatus) -> bool:
    """Whether a complaint brought to ``status`` by a legal path is open."""
    paths = {
        S.RECEIVED: [],
        S.ACCEPTED: [S.ACCEPTED],
        S.REJECTED: [S.REJECTED],
        S.IN_PROGRESS: [S.ACCEPTED, S.IN_PROGRESS],
        S.WAITING_ON_CUSTOMER: [S.ACCEPTED, S.IN_PROGRESS, S.WAITING_ON_CUSTOMER],
        S.ESCALATED: [S.ACCEPTED, S.ESCALATED],
        S.RESOLVED: [S.ACCEPTED, S.ESCALATED, S.RESOLVED],
        S.REVISITED: [S.ACCEPTED, S.ESCALATED, S.RESOLVED, S.REVISITED],
        S.CLOSED: [S.REJECTED, S.CLOSED],
    }
    complaint = _complaint()
    for hour, step in enumerate(paths[status], 1):
        complaint = complaint.transition(step, at=_at(hour), by="M-1")
    assert complaint.status is status
    return complaint.is_open


def test_labels() -> None:
    """Statuses and severities carry their Chinese labels."""
    assert S.ACCEPTED.label_zh == "投诉成立"
    assert Severity.MAJOR.label_zh == "重大"
