#!/usr/bin/env bash
# The real-engine suite: the real `pulumi` CLI (built from the Go module proxy
# by scripts/tool.sh pulumi), a file backend, Automation API inline programs in
# TypeScript, Python and Go using the generated SDKs, our plugin run as an
# single executable on PATH (provider/bin after it), a STAND-IN aws provider plugin
# (test-support/stand-in-aws-provider), and moto on 127.0.0.1 for the
# components' own AWS calls (the API-key flow). Suite `yaml`: the YAML
# programs (Pulumi.yaml, examples/yaml) with plain `pulumi up` through the
# real YAML language host (scripts/tool.sh pulumi-language-yaml), e2e/yaml.
#
#   bash scripts/e2e.sh [nodejs] [python] [go] [yaml]   (default: all four)
#   bash scripts/e2e.sh bench                        (make bench: bench/engine.js, bench/flat.js)
#   bash scripts/e2e.sh bench-flat                   (bench/flat.js alone)
#
# Needs `make build`. Writes reports/e2e-*.{jest.json,xml,gotest.json}.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
suites=${*:-nodejs python go yaml}
mkdir -p reports
status=0

cli=$(bash scripts/tool.sh pulumi) || { echo "e2e: could not build the pulumi CLI" >&2; echo 1 > reports/e2e.status; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/secure-api-e2e.XXXXXX")
moto_pid=
# E2E_KEEP=1 keeps the work dir (states, logs) for a look after a failure; set at once, so an early exit cleans up too.
trap '[ -n "$moto_pid" ] && kill $moto_pid 2>/dev/null; [ -n "${E2E_KEEP:-}" ] && echo "e2e: kept $work" || rm -rf "$work"' EXIT
export E2E_WORK=$work
export PULUMI_HOME=$work/pulumi-home
export PULUMI_CLI=$cli
# Our plugin as users get it from a release: the single executable `make dist`
# builds (scripts/plugin-binary.js, on the pinned Node.js LTS), built afresh from
# provider/dist into the work dir (seconds) and first on PATH. provider/bin (the
# plugin run by node, as from a checkout) follows it on PATH, and the YAML
# programs and the get-schema test name it on purpose. E2E_PLUGIN=node runs the
# suites on provider/bin alone.
plugins=$top/provider/bin
if [ "${E2E_PLUGIN:-exe}" = exe ]; then
  node scripts/plugin-binary.js "$work/plugin-bin" > /dev/null 2> "$work/plugin-bin.log" \
    || { cat "$work/plugin-bin.log" >&2; echo "e2e: could not build the plugin executable" >&2; echo 1 > reports/e2e.status; exit 1; }
  plugins=$work/plugin-bin:$plugins
fi
export PATH="$(dirname "$cli"):$plugins:$PATH"
export PULUMI_CONFIG_PASSPHRASE=e2e-only-passphrase
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_SKIP_CONFIRMATIONS=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# The components' AWS SDK calls (and only those) go to moto; the stand-in
# provider reads AWS_REGION.
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN

aws_versions=$(node e2e/prepare.js "$PULUMI_HOME") || { echo 1 > reports/e2e.status; exit 1; }
echo "e2e: pulumi $("$cli" version), $(pulumi-resource-secure-api --version), stand-in aws provider as v$aws_versions, work dir $work"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
MOTO_ALLOW_NONEXISTENT_REGION=true moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.2; done
export AWS_ENDPOINT_URL=http://127.0.0.1:$port

for suite in $suites; do
  case $suite in
    nodejs)
      echo "== e2e: TypeScript (jest)"
      # node, not npx: npx would put node_modules/.bin first on PATH, and the
      # suite must find our plugin on PATH as users do.
      node node_modules/jest/bin/jest.js --ci --config e2e/jest.config.js ${E2E_JEST_ARGS:-} --json --outputFile=reports/e2e-nodejs.jest.json || status=1 ;;
    python)
      echo "== e2e: Python (pytest)"
      python3 -m pytest -q -p no:cacheprovider -W ignore::DeprecationWarning --junitxml=reports/e2e-python.xml e2e/python
      rc=$?; [ $rc -eq 0 ] || status=1; [ -s reports/e2e-python.xml ] || echo $rc > reports/e2e-python.status ;;
    go)
      echo "== e2e: Go (go test)"
      (cd e2e/go && GOSUMDB=off GOFLAGS=-mod=mod go test -json -timeout 20m ./...) > reports/e2e-go.gotest.json
      rc=$?; [ $rc -eq 0 ] || status=1; [ -s reports/e2e-go.gotest.json ] || echo $rc > reports/e2e-go.status ;;
    yaml)
      echo "== e2e: YAML programs through pulumi-language-yaml (jest)"
      if yaml_host=$(bash scripts/tool.sh pulumi-language-yaml); then
        # The host beside the CLI, as Pulumi's own distribution bundles it (one found on PATH draws a warning).
        mkdir -p "$work/yaml-bin"
        for f in "$cli" "$yaml_host"; do ln -f "$f" "$work/yaml-bin/" 2>/dev/null || cp "$f" "$work/yaml-bin/"; done
        PULUMI_CLI=$work/yaml-bin/pulumi PULUMI_LANGUAGE_YAML=$work/yaml-bin/pulumi-language-yaml \
          node node_modules/jest/bin/jest.js --ci --config e2e/jest.config.js --testMatch '<rootDir>/yaml/**/*.test.ts' \
          --json --outputFile=reports/e2e-yaml.jest.json
        rc=$?; [ $rc -eq 0 ] || status=1; [ -s reports/e2e-yaml.jest.json ] || echo $rc > reports/e2e-yaml.status
      else
        echo "e2e: could not build pulumi-language-yaml" >&2; echo 1 > reports/e2e-yaml.status; status=1
      fi ;;
    bench)
      # Not a test: the real-engine benchmark of `make bench` (bench/engine.js).
      echo "== bench: this plugin vs the previous design's under the real engine"
      node bench/engine.js || status=1
      echo "== bench: flat in N, through the plugin executable (TypeScript and Python)"
      node bench/flat.js || status=1 ;;
    bench-flat)
      # The flat-in-N part of `make bench` alone.
      node bench/flat.js || status=1 ;;
    *) echo "e2e: unknown suite $suite" >&2; status=1 ;;
  esac
done
exit $status
