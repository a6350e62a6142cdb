# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test test-fast lint bench bench-saves bench-reactions bench-big bench-republish lock clean

# Exactly what requirements.lock names, each file checked against its hash; then Accord
# itself, with nothing more (its build backend, setuptools, is in the lock too).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/accord migrate
	$(BIN)/accord demo
	$(BIN)/accord serve

test: install
	$(BIN)/python -m pytest

# The suite without the slow browser, Word and fidelity tests, for a quick local check.
test-fast: install
	$(BIN)/python -m pytest -m "not slow"

bench: install
	$(BIN)/python -m benchmarks.publish

# A 1,000-section paper's overviews (PostgreSQL), and one-section republishing.
bench-big: install
	$(BIN)/python -m benchmarks.big_paper

bench-republish: install
	$(BIN)/python -m benchmarks.republish

# 32 clients saving one paper's sections, against a bare one-INSERT endpoint.
bench-saves: install
	$(BIN)/python -m benchmarks.saves

# From an event's commit to the start of its jobs, in-process and with arq.
bench-reactions: install
	$(BIN)/python -m benchmarks.reactions

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

# Regenerate the lock after changing the dependencies in pyproject.toml: the newest
# versions that satisfy them, every one with its hashes. Then `make install` installs it.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps \
		--extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
