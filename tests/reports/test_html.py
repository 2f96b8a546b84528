"""The HTML report page: complete, self-contained, escaped, bilingual and byte-for-byte stable."""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import textwrap
from collections import Counter
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from itertools import pairwise

import attrs
import pytest

from keyaccount.domain import Grade, Portfolio
from keyaccount.errors import ValidationError
from keyaccount.evaluation import Evaluation, evaluate
from keyaccount.files import sample_portfolio
from keyaccount.impact import GradeCell, Impact, TouchpointChange, compare
from keyaccount.policies.complaints import SlaState
from keyaccount.policies.grading import ScoreBands, abc_classify
from keyaccount.policies.policyset import DEFAULT_POLICY_SET
from keyaccount.reports.html import CURVE_POINTS, LIST_LIMIT, render_html
from keyaccount.reports.labels import label

TODAY = date(2026, 1, 5)
EVIL = "<script>alert(1)</script>"

# A policy change that moves grades: scorecard bands A>=75, B>=60, C>=45 instead of 80/65/50.
_GRADING = DEFAULT_POLICY_SET.grading
LOWER_BANDS = attrs.evolve(
    DEFAULT_POLICY_SET,
    version="2",
    grading=attrs.evolve(
        _GRADING, scorecard=attrs.evolve(_GRADING.scorecard, bands=ScoreBands(a=75, b=60, c=45))
    ),
)

VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "col", "wbr", "source", "area"})


class TagBalance(HTMLParser):
    """Checks that every element is closed, in order; counts the elements seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.seen: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()


def balance(page: str) -> TagBalance:
    """Parse ``page`` and return the checker."""
    checker = TagBalance()
    checker.feed(page)
    checker.close()
    return checker


def section(page: str, anchor: str) -> str:
    """The markup of one section of the page."""
    match = re.search(rf'<section id="{anchor}">(.*?)</section>', page, re.DOTALL)
    assert match is not None, f"no section {anchor!r}"
    return match.group(1)


def curve_points(page: str) -> list[tuple[float, float]]:
    """The points of the Pareto curve, in drawing order."""
    match = re.search(r'<polyline class="curve" points="([^"]*)"', page)
    assert match is not None
    return [(float(x), float(y)) for x, y in (point.split(",") for point in match.group(1).split())]


@pytest.fixture(scope="module")
def portfolio() -> Portfolio:
    """The shipped sample: 300 customers, 15 staff."""
    return sample_portfolio()


@pytest.fixture(scope="module")
def evaluation(portfolio: Portfolio) -> Evaluation:
    """The sample evaluated under the presets on 5 January 2026."""
    return evaluate(portfolio, DEFAULT_POLICY_SET, today=TODAY)


@pytest.fixture(scope="module")
def impact(portfolio: Portfolio) -> Impact:
    """The impact of lowering the scorecard bands on the sample."""
    return compare(DEFAULT_POLICY_SET, LOWER_BANDS, portfolio, TODAY)


@pytest.fixture(scope="module")
def page(portfolio: Portfolio, evaluation: Evaluation) -> str:
    """The English page without an impact."""
    return render_html(portfolio, evaluation)


@pytest.fixture(scope="module")
def impact_page(portfolio: Portfolio, evaluation: Evaluation, impact: Impact) -> str:
    """The English page with the impact section."""
    return render_html(portfolio, evaluation, impact=impact)


def no_change(evaluation: Evaluation) -> Impact:
    """An impact that changes nothing: every customer keeps its grade."""
    counts = evaluation.grade_counts()
    return Impact(
        old_policy="keyaccount-presets@1",
        new_policy="keyaccount-presets@1",
        today=TODAY,
        grade_matrix=tuple(
            GradeCell(old=old.value, new=new.value, count=counts[old.value] if old is new else 0)
            for old in Grade
            for new in Grade
        ),
        customer_changes=(),
        touchpoint_changes=(),
        appraisal_changes=(),
    )


# ------------------------------------------------------------------------------- the page


def test_page_is_well_formed_html(impact_page: str) -> None:
    """Every element the page opens is closed in order, and the main elements are there."""
    checker = balance(impact_page)
    assert checker.errors == []
    assert checker.stack == []
    assert impact_page.startswith("<!DOCTYPE html>\n")
    for tag in ("html", "head", "style", "body", "header", "nav", "main", "footer"):
        assert checker.seen[tag] == 1, tag
    assert checker.seen["section"] == 6
    assert checker.seen["svg"] == 2
    assert checker.seen["title"] == 3  # the page's and one in each chart
    assert checker.seen["table"] >= 8


def test_page_refers_to_nothing_outside_itself(impact_page: str) -> None:
    """No script, no external link, font, style sheet or image: the file stands alone."""
    assert "http://" not in impact_page
    assert "https://" not in impact_page
    assert "<script" not in impact_page.lower()
    assert " src=" not in impact_page
    assert "<link" not in impact_page
    assert "@import" not in impact_page
    assert "url(" not in impact_page
    hrefs = re.findall(r'href="([^"]*)"', impact_page)
    assert hrefs
    assert all(href.startswith("#") for href in hrefs)


def test_title_names_portfolio_policy_and_day(page: str) -> None:
    """The title carries the portfolio's name, the policy set applied and the day."""
    title = re.search(r"<title>(.*?)</title>", page)
    assert title is not None
    assert title.group(1) == "sample portfolio (seed 2025) · keyaccount-presets@1 · 2026-01-05"
    assert "<h1>sample portfolio (seed 2025)</h1>" in page


def test_page_has_every_section_in_order(page: str) -> None:
    """Pareto, grades, overdue work, appraisals and complaints, each listed in the contents."""
    anchors = re.findall(r'<section id="([a-z]+)">', page)
    assert anchors == ["pareto", "grades", "overdue", "appraisals", "complaints"]
    for anchor in anchors:
        assert f'<a href="#{anchor}">' in page


# --------------------------------------------------------------------------- Pareto curve


def test_pareto_curve_marks_the_abc_cutoffs(page: str, evaluation: Evaluation) -> None:
    """The curve sits in A/B/C zones sized by the class counts, with the 80 % / 95 % limits."""
    pareto = section(page, "pareto")
    assert pareto.count("<svg") == 1
    assert 'class="cutoff"' in pareto
    assert "A limit 80.0 %" in pareto
    assert "B limit 95.0 %" in pareto
    assert evaluation.grading is not None
    for abc_class, count in evaluation.grading.abc.counts():
        assert f'class="zone zone-{abc_class.value.lower()}"' in pareto
        assert f"{abc_class.value} ({count})</text>" in pareto


def test_pareto_curve_rises_from_origin_to_all_value(page: str) -> None:
    """The curve starts at 0 % / 0 %, ends at 100 % / 100 % and never falls."""
    points = curve_points(page)
    assert points[0] == (64.0, 324.0)
    assert points[-1] == (624.0, 20.0)
    assert len(points) == 301  # the origin and one point per customer
    assert all(a[0] <= b[0] and a[1] >= b[1] for a, b in pairwise(points))


def test_pareto_table_shares_add_up(page: str) -> None:
    """The class table of the sample: 106 / 114 / 80 customers, 80.1 / 15.0 / 5.0 % of value."""
    pareto = section(page, "pareto")
    assert '<td>A</td><td class="n">106</td><td class="n">35.3 %</td>' in pareto
    assert '<td class="n">80.1 %</td><td class="n">2,254,988.00 CNY</td>' in pareto
    assert '<th class="n">1,190,447,353.00 CNY</th>' in pareto


def test_pareto_curve_of_100000_customers_is_down_sampled(
    portfolio: Portfolio, evaluation: Evaluation
) -> None:
    """A portfolio of 100 000 customers is drawn through at most CURVE_POINTS points."""
    values = {f"c{i:06d}": Decimal(1_000_000 // (i + 1) + 1) for i in range(100_000)}
    big = abc_classify(values, DEFAULT_POLICY_SET.grading.abc)
    assert evaluation.grading is not None
    larger = attrs.evolve(evaluation, grading=attrs.evolve(evaluation.grading, abc=big))
    page = render_html(portfolio, larger)
    points = curve_points(page)
    assert 400 < len(points) <= CURVE_POINTS
    assert points[0] == (64.0, 324.0)
    assert points[-1] == (624.0, 20.0)
    assert all(a[0] <= b[0] and a[1] >= b[1] for a, b in pairwise(points))
    assert len(page) < 200_000


# --------------------------------------------------------------------------------- grades


def test_grade_distribution_matches_the_evaluation(page: str, evaluation: Evaluation) -> None:
    """The bar chart and the table show the applied grades' counts."""
    grades = section(page, "grades")
    assert grades.count("<svg") == 1
    assert grades.count('class="grade-bar"') == 4
    for grade, count in evaluation.grade_counts().items():
        assert f'<tr><td>{grade}</td><td class="n">{count}</td>' in grades
        assert f'text-anchor="middle">{count}</text>' in grades


# --------------------------------------------------------------------------------- impact


def test_impact_section_only_with_an_impact(page: str, impact_page: str) -> None:
    """Without an impact there is no impact section; with one it comes after the grades."""
    assert 'id="impact"' not in page
    assert label("migration", "en") not in page
    anchors = re.findall(r'<section id="([a-z]+)">', impact_page)
    assert anchors == ["pareto", "grades", "impact", "overdue", "appraisals", "complaints"]


def test_migration_matrix_shows_and_shades_every_cell(impact_page: str, impact: Impact) -> None:
    """Each cell shows impact.moved(old, new); non-empty cells are shaded, upgrades green."""
    part = section(impact_page, "impact")
    assert "keyaccount-presets@1 → keyaccount-presets@2" in part
    assert label("migration", "en") in part
    cells = re.findall(r'<span class="cell (same|up|down)"( style="[^"]*")?>([\d,]+)</span>', part)
    assert len(cells) == 16
    grades = [g.value for g in Grade]
    expected = [impact.moved(old, new) for old in grades for new in grades]
    assert [int(n.replace(",", "")) for _, _, n in cells] == expected
    for (kind, style, n), (old, new) in zip(
        cells, [(o, n) for o in grades for n in grades], strict=True
    ):
        assert kind == ("same" if old == new else "up" if new < old else "down")
        assert bool(style) == (n != "0")
    assert impact.moved("B", "A") > 0
    assert "rgba(22,163,74," in part  # an upgrade is shaded green


def test_impact_lists_changed_customers_and_touchpoints(
    impact_page: str, impact: Impact, portfolio: Portfolio
) -> None:
    """Every changed customer is listed with its name; touchpoint changes are counted."""
    part = section(impact_page, "impact")
    changes = impact.customer_changes
    assert changes
    assert f"Customers whose results changed ({len(changes)})" in part
    first = changes[0]
    name = html.escape(portfolio.customer(first.customer_id).name)
    assert f"<td>{first.customer_id}</td><td>{name}</td><td>grade</td>" in part
    moves = impact.touchpoint_changes
    assert f"Touchpoints added, removed or moved ({len(moves)})" in part
    kinds = Counter(move.change for move in moves)
    assert f"moved: {kinds['moved']}" in part


def test_impact_without_changes_says_so(portfolio: Portfolio, evaluation: Evaluation) -> None:
    """An impact with no change shows the diagonal matrix and says nothing changed."""
    page = render_html(portfolio, evaluation, impact=no_change(evaluation))
    part = section(page, "impact")
    assert "No customer, touchpoint or appraisal changes." in part
    assert 'class="cell up" style' not in part
    assert 'class="cell down" style' not in part


def test_long_lists_stop_at_the_limit_and_count_the_rest(
    portfolio: Portfolio, evaluation: Evaluation
) -> None:
    """More than LIST_LIMIT touchpoint changes: LIST_LIMIT rows and the number left out."""
    moves = tuple(
        TouchpointChange(
            customer_id="c00001",
            change="added",
            rule="cadence",
            purpose="routine",
            channel="phone",
            old_due=None,
            new_due=date(2026, 1, 6),
        )
        for _ in range(LIST_LIMIT + 7)
    )
    impact = attrs.evolve(no_change(evaluation), touchpoint_changes=moves)
    part = section(render_html(portfolio, evaluation, impact=impact), "impact")
    assert part.count("<td>2026-01-06</td>") == LIST_LIMIT
    assert "7 more not shown." in part
    assert f"added: {LIST_LIMIT + 7:,}" in part


# ------------------------------------------------------------------- overdue, appraisals, SLAs


def test_overdue_work_per_manager_with_names(
    page: str, evaluation: Evaluation, portfolio: Portfolio
) -> None:
    """Each manager's row counts their overdue touchpoints, open and contacted late."""
    part = section(page, "overdue")
    items = [item for report in evaluation.overdue for item in report.items]
    per_manager = Counter(item.touchpoint.manager_id for item in items)
    still_open = Counter(i.touchpoint.manager_id for i in items if i.done_late_at is None)
    manager, count = sorted(per_manager.items())[0]
    person = portfolio.org.get(manager)
    assert person is not None
    customers = {
        r.customer_id
        for r in evaluation.overdue
        for i in r.items
        if i.touchpoint.manager_id == manager
    }
    row = (
        f"<tr><td>{manager}</td><td>{html.escape(person.name)}</td>"
        f'<td class="n">{len(customers)}</td><td class="n">{count}</td>'
        f'<td class="n">{still_open[manager]}</td>'
    )
    assert row in part
    assert f'<th class="n">{len(items):,}</th>' in part


def test_appraisal_band_distribution(page: str, evaluation: Evaluation) -> None:
    """Each band's row counts the appraisals in that band, period by period and in all."""
    part = section(page, "appraisals")
    scores = evaluation.appraisals
    periods = sorted({str(score.period) for score in scores})
    assert periods
    for period in periods:
        assert f'<th class="n">{period}</th>' in part
    for band in {score.band.name for score in scores}:
        counts = Counter(str(s.period) for s in scores if s.band.name == band)
        cells = "".join(f'<td class="n">{counts[period]}</td>' for period in periods)
        total = f'<td class="n">{sum(counts.values())}</td>'
        assert re.search(rf'<tr><td>{band}</td><td class="n">[\d.]+</td>{cells}{total}', part)
    assert f'<th class="n">{len(scores)}</th>' in part


def test_complaint_sla_summary_counts_each_state(page: str, evaluation: Evaluation) -> None:
    """On time, at risk and breached are counted over the open complaints."""
    part = section(page, "complaints")
    states = Counter(report.state for report in evaluation.complaints)
    for state, words in (
        (SlaState.ON_TIME, "on time"),
        (SlaState.AT_RISK, "at risk"),
        (SlaState.BREACHED, "breached"),
    ):
        assert f'<tr><td>{words}</td><td class="n">{states[state]}</td>' in part
    assert f"escalations: {len(evaluation.escalations)}" in part
    watched = len(evaluation.complaints) - states[SlaState.ON_TIME]
    assert f"Complaints breached or at risk ({watched})" in part


# ------------------------------------------------------------------------ words and safety


def test_english_words(impact_page: str) -> None:
    """The English page uses the shared labels and its own words in English."""
    assert '<html lang="en">' in impact_page
    for key in ("abc_summary", "grades", "impact", "overdue", "appraisal", "complaints"):
        assert f"<h2>{html.escape(label(key, 'en'))}</h2>" in impact_page
    assert "cumulative share of value" in impact_page
    assert "Key-account report" in impact_page


def test_chinese_words(portfolio: Portfolio, evaluation: Evaluation, impact: Impact) -> None:
    """The Chinese page uses the shared labels and its own words in Chinese."""
    page = render_html(portfolio, evaluation, impact=impact, lang="zh")
    assert '<html lang="zh-CN">' in page
    for key in ("abc_summary", "grades", "impact", "overdue", "appraisal", "complaints"):
        assert f"<h2>{html.escape(label(key, 'zh'))}</h2>" in page
    assert label("migration", "zh") in page
    assert "累计价值占比" in page
    assert "大客户部报告" in page
    assert "已超时" in page
    assert "Key-account report" not in page
    assert balance(page).errors == []


def test_names_from_the_data_are_escaped(portfolio: Portfolio, evaluation: Evaluation) -> None:
    """A portfolio, customer or manager named like markup shows as text, never as markup."""
    assert evaluation.grading is not None
    top = evaluation.grading.abc.customer_ids[0]
    manager = portfolio.customer(top).manager_id
    evil = attrs.evolve(
        portfolio,
        name=EVIL,
        staff=tuple(attrs.evolve(s, name=EVIL) if s.id == manager else s for s in portfolio.staff),
        customers=tuple(
            attrs.evolve(c, name=EVIL) if c.id == top else c for c in portfolio.customers
        ),
    )
    page = render_html(evil, evaluation)
    shown = html.escape(EVIL)
    assert EVIL not in page
    assert "<script" not in page
    assert f"<h1>{shown}</h1>" in page
    assert f"<td>{top}</td><td>{shown}</td>" in section(page, "pareto")
    assert f"<td>{manager}</td><td>{shown}</td>" in section(page, "overdue")
    assert balance(page).errors == []


def test_same_inputs_give_the_same_bytes(
    portfolio: Portfolio, evaluation: Evaluation, impact: Impact, impact_page: str
) -> None:
    """Rendering again gives exactly the same text."""
    assert render_html(portfolio, evaluation, impact=impact) == impact_page


def test_output_does_not_depend_on_hash_seed() -> None:
    """Two interpreters with different hash seeds render the same page for the same data."""
    script = textwrap.dedent(
        """
        import hashlib
        from datetime import date
        from keyaccount.evaluation import evaluate
        from keyaccount.policies.policyset import DEFAULT_POLICY_SET
        from keyaccount.reports.html import render_html
        from keyaccount.sample import generate_portfolio

        portfolio = generate_portfolio(30, 3)
        evaluation = evaluate(portfolio, DEFAULT_POLICY_SET, today=date(2026, 1, 5))
        page = render_html(portfolio, evaluation, lang="zh")
        print(hashlib.sha256(page.encode("utf-8")).hexdigest())
        """
    )
    digests = set()
    for seed in ("1", "2"):
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            env=environment,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1


def test_empty_portfolio_renders_without_figures() -> None:
    """A portfolio with no customers still gives a complete page that says there is no data."""
    empty = Portfolio(name="empty")
    page = render_html(empty, evaluate(empty, DEFAULT_POLICY_SET, today=TODAY))
    assert "No figures to show." in section(page, "pareto")
    assert "<polyline" not in page
    assert balance(page).errors == []


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"lang": "fr"}, "lang: expected one of 'en', 'zh', got 'fr'"),
        ({"impact": "impact"}, "impact: expected an Impact or None, got 'impact'"),
    ],
)
def test_bad_arguments_are_refused(
    portfolio: Portfolio, evaluation: Evaluation, arguments: dict[str, object], message: str
) -> None:
    """An unknown language or a wrong impact raises ValidationError saying what was expected."""
    with pytest.raises(ValidationError) as error:
        render_html(portfolio, evaluation, **arguments)  # type: ignore[arg-type]
    assert str(error.value) == message


def test_wrong_portfolio_or_evaluation_is_refused(evaluation: Evaluation) -> None:
    """Passing something else than a Portfolio or an Evaluation names the argument."""
    with pytest.raises(ValidationError) as error:
        render_html("portfolio", evaluation)  # type: ignore[arg-type]
    assert str(error.value) == "portfolio: expected a Portfolio, got 'portfolio'"
    with pytest.raises(ValidationError) as error:
        render_html(Portfolio(), None)  # type: ignore[arg-type]
    assert str(error.value) == "evaluation: expected an Evaluation, got None"
