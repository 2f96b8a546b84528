"""The HTML report 报告页面: one self-contained page about a portfolio on one day.

:func:`render_html` turns a portfolio and its :class:`~keyaccount.evaluation.Evaluation` (and,
optionally, the :class:`~keyaccount.impact.Impact` of a policy change) into one HTML page a
person opens in a browser or prints:

* a title with the portfolio's name, the policy set(s) applied and the day;
* the Pareto curve — cumulative share of value against share of customers, ranked by value —
  with the ABC zones and the policy's cut-offs marked, and the ABC classes in a table;
* the applied grades A–D as a bar chart and a table;
* with an impact: the grade migration matrix (shaded cells), the customers whose grade, ABC
  class or credit level changed, and the touchpoints added, removed or moved;
* overdue work per account manager, the appraisal band distribution and the complaint SLA
  summary (on time / at risk / breached).

The page stands alone: the charts are inline SVG drawn here, the style is a small inline
stylesheet, and there is no script, no web font and no reference to anything outside the file.
Every text taken from the data is escaped.  The same inputs always give the same bytes (no
clock, nothing unordered).  The Pareto curve is drawn through at most
:data:`CURVE_POINTS` points, so a portfolio of 100 000 customers makes a page as small as one
of 300; long lists stop after :data:`LIST_LIMIT` rows and say how many were left out.

Words come in English and Chinese (``lang="en"`` or ``"zh"``): the words every report shares
from :func:`keyaccount.reports.labels.label`, the few only this page uses from a table here.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum
from itertools import accumulate
from operator import attrgetter

from keyaccount import __version__
from keyaccount.domain import Grade, Period, Portfolio
from keyaccount.domain.complaint import Severity
from keyaccount.domain.visit import Channel
from keyaccount.errors import ValidationError
from keyaccount.evaluation import Evaluation
from keyaccount.impact import Impact
from keyaccount.policies.complaints import SlaState
from keyaccount.policies.grading import AbcClass, AbcClassification, AbcMode
from keyaccount.policies.kpi import RatingBand
from keyaccount.policies.scheduling import ScheduleRule
from keyaccount.reports.labels import LANGUAGES, label

__all__ = ["CURVE_POINTS", "LIST_LIMIT", "render_html"]

CURVE_POINTS = 500
"""The most points the Pareto curve is drawn through (the origin included)."""

LIST_LIMIT = 500
"""The most rows a list of changes or complaints shows; the rest are counted, not listed."""

# Words only this page uses (the shared ones come from ``labels.label``): (English, Chinese).
_WORDS: dict[str, tuple[str, str]] = {
    "report": ("Key-account report", "大客户部报告"),
    "day": ("day", "日期"),
    "sla_moment": ("SLAs measured at", "时限计算时点"),
    "contents": ("Contents", "目录"),
    "no_data": ("No figures to show.", "暂无数据。"),
    "pareto_chart": (
        "Pareto curve: cumulative share of value by share of customers",
        "帕累托曲线:客户占比与累计价值占比",
    ),
    "x_axis": ("share of customers, ranked by value", "客户占比(按价值从高到低)"),
    "y_axis": ("cumulative share of value", "累计价值占比"),
    "limit": ("limit", "界限"),
    "abc_rule_value": (
        "A while the customers ranked ahead hold less than {a} of the value, B while they hold "
        "less than {b}, else C; a value of zero or less is always C.",
        "排名在前的客户价值累计占比低于 {a} 时为A类,低于 {b} 时为B类,其余为C类;"
        "金额为零或负数者一律为C类。",
    ),
    "abc_rule_head": (
        "A while fewer than {a} of the customers are ranked ahead, B while fewer than {b}, "
        "else C; a value of zero or less is always C.",
        "排名在前的客户数占比低于 {a} 时为A类,低于 {b} 时为B类,其余为C类;"
        "金额为零或负数者一律为C类。",
    ),
    "lowest_value": ("lowest value", "最低金额"),
    "share_customers": ("share of customers", "客户占比"),
    "share_value": ("share of value", "价值占比"),
    "top_customers": ("Top customers by value", "价值最高的客户"),
    "rank": ("rank", "排名"),
    "cumulative": ("cumulative share", "累计占比"),
    "name": ("name", "名称"),
    "grade_chart": ("Customers per applied grade", "各等级客户数"),
    "proposed": ("proposed by the scorecard", "评分表建议"),
    "changed_into": ("newly in this grade", "本期新调入"),
    "not_graded": ("not graded", "未评级"),
    "customer_changes": ("Customers whose results changed", "结果变动的客户"),
    "touchpoint_changes": ("Touchpoints added, removed or moved", "新增、取消或改期的触点"),
    "appraisal_changes": ("Appraisals whose result changed", "考核结果变动"),
    "what": ("what", "项目"),
    "before_change": ("before", "变更前"),
    "after_change": ("after", "变更后"),
    "why_after": ("why, after the change", "变更后的依据"),
    "change": ("change", "变动"),
    "added": ("added", "新增"),
    "removed": ("removed", "取消"),
    "moved": ("moved", "改期"),
    "aspect_grade": ("grade", "等级"),
    "aspect_abc": ("ABC class", "ABC分类"),
    "aspect_credit": ("credit level", "信用等级"),
    "no_changes": ("No customer, touchpoint or appraisal changes.", "无客户、触点或考核变动。"),
    "more": ("{n} more not shown.", "另有 {n} 条未显示。"),
    "overdue_customers": ("customers with overdue work", "有逾期的客户"),
    "overdue_touchpoints": ("overdue touchpoints", "逾期触点"),
    "not_contacted": ("not contacted yet", "尚未联系"),
    "contacted_late": ("contacted late", "逾期后已联系"),
    "most_days": ("most days overdue", "最长逾期天数"),
    "overdue_note": (
        "A touchpoint is overdue once its deadline has passed without a matching contact.",
        "触点截止日已过而无相应联系即为逾期。",
    ),
    "from_score": ("from score", "最低分"),
    "all_periods": ("all periods", "全部期间"),
    "vetoed": ("vetoed (lowest band whatever the total)", "一票否决(不论得分,定为最低等级)"),
    "open_complaints": ("open complaints", "未结投诉"),
    "severity": ("severity", "严重程度"),
    "complaint": ("complaint", "投诉"),
    "category": ("category", "分类"),
    "responsible": ("responsible", "责任人"),
    "resolve_by": ("resolve by", "处理截止"),
    "to_watch": ("Complaints breached or at risk", "已超时或临近超时的投诉"),
    "footer": (
        "Made by keyaccount {version} from the policies named above; every figure is the "
        "policies' own result for this day.",
        "由 keyaccount {version} 按上述制度生成;所有数字均为各项制度对当日数据的计算结果。",
    ),
}


class _Html(str):
    """Markup built here, already escaped (a plain ``str`` cell is escaped when written)."""

    __slots__ = ()


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _word(key: str, lang: str) -> str:
    english, chinese = _WORDS[key]
    return english if lang == "en" else chinese


def _enum(member: Enum, lang: str) -> str:
    """An enum member in words: its value in English (dashes as spaces), its label in Chinese."""
    if lang == "zh":
        return str(getattr(member, "label_zh", member.value))
    return str(member.value).replace("-", " ")


def _count(n: int) -> str:
    return f"{n:,}"


_TENTH = Decimal("0.1")


def _percent(part: Decimal | int, whole: Decimal | int) -> str:
    """``part`` of ``whole`` as a percentage with one decimal (half up); ``–`` when whole is 0."""
    if not whole:
        return "–"
    share = Decimal(part) * 100 / Decimal(whole)
    return f"{share.quantize(_TENTH, ROUND_HALF_UP)} %"


def _share_text(share: Decimal) -> str:
    """A fraction 0–1 as a percentage with one decimal."""
    return f"{(share * 100).quantize(_TENTH, ROUND_HALF_UP)} %"


def _number(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


# ------------------------------------------------------------------------------ HTML pieces


def _table(
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Sequence[int] = (),
    caption: str | None = None,
    foot: Sequence[str] | None = None,
    css: str = "",
) -> str:
    """A table; cells are text (escaped here) or :class:`_Html`; ``numeric`` columns align right."""

    def cells(row: Sequence[str], tag: str) -> str:
        out = []
        for index, cell in enumerate(row):
            content = cell if isinstance(cell, _Html) else _esc(cell)
            align = ' class="n"' if index in numeric else ""
            out.append(f"<{tag}{align}>{content}</{tag}>")
        return "".join(out)

    parts = [f'<table class="{css}">' if css else "<table>"]
    if caption:
        parts.append(f"<caption>{_esc(caption)}</caption>")
    parts.append(f"<thead><tr>{cells(head, 'th')}</tr></thead>")
    parts.append("<tbody>")
    parts.extend(f"<tr>{cells(row, 'td')}</tr>" for row in rows)
    parts.append("</tbody>")
    if foot is not None:
        parts.append(f"<tfoot><tr>{cells(foot, 'th')}</tr></tfoot>")
    parts.append("</table>")
    return "".join(parts)


def _bar(part: int, whole: int, css: str = "") -> _Html:
    """A small horizontal bar for a table cell: a fixed track, filled ``part`` of ``whole``."""
    width = Decimal(0) if not whole else Decimal(part) * 100 / Decimal(whole)
    shown = width.quantize(_TENTH, ROUND_HALF_UP)
    kind = f" {css}" if css else ""
    return _Html(
        f'<span class="track"><span class="bar{kind}" style="width:{shown}%"></span></span>'
    )


def _para(text: str, css: str = "") -> str:
    kind = f' class="{css}"' if css else ""
    return f"<p{kind}>{_esc(text)}</p>"


def _more(left_out: int, lang: str) -> str:
    return _para(_word("more", lang).format(n=_count(left_out)), "note") if left_out > 0 else ""


def _f(value: float) -> str:
    """An SVG coordinate with one decimal (fixed text, so the page is byte-for-byte stable)."""
    return f"{value:.1f}"


# ----------------------------------------------------------------------------- Pareto curve


_PARETO_WIDTH, _PARETO_HEIGHT = 640, 380
_PLOT_LEFT, _PLOT_TOP, _PLOT_RIGHT, _PLOT_BOTTOM = 64, 20, 624, 324
_ZONE_FILLS = {AbcClass.A: "#dbeafe", AbcClass.B: "#e0f2fe", AbcClass.C: "#f1f5f9"}


def _curve_positions(count: int, keep: Iterable[int], limit: int) -> list[int]:
    """Positions (0-based ranks) to draw: every one when ``count <= limit``, else about
    ``limit`` evenly spaced ones, always with the last and the positions in ``keep``."""
    if count <= limit:
        return list(range(count))
    wanted = {position for position in keep if 0 <= position < count}
    wanted.add(count - 1)
    spaced = max(limit - len(wanted), 2)
    wanted.update((step * (count - 1)) // (spaced - 1) for step in range(spaced))
    return sorted(wanted)


def _pareto_svg(abc: AbcClassification, lang: str) -> str:
    """The Pareto curve as inline SVG, with the ABC zones and the policy's limits."""
    cutoffs = abc.cutoffs
    count = len(abc)
    width = _PLOT_RIGHT - _PLOT_LEFT
    height = _PLOT_BOTTOM - _PLOT_TOP

    def x_at(share: float) -> float:
        return _PLOT_LEFT + share * width

    def y_at(share: float) -> float:
        return _PLOT_BOTTOM - share * height

    counts = dict(abc.counts())
    title = _word("pareto_chart", lang)
    parts = [
        f'<svg class="chart pareto" viewBox="0 0 {_PARETO_WIDTH} {_PARETO_HEIGHT}" '
        f'width="{_PARETO_WIDTH}" height="{_PARETO_HEIGHT}" role="img" '
        f'aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}</title>",
    ]
    # The zones: where each class's customers sit along the ranking.
    start = 0
    ends: list[int] = []
    for abc_class in AbcClass:
        end = start + counts[abc_class]
        if end > start:
            left, right = x_at(start / count), x_at(end / count)
            parts.append(
                f'<rect class="zone zone-{abc_class.value.lower()}" x="{_f(left)}" '
                f'y="{_PLOT_TOP}" width="{_f(right - left)}" height="{height}" '
                f'fill="{_ZONE_FILLS[abc_class]}"/>'
            )
            parts.append(
                f'<text class="zone-label" x="{_f((left + right) / 2)}" y="{_PLOT_BOTTOM - 8}" '
                f'text-anchor="middle">{_esc(abc_class.value)} ({_count(counts[abc_class])})'
                "</text>"
            )
        ends.append(end)
        start = end
    # Grid and ticks every 20 %.
    for step in range(6):
        share = step / 5
        x, y = x_at(share), y_at(share)
        parts.append(
            f'<line class="grid" x1="{_PLOT_LEFT}" y1="{_f(y)}" x2="{_PLOT_RIGHT}" y2="{_f(y)}"/>'
        )
        parts.append(
            f'<line class="grid" x1="{_f(x)}" y1="{_PLOT_TOP}" x2="{_f(x)}" y2="{_PLOT_BOTTOM}"/>'
        )
        parts.append(
            f'<text class="tick" x="{_PLOT_LEFT - 6}" y="{_f(y + 4)}" text-anchor="end">'
            f"{step * 20}%</text>"
        )
        parts.append(
            f'<text class="tick" x="{_f(x)}" y="{_PLOT_BOTTOM + 16}" text-anchor="middle">'
            f"{step * 20}%</text>"
        )
    # The line of equal shares, for comparison.
    parts.append(
        f'<line class="equal" x1="{_PLOT_LEFT}" y1="{_PLOT_BOTTOM}" x2="{_PLOT_RIGHT}" '
        f'y2="{_PLOT_TOP}"/>'
    )
    # The policy's limits: shares of value (horizontal) or of customers (vertical).
    for name, limit in (("A", cutoffs.a_limit), ("B", cutoffs.b_limit)):
        text = f"{name} {_word('limit', lang)} {_share_text(limit)}"
        if cutoffs.mode is AbcMode.VALUE_SHARE:
            y = y_at(float(limit))
            parts.append(
                f'<line class="cutoff" x1="{_PLOT_LEFT}" y1="{_f(y)}" x2="{_PLOT_RIGHT}" '
                f'y2="{_f(y)}"/>'
            )
            parts.append(
                f'<text class="cutoff-label" x="{_PLOT_RIGHT - 4}" y="{_f(y + 14)}" '
                f'text-anchor="end">{_esc(text)}</text>'
            )
        else:
            x = x_at(float(limit))
            parts.append(
                f'<line class="cutoff" x1="{_f(x)}" y1="{_PLOT_TOP}" x2="{_f(x)}" '
                f'y2="{_PLOT_BOTTOM}"/>'
            )
            parts.append(
                f'<text class="cutoff-label" x="{_f(x + 4)}" y="{_PLOT_TOP + 14}">'
                f"{_esc(text)}</text>"
            )
    # The curve itself: running totals of the positive values, in rank order.
    total = cutoffs.total
    if count and total > 0:
        running = list(accumulate(max(value, Decimal(0)) for value in abc.values))
        positions = _curve_positions(count, (end - 1 for end in ends), CURVE_POINTS - 1)
        points = [f"{_PLOT_LEFT},{_PLOT_BOTTOM}"]
        points.extend(
            f"{_f(x_at((position + 1) / count))},{_f(y_at(float(running[position] / total)))}"
            for position in positions
        )
        parts.append(f'<polyline class="curve" points="{" ".join(points)}"/>')
    # Axes and their names.
    parts.append(
        f'<line class="axis" x1="{_PLOT_LEFT}" y1="{_PLOT_BOTTOM}" x2="{_PLOT_RIGHT}" '
        f'y2="{_PLOT_BOTTOM}"/>'
    )
    parts.append(
        f'<line class="axis" x1="{_PLOT_LEFT}" y1="{_PLOT_TOP}" x2="{_PLOT_LEFT}" '
        f'y2="{_PLOT_BOTTOM}"/>'
    )
    parts.append(
        f'<text class="axis-name" x="{_f(_PLOT_LEFT + width / 2)}" y="{_PLOT_BOTTOM + 40}" '
        f'text-anchor="middle">{_esc(_word("x_axis", lang))}</text>'
    )
    middle = _f(_PLOT_TOP + height / 2)
    parts.append(
        f'<text class="axis-name" x="16" y="{middle}" text-anchor="middle" '
        f'transform="rotate(-90 16 {middle})">{_esc(_word("y_axis", lang))}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def _pareto_section(evaluation: Evaluation, names: dict[str, str], lang: str) -> str:
    grading = evaluation.grading
    if grading is None or len(grading.abc) == 0:
        return _para(_word("no_data", lang), "note")
    abc = grading.abc
    cutoffs = abc.cutoffs
    count = len(abc)
    customers: Counter[AbcClass] = Counter()
    value: dict[AbcClass, Decimal] = dict.fromkeys(AbcClass, Decimal(0))
    for abc_class, amount in zip(abc.classes, abc.values, strict=True):
        customers[abc_class] += 1
        if amount > 0:
            value[abc_class] += amount
    lowest = {AbcClass.A: cutoffs.a_threshold, AbcClass.B: cutoffs.b_threshold}
    rows = []
    for abc_class in AbcClass:
        threshold = lowest.get(abc_class)
        rows.append(
            [
                abc_class.value if lang == "en" else abc_class.label_zh,
                _count(customers[abc_class]),
                _percent(customers[abc_class], count),
                cutoffs.show(value[abc_class]),
                _percent(value[abc_class], cutoffs.total),
                "–" if threshold is None else cutoffs.show(threshold),
            ]
        )
    classes = _table(
        [
            label("class", lang),
            label("customers", lang),
            _word("share_customers", lang),
            label("value", lang),
            _word("share_value", lang),
            _word("lowest_value", lang),
        ],
        rows,
        numeric=(1, 2, 3, 4, 5),
        foot=[
            label("total", lang),
            _count(count),
            _percent(count, count),
            cutoffs.show(cutoffs.total),
            _percent(cutoffs.total, cutoffs.total),
            "",
        ],
    )
    rule = _word("abc_rule_value" if cutoffs.mode is AbcMode.VALUE_SHARE else "abc_rule_head", lang)
    policy = (
        f"{label('policy', lang)}: {cutoffs.policy_name} {cutoffs.policy_version} "
        f"({_enum(cutoffs.mode, lang)}). "
        + rule.format(a=_share_text(cutoffs.a_limit), b=_share_text(cutoffs.b_limit))
    )
    top = [
        [
            _count(abc.ranks[position]),
            abc.customer_ids[position],
            names.get(abc.customer_ids[position], ""),
            cutoffs.show(abc.values[position]),
            abc.classes[position].value,
            _share_text(abc.cumulative_shares[position]),
        ]
        for position in range(min(10, count))
    ]
    top_table = _table(
        [
            _word("rank", lang),
            label("customer", lang),
            _word("name", lang),
            label("value", lang),
            label("class", lang),
            _word("cumulative", lang),
        ],
        top,
        numeric=(0, 3, 5),
        caption=_word("top_customers", lang),
    )
    return (
        f"<figure>{_pareto_svg(abc, lang)}<figcaption>{_esc(policy)}</figcaption></figure>"
        + classes
        + top_table
    )


# ----------------------------------------------------------------------------------- grades


_BAR_WIDTH, _BAR_HEIGHT = 440, 240


def _grade_svg(bars: Sequence[tuple[str, int]], lang: str) -> str:
    """A vertical bar chart of customers per grade, as inline SVG."""
    title = _word("grade_chart", lang)
    top, bottom, left = 24, _BAR_HEIGHT - 32, 24
    slot = (_BAR_WIDTH - 2 * left) / max(len(bars), 1)
    highest = max((n for _, n in bars), default=0) or 1
    parts = [
        f'<svg class="chart grades" viewBox="0 0 {_BAR_WIDTH} {_BAR_HEIGHT}" '
        f'width="{_BAR_WIDTH}" height="{_BAR_HEIGHT}" role="img" aria-label="{_esc(title)}">',
        f"<title>{_esc(title)}</title>",
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{_BAR_WIDTH - left}" y2="{bottom}"/>',
    ]
    for index, (name, n) in enumerate(bars):
        height = (bottom - top) * n / highest
        x = left + index * slot + slot * 0.2
        parts.append(
            f'<rect class="grade-bar" x="{_f(x)}" y="{_f(bottom - height)}" '
            f'width="{_f(slot * 0.6)}" height="{_f(height)}"/>'
        )
        middle = _f(x + slot * 0.3)
        parts.append(
            f'<text class="bar-value" x="{middle}" y="{_f(bottom - height - 6)}" '
            f'text-anchor="middle">{_count(n)}</text>'
        )
        parts.append(
            f'<text class="tick" x="{middle}" y="{bottom + 18}" text-anchor="middle">'
            f"{_esc(name)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _grades_section(portfolio: Portfolio, evaluation: Evaluation, lang: str) -> str:
    grades = evaluation.grades
    if not grades:
        return _para(_word("no_data", lang), "note")
    applied = Counter(g.grade for g in grades)
    proposed = Counter(g.proposed for g in grades)
    newly = Counter(g.grade for g in grades if g.changed)
    graded = len(grades)
    # Customers in the portfolio without a result this period (no figures, or no score).
    ungraded = max(len(portfolio.customers) - graded, 0)
    bars = [(grade.value, applied[grade]) for grade in Grade]
    if ungraded:
        bars.append((_word("not_graded", lang), ungraded))
    whole = graded + ungraded
    rows = [
        [
            grade.value if lang == "en" else grade.label_zh,
            _count(applied[grade]),
            _percent(applied[grade], whole),
            _count(proposed[grade]),
            _count(newly[grade]),
        ]
        for grade in Grade
    ]
    if ungraded:
        rows.append(
            [_word("not_graded", lang), _count(ungraded), _percent(ungraded, whole), "", ""]
        )
    table = _table(
        [
            label("grade", lang),
            label("customers", lang),
            label("share", lang),
            _word("proposed", lang),
            _word("changed_into", lang),
        ],
        rows,
        numeric=(1, 2, 3, 4),
        foot=[
            label("total", lang),
            _count(whole),
            _percent(whole, whole),
            _count(graded),
            _count(sum(newly.values())),
        ],
    )
    return f"<figure>{_grade_svg(bars, lang)}</figure>{table}"


# ----------------------------------------------------------------------------------- impact


_SAME, _UP, _DOWN = "37,99,235", "22,163,74", "220,38,38"


def _matrix(impact: Impact, lang: str) -> str:
    """The migration matrix: rows before, columns after; cells shaded by their count."""
    grades = [grade.value for grade in Grade]
    highest = max((cell.count for cell in impact.grade_matrix), default=0) or 1
    rank = {grade.value: grade.rank for grade in Grade}
    corner = f"{_word('before_change', lang)} \\ {_word('after_change', lang)}"
    rows = []
    for old in grades:
        row: list[str] = [_Html(f'<span class="cell"><b>{_esc(old)}</b></span>')]
        for new in grades:
            n = impact.moved(old, new)
            kind = "same" if old == new else "up" if rank[new] < rank[old] else "down"
            colour = {"same": _SAME, "up": _UP, "down": _DOWN}[kind]
            style = ""
            if n:
                alpha = Decimal("0.08") + Decimal("0.62") * n / highest
                style = f' style="background:rgba({colour},{alpha.quantize(Decimal("0.01"))})"'
            row.append(_Html(f'<span class="cell {kind}"{style}>{_count(n)}</span>'))
        total = _count(sum(impact.moved(old, new) for new in grades))
        row.append(_Html(f'<span class="cell">{total}</span>'))
        rows.append(row)
    foot = [label("total", lang)]
    foot += [_count(sum(impact.moved(old, new) for old in grades)) for new in grades]
    foot.append(_count(sum(cell.count for cell in impact.grade_matrix)))
    return _table(
        [corner, *grades, label("total", lang)],
        rows,
        numeric=tuple(range(1, len(grades) + 2)),
        caption=label("migration", lang),
        foot=foot,
        css="matrix",
    )


def _value_words(kind: type[Enum], value: str, lang: str) -> str:
    """A value of enum ``kind`` in words (a value the enum does not know shows as it is)."""
    try:
        return _enum(kind(value), lang)
    except ValueError:
        return value


def _impact_section(impact: Impact, names: dict[str, str], staff: dict[str, str], lang: str) -> str:
    parts = [
        _para(
            f"{label('policy', lang)}: {impact.old_policy} → {impact.new_policy}; "
            f"{_word('day', lang)}: {impact.today.isoformat()}",
            "meta",
        ),
        _matrix(impact, lang),
    ]
    if not impact.has_changes:
        parts.append(_para(_word("no_changes", lang), "note"))
        return "".join(parts)
    if impact.customer_changes:
        changes = impact.customer_changes
        parts.append(f"<h3>{_esc(_word('customer_changes', lang))} ({_count(len(changes))})</h3>")
        by_aspect = Counter(change.aspect for change in changes)
        parts.append(
            _para(
                "; ".join(
                    f"{_word('aspect_' + aspect, lang)}: {_count(by_aspect[aspect])}"
                    for aspect in ("grade", "abc", "credit")
                    if by_aspect[aspect]
                )
            )
        )
        parts.append(
            _table(
                [
                    label("customer", lang),
                    _word("name", lang),
                    _word("what", lang),
                    _word("before_change", lang),
                    _word("after_change", lang),
                    _word("why_after", lang),
                ],
                (
                    [
                        change.customer_id,
                        names.get(change.customer_id, ""),
                        _aspect(change.aspect, lang),
                        change.old,
                        change.new,
                        _Html(f'<span class="why">{_esc(change.new_explanation)}</span>'),
                    ]
                    for change in changes[:LIST_LIMIT]
                ),
                css="list",
            )
        )
        parts.append(_more(len(changes) - LIST_LIMIT, lang))
    if impact.touchpoint_changes:
        moves = impact.touchpoint_changes
        parts.append(f"<h3>{_esc(_word('touchpoint_changes', lang))} ({_count(len(moves))})</h3>")
        by_kind = Counter(move.change for move in moves)
        parts.append(
            _para(
                "; ".join(
                    f"{_word(kind, lang)}: {_count(by_kind[kind])}"
                    for kind in ("added", "removed", "moved")
                    if by_kind[kind]
                )
            )
        )
        parts.append(
            _table(
                [
                    label("customer", lang),
                    _word("name", lang),
                    _word("change", lang),
                    label("reason", lang),
                    label("channel", lang),
                    _word("before_change", lang),
                    _word("after_change", lang),
                ],
                (
                    [
                        move.customer_id,
                        names.get(move.customer_id, ""),
                        _word(move.change, lang) if move.change in _WORDS else move.change,
                        _value_words(ScheduleRule, move.rule, lang),
                        _value_words(Channel, move.channel, lang),
                        "" if move.old_due is None else move.old_due.isoformat(),
                        "" if move.new_due is None else move.new_due.isoformat(),
                    ]
                    for move in moves[:LIST_LIMIT]
                ),
                css="list",
            )
        )
        parts.append(_more(len(moves) - LIST_LIMIT, lang))
    if impact.appraisal_changes:
        scores = impact.appraisal_changes
        parts.append(f"<h3>{_esc(_word('appraisal_changes', lang))} ({_count(len(scores))})</h3>")
        parts.append(
            _table(
                [
                    label("staff", lang),
                    _word("name", lang),
                    label("period", lang),
                    _word("before_change", lang),
                    _word("after_change", lang),
                ],
                (
                    [
                        score.staff_id,
                        staff.get(score.staff_id, ""),
                        str(score.period),
                        f"{_number(score.old_total)} {_band(score.old_band, lang)}",
                        f"{_number(score.new_total)} {_band(score.new_band, lang)}",
                    ]
                    for score in scores[:LIST_LIMIT]
                ),
                css="list",
            )
        )
        parts.append(_more(len(scores) - LIST_LIMIT, lang))
    return "".join(parts)


def _aspect(aspect: str, lang: str) -> str:
    key = f"aspect_{aspect}"
    return _word(key, lang) if key in _WORDS else aspect


def _band(band: RatingBand, lang: str) -> str:
    return band.name if lang == "en" else band.label_zh


# ---------------------------------------------------------------------------------- overdue


_DONE_LATE_AT = attrgetter("done_late_at")
_DAYS_OVERDUE = attrgetter("days_overdue")


def _overdue_section(
    portfolio: Portfolio, evaluation: Evaluation, staff: dict[str, str], lang: str
) -> str:
    """Overdue touchpoints per account manager: every manager with customers, worst first."""
    customers: dict[str, set[str]] = {c.manager_id: set() for c in portfolio.customers}
    touchpoints: Counter[str] = Counter()
    open_items: Counter[str] = Counter()
    late: Counter[str] = Counter()
    oldest: dict[str, int] = {}
    for report in evaluation.overdue:
        items = report.items
        if not items:
            continue
        # One report is one customer's plan, so all its touchpoints have the same manager;
        # counting report by report keeps a portfolio of 100 000 customers quick.
        manager = items[0].touchpoint.manager_id
        customers.setdefault(manager, set()).add(report.customer_id)
        not_done = list(map(_DONE_LATE_AT, items)).count(None)
        touchpoints[manager] += len(items)
        open_items[manager] += not_done
        late[manager] += len(items) - not_done
        oldest[manager] = max(oldest.get(manager, 0), *map(_DAYS_OVERDUE, items))
    order = sorted(customers, key=lambda m: (-open_items[m], -touchpoints[m], m))
    whole = max(touchpoints.values(), default=0)
    rows = [
        [
            manager,
            staff.get(manager, ""),
            _count(len(customers[manager])),
            _count(touchpoints[manager]),
            _count(open_items[manager]),
            _count(late[manager]),
            _count(oldest.get(manager, 0)),
            _bar(touchpoints[manager], whole, "warn"),
        ]
        for manager in order
    ]
    table = _table(
        [
            label("manager", lang),
            _word("name", lang),
            _word("overdue_customers", lang),
            _word("overdue_touchpoints", lang),
            _word("not_contacted", lang),
            _word("contacted_late", lang),
            _word("most_days", lang),
            "",
        ],
        rows,
        numeric=(2, 3, 4, 5, 6),
        css="list",
        foot=[
            label("total", lang),
            "",
            _count(sum(len(ids) for ids in customers.values())),
            _count(sum(touchpoints.values())),
            _count(sum(open_items.values())),
            _count(sum(late.values())),
            _count(max(oldest.values(), default=0)),
            "",
        ],
    )
    return _para(_word("overdue_note", lang), "note") + table


# ------------------------------------------------------------------------------- appraisals


def _appraisal_section(evaluation: Evaluation, lang: str) -> str:
    """How many appraisals landed in each band, per period and in all."""
    scores = evaluation.appraisals
    if not scores:
        return _para(_word("no_data", lang), "note")
    bands: dict[str, RatingBand] = {}
    for score in scores:
        bands.setdefault(score.band.key, score.band)
    order = sorted(bands.values(), key=lambda b: (-b.min_score, b.key))
    periods: list[Period] = sorted({s.period for s in scores}, key=lambda p: (p.start, p.end))
    counts = Counter((score.band.key, score.period) for score in scores)
    totals = Counter(score.band.key for score in scores)
    rows = [
        [
            _band(band, lang),
            _number(band.min_score),
            *(_count(counts[(band.key, period)]) for period in periods),
            _count(totals[band.key]),
            _percent(totals[band.key], len(scores)),
            _bar(totals[band.key], len(scores)),
        ]
        for band in order
    ]
    columns = len(periods)
    table = _table(
        [
            label("band", lang),
            _word("from_score", lang),
            *(str(period) for period in periods),
            _word("all_periods", lang),
            label("share", lang),
            "",
        ],
        rows,
        numeric=tuple(range(1, columns + 4)),
        foot=[
            label("total", lang),
            "",
            *(_count(sum(1 for s in scores if s.period == period)) for period in periods),
            _count(len(scores)),
            _percent(len(scores), len(scores)),
            "",
        ],
    )
    vetoed = sum(1 for score in scores if score.vetoed)
    return table + _para(f"{_word('vetoed', lang)}: {_count(vetoed)}", "note")


# ------------------------------------------------------------------------------- complaints


_STATE_CSS = {SlaState.ON_TIME: "ok", SlaState.AT_RISK: "risk", SlaState.BREACHED: "warn"}


def _complaints_section(
    portfolio: Portfolio, evaluation: Evaluation, names: dict[str, str], lang: str
) -> str:
    """Open complaints by SLA state and severity, escalations, and the ones to watch."""
    reports = evaluation.complaints
    states = Counter(report.state for report in reports)
    by_severity = Counter((report.severity, report.state) for report in reports)
    total = len(reports)
    summary = _table(
        [label("state", lang), _word("open_complaints", lang), label("share", lang), ""],
        (
            [
                _enum(state, lang),
                _count(states[state]),
                _percent(states[state], total),
                _bar(states[state], total, _STATE_CSS[state]),
            ]
            for state in SlaState
        ),
        numeric=(1, 2),
        foot=[label("total", lang), _count(total), _percent(total, total), ""],
    )
    severities = _table(
        [
            _word("severity", lang),
            *(_enum(state, lang) for state in SlaState),
            label("total", lang),
        ],
        (
            [
                _enum(severity, lang),
                *(_count(by_severity[(severity, state)]) for state in SlaState),
                _count(sum(by_severity[(severity, state)] for state in SlaState)),
            ]
            for severity in Severity
        ),
        numeric=(1, 2, 3, 4),
    )
    escalations = _para(
        f"{label('escalations', lang)}: {_count(len(evaluation.escalations))}", "note"
    )
    responsible = {c.id: c.responsible_id for c in portfolio.complaints}
    staff = {s.id: s.name for s in portfolio.staff}
    watch = sorted(
        (r for r in reports if r.state is not SlaState.ON_TIME),
        key=lambda r: (-r.state.rank, r.resolve.deadline, r.complaint_id),
    )
    parts = [summary, severities, escalations]
    if watch:
        parts.append(f"<h3>{_esc(_word('to_watch', lang))} ({_count(len(watch))})</h3>")
        parts.append(
            _table(
                [
                    _word("complaint", lang),
                    label("customer", lang),
                    _word("name", lang),
                    _word("severity", lang),
                    _word("category", lang),
                    _word("responsible", lang),
                    _word("resolve_by", lang),
                    label("state", lang),
                ],
                (
                    [
                        r.complaint_id,
                        r.customer_id,
                        names.get(r.customer_id, ""),
                        _enum(r.severity, lang),
                        _enum(r.category, lang),
                        staff.get(responsible.get(r.complaint_id, ""), ""),
                        r.resolve.deadline.strftime("%Y-%m-%d %H:%M"),
                        _Html(
                            f'<span class="state {_STATE_CSS[r.state]}">'
                            f"{_esc(_enum(r.state, lang))}</span>"
                        ),
                    ]
                    for r in watch[:LIST_LIMIT]
                ),
                css="list",
            )
        )
        parts.append(_more(len(watch) - LIST_LIMIT, lang))
    return "".join(parts)


# ------------------------------------------------------------------------------------- page


_STYLE = """
:root{color-scheme:light}
*{box-sizing:border-box}
body{margin:0 auto;max-width:1000px;padding:24px;color:#1f2937;background:#fff;
font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;
border-bottom:2px solid #e5e7eb}h3{font-size:15px;margin:18px 0 6px}
.meta{color:#4b5563;margin:2px 0}.note{color:#4b5563;font-size:13px}
nav ol{margin:6px 0;padding-left:20px;columns:2}
table{border-collapse:collapse;margin:8px 0 12px;font-size:13px}
th,td{border:1px solid #e5e7eb;padding:3px 8px;text-align:left;vertical-align:top}
thead th,tfoot th{background:#f3f4f6}tfoot th{font-weight:600}
caption{text-align:left;font-weight:600;padding:4px 0}
.n{text-align:right;font-variant-numeric:tabular-nums}
.list td{font-size:12px;white-space:nowrap}.list th{white-space:nowrap}
.why{color:#4b5563;font-size:11px;white-space:normal}
.matrix td{padding:0;vertical-align:middle}
.matrix .cell{display:block;padding:4px 12px;min-width:56px}
.matrix .same{font-weight:600}
.track{display:inline-block;width:160px;height:10px;background:#f3f4f6}
.bar{display:block;height:10px;background:#2563eb}
.bar.warn{background:#dc2626}.bar.risk{background:#d97706}.bar.ok{background:#16a34a}
.state.warn{color:#b91c1c}.state.risk{color:#b45309}
figure{margin:8px 0}figcaption{color:#4b5563;font-size:13px;max-width:640px}
svg.chart{max-width:100%;height:auto;font-size:11px}
svg .grid{stroke:#e5e7eb;stroke-width:1}svg .axis{stroke:#6b7280;stroke-width:1}
svg .equal{stroke:#9ca3af;stroke-dasharray:2 4}
svg .cutoff{stroke:#b91c1c;stroke-dasharray:6 4;stroke-width:1.2}
svg .cutoff-label{fill:#b91c1c}svg .curve{fill:none;stroke:#1d4ed8;stroke-width:2}
svg .zone-label{fill:#1e3a8a;font-weight:600}svg .tick,svg .axis-name{fill:#374151}
svg .grade-bar{fill:#2563eb}svg .bar-value{fill:#111827}
footer{margin-top:32px;color:#6b7280;font-size:12px;border-top:1px solid #e5e7eb;
padding-top:8px}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
@media print{body{max-width:none;padding:0}nav{display:none}
h2,h3{break-after:avoid}figure,tr{break-inside:avoid}}
""".strip()


def _check(portfolio: object, evaluation: object, impact: object, lang: object) -> None:
    if not isinstance(portfolio, Portfolio):
        raise ValidationError.of("portfolio", portfolio, "a Portfolio")
    if not isinstance(evaluation, Evaluation):
        raise ValidationError.of("evaluation", evaluation, "an Evaluation")
    if impact is not None and not isinstance(impact, Impact):
        raise ValidationError.of("impact", impact, "an Impact or None")
    if lang not in LANGUAGES:
        raise ValidationError.of("lang", lang, "one of 'en', 'zh'")


def render_html(
    portfolio: Portfolio,
    evaluation: Evaluation,
    *,
    impact: Impact | None = None,
    lang: str = "en",
) -> str:
    """The report page 报告页面 of ``portfolio`` as evaluated in ``evaluation``, as HTML text.

    Args:
        portfolio: the portfolio evaluated (it gives the names of customers and staff).
        evaluation: the result of :func:`keyaccount.evaluation.evaluate` on ``portfolio``.
        impact: the result of :func:`keyaccount.impact.compare` for a policy change; the
            page gets an impact section only when one is given.
        lang: ``"en"`` or ``"zh"``, the language of the page's words (data stays as it is).

    Returns:
        A complete HTML5 document (UTF-8 text): no script, no external resource.  The same
        arguments give the same text.  Lists longer than :data:`LIST_LIMIT` rows are cut
        there, with the number left out; the Pareto curve has at most :data:`CURVE_POINTS`
        points.

    Raises:
        ValidationError: an argument of the wrong kind, or an unknown ``lang``.
    """
    _check(portfolio, evaluation, impact, lang)
    names = {customer.id: customer.name for customer in portfolio.customers}
    staff = {person.id: person.name for person in portfolio.staff}
    sections: list[tuple[str, str, str]] = [
        ("pareto", label("abc_summary", lang), _pareto_section(evaluation, names, lang)),
        ("grades", label("grades", lang), _grades_section(portfolio, evaluation, lang)),
    ]
    if impact is not None:
        sections.append(
            ("impact", label("impact", lang), _impact_section(impact, names, staff, lang))
        )
    sections += [
        ("overdue", label("overdue", lang), _overdue_section(portfolio, evaluation, staff, lang)),
        ("appraisals", label("appraisal", lang), _appraisal_section(evaluation, lang)),
        (
            "complaints",
            label("complaints", lang),
            _complaints_section(portfolio, evaluation, names, lang),
        ),
    ]
    policies = ", ".join(evaluation.policies) or evaluation.policy
    day = evaluation.today.isoformat()
    title = f"{portfolio.name} · {policies} · {day}"
    period = "–" if evaluation.period is None else str(evaluation.period)
    meta = [
        f"{label('policy', lang)}: {policies} · {_word('day', lang)}: {day} · "
        f"{label('period', lang)}: {period} · "
        f"{label('customers', lang)}: {_count(len(portfolio.customers))}",
        f"{_word('sla_moment', lang)}: {evaluation.now.strftime('%Y-%m-%d %H:%M %z')}",
    ]
    contents = "".join(
        f'<li><a href="#{anchor}">{_esc(heading)}</a></li>' for anchor, heading, _ in sections
    )
    body = "".join(
        f'<section id="{anchor}"><h2>{_esc(heading)}</h2>{content}</section>'
        for anchor, heading, content in sections
    )
    footer = _word("footer", lang).format(version=__version__)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}">\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>\n{_STYLE}\n</style>\n</head>\n"
        "<body>\n"
        f'<header><p class="meta">{_esc(_word("report", lang))}</p>'
        f"<h1>{_esc(portfolio.name)}</h1>"
        + "".join(f'<p class="meta">{_esc(line)}</p>' for line in meta)
        + "</header>\n"
        f"<nav><h2>{_esc(_word('contents', lang))}</h2><ol>{contents}</ol></nav>\n"
        f"<main>\n{body}\n</main>\n"
        f"<footer>{_esc(footer)}</footer>\n"
        "</body>\n</html>\n"
    )
