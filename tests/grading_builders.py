"""Builders shared by the grading tests: a customer and its 2024 figures, changed as needed.

The tests directory is on ``sys.path`` (pytest puts the directory of the top ``conftest.py``
there), so test modules import these as ``from grading_builders import customer, figures``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from keyaccount.domain import AccountFigures, Customer, Money, Period

YEAR = Period.of_year(2024)
AS_OF = date(2024, 12, 31)


def customer(customer_id: str = "C-1", **changes: Any) -> Customer:
    """Huabei Steel, managed by M-1, with ``changes``."""
    fields: dict[str, Any] = {"id": customer_id, "name": "Huabei Steel", "manager_id": "M-1"}
    fields.update(changes)
    return Customer(**fields)


def figures(customer_id: str = "C-1", **changes: Any) -> AccountFigures:
    """Figures for 2024: revenue 6,000,000 CNY, gross profit 900,000 CNY, with ``changes``."""
    fields: dict[str, Any] = {
        "customer_id": customer_id,
        "period": YEAR,
        "revenue": Money.of(6_000_000),
        "gross_profit": Money.of(900_000),
    }
    fields.update(changes)
    return AccountFigures(**fields)
