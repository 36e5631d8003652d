# Quick start: `make run` (set up and scan this repository) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck imports unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,distributed]'
	# bytecode now, as a regular pip install writes it: with PYTHONDONTWRITEBYTECODE set,
	# an editable install would compile every module at every command's start (~0.15 s)
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/techlead scan .
	$(BIN)/techlead hotspots --limit 10
	$(BIN)/techlead report --out techlead-report.html

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src

imports: $(STAMP)
	$(BIN)/lint-imports

unit: $(STAMP)
	$(BIN)/pytest -q -n auto --maxprocesses=4

test: lint typecheck imports unit

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_scan.py

clean:
	rm -rf $(VENV) .techlead build .cache techlead-report.html *.egg-info src/*.egg-info
