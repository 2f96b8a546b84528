"""A portfolio 客户资源库: everything a department knows, in one validated value.

Customers, their figures per period, staff and their superiors, and the history — visits,
services, complaints, contracts and appraisals.  References between them are checked when the
portfolio is built (a visit of an unknown customer, a customer of an unknown manager …), with
the path of the bad reference in the error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

import attrs
from attrs import frozen

from keyaccount.domain.appraisal import Appraisal
from keyaccount.domain.complaint import Complaint
from keyaccount.domain.contract import Contract
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.staff import AccountManager, OrgChart
from keyaccount.domain.values import Period
from keyaccount.domain.visit import ServiceRecord, Visit
from keyaccount.errors import Problem, ValidationError
from keyaccount.validation import each, instance_of, optional, plain_date, text, to_tuple

__all__ = ["CustomerHistory", "Portfolio"]


@frozen(kw_only=True)
class CustomerHistory:
    """One customer's history 客户档案: visits, services, complaints and contracts, oldest first."""

    customer: Customer
    visits: tuple[Visit, ...] = ()
    services: tuple[ServiceRecord, ...] = ()
    complaints: tuple[Complaint, ...] = ()
    contracts: tuple[Contract, ...] = ()


@frozen(kw_only=True)
class Portfolio:
    """A department's customers, staff and history (客户资源库).

    Fields:
        name: a name for the portfolio (shown in reports).
        as_of: the day the data was taken, if known.
        staff: account managers and their superiors.
        customers: the customers.
        figures: per-customer figures per period.
        visits, services, complaints, contracts, appraisals: the history.

    Ids are unique per kind; every reference (manager, customer, staff) must resolve.
    """

    name: str = attrs.field(default="portfolio", validator=text(max_length=200))
    as_of: date | None = attrs.field(default=None, validator=optional(plain_date))
    staff: tuple[AccountManager, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(AccountManager), container="staff"),
    )
    customers: tuple[Customer, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance_of(Customer), container="customers")
    )
    figures: tuple[AccountFigures, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(AccountFigures), container="figures"),
    )
    visits: tuple[Visit, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance_of(Visit), container="visits")
    )
    services: tuple[ServiceRecord, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(ServiceRecord), container="services"),
    )
    complaints: tuple[Complaint, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(Complaint), container="complaints"),
    )
    contracts: tuple[Contract, ...] = attrs.field(
        default=(), converter=to_tuple, validator=each(instance_of(Contract), container="contracts")
    )
    appraisals: tuple[Appraisal, ...] = attrs.field(
        default=(),
        converter=to_tuple,
        validator=each(instance_of(Appraisal), container="appraisals"),
    )
    _org: OrgChart = attrs.field(init=False, eq=False, repr=False, hash=False)
    _customers: Mapping[str, Customer] = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        org = OrgChart.of(self.staff)  # its errors already name staff[i]
        problems: list[Problem] = []
        customers: dict[str, Customer] = {}
        for index, customer in enumerate(self.customers):
            if customer.id in customers:
                problems.append(Problem(f"customers[{index}].id", customer.id, "a unique id"))
            customers[customer.id] = customer
            if customer.manager_id not in org:
                problems.append(
                    Problem(f"customers[{index}].manager_id", customer.manager_id, "a staff id")
                )
        refs: tuple[tuple[str, tuple[Any, ...], str, Any, str], ...] = (
            ("figures", self.figures, "customer_id", customers, "a customer id"),
            ("visits", self.visits, "customer_id", customers, "a customer id"),
            ("services", self.services, "customer_id", customers, "a customer id"),
            ("complaints", self.complaints, "customer_id", customers, "a customer id"),
            ("contracts", self.contracts, "customer_id", customers, "a customer id"),
            ("visits", self.visits, "manager_id", org, "a staff id"),
            ("complaints", self.complaints, "responsible_id", org, "a staff id"),
            ("contracts", self.contracts, "manager_id", org, "a staff id"),
            ("appraisals", self.appraisals, "staff_id", org, "a staff id"),
        )
        for field, items, key, known, expected in refs:
            for index, item in enumerate(items):
                if getattr(item, key) not in known:
                    problems.append(
                        Problem(f"{field}[{index}].{key}", getattr(item, key), expected)
                    )
        for field in ("visits", "services", "complaints", "contracts"):
            seen: set[str] = set()
            for index, item in enumerate(getattr(self, field)):
                if item.id in seen:
                    problems.append(Problem(f"{field}[{index}].id", item.id, "a unique id"))
                seen.add(item.id)
        if problems:
            raise ValidationError(problems)
        object.__setattr__(self, "_org", org)
        object.__setattr__(self, "_customers", customers)

    # -- lookups

    @property
    def org(self) -> OrgChart:
        """The org chart of :attr:`staff`."""
        return self._org

    def customer(self, customer_id: str) -> Customer:
        """The customer with ``customer_id``; a ValidationError names an unknown id."""
        try:
            return self._customers[customer_id]
        except (KeyError, TypeError):  # TypeError: an unhashable id
            raise ValidationError.of("customer_id", customer_id, "a customer id") from None

    def figures_for(self, period: Period) -> dict[str, AccountFigures]:
        """Figures of ``period``, keyed by customer id."""
        return {f.customer_id: f for f in self.figures if f.period == period}

    def periods(self) -> tuple[Period, ...]:
        """Every period that has figures, oldest first (one kind at a time is typical)."""
        return tuple(sorted({f.period for f in self.figures}, key=lambda p: (p.start, p.end)))

    def histories(self) -> dict[str, CustomerHistory]:
        """Every customer's history, keyed by customer id (in customer order)."""
        grouped: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for name in ("visits", "services", "complaints", "contracts"):
            for item in getattr(self, name):
                grouped[item.customer_id][name].append(item)
        return {
            c.id: CustomerHistory(
                customer=c,
                visits=tuple(grouped[c.id]["visits"]),
                services=tuple(grouped[c.id]["services"]),
                complaints=tuple(grouped[c.id]["complaints"]),
                contracts=tuple(grouped[c.id]["contracts"]),
            )
            for c in self.customers
        }

    def customers_of(self, manager_id: str) -> tuple[Customer, ...]:
        """The customers assigned to ``manager_id``."""
        return tuple(c for c in self.customers if c.manager_id == manager_id)
