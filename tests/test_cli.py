"""The command line, run through its real entry point in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from keyaccount.files import save_portfolio
from keyaccount.sample import generate_portfolio


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m keyaccount ARGS`` with its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "keyaccount", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A small portfolio and two policy files: the presets and a stricter A band."""
    folder = tmp_path_factory.mktemp("cli")
    book = folder / "book.json"
    save_portfolio(generate_portfolio(30, 3, seed=5), book)
    current = folder / "current.toml"
    current.write_text(run("policy", "defaults").stdout, encoding="utf-8")
    proposed = folder / "proposed.toml"
    proposed.write_text('version = "2"\n[grading.scorecard.bands]\na = 90\n', encoding="utf-8")
    return {"book": book, "current": current, "proposed": proposed, "folder": folder}


def test_demo_prints_the_monthly_cycle() -> None:
    """`keyaccount demo` shows every section of the monthly cycle on the sample."""
    result = run("demo")
    assert result.returncode == 0, result.stderr
    for section in (
        "ABC / Pareto summary",
        "Grades",
        "Touchpoint plan",
        "Overdue work",
        "Complaint SLAs",
        "Specialist appraisals",
    ):
        assert section in result.stdout
    assert "sample portfolio (seed 2025) — 2026-01-05" in result.stdout


def test_demo_speaks_chinese() -> None:
    """`--lang zh` gives Chinese labels."""
    result = run("demo", "--lang", "zh", "--today", "2026-01-06")
    assert result.returncode == 0, result.stderr
    assert "拜访计划" in result.stdout
    assert "2026-01-06" in result.stdout


def test_evaluate_as_json_parses_back(files: dict[str, Path]) -> None:
    """`evaluate --format json` prints data with one row per customer."""
    result = run("evaluate", str(files["book"]), "--format", "json", "--today", "2026-01-05")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["policy"] == "keyaccount-presets@1"
    assert len(data["customers"]) == 30
    assert sum(data["grades"].values()) == 30


def test_evaluate_as_table_with_a_policy_file(files: dict[str, Path]) -> None:
    """`evaluate --policy FILE` records that file's policy set."""
    result = run("evaluate", str(files["book"]), "--policy", str(files["proposed"]))
    assert result.returncode == 0, result.stderr
    assert "policy: keyaccount-presets@2" in result.stdout


def test_diff_without_changes_exits_zero(files: dict[str, Path]) -> None:
    """Comparing a policy with itself reports nothing and exits 0 even with the flag."""
    result = run(
        "diff",
        str(files["current"]),
        str(files["current"]),
        str(files["book"]),
        "--fail-on-change",
    )
    assert result.returncode == 0, result.stderr
    assert "No customer, touchpoint or appraisal changes." in result.stdout


def test_diff_with_changes_fails_only_when_asked(files: dict[str, Path]) -> None:
    """A stricter A band is reported; `--fail-on-change` turns it into exit 1."""
    args = ["diff", str(files["current"]), str(files["proposed"]), str(files["book"])]
    shown = run(*args)
    assert shown.returncode == 0, shown.stderr
    assert "Grade migration" in shown.stdout
    assert "grade: A -> B" in shown.stdout
    assert run(*args, "--fail-on-change").returncode == 1
    as_json = json.loads(run(*args, "--format", "json").stdout)
    assert as_json["new_policy"] == "keyaccount-presets@2"


def test_policy_check_reports_ok_and_bad_files(files: dict[str, Path]) -> None:
    """A good file is ok; a bad one gives one line naming file, path and problem, exit 2."""
    good = run("policy", "check", str(files["proposed"]))
    assert good.returncode == 0
    assert good.stdout.strip().endswith("ok, policy set keyaccount-presets@2")
    bad = files["folder"] / "bad.toml"
    bad.write_text("[grading.abc]\na_limit = 1.5\n", encoding="utf-8")
    result = run("policy", "check", str(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("keyaccount: bad.toml: grading.abc.")
    assert "Traceback" not in result.stderr


def test_a_bad_portfolio_file_is_one_line(files: dict[str, Path]) -> None:
    """A broken reference in a portfolio is reported on one line with exit code 2."""
    data = json.loads(files["book"].read_text(encoding="utf-8"))
    data["customers"][2]["manager_id"] = "m99"
    broken = files["folder"] / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    result = run("evaluate", str(broken))
    assert result.returncode == 2
    assert result.stderr == (
        "keyaccount: broken.json: customers[2].manager_id: expected a staff id, got 'm99'\n"
    )


def test_a_missing_file_is_one_line(files: dict[str, Path]) -> None:
    """A file that does not exist gives exit 2 and no traceback."""
    result = run("evaluate", str(files["folder"] / "absent.json"))
    assert result.returncode == 2
    assert "expected a readable file" in result.stderr
    assert "Traceback" not in result.stderr


def test_report_writes_a_self_contained_page(files: dict[str, Path]) -> None:
    """`report -o FILE.html --against OLD` writes one HTML file with the comparison."""
    page = files["folder"] / "report.html"
    result = run(
        "report",
        str(files["book"]),
        "--policy",
        str(files["proposed"]),
        "--against",
        str(files["current"]),
        "-o",
        str(page),
    )
    assert result.returncode == 0, result.stderr
    text = page.read_text(encoding="utf-8")
    assert text.lstrip().lower().startswith("<!doctype html")
    assert "<svg" in text
    assert "https://" not in text
    assert "http://" not in text


def test_version_and_usage() -> None:
    """`--version` prints the version; a bad command exits 2 with usage."""
    assert run("--version").stdout.startswith("keyaccount ")
    assert run("frobnicate").returncode == 2
