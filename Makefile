# mltui. `make test` is the full gate (CI runs it through .ci/run): it installs the pinned MLflow
# into ${MLTUI_CACHE:-~/.cache/mltui} on first use and runs every test, integration included,
# against real mlflow servers.

SHELL := /usr/bin/env bash
GO ?= go
MLTUI_CACHE ?= $(HOME)/.cache/mltui
export MLTUI_CACHE
# go test's JSON event log; .ci/run reads it to prove no integration test was skipped.
MLTUI_TEST_LOG ?= $(MLTUI_CACHE)/last-go-test.json
# Pinned: staticcheck v0.8.2 builds with go1.26.
STATICCHECK_VERSION := v0.8.2

.PHONY: test test-unit fmt-check vet seed build run demo-store hostile-store lint tape-check

test:
	@bash testenv/setup.sh >/dev/null
	@$(MAKE) --no-print-directory fmt-check vet lint tape-check
	@start=$$(date +%s); \
	MLTUI_INTEGRATION=1 python3 testenv/gotest.py --log "$(MLTUI_TEST_LOG)" -count=1 -timeout 30m ./...; rc=$$?; \
	echo "make test: go test took $$(( $$(date +%s) - start )) s"; exit $$rc

test-unit:
	$(GO) test -short ./...

fmt-check:
	@bad=$$(gofmt -l $$(git ls-files -co --exclude-standard '*.go')); \
	if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi

vet:
	$(GO) vet ./...

# Builds (or reuses) the golden seeded stores and prints their directory.
seed:
	@bash testenv/seeded.sh --fs

# The version the binary reports (--version, the REST User-Agent).
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)

build:
	$(GO) build -ldflags "-X main.version=$(VERSION)" -o bin/mltui .

run: build
	./bin/mltui --demo-fallback testdata/demo/mlflow.db

# Regenerates the shipped demo store with the real MLflow client (no 100k-step metric) and its
# artifacts (testdata/demo/artifacts; model weights over 256 KB are left out, each with a note in its
# place, to keep the repository small). Artifact locations in it start with /mltui-demo-artifacts;
# the copy `make run` opens is pointed at testdata/demo/artifacts.
DEMO_ARTIFACT_ROOT := /mltui-demo-artifacts
demo-store:
	@set -euo pipefail; py=$$(bash testenv/setup.sh); tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	"$$py" testenv/seed.py --small --artifact-root "$$tmp/art" "sqlite:///$$tmp/mlflow.db" \
		>"$$tmp/summary.json" 2>"$$tmp/seed.log" || { tail -40 "$$tmp/seed.log"; exit 1; }; \
	for tc in experiments:artifact_location runs:artifact_uri logged_models:artifact_location \
		model_versions:source model_versions:storage_location; do t=$${tc%%:*}; c=$${tc#*:}; \
		sqlite3 "$$tmp/mlflow.db" "UPDATE $$t SET $$c = '$(DEMO_ARTIFACT_ROOT)' || substr($$c, length('$$tmp/art') + 1) \
			WHERE substr($$c, 1, length('$$tmp/art')) = '$$tmp/art'"; done; \
	sqlite3 "$$tmp/mlflow.db" "UPDATE experiments SET artifact_location = '$(DEMO_ARTIFACT_ROOT)/0' \
		WHERE experiment_id = 0 AND artifact_location LIKE '%/mlruns/0'"; \
	sqlite3 "$$tmp/mlflow.db" VACUUM; \
	find "$$tmp/art" -type f -size +256k | while read -r f; do \
		printf '%s (%s bytes) is left out of the shipped demo store; make demo-store writes it.\n' \
			"$$(basename "$$f")" "$$(stat -c %s "$$f")" >"$$f.omitted.txt"; rm "$$f"; done; \
	mkdir -p testdata/demo; rm -rf testdata/demo/artifacts; cp -r "$$tmp/art" testdata/demo/artifacts; \
	cp "$$tmp/mlflow.db" testdata/demo/mlflow.db; \
	ls -l testdata/demo/mlflow.db; du -sh testdata/demo/artifacts

# Regenerates testdata/hostile: run names, params, tags and descriptions holding terminal escapes and
# bidi overrides, written by the real MLflow client (testenv/hostile.py), for the terminal-safety goldens.
hostile-store:
	@set -euo pipefail; py=$$(bash testenv/setup.sh); tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	"$$py" testenv/hostile.py "sqlite:///$$tmp/mlflow.db" >"$$tmp/summary.json" 2>"$$tmp/seed.log" || { tail -40 "$$tmp/seed.log"; exit 1; }; \
	sqlite3 "$$tmp/mlflow.db" VACUUM; \
	mkdir -p testdata/hostile; cp "$$tmp/mlflow.db" "$$tmp/summary.json" testdata/hostile/; \
	ls -l testdata/hostile

lint:
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# Checks demo.tape offline (recording the GIF needs ttyd, which Debian does not package).
VHS_VERSION := v0.10.0
tape-check:
	$(GO) run github.com/charmbracelet/vhs@$(VHS_VERSION) validate demo.tape
