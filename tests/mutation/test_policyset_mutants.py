"""Tests that kill surviving mutants of ``keyaccount.policies.policyset``.

The order, overlap and gap rules of a policy history are pinned by
``tests/policies/test_policyset_rules.py``; this file pins what that leaves open.
"""

from __future__ import annotations

import pytest

from keyaccount.errors import PolicyError
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, PolicyHistory


@pytest.mark.parametrize("versions", ["2025", DEFAULT_POLICY_SET])
def test_a_history_of_one_bare_value_asks_for_a_tuple_of_policy_sets(versions: object) -> None:
    """A single set or a text instead of a list is refused as "a tuple of policy sets"."""
    with pytest.raises(PolicyError) as caught:
        PolicyHistory(versions=versions)
    (only,) = caught.value.problems
    assert (only.path, only.value, only.expected) == (
        "versions",
        versions,
        "a tuple of policy sets",
    )
