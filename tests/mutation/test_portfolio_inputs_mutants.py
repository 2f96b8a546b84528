"""Tests that kill surviving mutants of ``keyaccount.policies._portfolio_inputs``.

The portfolio functions (``score_portfolio``, ``grade_portfolio``, the scale-out's
``grading_tally`` and ``grade_partition``) read their customers and figures here; these tests
pin the errors that name the first bad entry, and that figures of one period are accepted
whether or not they share one ``Period`` object.
"""

from __future__ import annotations

from typing import Any

import pytest

from grading_builders import YEAR, customer, figures
from keyaccount.domain.values import Period
from keyaccount.errors import ValidationError
from keyaccount.policies._portfolio_inputs import read_customers, read_figures
from keyaccount.policies.grading import score_portfolio
from keyaccount.policies.grading_presets import KEY_ACCOUNT_SCORECARD
from keyaccount.scaleout import grading_tally


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: read_customers("abc"),  # type: ignore[arg-type]
            "customers: expected an iterable of Customer, got 'abc'",
        ),
        (
            lambda: read_customers(5),  # type: ignore[arg-type]
            "customers: expected an iterable of Customer, got 5",
        ),
        (
            lambda: read_figures(b"ab"),  # type: ignore[arg-type]
            "figures: expected an iterable of AccountFigures, got b'ab'",
        ),
        (
            lambda: grading_tally(5),  # type: ignore[arg-type]
            "figures: expected an iterable of AccountFigures, got 5",
        ),
        (
            lambda: grading_tally([figures(), "x"]),  # type: ignore[list-item]
            "figures[1]: expected AccountFigures, got 'x'",
        ),
        (
            lambda: score_portfolio(
                [customer()],
                ["x"],  # type: ignore[list-item]
                KEY_ACCOUNT_SCORECARD,
            ),
            "figures[0]: expected AccountFigures, got 'x'",
        ),
    ],
)
def test_reading_names_what_is_not_an_iterable_or_not_figures(call: Any, message: str) -> None:
    """Customers and figures must be iterables (not text) of the right class; the error
    names the argument or the entry, its value and the class expected."""
    with pytest.raises(ValidationError) as caught:
        call()
    assert str(caught.value) == message


def test_figures_of_one_period_need_not_share_one_period_object() -> None:
    """Equal periods built apart are one period: the figures are read, and a mismatch with
    the customers is then reported as such, not as a period error."""
    apart = Period.parse("2024")
    assert apart is not YEAR
    assert apart == YEAR
    by_id, period = read_figures([figures("C-1"), figures("C-2", period=apart)])
    assert (sorted(by_id), period) == (["C-1", "C-2"], YEAR)
    assert grading_tally([figures("C-1"), figures("C-2", period=apart)]).period == YEAR
    with pytest.raises(ValidationError) as caught:
        score_portfolio(
            [customer("C-1")],
            [figures("C-1"), figures("C-9", period=apart)],
            KEY_ACCOUNT_SCORECARD,
        )
    assert (
        str(caught.value)
        == "figures[1].customer_id: expected a customer of the portfolio, got 'C-9'"
    )
