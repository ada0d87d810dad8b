#!/usr/bin/env bash
# Runs every test suite of the repository, whatever fails, then prints one
# closing line summing them all (`N passed, M failed`) and exits non-zero if
# any test or any suite failed.
set -u
cd "$(dirname "$0")/.."
rm -rf reports && mkdir -p reports
status=0
# Every process this run starts inherits the mark; scripts/leftovers.js finds any still running at the end.
export SECURE_API_TEST_RUN="$$-$(date +%s%N)"

# The tools the suites run (scripts/tool.sh --list), installed once and cached
# outside the checkout, before any suite needs one: on a fresh machine this is
# the long part (the Pulumi CLI is built from source), said here with progress,
# and no test ever sees an install's output.
echo "== tools (installed once, then cached: bash scripts/tool.sh --list)"
rc=0
for t in $(bash scripts/tool.sh --names); do bash scripts/tool.sh "$t" >/dev/null || rc=1; done
echo $rc > reports/tools.status
[ $rc -eq 0 ] || status=1

# ts-jest only transpiles (fast); this one pass type-checks every TypeScript
# source and test, and counts as a suite.
echo "== tsc --noEmit (provider, client, SDK tests)"
rc=0
npx tsc -p provider/tsconfig.json --noEmit || rc=1
npx tsc -p client/tsconfig.json --noEmit || rc=1
npx tsc -p sdk-tests/nodejs/tsconfig.json --noEmit || rc=1
npx tsc -p e2e/tsconfig.json --noEmit || rc=1
npx tsc -p e2e/clean-room/tsconfig.json --noEmit || rc=1
echo $rc > reports/typecheck.status
[ $rc -eq 0 ] || status=1

# ESLint and Prettier (scripts/lint.sh): a lint or format failure fails the build.
echo "== lint (eslint, prettier --check)"
rc=0
bash scripts/lint.sh || rc=1
echo $rc > reports/lint.status
[ $rc -eq 0 ] || status=1

# Includes sdk-tests/nodejs: the built TypeScript SDK under mocks against
# test-support/sdk-wire-fixture.json, and the examples check (tsc of the
# TypeScript example, go vet of the Go one, py_compile + import of the Python
# one, every type and property of the YAML programs in schema.yaml), and every
# code block of the READMEs (readmeSnippets.test.ts: tsc, go vet, Python under
# mocks, YAML against schema.yaml, shell commands against the repository).
echo "== jest (provider, client, TypeScript SDK, examples)"
npx jest --ci --json --outputFile=reports/jest.json || status=1

# The client and the TypeScript SDK once more on the Node.js LTS the plugin embeds (the machine's
# may be older): docs/installation-configuration.md, "Supported Node.js versions".
lts_node=$(bash scripts/tool.sh node)
echo "== jest on Node.js $("$lts_node" --version) (client, TypeScript SDK and examples)"
"$lts_node" node_modules/jest/bin/jest.js --ci --selectProjects client sdk-tests/nodejs \
  --testPathPatterns 'client/src|sdkWire|examples|edgeSecurityExample' --json --outputFile=reports/jest-node-lts.jest.json || status=1

echo "== go test (SDK generator: regeneration is a no-op, schema errors fail)"
(cd provider/cmd/pulumi-gen-secure-api && GOSUMDB=off GOFLAGS=-mod=mod go test -json ./...) > reports/gen.gotest.json
rc=$?; [ $rc -eq 0 ] || status=1
[ -s reports/gen.gotest.json ] || echo $rc > reports/gen.status

# The Python SDK as installed by `make build-sdks` (pip), under Pulumi's Python mocks.
echo "== pytest (Python SDK: sdk-tests/python)"
python3 -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning --junitxml=reports/sdk-python.xml sdk-tests/python
rc=$?; [ $rc -eq 0 ] || status=1
[ -s reports/sdk-python.xml ] || echo $rc > reports/sdk-python.status

# The Python client (client-python/): pytest against moto and a recording
# server, plus the cross-check against the TypeScript signer on client/dist.
echo "== pytest (Python client: client-python)"
python3 -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning --junitxml=reports/client-python.xml client-python
rc=$?; [ $rc -eq 0 ] || status=1
[ -s reports/client-python.xml ] || echo $rc > reports/client-python.status

# The Go SDK (replace => ../../sdk), under Pulumi's Go mocks.
echo "== go test (Go SDK: sdk-tests/go)"
(cd sdk-tests/go && GOSUMDB=off GOFLAGS=-mod=mod go test -json ./...) > reports/sdk-go.gotest.json
rc=$?; [ $rc -eq 0 ] || status=1
[ -s reports/sdk-go.gotest.json ] || echo $rc > reports/sdk-go.status

# The real engine: the pulumi CLI (built once, cached), our plugin, the SDKs in
# TypeScript, Python and Go, the YAML programs and `make demo` through the YAML
# language host (built once, cached), a stand-in aws provider, moto. See docs/testing.md.
echo "== real-engine suite (scripts/e2e.sh)"
bash scripts/e2e.sh || status=1

# The release artifacts alone (dist/, built here when missing): installed into
# an empty directory outside the checkout with a fresh PULUMI_HOME, then a
# TypeScript and a Python program through the real engine. See docs/testing.md.
echo "== clean room (scripts/clean-room.sh: dist/ artifacts only)"
bash scripts/clean-room.sh || status=1
[ -s reports/clean-room.jest.json ] || [ -f reports/clean-room.status ] || echo 1 > reports/clean-room.status

# No process of this run may outlive it (a plugin whose engine died, a server a test forgot).
echo "== leftovers (no process of this run still running)"
node scripts/leftovers.js reports

node scripts/test-summary.js reports || status=1
exit $status
