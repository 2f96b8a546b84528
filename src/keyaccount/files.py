"""Reading and writing files: portfolios and policies as JSON or TOML (an edge of the library).

Files are parsed as plain data — numbers with a fraction become ``Decimal`` exactly as written,
never floats — and then built with :func:`keyaccount.serialization.from_dict`, so a bad file
gets the same path-naming errors as bad data, prefixed with the file name::

    portfolio.json: customers[3].manager_id: expected a staff id, got 'm99'

Loading never executes code: JSON and TOML are data formats only.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from datetime import date, datetime, time
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from keyaccount import tomltext
from keyaccount.domain.portfolio import Portfolio
from keyaccount.errors import PolicyError, Problem, ValidationError
from keyaccount.policies.policyset import DEFAULT_POLICY_SET, SOURCES, PolicyHistory, PolicySet
from keyaccount.serialization import converter, from_dict, to_dict

__all__ = [
    "PORTFOLIO_FORMAT",
    "dump_json",
    "load_data",
    "load_policies",
    "load_portfolio",
    "policy_defaults_toml",
    "read_file",
    "sample_portfolio",
    "save_portfolio",
]

T = TypeVar("T")

PORTFOLIO_FORMAT = "keyaccount.portfolio/1"
"""The ``format`` tag written at the top of a portfolio file."""

SAMPLE = "sample-portfolio.json"


def load_data(path: str | Path) -> Any:
    """The plain data in a ``.json`` or ``.toml`` file (numbers with fractions as Decimal).

    The text reaches the parser as it is in the file: line endings are not translated, so a
    TOML file with bare carriage returns is refused as TOML does, not read as blank lines.
    """
    file = Path(path)
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
    except OSError as error:
        raise ValidationError.of(
            str(file), "(unreadable)", f"a readable file ({error.strerror})"
        ) from None
    except UnicodeDecodeError as error:
        raise ValidationError.of(
            file.name, "(undecodable bytes)", f"UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    return parse_text(text, file.name)


def parse_text(text: str, name: str) -> Any:
    """Parse ``text`` as TOML when ``name`` ends in ``.toml``, else as JSON.

    Text the parsers refuse — bad syntax, an integer of more than 4300 digits, arrays or
    tables nested deeper than the interpreter's recursion limit — raises ValidationError at
    ``name``.
    """
    kind = "TOML" if name.endswith(".toml") else "JSON"
    try:
        if kind == "TOML":
            return tomllib.loads(text, parse_float=Decimal)
        return json.loads(text, parse_float=Decimal)
    except ValueError as error:  # TOMLDecodeError, JSONDecodeError, too many digits
        raise ValidationError.of(name, "(unparsable text)", f"valid {kind} ({error})") from None
    except RecursionError:
        raise ValidationError.of(
            name, "(unparsable text)", f"valid {kind} nested less deeply"
        ) from None


def read_file(cls: type[T], path: str | Path, *, key: str | None = None) -> T:
    """Build a ``cls`` from the file at ``path`` (or from its table/object ``key``).

    Paths in errors are those of the file: ``settings.toml: grading.abc.a_limit`` for the
    ``a_limit`` of the ``abc`` table of the ``grading`` section.
    """
    data = load_data(path)
    name = Path(path).name
    if key is None:
        return build(cls, data, name)
    if not isinstance(data, dict) or key not in data:
        raise ValidationError.of(f"{name}: {key}", "(missing)", f"a {key!r} section")
    return build(cls, data[key], name, within=key)


def build(cls: type[T], data: Any, source: str, *, within: str = "") -> T:
    """``from_dict(cls, data)`` with ``source`` (a file name) in front of every path.

    ``within`` names where ``data`` stands in the file (a section), put before each path.
    """
    try:
        return from_dict(cls, data)
    except ValidationError as error:
        placed = error.within(within) if within else error
        problems = [
            Problem(f"{source}: {p.path}", p.value, p.expected, message=p.message)
            for p in placed.problems
        ]
        raise type(error)(problems or str(placed)) from None


def load_portfolio(path: str | Path) -> Portfolio:
    """Read a portfolio file (JSON; the format is described in docs/portfolio-format.md)."""
    data = load_data(path)
    return portfolio_from_data(data, Path(path).name)


def portfolio_from_data(data: Any, source: str = "portfolio") -> Portfolio:
    """Build a :class:`Portfolio` from parsed file data, checking its ``format`` tag."""
    if isinstance(data, dict):
        tag = data.get("format", PORTFOLIO_FORMAT)
        if tag != PORTFOLIO_FORMAT:
            raise ValidationError.of(f"{source}: format", tag, repr(PORTFOLIO_FORMAT))
        data = {k: v for k, v in data.items() if k != "format"}
    return build(Portfolio, data, source)


def portfolio_to_data(portfolio: Portfolio) -> dict[str, Any]:
    """Plain data for a portfolio file, with its ``format`` tag first."""
    return {"format": PORTFOLIO_FORMAT, **to_dict(portfolio)}


def dump_json(data: Any, *, compact: bool = False) -> str:
    """JSON text, UTF-8 kept and keys in field order.

    Indented for people by default; ``compact`` drops ``null`` values (every such field
    defaults to ``None`` when read back) and all optional white space.
    """
    if compact:
        return json.dumps(_without_nulls(data), ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _without_nulls(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _without_nulls(v) for k, v in data.items() if v is not None}
    if isinstance(data, list):
        return [_without_nulls(v) for v in data]
    return data


def save_portfolio(portfolio: Portfolio, path: str | Path, *, compact: bool = True) -> None:
    """Write ``portfolio`` as a JSON portfolio file (compact unless ``compact=False``)."""
    text = dump_json(portfolio_to_data(portfolio), compact=compact)
    Path(path).write_text(text, encoding="utf-8")


def load_policies(paths: Sequence[str | Path]) -> PolicySet | PolicyHistory:
    """The policy set in one TOML or JSON file, or a history from several.

    A file holds one policy set (keys of :class:`PolicySet`; keys left out take the presets,
    see :func:`over_presets`),
    or a history as ``versions = [...]`` (in TOML: ``[[versions]]`` tables).  Several files are
    read as the successive versions of one history, in the order given.  No paths: the presets.
    """
    if not paths:
        return DEFAULT_POLICY_SET
    loaded = [_policy_file(path) for path in paths]
    if len(loaded) == 1:
        return loaded[0]
    versions: list[PolicySet] = []
    for path, item in zip(paths, loaded, strict=True):
        if isinstance(item, PolicyHistory):
            raise PolicyError.of(
                Path(path).name, "a history", "one policy set per file when several"
            )
        versions.append(item)
    try:
        return PolicyHistory(versions=tuple(versions))
    except PolicyError as error:
        names = ", ".join(Path(p).name for p in paths)
        raise error.within(f"[{names}]") from None


def _policy_file(path: str | Path) -> PolicySet | PolicyHistory:
    data = load_data(path)
    if isinstance(data, dict) and "versions" in data:
        versions = data["versions"]
        if isinstance(versions, list):
            data = {**data, "versions": [over_presets(v) for v in versions]}
        return build(PolicyHistory, data, Path(path).name)
    return build(PolicySet, over_presets(data), Path(path).name)


def over_presets(data: Any) -> Any:
    """``data`` laid over the preset policy set: tables merge key by key, the rest replaces.

    So a file that says only ``[grading.scorecard.bands] a = 85`` changes that one number.
    Lists (such as scorecard factors) replace the preset list whole.  Unknown keys are kept,
    so that building the set reports them.
    """
    return _overlay(to_dict(DEFAULT_POLICY_SET), data)


def _overlay(base: Any, data: Any) -> Any:
    if isinstance(base, dict) and isinstance(data, dict):
        merged = dict(base)
        for key, value in data.items():
            merged[key] = _overlay(base[key], value) if key in base else value
        return merged
    return data


def policy_defaults_toml(policies: PolicySet = DEFAULT_POLICY_SET) -> str:
    """``policies`` as an editable TOML file, each table headed by its source."""
    return tomltext.dumps(_exact.unstructure(policies), SOURCES)


# The TOML writer takes exact values (Decimal, date, time) rather than their JSON text forms.
_exact = converter.copy()
_exact.register_unstructure_hook(Decimal, lambda value: value)
_exact.register_unstructure_hook(date, lambda value: value)
_exact.register_unstructure_hook(datetime, lambda value: value)
_exact.register_unstructure_hook(time, lambda value: value)


def sample_portfolio() -> Portfolio:
    """The sample portfolio shipped inside the package (300 customers, a year of history).

    It is exactly ``keyaccount.sample.generate_portfolio()`` (a test keeps the two equal).
    """
    text = resources.files("keyaccount.data").joinpath(SAMPLE).read_text(encoding="utf-8")
    return portfolio_from_data(json.loads(text, parse_float=Decimal), SAMPLE)


def write_sample(path: str | Path | None = None) -> Path:
    """Regenerate the shipped sample file (``python -m keyaccount.files``)."""
    from keyaccount.sample import generate_portfolio

    target = Path(path) if path else Path(__file__).parent / "data" / SAMPLE
    save_portfolio(generate_portfolio(), target)
    return target


if __name__ == "__main__":
    print(write_sample())  # noqa: T201 - a maintenance command
