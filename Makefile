# Phoenix Scanner Operator — developer entry points. `make test` and `make demo` work on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CACHE_DIR ?= $(HOME)/.cache/phoenix-scanner
export PHOENIX_SCANNER_CACHE := $(CACHE_DIR)
PYTEST_ARGS ?=

IMAGE ?= ghcr.io/phoenix-security/phoenix-scanner-operator:dev

.PHONY: docs image help venv system-deps apiserver lint typecheck importlint test unit demo serve cluster-up cluster-down crds bench clean

help:
	@echo "make demo          run ScanImports on the embedded local control plane against a local Phoenix stand-in"
	@echo "make serve         the Scanner Service API (gateway) on 127.0.0.1:8000 over the local stack (key: PHOENIX_SCANNER_API_KEY, default demo-key)"
	@echo "make test          install everything, then ruff, mypy, import contracts and the whole test suite"
	@echo "make cluster-up    start the local kube-apiserver + etcd and print the kubeconfig path"
	@echo "make cluster-down  stop it (by PID)"
	@echo "make crds          regenerate crds/ from the pydantic models"
	@echo "make docs          regenerate docs/reference.md (every spec/status field) from the models"
	@echo "make bench         run the benchmark scripts (not tests) and print their tables"

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

system-deps:
	bash hack/install-system-deps.sh

apiserver: system-deps
	bash hack/build-kube-apiserver.sh >/dev/null

lint: venv
	$(VENV)/bin/ruff check operator parsers tests benchmarks
	$(VENV)/bin/ruff format --check operator parsers tests benchmarks

typecheck: venv
	$(VENV)/bin/mypy

importlint: venv
	$(VENV)/bin/lint-imports

# pytest exits 5 when it collected no test: that is a failure here, never a silent pass.
test: venv apiserver lint typecheck importlint
	@set +e; $(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

unit: venv
	$(PY) -m pytest -m "not cluster" $(PYTEST_ARGS)

demo: venv apiserver
	$(PY) -m scanner_operator.demo

serve: venv apiserver
	$(PY) -m scanner_operator.testing.localgateway

cluster-up: venv apiserver
	@$(PY) -m scanner_operator.testing.localcluster up

cluster-down: venv
	@$(PY) -m scanner_operator.testing.localcluster down

crds: venv
	$(PY) -m scanner_operator.crdgen crds/
	rm -f charts/phoenix-scanner-operator/files/crds/*.yaml && mkdir -p charts/phoenix-scanner-operator/files/crds
	cp crds/*.yaml charts/phoenix-scanner-operator/files/crds/

docs: venv
	$(PY) -m scanner_operator.refdoc docs/reference.md
	$(PY) -m scanner_operator.formatdoc docs/formats.md

bench: venv
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# Builds the image where a container engine exists; on machines without one it lints the Dockerfile instead.
image: venv
	@if command -v docker >/dev/null && docker info >/dev/null 2>&1; then docker build -t $(IMAGE) .; \
	elif command -v podman >/dev/null; then podman build -t $(IMAGE) .; \
	else echo "no container engine here: linting the Dockerfile instead"; $(VENV)/bin/hadolint Dockerfile && echo "Dockerfile: no findings"; fi

clean:
	rm -rf $(VENV) build *.egg-info .mypy_cache .ruff_cache .pytest_cache
