"""Tests that kill surviving mutants of ``keyaccount.domain.staff``.

Each test pins a detail the example tests left open: an exact message, a lookup's answer for
something that is not an id.
"""

from __future__ import annotations

from typing import Any

import pytest

from keyaccount.domain.staff import AccountManager, OrgChart
from keyaccount.errors import ValidationError

STAFF = (
    AccountManager(id="gm", name="Zhao Lei"),
    AccountManager(id="m-1", name="Chen Jing", superior_id="gm"),
)


def problem(error: ValidationError) -> tuple[str, Any, str]:
    """The only problem of ``error`` as (path, value, expected)."""
    (only,) = error.problems
    return only.path, only.value, only.expected


@pytest.mark.parametrize("staff", [None, 5, "gm", b"gm", {"gm": STAFF[0]}])
def test_a_chart_of_something_else_than_an_iterable_of_staff_is_refused(staff: Any) -> None:
    """``OrgChart.of`` refuses nothing, a number, a text or a mapping under ``staff``."""
    with pytest.raises(ValidationError) as caught:
        OrgChart.of(staff)
    assert problem(caught.value) == ("staff", staff, "an iterable of AccountManager")


def test_a_chart_is_built_from_any_iterable_of_staff() -> None:
    """``OrgChart.of`` takes a generator as well as a tuple, and keeps the order."""
    chart = OrgChart.of(person for person in STAFF)
    assert chart.staff == STAFF


@pytest.mark.parametrize("staff_id", [["gm"], {"gm": 1}, None, 5])
def test_looking_up_something_else_than_a_text_finds_nobody(staff_id: Any) -> None:
    """``get`` and ``superior`` answer ``None`` for a list, a mapping, nothing or a number."""
    chart = OrgChart.of(STAFF)
    assert chart.get(staff_id) is None
    assert chart.superior(staff_id) is None


def test_superior_of_the_top_and_of_a_stranger_is_none() -> None:
    """The top of the chart and an unknown id have no superior; others have theirs."""
    chart = OrgChart.of(STAFF)
    assert chart.superior("m-1") == STAFF[0]
    assert chart.superior("gm") is None
    assert chart.superior("m-9") is None
