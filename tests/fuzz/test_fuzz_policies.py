"""Fuzzed policy configuration: ``from_dict`` of a policy class only ever raises PolicyError.

Every policy configuration class — an attrs class of :mod:`keyaccount.policies` or
:mod:`keyaccount.calendar` declaring ``error_class = PolicyError`` — is a target, found by
scanning the packages, so a policy class added later is fuzzed without touching this file.
The valid documents are the presets (every module-level policy constant, and every policy
object inside them), written with ``to_dict``.

The inputs are those of ``test_fuzz_from_dict.py`` (``malformed.py``): junk, documents with the
class's keys (values plausible or junk, keys missing and unknown keys added) and one change to
a preset.  The invariant: ``from_dict`` builds a policy that survives a ``to_dict`` round trip,
or raises :class:`~keyaccount.errors.PolicyError` whose every problem names a path that
exists in the input.

The targets are grouped by module: one test per module draws the class and the kind of input,
which keeps the everyday run short; under ``make fuzz`` each module's test runs 10,000
examples (every class of the module has a preset, so every class gets one-change inputs).
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from malformed import (
    SEEDS,
    attrs_classes,
    by_name,
    check,
    documents,
    junk,
    mutated,
    register_seeds,
    within,
)

import keyaccount.calendar
import keyaccount.policies
from keyaccount.domain import ComplaintCategory, Severity
from keyaccount.errors import PolicyError
from keyaccount.policies.complaints import (
    SEVERITY_COMPLAINT_POLICY,
    CategoryOverride,
    Clock,
    SlaTarget,
)
from keyaccount.policies.policyset import PolicyHistory, PolicySet

MODULES = [
    *(
        importlib.import_module(f"keyaccount.policies.{info.name}")
        for info in pkgutil.iter_modules(keyaccount.policies.__path__)
    ),
    keyaccount.calendar,
]

TARGETS = [
    cls for cls in attrs_classes(MODULES) if getattr(cls, "error_class", None) is PolicyError
]

BY_MODULE: dict[str, list[type]] = {}
for _cls in TARGETS:
    BY_MODULE.setdefault(_cls.__module__, []).append(_cls)


def _presets() -> list[object]:
    """Every module-level policy object (the presets), plus shapes no preset has."""
    found = [
        value
        for module in MODULES
        for name, value in vars(module).items()
        if name.isupper() and type(value) in TARGETS
    ]
    override = CategoryOverride(
        category=ComplaintCategory.PRODUCT_QUALITY,
        severity=Severity.MAJOR,
        resolve=SlaTarget(hours=4, clock=Clock.WORKING),
    )
    history = PolicyHistory(
        versions=(
            PolicySet(version="2024", valid_until=date(2024, 12, 31)),
            PolicySet(version="2025", valid_from=date(2025, 1, 1)),
        )
    )
    return [*found, attrs.evolve(SEVERITY_COMPLAINT_POLICY, overrides=(override,)), history]


register_seeds(_presets())
SEEDED = [cls for cls in TARGETS if cls in SEEDS]


def test_every_policy_class_is_a_target_with_a_preset() -> None:
    """The scan finds the policy classes of every module, and each has a valid document."""
    core = {"AbcPolicy", "ScorecardPolicy", "SchedulingPolicy", "AppraisalScheme", "PolicySet"}
    assert core <= {cls.__name__ for cls in TARGETS}
    modules = {"access", "complaints", "contracts", "grading", "kpi", "retention", "scheduling"}
    assert {f"keyaccount.policies.{name}" for name in modules} < set(BY_MODULE)
    assert [cls.__name__ for cls in TARGETS if cls not in SEEDS] == []


@pytest.mark.parametrize("cls", SEEDED, ids=by_name)
def test_preset_documents_round_trip(cls: type) -> None:
    """The presets' documents are valid (so one change starts from valid data)."""
    for doc in SEEDS[cls]:
        assert check(cls, doc) is None


@pytest.mark.parametrize("module", sorted(BY_MODULE))
@given(data=st.data())
def test_any_input_to_a_policy_raises_only_policy_errors(module: str, data: st.DataObject) -> None:
    """Junk, documents with junk values and missing or unknown keys, or a preset changed once."""
    cls = data.draw(st.sampled_from(BY_MODULE[module]), label="policy class")
    if not data.draw(st.booleans(), label="one change to a preset"):
        check(cls, data.draw(st.one_of(junk, documents(cls))))
        return
    doc, where, action = data.draw(mutated(cls))
    error = check(cls, doc)
    if action in ("wrap", "deepen", "mapping"):
        # No policy field takes its value wrapped in a list or a mapping, nor a mapping with an
        # unknown key: the error names the changed place or a place inside it.
        assert error is not None, f"{where} accepted {action}"
        assert any(within(path, where) for path in error.paths), str(error)
