# Two set-up commands: `make build`, then `make test`. See README.md.
SHELL := /bin/bash
export GOSUMDB := off
export GOFLAGS := -mod=mod

GEN_DIR := provider/cmd/pulumi-gen-secure-api

.PHONY: all gen build build-provider build-sdks test clean bench

all: build

# Regenerate every SDK and provider/src/schema-types.ts from schema.yaml (offline).
gen:
	cd $(GEN_DIR) && go run . --schema ../../../schema.yaml --out ../../..

build: build-provider build-sdks

build-provider:
	npm run build -w provider
	npm run build -w client

build-sdks:
	@echo "(SDK builds are added with make gen)"

# Every test suite; prints one closing line `N passed, M failed`.
test:
	bash scripts/run-tests.sh

bench:
	@echo "no benchmarks yet"

clean:
	rm -rf provider/dist client/dist reports
