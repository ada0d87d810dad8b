#!/usr/bin/env bash
# Lint and format check of the repository's TypeScript (run by `make test`; `make lint` alone):
# ESLint with typescript-eslint (eslint.config.mjs) and Prettier (.prettierrc.json, .prettierignore).
# `make format` rewrites the files Prettier would change.
set -u
cd "$(dirname "$0")/.."
dirs=(provider/src client/src e2e test-support sdk-tests/nodejs)
rc=0
echo "== eslint"
npx eslint --max-warnings 0 "${dirs[@]}" || rc=1
echo "== prettier --check"
npx prettier --check --log-level warn "${dirs[@]/%//**/*.ts}" || rc=1
exit $rc
