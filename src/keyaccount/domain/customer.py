"""Customers 客户, their key persons 关键人 and their figures for a period.

A :class:`Customer` is the identity and profile; :class:`AccountFigures` holds what was measured
for one customer in one period (revenue, gross profit, payments …), so figures can change every
month without touching the identity.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
from attrs import frozen

from keyaccount.domain.transitions import check_transition
from keyaccount.domain.values import (
    CreditLevel,
    Grade,
    Identifier,
    LabelledEnum,
    Money,
    Period,
    identifier,
)
from keyaccount.errors import ValidationError
from keyaccount.validation import (
    between,
    each,
    instance_of,
    non_negative,
    optional,
    plain_date,
    require_day,
    text,
    to_optional_decimal,
    to_tuple,
)

__all__ = [
    "STATUS_TRANSITIONS",
    "AccountFigures",
    "Confidentiality",
    "Contact",
    "ContactRole",
    "Customer",
    "CustomerKind",
    "CustomerStatus",
]

PHONE_PATTERN = r"\+?[0-9][0-9 \-]{4,19}"
EMAIL_PATTERN = r"[^@\s]+@[^@\s]+\.[^@\s]+"


class CustomerKind(LabelledEnum):
    """Kind of customer [seed 003 tables 4.67/4.68]."""

    LEGAL_ENTITY = "legal-entity", "法人客户"
    NATURAL_PERSON = "natural-person", "自然人客户"


class CustomerStatus(LabelledEnum):
    """Lifecycle status [seed 002 客户挽留 "离网的预警体系"]."""

    PROSPECT = "prospect", "潜在客户"
    ACTIVE = "active", "在网客户"
    AT_RISK = "at-risk", "离网倾向"
    LOST = "lost", "离网客户"


STATUS_TRANSITIONS: dict[CustomerStatus, frozenset[CustomerStatus]] = {
    CustomerStatus.PROSPECT: frozenset({CustomerStatus.ACTIVE, CustomerStatus.LOST}),
    CustomerStatus.ACTIVE: frozenset({CustomerStatus.AT_RISK, CustomerStatus.LOST}),
    CustomerStatus.AT_RISK: frozenset({CustomerStatus.ACTIVE, CustomerStatus.LOST}),
    CustomerStatus.LOST: frozenset({CustomerStatus.ACTIVE}),
}
"""Allowed status changes: retained customers go back to active, lost ones may be won back."""


class Confidentiality(LabelledEnum):
    """Confidentiality level of customer data 密级 [seed 003 1.3], lowest first."""

    PUBLIC = "public", "公开"
    INTERNAL = "internal", "内部"
    CONFIDENTIAL = "confidential", "秘密"
    SECRET = "secret", "机密"

    @property
    def rank(self) -> int:
        """0 for public … 3 for secret."""
        return list(Confidentiality).index(self)


class ContactRole(LabelledEnum):
    """Role of a key person at the customer [seed 000 "找出客户关键负责人和决策人"]."""

    DECISION_MAKER = "decision-maker", "决策人"
    EXECUTIVE = "executive", "高层"
    PURCHASING = "purchasing", "采购负责人"
    TECHNICAL = "technical", "技术负责人"
    FINANCE = "finance", "财务负责人"
    OPERATOR = "operator", "经办人"
    OTHER = "other", "其他"


@frozen(kw_only=True)
class Contact:
    """A key person 关键人 at the customer [seed 002; seed 000].

    Fields:
        id: contact identifier, unique within the customer.
        name: the person's name.
        role: what they do for the customer (decision maker, purchasing …).
        phones: phone numbers, digits with optional leading ``+``, spaces or dashes.
        email: optional e-mail address.
        birthday: optional date of birth (its month and day drive birthday care).
        vip: VIP service flag — key persons of group customers are VIP
            ("将集团客户中关键人列为 vip 客户" [seed 002]).
    """

    id: Identifier = attrs.field(validator=identifier(what="contact id"))
    name: str = attrs.field(validator=text(max_length=100))
    role: ContactRole = attrs.field(default=ContactRole.OTHER, validator=instance_of(ContactRole))
    phones: tuple[str, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(text(max_length=24, pattern=PHONE_PATTERN, what="a phone number")),
    )
    email: str | None = attrs.field(
        default=None,
        validator=optional(text(max_length=200, pattern=EMAIL_PATTERN, what="an e-mail address")),
    )
    birthday: date | None = attrs.field(default=None, validator=optional(plain_date))
    vip: bool = attrs.field(default=False, validator=instance_of(bool))


def _unique_contacts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    each(instance_of(Contact), container="contacts")(instance, attribute, value)
    seen: set[str] = set()
    for index, contact in enumerate(value):
        if contact.id in seen:
            raise ValidationError.of(f"contacts[{index}].id", contact.id, "a unique contact id")
        seen.add(contact.id)


@frozen(kw_only=True)
class Customer:
    """A customer 客户 of the key-account department: identity and profile.

    Fields:
        id: customer identifier.
        name: the customer's name.
        kind: legal entity 法人 or natural person 自然人.
        manager_id: the assigned account manager (only they maintain the data [seed 002]).
        assigned_on: the day the current manager was assigned (drives first contact).
        status: prospect / active / at risk / lost.
        grade: customer grade A–D, ``None`` until graded.
        credit_level: credit level A–D, ``None`` until rated.
        industry: industry name, free text.
        region: region or area 区域.
        member: a member customer 会员客户 — always revisited after service [seed 002].
        group: a group customer 集团客户 whose key persons get VIP service [seed 002].
        encouraged_industry: the industry is one the state encourages
            (是否是国家重点鼓励支持发展行业 [seed 004 §4.3]).
        industry_leader: has a clear competitive advantage in its industry
            (在同业中是否具有明显竞争的优势 [seed 004 §4.3]).
        cooperation_since: first day of business with the company (loyalty).
        installed_base: has the company's products installed, so active service applies
            [seed 004 篇1].
        confidentiality: 密级 of the customer's data [seed 003 1.3].
        contacts: key persons 关键人.
    """

    id: Identifier = attrs.field(validator=identifier(what="customer id"))
    name: str = attrs.field(validator=text(max_length=200))
    manager_id: Identifier = attrs.field(validator=identifier(what="staff id"))
    kind: CustomerKind = attrs.field(
        default=CustomerKind.LEGAL_ENTITY, validator=instance_of(CustomerKind)
    )
    assigned_on: date | None = attrs.field(default=None, validator=optional(plain_date))
    status: CustomerStatus = attrs.field(
        default=CustomerStatus.ACTIVE, validator=instance_of(CustomerStatus)
    )
    grade: Grade | None = attrs.field(default=None, validator=optional(instance_of(Grade)))
    credit_level: CreditLevel | None = attrs.field(
        default=None, validator=optional(instance_of(CreditLevel))
    )
    industry: str | None = attrs.field(default=None, validator=optional(text(max_length=100)))
    region: str | None = attrs.field(default=None, validator=optional(text(max_length=100)))
    member: bool = attrs.field(default=False, validator=instance_of(bool))
    group: bool = attrs.field(default=False, validator=instance_of(bool))
    encouraged_industry: bool = attrs.field(default=False, validator=instance_of(bool))
    industry_leader: bool = attrs.field(default=False, validator=instance_of(bool))
    cooperation_since: date | None = attrs.field(default=None, validator=optional(plain_date))
    installed_base: bool = attrs.field(default=False, validator=instance_of(bool))
    confidentiality: Confidentiality = attrs.field(
        default=Confidentiality.CONFIDENTIAL, validator=instance_of(Confidentiality)
    )
    contacts: tuple[Contact, ...] = attrs.field(
        default=(), converter=to_tuple, validator=_unique_contacts
    )

    def with_status(self, status: CustomerStatus) -> Customer:
        """A copy in ``status``; an illegal change raises TransitionError."""
        check_transition(f"customer {self.id}", STATUS_TRANSITIONS, self.status, status)
        return attrs.evolve(self, status=status)

    def assign_to(self, manager_id: str, on: date) -> Customer:
        """A copy assigned to ``manager_id`` from ``on`` (first contact is then due)."""
        return attrs.evolve(self, manager_id=manager_id, assigned_on=on)

    def key_persons(self) -> tuple[Contact, ...]:
        """The contacts, with group customers' key persons marked VIP [seed 002]."""
        if not self.group:
            return self.contacts
        return tuple(c if c.vip else attrs.evolve(c, vip=True) for c in self.contacts)

    def years_of_cooperation(self, as_of: date) -> int:
        """Whole years from ``cooperation_since`` to ``as_of`` (0 if unknown or in the future)."""
        require_day(as_of, "as_of")
        start = self.cooperation_since
        if start is None or start > as_of:
            return 0
        years = as_of.year - start.year
        if (as_of.month, as_of.day) < (start.month, start.day):
            years -= 1
        return years


def _same_currency(instance: AccountFigures) -> None:
    currency = instance.revenue.currency
    for name in ("gross_profit", "previous_revenue", "receivables", "overdue_receivables"):
        value = getattr(instance, name)
        if value is not None and value.currency != currency:
            raise ValidationError.of(f"{name}.currency", value.currency, f"{currency} like revenue")


@frozen(kw_only=True)
class AccountFigures:
    """What was measured for one customer in one period (客户经营数据).

    Used by grading, credit rating and retention warning.  All amounts share one currency.

    Fields:
        customer_id: whose figures these are.
        period: the month, quarter or year measured.
        revenue: sales 销售额 in the period.
        gross_profit: gross profit 毛利 [seed 003 4.66].
        previous_revenue: revenue of the previous period, for growth (``None`` if unknown).
        receivables: amounts billed and not yet paid at the period end 应收账款.
        overdue_receivables: the part of ``receivables`` past its due date 逾期应收.
        on_time_payment_rate: share of payments made on time, 0–1 [seed 004 "客户信用记录"].
        max_days_overdue: the longest any payment was overdue, in days.
        member_count: members/branches of a group customer [seed 002 "集团客户成员规模"].
        satisfaction: satisfaction score 0–100, ``None`` if not surveyed.
        open_complaints: complaints not yet closed at the period end.
    """

    customer_id: Identifier = attrs.field(validator=identifier(what="customer id"))
    period: Period = attrs.field(validator=instance_of(Period))
    revenue: Money = attrs.field(validator=instance_of(Money))
    gross_profit: Money = attrs.field(validator=instance_of(Money))
    previous_revenue: Money | None = attrs.field(
        default=None, validator=optional(instance_of(Money))
    )
    receivables: Money | None = attrs.field(default=None, validator=optional(instance_of(Money)))
    overdue_receivables: Money | None = attrs.field(
        default=None, validator=optional(instance_of(Money))
    )
    on_time_payment_rate: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(between(0, 1))
    )
    max_days_overdue: int = attrs.field(default=0, validator=non_negative)
    member_count: int | None = attrs.field(default=None, validator=optional(non_negative))
    satisfaction: Decimal | None = attrs.field(
        default=None, converter=to_optional_decimal, validator=optional(between(0, 100))
    )
    open_complaints: int = attrs.field(default=0, validator=non_negative)

    def __attrs_post_init__(self) -> None:
        _same_currency(self)
        if (
            self.receivables is not None
            and self.overdue_receivables is not None
            and self.overdue_receivables > self.receivables
        ):
            raise ValidationError.of(
                "overdue_receivables",
                self.overdue_receivables.amount,
                f"at most the receivables ({self.receivables.amount})",
            )

    @property
    def growth(self) -> Decimal | None:
        """Revenue growth vs the previous period as a fraction (0.1 = +10 %), if known."""
        if self.previous_revenue is None or self.previous_revenue.is_zero():
            return None
        return self.revenue.ratio(self.previous_revenue) - 1

    @property
    def overdue_share(self) -> Decimal:
        """Overdue receivables as a share of receivables, 0–1 (0 when nothing is owed)."""
        if self.receivables is None or self.overdue_receivables is None:
            return Decimal(0)
        if self.receivables.is_zero():
            return Decimal(0)
        return self.overdue_receivables.ratio(self.receivables)
