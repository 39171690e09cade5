# wersagtwas: every step names its inputs and outputs; `make setup`, `make extract`, `make test`.
PY := .venv/bin/python
PIP := .venv/bin/pip
CORPORA ?= ../shared/corpora
QUOTES_CORPUS ?= $(CORPORA)/quotes_news_2024/data
OUT ?= outputs
INPUT ?= seeds
MODEL_WHEEL := $(firstword $(wildcard models/*.whl))
SETUP_STAMP := .venv/.setup-done

.PHONY: setup extract test test-fast lint bench clean-outputs help
# A failed recipe removes its target: spaCy writes model-last/meta.json during training and even
# when it crashes, and a later `make model` must not take such a run as done.
.DELETE_ON_ERROR:

help:
	@echo "make setup     create .venv, install the package, its extras and the bundled German model"
	@echo "make extract   run every stage on $(INPUT)/ and write the tables to $(OUT)/"
	@echo "make setup-views  apt-install LibreOffice, Chromium and pdftotext for the spreadsheet and browser tests"
	@echo "make test      run the test suite (including the model tests and the notebook)"
	@echo "make test-fast the unit tests that need no trained model"
	@echo "make lint      ruff on the whole tree, mypy on pipeline/ (quote extraction held to strict)"
	@echo "make model     retrain and package the bundled model from CORPORA=$(CORPORA)"
	@echo "make calibrate regenerate rule confidences from the quotes train split"
	@echo "make bench     print quality and speed tables (make bench-quotes: quotes only)"
	@echo "make quotes-baseline  store dev quote/speaker F1 in bench/quotes_dev_scores.json (the regression floor)"
	@echo "make check-spreadsheet  LibreOffice round trip of the workbook and the excel-de CSV"

setup: $(SETUP_STAMP)

$(SETUP_STAMP): pyproject.toml $(MODEL_WHEEL)
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e ".[dev]"
	# The model wheel ships in the repository: no network needed for it.
	$(if $(MODEL_WHEEL),$(PIP) install -q --no-deps --force-reinstall $(MODEL_WHEEL))
	touch $@

extract: $(SETUP_STAMP)
	$(PY) -m pipeline extract $(INPUT) --out $(OUT)

test: $(SETUP_STAMP)
	$(PY) -m pytest -q

test-fast: $(SETUP_STAMP)
	$(PY) -m pytest -q -m "not model"

lint: $(SETUP_STAMP)
	$(PY) -m ruff check .
	$(PY) -m mypy pipeline

bench: $(SETUP_STAMP)
	$(PY) bench/startup.py
	$(PY) bench/gemm.py
	$(PY) bench/model.py
	$(PY) bench/ner_consolidation.py
	$(PY) bench/name_coverage.py
	$(PY) bench/quotes.py --gold $(QUOTES_CORPUS)/dev
	$(PY) bench/throughput.py --corpus $(QUOTES_CORPUS)

clean-outputs:
	rm -rf $(OUT)/clean $(OUT)/annotated $(OUT)/stages $(OUT)/report $(OUT)/*.csv $(OUT)/wersagtwas.xlsx $(OUT)/wersagtwas.sqlite $(OUT)/manifest.json

-include training/model.mk
-include bench/quotes.mk

# Views: LibreOffice and Chromium let the tests open the workbook and the report like a user would.
# Idempotent: installs nothing when both programs are already there.
.PHONY: setup-views check-spreadsheet
VIEW_PACKAGES := libreoffice-calc libreoffice-core chromium fonts-dejavu-core poppler-utils
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

setup-views:
	@if command -v soffice >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then \
		echo "setup-views: soffice, chromium and pdftotext already installed"; \
	else \
		$(SUDO) apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $(VIEW_PACKAGES); \
	fi

# Headless LibreOffice converts the xlsx and an excel-de CSV (to PDF: pdftotext reads the pages back);
# fails (not skips) without soffice.
check-spreadsheet: $(SETUP_STAMP)
	@command -v soffice >/dev/null 2>&1 || { echo "check-spreadsheet: soffice missing, run make setup-views"; exit 1; }
	$(PY) -m pytest -q tests/test_workbook.py -k libreoffice
