# Two set-up commands: `make build`, then `make test`. See README.md.
SHELL := /bin/bash
export GOSUMDB := off
export GOFLAGS := -mod=mod

GEN_DIR := provider/cmd/pulumi-gen-secure-api

.PHONY: all gen build build-provider build-sdks test test-cold clean bench lint format dist

all: build

# Regenerate every SDK and provider/src/shared/schema-types.ts from schema.yaml (offline),
# and carry schema.yaml's version (the package's one version) to the plugin and the clients.
gen:
	cd $(GEN_DIR) && go run . --schema ../../../schema.yaml --out ../../..
	node scripts/version.js --write

build: build-provider build-sdks

# The TypeScript client (client/dist, also used by the Python client's
# cross-check, and by the plugin: RestApiAudit runs the client's audit, so the
# client is built first) and the Python client, installed as a user would.
build-provider:
	npm run build -w client
	npm run build -w provider
	python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore ./client-python

# Build the committed, generated SDKs in their own languages. The nodejs SDK
# reads its version from bin/package.json at run time, hence the copy; the
# Python SDK is installed (with pulumi and pulumi-aws from PyPI) so examples
# and tests import it like a user would.
build-sdks:
	npm run build -w sdk/nodejs
	cp sdk/nodejs/package.json sdk/nodejs/bin/package.json
	cd sdk && go build ./...
	python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore ./sdk/python

# The main job without an AWS account: `pulumi up` of the root demo program
# (Pulumi.yaml) with the real CLI and YAML host, a call through the client,
# `pulumi destroy`; AWS is simulated (scripts/demo.sh says what). No input.
# It builds everything, so README's set-up is `make demo`, then `make test`.
.PHONY: demo
demo:
	@bash scripts/demo.sh --plan
	@$(MAKE) --no-print-directory build
	bash scripts/demo.sh

# ESLint and Prettier's check (also part of `make test`); `make format` applies Prettier.
lint:
	bash scripts/lint.sh

format:
	npx prettier --write --log-level warn "provider/src/**/*.ts" "client/src/**/*.ts" "e2e/**/*.ts" "test-support/**/*.ts" "sdk-tests/nodejs/**/*.ts"

# Every test suite; prints one closing line `N passed, M failed`.
test:
	bash scripts/run-tests.sh

# CI's run (bash .ci/run on a clean clone of HEAD) with every cache empty, as on a new machine:
# run it before resolving anything that changes dependencies, tools or CI (scripts/cold-run.sh).
test-cold:
	bash scripts/cold-run.sh

# Performance ratios (not part of `make test`); needs `make build`. Writes bench/results.md
# (mocks first, with the resources and AWS write calls of this design vs the previous,
# per-resource one; then the real engine: this plugin vs the previous design's, N = 10, 50,
# 150; then plugin start-up: the single executable of `make dist` vs node provider/dist/main.js).
# Every part runs even if an earlier one misses its target; the exit status says whether any did.
bench:
	@test -f provider/dist/main.js -a -f provider/dist/index.js || { echo "bench: provider/dist is missing: run \`make build\` first" >&2; exit 2; }
	@status=0; node bench/run.js || status=1; bash scripts/e2e.sh bench || status=1; node bench/startup.js || status=1; exit $$status

# The release artifacts in dist/: the plugin as a single executable (this
# platform), the SDK and client packages (npm tarballs, Python wheels, sdist).
# See scripts/dist.sh.
dist: build
	bash scripts/dist.sh

clean:
	rm -rf provider/dist client/dist reports dist
	rm -rf sdk/nodejs/bin sdk/python/build sdk/python/*.egg-info
	rm -rf client-python/build client-python/src/*.egg-info
