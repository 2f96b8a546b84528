"""Files at the edge: portfolios and policies as JSON/TOML, the shipped sample, defaults."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from keyaccount.domain import Portfolio
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.files import (
    PORTFOLIO_FORMAT,
    load_policies,
    load_portfolio,
    parse_text,
    policy_defaults_toml,
    portfolio_to_data,
    sample_portfolio,
    save_portfolio,
)
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, PolicyHistory, PolicySet
from keyaccount.sample import generate_portfolio
from keyaccount.serialization import from_dict, to_dict


def test_shipped_sample_equals_the_generator_output() -> None:
    """The sample inside the package is exactly generate_portfolio() (regenerate it if not)."""
    sample = sample_portfolio()
    assert sample == generate_portfolio()
    assert len(sample.customers) == 300
    assert len({s.id for s in sample.staff}) == 15


def test_portfolio_file_round_trips(tmp_path: Path) -> None:
    """A saved portfolio loads back equal, compact or indented."""
    portfolio = generate_portfolio(20, 3, seed=7)
    for compact in (True, False):
        path = tmp_path / f"p{compact}.json"
        save_portfolio(portfolio, path, compact=compact)
        assert load_portfolio(path) == portfolio


def test_portfolio_file_errors_name_the_file_and_path(tmp_path: Path) -> None:
    """A bad reference is reported as file: path: expected …, got …."""
    data = portfolio_to_data(generate_portfolio(5, 2, seed=1, history=False))
    data["customers"][3]["manager_id"] = "m99"
    path = tmp_path / "book.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        load_portfolio(path)
    assert str(caught.value) == "book.json: customers[3].manager_id: expected a staff id, got 'm99'"


def test_portfolio_format_tag_is_checked(tmp_path: Path) -> None:
    """A file of another format is refused by its tag."""
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"format": "something/2"}), encoding="utf-8")
    with pytest.raises(ValidationError, match=r"other.json: format: expected "):
        load_portfolio(path)
    assert PORTFOLIO_FORMAT == "keyaccount.portfolio/1"


def test_unparsable_and_missing_files_give_library_errors(tmp_path: Path) -> None:
    """Broken JSON/TOML and unreadable files raise ValidationError, not parser errors."""
    broken = tmp_path / "broken.toml"
    broken.write_text("a = [", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"^broken.toml: expected valid TOML"):
        load_policies([broken])
    with pytest.raises(ValidationError, match="expected a readable file"):
        load_portfolio(tmp_path / "absent.json")


def test_numbers_in_files_are_exact_decimals() -> None:
    """A fraction in JSON or TOML is read as a Decimal exactly as written, never a float."""
    assert parse_text('{"a": 0.1}', "x.json") == {"a": Decimal("0.1")}
    assert parse_text("a = 0.1", "x.toml") == {"a": Decimal("0.1")}


def test_policy_defaults_toml_round_trips_to_the_presets(tmp_path: Path) -> None:
    """`keyaccount policy defaults` output loads back as exactly the preset set."""
    text = policy_defaults_toml()
    assert text.startswith("# keyaccount policy set")
    assert "[seed 004 篇5 作息时间]" in text
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    assert load_policies([path]) == DEFAULT_POLICY_SET


def test_a_policy_file_with_windows_line_endings_loads_the_same(tmp_path: Path) -> None:
    """Line endings reach the parser untranslated; TOML takes CRLF as a newline."""
    path = tmp_path / "policy.toml"
    path.write_bytes(policy_defaults_toml().replace("\n", "\r\n").encode("utf-8"))
    assert load_policies([path]) == DEFAULT_POLICY_SET


def test_policy_file_errors_name_their_path(tmp_path: Path) -> None:
    """A negative factor weight is reported with its full path in the file."""
    text = policy_defaults_toml().replace("weight = 30\n", "weight = -5\n", 1)
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policies([path])
    assert str(caught.value) == (
        "policy.toml: grading.scorecard.factors[0].weight: expected a number > 0, got '-5'"
    )


def test_unknown_policy_keys_list_the_allowed_ones(tmp_path: Path) -> None:
    """An unknown key is rejected and the allowed keys are listed."""
    path = tmp_path / "p.json"
    path.write_text(json.dumps({"gradng": {}}), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"p.json: gradng: expected one of the keys appraisal, "):
        load_policies([path])


def test_partial_policy_files_take_the_presets(tmp_path: Path) -> None:
    """Keys left out of a policy file take the presets."""
    path = tmp_path / "p.toml"
    path.write_text('name = "ours"\nversion = "7"\n', encoding="utf-8")
    assert load_policies([path]) == attrs.evolve(DEFAULT_POLICY_SET, name="ours", version="7")


def test_several_files_form_a_history(tmp_path: Path) -> None:
    """Files given in order become the versions of one history; overlaps are refused."""
    first = tmp_path / "2024.toml"
    second = tmp_path / "2025.toml"
    first.write_text('version = "2024"\nvalid_until = 2024-12-31\n', encoding="utf-8")
    second.write_text('version = "2025"\nvalid_from = 2025-01-01\n', encoding="utf-8")
    history = load_policies([first, second])
    assert isinstance(history, PolicyHistory)
    assert [v.version for v in history.versions] == ["2024", "2025"]
    second.write_text('version = "2025"\nvalid_from = 2024-06-01\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=r"versions\[1\].valid_from"):
        load_policies([first, second])


def test_no_policy_file_means_the_presets() -> None:
    """Without files the presets are used."""
    assert load_policies([]) is DEFAULT_POLICY_SET


@given(st.sampled_from(["name", "version"]), st.text(min_size=1, max_size=30).filter(str.strip))
def test_policy_sets_round_trip_through_toml(field: str, value: str) -> None:
    """Any policy set written as TOML reads back equal (names with any characters)."""
    policies = attrs.evolve(DEFAULT_POLICY_SET, **{field: value})
    data = parse_text(policy_defaults_toml(policies), "p.toml")
    assert from_dict(PolicySet, data) == policies


def test_policy_set_round_trips_through_plain_data() -> None:
    """from_dict(to_dict(x)) == x for the preset set and a history."""
    assert from_dict(PolicySet, to_dict(DEFAULT_POLICY_SET)) == DEFAULT_POLICY_SET
    history = PolicyHistory(versions=[DEFAULT_POLICY_SET])
    assert from_dict(PolicyHistory, to_dict(history)) == history


def test_generator_is_deterministic_and_validates_arguments() -> None:
    """The same seed gives the same portfolio; bad sizes raise ValidationError."""
    assert generate_portfolio(12, 2, seed=3) == generate_portfolio(12, 2, seed=3)
    assert generate_portfolio(12, 2, seed=3) != generate_portfolio(12, 2, seed=4)
    with pytest.raises(ValidationError, match=r"^customers: expected a whole number >= 1"):
        generate_portfolio(0)
    small = generate_portfolio(50, 4, history=False)
    assert isinstance(small, Portfolio)
    assert not small.visits
    assert len(small.figures) == 150


def test_a_nested_table_changes_only_what_it_names(tmp_path: Path) -> None:
    """`[grading.scorecard.bands] a = 85` changes that number; the rest stays preset."""
    path = tmp_path / "p.toml"
    path.write_text("[grading.scorecard.bands]\na = 85\n", encoding="utf-8")
    loaded = load_policies([path])
    assert isinstance(loaded, PolicySet)
    preset = DEFAULT_POLICY_SET.grading.scorecard
    assert loaded.grading.scorecard.bands.a == 85
    assert loaded.grading.scorecard.bands.b == preset.bands.b
    assert loaded.grading.scorecard.factors == preset.factors
