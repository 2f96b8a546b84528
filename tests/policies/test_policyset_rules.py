"""Policy sets 制度汇编 and their versions over time: the dates each version is in force."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from keyaccount.errors import PolicyError
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, PolicyHistory, PolicySet


def _version(
    version: str, valid_from: date | None = None, valid_until: date | None = None
) -> PolicySet:
    return attrs.evolve(
        DEFAULT_POLICY_SET, version=version, valid_from=valid_from, valid_until=valid_until
    )


def test_a_set_ending_before_it_starts_is_refused() -> None:
    """valid_until must be on or after valid_from; the message names both days."""
    with pytest.raises(PolicyError) as caught:
        _version("2025", date(2025, 6, 1), date(2025, 5, 31))
    assert str(caught.value) == (
        "valid_until: expected a day on or after valid_from (2025-06-01), "
        "got datetime.date(2025, 5, 31)"
    )


def test_a_set_in_force_for_a_single_day_is_accepted() -> None:
    """valid_from equal to valid_until is one day in force, both ends included."""
    one_day = _version("audit", date(2025, 6, 1), date(2025, 6, 1))
    assert one_day.in_force_on(date(2025, 6, 1))
    assert not one_day.in_force_on(date(2025, 5, 31))
    assert not one_day.in_force_on(date(2025, 6, 2))


def test_in_force_on_needs_a_date() -> None:
    """The day asked about is a date; a text is refused with PolicyError."""
    with pytest.raises(PolicyError) as caught:
        DEFAULT_POLICY_SET.in_force_on("2025-01-01")  # type: ignore[arg-type]
    assert str(caught.value) == "day: expected a date, got '2025-01-01'"


def test_label_is_name_at_version() -> None:
    """The label recorded in results is ``name@version``."""
    assert _version("2026").label == "keyaccount-presets@2026"


def test_an_empty_history_is_refused() -> None:
    """A history needs at least one policy set."""
    with pytest.raises(PolicyError) as caught:
        PolicyHistory(versions=[])
    assert str(caught.value) == "versions: expected at least one policy set, got ()"


def test_a_history_of_something_else_is_refused() -> None:
    """Every version must be a PolicySet; the error names the index."""
    with pytest.raises(PolicyError) as caught:
        PolicyHistory(versions=[DEFAULT_POLICY_SET, "2026"])
    assert str(caught.value) == "versions[1]: expected a PolicySet, got '2026'"


def test_an_open_ended_version_before_another_is_refused() -> None:
    """Every version but the last needs valid_until, or the next one would overlap it."""
    with pytest.raises(PolicyError) as caught:
        PolicyHistory(versions=[_version("2025"), _version("2026", date(2026, 1, 1))])
    assert str(caught.value) == (
        "versions[1].valid_from: expected versions ordered by date, each but the last with "
        "valid_until and each but the first with valid_from, got datetime.date(2026, 1, 1)"
    )


def test_a_later_version_without_a_start_is_refused() -> None:
    """Every version but the first needs valid_from."""
    with pytest.raises(PolicyError, match=r"^versions\[1\]\.valid_from: .*, got None$"):
        PolicyHistory(versions=[_version("2025", valid_until=date(2025, 12, 31)), _version("2026")])


def test_a_version_starting_on_the_last_day_of_the_previous_is_refused() -> None:
    """Versions must not overlap: sharing one day is an overlap."""
    with pytest.raises(PolicyError) as caught:
        PolicyHistory(
            versions=[
                _version("2025", valid_until=date(2025, 12, 31)),
                _version("2026", valid_from=date(2025, 12, 31)),
            ]
        )
    assert str(caught.value) == (
        "versions[1].valid_from: expected a day after versions[0].valid_until (2025-12-31), "
        "got datetime.date(2025, 12, 31)"
    )


def test_a_gap_between_versions_has_no_policy_in_force() -> None:
    """Gaps are allowed; a day in the gap raises PolicyError listing every version's dates."""
    history = PolicyHistory(
        versions=[
            _version("2024", valid_until=date(2024, 12, 31)),
            _version("2026", valid_from=date(2026, 1, 1)),
        ]
    )
    assert history.in_force(date(2024, 12, 31)).version == "2024"
    assert history.in_force(date(2026, 1, 1)).version == "2026"
    with pytest.raises(PolicyError) as caught:
        history.in_force(date(2025, 7, 1))
    assert str(caught.value) == (
        "day: expected a day within a policy set's dates (keyaccount-presets@2024: "
        "…..2024-12-31, keyaccount-presets@2026: 2026-01-01..…), got datetime.date(2025, 7, 1)"
    )


def test_latest_is_the_newest_version() -> None:
    """The latest version is the last one, whatever the day."""
    history = PolicyHistory(
        versions=[
            _version("2025", valid_until=date(2025, 12, 31)),
            _version("2026", valid_from=date(2026, 1, 1)),
        ]
    )
    assert history.latest.version == "2026"
