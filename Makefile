# Cable Reader: every target sets up .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
PKG_STAMP := $(VENV)/.package-stamp

.PHONY: run test test-core lint bench package clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m desktop

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-core: $(STAMP)
	$(PY) -m pytest -q tests/unit

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff mypy
	$(PY) -m ruff check desktop tests bench
	$(PY) -m mypy

bench: $(STAMP)
	$(PY) bench/bench_import.py

# The release archive for this platform in dist/ (Linux: cable-reader-<version>-linux-x86_64.tar.gz),
# then the smoke test of that archive, unpacked elsewhere. See packaging/README.md.
package: $(PKG_STAMP)
	$(PY) -m PyInstaller --noconfirm --clean packaging/cable-reader.spec
	$(PY) packaging/release.py
	QT_QPA_PLATFORM=offscreen $(PY) packaging/smoke_test.py --json dist/smoke-figures.json

$(PKG_STAMP): $(STAMP) pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[package]'
	touch $(PKG_STAMP)

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
