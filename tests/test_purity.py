"""The pure core reads no file, network, clock or randomness, and prints nothing.

An AST scan of ``src/keyaccount/domain``, ``src/keyaccount/policies`` and
``src/keyaccount/calendar.py`` refuses forbidden imports and forbidden calls, following import
aliases (``from datetime import datetime`` then ``datetime.now()`` is caught).  The scanner is
itself tested on planted violations.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src" / "keyaccount"
PURE_PLACES = [SRC / "domain", SRC / "policies", SRC / "calendar.py"]

FORBIDDEN_MODULES = frozenset(
    {
        "os",
        "pathlib",
        "random",
        "secrets",
        "socket",
        "urllib",
        "http",
        "requests",
        "time",
        "subprocess",
        "io",
        "shutil",
        "tempfile",
        "uuid",
    }
)
"""Modules whose import (or any submodule's) is forbidden in the pure core."""

FORBIDDEN_NAMES = frozenset(
    {
        "sys.stdin",
        "datetime.datetime.now",
        "datetime.datetime.utcnow",
        "datetime.datetime.today",
        "datetime.date.today",
        "time.time",
        "time.time_ns",
        "time.monotonic",
        "time.perf_counter",
        "time.localtime",
    }
)
"""Fully qualified names that must not be used (called or merely referenced)."""

FORBIDDEN_PREFIXES = ("random.", "secrets.", "uuid.", "os.")
"""Any name under these modules is forbidden (``random.*`` …)."""

FORBIDDEN_BUILTINS = frozenset({"open", "print", "input", "__import__", "breakpoint"})
"""Built-in functions that touch the outside world (or dodge this scan)."""


def _qualified(node: ast.expr, aliases: dict[str, str]) -> str | None:
    """The dotted name ``node`` stands for, resolving import aliases; None if not a name."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(aliases.get(node.id, node.id))
    return ".".join(reversed(parts))


def _forbidden_module(name: str) -> bool:
    return name.split(".", 1)[0] in FORBIDDEN_MODULES


def scan(source: str, filename: str = "<source>") -> list[str]:
    """Every purity violation in ``source``, as ``file:line: what``."""
    tree = ast.parse(source, filename)
    aliases: dict[str, str] = {}
    found: list[str] = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[(alias.asname or alias.name).split(".", 1)[0]] = (
                    alias.name if alias.asname else alias.name.split(".", 1)[0]
                )
                if _forbidden_module(alias.name):
                    report(node, f"import {alias.name}")
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                aliases[alias.asname or alias.name] = full
                if _forbidden_module(node.module) or full in FORBIDDEN_NAMES:
                    report(node, f"from {node.module} import {alias.name}")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_BUILTINS
            and node.func.id not in aliases
        ):
            report(node, f"call {node.func.id}()")
        if isinstance(node, ast.Attribute | ast.Name) and isinstance(node.ctx, ast.Load):
            name = _qualified(node, aliases)
            if name is not None and (
                name in FORBIDDEN_NAMES or name.startswith(FORBIDDEN_PREFIXES)
            ):
                report(node, f"use of {name}")
    return sorted(set(found))


def _pure_files() -> list[Path]:
    files: list[Path] = []
    for place in PURE_PLACES:
        if place.is_dir():
            files.extend(sorted(place.rglob("*.py")))
        elif place.is_file():
            files.append(place)
    return files


def test_the_pure_core_exists() -> None:
    """The scan covers the domain package at least (it cannot pass by finding nothing)."""
    files = _pure_files()
    assert SRC / "domain" / "values.py" in files
    assert len(files) >= 5


@pytest.mark.parametrize("path", _pure_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_pure_module_touches_no_file_clock_or_randomness(path: Path) -> None:
    """The module imports nothing forbidden and calls no clock, file, print or random."""
    assert scan(path.read_text(encoding="utf-8"), path.name) == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import os", "<source>:1: import os"),
        ("import os.path as p", "<source>:1: import os.path"),
        ("from pathlib import Path", "<source>:1: from pathlib import Path"),
        ("import urllib.request", "<source>:1: import urllib.request"),
        ("from http import client", "<source>:1: from http import client"),
        ("import time", "<source>:1: import time"),
        ("from sys import stdin", "<source>:1: from sys import stdin"),
        ("import sys\nsys.stdin.read()", "<source>:2: use of sys.stdin"),
        (
            "from datetime import datetime\n\ndef f():\n    return datetime.now()",
            "<source>:4: use of datetime.datetime.now",
        ),
        (
            "import datetime as dt\ndt.datetime.utcnow()",
            "<source>:2: use of datetime.datetime.utcnow",
        ),
        ("from datetime import date as D\nx = D.today", "<source>:2: use of datetime.date.today"),
        (
            "import datetime\ndatetime.datetime.today()",
            "<source>:2: use of datetime.datetime.today",
        ),
        ("x = open('customers.csv')", "<source>:1: call open()"),
        ("print('hello')", "<source>:1: call print()"),
        ("name = input()", "<source>:1: call input()"),
        ("mod = __import__('os')", "<source>:1: call __import__()"),
    ],
)
def test_scanner_catches_a_planted_violation(source: str, expected: str) -> None:
    """The scanner reports each kind of planted violation with its line."""
    assert expected in scan(source)


def test_scanner_catches_random_calls_and_clock_through_time() -> None:
    """``random.*`` and ``time.time``/``time.monotonic`` are reported as uses, besides imports."""
    source = textwrap.dedent(
        """
        import random
        import time

        def pick(items):
            started = time.monotonic()
            return random.choice(items), time.time() - started
        """
    )
    found = scan(source)
    assert "<source>:2: import random" in found
    assert "<source>:6: use of time.monotonic" in found
    assert "<source>:7: use of random.choice" in found
    assert "<source>:7: use of time.time" in found


def test_scanner_accepts_pure_code() -> None:
    """Dates, times of day and ``now`` passed as a parameter are fine."""
    source = textwrap.dedent(
        """
        from datetime import date, datetime, time, timedelta

        OPENS = time(8, 0)

        def due(now: datetime, today: date) -> date:
            return max(now.date(), today) + timedelta(days=3)

        def describe(printer) -> None:
            printer.print("no built-in print here")
        """
    )
    assert scan(source) == []


def test_importing_the_library_does_not_import_hypothesis() -> None:
    """hypothesis stays optional: keyaccount and keyaccount.domain never import it."""
    code = (
        "import sys, keyaccount, keyaccount.domain, keyaccount.serialization, keyaccount.testing; "
        "sys.exit(1 if 'hypothesis' in sys.modules else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
