# Two commands for a new user: `make demo` and `make test`. Both create .venv/ on first use and
# reinstall only when pyproject.toml changes. The install compiles the course's own modules as
# pip does installed packages (an editable install leaves them as source): with
# PYTHONDONTWRITEBYTECODE set, every grader process and every `make check` would otherwise
# compile them again (about 40 ms a process, measured for the judge's imports).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo test lint pytest check stubs plots release clean docs serve nbgrader

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(PY) -m compileall -q course days
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m days.day48.code.mle_demo

test: lint pytest

lint: $(STAMP)
	$(PY) -m ruff check .

pytest: $(STAMP)
	$(PY) -m pytest

# Grade your own exercises/ with the visible tests (what a student runs): `make check DAY=48`
# checks one day in about a second. "Not finished yet" (exit 1) does not make make fail.
check: $(STAMP)
	@$(PY) -m course check $(DAY); status=$$?; [ $$status -le 1 ]

# Regenerate exercises/ from solutions/ after editing a reference solution, and
# tests/points.json (the points of visible and hidden tests) after editing a graded suite.
stubs: $(STAMP)
	$(PY) -m course stubs
	$(PY) -m course points

# Redraw every day's figures into days/dayNN/outputs/ (files change only when their bytes do).
plots: $(STAMP)
	for day in days/day[0-9][0-9]; do $(PY) -m days.$$(basename $$day).code.visualizations; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Build the student release (no solutions/, no hidden tests) into build/student-release/.
release: $(STAMP)
	$(PY) -m course release --force --out build/student-release

# Build the nbgrader course directory (source/dayNN/dayNN.ipynb, nbgrader_config.py) into
# build/nbgrader/; then `cd build/nbgrader && nbgrader generate_assignment day48`.
nbgrader: $(STAMP)
	$(PY) -m course nbgrader --out build/nbgrader

# The course website (mkdocs-material): `make docs` builds it into site/, `make serve` serves it
# on http://127.0.0.1:8000 and rebuilds on every change. Both redraw the figures first and run
# the notebooks (their outputs are cached in .cache/mkdocs-jupyter/ until the notebook, the
# lessons' code or a pinned dependency changes: about a minute on 2 cores, seconds after that).
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 MPLBACKEND=Agg $(PY) -m mkdocs build --strict

serve: $(STAMP)
	NO_MKDOCS_2_WARNING=1 MPLBACKEND=Agg $(PY) -m mkdocs serve
