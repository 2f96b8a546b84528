# The two commands of the README: `make test` and `make demo`.
# Only python3 is needed: the virtual environment is created and refreshed here.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: test demo lint typecheck pytest integration bench clean docs package-check coverage fuzz mutation

# The quality gates (docs/quality.md) need more tools than `make test`; they are installed on
# first use, next to the development extras.
QSTAMP := $(VENV)/.installed-quality
# `make mutation MUTANTS='keyaccount.domain*'` narrows a run to some modules.
MUTANTS ?=

test: lint typecheck pytest

$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	touch $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src

pytest: $(STAMP)
	$(BIN)/python -m pytest -m "not integration"

# A Dask LocalCluster with 2 worker processes grades 1,000,000 customers (a few minutes).
integration: $(STAMP)
	$(BIN)/python -m pytest -m integration tests/integration

demo: $(STAMP)
	$(BIN)/python -m keyaccount demo

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m benchmarks

$(QSTAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,docs,mutation,package]'
	touch $(QSTAMP)

docs: $(QSTAMP)
	$(BIN)/mkdocs build --strict --site-dir site

package-check: $(QSTAMP)
	bash .ci/package-check

coverage: $(QSTAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider --cov --cov-branch \
		--cov-report=term-missing:skip-covered tests

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/fuzz

mutation: $(QSTAMP)
	HYPOTHESIS_PROFILE=ci $(BIN)/mutmut run $(MUTANTS)
	$(BIN)/mutmut export-cicd-stats
	$(BIN)/python -c "$$MUTATION_SCORE"

# killed (and timed-out) mutants over every mutant that ran; `mutmut results` lists survivors.
define MUTATION_SCORE
import json
s = json.load(open('mutants/mutmut-cicd-stats.json'))
caught = s['killed'] + s['timeout']
ran = caught + s['survived'] + s['no_tests'] + s['suspicious'] + s['segfault']
print(f'mutation score: {caught}/{ran} = {100 * caught / max(ran, 1):.1f} % killed '
      f"({s['survived']} survived, {s['no_tests']} without tests, {s['timeout']} timed out)")
endef
export MUTATION_SCORE

clean:
	rm -rf $(VENV) build dist site mutants .coverage .mypy_cache .pytest_cache .ruff_cache .hypothesis
