"""Tests for ``keyaccount.domain.portfolio``: reference checks and lookups.

Written against mutation testing: before them no test built a ``Portfolio``, so every mutant
of it survived unnoticed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from keyaccount.domain import (
    AccountFigures,
    AccountManager,
    Channel,
    Complaint,
    Contract,
    Customer,
    Money,
    Period,
    ServiceRecord,
    Visit,
)
from keyaccount.domain.appraisal import Appraisal, IndicatorResult
from keyaccount.domain.portfolio import CustomerHistory, Portfolio
from keyaccount.errors import ValidationError

AT = datetime(2025, 3, 3, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
STAFF = (
    AccountManager(id="gm", name="Zhao Lei"),
    AccountManager(id="m-1", name="Chen Jing", superior_id="gm"),
    AccountManager(id="m-2", name="Li Na", superior_id="gm"),
)
NORTH = Customer(id="c-1", name="Huabei Steel", manager_id="m-1")
SOUTH = Customer(id="c-2", name="Nanfang Glass", manager_id="m-2")


def figures(customer_id: str, period: Period) -> AccountFigures:
    """Revenue of 100 yuan for ``customer_id`` in ``period``."""
    return AccountFigures(
        customer_id=customer_id,
        period=period,
        revenue=Money.of(100),
        gross_profit=Money.of(20),
    )


def visit(id: str, customer_id: str, manager_id: str = "m-1") -> Visit:
    """A phone visit planned for 3 March 2025."""
    return Visit(
        id=id,
        customer_id=customer_id,
        manager_id=manager_id,
        channel=Channel.PHONE,
        planned_on=date(2025, 3, 3),
    )


def service(id: str, customer_id: str) -> ServiceRecord:
    """A service delivered on 3 March 2025."""
    return ServiceRecord(id=id, customer_id=customer_id, delivered_at=AT)


def complaint(id: str, customer_id: str, responsible_id: str = "m-1") -> Complaint:
    """A complaint received on 3 March 2025."""
    return Complaint(id=id, customer_id=customer_id, received_at=AT, responsible_id=responsible_id)


def contract(id: str, customer_id: str, manager_id: str = "m-1") -> Contract:
    """A draft contract for 2025."""
    return Contract(
        id=id,
        customer_id=customer_id,
        manager_id=manager_id,
        value=Money.of(1000),
        start=date(2025, 1, 1),
        end=date(2025, 12, 31),
    )


def appraisal(staff_id: str) -> Appraisal:
    """A March 2025 appraisal with one rated indicator."""
    return Appraisal(
        staff_id=staff_id,
        period=Period.month(2025, 3),
        results=[IndicatorResult.rated("attitude", 90)],
    )


def portfolio(**fields: Any) -> Portfolio:
    """Two customers of two managers, with history; ``fields`` replace parts."""
    base: dict[str, Any] = {
        "name": "North and South",
        "staff": STAFF,
        "customers": (NORTH, SOUTH),
        "figures": (
            figures("c-1", Period.month(2025, 2)),
            figures("c-1", Period.month(2025, 1)),
            figures("c-2", Period.month(2025, 2)),
        ),
        "visits": (visit("v-1", "c-1"), visit("v-2", "c-2", "m-2"), visit("v-3", "c-1")),
        "services": (service("s-1", "c-2"),),
        "complaints": (complaint("q-1", "c-1"),),
        "contracts": (contract("k-1", "c-2", "m-2"),),
        "appraisals": (appraisal("m-1"),),
    }
    return Portfolio(**{**base, **fields})


def test_lookups_find_customers_figures_and_managers() -> None:
    """A valid portfolio answers by customer, by period and by manager."""
    p = portfolio()
    assert p.customer("c-2") is SOUTH
    assert p.customers_of("m-1") == (NORTH,)
    assert p.customers_of("gm") == ()
    assert p.org.superior("m-1") == STAFF[0]
    assert p.figures_for(Period.month(2025, 2)) == {
        "c-1": figures("c-1", Period.month(2025, 2)),
        "c-2": figures("c-2", Period.month(2025, 2)),
    }
    assert p.figures_for(Period.month(2025, 3)) == {}
    assert p.periods() == (Period.month(2025, 1), Period.month(2025, 2))


def test_an_unknown_customer_id_is_a_validation_error() -> None:
    """Asking for a customer the portfolio does not hold names the id."""
    with pytest.raises(ValidationError) as caught:
        portfolio().customer("c-9")
    assert str(caught.value) == "customer_id: expected a customer id, got 'c-9'"


def test_histories_group_each_customer_s_records_in_order() -> None:
    """Every customer gets its own visits, services, complaints and contracts, oldest first."""
    histories = portfolio().histories()
    assert list(histories) == ["c-1", "c-2"]
    assert histories["c-1"] == CustomerHistory(
        customer=NORTH,
        visits=(visit("v-1", "c-1"), visit("v-3", "c-1")),
        complaints=(complaint("q-1", "c-1"),),
    )
    assert histories["c-2"] == CustomerHistory(
        customer=SOUTH,
        visits=(visit("v-2", "c-2", "m-2"),),
        services=(service("s-1", "c-2"),),
        contracts=(contract("k-1", "c-2", "m-2"),),
    )


def test_a_customer_without_records_has_an_empty_history() -> None:
    """A customer with no records still has a history, with nothing in it."""
    quiet = Customer(id="c-3", name="Quiet Co", manager_id="m-2")
    histories = portfolio(customers=(NORTH, SOUTH, quiet)).histories()
    assert histories["c-3"] == CustomerHistory(customer=quiet)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"customers": (NORTH, NORTH, SOUTH)},
            ["customers[1].id: expected a unique id, got 'c-1'"],
        ),
        (
            {"customers": (NORTH, Customer(id="c-2", name="Nanfang Glass", manager_id="x"))},
            ["customers[1].manager_id: expected a staff id, got 'x'"],
        ),
        (
            {
                "figures": (
                    figures("c-1", Period.month(2025, 1)),
                    figures("c-9", Period.month(2025, 1)),
                )
            },
            ["figures[1].customer_id: expected a customer id, got 'c-9'"],
        ),
        (
            {"visits": (visit("v-1", "c-9"),)},
            ["visits[0].customer_id: expected a customer id, got 'c-9'"],
        ),
        (
            {"visits": (visit("v-1", "c-1", "x"),)},
            ["visits[0].manager_id: expected a staff id, got 'x'"],
        ),
        (
            {"services": (service("s-1", "c-9"),)},
            ["services[0].customer_id: expected a customer id, got 'c-9'"],
        ),
        (
            {"complaints": (complaint("q-1", "c-9"),)},
            ["complaints[0].customer_id: expected a customer id, got 'c-9'"],
        ),
        (
            {"complaints": (complaint("q-1", "c-1", "x"),)},
            ["complaints[0].responsible_id: expected a staff id, got 'x'"],
        ),
        (
            {"contracts": (contract("k-1", "c-9"),)},
            ["contracts[0].customer_id: expected a customer id, got 'c-9'"],
        ),
        (
            {"contracts": (contract("k-1", "c-1", "x"),)},
            ["contracts[0].manager_id: expected a staff id, got 'x'"],
        ),
        (
            {"appraisals": (appraisal("x"),)},
            ["appraisals[0].staff_id: expected a staff id, got 'x'"],
        ),
        (
            {"visits": (visit("v-1", "c-1"), visit("v-1", "c-2", "m-2"))},
            ["visits[1].id: expected a unique id, got 'v-1'"],
        ),
        (
            {"services": (service("s-1", "c-1"), service("s-1", "c-1"))},
            ["services[1].id: expected a unique id, got 's-1'"],
        ),
        (
            {"complaints": (complaint("q-1", "c-1"), complaint("q-1", "c-2"))},
            ["complaints[1].id: expected a unique id, got 'q-1'"],
        ),
        (
            {"contracts": (contract("k-1", "c-1"), contract("k-1", "c-1"))},
            ["contracts[1].id: expected a unique id, got 'k-1'"],
        ),
    ],
)
def test_a_broken_reference_is_reported_at_its_path(
    fields: dict[str, Any], expected: list[str]
) -> None:
    """Every reference must resolve and every id be unique; the error names the path."""
    with pytest.raises(ValidationError) as caught:
        portfolio(**fields)
    assert str(caught.value).splitlines() == expected


def test_every_broken_reference_is_reported_at_once() -> None:
    """Two bad references give two problems, in field order."""
    with pytest.raises(ValidationError) as caught:
        portfolio(visits=(visit("v-1", "c-9"),), contracts=(contract("k-1", "c-1", "x"),))
    assert caught.value.paths == ["visits[0].customer_id", "contracts[0].manager_id"]


def test_a_staff_error_names_the_staff_member() -> None:
    """Staff that cannot form an org chart make the portfolio invalid, at the staff member.

    The path is still prefixed with ``staff.`` twice over (a known gap pinned in
    ``tests/fuzz/test_fuzz_known_gaps.py``); this test accepts that prefix and nothing else.
    """
    with pytest.raises(ValidationError) as caught:
        portfolio(staff=(AccountManager(id="m-1", name="Chen Jing", superior_id="gm"),))
    (path,) = caught.value.paths
    assert path.removeprefix("staff.") == "staff[0].superior_id"


def test_periods_of_different_kinds_are_ordered_by_their_dates() -> None:
    """A quarter and a month are listed by start day, not compared as like periods."""
    mixed = (figures("c-1", Period.month(2025, 2)), figures("c-1", Period.quarter(2025, 1)))
    assert portfolio(figures=mixed).periods() == (Period.quarter(2025, 1), Period.month(2025, 2))


def test_the_defaults_make_an_empty_portfolio() -> None:
    """A portfolio with nothing in it is valid and answers every lookup with nothing."""
    empty = Portfolio()
    assert empty.name == "portfolio"
    assert empty.histories() == {}
    assert empty.periods() == ()
    assert len(empty.org) == 0
