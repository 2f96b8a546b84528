"""The ``keyaccount`` command line (an edge of the library: it reads files and prints).

Commands::

    keyaccount demo [--today DATE] [--lang en|zh]
    keyaccount evaluate PORTFOLIO [--policy FILE ...] [--today DATE] [--format table|json]
    keyaccount diff OLD NEW [PORTFOLIO] [--today DATE] [--format table|json] [--fail-on-change]
    keyaccount policy defaults
    keyaccount policy check FILE
    keyaccount report PORTFOLIO [--policy FILE ...] [--against OLD_POLICY] -o FILE.html

Exit codes: 0 success; 1 ``diff --fail-on-change`` found a change; 2 bad input (a one-line
message names the file, the path in it and the problem; no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from keyaccount import __version__
from keyaccount.errors import KeyAccountError, ValidationError

__all__ = ["build_parser", "main"]

DEMO_TODAY = date(2026, 1, 5)
"""The demo's default day: the first working day after New Year 2026, a week after the
sample portfolio's data ends."""

PROGRESS_FROM = 1000
"""Portfolios with at least this many customers show progress on a terminal's stderr."""


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a day as YYYY-MM-DD, got {text!r}") from None


def _today() -> date:
    """Today in the business time zone: the command line is the one place that asks the clock."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def _progress(message: str, customers: int) -> None:
    if customers >= PROGRESS_FROM and sys.stderr.isatty():
        print(f"keyaccount: {message}", file=sys.stderr, flush=True)


def _load(path: str) -> Any:
    from keyaccount.files import load_portfolio

    portfolio = load_portfolio(path)
    _progress(f"evaluating {len(portfolio.customers):,} customers…", len(portfolio.customers))
    return portfolio


def _demo(args: argparse.Namespace, out: TextIO) -> int:
    from keyaccount.evaluation import evaluate
    from keyaccount.files import sample_portfolio
    from keyaccount.policies.policyset import DEFAULT_POLICY_SET
    from keyaccount.reports.text import render_evaluation

    portfolio = sample_portfolio()
    evaluation = evaluate(portfolio, DEFAULT_POLICY_SET, today=args.today or DEMO_TODAY)
    out.write(render_evaluation(portfolio, evaluation, lang=args.lang))
    return 0


def _evaluate(args: argparse.Namespace, out: TextIO) -> int:
    from keyaccount.evaluation import evaluate
    from keyaccount.files import load_policies
    from keyaccount.reports.text import evaluation_data, render_evaluation

    policies = load_policies(args.policy)
    portfolio = _load(args.portfolio)
    today = args.today or portfolio.as_of or _today()
    evaluation = evaluate(portfolio, policies, today=today, horizon_days=args.horizon)
    if args.format == "json":
        json.dump(evaluation_data(portfolio, evaluation), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(render_evaluation(portfolio, evaluation, lang=args.lang))
    return 0


def _diff(args: argparse.Namespace, out: TextIO) -> int:
    from keyaccount.files import load_policies, sample_portfolio
    from keyaccount.impact import compare
    from keyaccount.serialization import to_dict

    old = load_policies([args.old])
    new = load_policies([args.new])
    portfolio = _load(args.portfolio) if args.portfolio else sample_portfolio()
    today = args.today or (DEMO_TODAY if not args.portfolio else portfolio.as_of) or _today()
    impact = compare(old, new, portfolio, today, horizon_days=args.horizon)
    if args.format == "json":
        json.dump(to_dict(impact), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(impact.explain() + "\n")
    return 1 if args.fail_on_change and impact.has_changes else 0


def _policy_defaults(args: argparse.Namespace, out: TextIO) -> int:
    from keyaccount.files import policy_defaults_toml

    out.write(policy_defaults_toml())
    return 0


def _policy_check(args: argparse.Namespace, out: TextIO) -> int:
    from keyaccount.files import load_policies
    from keyaccount.policies.policyset import PolicySet

    policies = load_policies([args.file])
    if isinstance(policies, PolicySet):
        out.write(f"{args.file}: ok, policy set {policies.label}\n")
    else:
        labels = ", ".join(v.label for v in policies.versions)
        out.write(f"{args.file}: ok, {len(policies.versions)} versions: {labels}\n")
    return 0


def _report(args: argparse.Namespace, out: TextIO) -> int:
    from keyaccount.evaluation import evaluate
    from keyaccount.files import load_policies
    from keyaccount.impact import compare
    from keyaccount.reports.html import render_html

    policies = load_policies(args.policy)
    portfolio = _load(args.portfolio)
    today = args.today or portfolio.as_of or _today()
    evaluation = evaluate(portfolio, policies, today=today, horizon_days=args.horizon)
    impact = None
    if args.against:
        impact = compare(load_policies([args.against]), policies, portfolio, today)
    page = render_html(portfolio, evaluation, impact=impact, lang=args.lang)
    Path(args.output).write_text(page, encoding="utf-8")
    out.write(f"wrote {args.output}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``keyaccount`` command."""
    parser = argparse.ArgumentParser(
        prog="keyaccount",
        description="The rules of a key-account department (大客户部): grade customers, plan "
        "revisits, score appraisals and see what a policy change does.",
    )
    parser.add_argument("--version", action="version", version=f"keyaccount {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--today", type=_day, help="the day to evaluate (YYYY-MM-DD)")
    common.add_argument("--lang", choices=("en", "zh"), default="en", help="labels (en, zh)")
    common.add_argument(
        "--horizon", type=int, default=30, help="days of touchpoints to plan (default 30)"
    )

    demo = commands.add_parser(
        "demo",
        parents=[common],
        help="the monthly cycle on the shipped sample portfolio",
        description=f"The monthly cycle on the shipped sample (default day {DEMO_TODAY}).",
    )
    demo.set_defaults(handler=_demo)

    evaluate = commands.add_parser(
        "evaluate", parents=[common], help="evaluate a portfolio file under a policy"
    )
    evaluate.add_argument("portfolio", help="portfolio JSON file")
    evaluate.add_argument(
        "--policy",
        action="append",
        default=[],
        metavar="FILE",
        help="policy TOML/JSON file (repeat for successive versions); default: the presets",
    )
    evaluate.add_argument("--format", choices=("table", "json"), default="table")
    evaluate.set_defaults(handler=_evaluate)

    diff = commands.add_parser(
        "diff", parents=[common], help="what changes from one policy file to another"
    )
    diff.add_argument("old", help="the policy file in force")
    diff.add_argument("new", help="the proposed policy file")
    diff.add_argument("portfolio", nargs="?", help="portfolio JSON file (default: the sample)")
    diff.add_argument("--format", choices=("table", "json"), default="table")
    diff.add_argument(
        "--fail-on-change", action="store_true", help="exit 1 when anything changes (for CI)"
    )
    diff.set_defaults(handler=_diff)

    policy = commands.add_parser("policy", help="write or check policy files")
    policy_commands = policy.add_subparsers(dest="policy_command", required=True, metavar="ACTION")
    defaults = policy_commands.add_parser(
        "defaults", help="print the presets as an editable TOML file with their sources"
    )
    defaults.set_defaults(handler=_policy_defaults)
    check = policy_commands.add_parser("check", help="check a policy file")
    check.add_argument("file")
    check.set_defaults(handler=_policy_check)

    report = commands.add_parser(
        "report", parents=[common], help="write a self-contained HTML report"
    )
    report.add_argument("portfolio", help="portfolio JSON file")
    report.add_argument("--policy", action="append", default=[], metavar="FILE")
    report.add_argument("--against", metavar="OLD_POLICY", help="show the change from this policy")
    report.add_argument("-o", "--output", required=True, metavar="FILE.html")
    report.set_defaults(handler=_report)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line with ``argv``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    stream = out or sys.stdout
    try:
        code: int = args.handler(args, stream)
    except KeyAccountError as error:
        print(f"keyaccount: {_one_line(error)}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"keyaccount: {error.filename or ''}: {error.strerror}", file=sys.stderr)
        return 2
    return code


def _one_line(error: KeyAccountError) -> str:
    """The first problem of an error, and how many more there are."""
    if isinstance(error, ValidationError) and len(error.problems) > 1:
        return f"{error.problems[0]} (and {len(error.problems) - 1} more problems)"
    return str(error).splitlines()[0] if str(error) else type(error).__name__
