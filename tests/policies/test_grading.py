"""Grading policies: ABC/Pareto, scorecard, credit rating, stability, portfolio grading."""

from __future__ import annotations

import gc
from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest

from grading_builders import AS_OF, YEAR
from grading_builders import customer as _customer
from grading_builders import figures as _figures
from keyaccount.domain.customer import AccountFigures, Customer
from keyaccount.domain.values import CreditLevel, Grade, Money, Period, PeriodKind
from keyaccount.errors import PolicyError, ValidationError
from keyaccount.policies.grading import (
    AbcClass,
    AbcClassification,
    AbcCutoffs,
    AbcMeasure,
    AbcMode,
    AbcPolicy,
    Band,
    Bands,
    CreditCriterion,
    CreditLevelRule,
    CreditPolicy,
    CreditRating,
    Factor,
    FactorRule,
    GradeHistory,
    GradeObservation,
    PaymentRecord,
    PortfolioGrading,
    Ramp,
    ScoreBands,
    ScorecardPolicy,
    ScorecardResult,
    StabilityPolicy,
    StabilityRule,
    StableGrade,
    abc_apply,
    abc_classify,
    abc_cutoffs,
    credit_headroom,
    credit_rating,
    grade_portfolio,
    score_portfolio,
    scorecard,
    stable_grade,
)
from keyaccount.policies.grading_presets import (
    CREDIT_LEVELS,
    GRADE_STABILITY,
    HEAD_COUNT_ABC,
    KEY_ACCOUNT_SCORECARD,
    PARETO_ABC,
)
from keyaccount.serialization import from_dict, to_dict


def _cny(values: dict[str, int | str]) -> dict[str, Money]:
    return {key: Money.of(value) for key, value in values.items()}


def _classes(result: AbcClassification) -> dict[str, str]:
    return {item.customer_id: item.abc_class.value for item in result}


# ==================================================================================== ABC


class TestAbcPolicy:
    def test_presets_are_valid_and_cite_their_numbers(self) -> None:
        """The Pareto preset is 80/95 by gross profit; head count is 20/50."""
        assert (PARETO_ABC.a_limit, PARETO_ABC.b_limit) == (Decimal("0.80"), Decimal("0.95"))
        assert PARETO_ABC.measure is AbcMeasure.GROSS_PROFIT
        assert HEAD_COUNT_ABC.mode is AbcMode.HEAD_COUNT
        assert (HEAD_COUNT_ABC.a_limit, HEAD_COUNT_ABC.b_limit) == (Decimal("0.2"), Decimal("0.5"))

    def test_b_limit_below_a_limit_is_rejected(self) -> None:
        """The B limit must lie between the A limit and 1."""
        with pytest.raises(PolicyError) as caught:
            AbcPolicy(name="p", version="1", a_limit=Decimal("0.9"), b_limit=Decimal("0.8"))
        assert str(caught.value) == "b_limit: expected a share from a_limit (0.9) to 1, got '0.8'"

    def test_zero_a_limit_is_rejected(self) -> None:
        """An A limit of 0 would leave class A empty for ever."""
        with pytest.raises(PolicyError, match=r"^a_limit: expected a share above 0"):
            AbcPolicy(name="p", version="1", a_limit=0, b_limit=1)

    def test_limit_above_one_is_rejected(self) -> None:
        """Limits are shares from 0 to 1."""
        with pytest.raises(PolicyError) as caught:
            AbcPolicy(name="p", version="1", a_limit=Decimal("1.5"), b_limit=1)
        assert str(caught.value) == "a_limit: expected a number from 0 to 1, got '1.5'"

    def test_float_limit_is_refused(self) -> None:
        """Limits are exact numbers; a float is refused."""
        with pytest.raises(PolicyError, match=r"^a_limit: expected a decimal number"):
            AbcPolicy(name="p", version="1", a_limit=0.8, b_limit=1)  # type: ignore[arg-type]


class TestAbcClassify:
    def test_customer_who_crosses_the_a_limit_is_still_a(self) -> None:
        """A is the smallest set of top customers reaching 80 % of the value."""
        result = abc_classify(_cny({"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}), PARETO_ABC)
        assert _classes(result) == {"c1": "A", "c2": "A", "c3": "A", "c4": "B", "c5": "C"}

    def test_shares_ranks_and_cumulative_shares(self) -> None:
        """Each item carries its rank, its share and the cumulative share through it."""
        result = abc_classify(_cny({"c1": 50, "c2": 30, "c3": 20}), PARETO_ABC)
        first, second, third = result.items
        assert (first.rank, first.share, first.cumulative_share) == (
            1,
            Decimal("0.5"),
            Decimal("0.5"),
        )
        assert (second.rank, second.share, second.cumulative_share) == (
            2,
            Decimal("0.3"),
            Decimal("0.8"),
        )
        assert (third.rank, third.cumulative_share) == (3, Decimal(1))

    def test_a_single_customer_is_a(self) -> None:
        """A one-customer portfolio's customer holds everything and is A."""
        assert _classes(abc_classify(_cny({"only": 10}), PARETO_ABC)) == {"only": "A"}

    def test_ties_share_the_best_rank_and_the_same_class(self) -> None:
        """Equal values share the best rank (1, 2, 2, 2) and the class of the group's first place.

        Taken one by one, t3 would have 90 % of the value ahead of it and be B; tied with t1
        and t2 it is A like them.
        """
        values = _cny({"big": 70, "t3": 10, "t1": 10, "t2": 10})
        result = abc_classify(values, PARETO_ABC)
        assert [(i.customer_id, i.rank, i.abc_class) for i in result] == [
            ("big", 1, AbcClass.A),
            ("t1", 2, AbcClass.A),
            ("t2", 2, AbcClass.A),
            ("t3", 2, AbcClass.A),
        ]
        assert {result[t].cumulative_share for t in ("t1", "t2", "t3")} == {Decimal(1)}

    def test_zero_and_negative_values_are_c(self) -> None:
        """Zero and negative values are C, with share 0, whatever the limits."""
        policy = attrs.evolve(PARETO_ABC, a_limit=1, b_limit=1)
        result = abc_classify({"p": Decimal(5), "z": Decimal(0), "n": Decimal(-3)}, policy)
        assert _classes(result) == {"p": "A", "z": "C", "n": "C"}
        assert result["n"].share == 0
        assert result["n"].cumulative_share == 1
        assert [i.rank for i in result] == [1, 2, 3]

    def test_all_zero_portfolio_is_all_c(self) -> None:
        """With no positive value there is no A or B, and every share is 0."""
        result = abc_classify({"a": Decimal(0), "b": Decimal(0)}, PARETO_ABC)
        assert _classes(result) == {"a": "C", "b": "C"}
        assert {i.cumulative_share for i in result} == {Decimal(0)}
        assert result.cutoffs.a_threshold is None

    def test_empty_portfolio_gives_an_empty_result(self) -> None:
        """No customers, no items, no thresholds."""
        result = abc_classify({}, PARETO_ABC)
        assert len(result) == 0
        assert result.items == ()
        assert result.cutoffs.customers == 0
        assert result.cutoffs.b_threshold is None

    def test_head_count_mode_makes_the_top_fifth_a(self) -> None:
        """Head count: of 10 customers the top 2 are A, the next 3 B, the rest C."""
        values = {f"c{n:02d}": Decimal(100 - n) for n in range(10)}
        result = abc_classify(values, HEAD_COUNT_ABC)
        assert [i.abc_class.value for i in result] == list("AABBBCCCCC")

    def test_head_count_mode_rounds_the_head_count_up(self) -> None:
        """Of 7 customers, 20 % is 1.4: the second customer (1 ahead) is still A."""
        values = {f"c{n}": Decimal(10 - n) for n in range(7)}
        assert [i.abc_class.value for i in abc_classify(values, HEAD_COUNT_ABC)][:3] == [
            "A",
            "A",
            "B",
        ]

    def test_pairs_are_accepted_like_a_mapping(self) -> None:
        """An iterable of (id, value) pairs gives the same result as a mapping."""
        values = _cny({"a": 3, "b": 1})
        assert abc_classify(list(values.items()), PARETO_ABC) == abc_classify(values, PARETO_ABC)

    def test_plain_numbers_are_accepted(self) -> None:
        """Decimal and int values work; the cutoffs then have no currency."""
        result = abc_classify({"a": 3, "b": Decimal("1.5")}, PARETO_ABC)
        assert result.cutoffs.currency is None
        assert result["b"].value == Decimal("1.5")

    def test_mixed_currencies_raise_policy_error(self) -> None:
        """One ranking cannot mix currencies."""
        with pytest.raises(PolicyError) as caught:
            abc_classify({"a": Money.of(1), "b": Money.of(2, "USD")}, PARETO_ABC)
        assert str(caught.value) == (
            "values['b'].currency: expected CNY like the other values "
            "(one ranking cannot mix currencies), got 'USD'"
        )

    def test_money_mixed_with_plain_numbers_raises_policy_error(self) -> None:
        """Money and plain numbers cannot be ranked together."""
        with pytest.raises(PolicyError) as caught:
            abc_classify({"a": Money.of(1), "b": Decimal(2)}, PARETO_ABC)
        assert (
            str(caught.value) == "values['b']: expected Money in CNY like the other values, got '2'"
        )

    def test_float_value_is_refused(self) -> None:
        """Floats are not exact and are refused with the customer named."""
        with pytest.raises(ValidationError) as caught:
            abc_classify({"a": 1.5}, PARETO_ABC)  # type: ignore[dict-item]
        assert str(caught.value) == (
            "values['a']: expected Money or an exact number (Decimal or int, not float), got 1.5"
        )

    def test_duplicate_ids_in_pairs_are_refused(self) -> None:
        """Each customer may appear once."""
        with pytest.raises(ValidationError) as caught:
            abc_classify([("a", Decimal(1)), ("a", Decimal(2))], PARETO_ABC)
        assert str(caught.value) == "values: expected each customer id at most once, got 'a'"

    def test_non_text_id_is_refused(self) -> None:
        """Customer ids are texts."""
        with pytest.raises(ValidationError, match=r"^values: expected a customer id"):
            abc_classify({1: Decimal(1)}, PARETO_ABC)  # type: ignore[dict-item]

    def test_wrong_policy_type_is_refused(self) -> None:
        """The policy argument is checked."""
        with pytest.raises(ValidationError) as caught:
            abc_classify({"a": Decimal(1)}, "pareto")  # type: ignore[arg-type]
        assert str(caught.value) == "policy: expected an AbcPolicy, got 'pareto'"

    def test_lookup_of_unknown_customer_raises_validation_error(self) -> None:
        """Indexing by an unknown id raises the library's error; get returns None."""
        result = abc_classify(_cny({"a": 1}), PARETO_ABC)
        assert result.get("zz") is None
        assert "a" in result
        with pytest.raises(ValidationError, match=r"^customer_id: expected a customer of"):
            result["zz"]

    def test_counts_and_in_class(self) -> None:
        """Counts per class and the items of one class."""
        result = abc_classify(_cny({"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}), PARETO_ABC)
        assert result.counts() == ((AbcClass.A, 3), (AbcClass.B, 1), (AbcClass.C, 1))
        assert [i.customer_id for i in result.in_class(AbcClass.B)] == ["c4"]
        assert result.class_of("c5") is AbcClass.C
        assert set(result.by_customer()) == {"c1", "c2", "c3", "c4", "c5"}

    def test_columns_of_different_lengths_are_refused(self) -> None:
        """Building a classification by hand checks that the columns line up."""
        cutoffs = abc_classify({}, PARETO_ABC).cutoffs
        with pytest.raises(ValidationError) as caught:
            AbcClassification(cutoffs=cutoffs, customer_ids=("a",))
        assert (
            str(caught.value) == "values: expected 1 entries, one per customer id, got '0 entries'"
        )

    def test_item_explains_its_class_with_the_threshold(self) -> None:
        """The explanation names the class, rank, shares and the threshold reached."""
        result = abc_classify(_cny({"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}), PARETO_ABC)
        assert result["c4"].explain() == (
            "c4: class B (B类(重要客户)), rank 4, value 10.00 CNY, share 10.0 %, "
            "cumulative 95.0 %: at least the B threshold 10.00 CNY, below the A threshold "
            "(A while less than 80.0 % of the value is ranked ahead, B while less than 95.0 %)"
        )
        assert "zero or less" in abc_classify(_cny({"z": 0}), PARETO_ABC)["z"].explain()


class TestAbcCutoffs:
    def test_cutoffs_are_values_of_the_portfolio(self) -> None:
        """Thresholds are the lowest A value and the lowest B value."""
        cutoffs = abc_cutoffs(_cny({"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}), PARETO_ABC)
        assert (cutoffs.a_threshold, cutoffs.b_threshold) == (Decimal(15), Decimal(10))
        assert cutoffs.total == 100
        assert cutoffs.customers == 5

    def test_cutoffs_accept_bare_values(self) -> None:
        """Ids are not needed for the thresholds."""
        cutoffs = abc_cutoffs([Money.of(5), Money.of(3)], PARETO_ABC)
        assert cutoffs.a_threshold == 3
        assert cutoffs.currency == "CNY"

    def test_apply_classifies_new_values_by_the_thresholds(self) -> None:
        """Values are A from the A threshold, B from the B threshold, else C."""
        cutoffs = abc_cutoffs(_cny({"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}), PARETO_ABC)
        assert abc_apply(Money.of(16), cutoffs) is AbcClass.A
        assert abc_apply(Money.of(12), cutoffs) is AbcClass.B
        assert cutoffs.classify(Money.of(9)) is AbcClass.C
        assert abc_apply(Money.of(-1), cutoffs) is AbcClass.C

    def test_apply_refuses_another_currency(self) -> None:
        """A value in another currency than the cutoffs raises PolicyError."""
        cutoffs = abc_cutoffs([Money.of(5)], PARETO_ABC)
        with pytest.raises(PolicyError, match=r"^value\.currency: expected CNY"):
            abc_apply(Money.of(4, "USD"), cutoffs)

    def test_apply_refuses_plain_number_against_money_cutoffs(self) -> None:
        """Money thresholds take Money."""
        cutoffs = abc_cutoffs([Money.of(5)], PARETO_ABC)
        with pytest.raises(PolicyError, match=r"^value: expected Money in CNY"):
            abc_apply(Decimal(4), cutoffs)

    def test_cutoffs_explain_the_rule(self) -> None:
        """The explanation lists thresholds and the rule with its limits."""
        cutoffs = abc_cutoffs(_cny({"c1": 50, "c2": 20, "c3": 15, "c4": 10, "c5": 5}), PARETO_ABC)
        assert cutoffs.explain() == (
            "ABC policy 'pareto-abc' v1 (value-share) over 5 customers, positive total "
            "100.00 CNY: A from 15.00 CNY; B from 10.00 CNY; C below; zero or negative values "
            "are C.\n  rule: A while the customers ranked ahead hold less than 80.0 % of the "
            "value, B while they hold less than 95.0 %, else C"
        )


# ============================================================================== Scorecard


def _policy(**changes: Any) -> ScorecardPolicy:
    fields: dict[str, Any] = {
        "name": "simple",
        "version": "1",
        "factors": (
            FactorRule(factor=Factor.REVENUE, weight=60, curve=Ramp(low=0, high=1000)),
            FactorRule(
                factor=Factor.STRATEGIC_VALUE,
                weight=40,
                curve=Bands(steps=(Band(at_least=1, points=50), Band(at_least=2, points=100))),
            ),
        ),
        "bands": ScoreBands(a=80, b=65, c=50),
    }
    fields.update(changes)
    return ScorecardPolicy(**fields)


class TestScorecardPolicy:
    def test_weights_must_sum_to_100(self) -> None:
        """The message lists every weight."""
        rules = (
            FactorRule(factor=Factor.REVENUE, weight=30, curve=Ramp(low=0, high=1)),
            FactorRule(factor=Factor.GROSS_PROFIT, weight=25, curve=Ramp(low=0, high=1)),
            FactorRule(factor=Factor.GROWTH, weight=15, curve=Ramp(low=0, high=1)),
            FactorRule(factor=Factor.CREDIT, weight=15, curve=Ramp(low=0, high=1)),
            FactorRule(factor=Factor.STRATEGIC_VALUE, weight=10, curve=Ramp(low=0, high=1)),
        )
        with pytest.raises(PolicyError) as caught:
            _policy(factors=rules)
        assert str(caught.value) == (
            "weights must sum to 100, got 95 (revenue 30 + gross-profit 25 + growth 15 + "
            "credit 15 + strategic-value 10)"
        )

    def test_a_factor_appears_once(self) -> None:
        """The same factor twice is rejected."""
        rule = FactorRule(factor=Factor.REVENUE, weight=50, curve=Ramp(low=0, high=1))
        with pytest.raises(PolicyError) as caught:
            _policy(factors=(rule, rule))
        assert str(caught.value) == (
            "factors[1].factor: expected each factor at most once, got 'revenue'"
        )

    def test_weight_must_be_positive(self) -> None:
        """A factor with weight 0 is left out instead."""
        with pytest.raises(PolicyError) as caught:
            FactorRule(factor=Factor.REVENUE, weight=0, curve=Ramp(low=0, high=1))
        assert str(caught.value) == "weight: expected a number > 0, got '0'"

    def test_ramp_needs_high_above_low(self) -> None:
        """A ramp rises from low to high."""
        with pytest.raises(PolicyError) as caught:
            Ramp(low=5, high=5)
        assert str(caught.value) == "high: expected more than low (5), got '5'"

    def test_bands_must_ascend(self) -> None:
        """Band bounds ascend strictly."""
        with pytest.raises(PolicyError) as caught:
            Bands(steps=(Band(at_least=1, points=50), Band(at_least=1, points=60)))
        assert str(caught.value) == (
            "steps[1].at_least: expected more than the previous band's 1, got '1'"
        )

    def test_band_points_never_fall(self) -> None:
        """More of a factor never scores less."""
        with pytest.raises(PolicyError) as caught:
            Bands(steps=(Band(at_least=1, points=50), Band(at_least=2, points=40)))
        assert str(caught.value) == (
            "steps[1].points: expected at least the previous band's 50 points, got '40'"
        )

    def test_points_below_the_first_band_are_at_most_its_points(self) -> None:
        """The points below the first band do not exceed the first band's."""
        with pytest.raises(PolicyError, match=r"^below: expected at most the first band's 50"):
            Bands(steps=(Band(at_least=1, points=50),), below=60)

    def test_bands_need_a_step(self) -> None:
        """A step curve has at least one step."""
        with pytest.raises(PolicyError, match=r"^steps: expected at least one band"):
            Bands(steps=())

    def test_points_are_out_of_100(self) -> None:
        """Band points lie in 0–100."""
        with pytest.raises(PolicyError) as caught:
            Band(at_least=1, points=101)
        assert str(caught.value) == "points: expected a number from 0 to 100, got '101'"

    def test_grade_bands_must_descend(self) -> None:
        """A > B > C."""
        with pytest.raises(PolicyError) as caught:
            ScoreBands(a=80, b=80, c=50)
        assert str(caught.value) == "b: expected less than a (80), got '80'"

    def test_currency_code_is_checked(self) -> None:
        """The policy currency is an ISO code."""
        with pytest.raises(PolicyError, match=r"^currency: expected an ISO 4217 currency code"):
            _policy(currency="yuan")

    def test_curve_points(self) -> None:
        """Ramps are linear between the bounds, rounded to 0.01; bands step."""
        ramp = Ramp(low=0, high=3)
        assert [ramp.points(Decimal(m)) for m in (-1, 0, 1, 3, 4)] == [
            0,
            0,
            Decimal("33.33"),
            100,
            100,
        ]
        bands = Bands(steps=(Band(at_least=1, points=50), Band(at_least=2, points=100)), below=10)
        assert [bands.points(Decimal(m)) for m in (0, 1, Decimal("1.5"), 2, 9)] == [
            10,
            50,
            50,
            100,
            100,
        ]

    def test_rule_for(self) -> None:
        """The rule of a factor, or None when unused."""
        assert KEY_ACCOUNT_SCORECARD.rule_for(Factor.LOYALTY) is not None
        assert _policy().rule_for(Factor.LOYALTY) is None


class TestScorecard:
    def test_hand_computed_preset_score(self) -> None:
        """Revenue 6 m, profit 0.9 m, +20 %, credit B, one mark, 4 years: 63.3945, grade C."""
        customer = _customer(
            credit_level=CreditLevel.B, industry_leader=True, cooperation_since=date(2020, 3, 1)
        )
        figures = _figures(previous_revenue=Money.of(5_000_000))
        result = scorecard(figures, customer, KEY_ACCOUNT_SCORECARD)
        # revenue: 100 × 5.5 m / 9.5 m = 57.89 × 0.30; profit: 100 × 0.8 m / 1.9 m = 42.11 × 0.25
        assert result.points == (
            Decimal("57.89"),
            Decimal("42.11"),
            100,
            70,
            60,
            80,
        )
        assert result.contributions == (
            Decimal("17.367"),
            Decimal("10.5275"),
            15,
            Decimal("10.5"),
            6,
            4,
        )
        assert result.score == Decimal("63.3945")
        assert result.grade is Grade.C
        assert result.measures[2] == Decimal("0.2")
        assert result.contribution(Factor.CREDIT) == Decimal("10.5")

    def test_unknown_measures_score_the_missing_points(self) -> None:
        """Growth without a previous revenue and credit without a rating get when_missing."""
        result = scorecard(_figures(), _customer(), KEY_ACCOUNT_SCORECARD, as_of=AS_OF)
        assert result.measures[2] is None
        assert result.measures[3] is None
        assert result.points[2] == 40
        assert result.points[3] == 40

    def test_zero_previous_revenue_means_unknown_growth(self) -> None:
        """Growth from zero is undefined, not infinite."""
        result = scorecard(
            _figures(previous_revenue=Money.of(0)), _customer(), KEY_ACCOUNT_SCORECARD
        )
        assert result.measures[2] is None

    def test_loyalty_counts_years_to_the_period_end_by_default(self) -> None:
        """Years of cooperation are counted to the period's last day unless as_of is given."""
        customer = _customer(cooperation_since=date(2021, 12, 31))
        default = scorecard(_figures(), customer, KEY_ACCOUNT_SCORECARD)
        earlier = scorecard(_figures(), customer, KEY_ACCOUNT_SCORECARD, as_of=date(2024, 6, 30))
        assert default.measures[5] == 3
        assert earlier.measures[5] == 2

    def test_score_equals_sum_of_contributions_and_factor_scores_align(self) -> None:
        """factor_scores pairs each factor with its measure, points and contribution."""
        result = scorecard(_figures(), _customer(), KEY_ACCOUNT_SCORECARD)
        lines = result.factor_scores()
        assert [line.factor for line in lines] == list(Factor)
        assert sum(line.contribution for line in lines) == result.score

    def test_currency_of_figures_must_be_the_policy_currency(self) -> None:
        """Money bounds in CNY cannot score USD figures."""
        figures = _figures(revenue=Money.of(1, "USD"), gross_profit=Money.of(1, "USD"))
        with pytest.raises(PolicyError) as caught:
            scorecard(figures, _customer(), KEY_ACCOUNT_SCORECARD)
        assert str(caught.value) == (
            "figures.revenue.currency: expected CNY, the currency of scorecard "
            "'key-account-scorecard', got 'USD'"
        )

    def test_currency_is_free_when_no_money_factor_is_used(self) -> None:
        """A scorecard without money factors scores figures in any currency."""
        policy = _policy(
            factors=(FactorRule(factor=Factor.LOYALTY, weight=100, curve=Ramp(low=0, high=5)),)
        )
        figures = _figures(revenue=Money.of(1, "USD"), gross_profit=Money.of(1, "USD"))
        assert scorecard(figures, _customer(), policy).score == 0

    def test_period_kind_must_match_the_policy(self) -> None:
        """Yearly money bounds do not apply to monthly figures."""
        figures = _figures(period=Period.month(2024, 3))
        with pytest.raises(PolicyError) as caught:
            scorecard(figures, _customer(), KEY_ACCOUNT_SCORECARD)
        assert str(caught.value) == (
            "figures.period: expected a year period, as scorecard 'key-account-scorecard' "
            "requires, got '2024-03'"
        )

    def test_profile_must_be_the_customer_of_the_figures(self) -> None:
        """Scoring one customer's figures with another's profile is refused."""
        with pytest.raises(ValidationError) as caught:
            scorecard(_figures("C-1"), _customer("C-2"), KEY_ACCOUNT_SCORECARD)
        assert str(caught.value) == (
            "profile.id: expected the customer of the figures ('C-1'), got 'C-2'"
        )

    def test_argument_types_are_checked(self) -> None:
        """Wrong argument types raise ValidationError, not AttributeError."""
        with pytest.raises(ValidationError, match=r"^figures: expected AccountFigures"):
            scorecard("figures", _customer(), KEY_ACCOUNT_SCORECARD)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"^profile: expected a Customer"):
            scorecard(_figures(), None, KEY_ACCOUNT_SCORECARD)  # type: ignore[arg-type]
        with pytest.raises(ValidationError, match=r"^policy: expected a ScorecardPolicy"):
            scorecard(_figures(), _customer(), PARETO_ABC)  # type: ignore[arg-type]

    def test_explain_shows_every_factor(self) -> None:
        """The explanation shows score, grade, bands and each factor's line."""
        result = scorecard(
            _figures(revenue=Money.of(500)), _customer(industry_leader=True), _policy()
        )
        assert result.explain() == (
            "Scorecard 'simple' v1 for C-1, 2024: score 50 -> grade C "
            "(A >= 80, B >= 65, C >= 50, else D)\n"
            "  revenue 销售额: 500.00 CNY -> 50 points x weight 60 = 30 "
            "[linear from 0.00 CNY (0) to 1,000.00 CNY (100)]\n"
            "  strategic-value 战略价值: 1 of 2 marks -> 50 points x weight 40 = 20 "
            "[bands >= 1 of 2 marks: 50, >= 2 of 2 marks: 100, below: 0]"
        )


# ========================================================================== Credit rating


def _record(**changes: Any) -> PaymentRecord:
    fields: dict[str, Any] = {
        "customer_id": "C-1",
        "as_of": AS_OF,
        "on_time_payment_rate": Decimal("0.98"),
        "max_days_overdue": 0,
        "overdue_share": Decimal(0),
        "years_of_cooperation": 5,
    }
    fields.update(changes)
    return PaymentRecord(**fields)


class TestCreditPolicy:
    def test_four_levels_in_order_are_required(self) -> None:
        """Levels A, B, C and D, in that order."""
        with pytest.raises(PolicyError) as caught:
            attrs.evolve(CREDIT_LEVELS, levels=CREDIT_LEVELS.levels[:3])
        assert str(caught.value) == (
            "levels: expected the rules of levels A, B, C and D, in that order, got ('A', 'B', 'C')"
        )

    def test_level_d_requires_nothing(self) -> None:
        """Everyone who meets no better level lands in D."""
        a, b, c, d = CREDIT_LEVELS.levels
        with pytest.raises(PolicyError, match=r"^levels\[3\]: expected no requirements"):
            attrs.evolve(CREDIT_LEVELS, levels=(a, b, c, attrs.evolve(d, min_years=1)))

    def test_better_level_is_at_least_as_strict(self) -> None:
        """A's on-time requirement may not be looser than B's."""
        a, b, c, d = CREDIT_LEVELS.levels
        looser = attrs.evolve(a, min_on_time_rate=Decimal("0.8"))
        with pytest.raises(PolicyError) as caught:
            attrs.evolve(CREDIT_LEVELS, levels=(looser, b, c, d))
        assert str(caught.value) == (
            "levels[0].min_on_time_rate: expected at least as strict as level B's (0.85), got '0.8'"
        )

    def test_better_level_grants_at_least_the_limit(self) -> None:
        """A's limit may not be below B's."""
        a, b, c, d = CREDIT_LEVELS.levels
        with pytest.raises(PolicyError, match=r"^levels\[0\]\.credit_limit: expected at least"):
            attrs.evolve(CREDIT_LEVELS, levels=(attrs.evolve(a, credit_limit=Money.of(1)), b, c, d))

    def test_limits_share_one_currency(self) -> None:
        """All limits are in one currency."""
        a, b, c, d = CREDIT_LEVELS.levels
        usd = attrs.evolve(d, credit_limit=Money.of(0, "USD"))
        with pytest.raises(PolicyError, match=r"^levels\[3\]\.credit_limit\.currency"):
            attrs.evolve(CREDIT_LEVELS, levels=(a, b, c, usd))

    def test_negative_limit_is_refused(self) -> None:
        """A credit limit is not negative."""
        with pytest.raises(PolicyError, match=r"^credit_limit: expected an amount >= 0"):
            CreditLevelRule(level=CreditLevel.D, credit_limit=Money.of(-1), payment_terms_days=0)


class TestCreditRating:
    def test_excellent_record_is_a_and_excellent(self) -> None:
        """98 % on time, nothing overdue, 5 years: level A, excellent customer 优秀客户."""
        rating = credit_rating(_record(), CREDIT_LEVELS)
        assert rating.level is CreditLevel.A
        assert rating.credit_limit == Money.of(5_000_000)
        assert rating.payment_terms_days == 90
        assert rating.excellent
        assert not rating.dangerous
        assert rating.shortfalls == ()
        assert rating.change is None

    def test_record_missing_a_gets_b_with_its_shortfalls(self) -> None:
        """92 % on time and 20 days overdue miss A; the shortfalls say which requirement."""
        record = _record(on_time_payment_rate=Decimal("0.92"), max_days_overdue=20)
        rating = credit_rating(record, CREDIT_LEVELS)
        assert rating.level is CreditLevel.B
        assert [(s.level, s.criterion) for s in rating.shortfalls] == [
            (CreditLevel.A, CreditCriterion.ON_TIME_RATE),
            (CreditLevel.A, CreditCriterion.DAYS_OVERDUE),
        ]
        assert not rating.excellent

    def test_level_d_is_dangerous(self) -> None:
        """A poor payer lands in D: a dangerous customer 危险客户, no credit."""
        rating = credit_rating(_record(on_time_payment_rate=Decimal("0.5")), CREDIT_LEVELS)
        assert rating.level is CreditLevel.D
        assert rating.dangerous
        assert rating.credit_limit == Money.of(0)

    def test_more_than_90_days_overdue_is_dangerous_at_any_level(self) -> None:
        """Overdue beyond the policy's days flags the customer even at level C."""
        a, b, c, d = CREDIT_LEVELS.levels
        lenient = attrs.evolve(
            CREDIT_LEVELS, levels=(a, b, attrs.evolve(c, max_days_overdue=None), d)
        )
        rating = credit_rating(_record(max_days_overdue=91), lenient)
        assert rating.level is CreditLevel.C
        assert rating.dangerous
        assert credit_rating(_record(max_days_overdue=90), lenient).dangerous is False

    def test_unknown_on_time_rate_skips_that_requirement(self) -> None:
        """With nothing due, the on-time requirement is not applied."""
        rating = credit_rating(_record(on_time_payment_rate=None), CREDIT_LEVELS)
        assert rating.level is CreditLevel.A

    def test_new_customer_without_history_is_c(self) -> None:
        """No years of cooperation: not A or B (they require years), but C."""
        rating = credit_rating(_record(years_of_cooperation=0), CREDIT_LEVELS)
        assert rating.level is CreditLevel.C

    def test_downgrade_is_recorded_as_a_credit_change(self) -> None:
        """A customer rated A who now rates B gets a change line with the reasons."""
        record = _record(current_level=CreditLevel.A, overdue_share=Decimal("0.10"))
        rating = credit_rating(record, CREDIT_LEVELS)
        change = rating.change
        assert change is not None
        assert (change.previous_level, change.new_level) == (CreditLevel.A, CreditLevel.B)
        assert (change.previous_limit, change.new_limit) == (
            Money.of(5_000_000),
            Money.of(2_000_000),
        )
        assert not change.upgrade
        assert [r.criterion for r in change.reasons] == [CreditCriterion.OVERDUE_SHARE]
        assert change.on == AS_OF
        assert change.explain() == (
            "credit change for C-1 on 2024-12-31: A -> B (downgrade), limit 5,000,000.00 CNY "
            "-> 2,000,000.00 CNY because overdue-share 10.0 % > 5.0 %"
        )

    def test_upgrade_is_recorded_without_reasons(self) -> None:
        """A C customer now meeting A gets an upgrade line."""
        rating = credit_rating(_record(current_level=CreditLevel.C), CREDIT_LEVELS)
        assert rating.change is not None
        assert rating.change.upgrade
        assert rating.change.reasons == ()

    def test_record_from_figures(self) -> None:
        """The record takes the figures' payment data and the customer's years and level."""
        customer = _customer(credit_level=CreditLevel.B, cooperation_since=date(2019, 1, 1))
        figures = _figures(
            receivables=Money.of(1_000_000),
            overdue_receivables=Money.of(80_000),
            on_time_payment_rate=Decimal("0.92"),
            max_days_overdue=20,
        )
        record = PaymentRecord.from_figures(figures, customer)
        assert record == PaymentRecord(
            customer_id="C-1",
            as_of=AS_OF,
            on_time_payment_rate=Decimal("0.92"),
            max_days_overdue=20,
            overdue_share=Decimal("0.08"),
            years_of_cooperation=5,
            current_level=CreditLevel.B,
        )

    def test_record_from_another_customers_figures_is_refused(self) -> None:
        """Figures and customer must match."""
        with pytest.raises(ValidationError, match=r"^customer\.id: expected the customer"):
            PaymentRecord.from_figures(_figures("C-1"), _customer("C-2"))

    def test_record_validates_rates(self) -> None:
        """The on-time rate is a share 0–1."""
        with pytest.raises(ValidationError) as caught:
            _record(on_time_payment_rate=Decimal("1.2"))
        assert str(caught.value) == (
            "on_time_payment_rate: expected a number from 0 to 1, got '1.2'"
        )

    def test_explain(self) -> None:
        """The explanation gives level, limit, record, why not better, flags and change."""
        record = _record(
            on_time_payment_rate=Decimal("0.92"),
            max_days_overdue=20,
            overdue_share=Decimal("0.08"),
            years_of_cooperation=4,
            current_level=CreditLevel.A,
        )
        assert credit_rating(record, CREDIT_LEVELS).explain() == (
            "Credit rating of C-1 as of 2024-12-31 under 'credit-levels' v1: level B (信用良好), "
            "limit 2,000,000.00 CNY, payment terms 60 days\n"
            "  record: on time 92.0 %, max 20 days overdue, overdue share 8.0 %, "
            "4 years of cooperation\n"
            "  not A: on-time-rate 92.0 % < 95.0 %; max-days-overdue 20 > 15; "
            "overdue-share 8.0 % > 5.0 %\n"
            "  dangerous customer 危险客户: no; excellent customer 优秀客户: no\n"
            "  credit change for C-1 on 2024-12-31: A -> B (downgrade), limit "
            "5,000,000.00 CNY -> 2,000,000.00 CNY because on-time-rate 92.0 % < 95.0 %; "
            "max-days-overdue 20 > 15; overdue-share 8.0 % > 5.0 %"
        )


class TestCreditHeadroom:
    def test_amount_within_the_limit_fits(self) -> None:
        """1 m outstanding + 0.5 m new within a 2 m limit fits, with 1 m headroom."""
        rating = credit_rating(_record(years_of_cooperation=1), CREDIT_LEVELS)
        check = credit_headroom(rating, outstanding=Money.of(1_000_000), amount=Money.of(500_000))
        assert check.fits
        assert check.headroom == Money.of(1_000_000)
        assert check.excess == Money.of(0)

    def test_amount_over_the_limit_is_a_result_not_an_error(self) -> None:
        """Going over the limit says by how much."""
        rating = credit_rating(_record(years_of_cooperation=1), CREDIT_LEVELS)
        check = credit_headroom(rating, outstanding=Money.of(1_000_000), amount=Money.of(1_500_000))
        assert not check.fits
        assert check.excess == Money.of(500_000)
        assert check.explain() == (
            "C-1: 1,500,000.00 CNY on top of 1,000,000.00 CNY outstanding exceeds the limit by "
            "500,000.00 CNY (level B limit 2,000,000.00 CNY, headroom 1,000,000.00 CNY)"
        )

    def test_exactly_the_limit_fits(self) -> None:
        """The limit itself is allowed."""
        rating = credit_rating(_record(), CREDIT_LEVELS)
        check = credit_headroom(rating, outstanding=Money.of(0), amount=Money.of(5_000_000))
        assert check.fits

    def test_other_currency_is_refused(self) -> None:
        """Amounts must be in the limit's currency."""
        rating = credit_rating(_record(), CREDIT_LEVELS)
        with pytest.raises(PolicyError) as caught:
            credit_headroom(rating, outstanding=Money.of(0), amount=Money.of(1, "USD"))
        assert str(caught.value) == (
            "amount.currency: expected CNY, the credit limit's currency, got 'USD'"
        )

    def test_negative_amount_is_refused(self) -> None:
        """A new amount is not negative."""
        rating = credit_rating(_record(), CREDIT_LEVELS)
        with pytest.raises(ValidationError, match=r"^amount: expected an amount >= 0"):
            credit_headroom(rating, outstanding=Money.of(0), amount=Money.of(-1))

    def test_dangerous_customer_is_flagged(self) -> None:
        """The check carries the dangerous flag."""
        rating = credit_rating(_record(on_time_payment_rate=Decimal("0.1")), CREDIT_LEVELS)
        check = credit_headroom(rating, outstanding=Money.of(0), amount=Money.of(1))
        assert check.dangerous
        assert not check.fits
        assert check.explain().endswith("; the customer is a dangerous customer 危险客户")


# ============================================================================== Stability


def _proposal(grade: Grade, score: int | str, period: Period = YEAR) -> ScorecardResult:
    base = scorecard(_figures(), _customer(), KEY_ACCOUNT_SCORECARD)
    return attrs.evolve(base, grade=grade, score=Decimal(score), period=period)


def _history(current: Grade | None, *grades: tuple[int, Grade]) -> GradeHistory:
    return GradeHistory(
        customer_id="C-1",
        current=current,
        observations=tuple(
            GradeObservation(period=Period.of_year(year), grade=grade) for year, grade in grades
        ),
    )


class TestStability:
    def test_first_grading_applies_at_once(self) -> None:
        """A customer never graded takes the proposed grade."""
        outcome = stable_grade(_history(None), _proposal(Grade.B, 70), GRADE_STABILITY)
        assert (outcome.grade, outcome.rule) == (Grade.B, StabilityRule.FIRST)
        assert not outcome.changed

    def test_same_grade_is_unchanged(self) -> None:
        """Proposing the grade in force changes nothing."""
        outcome = stable_grade(_history(Grade.B), _proposal(Grade.B, 70), GRADE_STABILITY)
        assert outcome.rule is StabilityRule.UNCHANGED

    def test_single_period_blip_within_the_margin_is_held_back(self) -> None:
        """B with a score of 62 (3 below the B floor 65) for one period stays B."""
        history = _history(Grade.B, (2023, Grade.B))
        outcome = stable_grade(history, _proposal(Grade.C, 62), GRADE_STABILITY)
        assert (outcome.grade, outcome.rule) == (Grade.B, StabilityRule.HELD_BACK)
        assert (outcome.edge, outcome.distance, outcome.held_periods) == (65, 3, 1)
        assert not outcome.changed

    def test_change_held_for_two_periods_applies(self) -> None:
        """C proposed in 2023 and 2024 for a B customer: C applies."""
        history = _history(Grade.B, (2023, Grade.C))
        outcome = stable_grade(history, _proposal(Grade.C, 62), GRADE_STABILITY)
        assert (outcome.grade, outcome.rule, outcome.held_periods) == (
            Grade.C,
            StabilityRule.HELD,
            2,
        )
        assert outcome.changed

    def test_score_past_the_edge_by_the_margin_applies_at_once(self) -> None:
        """A B customer scoring 40 (25 below the B floor) drops to D at once."""
        outcome = stable_grade(_history(Grade.B), _proposal(Grade.D, 40), GRADE_STABILITY)
        assert (outcome.grade, outcome.rule) == (Grade.D, StabilityRule.MARGIN)
        assert outcome.distance == 25

    def test_margin_is_inclusive(self) -> None:
        """Exactly the margin past the edge is enough: 60 is 5 below 65."""
        outcome = stable_grade(_history(Grade.B), _proposal(Grade.C, 60), GRADE_STABILITY)
        assert outcome.rule is StabilityRule.MARGIN

    def test_upgrade_margin_is_measured_from_the_next_band(self) -> None:
        """A C customer scoring 85 is 20 past the B floor 65: A applies at once."""
        outcome = stable_grade(_history(Grade.C), _proposal(Grade.A, 85), GRADE_STABILITY)
        assert (outcome.grade, outcome.edge, outcome.distance) == (Grade.A, 65, 20)

    def test_held_upgrade_applies_the_grade_nearest_the_current_one(self) -> None:
        """C customer proposed A then B (68, within the margin): B, the change that held."""
        history = _history(Grade.C, (2023, Grade.A))
        outcome = stable_grade(history, _proposal(Grade.B, 68), GRADE_STABILITY)
        assert (outcome.grade, outcome.rule) == (Grade.B, StabilityRule.HELD)

    def test_changes_in_opposite_directions_do_not_add_up(self) -> None:
        """B proposed A then C: no change held, B stays."""
        history = _history(Grade.B, (2023, Grade.A))
        outcome = stable_grade(history, _proposal(Grade.C, 63), GRADE_STABILITY)
        assert (outcome.grade, outcome.held_periods) == (Grade.B, 1)

    def test_a_gap_breaks_the_run(self) -> None:
        """Periods must be consecutive: C in 2022 and 2024 (no 2023) is not held."""
        history = _history(Grade.B, (2022, Grade.C))
        outcome = stable_grade(history, _proposal(Grade.C, 63), GRADE_STABILITY)
        assert outcome.rule is StabilityRule.HELD_BACK

    def test_no_margin_rule_when_margin_is_none(self) -> None:
        """With margin None even a far drop waits for the periods."""
        policy = attrs.evolve(GRADE_STABILITY, margin=None)
        outcome = stable_grade(_history(Grade.A), _proposal(Grade.D, 10), policy)
        assert outcome.grade is Grade.A
        assert "no margin rule" in outcome.explain()

    def test_one_period_to_hold_applies_every_change(self) -> None:
        """periods_to_hold=1 disables the stability."""
        policy = attrs.evolve(GRADE_STABILITY, periods_to_hold=1, margin=None)
        outcome = stable_grade(_history(Grade.B), _proposal(Grade.C, 64), policy)
        assert outcome.grade is Grade.C

    def test_proposal_must_follow_the_history(self) -> None:
        """A proposal for a period not after the last observation is refused."""
        history = _history(Grade.B, (2024, Grade.B))
        with pytest.raises(ValidationError) as caught:
            stable_grade(history, _proposal(Grade.B, 70), GRADE_STABILITY)
        assert str(caught.value) == "proposed.period: expected a year period after 2024, got '2024'"

    def test_proposal_must_be_for_the_same_customer(self) -> None:
        """The history and the proposal name the same customer."""
        history = GradeHistory(customer_id="C-9", current=Grade.B)
        with pytest.raises(ValidationError, match=r"^proposed\.customer_id: expected 'C-9'"):
            stable_grade(history, _proposal(Grade.B, 70), GRADE_STABILITY)

    def test_history_periods_must_increase(self) -> None:
        """Observations are in increasing periods of one kind."""
        with pytest.raises(ValidationError) as caught:
            _history(Grade.B, (2024, Grade.B), (2023, Grade.B))
        assert str(caught.value) == (
            "observations[1].period: expected a year period after 2024, got '2023'"
        )

    def test_after_appends_the_proposal_and_applies_the_grade(self) -> None:
        """The next history holds the applied grade and the proposed one."""
        history = _history(Grade.B, (2023, Grade.B))
        outcome = stable_grade(history, _proposal(Grade.C, 62), GRADE_STABILITY)
        following = history.after(outcome)
        assert following.current is Grade.B
        assert following.observations[-1] == GradeObservation(period=YEAR, grade=Grade.C)

    def test_stability_policy_validates_periods(self) -> None:
        """At least one period."""
        with pytest.raises(PolicyError) as caught:
            StabilityPolicy(name="s", version="1", periods_to_hold=0, margin=5)
        assert str(caught.value) == "periods_to_hold: expected a number from 1 to 120, got 0"

    def test_explain_gives_the_reason(self) -> None:
        """The explanation says the grade was kept and why."""
        history = _history(Grade.B, (2023, Grade.B))
        outcome = stable_grade(history, _proposal(Grade.C, 62), GRADE_STABILITY)
        assert outcome.explain() == (
            "C-1 2024: proposed C (score 62), grade B kept (stability policy 'grade-stability'): "
            "proposed 1 consecutive period(s), 2 needed; score 3 below the band edge 65 (margin 5)"
        )


# ============================================================================== Portfolio


def _portfolio() -> tuple[list[Customer], list[AccountFigures]]:
    customers = [
        _customer("C-1", credit_level=CreditLevel.A, cooperation_since=date(2015, 1, 1)),
        _customer("C-2", credit_level=CreditLevel.B),
        _customer("C-3"),
    ]
    figures = [
        _figures("C-1", gross_profit=Money.of(800_000), on_time_payment_rate=Decimal(1)),
        _figures("C-2", gross_profit=Money.of(150_000), revenue=Money.of(1_000_000)),
        _figures("C-3", gross_profit=Money.of(50_000), revenue=Money.of(200_000)),
    ]
    return customers, figures


class TestGradePortfolio:
    def test_results_are_keyed_by_customer_id(self) -> None:
        """Each customer gets an ABC item, a scorecard and a credit rating."""
        customers, figures = _portfolio()
        result = grade_portfolio(
            customers,
            figures,
            abc_policy=PARETO_ABC,
            scorecard_policy=KEY_ACCOUNT_SCORECARD,
            credit_policy=CREDIT_LEVELS,
        )
        assert [c.customer_id for c in result.customers] == ["C-1", "C-2", "C-3"]
        assert result["C-1"].abc.abc_class is AbcClass.A
        assert result["C-3"].abc.abc_class is AbcClass.C
        assert result["C-2"].score.customer_id == "C-2"
        credit = result["C-1"].credit
        assert isinstance(credit, CreditRating)
        assert credit.level is CreditLevel.A
        assert result.period == YEAR
        assert "C-9" not in result
        assert result.get("C-9") is None

    def test_ranks_by_the_policy_measure(self) -> None:
        """With measure=revenue the ranking follows revenue, not gross profit."""
        customers, figures = _portfolio()
        figures[2] = _figures("C-3", gross_profit=Money.of(1), revenue=Money.of(90_000_000))
        by_revenue = attrs.evolve(PARETO_ABC, measure=AbcMeasure.REVENUE)
        result = grade_portfolio(
            customers, figures, abc_policy=by_revenue, scorecard_policy=KEY_ACCOUNT_SCORECARD
        )
        assert result["C-3"].abc.rank == 1
        assert result["C-3"].credit is None

    def test_result_does_not_depend_on_input_order(self) -> None:
        """Reversed inputs give an equal result."""
        customers, figures = _portfolio()
        forward = grade_portfolio(
            customers, figures, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
        )
        backward = grade_portfolio(
            customers[::-1],
            figures[::-1],
            abc_policy=PARETO_ABC,
            scorecard_policy=KEY_ACCOUNT_SCORECARD,
        )
        assert forward == backward

    def test_missing_figures_are_reported(self) -> None:
        """Every customer needs figures."""
        customers, figures = _portfolio()
        with pytest.raises(ValidationError) as caught:
            grade_portfolio(
                customers,
                figures[:2],
                abc_policy=PARETO_ABC,
                scorecard_policy=KEY_ACCOUNT_SCORECARD,
            )
        assert str(caught.value) == "figures: expected figures for every customer, got 'C-3'"

    def test_figures_of_unknown_customer_are_reported(self) -> None:
        """Figures must belong to a customer of the portfolio."""
        customers, figures = _portfolio()
        with pytest.raises(ValidationError, match=r"^figures\[2\]\.customer_id: expected a"):
            grade_portfolio(
                customers[:2],
                figures,
                abc_policy=PARETO_ABC,
                scorecard_policy=KEY_ACCOUNT_SCORECARD,
            )

    def test_duplicate_customers_are_reported(self) -> None:
        """A customer appears once."""
        customers, figures = _portfolio()
        with pytest.raises(ValidationError, match=r"^customers\[3\]\.id: expected a unique"):
            grade_portfolio(
                [*customers, customers[0]],
                figures,
                abc_policy=PARETO_ABC,
                scorecard_policy=KEY_ACCOUNT_SCORECARD,
            )

    def test_figures_of_mixed_periods_are_reported(self) -> None:
        """One portfolio, one period."""
        customers, figures = _portfolio()
        figures[1] = attrs.evolve(figures[1], period=Period.of_year(2023))
        with pytest.raises(ValidationError) as caught:
            grade_portfolio(
                customers, figures, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
            )
        assert str(caught.value) == (
            "figures[1].period: expected 2024 like the other figures, got '2023'"
        )

    def test_explain_summarises(self) -> None:
        """The summary counts classes and grades and lists each customer."""
        customers, figures = _portfolio()
        result = grade_portfolio(
            customers, figures, abc_policy=PARETO_ABC, scorecard_policy=KEY_ACCOUNT_SCORECARD
        )
        first_line = result.explain().splitlines()[0]
        assert first_line == (
            "Portfolio of 3 customers, 2024: ABC classes A 1, B 1, C 1; "
            "scorecard grades A 0, B 0, C 1, D 2"
        )
        assert "C-1" in result["C-1"].explain()


class TestScorePortfolio:
    def test_each_result_is_the_single_customer_scorecard(self) -> None:
        """The bulk call scores every customer exactly as scorecard() does, keyed by id."""
        customers, figures = _portfolio()
        day = date(2024, 6, 30)
        scores = score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD, as_of=day)
        assert list(scores) == ["C-1", "C-2", "C-3"]
        for customer, item in zip(customers, figures, strict=True):
            expected = scorecard(item, customer, KEY_ACCOUNT_SCORECARD, as_of=day)
            assert scores[customer.id] == expected

    def test_as_of_defaults_to_the_last_day_of_the_period(self) -> None:
        """Without as_of, years of cooperation are counted to the period's last day."""
        customers, figures = _portfolio()
        scores = score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD)
        assert scores["C-1"] == scorecard(
            figures[0], customers[0], KEY_ACCOUNT_SCORECARD, as_of=YEAR.end
        )

    def test_result_does_not_depend_on_input_order(self) -> None:
        """Shuffled customers and figures give the same results."""
        customers, figures = _portfolio()
        forward = score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD)
        backward = score_portfolio(
            customers[::-1], figures[1:] + figures[:1], KEY_ACCOUNT_SCORECARD
        )
        assert forward == backward

    def test_a_policy_without_some_factors_scores_only_its_own(self) -> None:
        """A scorecard of revenue and loyalty alone reports two measures, in its own order."""
        policy = _policy(
            factors=(
                FactorRule(factor=Factor.LOYALTY, weight=40, curve=Ramp(low=0, high=5)),
                FactorRule(factor=Factor.REVENUE, weight=60, curve=Ramp(low=0, high=1_000_000)),
            )
        )
        customers, figures = _portfolio()
        scores = score_portfolio(customers, figures, policy, as_of=date(2024, 12, 31))
        result = scores["C-1"]
        assert result.measures == (Decimal(9), Decimal(6_000_000))
        assert result.points == (Decimal(100), Decimal(100))
        assert result.score == Decimal(100)

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            (
                lambda cs, fs: (cs, fs[:2]),
                "figures: expected figures for every customer, got 'C-3'",
            ),
            (
                lambda cs, fs: ([*cs, cs[1]], fs),
                "customers[3].id: expected a unique customer id, got 'C-2'",
            ),
            (
                lambda cs, fs: (cs, [*fs, fs[0]]),
                "figures[3].customer_id: expected each customer's figures once, got 'C-1'",
            ),
            (
                lambda cs, fs: (cs[:2], fs),
                "figures[2].customer_id: expected a customer of the portfolio, got 'C-3'",
            ),
            (
                lambda cs, fs: ([cs[0], "C-2", cs[2]], fs),
                "customers[1]: expected a Customer, got 'C-2'",
            ),
            (
                lambda cs, fs: (cs, [fs[0], None, fs[2]]),
                "figures[1]: expected AccountFigures, got None",
            ),
            (lambda cs, fs: (5, fs), "customers: expected an iterable of Customer, got 5"),
            (
                lambda cs, fs: (cs, "C-1"),
                "figures: expected an iterable of AccountFigures, got 'C-1'",
            ),
        ],
    )
    def test_mismatched_inputs_name_the_first_bad_entry(self, change: Any, message: str) -> None:
        """Customers and figures must match one to one; the error names the bad entry."""
        customers, figures = change(*_portfolio())
        with pytest.raises(ValidationError) as caught:
            score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD)
        assert str(caught.value) == message

    def test_a_wrong_policy_is_refused(self) -> None:
        """The policy must be a ScorecardPolicy."""
        customers, figures = _portfolio()
        with pytest.raises(ValidationError, match=r"^policy: expected a ScorecardPolicy"):
            score_portfolio(customers, figures, PARETO_ABC)  # type: ignore[arg-type]

    def test_leaves_the_garbage_collector_as_it_was(self) -> None:
        """The collector, paused while results are built, runs again afterwards, and a
        collector the caller had switched off stays off."""
        customers, figures = _portfolio()
        assert gc.isenabled()
        score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD)
        assert gc.isenabled()
        with pytest.raises(ValidationError):
            score_portfolio(customers, figures[:1], KEY_ACCOUNT_SCORECARD)
        assert gc.isenabled()
        gc.disable()
        try:
            score_portfolio(customers, figures, KEY_ACCOUNT_SCORECARD)
            assert not gc.isenabled()
        finally:
            gc.enable()


# ========================================================================== Serialization


@pytest.mark.parametrize(
    "policy",
    [PARETO_ABC, HEAD_COUNT_ABC, KEY_ACCOUNT_SCORECARD, CREDIT_LEVELS, GRADE_STABILITY],
    ids=lambda p: p.name,
)
def test_presets_round_trip_through_plain_data(policy: Any) -> None:
    """Every preset survives to_dict / from_dict unchanged."""
    assert from_dict(type(policy), to_dict(policy)) == policy


def test_results_round_trip_through_plain_data() -> None:
    """ABC, scorecard, credit, stability and portfolio results survive to_dict / from_dict."""
    customers, figures = _portfolio()
    portfolio = grade_portfolio(
        customers,
        figures,
        abc_policy=PARETO_ABC,
        scorecard_policy=KEY_ACCOUNT_SCORECARD,
        credit_policy=CREDIT_LEVELS,
    )
    outcome = stable_grade(
        _history(Grade.B, (2023, Grade.C)), portfolio["C-1"].score, GRADE_STABILITY
    )
    cutoffs = portfolio.abc.cutoffs
    for result in (portfolio, portfolio.abc, cutoffs, portfolio["C-1"].score, outcome):
        assert from_dict(type(result), to_dict(result)) == result
    assert isinstance(from_dict(PortfolioGrading, to_dict(portfolio)), PortfolioGrading)
    assert isinstance(from_dict(StableGrade, to_dict(outcome)), StableGrade)
    assert isinstance(from_dict(AbcCutoffs, to_dict(cutoffs)), AbcCutoffs)


def test_policy_from_plain_data_reports_bad_weights() -> None:
    """A policy file whose weights do not add up raises PolicyError."""
    data = to_dict(KEY_ACCOUNT_SCORECARD)
    data["factors"][0]["weight"] = "20"
    with pytest.raises(PolicyError, match="weights must sum to 100, got 90"):
        from_dict(ScorecardPolicy, data)


def test_credit_policy_reads_period_kind_free_scorecard() -> None:
    """Plain-data scorecards may omit the period kind."""
    data = to_dict(_policy())
    assert data["period_kind"] is None
    assert from_dict(ScorecardPolicy, data).period_kind is None
    assert KEY_ACCOUNT_SCORECARD.period_kind is PeriodKind.YEAR


def test_credit_policy_currency() -> None:
    """The policy's currency is its limits' currency."""
    assert CREDIT_LEVELS.currency == "CNY"
    assert CREDIT_LEVELS.rule_of(CreditLevel.C).payment_terms_days == 30
    assert isinstance(CREDIT_LEVELS, CreditPolicy)
