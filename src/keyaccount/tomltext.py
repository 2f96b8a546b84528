"""Writing plain data as TOML text, with comments (the standard library only reads TOML).

Used to print policies as an editable file (``keyaccount policy defaults``).  The data is what
:func:`keyaccount.serialization.to_dict` gives with exact types kept: ``Decimal`` is written as
a bare number (read back exactly with ``tomllib.loads(text, parse_float=Decimal)``), dates,
times and datetimes as TOML literals, ``None`` is left out (every such field defaults to
``None``), mappings become tables and lists of mappings arrays of tables.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def dumps(data: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> str:
    """TOML text for ``data``; ``comments`` maps dotted paths (``"grading.abc"``) to notes.

    A comment is written above the key or table it names; list indices are not part of paths.
    """
    lines: list[str] = []
    notes = comments or {}
    _comment(lines, (), notes)
    if lines:
        lines.append("")
    _table(lines, (), data, notes)
    return "\n".join(lines).strip() + "\n"


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes, plus DEL, which TOML also forbids raw."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _key(part: str) -> str:
    return part if _BARE_KEY.fullmatch(part) else _string(part)


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list | tuple) and bool(value) and all(_is_table(v) for v in value)


def _comment(lines: list[str], path: tuple[str, ...], comments: Mapping[str, str]) -> None:
    note = comments.get(".".join(path))
    if note:
        lines.extend(f"# {line}".rstrip() for line in note.splitlines())


def _table(
    lines: list[str], path: tuple[str, ...], table: Mapping[str, Any], comments: Mapping[str, str]
) -> None:
    nested: list[tuple[str, Any]] = []
    for name, value in table.items():
        if value is None:
            continue
        if _is_table(value) or _is_table_array(value):
            nested.append((name, value))
            continue
        _comment(lines, (*path, name), comments)
        lines.append(f"{_key(name)} = {_value(value)}")
    for name, value in nested:
        sub = (*path, name)
        header = ".".join(_key(p) for p in sub)
        lines.append("")
        _comment(lines, sub, comments)
        if _is_table(value):
            lines.append(f"[{header}]")
            _table(lines, sub, value, comments)
        else:
            for item in value:
                lines.append(f"[[{header}]]")
                _table(lines, sub, item, comments)
                lines.append("")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # a whole number reads back as int, which Decimal fields take
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value if v is not None) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items() if v is not None)
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
