"""Contacts with a customer: visits and revisits 拜访/回访, and services delivered 服务记录."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import attrs
from attrs import frozen

from keyaccount.domain.values import Identifier, LabelledEnum, identifier
from keyaccount.errors import ValidationError
from keyaccount.validation import (
    aware_datetime,
    each,
    instance_of,
    optional,
    plain_date,
    text,
    to_tuple,
)

__all__ = [
    "Channel",
    "Outcome",
    "Purpose",
    "Satisfaction",
    "ServiceKind",
    "ServiceRecord",
    "Visit",
]


class Channel(LabelledEnum):
    """Contact channel 联系方式 [seed 002 "电话、上门、短信、信函、电邮"; WeChat: default]."""

    PHONE = "phone", "电话"
    ON_SITE = "on-site", "上门"
    SMS = "sms", "短信"
    EMAIL = "email", "电邮"
    LETTER = "letter", "信函"
    WECHAT = "wechat", "微信"

    @property
    def is_message(self) -> bool:
        """True for written messages (SMS, e-mail, letter, WeChat), which need no conversation."""
        return self in _MESSAGES

    @property
    def strength(self) -> int:
        """How strong a contact is: on-site 2 > phone 1 > message 0 (used when merging)."""
        if self is Channel.ON_SITE:
            return 2
        return 1 if self is Channel.PHONE else 0


_MESSAGES = frozenset({Channel.SMS, Channel.EMAIL, Channel.LETTER, Channel.WECHAT})


class Purpose(LabelledEnum):
    """Why a customer is contacted [seed 002; seed 004 篇5/篇8]."""

    ROUTINE = "routine", "日常拜访"
    FIRST_CONTACT = "first-contact", "新分配客户首次沟通"
    SERVICE_REVISIT = "service-revisit", "售后回访"
    WARRANTY_CALLBACK = "warranty-callback", "保修期回访"
    HANDOVER_CALL = "handover-call", "交底回访"
    ACCEPTANCE_CALL = "acceptance-call", "验收回访"
    COMPLAINT_FOLLOW_UP = "complaint-follow-up", "投诉处理回访"
    HOLIDAY_GREETING = "holiday-greeting", "节日问候"
    HOLIDAY_VISIT = "holiday-visit", "节日走访"
    BIRTHDAY_CARE = "birthday-care", "生日关怀"
    BIRTHDAY_GIFT = "birthday-gift", "生日礼品"
    ACTIVE_SERVICE = "active-service", "主动服务回访"
    RETENTION = "retention", "客户挽留"
    COLLECTION = "collection", "催收货款"
    OTHER = "other", "其他"


class Outcome(LabelledEnum):
    """What came of a contact attempt."""

    REACHED = "reached", "已沟通"
    NO_ANSWER = "no-answer", "未接通"
    RESCHEDULED = "rescheduled", "另约时间"
    DECLINED = "declined", "客户拒绝"


class Satisfaction(LabelledEnum):
    """The customer's satisfaction answer in a revisit 满意度 [seed 002 回访内容]."""

    VERY_SATISFIED = "very-satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    NEUTRAL = "neutral", "一般"
    DISSATISFIED = "dissatisfied", "不满意"
    VERY_DISSATISFIED = "very-dissatisfied", "非常不满意"

    @property
    def score(self) -> int:
        """0–100 equivalent: 100, 80, 60, 40, 20."""
        return 100 - 20 * list(Satisfaction).index(self)


@frozen(kw_only=True)
class Visit:
    """A contact with a customer 拜访/回访: planned, and done once ``done_at`` is set.

    Fields:
        id: visit identifier.
        customer_id: the customer contacted.
        manager_id: the account manager (or agent) responsible.
        channel: phone, on-site, SMS, e-mail, letter or WeChat.
        purpose: why (routine visit, post-service revisit, complaint follow-up …).
        contact_id: the key person contacted, if any.
        planned_on: the planned day, if planned.
        window_start / window_end: the agreed time window (aware datetimes), if any.
        done_at: when the contact happened (aware); ``None`` while only planned.
        outcome: what came of it (reached, no answer, rescheduled, declined).
        questions: what was asked 回访内容 (evaluation of the company, suggestions …).
        answer: the customer's answer, kept short [seed 002].
        satisfaction: the customer's satisfaction answer.
        notes: free notes.
        reference_id: the service, complaint or contract this contact follows up, if any.
    """

    id: Identifier = attrs.field(validator=identifier(what="visit id"))
    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    purpose: Purpose = attrs.field(default=Purpose.ROUTINE, validator=instance_of(Purpose))
    contact_id: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="contact id"))
    )
    planned_on: date | None = attrs.field(default=None, validator=optional(plain_date))
    window_start: datetime | None = attrs.field(default=None, validator=optional(aware_datetime))
    window_end: datetime | None = attrs.field(default=None, validator=optional(aware_datetime))
    done_at: datetime | None = attrs.field(default=None, validator=optional(aware_datetime))
    outcome: Outcome | None = attrs.field(default=None, validator=optional(instance_of(Outcome)))
    questions: tuple[str, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(text(max_length=500))
    )
    answer: str | None = attrs.field(default=None, validator=optional(text(max_length=2000)))
    satisfaction: Satisfaction | None = attrs.field(
        default=None, validator=optional(instance_of(Satisfaction))
    )
    notes: str | None = attrs.field(default=None, validator=optional(text(max_length=2000)))
    reference_id: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="reference id"))
    )

    def __attrs_post_init__(self) -> None:
        if self.planned_on is None and self.done_at is None:
            raise ValidationError.of("planned_on", None, "a planned day or a done_at time")
        if (self.window_start is None) != (self.window_end is None):
            raise ValidationError.of(
                "window_end", self.window_end, "both window_start and window_end, or neither"
            )
        if (
            self.window_start is not None
            and self.window_end is not None
            and self.window_end <= self.window_start
        ):
            raise ValidationError.of(
                "window_end", self.window_end, f"a time after window_start ({self.window_start})"
            )
        if self.done_at is None and (self.outcome is not None or self.satisfaction is not None):
            raise ValidationError.of(
                "done_at", None, "a time, since an outcome or satisfaction is recorded"
            )

    @property
    def is_done(self) -> bool:
        """True once the contact happened."""
        return self.done_at is not None

    def done_on(self, zone: Any = None) -> date | None:
        """The day the contact happened, in ``zone`` (a tzinfo) or the datetime's own zone."""
        if self.done_at is None:
            return None
        return (self.done_at.astimezone(zone) if zone is not None else self.done_at).date()

    def complete(
        self,
        *,
        at: datetime,
        outcome: Outcome = Outcome.REACHED,
        questions: tuple[str, ...] = (),
        answer: str | None = None,
        satisfaction: Satisfaction | None = None,
        notes: str | None = None,
    ) -> Visit:
        """A copy recorded as done ``at`` with what was asked and answered."""
        return attrs.evolve(
            self,
            done_at=at,
            outcome=outcome,
            questions=questions or self.questions,
            answer=answer,
            satisfaction=satisfaction,
            notes=notes if notes is not None else self.notes,
        )

    def missing_record_fields(self) -> tuple[str, ...]:
        """Fields a complete revisit record still lacks 回访信息的完整记录 [seed 002].

        A done contact that reached the customer must record who (contact), when (done_at),
        channel, what was asked (questions), the answer and the satisfaction.
        """
        if self.done_at is None:
            return ("done_at",)
        if self.outcome is not Outcome.REACHED:
            return ()
        wanted = {
            "contact_id": self.contact_id,
            "questions": self.questions or None,
            "answer": self.answer,
            "satisfaction": self.satisfaction,
        }
        return tuple(name for name, value in wanted.items() if value is None)


class ServiceKind(LabelledEnum):
    """Kind of service delivered to a customer 服务类型."""

    INSTALLATION = "installation", "安装"
    REPAIR = "repair", "维修"
    MAINTENANCE = "maintenance", "保养"
    DELIVERY = "delivery", "送货"
    CONSULTATION = "consultation", "咨询"
    OTHER = "other", "其他"


@frozen(kw_only=True)
class ServiceRecord:
    """A service delivered to a customer 服务记录 — it triggers a revisit [seed 002].

    Fields:
        id: service identifier.
        customer_id: the customer served.
        delivered_at: when the service was completed (aware datetime).
        kind: installation, repair, maintenance, delivery, consultation or other.
        staff_id: who delivered it, if known.
        description: what was done.
    """

    id: Identifier = attrs.field(validator=identifier(what="service id"))
    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    delivered_at: datetime = attrs.field(validator=aware_datetime)
    kind: ServiceKind = attrs.field(default=ServiceKind.OTHER, validator=instance_of(ServiceKind))
    staff_id: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="staff id"))
    )
    description: str | None = attrs.field(default=None, validator=optional(text(max_length=2000)))
