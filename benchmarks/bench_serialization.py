"""to_dict / from_dict of many customers vs ``attrs.asdict`` and a hand-written constructor."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from benchmarks.harness import Row, side_by_side
from keyaccount.domain import Contact, ContactRole, Customer, Grade
from keyaccount.serialization import from_dict, to_dict


def make_customers(count: int) -> list[Customer]:
    """``count`` valid customers with one key person each, deterministic."""
    grades = list(Grade)
    return [
        Customer(
            id=f"c{i}",
            name=f"Customer {i}",
            manager_id=f"m{i % 50}",
            grade=grades[i % 4],
            member=i % 3 == 0,
            cooperation_since=date(2010 + i % 15, 1 + i % 12, 1 + i % 28),
            contacts=(
                Contact(
                    id="p1",
                    name=f"Person {i}",
                    role=ContactRole.DECISION_MAKER,
                    phones=(f"138{i:08d}",),
                    birthday=date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
                ),
            ),
        )
        for i in range(count)
    ]


def _by_hand(data: dict[str, Any]) -> Customer:
    """What a user would write without the library's converter (no per-path error report)."""
    contacts = tuple(
        Contact(
            id=c["id"],
            name=c["name"],
            role=ContactRole(c["role"]),
            phones=tuple(c["phones"]),
            email=c["email"],
            birthday=date.fromisoformat(c["birthday"]) if c["birthday"] else None,
            vip=c["vip"],
        )
        for c in data["contacts"]
    )
    return Customer(
        id=data["id"],
        name=data["name"],
        manager_id=data["manager_id"],
        grade=Grade(data["grade"]) if data["grade"] else None,
        member=data["member"],
        cooperation_since=date.fromisoformat(data["cooperation_since"]),
        contacts=contacts,
    )


def run(scale: float = 1.0) -> list[Row]:
    """Rows for unstructuring and structuring ``100,000 × scale`` customers."""
    count = max(100, int(100_000 * scale))
    customers = make_customers(count)
    dumped = [to_dict(c) for c in customers]
    assert [from_dict(Customer, d) for d in dumped[:100]] == customers[:100]
    assert [_by_hand(d) for d in dumped[:100]] == customers[:100]
    lib, base = side_by_side(
        lambda: [to_dict(c) for c in customers],
        lambda: [attrs.asdict(c) for c in customers],
        repeat=3,
    )
    lib_in, base_in = side_by_side(
        lambda: [from_dict(Customer, d) for d in dumped],
        lambda: [_by_hand(d) for d in dumped],
        repeat=3,
    )
    return [
        Row(
            f"to_dict, {count:,} customers",
            count / lib,
            count / base,
            "customers/s",
            "attrs.asdict (no JSON conversion)",
        ),
        Row(
            f"from_dict, {count:,} customers",
            count / lib_in,
            count / base_in,
            "customers/s",
            "hand-written constructor calls",
        ),
    ]


if __name__ == "__main__":
    from benchmarks.__main__ import render

    print(render(run()))
