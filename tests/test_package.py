"""The package installs as promised: version, type marker, cheap import, command line."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources

import keyaccount


def test_version_is_a_release_string() -> None:
    """The package exposes a dotted version string."""
    assert keyaccount.__version__.count(".") == 2


def test_py_typed_marker_is_shipped() -> None:
    """The package ships py.typed so type checkers use its annotations."""
    assert resources.files("keyaccount").joinpath("py.typed").is_file()


def test_import_does_not_load_heavy_dependencies() -> None:
    """``import keyaccount`` loads neither holidays, cattrs nor hypothesis."""
    code = (
        "import sys, keyaccount\n"
        "print(sorted(m for m in ('holidays', 'cattrs', 'hypothesis') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_lazy_names_resolve() -> None:
    """Lazily exported names resolve to the serialization functions."""
    from keyaccount.serialization import from_dict, to_dict

    assert keyaccount.to_dict is to_dict
    assert keyaccount.from_dict is from_dict
