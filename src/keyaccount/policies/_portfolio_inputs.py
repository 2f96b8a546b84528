"""A portfolio's customers and figures, checked to match one to one (for the grading calls).

``grade_portfolio``, ``score_portfolio`` and the scale-out's ``grade_partition`` and
``grading_tally`` take customers and their figures as two iterables.  They are checked here,
once for all of them, with errors that name the first bad entry (``customers[3].id``,
``figures[7].period``).
"""

from __future__ import annotations

from collections.abc import Iterable

from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import Period
from keyaccount.errors import ValidationError


def _as_list(items: object, name: str, what: str) -> list[object]:
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError.of(name, items, f"an iterable of {what}")
    return list(items)


def read_customers(customers: Iterable[Customer]) -> dict[str, Customer]:
    """Customers by id; each must be a :class:`Customer`, each id once."""
    profiles: dict[str, Customer] = {}
    for index, customer in enumerate(_as_list(customers, "customers", "Customer")):
        if not isinstance(customer, Customer):
            raise ValidationError.of(f"customers[{index}]", customer, "a Customer")
        if customer.id in profiles:
            raise ValidationError.of(f"customers[{index}].id", customer.id, "a unique customer id")
        profiles[customer.id] = customer
    return profiles


def read_figures(
    figures: Iterable[AccountFigures],
) -> tuple[dict[str, AccountFigures], Period | None]:
    """Figures by customer id and their common period (``None`` when there are none).

    Each must be :class:`AccountFigures`, each customer's once, all of one period.
    """
    by_id: dict[str, AccountFigures] = {}
    period: Period | None = None
    for index, item in enumerate(_as_list(figures, "figures", "AccountFigures")):
        if not isinstance(item, AccountFigures):
            raise ValidationError.of(f"figures[{index}]", item, "AccountFigures")
        if item.customer_id in by_id:
            raise ValidationError.of(
                f"figures[{index}].customer_id", item.customer_id, "each customer's figures once"
            )
        if period is None:
            period = item.period
        elif item.period is not period and item.period != period:
            raise ValidationError.of(
                f"figures[{index}].period", str(item.period), f"{period} like the other figures"
            )
        by_id[item.customer_id] = item
    return by_id, period


def match_portfolio(
    customers: Iterable[Customer], figures: Iterable[AccountFigures]
) -> tuple[dict[str, Customer], dict[str, AccountFigures], Period | None]:
    """Customers and figures by customer id, and the figures' period: one figure per customer.

    The usual case — right types, no duplicates, one period — is checked in bulk; otherwise
    the inputs are read one by one so that the error names the first bad entry.
    """
    people = _as_list(customers, "customers", "Customer")
    items = _as_list(figures, "figures", "AccountFigures")
    if set(map(type, people)) <= {Customer} and set(map(type, items)) <= {AccountFigures}:
        checked_people: list[Customer] = people  # type: ignore[assignment]
        checked_items: list[AccountFigures] = items  # type: ignore[assignment]
        profiles = {customer.id: customer for customer in checked_people}
        by_id = {item.customer_id: item for item in checked_items}
        periods: list[Period | None] = [item.period for item in checked_items]
        period = periods[0] if periods else None
        if (
            len(profiles) == len(people)
            and len(by_id) == len(items)
            and by_id.keys() == profiles.keys()
            and periods.count(period) == len(periods)
        ):
            return profiles, by_id, period
    profiles = read_customers(people)  # type: ignore[arg-type]
    by_id, period = read_figures(items)  # type: ignore[arg-type]
    for index, customer_id in enumerate(by_id):
        if customer_id not in profiles:
            raise ValidationError.of(
                f"figures[{index}].customer_id", customer_id, "a customer of the portfolio"
            )
    if len(by_id) < len(profiles):
        missing = sorted(set(profiles) - set(by_id))
        raise ValidationError.of("figures", missing[0], "figures for every customer")
    return profiles, by_id, period
