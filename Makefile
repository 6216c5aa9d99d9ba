# Two commands do all the set-up on a fresh machine:
#   make demo   analyse the bundled demo corpus
#   make test   lint and run the tests
# Each builds .venv with the pinned, hash-checked dependencies when it is missing.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

VENDOR := src/dateline/web/static/vendor/.stamp

.PHONY: demo test lint venv vendor bench clean

$(STAMP): requirements/lock.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps \
		--no-build-isolation -e .
	touch $(STAMP)

venv: $(STAMP)

# The web app's front-end packages (Leaflet, world-atlas ...), pinned in web/vendor.json,
# fetched from the npm registry and checked against their integrity.
$(VENDOR): src/dateline/web/vendor.json tools/vendor_web.py
	$(PYTHON) tools/vendor_web.py
	touch $(VENDOR)

vendor: $(VENDOR)

demo: $(STAMP) $(VENDOR)
	$(BIN)/dateline demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks tools

test: lint $(VENDOR)
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py

# Regenerate the lock after editing requirements/*.in (needs the registry).
lock: $(STAMP)
	cd requirements && ../$(BIN)/pip-compile --quiet --allow-unsafe --generate-hashes \
		--strip-extras --no-emit-index-url --no-emit-find-links -o lock.txt runtime.in dev.in

clean:
	rm -rf $(VENV) dateline-demo .pytest_cache .ruff_cache
