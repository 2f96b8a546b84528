"""Revisit scheduling 拜访/回访计划: who must be contacted, when, how and why — and what is overdue.

Given a customer, its history (:class:`~keyaccount.domain.portfolio.CustomerHistory`: visits
done, services delivered, complaints, contracts) and a business calendar, a
:class:`SchedulingPolicy` produces the customer's **touchpoints** 触点 for a range of days
(:func:`plan_touchpoints`), or those of a whole portfolio with the managers' daily capacity
respected (:func:`plan_portfolio`); :func:`overdue` lists what should have happened and did
not; :func:`monthly_plan_deadline` gives the day next month's plans are due.

**The rules** (SPEC §3.2; each is one field of the policy, presets at the end of this module):

1. *cadence* 分级拜访 — contacts by grade, counted from the last contact at least as strong;
2. *first-contact* 首次沟通 — a newly assigned customer is contacted within a week;
3. *service-revisit* 售后回访 — within 3 working days after a service;
4. *warranty* 保修期回访 — a call within 3 working hours of handover, within 3 working days of
   acceptance, then every 3 months of the warranty, at least 3 such calls;
5. *complaint-revisit* 投诉处理回访 — within 3 working days after a complaint is resolved;
6. *festival* 节日问候 — greetings to every key person on the four festivals, and an on-site
   visit to grade A customers in the working days before Spring Festival and Mid-Autumn;
7. *birthday* 生日关怀 — a message on a key person's birthday and a gift on the last working
   day before it (or on it);
8. *active-service* 主动服务 — installed-base customers are called every quarter;
9. *retention* 客户挽留 — an at-risk customer is contacted within 2 working days;
10. *courtesy* — calls and visits only on working days in working hours; messages (and the
    channels the policy names) may go on rest days, never at night;
11. *de-duplication* — one customer is contacted at most once a day: touchpoints of the same
    day merge, keeping the strongest channel (on-site > phone > message) and every reason;
    a reason whose hours share no time with the day's strongest moves to its next usable day
    within its deadline;
12. *capacity* — at most N on-site visits per manager per day; what cannot be moved within
    its window is reported as a conflict, never dropped.

**Windows.**  Every reason has an *earliest* day, a *due* day (the day planned) and a
*deadline* (the last day that counts; rules counted in working hours also have an exact
``deadline_at``).  Event rules are due on their earliest day; recurring rules (cadence, active
service, warranty calls) are due on their deadline, the latest day that keeps the cadence.
A touchpoint's day is always allowed for its channel, and its time window lies in the hours
the channel may use that day.

**Matching contact.**  A reason is *met* by a done :class:`~keyaccount.domain.visit.Visit` of
the same customer when

* it was done on a day from the reason's earliest day to its deadline, not after
  ``deadline_at`` and not before the triggering instant (the service, the resolution of the
  complaint, the handover);
* its channel is at least as strong as the reason's (``Channel.strength``: on-site 2 >
  phone 1 > messages 0) — a visit meets a phone reason, a message never meets a call;
* it names the same key person, or none (a contact recorded without a key person counts for
  every key person); and it refers to the same service, complaint or contract, or to none.

The recorded *purpose* does not decide: one conversation covers every reason due that day,
which is why touchpoints merge (rule 11), and recording a merged touchpoint once meets all its
reasons.  To tie a contact to one event, record the event's id in ``Visit.reference_id``.

**Recurring rules** are chains: from the last matching contact before the range (else the
assignment day), the next contact is due one interval later, moved back to an allowed day so
that the gap never exceeds the interval.  A contact done in the window restarts the chain; a
contact already planned for another reason in the window carries the recurring reason too
(the plan shows both); otherwise a touchpoint is planned at the end of the window.  A chain
whose first due day is already past when the range starts plans a catch-up on the first
allowed day of the range.  Recurring rules are planned strongest channel first, then most
frequent first, so that a sparse rule rides on the contacts of a dense one.

Nothing here reads the clock: the range (``start``, ``end``) and ``today`` are parameters.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from typing import Any, ClassVar

import attrs
from attrs import frozen
from dateutil.relativedelta import relativedelta

from keyaccount._text import counted
from keyaccount.calendar import (
    CHINA_CALENDAR,
    LAST_YEAR,
    BusinessCalendar,
    Festival,
    check_day,
    clock_instants,
)
from keyaccount.domain.complaint import Complaint, ComplaintStatus
from keyaccount.domain.contract import Contract
from keyaccount.domain.customer import Contact, Customer, CustomerStatus
from keyaccount.domain.portfolio import CustomerHistory
from keyaccount.domain.values import Grade, LabelledEnum
from keyaccount.domain.visit import Channel, Purpose, ServiceRecord, Visit
from keyaccount.errors import PolicyError, Problem, ValidationError
from keyaccount.policies._collector import collector_paused
from keyaccount.validation import between, each, fail, instance_of, optional, text

__all__ = [
    "SEED_ACTIVE_SERVICE",
    "SEED_BIRTHDAY",
    "SEED_CADENCE",
    "SEED_CAPACITY",
    "SEED_COMPLAINT_REVISIT",
    "SEED_COURTESY",
    "SEED_FESTIVAL",
    "SEED_FIRST_CONTACT",
    "SEED_RETENTION",
    "SEED_SCHEDULING",
    "SEED_SERVICE_REVISIT",
    "SEED_WARRANTY",
    "ActiveServiceRule",
    "BirthdayRule",
    "Cadence",
    "CadenceRule",
    "CapacityConflict",
    "CapacityRule",
    "CourtesyRule",
    "CustomerPlan",
    "DailyHours",
    "DeadlineRule",
    "FestivalRule",
    "OverdueItem",
    "OverdueReport",
    "PortfolioPlan",
    "Reason",
    "ScheduleRule",
    "SchedulingPolicy",
    "ServiceRevisitRule",
    "Span",
    "SpanUnit",
    "Touchpoint",
    "WarrantyRule",
    "monthly_plan_deadline",
    "overdue",
    "plan_portfolio",
    "plan_touchpoints",
]

_DAY = timedelta(days=1)
_MIDNIGHT = time(0, 0)


# ------------------------------------------------------------------------------ vocabulary


class ScheduleRule(LabelledEnum):
    """The rule that produced a reason to contact a customer (SPEC §3.2, rules 1–9 and 11).

    Declared in the order of the rules; when merged reasons use equally strong channels, the
    first in this order gives the touchpoint its purpose.
    """

    CADENCE = "cadence", "分级拜访"
    FIRST_CONTACT = "first-contact", "新分配客户首次沟通"
    SERVICE_REVISIT = "service-revisit", "售后回访"
    WARRANTY = "warranty", "保修期回访"
    COMPLAINT_REVISIT = "complaint-revisit", "投诉处理回访"
    FESTIVAL = "festival", "节日问候"
    BIRTHDAY = "birthday", "生日关怀"
    ACTIVE_SERVICE = "active-service", "主动服务"
    RETENTION = "retention", "客户挽留"


_RULE_ORDER = {rule: index for index, rule in enumerate(ScheduleRule)}


class SpanUnit(LabelledEnum):
    """The unit of a :class:`Span` 时长单位."""

    WORKING_HOUR = "working-hour", "工作小时"
    WORKING_DAY = "working-day", "工作日"
    DAY = "day", "自然日"
    WEEK = "week", "周"
    MONTH = "month", "月"


_CALENDAR_UNITS = (SpanUnit.DAY, SpanUnit.WEEK, SpanUnit.MONTH)
_NOMINAL_DAYS = {SpanUnit.DAY: 1, SpanUnit.WEEK: 7, SpanUnit.MONTH: 30}


@frozen(kw_only=True)
class Span:
    """A length of time 时长: ``count`` working hours, working days, days, weeks or months.

    How a span is counted from a trigger:

    * working hours — :meth:`BusinessCalendar.add_working_hours` from the triggering instant
      (lunch, nights and rest days do not count);
    * working days — :meth:`BusinessCalendar.add_working_days` from the triggering day: from
      a working day, the n-th working day after it; from a rest day, counting starts on the
      next working day;
    * days, weeks, months — calendar arithmetic (``relativedelta``: 31 January + 1 month is
      28 or 29 February).  A deadline so computed that falls on a day the channel may not
      use moves to the next day it may.

    ``count`` is a whole number from 1 to 1000.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    count: int = attrs.field(validator=between(1, 1000))
    unit: SpanUnit = attrs.field(validator=instance_of(SpanUnit))

    @property
    def nominal_days(self) -> int:
        """Length in days for comparing cadences: a week is 7 days, a month 30."""
        return self.count * _NOMINAL_DAYS.get(self.unit, 1)

    def relative(self) -> relativedelta:
        """The span as a ``relativedelta`` (calendar units only)."""
        if self.unit is SpanUnit.MONTH:
            return relativedelta(months=self.count)
        if self.unit is SpanUnit.WEEK:
            return relativedelta(weeks=self.count)
        return relativedelta(days=self.count)

    def __str__(self) -> str:
        word = self.unit.value.replace("-", " ")
        return counted(self.count, word)


def _span(*units: SpanUnit) -> Any:
    """Validator: a :class:`Span` whose unit is one of ``units``."""
    names = ", ".join(u.value for u in units)
    expected = f"a Span in {names}"

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, Span) or value.unit not in units:
            raise fail(instance, attribute.name, value, expected)

    return check


def _plain_time(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, time) or value.tzinfo is not None:
        raise fail(instance, attribute.name, value, "a time of day without time zone")


@frozen(kw_only=True)
class DailyHours:
    """Hours of the day 时段, local wall-clock time: ``start`` included, ``end`` excluded."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    start: time = attrs.field(validator=_plain_time)
    end: time = attrs.field(validator=_plain_time)

    def __attrs_post_init__(self) -> None:
        if self.start >= self.end:
            raise PolicyError(
                f"daily hours must start before they end, got {self.start:%H:%M} to "
                f"{self.end:%H:%M}"
            )

    def __contains__(self, moment: object) -> bool:
        return isinstance(moment, time) and self.start <= moment < self.end

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


# --------------------------------------------------------------------------- configuration


def _unique(what: str, key: Callable[[Any], object]) -> Any:
    """Validator: a tuple whose items have distinct ``key``s."""

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        seen: set[object] = set()
        for index, item in enumerate(value):
            item_key = key(item)
            if item_key in seen:
                raise fail(instance, f"{attribute.name}[{index}]", item, f"a {what} listed once")
            seen.add(item_key)

    return check


@frozen(kw_only=True)
class Cadence:
    """A visit cadence of one grade 分级拜访频次: ``channel`` at least every ``every``.

    ``every`` is counted in days, weeks or months from the last contact whose channel is at
    least as strong as ``channel`` (a visit counts as a call; a message never does).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    grade: Grade = attrs.field(validator=instance_of(Grade))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    every: Span = attrs.field(validator=_span(*_CALENDAR_UNITS))

    def __str__(self) -> str:
        return f"grade {self.grade}: {self.channel} every {self.every}"


def _strongest_cadence(cadences: Iterable[Cadence], grade: Grade, strength: int) -> Cadence | None:
    """The most frequent cadence of ``grade`` whose channel is at least ``strength`` strong."""
    found = [c for c in cadences if c.grade is grade and c.channel.strength >= strength]
    return min(found, key=lambda c: c.every.nominal_days) if found else None


@frozen(kw_only=True)
class CadenceRule:
    """Rule 1, cadence by grade 分层分级拜访 [seed 002; seed 003].

    ``cadences`` lists, per grade, how often a customer must be contacted by a channel at
    least as strong as the one named.  A grade may have several (a visit every month and a
    call every two weeks) or none (ungraded customers never have one).  A higher grade must
    never be contacted less often than a lower one, at any channel strength: the policy is
    refused otherwise (a month counts as 30 days in that comparison).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    cadences: tuple[Cadence, ...] = attrs.field(
        validator=[
            each(instance_of(Cadence), container="cadences"),
            _unique("grade and channel", lambda c: (c.grade, c.channel)),
        ]
    )

    def __attrs_post_init__(self) -> None:
        grades = sorted(Grade, key=lambda g: g.rank)
        for strength, wording in ((2, "on-site"), (1, "phone or stronger"), (0, "any channel")):
            for higher, lower in pairwise(grades):
                upper = _strongest_cadence(self.cadences, higher, strength)
                under = _strongest_cadence(self.cadences, lower, strength)
                if under is None:
                    continue
                if upper is None or upper.every.nominal_days > under.every.nominal_days:
                    shown = "never" if upper is None else f"every {upper.every}"
                    raise PolicyError(
                        "a higher grade must not be contacted less often than a lower one, got "
                        f"grade {higher} {wording} {shown} but grade {lower} every {under.every}"
                    )

    def for_grade(self, grade: Grade | None) -> tuple[Cadence, ...]:
        """The cadences of ``grade``, strongest channel first, then most frequent first."""
        if grade is None or not self.enabled:
            return ()
        chosen = [c for c in self.cadences if c.grade is grade]
        return tuple(sorted(chosen, key=lambda c: (-c.channel.strength, c.every.nominal_days)))


@frozen(kw_only=True)
class DeadlineRule:
    """An event rule: after a trigger, contact the customer by ``channel`` within ``within``.

    Used for the first contact after assignment (rule 2), the revisit after a complaint is
    resolved (rule 5) and the retention contact (rule 9).  With ``from_next_day`` the contact
    counts only from the day after the trigger (a revisit is not made in the same breath as
    the service); otherwise from the trigger itself.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    within: Span = attrs.field(validator=instance_of(Span))
    from_next_day: bool = attrs.field(default=False, validator=instance_of(bool))


@frozen(kw_only=True)
class ServiceRevisitRule:
    """Rule 3, revisit after a service 售后回访 [seed 002 "必须保证在三天之内回访"].

    Member customers 会员客户 are always revisited ("必须保证会员客户的100%的回访"); other
    customers only when ``non_members`` is set.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    within: Span = attrs.field(validator=instance_of(Span))
    from_next_day: bool = attrs.field(default=True, validator=instance_of(bool))
    non_members: bool = attrs.field(default=True, validator=instance_of(bool))


@frozen(kw_only=True)
class WarrantyRule:
    """Rule 4, calls during the warranty 保修期回访 [seed 004 篇5].

    A call within ``handover_within`` of the handover 交底 (``Contract.handover_at``), a call
    within ``acceptance_within`` of acceptance 验收 (``Contract.accepted_on``, from the next
    day), and during the warranty (from acceptance to ``Contract.warranty_end``) a call
    ``every`` interval — or, when the warranty is too short for ``min_callbacks`` of them,
    ``min_callbacks`` calls spread evenly, the last on the warranty's last day.  Each of those
    calls is due on its day and counts from the day after the previous one (the first: after
    the acceptance call's deadline).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    handover_within: Span = attrs.field(validator=instance_of(Span))
    acceptance_within: Span = attrs.field(validator=instance_of(Span))
    every: Span = attrs.field(validator=_span(*_CALENDAR_UNITS))
    min_callbacks: int = attrs.field(validator=between(0, 100))


@frozen(kw_only=True)
class FestivalRule:
    """Rule 6, festival greetings 节日问候 and festival visits 节日走访 [seed 002].

    Every key person (only VIPs with ``vip_only``) is greeted on each festival in
    ``festivals`` by ``channel`` at ``send_at``.  If the channel may not be used on the
    festival day, the greeting moves to the last day before it that the channel may use.
    Customers of ``visit_grades`` also get a ``visit_channel`` contact in the
    ``visit_working_days`` working days before each festival of ``visit_festivals`` (due on
    the first of them).
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    festivals: tuple[Festival, ...] = attrs.field(
        validator=[each(instance_of(Festival), container="festivals"), _unique("festival", str)]
    )
    channel: Channel = attrs.field(validator=instance_of(Channel))
    send_at: time = attrs.field(validator=_plain_time)
    vip_only: bool = attrs.field(default=False, validator=instance_of(bool))
    visit_grades: tuple[Grade, ...] = attrs.field(
        default=(), validator=[each(instance_of(Grade), container="grades"), _unique("grade", str)]
    )
    visit_festivals: tuple[Festival, ...] = attrs.field(
        default=(),
        validator=[each(instance_of(Festival), container="festivals"), _unique("festival", str)],
    )
    visit_channel: Channel = attrs.field(default=Channel.ON_SITE, validator=instance_of(Channel))
    visit_working_days: int = attrs.field(default=5, validator=between(1, 60))


@frozen(kw_only=True)
class BirthdayRule:
    """Rule 7, birthday care 生日关怀 for key persons with a known birthday [seed 002].

    A ``channel`` message on the birthday at ``send_at`` (29 February is 28 February in other
    years; a channel that may not be used that day moves to the day before that it may), and,
    unless ``gift_channel`` is ``None``, a gift delivered by ``gift_channel`` on the last
    working day before the birthday — or on it, if it is a working day.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    send_at: time = attrs.field(validator=_plain_time)
    gift_channel: Channel | None = attrs.field(
        default=None, validator=optional(instance_of(Channel))
    )
    vip_only: bool = attrs.field(default=False, validator=instance_of(bool))


@frozen(kw_only=True)
class ActiveServiceRule:
    """Rule 8, active service 主动服务 [seed 004 篇1]: installed-base customers
    (``Customer.installed_base``) are contacted by ``channel`` at least ``every`` interval,
    counted like a cadence."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    enabled: bool = attrs.field(default=True, validator=instance_of(bool))
    channel: Channel = attrs.field(validator=instance_of(Channel))
    every: Span = attrs.field(validator=_span(*_CALENDAR_UNITS))


@frozen(kw_only=True)
class CourtesyRule:
    """Rule 10, courtesy 避免在客户休息时打扰客户 [seed 002].

    Calls and visits go on working days, in the calendar's working hours.  The channels in
    ``rest_day_channels`` may also go on rest days (festivals included); messages go in
    ``message_hours`` (never at night), on any day they may use.  A non-message channel
    allowed on rest days uses ``message_hours`` there.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    rest_day_channels: tuple[Channel, ...] = attrs.field(
        validator=[each(instance_of(Channel), container="channels"), _unique("channel", str)]
    )
    message_hours: DailyHours = attrs.field(validator=instance_of(DailyHours))


@frozen(kw_only=True)
class CapacityRule:
    """Rule 12, capacity: at most ``max_on_site_per_day`` on-site visits per manager per day
    (``None``: no limit).  Applied by :func:`plan_portfolio`."""

    error_class: ClassVar[type[ValidationError]] = PolicyError

    max_on_site_per_day: int | None = attrs.field(validator=optional(between(1, 1000)))


def _statuses(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(CustomerStatus), container="statuses")(instance, attribute, value)
    _unique("status", str)(instance, attribute, value)


@frozen(kw_only=True)
class SchedulingPolicy:
    """A scheduling policy 拜访计划规则: one configurable part per rule of SPEC §3.2.

    Fields:
        name, version: identify the policy in every result.
        cadence: rule 1, contacts by grade.
        first_contact: rule 2, after assignment (``Customer.assigned_on``).
        service_revisit: rule 3, after a service (``ServiceRecord.delivered_at``).
        warranty: rule 4, handover, acceptance and warranty calls (``Contract``).
        complaint_revisit: rule 5, after a complaint is resolved (``Complaint.resolved_at``;
            a complaint already revisited after its last resolution needs none).
        festival: rule 6, festival greetings and visits.
        birthday: rule 7, birthday care.
        active_service: rule 8, installed-base customers.
        retention: rule 9, at-risk customers.
        courtesy: rule 10, which channels go when.
        capacity: rule 12, on-site visits per manager per day.
        statuses: the customer statuses that are planned at all (lost customers are not).

    Rule 11 (one contact per customer per day) is not configurable.  The preset is
    :data:`SEED_SCHEDULING`; change one part with ``attrs.evolve``.
    """

    error_class: ClassVar[type[ValidationError]] = PolicyError

    name: str = attrs.field(validator=text(max_length=100))
    version: str = attrs.field(validator=text(max_length=40))
    cadence: CadenceRule = attrs.field(validator=instance_of(CadenceRule))
    first_contact: DeadlineRule = attrs.field(validator=instance_of(DeadlineRule))
    service_revisit: ServiceRevisitRule = attrs.field(validator=instance_of(ServiceRevisitRule))
    warranty: WarrantyRule = attrs.field(validator=instance_of(WarrantyRule))
    complaint_revisit: DeadlineRule = attrs.field(validator=instance_of(DeadlineRule))
    festival: FestivalRule = attrs.field(validator=instance_of(FestivalRule))
    birthday: BirthdayRule = attrs.field(validator=instance_of(BirthdayRule))
    active_service: ActiveServiceRule = attrs.field(validator=instance_of(ActiveServiceRule))
    retention: DeadlineRule = attrs.field(validator=instance_of(DeadlineRule))
    courtesy: CourtesyRule = attrs.field(validator=instance_of(CourtesyRule))
    capacity: CapacityRule = attrs.field(validator=instance_of(CapacityRule))
    statuses: tuple[CustomerStatus, ...] = attrs.field(
        default=(CustomerStatus.PROSPECT, CustomerStatus.ACTIVE, CustomerStatus.AT_RISK),
        validator=_statuses,
    )

    def __attrs_post_init__(self) -> None:
        hours = self.courtesy.message_hours
        for path, channel, moment in (
            ("festival.send_at", self.festival.channel, self.festival.send_at),
            ("birthday.send_at", self.birthday.channel, self.birthday.send_at),
        ):
            if channel.is_message and moment not in hours:
                raise PolicyError.of(
                    path, moment, f"a time within courtesy.message_hours ({hours})"
                )


# ----------------------------------------------------------------------------------- results


def _day(value: date) -> str:
    return f"{value.isoformat()} ({value:%a})"


def _clock(value: datetime) -> str:
    return f"{value:%H:%M}"


@frozen(kw_only=True)
class Reason:
    """Why a customer is to be contacted: one rule applied to one trigger 触点原因.

    Fields:
        rule: the rule that produced it.
        purpose: the purpose a contact for this reason has.
        channel: the channel the rule asks for (a stronger one meets it too).
        text: the reason in words, with its trigger and deadline.
        trigger: the day of the triggering event or of the last contact (``None`` when the
            chain had no contact on record).
        trigger_at: the triggering instant, when the rule counts from one (service,
            complaint resolution, handover).
        earliest: the first day a contact meets this reason.
        deadline: the last day a contact meets it.
        deadline_at: the exact deadline of rules counted in working hours, else ``None``.
        key_person_id: the key person to contact, if the reason names one.
        reference_id: the service, complaint or contract the reason follows up, if any.
    """

    rule: ScheduleRule
    purpose: Purpose
    channel: Channel
    text: str
    earliest: date
    deadline: date
    trigger: date | None = None
    trigger_at: datetime | None = None
    deadline_at: datetime | None = None
    key_person_id: str | None = None
    reference_id: str | None = None

    def explain(self) -> str:
        """One line: rule, channel, text and deadline."""
        by = f"{self.deadline_at:%Y-%m-%d %H:%M}" if self.deadline_at else str(self.deadline)
        return (
            f"{self.rule} {self.rule.label_zh}: {self.text} "
            f"[{self.channel}, from {self.earliest}, by {by}]"
        )


@frozen(kw_only=True)
class Touchpoint:
    """One planned contact with a customer 客户触点: when, how, with whom and why.

    Fields:
        customer_id, manager_id: the customer and their account manager.
        due: the day planned.
        earliest: the first day a contact meets every reason (the latest of theirs).
        deadline: the last day a contact meets every reason (the earliest of theirs).
        deadline_at: the exact deadline, when a reason counts working hours.
        window_start, window_end: the time window on ``due`` (aware, calendar time zone).
        channel: the strongest channel of the reasons.
        purpose, rule: those of the first reason with that channel.
        reasons: every reason merged into this contact, in rule order.
        key_person_ids: the key persons named by the reasons, in order.
        moved_from: the day planned before capacity moved it, else ``None``.
    """

    customer_id: str
    manager_id: str
    due: date
    earliest: date
    deadline: date
    window_start: datetime
    window_end: datetime
    channel: Channel
    purpose: Purpose
    rule: ScheduleRule
    reasons: tuple[Reason, ...]
    key_person_ids: tuple[str, ...] = ()
    deadline_at: datetime | None = None
    moved_from: date | None = None

    @property
    def key_person_id(self) -> str | None:
        """The key person, when exactly one is named."""
        return self.key_person_ids[0] if len(self.key_person_ids) == 1 else None

    @property
    def reference_id(self) -> str | None:
        """The service, complaint or contract followed up, when exactly one is."""
        refs = {r.reference_id for r in self.reasons if r.reference_id is not None}
        return refs.pop() if len(refs) == 1 else None

    @property
    def rules(self) -> tuple[ScheduleRule, ...]:
        """The rules of the reasons, each once, in rule order."""
        return tuple(dict.fromkeys(r.rule for r in self.reasons))

    @property
    def reason(self) -> str:
        """The reasons' texts joined with ``"; "``."""
        return "; ".join(r.text for r in self.reasons)

    @property
    def is_merged(self) -> bool:
        """True when more than one reason was merged into this contact."""
        return len(self.reasons) > 1

    def explain(self) -> str:
        """The contact on one line, then one line per reason."""
        who = f", key person {', '.join(self.key_person_ids)}" if self.key_person_ids else ""
        moved = f" (moved from {self.moved_from} for capacity)" if self.moved_from else ""
        head = (
            f"{_day(self.due)} {_clock(self.window_start)}–{_clock(self.window_end)} "
            f"{self.channel} {self.channel.label_zh}: customer {self.customer_id}{who} — "
            f"{self.purpose} {self.purpose.label_zh}, deadline {self.deadline}{moved}"
        )
        return "\n".join([head, *(f"  - {r.explain()}" for r in self.reasons)])


@frozen(kw_only=True)
class CustomerPlan:
    """The touchpoints of one customer for a range of days 客户拜访计划, in order.

    Fields:
        customer_id, manager_id: whose plan.
        start, end: the range planned, both days included.
        policy_name, policy_version: the policy applied.
        touchpoints: the contacts, ordered by day (at most one a day).
        excluded_because: why nothing was planned at all (e.g. a lost customer), else ``None``.
    """

    customer_id: str
    manager_id: str
    start: date
    end: date
    policy_name: str
    policy_version: str
    touchpoints: tuple[Touchpoint, ...] = ()
    excluded_because: str | None = None

    def on(self, day: date) -> Touchpoint | None:
        """The touchpoint planned on ``day``, if any."""
        for touchpoint in self.touchpoints:
            if touchpoint.due == day:
                return touchpoint
        return None

    def explain(self) -> str:
        """The plan in full: a header, then every touchpoint with its reasons."""
        head = (
            f"customer {self.customer_id} (manager {self.manager_id}), {self.start} to "
            f"{self.end}, policy {self.policy_name!r} {self.policy_version}: "
            + counted(len(self.touchpoints), "touchpoint")
        )
        if self.excluded_because:
            head += f" — {self.excluded_because}"
        return "\n".join([head, *(t.explain() for t in self.touchpoints)])


@frozen(kw_only=True)
class CapacityConflict:
    """A manager's day with more on-site visits than allowed that could not be moved.

    Fields:
        manager_id, day: whose day.
        capacity: the allowed number of on-site visits.
        load: the on-site visits planned that day after every possible move.
        customer_ids: the customers whose visits could not be moved (kept on ``day``).
    """

    manager_id: str
    day: date
    capacity: int
    load: int
    customer_ids: tuple[str, ...]

    def explain(self) -> str:
        """One line: the day, the load and the visits that could not move."""
        return (
            f"manager {self.manager_id} on {_day(self.day)}: {self.load} on-site visits, "
            f"capacity {self.capacity}; no other day in their windows for "
            f"{', '.join(self.customer_ids)}"
        )


@frozen(kw_only=True)
class PortfolioPlan:
    """The plans of many customers, capacity applied 客户群拜访计划.

    Fields:
        start, end: the range planned.
        policy_name, policy_version: the policy applied.
        plans: one :class:`CustomerPlan` per customer, in input order.
        conflicts: manager days over capacity that no move could fix, by manager and day.
        moved: how many touchpoints capacity moved to another day.

    Look a customer up with :meth:`plan_for` or :meth:`by_customer`.
    """

    start: date
    end: date
    policy_name: str
    policy_version: str
    plans: tuple[CustomerPlan, ...] = ()
    conflicts: tuple[CapacityConflict, ...] = ()
    moved: int = 0
    _index: dict[str, int] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_index", {p.customer_id: i for i, p in enumerate(self.plans)})

    def by_customer(self) -> dict[str, CustomerPlan]:
        """Every plan keyed by customer id."""
        return {p.customer_id: p for p in self.plans}

    def plan_for(self, customer_id: str) -> CustomerPlan:
        """The plan of ``customer_id``; an unknown id raises ValidationError."""
        index = self._index.get(customer_id)
        if index is None:
            raise ValidationError.of("customer_id", customer_id, "a customer of the portfolio")
        return self.plans[index]

    def touchpoints(self, manager_id: str | None = None) -> tuple[Touchpoint, ...]:
        """Every touchpoint (of ``manager_id`` only, if given), by day then customer."""
        found = [
            t
            for p in self.plans
            if manager_id is None or p.manager_id == manager_id
            for t in p.touchpoints
        ]
        return tuple(sorted(found, key=lambda t: (t.due, t.window_start, t.customer_id)))

    def explain(self) -> str:
        """A summary line, the conflicts, then each customer's plan."""
        count = sum(len(p.touchpoints) for p in self.plans)
        lines = [
            f"{counted(len(self.plans), 'customer')}, {self.start} to {self.end}, policy "
            f"{self.policy_name!r} {self.policy_version}: {counted(count, 'touchpoint')}, "
            f"{self.moved} moved for capacity, {counted(len(self.conflicts), 'conflict')}"
        ]
        lines += [f"conflict: {c.explain()}" for c in self.conflicts]
        lines += [p.explain() for p in self.plans]
        return "\n".join(lines)


@frozen(kw_only=True)
class OverdueItem:
    """A touchpoint with reasons whose deadline passed without a matching contact 逾期触点.

    Fields:
        touchpoint: the touchpoint planned.
        reasons: its reasons that are overdue.
        days_overdue: calendar days from the earliest overdue deadline to ``today``.
        done_late_at: when a contact that would have met the reasons came after the deadline,
            if one did.
    """

    touchpoint: Touchpoint
    reasons: tuple[Reason, ...]
    days_overdue: int
    done_late_at: datetime | None = None

    def explain(self) -> str:
        """One line per reason, with how late it is."""
        late = f"; done late on {self.done_late_at:%Y-%m-%d %H:%M}" if self.done_late_at else ""
        head = (
            f"customer {self.touchpoint.customer_id}: {counted(self.days_overdue, 'day')} overdue "
            f"(planned {self.touchpoint.due}){late}"
        )
        return "\n".join([head, *(f"  - {r.explain()}" for r in self.reasons)])


@frozen(kw_only=True)
class OverdueReport:
    """What is overdue for one customer on ``today`` 逾期清单.

    Fields:
        customer_id: whose report.
        today: the day of the check (a deadline is passed from the next day on).
        since: the first day planned when the check re-planned with a policy, else ``None``.
        items: the overdue touchpoints, oldest deadline first.
    """

    customer_id: str
    today: date
    items: tuple[OverdueItem, ...] = ()
    since: date | None = None

    @property
    def count(self) -> int:
        """The number of overdue touchpoints."""
        return len(self.items)

    def explain(self) -> str:
        """A summary line, then every overdue touchpoint."""
        scope = f" (planned from {self.since})" if self.since else ""
        head = f"customer {self.customer_id} on {self.today}{scope}: {self.count} overdue"
        return "\n".join([head, *(i.explain() for i in self.items)])


# --------------------------------------------------------------------------------- functions


def plan_touchpoints(
    history: CustomerHistory | Customer,
    policy: SchedulingPolicy,
    *,
    start: date,
    end: date,
    calendar: BusinessCalendar = CHINA_CALENDAR,
    at_risk_since: date | None = None,
) -> CustomerPlan:
    """The touchpoints of one customer from ``start`` to ``end`` (both included).

    ``history`` is the customer with its visits, services, complaints and contracts (a bare
    :class:`~keyaccount.domain.customer.Customer` means no history).  ``at_risk_since`` is
    the day the customer was flagged at risk, for the retention rule; without it an at-risk
    customer's retention contact counts from ``start``.

    A touchpoint is in the plan when its day falls in the range: an event whose window
    opened before ``start`` and is still open is due on the first allowed day of the range;
    reasons already met by a done visit are left out.  Capacity (rule 12) needs many customers
    and is applied by :func:`plan_portfolio` only.

    Raises ValidationError for a bad range, a history item of another customer, or a date
    outside the calendar's years.
    """
    _check_range(start, end)
    ctx = _Context(policy, calendar, start, end)
    record = _history(history, "history")
    return _plan_customer(ctx, record, _optional_day(at_risk_since, "at_risk_since"))


def plan_portfolio(
    histories: Iterable[CustomerHistory | Customer] | Mapping[str, CustomerHistory | Customer],
    policy: SchedulingPolicy,
    *,
    start: date,
    end: date,
    calendar: BusinessCalendar = CHINA_CALENDAR,
    at_risk_since: Mapping[str, date] | None = None,
) -> PortfolioPlan:
    """The touchpoints of many customers, with each manager's daily capacity applied.

    ``histories`` holds one :class:`~keyaccount.domain.portfolio.CustomerHistory` (or bare
    customer) per customer — ``Portfolio.histories()`` gives them; ``at_risk_since`` maps
    customer ids to the day they were flagged at risk.  Each customer is planned as by
    :func:`plan_touchpoints`.  Then, for every manager and day with more on-site visits than
    ``policy.capacity`` allows, the visits with the latest deadlines are moved to the nearest
    day of their window (earliest to deadline, within the range) that is a working day, has
    room and has no other touchpoint of that customer (the earlier day wins a tie); what
    cannot move stays and is reported in ``conflicts``.  Moving a routine visit earlier
    lengthens the gap to the next one by as many days.

    Time grows linearly with the number of customers.  To keep it so, Python's cyclic garbage
    collector is paused while the plans are built and restored as it was before returning:
    plans hold no reference cycles, so the collector would find nothing, but its full
    collections would re-scan every plan built so far.
    """
    _check_range(start, end)
    ctx = _Context(policy, calendar, start, end)
    if isinstance(histories, str) or not isinstance(histories, Iterable):
        raise ValidationError.of(
            "histories", histories, "customer histories (an iterable or a mapping by id)"
        )
    items = histories.values() if isinstance(histories, Mapping) else histories
    risk: Mapping[str, date] = {} if at_risk_since is None else at_risk_since
    if not isinstance(risk, Mapping):
        raise ValidationError.of("at_risk_since", risk, "a mapping of customer id to date")
    plans: list[CustomerPlan] = []
    seen: set[str] = set()
    with collector_paused():
        for index, item in enumerate(items):
            record = _history(item, f"histories[{index}]")
            customer_id = record.customer.id
            if customer_id in seen:
                raise ValidationError.of(
                    f"histories[{index}].customer.id", customer_id, "a customer listed once"
                )
            seen.add(customer_id)
            flagged = _optional_day(risk.get(customer_id), f"at_risk_since[{customer_id!r}]")
            plans.append(_plan_customer(ctx, record, flagged))
        conflicts, moved = _apply_capacity(ctx, plans)
    return PortfolioPlan(
        start=start,
        end=end,
        policy_name=policy.name,
        policy_version=policy.version,
        plans=tuple(plans),
        conflicts=conflicts,
        moved=moved,
    )


def overdue(
    history: CustomerHistory | Customer,
    plan_or_policy: CustomerPlan | SchedulingPolicy,
    *,
    today: date,
    calendar: BusinessCalendar = CHINA_CALENDAR,
    since: date | None = None,
    at_risk_since: date | None = None,
) -> OverdueReport:
    """The touchpoints whose deadline passed before ``today`` without a matching contact.

    With a :class:`CustomerPlan`, its touchpoints are checked against the history's visits.
    With a :class:`SchedulingPolicy`, the customer is first planned from ``since`` (default:
    one year before ``today``) to the day before ``today``, and every reason left open whose
    deadline has passed is reported.  A deadline passes at the end of its day: a touchpoint
    due ``today`` is not overdue yet.  A contact that came after the deadline is reported as
    ``done_late_at`` (the item stays: the deadline was missed).
    """
    record = _history(history, "history")
    _check_calendar(calendar)
    check_day(today, "today")  # a date within the calendar's years
    if isinstance(plan_or_policy, CustomerPlan):
        if plan_or_policy.customer_id != record.customer.id:
            raise ValidationError.of(
                "plan.customer_id",
                plan_or_policy.customer_id,
                f"{record.customer.id!r}, the customer of the history",
            )
        touchpoints = plan_or_policy.touchpoints
        zone = calendar.working_hours.zone
        scope = None
    elif isinstance(plan_or_policy, SchedulingPolicy):
        first = today - relativedelta(years=1) if since is None else since
        _check_range(first, today, names=("since", "today"))
        last = today - _DAY
        zone = calendar.working_hours.zone
        scope = first
        if last < first:
            touchpoints = ()
        else:
            ctx = _Context(plan_or_policy, calendar, first, last)
            flagged = _optional_day(at_risk_since, "at_risk_since")
            touchpoints = _plan_customer(ctx, record, flagged).touchpoints
    else:
        raise ValidationError.of(
            "plan_or_policy", plan_or_policy, "a CustomerPlan or a SchedulingPolicy"
        )
    done = _done_visits(record.visits, zone)
    items: list[OverdueItem] = []
    for touchpoint in touchpoints:
        if touchpoint.deadline >= today:
            continue
        late = [r for r in touchpoint.reasons if r.deadline < today and not _met(r, done)]
        if not late:
            continue
        first_deadline = min(r.deadline for r in late)
        items.append(
            OverdueItem(
                touchpoint=touchpoint,
                reasons=tuple(late),
                days_overdue=(today - first_deadline).days,
                done_late_at=_done_late(late, done, today),
            )
        )
    items.sort(key=lambda i: (min(r.deadline for r in i.reasons), i.touchpoint.due))
    return OverdueReport(
        customer_id=record.customer.id, today=today, items=tuple(items), since=scope
    )


def monthly_plan_deadline(
    year: int, month: int, calendar: BusinessCalendar = CHINA_CALENDAR
) -> date:
    """The last working day of ``month`` 本月最后一个工作日, when next month's visit plan and
    expansion plan are due [seed 000/001 "本月最后一个工作日上报"] (SPEC §3.2 rule 9).

    January 2025 gives 2025-01-27 (28–31 January are Spring Festival holidays).
    """
    _check_calendar(calendar)
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValidationError.of("month", month, "a month from 1 to 12")
    if not isinstance(year, int) or isinstance(year, bool):
        raise ValidationError.of("year", year, "a year as a whole number")
    try:
        last = date(year, month, 1) + relativedelta(months=1, days=-1)
    except (ValueError, OverflowError):  # OverflowError: too large even for the C library
        raise ValidationError.of("year", year, "a year from 1 to 9999") from None
    try:
        return calendar.subtract_working_days(last, 0)
    except ValidationError:
        raise ValidationError.of("year", year, "a year the calendar covers") from None


# ------------------------------------------------------------------------------ input checks


def _check_range(start: object, end: object, *, names: tuple[str, str] = ("start", "end")) -> None:
    for name, value in zip(names, (start, end), strict=True):
        check_day(value, name)  # a date within the calendar's years
    assert isinstance(start, date)
    assert isinstance(end, date)
    if end < start:
        raise ValidationError.of(names[1], end, f"a date on or after {names[0]} ({start})")


def _check_calendar(calendar: object) -> None:
    if not isinstance(calendar, BusinessCalendar):
        raise ValidationError.of("calendar", calendar, "a BusinessCalendar")


def _optional_day(value: object, path: str) -> date | None:
    if value is None:
        return None
    return check_day(value, path)


_KINDS: tuple[tuple[str, type], ...] = (
    ("visits", Visit),
    ("services", ServiceRecord),
    ("complaints", Complaint),
    ("contracts", Contract),
)


def _history(value: object, path: str) -> CustomerHistory:
    """``value`` as a checked history: a customer's own records, as tuples."""
    if isinstance(value, Customer):
        return CustomerHistory(customer=value)
    if not isinstance(value, CustomerHistory):
        raise ValidationError.of(path, value, "a CustomerHistory or a Customer")
    if not isinstance(value.customer, Customer):
        raise ValidationError.of(f"{path}.customer", value.customer, "a Customer")
    customer_id = value.customer.id
    fields: dict[str, tuple[Any, ...]] = {}
    problems: list[Problem] = []
    for name, kind in _KINDS:
        items = getattr(value, name)
        if not isinstance(items, tuple | list):
            raise ValidationError.of(f"{path}.{name}", items, f"a tuple of {kind.__name__}")
        for index, item in enumerate(items):
            if not isinstance(item, kind):
                problems.append(Problem(f"{path}.{name}[{index}]", item, f"a {kind.__name__}"))
            elif getattr(item, "customer_id", None) != customer_id:
                problems.append(
                    Problem(
                        f"{path}.{name}[{index}].customer_id",
                        getattr(item, "customer_id", None),
                        f"{customer_id!r}, the customer of the history",
                    )
                )
        fields[name] = tuple(items)
    if problems:
        raise ValidationError(problems)
    if all(type(getattr(value, n)) is tuple for n, _ in _KINDS):
        return value
    return CustomerHistory(customer=value.customer, **fields)


# ---------------------------------------------------------------------------------- internals
#
# Planning runs once per customer, so the code below avoids what is slow in Python: every
# calendar answer is memoized per run, every text that depends only on the policy is built
# once, and a reason becomes a Reason object as soon as it is known (a "draft" is a plain
# tuple of its day, channel strength, preferred time and Reason).

_Draft = tuple[date, int, "time | None", Reason]
"""A reason being planned: (due day, channel strength, preferred time of day, reason)."""

# Enum properties and formatting call Python code; the hot paths read these tables instead.
_STRENGTH = {channel: channel.strength for channel in Channel}
_NAME: dict[object, str] = {
    member: member.value
    for family in (Channel, Purpose, ScheduleRule, Festival, Grade)
    for member in family
}
_PURPOSE_ORDER = {purpose: index for index, purpose in enumerate(Purpose)}


def _stamp(moment: datetime) -> str:
    """``2025-09-30 15:00``: a local instant for reason texts."""
    return moment.isoformat(" ", "minutes")[:16]


class _Context:
    """One planning run: the policy, the calendar, the range and memos of calendar answers.

    The memos make a portfolio run cheap: customers share the same days, so each calendar
    question is asked once per run.  A context lives for one call only.
    """

    __slots__ = (
        "_add",
        "_birthdays",
        "_next",
        "_plain",
        "_shift",
        "_sub",
        "_windows",
        "_working",
        "calendar",
        "chains",
        "end",
        "festivals",
        "message_hours",
        "policy",
        "rest_channels",
        "start",
        "texts",
        "work_hours",
        "zone",
    )

    def __init__(
        self, policy: SchedulingPolicy, calendar: BusinessCalendar, start: date, end: date
    ) -> None:
        if not isinstance(policy, SchedulingPolicy):
            raise ValidationError.of("policy", policy, "a SchedulingPolicy")
        _check_calendar(calendar)
        self.policy = policy
        self.calendar = calendar
        self.start = start
        self.end = end
        self.zone = calendar.working_hours.zone
        self.work_hours = tuple((i.start, i.end) for i in calendar.working_hours.intervals)
        hours = policy.courtesy.message_hours
        self.message_hours = ((hours.start, hours.end),)
        self.rest_channels = frozenset(policy.courtesy.rest_day_channels)
        self._working: dict[date, bool] = {}
        self._next: dict[tuple[date, Channel], date] = {}
        self._add: dict[tuple[date, int], date] = {}
        self._sub: dict[tuple[date, int], date] = {}
        self._shift: dict[tuple[date, int], date] = {}
        self._birthdays: dict[tuple[int, int, int], date] = {}
        self._windows: dict[tuple[date, Channel], tuple[tuple[datetime, datetime], ...]] = {}
        self._plain: dict[tuple[date, Channel, time | None], tuple[datetime, datetime] | None]
        self._plain = {}
        self.texts = self._texts()
        self.chains = self._chains()
        self.festivals = self._festivals()

    # -- days

    def working(self, day: date) -> bool:
        found = self._working.get(day)
        if found is None:
            found = self._working[day] = self.calendar.is_working_day(day)
        return found

    def next_allowed(self, day: date, channel: Channel) -> date:
        """``day`` if ``channel`` may go then, else the next day it may.

        A channel may go on a working day (on any day if it is allowed on rest days) on which
        the clocks show some of its hours: not on a day they skip all of them.
        """
        key = (day, channel)
        found = self._next.get(key)
        if found is None:
            found = self._next[key] = self._allowed(day, channel, True)
        return found

    def previous_allowed(self, day: date, channel: Channel) -> date:
        """``day`` if ``channel`` may go then, else the last day before it that it may."""
        return self._allowed(day, channel, False)

    def _allowed(self, day: date, channel: Channel, forward: bool) -> date:
        rest = channel in self.rest_channels
        step = _DAY if forward else -_DAY
        while True:
            if not rest:
                day = (
                    self.add_working_days(day, 0) if forward else self.subtract_working_days(day, 0)
                )
            if self.intervals(day, channel):
                return day
            day += step

    def add_working_days(self, day: date, count: int) -> date:
        key = (day, count)
        found = self._add.get(key)
        if found is None:
            found = self._add[key] = self.calendar.add_working_days(day, count)
        return found

    def subtract_working_days(self, day: date, count: int) -> date:
        key = (day, count)
        found = self._sub.get(key)
        if found is None:
            found = self._sub[key] = self.calendar.subtract_working_days(day, count)
        return found

    def shifted(self, day: date, span: Span) -> date:
        """``day`` plus a calendar span (memoized: ``relativedelta`` is not cheap)."""
        # Keyed by the span's identity: spans live in the policy for the whole run, and
        # hashing an attrs value calls Python code.
        key = (day, id(span))
        found = self._shift.get(key)
        if found is None:
            found = self._shift[key] = day + span.relative()
        return found

    def birthday(self, born: date, year: int) -> date:
        """The birthday in ``year`` (29 February is 28 February in other years)."""
        key = (born.month, born.day, year)
        found = self._birthdays.get(key)
        if found is None:
            found = self._birthdays[key] = born + relativedelta(year=year)
        return found

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    # -- hours

    def intervals(self, day: date, channel: Channel) -> tuple[tuple[datetime, datetime], ...]:
        """The instants ``channel`` may use on ``day``: none if the day is not allowed or the
        clocks skip all of its hours (see :func:`~keyaccount.calendar.clock_instants`)."""
        key = (day, channel)
        found = self._windows.get(key)
        if found is None:
            if self.working(day):
                hours = self.message_hours if channel.is_message else self.work_hours
            elif channel in self.rest_channels:
                hours = self.message_hours
            else:
                hours = ()
            zone = self.zone
            found = tuple(
                (low.astimezone(zone), high.astimezone(zone))
                for low, high in sorted(
                    span
                    for begin, finish in hours
                    for span in clock_instants(day, begin, finish, zone)
                )
            )
            self._windows[key] = found
        return found

    def window(
        self,
        day: date,
        channel: Channel,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
        prefer: time | None = None,
    ) -> tuple[datetime, datetime] | None:
        """The time window on ``day``: from the first usable instant (at or after
        ``not_before`` and, if possible, ``prefer``) to the last (at most ``not_after``)."""
        if not_before is None and not_after is None:
            key = (day, channel, prefer)
            if key in self._plain:
                return self._plain[key]
            found = self._plain[key] = self._window(day, channel, None, None, prefer)
            return found
        return self._window(day, channel, not_before, not_after, prefer)

    def _window(
        self,
        day: date,
        channel: Channel,
        not_before: datetime | None,
        not_after: datetime | None,
        prefer: time | None,
    ) -> tuple[datetime, datetime] | None:
        spans = self.intervals(day, channel)
        if not_before is not None or not_after is not None:
            # Instants are compared in UTC: aware datetimes sharing a zone compare by wall
            # clock, which is wrong on a day the clocks go back.
            early = not_before.astimezone(UTC) if not_before is not None else None
            late = not_after.astimezone(UTC) if not_after is not None else None
            clipped = []
            for begin, finish in spans:
                low, high = begin, finish
                if early is not None and early > begin.astimezone(UTC):
                    low = not_before  # type: ignore[assignment]
                if late is not None and late < finish.astimezone(UTC):
                    high = not_after  # type: ignore[assignment]
                if low.astimezone(UTC) < high.astimezone(UTC):
                    clipped.append((low, high))
            spans = tuple(clipped)
        if not spans:
            return None
        begin, finish = spans[0][0], spans[-1][1]
        if prefer is not None:
            wanted = datetime.combine(day, prefer, tzinfo=self.zone).astimezone(UTC)
            for low, high in spans:
                if wanted < high.astimezone(UTC):
                    begin = max(wanted, low.astimezone(UTC)).astimezone(self.zone)
                    break
        return begin, finish

    def first_day(
        self,
        channel: Channel,
        first: date,
        last: date,
        not_before: datetime | None = None,
        not_after: datetime | None = None,
    ) -> date | None:
        """The first day from ``first`` to ``last`` with a usable window for ``channel``: time
        at or after ``not_before`` and up to ``not_after``, which are compared as instants
        with every day's hours, not only with those of their own day (see :func:`_bounds_on`).
        """
        if not_before is None and not_after is None:
            day = self.next_allowed(first, channel)
            return day if day <= last else None
        if not_before is not None:
            first = max(first, self.local_day(not_before))
        day = self.next_allowed(first, channel)
        while day <= last:
            if self.window(day, channel, not_before, not_after):
                return day
            day = self.next_allowed(day + _DAY, channel)
        return None

    # -- what depends on the policy only, prepared once

    def _texts(self) -> dict[str, str]:
        policy = self.policy
        return {
            "first-contact": f": first contact within {policy.first_contact.within}",
            "service": f": revisit within {policy.service_revisit.within}",
            "member": " (member customer 会员客户: always revisited)",
            "complaint": f": revisit within {policy.complaint_revisit.within}",
            "retention": f": retention contact within {policy.retention.within}, and report upward",
            "handover": f": call within {policy.warranty.handover_within}",
            "acceptance": f": call within {policy.warranty.acceptance_within}",
            "callback": f", every {policy.warranty.every} (at least "
            f"{policy.warranty.min_callbacks})",
            "birthday": f": {_NAME[policy.birthday.channel]} greeting",
        }

    def _chains(self) -> dict[tuple[Grade | None, bool], tuple[tuple[Any, ...], ...]]:
        """Per grade and installed base: (rule, purpose, channel, every, strength, wording)
        of each recurring rule, in the order they are planned.

        Strongest channel first, then the most frequent: a denser chain plans contacts that
        a sparser one of the same strength can ride on, never the other way round.
        """
        policy = self.policy
        active = policy.active_service
        extra = (
            ScheduleRule.ACTIVE_SERVICE,
            Purpose.ACTIVE_SERVICE,
            active.channel,
            active.every,
            _STRENGTH[active.channel],
            f"installed base: {_NAME[active.channel]} every {active.every}",
        )
        chains: dict[tuple[Grade | None, bool], tuple[tuple[Any, ...], ...]] = {}
        for grade in (*Grade, None):
            cadences = [
                (
                    ScheduleRule.CADENCE,
                    Purpose.ROUTINE,
                    c.channel,
                    c.every,
                    _STRENGTH[c.channel],
                    f"grade {_NAME[grade]}: {_NAME[c.channel]} every {c.every}",
                )
                for c in policy.cadence.for_grade(grade)
            ]
            for installed in (False, True):
                specs = [*cadences, extra] if installed and active.enabled else cadences
                specs.sort(key=lambda c: (-c[4], c[3].nominal_days, _RULE_ORDER[c[0]]))
                chains[(grade, installed)] = tuple(specs)
        return chains

    def _festivals(
        self,
    ) -> tuple[tuple[Festival, date, date | None, str, tuple[date, date] | None], ...]:
        """(festival, day, greeting day, name, visit window) of each festival that can touch
        the range; the greeting day or the visit window is ``None`` when not wanted."""
        rule = self.policy.festival
        if not rule.enabled:
            return ()
        found = []
        for year in range(self.start.year, self.end.year + 2):
            for festival in Festival:
                greet = festival in rule.festivals
                visit = festival in rule.visit_festivals
                if not greet and not visit:
                    continue
                try:
                    day = self.calendar.festival_date(festival, year)
                except ValidationError:
                    # Dragon Boat and Mid-Autumn are public holidays from 2008 only, and the
                    # calendar ends in 2100: a year without the festival has no greeting.
                    continue
                window = None
                if visit:
                    last = self.calendar.previous_working_day(day)
                    first = self.calendar.subtract_working_days(last, rule.visit_working_days - 1)
                    window = (
                        self.next_allowed(first, rule.visit_channel),
                        self.previous_allowed(last, rule.visit_channel),
                    )
                send = self.previous_allowed(day, rule.channel) if greet else None
                name = f"{festival.label_zh} {_NAME[festival]} {day}"
                found.append((festival, day, send, name, window))
        return tuple(found)


# A done visit, reduced to what matching needs: day, instant, strength, key person, reference.
_Done = tuple[date, datetime, int, "str | None", "str | None"]


def _done_visits(visits: Iterable[Visit], zone: Any) -> list[_Done]:
    done = [
        (
            v.done_at.astimezone(zone).date(),
            v.done_at,
            _STRENGTH[v.channel],
            v.contact_id,
            v.reference_id,
        )
        for v in visits
        if v.done_at is not None
    ]
    done.sort(key=lambda d: d[1])
    return done


def _matches(reason: Reason, visit: _Done) -> bool:
    """True if ``visit`` meets ``reason`` in everything but its day."""
    _, at, strength, contact, reference = visit
    if strength < _STRENGTH[reason.channel]:
        return False
    if contact is not None and reason.key_person_id not in (None, contact):
        return False
    if reference is not None and reason.reference_id not in (None, reference):
        return False
    return reason.trigger_at is None or at >= reason.trigger_at


def _met(reason: Reason, done: list[_Done]) -> bool:
    """True if a done visit is a matching contact for ``reason`` (see the module notes)."""
    index = bisect.bisect_left(done, reason.earliest, key=lambda d: d[0])
    for visit in done[index:]:
        if visit[0] > reason.deadline:
            return False
        if reason.deadline_at is not None and visit[1] > reason.deadline_at:
            return False
        if _matches(reason, visit):
            return True
    return False


def _done_late(reasons: Iterable[Reason], done: list[_Done], today: date) -> datetime | None:
    """The first contact after the deadline that would have met every reason, if any."""
    reasons = tuple(reasons)
    latest = max(r.deadline for r in reasons)
    for visit in done:
        if visit[0] < latest or visit[0] > today:
            continue
        if all(_matches(r, visit) for r in reasons):
            return visit[1]
    return None


def _plan_customer(
    ctx: _Context, history: CustomerHistory, at_risk_since: date | None
) -> CustomerPlan:
    customer = history.customer
    policy = ctx.policy
    if customer.status not in policy.statuses:
        touchpoints: tuple[Touchpoint, ...] = ()
        excluded: str | None = f"status {customer.status} is not planned by the policy"
    else:
        done = _done_visits(history.visits, ctx.zone) if history.visits else []
        drafts: list[_Draft] = []
        _first_contact(ctx, customer, drafts)
        _service_revisits(ctx, customer, history.services, drafts)
        _warranty(ctx, history.contracts, drafts)
        _complaint_revisits(ctx, history.complaints, drafts)
        _festivals(ctx, customer, drafts)
        _birthdays(ctx, customer, drafts)
        _retention(ctx, customer, at_risk_since, drafts)
        if done:
            drafts = [d for d in drafts if not _met(d[3], done)]
        _chains(ctx, customer, done, drafts)
        touchpoints = _merge(ctx, customer, drafts)
        excluded = None
    return CustomerPlan(
        customer_id=customer.id,
        manager_id=customer.manager_id,
        start=ctx.start,
        end=ctx.end,
        policy_name=policy.name,
        policy_version=policy.version,
        touchpoints=touchpoints,
        excluded_because=excluded,
    )


# -- event rules


def _event(
    ctx: _Context,
    drafts: list[_Draft],
    *,
    rule: ScheduleRule,
    purpose: Purpose,
    channel: Channel,
    within: Span,
    from_next_day: bool,
    trigger_day: date,
    trigger_at: datetime | None,
    text: str,
    key_person_id: str | None = None,
    reference_id: str | None = None,
) -> None:
    """Plan a contact after a trigger; nothing when its window misses the range."""
    deadline_at: datetime | None = None
    unit = within.unit
    if unit is SpanUnit.WORKING_DAY:
        deadline = ctx.add_working_days(trigger_day, within.count)
    elif unit is SpanUnit.WORKING_HOUR:
        moment = trigger_at or datetime.combine(trigger_day, _MIDNIGHT, tzinfo=ctx.zone)
        deadline_at = ctx.calendar.add_working_hours(moment, within.count)
        deadline = ctx.local_day(deadline_at)
        text += f"; deadline {_stamp(deadline_at.astimezone(ctx.zone))}"
    else:
        deadline = ctx.next_allowed(ctx.shifted(trigger_day, within), channel)
    if deadline < ctx.start:
        return
    first = trigger_day + _DAY if from_next_day else trigger_day
    not_before = None if from_next_day else trigger_at
    # No usable moment before the deadline (a deadline in the lunch break): the contact is
    # due on the deadline day itself, or on the next day with time for the channel if the
    # clocks skip all of its hours on the deadline day.
    earliest = ctx.first_day(channel, first, deadline, not_before, deadline_at) or (
        ctx.next_allowed(deadline, channel)
    )
    due: date | None = earliest
    if earliest < ctx.start:
        due = ctx.first_day(channel, ctx.start, deadline, not_before, deadline_at)
    if due is None or due > ctx.end:
        return
    reason = Reason(
        rule=rule,
        purpose=purpose,
        channel=channel,
        text=text,
        earliest=earliest,
        deadline=deadline,
        trigger=trigger_day,
        trigger_at=trigger_at,
        deadline_at=deadline_at,
        key_person_id=key_person_id,
        reference_id=reference_id,
    )
    drafts.append((due, _STRENGTH[channel], None, reason))


def _fixed(
    ctx: _Context,
    drafts: list[_Draft],
    rule: ScheduleRule,
    purpose: Purpose,
    channel: Channel,
    earliest: date,
    deadline: date,
    trigger: date,
    text: str,
    key_person_id: str | None = None,
    prefer: time | None = None,
) -> None:
    """Plan a contact with a fixed window (festivals, birthdays): due on its first day."""
    if deadline < ctx.start or earliest > ctx.end:
        return
    due = earliest if earliest >= ctx.start else ctx.next_allowed(ctx.start, channel)
    if due > deadline or due > ctx.end:
        return
    reason = Reason(
        rule=rule,
        purpose=purpose,
        channel=channel,
        text=text,
        earliest=earliest,
        deadline=deadline,
        trigger=trigger,
        key_person_id=key_person_id,
    )
    drafts.append((due, _STRENGTH[channel], prefer, reason))


def _first_contact(ctx: _Context, customer: Customer, drafts: list[_Draft]) -> None:
    rule = ctx.policy.first_contact
    assigned = customer.assigned_on
    if not rule.enabled or assigned is None:
        return
    # An old assignment cannot reach the range: skip the calendar work.  Only for calendar
    # units (a week is 7 days, a month at most 31): a working day or hour has no such bound,
    # as the calendar may close for months or open for a minute a day.
    within = rule.within
    if within.unit in _CALENDAR_UNITS and (ctx.start - assigned).days > 31 * within.count + 31:
        return
    _event(
        ctx,
        drafts,
        rule=ScheduleRule.FIRST_CONTACT,
        purpose=Purpose.FIRST_CONTACT,
        channel=rule.channel,
        within=rule.within,
        from_next_day=rule.from_next_day,
        trigger_day=assigned,
        trigger_at=None,
        text=f"assigned to {customer.manager_id} on {assigned}{ctx.texts['first-contact']}",
    )


def _service_revisits(
    ctx: _Context, customer: Customer, services: Iterable[ServiceRecord], drafts: list[_Draft]
) -> None:
    rule = ctx.policy.service_revisit
    if not rule.enabled or not (customer.member or rule.non_members):
        return
    suffix = ctx.texts["service"] + (ctx.texts["member"] if customer.member else "")
    for service in services:
        moment = service.delivered_at.astimezone(ctx.zone)
        _event(
            ctx,
            drafts,
            rule=ScheduleRule.SERVICE_REVISIT,
            purpose=Purpose.SERVICE_REVISIT,
            channel=rule.channel,
            within=rule.within,
            from_next_day=rule.from_next_day,
            trigger_day=moment.date(),
            trigger_at=moment,
            text=f"service {service.id} delivered {_stamp(moment)}{suffix}",
            reference_id=service.id,
        )


def _complaint_revisits(
    ctx: _Context, complaints: Iterable[Complaint], drafts: list[_Draft]
) -> None:
    rule = ctx.policy.complaint_revisit
    if not rule.enabled:
        return
    for complaint in complaints:
        resolved = complaint.resolved_at
        if resolved is None:
            continue
        revisited = any(
            s.status is ComplaintStatus.REVISITED and s.at >= resolved for s in complaint.steps
        )
        if revisited:
            continue
        moment = resolved.astimezone(ctx.zone)
        _event(
            ctx,
            drafts,
            rule=ScheduleRule.COMPLAINT_REVISIT,
            purpose=Purpose.COMPLAINT_FOLLOW_UP,
            channel=rule.channel,
            within=rule.within,
            from_next_day=rule.from_next_day,
            trigger_day=moment.date(),
            trigger_at=moment,
            text=f"complaint {complaint.id} resolved {_stamp(moment)}{ctx.texts['complaint']}",
            reference_id=complaint.id,
        )


def _retention(ctx: _Context, customer: Customer, since: date | None, drafts: list[_Draft]) -> None:
    rule = ctx.policy.retention
    if not rule.enabled or customer.status is not CustomerStatus.AT_RISK:
        return
    if since is None:
        trigger = ctx.start
        when = f"at risk (flag date unknown, counted from {trigger})"
    else:
        trigger = since
        when = f"at risk since {since}"
    _event(
        ctx,
        drafts,
        rule=ScheduleRule.RETENTION,
        purpose=Purpose.RETENTION,
        channel=rule.channel,
        within=rule.within,
        from_next_day=rule.from_next_day,
        trigger_day=trigger,
        trigger_at=None,
        text=when + ctx.texts["retention"],
    )


def _warranty(ctx: _Context, contracts: Iterable[Contract], drafts: list[_Draft]) -> None:
    rule = ctx.policy.warranty
    if not rule.enabled:
        return
    for contract in contracts:
        if contract.handover_at is not None:
            moment = contract.handover_at.astimezone(ctx.zone)
            _event(
                ctx,
                drafts,
                rule=ScheduleRule.WARRANTY,
                purpose=Purpose.HANDOVER_CALL,
                channel=rule.channel,
                within=rule.handover_within,
                from_next_day=False,
                trigger_day=moment.date(),
                trigger_at=moment,
                text=f"contract {contract.id} handed over {_stamp(moment)}{ctx.texts['handover']}",
                reference_id=contract.id,
            )
        accepted = contract.accepted_on
        if accepted is None:
            continue
        _event(
            ctx,
            drafts,
            rule=ScheduleRule.WARRANTY,
            purpose=Purpose.ACCEPTANCE_CALL,
            channel=rule.channel,
            within=rule.acceptance_within,
            from_next_day=True,
            trigger_day=accepted,
            trigger_at=None,
            text=f"contract {contract.id} accepted {accepted}{ctx.texts['acceptance']}",
            reference_id=contract.id,
        )
        _warranty_callbacks(ctx, contract, accepted, drafts)


def _warranty_callbacks(
    ctx: _Context, contract: Contract, accepted: date, drafts: list[_Draft]
) -> None:
    rule = ctx.policy.warranty
    last = contract.warranty_end
    if last is None or last <= accepted:
        return
    targets: list[date] = []
    step = 1
    while True:
        target = accepted + rule.every.relative() * step
        if target > last:
            break
        targets.append(target)
        step += 1
    if len(targets) < rule.min_callbacks:
        # Too short a warranty for the minimum at the usual interval: spread the minimum
        # evenly, the last call on the warranty's last day.
        length = (last - accepted).days
        count = rule.min_callbacks
        spread = {accepted + timedelta(days=length * k // count) for k in range(1, count + 1)}
        targets = sorted(t for t in spread if t > accepted)
    previous = _acceptance_deadline(ctx, accepted)
    total = len(targets)
    channel = rule.channel
    for number, target in enumerate(targets, 1):
        if target.year > LAST_YEAR:
            break
        # A call's day may move back (a closure) or on (calls closer together than the
        # calendar allows, even past the warranty's last day), so the days are worked out
        # from the first call, whatever the range; each is later than the one before.
        due = ctx.previous_allowed(target, channel)
        if due <= previous:
            due = ctx.next_allowed(previous + _DAY, channel)
        earliest = min(ctx.next_allowed(previous + _DAY, channel), due)
        previous = due
        if due > ctx.end:
            break
        if due < ctx.start:
            continue
        reason = Reason(
            rule=ScheduleRule.WARRANTY,
            purpose=Purpose.WARRANTY_CALLBACK,
            channel=channel,
            text=f"contract {contract.id} under warranty until {last}: call {number} of "
            f"{total}{ctx.texts['callback']}",
            earliest=earliest,
            deadline=due,
            trigger=accepted,
            reference_id=contract.id,
        )
        drafts.append((due, _STRENGTH[channel], None, reason))


def _acceptance_deadline(ctx: _Context, accepted: date) -> date:
    within = ctx.policy.warranty.acceptance_within
    if within.unit is SpanUnit.WORKING_DAY:
        return ctx.add_working_days(accepted, within.count)
    if within.unit is SpanUnit.WORKING_HOUR:
        moment = datetime.combine(accepted, _MIDNIGHT, tzinfo=ctx.zone)
        return ctx.local_day(ctx.calendar.add_working_hours(moment, within.count))
    return ctx.shifted(accepted, within)


def _key_persons(customer: Customer, vip_only: bool) -> tuple[Contact, ...]:
    persons = customer.key_persons()
    return tuple(p for p in persons if p.vip) if vip_only else persons


def _festivals(ctx: _Context, customer: Customer, drafts: list[_Draft]) -> None:
    if not ctx.festivals:
        return
    rule = ctx.policy.festival
    persons = _key_persons(customer, rule.vip_only) if customer.contacts else ()
    grade = customer.grade
    visiting = grade is not None and grade in rule.visit_grades
    if not persons and not visiting:
        return
    start, end = ctx.start, ctx.end
    for _, day, send, name, visit in ctx.festivals:
        if persons and send is not None and start <= send <= end:
            for person in persons:
                _fixed(
                    ctx,
                    drafts,
                    ScheduleRule.FESTIVAL,
                    Purpose.HOLIDAY_GREETING,
                    rule.channel,
                    send,
                    send,
                    day,
                    f"{name}: greeting to {person.name}",
                    person.id,
                    rule.send_at,
                )
        if visiting and visit is not None:
            _fixed(
                ctx,
                drafts,
                ScheduleRule.FESTIVAL,
                Purpose.HOLIDAY_VISIT,
                rule.visit_channel,
                visit[0],
                visit[1],
                day,
                f"grade {_NAME[grade]}: {_NAME[rule.visit_channel]} visit in the "
                f"{counted(rule.visit_working_days, 'working day')} before {name}",
            )


def _birthdays(ctx: _Context, customer: Customer, drafts: list[_Draft]) -> None:
    rule = ctx.policy.birthday
    if not rule.enabled or not customer.contacts:
        return
    start, end = ctx.start, ctx.end
    gift_channel = rule.gift_channel
    for person in _key_persons(customer, rule.vip_only):
        born = person.birthday
        if born is None:
            continue
        # The year after the range may hold a birthday whose gift falls in it; the calendar
        # ends in LAST_YEAR.
        for year in range(max(start.year, born.year + 1), min(end.year + 1, LAST_YEAR) + 1):
            day = ctx.birthday(born, year)
            send = ctx.previous_allowed(day, rule.channel)
            if start <= send <= end:
                _fixed(
                    ctx,
                    drafts,
                    ScheduleRule.BIRTHDAY,
                    Purpose.BIRTHDAY_CARE,
                    rule.channel,
                    send,
                    send,
                    day,
                    f"birthday of {person.name} on {day}{ctx.texts['birthday']}",
                    person.id,
                    rule.send_at,
                )
            if gift_channel is None:
                continue
            gift = ctx.previous_allowed(ctx.subtract_working_days(day, 0), gift_channel)
            if start <= gift <= end:
                _fixed(
                    ctx,
                    drafts,
                    ScheduleRule.BIRTHDAY,
                    Purpose.BIRTHDAY_GIFT,
                    gift_channel,
                    gift,
                    gift,
                    day,
                    f"birthday of {person.name} on {day}: gift (flowers or a cake) "
                    f"delivered {gift}",
                    person.id,
                )


# -- recurring rules


def _chains(ctx: _Context, customer: Customer, done: list[_Done], drafts: list[_Draft]) -> None:
    """Run the recurring rules (cadences, active service) in order, adding their drafts."""
    chains = ctx.chains[(customer.grade, customer.installed_base)]
    for rule, purpose, channel, every, strength, wording in chains:
        history = [d[0] for d in done if d[2] >= strength]
        planned = sorted({d[0] for d in drafts if d[1] >= strength})
        _chain(
            ctx,
            drafts,
            rule,
            purpose,
            channel,
            every,
            wording,
            history,
            planned,
            customer.assigned_on,
        )


def _chain(
    ctx: _Context,
    drafts: list[_Draft],
    rule: ScheduleRule,
    purpose: Purpose,
    channel: Channel,
    every: Span,
    wording: str,
    history: list[date],
    planned: list[date],
    assigned_on: date | None,
) -> None:
    """One recurring rule: cover every window (last contact, last contact + every]."""
    start, end = ctx.start, ctx.end
    strength = _STRENGTH[channel]
    index = bisect.bisect_left(history, start)
    anchor: date | None
    if index:
        anchor = history[index - 1]
        since = f"last contact {anchor}"
    elif assigned_on is not None and assigned_on <= end:
        anchor = assigned_on
        since = f"no contact since assignment on {anchor}"
    else:
        anchor = None
        since = "no contact on record"
    while True:
        catch_up = False
        if anchor is None:
            target = ctx.next_allowed(start, channel)
            earliest = start
            catch_up = True
        else:
            raw = ctx.shifted(anchor, every)
            if raw.year > LAST_YEAR:
                return  # past the calendar's last year, hence past the range
            target = ctx.previous_allowed(raw, channel)
            if target <= anchor:
                # A rest period longer than the interval: the next allowed day is the best.
                target = ctx.next_allowed(anchor + _DAY, channel)
            earliest = anchor + _DAY
            if target < start:
                since += f", was due {target}"
                target = ctx.next_allowed(start, channel)
                earliest = start
                catch_up = True
        if target > end:
            return
        low = anchor if anchor is not None else start - _DAY
        # A contact done in the window restarts the chain from the latest one.
        if history:
            last = bisect.bisect_right(history, target)
            if last and history[last - 1] > low:
                anchor = history[last - 1]
                since = f"last contact {anchor}"
                continue
        # A contact already planned in the window carries this reason too: the latest one on
        # a day this rule's channel may go (an e-mail cannot ride on a rest-day text).
        last = bisect.bisect_right(planned, target)
        host = None
        while last and planned[last - 1] > low:
            if ctx.next_allowed(planned[last - 1], channel) == planned[last - 1]:
                host = planned[last - 1]
                break
            last -= 1
        due = target if host is None else host
        text = f"{wording}; {since}"
        if catch_up and host is None:
            text += " — catch up"
        reason = Reason(
            rule=rule,
            purpose=purpose,
            channel=channel,
            text=text,
            earliest=earliest,
            deadline=target,
            trigger=anchor,
        )
        drafts.append((due, strength, None, reason))
        anchor = due
        since = f"previous contact planned {due}"


# -- de-duplication


def _merge(ctx: _Context, customer: Customer, drafts: list[_Draft]) -> tuple[Touchpoint, ...]:
    """One touchpoint per day: the day's drafts merged (rule 11).

    A reason bound to hours that share no time with the day's strongest reason (a call
    after a handover late in the day, merged with one due before noon) moves to its next
    usable day within its deadline, so that one contact in a touchpoint's window meets all
    its reasons; past the end of the range it belongs to a later plan.
    """
    by_day: dict[date, list[_Draft]] = {}
    for draft in drafts:
        found = by_day.get(draft[0])
        if found is None:
            by_day[draft[0]] = [draft]
        else:
            found.append(draft)
    customer_id, manager_id = customer.id, customer.manager_id
    days = sorted(by_day)
    touchpoints = []
    index = 0
    while index < len(days):
        day = days[index]
        group = by_day[day]
        if len(group) > 1 and any(d[3].trigger_at or d[3].deadline_at for d in group):
            group, moved = _share_time(ctx, day, group)
            for draft in moved:
                found = by_day.get(draft[0])
                if found is None:
                    by_day[draft[0]] = [draft]
                    bisect.insort(days, draft[0])
                else:
                    found.append(draft)
        touchpoints.append(_touchpoint(ctx, customer_id, manager_id, day, group))
        index += 1
    return tuple(touchpoints)


def _share_time(
    ctx: _Context, day: date, drafts: list[_Draft]
) -> tuple[list[_Draft], list[_Draft]]:
    """Split ``day``'s drafts into those that share a time window with its strongest reason
    and those moved to a later day (dropped past the end of the range).  A draft that has no
    later usable day before its deadline stays."""
    drafts.sort(key=_draft_order)
    strongest = max(d[1] for d in drafts)
    primary = next(d for d in drafts if d[1] == strongest)
    channel = primary[3].channel
    not_before, not_after = _bounds_on(ctx, day, primary[3], None, None)
    kept = [primary]
    moved: list[_Draft] = []
    for draft in drafts:
        if draft is primary:
            continue
        reason = draft[3]
        low, high = _bounds_on(ctx, day, reason, not_before, not_after)
        if ctx.window(day, channel, low, high) is not None:
            kept.append(draft)
            not_before, not_after = low, high
            continue
        later = ctx.first_day(
            reason.channel, day + _DAY, reason.deadline, reason.trigger_at, reason.deadline_at
        )
        if later is None:
            kept.append(draft)
        elif later <= ctx.end:
            moved.append((later, draft[1], draft[2], reason))
    return kept, moved


def _bounds_on(
    ctx: _Context,
    day: date,
    reason: Reason,
    not_before: datetime | None,
    not_after: datetime | None,
) -> tuple[datetime | None, datetime | None]:
    """``not_before`` and ``not_after`` narrowed by the hours ``reason`` sets on ``day``.

    Its trigger and deadline are instants, compared in UTC with the day's hours: on most days
    only those of their own day can cut them, but where the clocks once went back across
    midnight (America/Goose_Bay until 2010: 00:01 back to 23:01) the first minute of a day
    came before the last hour of the day before.  A deadline whose day is past (a reason
    planned late) sets no hours.
    """
    low, high = reason.trigger_at, reason.deadline_at
    if low is not None and (not_before is None or low > not_before):
        not_before = low
    if high is not None and ctx.local_day(high) >= day and (not_after is None or high < not_after):
        not_after = high
    return not_before, not_after


def _draft_order(draft: _Draft) -> tuple[int, str, str, int]:
    reason = draft[3]
    return (
        _RULE_ORDER[reason.rule],
        reason.key_person_id or "",
        reason.reference_id or "",
        _PURPOSE_ORDER[reason.purpose],
    )


def _touchpoint(
    ctx: _Context, customer_id: str, manager_id: str, day: date, drafts: list[_Draft]
) -> Touchpoint:
    if len(drafts) == 1:
        # The common case, kept short: one reason, its own window.
        _, _, wanted, only = drafts[0]
        if only.trigger_at is None and only.deadline_at is None:
            window = ctx.window(day, only.channel, None, None, wanted)
        else:
            # No usable moment before the deadline (see _event): the day's own hours.
            window = _reason_window(ctx, day, only, wanted) or ctx.window(
                day, only.channel, None, None, wanted
            )
        assert window is not None  # every day planned has time for its channel (_allowed)
        return Touchpoint(
            customer_id=customer_id,
            manager_id=manager_id,
            due=day,
            earliest=only.earliest,
            deadline=only.deadline,
            window_start=window[0],
            window_end=window[1],
            channel=only.channel,
            purpose=only.purpose,
            rule=only.rule,
            reasons=(only,),
            key_person_ids=(only.key_person_id,) if only.key_person_id else (),
            deadline_at=only.deadline_at,
        )
    drafts.sort(key=_draft_order)
    strongest = max(d[1] for d in drafts)
    first = next(d for d in drafts if d[1] == strongest)
    primary = first[3]
    channel = primary.channel
    not_before: datetime | None = None
    prefer: time | None = None
    deadline_at: datetime | None = None
    not_after: datetime | None = None
    for draft in drafts:
        reason, wanted = draft[3], draft[2]
        not_before, not_after = _bounds_on(ctx, day, reason, not_before, not_after)
        high = reason.deadline_at
        if high is not None and (deadline_at is None or high < deadline_at):
            deadline_at = high
        if wanted is not None and (prefer is None or wanted > prefer):
            prefer = wanted
    window = ctx.window(day, channel, not_before, not_after, prefer)
    if window is None:
        # The merged constraints leave no time (a rare mix of hour deadlines and channels):
        # the strongest reason's own constraints decide.
        window = _reason_window(ctx, day, primary, first[2]) or ctx.window(day, channel)
    assert window is not None  # every day planned has time for its channel (_allowed)
    reasons = tuple(d[3] for d in drafts)
    persons = tuple(dict.fromkeys(r.key_person_id for r in reasons if r.key_person_id))
    return Touchpoint(
        customer_id=customer_id,
        manager_id=manager_id,
        due=day,
        earliest=max(r.earliest for r in reasons),
        deadline=min(r.deadline for r in reasons),
        window_start=window[0],
        window_end=window[1],
        channel=channel,
        purpose=primary.purpose,
        rule=primary.rule,
        reasons=reasons,
        key_person_ids=persons,
        deadline_at=deadline_at,
    )


def _reason_window(
    ctx: _Context, day: date, reason: Reason, prefer: time | None
) -> tuple[datetime, datetime] | None:
    """The time window of one reason on ``day``, with its own constraints (as in
    :func:`_bounds_on`)."""
    high = reason.deadline_at
    if high is not None and ctx.local_day(high) < day:
        high = None
    return ctx.window(day, reason.channel, reason.trigger_at, high, prefer)


# -- capacity


def _apply_capacity(
    ctx: _Context, plans: list[CustomerPlan]
) -> tuple[tuple[CapacityConflict, ...], int]:
    """Move on-site visits off manager days over capacity; report what cannot move."""
    limit = ctx.policy.capacity.max_on_site_per_day
    if limit is None:
        return (), 0
    # (manager, day) -> [(plan index, touchpoint index)] of on-site visits.
    load: dict[tuple[str, date], list[tuple[int, int]]] = {}
    busy: set[tuple[str, date]] = set()
    for p, plan in enumerate(plans):
        for t, touchpoint in enumerate(plan.touchpoints):
            busy.add((plan.customer_id, touchpoint.due))
            if touchpoint.channel is Channel.ON_SITE:
                load.setdefault((plan.manager_id, touchpoint.due), []).append((p, t))
    over = sorted(key for key, items in load.items() if len(items) > limit)
    if not over:
        return (), 0
    touchpoints = [list(plan.touchpoints) for plan in plans]
    conflicts: list[CapacityConflict] = []
    moved = 0
    for manager, day in over:
        items = load[(manager, day)]
        if len(items) <= limit:
            continue
        # Keep the visits that can least afford to move; move the latest deadlines first.
        items.sort(key=lambda i: (touchpoints[i[0]][i[1]].deadline, plans[i[0]].customer_id))
        stuck: list[str] = []
        for p, t in reversed(items[limit:]):
            touchpoint = touchpoints[p][t]
            customer_id = plans[p].customer_id
            target = _free_day(ctx, touchpoint, manager, customer_id, load, busy, limit)
            if target is None:
                stuck.append(customer_id)
                continue
            window = ctx.window(target, touchpoint.channel) or (
                touchpoint.window_start,
                touchpoint.window_end,
            )
            touchpoints[p][t] = attrs.evolve(
                touchpoint,
                due=target,
                window_start=window[0],
                window_end=window[1],
                moved_from=touchpoint.moved_from or day,
            )
            items.remove((p, t))
            load.setdefault((manager, target), []).append((p, t))
            busy.discard((customer_id, day))
            busy.add((customer_id, target))
            moved += 1
        if stuck:
            conflicts.append(
                CapacityConflict(
                    manager_id=manager,
                    day=day,
                    capacity=limit,
                    load=len(items),
                    customer_ids=tuple(sorted(stuck)),
                )
            )
    for p, plan in enumerate(plans):
        if any(t.moved_from is not None for t in touchpoints[p]):
            ordered = tuple(sorted(touchpoints[p], key=lambda t: t.due))
            plans[p] = attrs.evolve(plan, touchpoints=ordered)
    return tuple(conflicts), moved


def _free_day(
    ctx: _Context,
    touchpoint: Touchpoint,
    manager: str,
    customer_id: str,
    load: dict[tuple[str, date], list[tuple[int, int]]],
    busy: set[tuple[str, date]],
    limit: int,
) -> date | None:
    """The nearest day in the touchpoint's window (earlier first on a tie) with room."""
    low = max(touchpoint.earliest, ctx.start)
    high = min(touchpoint.deadline, ctx.end)
    day = touchpoint.due
    for distance in range(1, (high - low).days + 1):
        for candidate in (day - timedelta(days=distance), day + timedelta(days=distance)):
            if not low <= candidate <= high or not ctx.working(candidate):
                continue
            if not ctx.intervals(candidate, touchpoint.channel):  # the clocks skip its hours
                continue
            if (customer_id, candidate) in busy:
                continue
            if len(load.get((manager, candidate), ())) >= limit:
                continue
            deadline_at = touchpoint.deadline_at
            if (
                deadline_at is not None
                and ctx.window(candidate, touchpoint.channel, None, deadline_at) is None
            ):
                continue
            return candidate
    return None


# ================================================================================== presets
#
# Every seed-derived or default value of the scheduling family, in one place.  [seed NNN]
# cites the source document; [default] marks a number that is ours (the seeds name the
# practice only).

SEED_CADENCE = CadenceRule(
    cadences=(
        Cadence(grade=Grade.A, channel=Channel.ON_SITE, every=Span(count=1, unit=SpanUnit.MONTH)),
        Cadence(grade=Grade.A, channel=Channel.PHONE, every=Span(count=2, unit=SpanUnit.WEEK)),
        Cadence(grade=Grade.B, channel=Channel.ON_SITE, every=Span(count=3, unit=SpanUnit.MONTH)),
        Cadence(grade=Grade.B, channel=Channel.PHONE, every=Span(count=1, unit=SpanUnit.MONTH)),
        Cadence(grade=Grade.C, channel=Channel.PHONE, every=Span(count=3, unit=SpanUnit.MONTH)),
        Cadence(grade=Grade.D, channel=Channel.PHONE, every=Span(count=6, unit=SpanUnit.MONTH)),
    )
)
"""Rule 1: A — on-site monthly and a call every 2 weeks; B — on-site quarterly and a call
monthly; C — a call quarterly; D — a call half-yearly.

The layering is [seed 002 "按照 a/b/cd 集团客户分类, 客户经理分层分级开展日常拜访活动"; seed 003
"按照分级管理规定,定期对所服务的客户进行不同形式的访问"]; the intervals are [default]."""

SEED_FIRST_CONTACT = DeadlineRule(
    channel=Channel.PHONE, within=Span(count=1, unit=SpanUnit.WEEK), from_next_day=False
)
"""Rule 2: a newly assigned customer is contacted within one week [seed 002 "应在一周内与客户
进行沟通"], by phone from the day of assignment [default]."""

SEED_SERVICE_REVISIT = ServiceRevisitRule(
    channel=Channel.PHONE,
    within=Span(count=3, unit=SpanUnit.WORKING_DAY),
    from_next_day=True,
    non_members=True,
)
"""Rule 3: revisit within three working days of a service [seed 002 "必须保证在三天之内回访"],
member customers always [seed 002 "必须保证会员客户的100%的回访"].  Counting working days,
calling, starting the day after the service and revisiting non-members too are [default]."""

SEED_WARRANTY = WarrantyRule(
    channel=Channel.PHONE,
    handover_within=Span(count=3, unit=SpanUnit.WORKING_HOUR),
    acceptance_within=Span(count=3, unit=SpanUnit.WORKING_DAY),
    every=Span(count=3, unit=SpanUnit.MONTH),
    min_callbacks=3,
)
"""Rule 4: a call within 3 hours of handover and within 3 days of acceptance, a phone revisit
every 3 months of the warranty, at least 3 of them [seed 004 篇5 "每3个月电话回访一次,电话回访
次数不得少于3次;交底后3小时内、验收后3日内,必须电话服务"].  Reading the hours and days as
working hours and working days is [default]."""

SEED_COMPLAINT_REVISIT = DeadlineRule(
    channel=Channel.PHONE, within=Span(count=3, unit=SpanUnit.WORKING_DAY), from_next_day=True
)
"""Rule 5: revisit the customer after the complaint is handled [seed 004 篇8 "对用户投诉的处理
结果进行回访"]; within 3 working days, like a service revisit, is [default]."""

SEED_FESTIVAL = FestivalRule(
    festivals=(
        Festival.NEW_YEAR,
        Festival.SPRING_FESTIVAL,
        Festival.DRAGON_BOAT,
        Festival.MID_AUTUMN,
    ),
    channel=Channel.SMS,
    send_at=time(9, 0),
    visit_grades=(Grade.A,),
    visit_festivals=(Festival.SPRING_FESTIVAL, Festival.MID_AUTUMN),
    visit_channel=Channel.ON_SITE,
    visit_working_days=5,
)
"""Rule 6: key persons are greeted by phone or SMS on New Year's Day, Spring Festival, Dragon
Boat and Mid-Autumn; key enterprises may get an on-site visit during some festivals [seed 002
"节假日可以通过电话、短信方式对集团关键人进行节日问候;节假日为:元旦、春节、端午、中秋。可选择在
部分节日期间对重点企业进行上门拜访"].  SMS at 09:00, visits to grade A in the 5 working days
before Spring Festival and Mid-Autumn are [default]."""

SEED_BIRTHDAY = BirthdayRule(channel=Channel.SMS, send_at=time(9, 0), gift_channel=Channel.ON_SITE)
"""Rule 7: an SMS plus flowers or a cake on a key person's birthday [seed 002 "集团关键人生日时
可以采用短信问候和赠送鲜花、蛋糕相结合的方式"].  The SMS at 09:00 and the gift delivered on site
on the last working day before the birthday (or on it) are [default]."""

SEED_ACTIVE_SERVICE = ActiveServiceRule(
    channel=Channel.PHONE, every=Span(count=3, unit=SpanUnit.MONTH)
)
"""Rule 8: installed-base customers are revisited at a fixed frequency; the seed's second round
came one quarter after the first [seed 004 篇1 "对录入好的在用大客户分店进行一定频率的回访" …
"一个季度后, 第二次回访开始了"].  By phone every 3 months."""

SEED_RETENTION = DeadlineRule(
    channel=Channel.PHONE, within=Span(count=2, unit=SpanUnit.WORKING_DAY), from_next_day=False
)
"""Rule 9: a customer with a tendency to leave is contacted for retention at once and reported
upward [seed 002 客户挽留 "对于有离网倾向的客户,客户经理应及时进行挽留 … 通过上报机制层层上报"];
a call within 2 working days is [default]."""

SEED_COURTESY = CourtesyRule(
    rest_day_channels=(Channel.SMS, Channel.EMAIL, Channel.WECHAT, Channel.LETTER),
    message_hours=DailyHours(start=time(8, 0), end=time(21, 0)),
)
"""Rule 10: never disturb a customer at rest [seed 002 "避免在客户休息时打扰客户"]; calls and
visits in working hours (the calendar's, [seed 004 篇5 作息时间]).  Messages on any day, from
08:00 to 21:00, are [default]."""

SEED_CAPACITY = CapacityRule(max_on_site_per_day=4)
"""Rule 12: at most 4 on-site visits per manager per day [default; the seeds set no limit]."""

SEED_SCHEDULING = SchedulingPolicy(
    name="seed-scheduling",
    version="1",
    cadence=SEED_CADENCE,
    first_contact=SEED_FIRST_CONTACT,
    service_revisit=SEED_SERVICE_REVISIT,
    warranty=SEED_WARRANTY,
    complaint_revisit=SEED_COMPLAINT_REVISIT,
    festival=SEED_FESTIVAL,
    birthday=SEED_BIRTHDAY,
    active_service=SEED_ACTIVE_SERVICE,
    retention=SEED_RETENTION,
    courtesy=SEED_COURTESY,
    capacity=SEED_CAPACITY,
)
"""The scheduling policy of SPEC §3.2 with every preset above; prospects, active and at-risk
customers are planned, lost customers are not [default]."""
