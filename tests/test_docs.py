"""Every ```python block in the README and docs/ runs (blocks of one page share a namespace).

A block written as an interactive session (``>>>`` lines) runs as a doctest, so its shown
output is checked too; any other block is executed as a script.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_python_examples_run(page: Path) -> None:
    """The page's Python examples execute without error, in order, with the output shown."""
    namespace: dict[str, object] = {"__name__": f"docs_{page.stem}"}
    for number, match in enumerate(BLOCK.finditer(page.read_text(encoding="utf-8")), 1):
        source, name = match.group(1), f"{page.name}#block{number}"
        if source.lstrip().startswith(">>>"):
            test = doctest.DocTestParser().get_doctest(source, namespace, name, str(page), 0)
            runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
            runner.run(test, clear_globs=False)
            namespace.update(test.globs)  # doctest runs on a copy; later blocks need its names
            assert runner.failures == 0, f"{name}: {runner.failures} doctest failure(s)"
        else:
            exec(compile(source, name, "exec"), namespace)
