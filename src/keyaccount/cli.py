"""The ``keyaccount`` command line (an edge: it may print and read files)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from keyaccount import __version__


def _demo(args: argparse.Namespace) -> int:
    from keyaccount.demo import run_demo

    today = date.fromisoformat(args.today) if args.today else date(2025, 9, 30)
    print(run_demo(today))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``keyaccount`` command."""
    parser = argparse.ArgumentParser(
        prog="keyaccount", description="The rules of a key-account department (大客户部)."
    )
    parser.add_argument("--version", action="version", version=f"keyaccount {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    demo = commands.add_parser("demo", help="run the monthly cycle on a sample portfolio")
    demo.add_argument("--today", help="the day to run as (YYYY-MM-DD); default 2025-09-30")
    demo.set_defaults(handler=_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = args.handler
    try:
        result: int = handler(args)
    except ValueError as error:
        print(f"keyaccount: {error}", file=sys.stderr)
        return 2
    return result
