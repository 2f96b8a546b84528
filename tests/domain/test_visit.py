"""Visits and revisits, and the services that trigger them."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from keyaccount.domain.visit import (
    Channel,
    Outcome,
    Purpose,
    Satisfaction,
    ServiceKind,
    ServiceRecord,
    Visit,
)
from keyaccount.errors import ValidationError

SHANGHAI = ZoneInfo("Asia/Shanghai")
MORNING = datetime(2025, 3, 4, 9, 30, tzinfo=SHANGHAI)
NOON = datetime(2025, 3, 4, 12, 0, tzinfo=SHANGHAI)


def _visit(**changes: object) -> Visit:
    fields: dict[str, object] = {
        "id": "V-1",
        "customer_id": "C-1",
        "manager_id": "M-1",
        "channel": Channel.PHONE,
        "planned_on": date(2025, 3, 4),
    }
    fields.update(changes)
    return Visit(**fields)  # type: ignore[arg-type]


def test_planned_visit_defaults() -> None:
    """A planned visit is a routine contact, not done yet."""
    visit = _visit()
    assert visit.purpose is Purpose.ROUTINE
    assert not visit.is_done
    assert visit.done_on() is None


def test_visit_needs_a_plan_or_a_time() -> None:
    """A visit is either planned for a day or done at a time."""
    with pytest.raises(ValidationError) as caught:
        _visit(planned_on=None)
    assert str(caught.value) == "planned_on: expected a planned day or a done_at time, got None"


def test_done_at_must_be_aware() -> None:
    """A naive datetime is refused: datetimes carry their zone."""
    with pytest.raises(ValidationError) as caught:
        _visit(done_at=datetime(2025, 3, 4, 9, 30))
    assert str(caught.value) == (
        "done_at: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 4, 9, 30)"
    )


def test_planned_on_is_a_plain_date() -> None:
    """The planned day is a date, not a datetime."""
    with pytest.raises(ValidationError) as caught:
        _visit(planned_on=datetime(2025, 3, 4))
    assert (
        str(caught.value) == "planned_on: expected a date, got datetime.datetime(2025, 3, 4, 0, 0)"
    )


def test_channel_is_the_enum() -> None:
    """The channel is a Channel member."""
    with pytest.raises(ValidationError) as caught:
        _visit(channel="phone")
    assert str(caught.value) == "channel: expected a Channel, got 'phone'"


def test_window_needs_both_ends() -> None:
    """A time window has a start and an end, or neither."""
    with pytest.raises(ValidationError) as caught:
        _visit(window_start=MORNING)
    assert (
        str(caught.value)
        == "window_end: expected both window_start and window_end, or neither, got None"
    )


def test_window_end_after_start() -> None:
    """The window ends after it starts."""
    with pytest.raises(ValidationError) as caught:
        _visit(window_start=NOON, window_end=MORNING)
    assert caught.value.paths == ["window_end"]
    assert str(caught.value).startswith(
        "window_end: expected a time after window_start (2025-03-04 12:00:00+08:00), got "
    )
    assert _visit(window_start=MORNING, window_end=NOON).window_end == NOON


def test_outcome_only_once_done() -> None:
    """An outcome or a satisfaction answer needs a done_at time."""
    with pytest.raises(ValidationError) as caught:
        _visit(outcome=Outcome.REACHED)
    assert str(caught.value) == (
        "done_at: expected a time, since an outcome or satisfaction is recorded, got None"
    )


def test_questions_are_non_blank_texts() -> None:
    """Questions are kept as a tuple; a blank one is reported with its index."""
    assert _visit(questions=["对公司的评价?"]).questions == ("对公司的评价?",)
    with pytest.raises(ValidationError) as caught:
        _visit(questions=["ok", " "])
    assert str(caught.value) == (
        "questions[1]: expected a non-blank text of at most 500 characters, got ' '"
    )


def test_complete_records_what_was_asked_and_answered() -> None:
    """``complete`` returns a done copy with outcome, questions, answer and satisfaction."""
    done = _visit(contact_id="P-1").complete(
        at=MORNING,
        questions=("对公司的评价", "对产品和服务的建议"),
        answer="满意, 希望加快交付",
        satisfaction=Satisfaction.SATISFIED,
    )
    assert done.is_done
    assert done.outcome is Outcome.REACHED
    assert done.done_on() == date(2025, 3, 4)
    assert done.missing_record_fields() == ()


def test_done_on_in_another_zone() -> None:
    """The day a contact happened depends on the zone it is read in."""
    late = _visit(done_at=datetime(2025, 3, 4, 20, 0, tzinfo=UTC))
    assert late.done_on() == date(2025, 3, 4)
    assert late.done_on(SHANGHAI) == date(2025, 3, 5)


def test_complete_refuses_a_naive_time() -> None:
    """Completing with a naive datetime is refused like construction."""
    with pytest.raises(ValidationError) as caught:
        _visit().complete(at=datetime(2025, 3, 4, 9, 30))
    assert caught.value.paths == ["done_at"]


def test_revisit_record_must_be_complete() -> None:
    """A reached revisit records who, when, channel, what was asked, answer, satisfaction.

    必须保证回访信息的完整记录 [seed 002].
    """
    assert _visit().missing_record_fields() == ("done_at",)
    reached = _visit().complete(at=MORNING)
    assert reached.missing_record_fields() == ("contact_id", "questions", "answer", "satisfaction")
    unanswered = _visit().complete(at=MORNING, outcome=Outcome.NO_ANSWER)
    assert unanswered.missing_record_fields() == ()


def test_channel_facts() -> None:
    """Messages need no conversation; on-site is stronger than phone, phone than a message."""
    assert [c.value for c in Channel if c.is_message] == ["sms", "email", "letter", "wechat"]
    assert Channel.ON_SITE.strength > Channel.PHONE.strength > Channel.SMS.strength
    assert Channel.ON_SITE.label_zh == "上门"


def test_satisfaction_scores() -> None:
    """Satisfaction answers map to 100, 80, 60, 40, 20."""
    assert [s.score for s in Satisfaction] == [100, 80, 60, 40, 20]


def test_service_record() -> None:
    """A service record needs an aware delivery time; kind defaults to other."""
    record = ServiceRecord(id="S-1", customer_id="C-1", delivered_at=MORNING)
    assert record.kind is ServiceKind.OTHER
    with pytest.raises(ValidationError) as caught:
        ServiceRecord(id="S-1", customer_id="C-1", delivered_at=datetime(2025, 3, 4))
    assert str(caught.value) == (
        "delivered_at: expected a timezone-aware datetime, got datetime.datetime(2025, 3, 4, 0, 0)"
    )
