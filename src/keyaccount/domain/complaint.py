"""Customer complaints 客户投诉 and their status machine [seed 004 客户投诉管理].

A complaint is received (written or oral), recorded, judged valid or not 判断投诉理由是否成立,
handled by a named responsible person 责任到人, escalated when the department cannot solve it,
resolved, revisited for feedback and closed.  Every step records its time and actor.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import attrs
from attrs import frozen

from keyaccount.domain.transitions import check_transition, renamed
from keyaccount.domain.values import Identifier, LabelledEnum, identifier
from keyaccount.errors import ValidationError
from keyaccount.validation import aware_datetime, each, instance_of, optional, text, to_tuple

__all__ = [
    "COMPLAINT_TRANSITIONS",
    "Complaint",
    "ComplaintCategory",
    "ComplaintChannel",
    "ComplaintStatus",
    "ComplaintStep",
    "Severity",
]


class ComplaintChannel(LabelledEnum):
    """How a complaint arrived [seed 004: 书面或口头, 电话、网络、来访]."""

    PHONE = "phone", "电话"
    WEB = "web", "网络"
    VISIT = "visit", "来访"
    LETTER = "letter", "书面"
    EMAIL = "email", "电邮"
    ORAL = "oral", "口头"


class ComplaintCategory(LabelledEnum):
    """Complaint category 投诉分类 [default: the handbook names the standard, not its content]."""

    PRODUCT_QUALITY = "product-quality", "产品质量"
    DELIVERY = "delivery", "交付物流"
    SERVICE_ATTITUDE = "service-attitude", "服务态度"
    BILLING = "billing", "价格账务"
    TECHNICAL_SUPPORT = "technical-support", "技术支持"
    AFTER_SALES = "after-sales", "售后维修"
    OTHER = "other", "其他"


class Severity(LabelledEnum):
    """Complaint severity 严重程度 [default], least severe first."""

    GENERAL = "general", "一般"
    SERIOUS = "serious", "严重"
    MAJOR = "major", "重大"


class ComplaintStatus(LabelledEnum):
    """Where a complaint stands in its handling [seed 004 客户投诉管理]."""

    RECEIVED = "received", "已受理"
    ACCEPTED = "accepted", "投诉成立"
    REJECTED = "rejected", "投诉不成立"
    IN_PROGRESS = "in-progress", "处理中"
    WAITING_ON_CUSTOMER = "waiting-on-customer", "等待客户"
    ESCALATED = "escalated", "已上报"
    RESOLVED = "resolved", "已解决"
    REVISITED = "revisited", "已回访"
    CLOSED = "closed", "已关闭"


_S = ComplaintStatus
COMPLAINT_TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    _S.RECEIVED: frozenset({_S.ACCEPTED, _S.REJECTED}),
    _S.ACCEPTED: frozenset({_S.IN_PROGRESS, _S.ESCALATED}),
    _S.REJECTED: frozenset({_S.CLOSED}),
    _S.IN_PROGRESS: frozenset({_S.WAITING_ON_CUSTOMER, _S.ESCALATED, _S.RESOLVED}),
    _S.WAITING_ON_CUSTOMER: frozenset({_S.IN_PROGRESS, _S.ESCALATED}),
    _S.ESCALATED: frozenset({_S.IN_PROGRESS, _S.RESOLVED}),
    _S.RESOLVED: frozenset({_S.REVISITED, _S.IN_PROGRESS}),
    _S.REVISITED: frozenset({_S.CLOSED, _S.IN_PROGRESS}),
    _S.CLOSED: frozenset(),
}
"""Allowed status changes.  A rejected complaint closes at once; a valid one must be handled,
resolved and revisited before it closes; a revisit with an unhappy customer reopens it."""

_OPEN = frozenset({_S.RECEIVED, _S.ACCEPTED, _S.IN_PROGRESS, _S.WAITING_ON_CUSTOMER, _S.ESCALATED})


@frozen(kw_only=True)
class ComplaintStep:
    """One recorded status change: to ``status``, ``at`` a time, by ``actor_id``, with a note."""

    status: ComplaintStatus = attrs.field(validator=instance_of(ComplaintStatus))
    at: datetime = attrs.field(validator=aware_datetime)
    actor_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    note: str | None = attrs.field(default=None, validator=optional(text(max_length=2000)))
    assignee_id: Identifier | None = attrs.field(
        default=None, validator=optional(identifier(what="staff id"))
    )


def _steps(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(ComplaintStep), container="steps")(instance, attribute, value)
    for index in range(1, len(value)):
        if value[index].at < value[index - 1].at:
            raise ValidationError.of(
                f"steps[{index}].at", value[index].at, f"a time at or after {value[index - 1].at}"
            )


@frozen(kw_only=True)
class Complaint:
    """A customer complaint 客户投诉.

    Fields:
        id: complaint identifier.
        customer_id: who complained.
        received_at: when it was received (aware datetime); the SLA clock starts here.
        responsible_id: the person responsible for handling it 责任到人 [seed 004 篇5].
        channel: phone, web, visit, letter, e-mail or oral.
        category: product quality, delivery, service attitude … [default list].
        severity: general 一般, serious 严重 or major 重大 [default].
        description: what the customer said.
        status: the current status; changed only through the transition methods.
        steps: every status change after receipt, oldest first (time, actor, note).

    Transitions return a new complaint; an illegal one raises
    :class:`~keyaccount.errors.TransitionError` and leaves this one unchanged.
    """

    id: Identifier = attrs.field(validator=identifier(what="complaint id"))
    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    received_at: datetime = attrs.field(validator=aware_datetime)
    responsible_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    channel: ComplaintChannel = attrs.field(
        default=ComplaintChannel.PHONE, validator=instance_of(ComplaintChannel)
    )
    category: ComplaintCategory = attrs.field(
        default=ComplaintCategory.OTHER, validator=instance_of(ComplaintCategory)
    )
    severity: Severity = attrs.field(default=Severity.GENERAL, validator=instance_of(Severity))
    description: str | None = attrs.field(default=None, validator=optional(text(max_length=4000)))
    status: ComplaintStatus = attrs.field(
        default=ComplaintStatus.RECEIVED, validator=instance_of(ComplaintStatus)
    )
    steps: tuple[ComplaintStep, ...] = attrs.field(default=(), converter=to_tuple, validator=_steps)

    def __attrs_post_init__(self) -> None:
        if self.steps:
            if self.steps[0].at < self.received_at:
                raise ValidationError.of(
                    "steps[0].at", self.steps[0].at, f"a time at or after {self.received_at}"
                )
            if self.steps[-1].status is not self.status:
                raise ValidationError.of(
                    "status", self.status.value, f"{self.steps[-1].status.value!r}, the last step"
                )
            previous = ComplaintStatus.RECEIVED
            for index, step in enumerate(self.steps):
                if step.status not in COMPLAINT_TRANSITIONS[previous]:
                    raise ValidationError.of(
                        f"steps[{index}].status",
                        step.status.value,
                        f"a status reachable from {previous.value!r}",
                    )
                previous = step.status
        elif self.status is not ComplaintStatus.RECEIVED:
            raise ValidationError.of("status", self.status.value, "'received' when no steps exist")

    # -- facts

    @property
    def is_open(self) -> bool:
        """True until the complaint is resolved, rejected or closed."""
        return self.status in _OPEN

    @property
    def last_changed_at(self) -> datetime:
        """The time of the latest step (the receipt time when there is none)."""
        return self.steps[-1].at if self.steps else self.received_at

    def first_time(self, status: ComplaintStatus) -> datetime | None:
        """When the complaint first entered ``status`` (``None`` if never)."""
        for step in self.steps:
            if step.status is status:
                return step.at
        return None

    @property
    def resolved_at(self) -> datetime | None:
        """When it was (last) resolved, or ``None``."""
        for step in reversed(self.steps):
            if step.status is ComplaintStatus.RESOLVED:
                return step.at
        return None

    @property
    def acknowledged_at(self) -> datetime | None:
        """When it was judged valid or not (the first step), or ``None``."""
        return self.steps[0].at if self.steps else None

    # -- transitions

    def transition(
        self,
        status: ComplaintStatus,
        *,
        at: datetime,
        by: str,
        note: str | None = None,
        assignee_id: str | None = None,
    ) -> Complaint:
        """A copy moved to ``status`` at ``at`` by ``by``; illegal moves raise TransitionError."""
        check_transition(f"complaint {self.id}", COMPLAINT_TRANSITIONS, self.status, status)
        try:
            step = ComplaintStep(
                status=status, at=at, actor_id=by, note=note, assignee_id=assignee_id
            )
        except ValidationError as error:
            raise renamed(error, {"actor_id": "by"}) from None
        if step.at < self.last_changed_at:
            raise ValidationError.of("at", at, f"a time at or after {self.last_changed_at}")
        responsible = assignee_id if assignee_id is not None else self.responsible_id
        return attrs.evolve(
            self, status=status, steps=(*self.steps, step), responsible_id=responsible
        )

    def accept(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Judge the complaint valid 投诉成立."""
        return self.transition(ComplaintStatus.ACCEPTED, at=at, by=by, note=note)

    def reject(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Judge the complaint not valid 投诉不成立 (a reason belongs in ``note``)."""
        return self.transition(ComplaintStatus.REJECTED, at=at, by=by, note=note)

    def start(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Start (or resume) handling."""
        return self.transition(ComplaintStatus.IN_PROGRESS, at=at, by=by, note=note)

    def wait_on_customer(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Wait for the customer (the SLA clock may pause, as the policy says)."""
        return self.transition(ComplaintStatus.WAITING_ON_CUSTOMER, at=at, by=by, note=note)

    def escalate(self, *, at: datetime, by: str, to: str, note: str | None = None) -> Complaint:
        """Pass the complaint up to ``to``, who becomes responsible [seed 004 篇5]."""
        try:
            return self.transition(
                ComplaintStatus.ESCALATED, at=at, by=by, note=note, assignee_id=to
            )
        except ValidationError as error:
            raise renamed(error, {"assignee_id": "to"}) from None

    def resolve(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Record the complaint as solved."""
        return self.transition(ComplaintStatus.RESOLVED, at=at, by=by, note=note)

    def record_revisit(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Record the revisit after resolution 处理结果回访 [seed 004 篇8]."""
        return self.transition(ComplaintStatus.REVISITED, at=at, by=by, note=note)

    def close(self, *, at: datetime, by: str, note: str | None = None) -> Complaint:
        """Close the complaint; only rejected or revisited complaints may close."""
        return self.transition(ComplaintStatus.CLOSED, at=at, by=by, note=note)
