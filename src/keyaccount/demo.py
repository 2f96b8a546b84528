"""A small, real example portfolio built with the domain model (used by ``keyaccount demo``)."""

from __future__ import annotations

from datetime import date

from keyaccount.domain import (
    AccountFigures,
    AccountManager,
    Contact,
    ContactRole,
    Customer,
    Grade,
    Money,
    OrgChart,
    Period,
    Qualification,
    Role,
)


def sample_portfolio() -> tuple[OrgChart, tuple[Customer, ...], tuple[AccountFigures, ...]]:
    """Three managers, five customers and their figures for September 2025."""
    org = OrgChart.of(
        [
            AccountManager(id="gm", name="Zhao Min", role=Role.GENERAL_MANAGER),
            AccountManager(
                id="m1", name="Wang Lei", superior_id="gm", qualification=Qualification.SENIOR
            ),
            AccountManager(id="m2", name="Chen Jing", superior_id="gm"),
        ]
    )
    customers = (
        Customer(
            id="c1",
            name="Huabei Steel Group",
            manager_id="m1",
            grade=Grade.A,
            group=True,
            contacts=[
                Contact(
                    id="p1",
                    name="Liu Yang",
                    role=ContactRole.DECISION_MAKER,
                    phones=["13800138000"],
                    birthday=date(1975, 10, 9),
                )
            ],
        ),
        Customer(id="c2", name="Jiangnan Textiles", manager_id="m1", grade=Grade.B),
        Customer(id="c3", name="Xinhai Logistics", manager_id="m2", grade=Grade.B, member=True),
        Customer(id="c4", name="Minjiang Foods", manager_id="m2", grade=Grade.C),
        Customer(id="c5", name="Qinling Tools", manager_id="m2", grade=Grade.D),
    )
    period = Period.month(2025, 9)
    revenue = {"c1": "820000", "c2": "310000", "c3": "150000", "c4": "60000", "c5": "12000"}
    figures = tuple(
        AccountFigures(
            customer_id=cid,
            period=period,
            revenue=Money.of(amount),
            gross_profit=Money.of(amount) * 2 / 10,
        )
        for cid, amount in revenue.items()
    )
    return org, customers, figures


def run_demo(today: date) -> str:
    """The demo report as text."""
    org, customers, figures = sample_portfolio()
    by_id = {f.customer_id: f for f in figures}
    lines = [f"keyaccount demo — portfolio as of {today.isoformat()}", ""]
    lines.append(f"{'customer':<22}{'grade':<7}{'manager':<12}{'revenue':>16}")
    for customer in customers:
        manager = org.get(customer.manager_id)
        grade = customer.grade.value if customer.grade else "-"
        lines.append(
            f"{customer.name:<22}{grade:<7}{manager.name if manager else '?':<12}"
            f"{by_id[customer.id].revenue!s:>16}"
        )
    total = Money.total(f.revenue for f in figures)
    lines += ["", f"total revenue: {total}"]
    return "\n".join(lines)
