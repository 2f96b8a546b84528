"""Staff and the org chart: qualifications and reporting lines."""

from __future__ import annotations

import pytest

from keyaccount.domain.staff import AccountManager, OrgChart, Qualification, Role
from keyaccount.errors import ValidationError


def _person(staff_id: str, superior_id: str | None = None, **changes: object) -> AccountManager:
    return AccountManager(
        id=staff_id,
        name=f"Staff {staff_id}",
        superior_id=superior_id,
        **changes,  # type: ignore[arg-type]
    )


# Department head GM; deputy D reports to GM; supervisor S to D; managers A and B to S;
# X reports to GM directly.  Listed with subordinates first on purpose.
CHART = OrgChart.of(
    [
        _person("A", "S"),
        _person("B", "S"),
        _person("S", "D", role=Role.SUPERVISOR),
        _person("X", "GM"),
        _person("D", "GM", role=Role.DEPUTY_MANAGER),
        _person("GM", role=Role.GENERAL_MANAGER),
    ]
)


def test_account_manager_defaults() -> None:
    """A staff member is a junior account manager with no superior by default."""
    person = AccountManager(id="M-1", name="王客户经理")
    assert person.role is Role.ACCOUNT_MANAGER
    assert person.qualification is Qualification.JUNIOR
    assert person.superior_id is None
    assert Role.ACCOUNT_MANAGER.label_zh == "客户经理"


@pytest.mark.parametrize(
    ("qualification", "may_manage"),
    [
        (Qualification.JUNIOR, False),
        (Qualification.INTERMEDIATE, True),
        (Qualification.SENIOR, True),
    ],
)
def test_only_intermediate_or_senior_may_manage_key_accounts(
    qualification: Qualification, may_manage: bool
) -> None:
    """惟有具有中、高级资格的客户经理才有权管理大客户 [seed 004 篇6 4.2]."""
    person = _person("M-1", qualification=qualification)
    assert person.may_manage_key_accounts is may_manage


def test_nobody_reports_to_themselves() -> None:
    """A superior id equal to the person's own id is refused."""
    with pytest.raises(ValidationError) as caught:
        _person("M-1", "M-1")
    assert str(caught.value) == "superior_id: expected someone other than self, got 'M-1'"


def test_role_and_qualification_are_enums() -> None:
    """Role and qualification take enum members."""
    with pytest.raises(ValidationError) as caught:
        _person("M-1", qualification="senior")
    assert str(caught.value) == "qualification: expected a Qualification, got 'senior'"


def test_chart_lookup() -> None:
    """The chart answers membership, size and look-ups by id."""
    assert "A" in CHART
    assert "Z" not in CHART
    assert len(CHART) == 6
    person = CHART.get("S")
    assert person is not None
    assert person.role is Role.SUPERVISOR
    assert CHART.get("Z") is None


def test_superior_and_superiors_nearest_first() -> None:
    """Superiors run from the direct superior up to the top of the chart."""
    direct = CHART.superior("A")
    assert direct is not None
    assert direct.id == "S"
    assert [p.id for p in CHART.superiors("A")] == ["S", "D", "GM"]
    assert CHART.superior("GM") is None
    assert list(CHART.superiors("GM")) == []
    assert list(CHART.superiors("unknown")) == []


def test_is_superior_follows_the_whole_line() -> None:
    """A superior's superior is a superior too; peers and subordinates are not."""
    assert CHART.is_superior("GM", "A")
    assert CHART.is_superior("S", "B")
    assert not CHART.is_superior("A", "B")
    assert not CHART.is_superior("A", "S")
    assert not CHART.is_superior("X", "A")
    assert not CHART.is_superior("A", "A")


def test_reports_lists_everyone_below_in_chart_order() -> None:
    """``reports`` lists direct and indirect reports in the chart's order."""
    assert [p.id for p in CHART.reports("D")] == ["A", "B", "S"]
    assert [p.id for p in CHART.reports("GM")] == ["A", "B", "S", "X", "D"]
    assert CHART.reports("A") == ()


def test_chart_staff_must_be_a_tuple() -> None:
    """The constructor takes a tuple; ``OrgChart.of`` takes any iterable."""
    with pytest.raises(ValidationError) as caught:
        OrgChart(staff=[])  # type: ignore[arg-type]
    assert str(caught.value) == "staff: expected a tuple, got []"
    assert OrgChart.of(iter([_person("A")])) == OrgChart((_person("A"),))


def test_chart_refuses_an_unknown_superior() -> None:
    """Every superior id names a member of the chart."""
    with pytest.raises(ValidationError) as caught:
        OrgChart.of([_person("A", "B")])
    assert str(caught.value) == "staff[0].superior_id: expected the id of a staff member, got 'B'"


def test_chart_refuses_duplicate_ids() -> None:
    """Staff ids are unique."""
    with pytest.raises(ValidationError) as caught:
        OrgChart.of([_person("A"), _person("A")])
    assert str(caught.value) == "staff[1].id: expected a unique staff id, got 'A'"


def test_chart_refuses_a_reporting_cycle() -> None:
    """Reporting lines must end at the top: a cycle is refused."""
    with pytest.raises(ValidationError) as caught:
        OrgChart.of([_person("A", "B"), _person("B", "C"), _person("C", "A")])
    assert str(caught.value) == "staff: expected reporting lines without a cycle, got 'A'"


def test_chart_refuses_something_else_than_staff() -> None:
    """Every member is an AccountManager."""
    with pytest.raises(ValidationError) as caught:
        OrgChart.of([_person("A"), "B"])  # type: ignore[list-item]
    assert str(caught.value) == "staff[1]: expected an AccountManager, got 'B'"


def test_chart_equality_ignores_the_lookup() -> None:
    """Two charts of the same staff are equal and hash alike."""
    again = OrgChart.of(CHART.staff)
    assert again == CHART
    assert hash(again) == hash(CHART)
