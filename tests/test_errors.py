"""The exception family: one root, the matching built-ins, messages that say what was expected."""

from __future__ import annotations

from decimal import Decimal

import pytest

from keyaccount.domain.complaint import ComplaintStatus
from keyaccount.errors import (
    KeyAccountError,
    PolicyError,
    Problem,
    TransitionError,
    ValidationError,
)


def test_validation_error_is_a_value_error_and_ours() -> None:
    """ValidationError is both a KeyAccountError and a ValueError."""
    assert issubclass(ValidationError, KeyAccountError)
    assert issubclass(ValidationError, ValueError)


def test_policy_error_is_a_validation_error() -> None:
    """An invalid policy is invalid data: PolicyError is a ValidationError."""
    assert issubclass(PolicyError, ValidationError)
    assert issubclass(PolicyError, ValueError)


def test_transition_error_is_ours_and_a_value_error() -> None:
    """TransitionError is a KeyAccountError and a ValueError, not a ValidationError."""
    assert issubclass(TransitionError, KeyAccountError)
    assert issubclass(TransitionError, ValueError)
    assert not issubclass(TransitionError, ValidationError)


def test_one_except_clause_catches_the_family() -> None:
    """Catching KeyAccountError catches every error of the library."""
    for error in (
        ValidationError.of("x", 1, "2"),
        PolicyError.of("x", 1, "2"),
        TransitionError("thing", "a", "b", ["c"]),
    ):
        with pytest.raises(KeyAccountError):
            raise error


def test_of_builds_path_expected_got() -> None:
    """``of`` gives ``path: expected <what>, got <value!r>``."""
    error = ValidationError.of("contacts[1].birthday", "31/02/2024", "an ISO date (YYYY-MM-DD)")
    assert str(error) == "contacts[1].birthday: expected an ISO date (YYYY-MM-DD), got '31/02/2024'"
    assert error.paths == ["contacts[1].birthday"]
    assert error.problems == (
        Problem("contacts[1].birthday", "31/02/2024", "an ISO date (YYYY-MM-DD)"),
    )


def test_several_problems_one_per_line() -> None:
    """An error with several problems lists each on its own line, in order."""
    error = ValidationError([Problem("a", 1, "text"), Problem("b.c", None, "a number")])
    assert str(error) == "a: expected text, got 1\nb.c: expected a number, got None"
    assert error.paths == ["a", "b.c"]


def test_decimal_values_show_as_their_text() -> None:
    """A Decimal value is shown as its quoted text, the way it is written in data."""
    assert str(Problem("rate", Decimal("1.10"), "a number from 0 to 1")) == (
        "rate: expected a number from 0 to 1, got '1.10'"
    )


def test_huge_values_are_shortened() -> None:
    """A huge value is cut to 80 characters so messages stay readable."""
    text = str(Problem("notes", "x" * 500, "a short text"))
    shown = text.split("got ", 1)[1]
    assert len(shown) == 80
    assert shown.endswith("...")


@pytest.mark.parametrize(
    ("path", "prefix", "joined"),
    [
        ("birthday", "contacts[1]", "contacts[1].birthday"),
        ("[2]", "phones", "phones[2]"),
        ("", "root", "root"),
        ("amount", "", "amount"),
    ],
)
def test_within_places_a_path_under_a_prefix(path: str, prefix: str, joined: str) -> None:
    """``within`` joins paths with a dot, or directly before an index."""
    assert Problem(path, 1, "x").within(prefix).path == joined
    assert ValidationError.of(path, 1, "x").within(prefix).paths == [joined]


def test_within_keeps_the_error_class() -> None:
    """A PolicyError stays a PolicyError when placed under a prefix."""
    error = PolicyError.of("weight", 0, "a number > 0").within("indicators[0]")
    assert type(error) is PolicyError
    assert str(error) == "indicators[0].weight: expected a number > 0, got 0"


def test_error_from_plain_text() -> None:
    """An error built from text keeps the text and has no problems; ``within`` prefixes it."""
    error = PolicyError(
        "weights must sum to 100, got 95 (visit 40 + expansion 25 + deal 20 + daily 10)"
    )
    assert error.problems == ()
    assert str(error).startswith("weights must sum to 100, got 95")
    assert str(error.within("scheme")) == (
        "scheme: weights must sum to 100, got 95 (visit 40 + expansion 25 + deal 20 + daily 10)"
    )


def test_problem_equality_and_repr() -> None:
    """Problems compare by path, expectation and shown value; repr is readable."""
    assert Problem("a", 1, "x") == Problem("a", 1, "x")
    assert Problem("a", 1, "x") != Problem("a", 2, "x")
    assert len({Problem("a", 1, "x"), Problem("a", 1, "x")}) == 1
    assert repr(Problem("a", 1, "x")) == "Problem('a', 1, 'x')"


def test_transition_error_message_and_attributes() -> None:
    """The message names what, the current, the requested and the allowed states."""
    error = TransitionError(
        "complaint K-1",
        ComplaintStatus.RECEIVED,
        ComplaintStatus.CLOSED,
        [ComplaintStatus.ACCEPTED, ComplaintStatus.REJECTED],
    )
    assert str(error) == (
        "complaint K-1 cannot go from 'received' to 'closed'; allowed from 'received': "
        "accepted, rejected"
    )
    assert error.current is ComplaintStatus.RECEIVED
    assert error.requested is ComplaintStatus.CLOSED
    assert error.allowed == (ComplaintStatus.ACCEPTED, ComplaintStatus.REJECTED)


def test_transition_error_from_a_final_state() -> None:
    """From a final state the allowed list reads 'none (final state)'."""
    error = TransitionError("contract HT-1", "terminated", "draft", [])
    assert str(error) == (
        "contract HT-1 cannot go from 'terminated' to 'draft'; "
        "allowed from 'terminated': none (final state)"
    )
