#!/usr/bin/env bash
# The clean-room test (e2e/clean-room/cleanRoom.test.ts): the release
# artifacts of dist/ installed into an empty directory outside the checkout
# with a fresh PULUMI_HOME, then TypeScript, Python and YAML programs through
# the real engine. Builds dist/ first when an artifact of this version is
# missing or older than what `make build` built (needs `make build`). Starts moto for the component's own AWS calls.
#
#   bash scripts/clean-room.sh       (make test runs it; writes reports/clean-room.jest.json)
#
# CLEAN_ROOM_KEEP=1 keeps the room for a look after a failure.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
mkdir -p reports

version=$(node scripts/version.js) || { echo 1 > reports/clean-room.status; exit 1; }
# Built outputs newer than the artifacts (a rebuild since the last `make dist`) make dist/ stale.
stale=$(find provider/dist sdk/nodejs/bin sdk/python/pulumi_secure_api provider/schema.json provider/package.json \
          -newer dist/SHA256SUMS -print -quit 2>/dev/null)
if [ -n "$stale" ] || ! ls dist/SHA256SUMS dist/pulumi-resource-secure-api-v"$version"-linux-amd64.tar.gz \
        dist/pulumi-secure-api-secure-api-"$version".tgz dist/pulumi_secure_api-"$version"-py3-none-any.whl >/dev/null 2>&1; then
  echo "clean-room: dist/ has no up-to-date v$version artifacts${stale:+ ($stale is newer)}: building them (scripts/dist.sh)"
  bash scripts/dist.sh || { echo 1 > reports/clean-room.status; exit 1; }
fi

cli=$(bash scripts/tool.sh pulumi) || { echo "clean-room: could not build the pulumi CLI" >&2; echo 1 > reports/clean-room.status; exit 1; }
yaml_host=$(bash scripts/tool.sh pulumi-language-yaml) || { echo "clean-room: could not build pulumi-language-yaml" >&2; echo 1 > reports/clean-room.status; exit 1; }
export PULUMI_CLI=$cli PULUMI_LANGUAGE_YAML=$yaml_host SECURE_API_VERSION=$version
export AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN PULUMI_BACKEND_URL PULUMI_ACCESS_TOKEN

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
motolog=$(mktemp "${TMPDIR:-/tmp}/secure-api-clean-room-moto.XXXXXX")
MOTO_ALLOW_NONEXISTENT_REGION=true moto_server -H 127.0.0.1 -p "$port" > "$motolog" 2>&1 &
moto_pid=$!
trap 'kill $moto_pid 2>/dev/null; rm -f "$motolog"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.2; done
export AWS_ENDPOINT_URL=http://127.0.0.1:$port

echo "== clean room: dist/ v$version, pulumi $("$cli" version)"
node node_modules/jest/bin/jest.js --ci --config e2e/clean-room/jest.config.js --json --outputFile=reports/clean-room.jest.json
