"""Fuzzed files: malformed policy and portfolio files only ever raise the library's errors.

The loaders of :mod:`keyaccount.files` — :func:`~keyaccount.files.load_policies` (one policy
set, or a history, as TOML or JSON), :func:`~keyaccount.files.load_portfolio` (JSON) and
:func:`~keyaccount.files.read_file` — are fed the text of a valid file with one change:

* **text changes** — a value replaced by another literal (NaN, infinities, 1e999999, an
  integer of 5000 digits, arrays nested 5000 deep, impossible dates, naive datetimes, empty
  tables), a line dropped, repeated or added, the text cut short, stray characters, bytes
  that are not UTF-8;
* **data changes** — one change to the file's data (``malformed.mutated``), written back as
  JSON.

The invariant: a loader returns its object, or raises
:class:`~keyaccount.errors.ValidationError` (:class:`~keyaccount.errors.PolicyError` for a
policy that does not build) whose every problem starts with the file's name and then names a
path that exists in the file's data (laid over the presets, for a policy file).  Nothing else
may escape: no ``UnicodeDecodeError``, ``RecursionError`` or ``ValueError`` from a parser.

Files are written to a fresh temporary directory for each example (hypothesis examples cannot
share pytest's function-scoped ``tmp_path``).
"""

from __future__ import annotations

import json
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import assume, example, given
from hypothesis import strategies as st
from malformed import (
    DEEPER_THAN_RECURSION,
    assert_paths_are_real,
    library_error,
    mutated,
    register_seeds,
)

from keyaccount.domain.portfolio import Portfolio
from keyaccount.errors import ValidationError
from keyaccount.files import (
    dump_json,
    load_policies,
    load_portfolio,
    over_presets,
    policy_defaults_toml,
    portfolio_to_data,
    read_file,
)
from keyaccount.policies.policyset import (
    DEFAULT_POLICY_SET,
    GradingPolicies,
    PolicyHistory,
    PolicySet,
)
from keyaccount.sample import generate_portfolio
from keyaccount.serialization import to_dict

HISTORY = PolicyHistory(
    versions=(
        PolicySet(version="2024", valid_until=date(2024, 12, 31)),
        PolicySet(version="2025", valid_from=date(2025, 1, 1)),
    )
)
PORTFOLIO = generate_portfolio(customers=2, managers=1, as_of=date(2025, 6, 30))

VALID_TEXT: dict[str, list[str]] = {
    "policies.toml": [policy_defaults_toml(), 'name = "ours"\n[grading.abc]\na_limit = 0.7\n'],
    "policies.json": [dump_json(to_dict(DEFAULT_POLICY_SET)), dump_json(to_dict(HISTORY))],
    "portfolio.json": [dump_json(portfolio_to_data(PORTFOLIO))],
}

register_seeds([DEFAULT_POLICY_SET, HISTORY, PORTFOLIO])
DOCUMENTS: dict[type, list[dict[str, Any]]] = {
    PolicySet: [{"name": "ours", "grading": {"abc": {"a_limit": "0.7"}}}],
    PolicyHistory: [to_dict(HISTORY)],
    Portfolio: [portfolio_to_data(PORTFOLIO)],
}

# ------------------------------------------------------------------------- text changes

HUGE_INT = "1" + "0" * 5000
DEEP_ARRAY = "[" * DEEPER_THAN_RECURSION + "]" * DEEPER_THAN_RECURSION

TOML_LITERALS = [
    "nan",
    "-inf",
    "1e999999",
    "1e-999999",
    HUGE_INT,
    "-" + HUGE_INT,
    DEEP_ARRAY,
    "2025-02-30",
    "2025-01-01T09:00:00",
    "9999-12-31T23:59:59Z",
    "0001-01-01",
    "24:00:00",
    "[]",
    "{}",
    "{ x = 1 }",
    '""',
    '"   "',
    '"\\u0000"',
    "true",
    "-1",
    "0",
    "0.1",
    "1_000",
    "0x10",
    '"' + "长" * 1000 + '"',
]
JSON_LITERALS = [
    "NaN",
    "-Infinity",
    "1e999999",
    "1E-999999",
    HUGE_INT,
    DEEP_ARRAY,
    '"2025-02-30"',
    '"2025-01-01T09:00:00"',
    '"9999-12-31T23:59:59+00:00"',
    "null",
    "[]",
    "{}",
    '{"x": 1}',
    '""',
    '"\\u0000"',
    '"\\ud800"',
    "true",
    "-1",
    "0.1",
    "1e3",
    '"' + "长" * 1000 + '"',
]
STRAY = ["\x00", "\ufeff", "\\", '"', "'", "[", "]", "{", "}", "=", ",", "#", "\n", "长", "\x7f"]


@st.composite
def changed_text(draw: st.DrawFn, name: str) -> str:
    """A valid file's text for ``name`` with one change to a line or to the whole."""
    text = draw(st.sampled_from(VALID_TEXT[name]))
    lines = text.splitlines()
    index = draw(st.integers(0, len(lines) - 1))
    literals = TOML_LITERALS if name.endswith(".toml") else JSON_LITERALS
    action = draw(st.sampled_from(["value", "drop", "repeat", "add", "cut", "stray"]))
    if action == "value":
        line = lines[index]
        separator = " = " if name.endswith(".toml") else ": "
        head, found, tail = line.partition(separator)
        comma = "," if not name.endswith(".toml") and tail.endswith(",") else ""
        literal = draw(st.one_of(st.sampled_from(literals), st.text(max_size=10)))
        lines[index] = f"{head}{separator}{literal}{comma}" if found else literal
    elif action == "drop":
        del lines[index]
    elif action == "repeat":
        lines.insert(index, lines[index])
    elif action == "add":
        added = ["[grading]", "[[versions]]", "x = 1", '"x": 1,', "[calendar", "a.b.c = 1"]
        lines.insert(index, draw(st.one_of(st.sampled_from(added), st.text(max_size=20))))
    elif action == "cut":
        return text[: draw(st.integers(0, len(text) - 1))]
    else:
        position = draw(st.integers(0, len(text)))
        return text[:position] + draw(st.sampled_from(STRAY)) + text[position:]
    return "\n".join(lines) + "\n"


@st.composite
def changed_json(draw: st.DrawFn, cls: type) -> str:
    """A valid document of ``cls`` with one change, written as JSON (if JSON can hold it)."""
    doc, _, _ = draw(mutated(cls, DOCUMENTS))
    try:
        return json.dumps(doc, ensure_ascii=False, default=str)
    except (ValueError, RecursionError):  # an integer of 5000 digits, a 5000-deep nest
        assume(False)
        raise


NOT_UTF8 = [b"\xff\xfe{}", b'{"name": "\xe9"}', b'name = "\xc3\x28"', b"\x80", b"\xed\xa0\x80"]

# ----------------------------------------------------------------------------- invariant


@contextmanager
def written(files: dict[str, str | bytes]) -> Iterator[list[Path]]:
    """The files, written to a fresh temporary directory (removed afterwards)."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for name, content in files.items():
            path = Path(folder) / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
            paths.append(path)
        yield paths


def parsed(name: str, content: str | bytes) -> Any:
    """The data in a file, as the loaders parse it; ``None`` when it does not parse."""
    try:
        text = content.decode("utf-8") if isinstance(content, bytes) else content
        if name.endswith(".toml"):
            return tomllib.loads(text, parse_float=Decimal)
        return json.loads(text, parse_float=Decimal)
    except (ValueError, RecursionError):
        return None


def over_the_presets(data: Any) -> Any:
    """A policy file's data as it is built: laid over the presets, version by version."""
    if isinstance(data, dict) and isinstance(data.get("versions"), list):
        return {**data, "versions": [over_presets(version) for version in data["versions"]]}
    return over_presets(data)


def check_load(load: Callable[[], object], name: str, data: Any) -> None:
    """``load()`` returns, or raises a library error whose paths start ``name`` and exist."""
    error = library_error(load)
    if error is None:
        return
    assert isinstance(error, ValidationError), repr(error)
    if error.paths == [name]:  # the whole file: unreadable or unparsable
        return
    assert data is not None, f"{error} for a file that does not parse"
    assert_paths_are_real(error, data, prefix=f"{name}: ")


# ----------------------------------------------------------------------------------- tests


NEXT_VERSION = "valid_from = 2026-01-01\n"
"""A second policy file: the next version of a history read from two files."""

bad_bytes = st.one_of(st.sampled_from(NOT_UTF8), st.binary(max_size=40))


def _policy_file(name: str) -> st.SearchStrategy[tuple[str, str | bytes]]:
    changes: list[st.SearchStrategy[str | bytes]] = [changed_text(name), bad_bytes]
    if name.endswith(".json"):
        changes += [changed_json(PolicySet), changed_json(PolicyHistory)]
    return st.tuples(st.just(name), st.one_of(changes))


policy_files = st.one_of(_policy_file("policies.toml"), _policy_file("policies.json"))


@given(file=policy_files, reader=st.sampled_from(["set", "history", "section"]))
@example(file=("policies.toml", f"[grading.abc]\na_limit = {HUGE_INT}\n"), reader="set").via(
    "an integer of 5000 digits"
)
@example(file=("policies.json", DEEP_ARRAY), reader="set").via(
    "arrays nested deeper than the recursion limit"
)
@example(file=("policies.toml", b"\xff"), reader="set").via("bytes that are not UTF-8")
def test_a_changed_policy_file_raises_only_library_errors(
    file: tuple[str, str | bytes], reader: str
) -> None:
    """A policy file (TOML or JSON, a set or a history) with one change: loaded or reported.

    It is read alone, as the first of two versions of a history, or for its ``grading``
    section with :func:`~keyaccount.files.read_file`.
    """
    name, content = file
    raw = parsed(name, content)
    if reader == "history":
        with written({name: content, "next.toml": NEXT_VERSION}) as paths:
            error = library_error(lambda: load_policies(paths))
        names = (name, "next.toml", f"[{name}, next.toml]")
        assert error is None or all(path.startswith(names) for path in error.paths), str(error)
        return
    with written({name: content}) as paths:
        if reader == "section":
            check_load(lambda: read_file(GradingPolicies, paths[0], key="grading"), name, raw)
            return
        built = None if raw is None else over_the_presets(raw)
        check_load(lambda: load_policies(paths), name, built)


@given(content=st.one_of(changed_text("portfolio.json"), changed_json(Portfolio), bad_bytes))
@example(content=DEEP_ARRAY).via("arrays nested deeper than the recursion limit")
def test_a_changed_portfolio_file_raises_only_library_errors(content: str | bytes) -> None:
    """A portfolio file with one change to its text or its data: loaded or reported."""
    with written({"portfolio.json": content}) as paths:
        check_load(lambda: load_portfolio(paths[0]), "portfolio.json", parsed("x.json", content))
