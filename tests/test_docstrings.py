"""Every public module, class, function and method of the package has a docstring.

The API reference is generated from docstrings, so a public name without one is a hole in the
documentation.  Public means: not starting with ``_`` (dunder methods are exempt, their meaning
is Python's), in a module whose path has no ``_``-prefixed part, at module level or directly
in a public class.  Functions nested in functions are private by construction; the members of
a ``Protocol`` are described by the protocol's own docstring.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "keyaccount"
MODULES = sorted(PACKAGE.rglob("*.py"))

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _is_public(name: str) -> bool:
    return not name.startswith("_")


def _is_public_module(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return all(_is_public(part) or part in ("__init__", "__main__") for part in parts)


def _definitions(body: list[ast.stmt]) -> Iterator[Definition]:
    """Definitions in ``body``, looking into ``if``/``try`` blocks (e.g. ``if TYPE_CHECKING``)."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            yield node
        elif isinstance(node, ast.If):
            yield from _definitions(node.body)
            yield from _definitions(node.orelse)
        elif isinstance(node, ast.Try):
            yield from _definitions(node.body)


def _is_overload(node: Definition) -> bool:
    return any(
        (isinstance(d, ast.Name) and d.id == "overload")
        or (isinstance(d, ast.Attribute) and d.attr == "overload")
        for d in node.decorator_list
    )


def missing_docstrings(source: str, module: str) -> list[str]:
    """Dotted names of the public module, classes, functions and methods without a docstring."""
    tree = ast.parse(source)
    missing = [] if ast.get_docstring(tree) else [module]
    for node in _definitions(tree.body):
        if not _is_public(node.name) or _is_overload(node):
            continue
        name = f"{module}.{node.name}"
        if not ast.get_docstring(node):
            missing.append(name)
        if isinstance(node, ast.ClassDef) and not _is_protocol(node):
            missing.extend(
                f"{name}.{member.name}"
                for member in _definitions(node.body)
                if _is_public(member.name)
                and not _is_overload(member)
                and not ast.get_docstring(member)
            )
    return missing


def _is_protocol(node: ast.ClassDef) -> bool:
    """A ``typing.Protocol``: its members are described by the class docstring."""
    return any(
        (isinstance(b, ast.Name) and b.id == "Protocol")
        or (isinstance(b, ast.Attribute) and b.attr == "Protocol")
        for b in node.bases
    )


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if _is_public_module(p)],
    ids=lambda p: str(p.relative_to(PACKAGE.parent)),
)
def test_public_names_have_docstrings(path: Path) -> None:
    """The module, and each public class, function and method in it, has a docstring."""
    assert missing_docstrings(path.read_text(encoding="utf-8"), _module_name(path)) == []


def test_the_check_finds_missing_docstrings() -> None:
    """A planted module shows what is checked and what is exempt."""
    source = '''
def documented():
    """Yes."""

def undocumented():
    pass

def _private():
    pass

class Thing:
    """A thing."""

    def method(self):
        pass

    def __repr__(self):
        return "Thing()"

    def _helper(self):
        pass

class _Hidden:
    def method(self):
        pass

class Sized(Protocol):
    """Anything with a size."""

    def size(self): ...

if True:
    def conditional():
        pass
'''
    assert missing_docstrings(source, "m") == [
        "m",
        "m.undocumented",
        "m.Thing.method",
        "m.conditional",
    ]
