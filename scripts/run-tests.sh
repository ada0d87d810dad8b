#!/usr/bin/env bash
# Runs every test suite of the repository, whatever fails, then prints one
# closing line summing them all (`N passed, M failed`) and exits non-zero if
# any test or any suite failed.
set -u
cd "$(dirname "$0")/.."
rm -rf reports && mkdir -p reports
status=0

# ts-jest only transpiles (fast); this one pass type-checks every TypeScript
# source and test, and counts as a suite.
echo "== tsc --noEmit (provider, client)"
rc=0
npx tsc -p provider/tsconfig.json --noEmit || rc=1
npx tsc -p client/tsconfig.json --noEmit || rc=1
echo $rc > reports/typecheck.status
[ $rc -eq 0 ] || status=1

echo "== jest (provider, client)"
npx jest --ci --json --outputFile=reports/jest.json || status=1

echo "== go test (SDK generator: regeneration is a no-op, schema errors fail)"
(cd provider/cmd/pulumi-gen-secure-api && GOSUMDB=off GOFLAGS=-mod=mod go test -json ./...) > reports/gen.gotest.json
rc=$?; [ $rc -eq 0 ] || status=1
[ -s reports/gen.gotest.json ] || echo $rc > reports/gen.status

node scripts/test-summary.js reports || status=1
exit $status
