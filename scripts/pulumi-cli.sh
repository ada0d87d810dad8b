#!/usr/bin/env bash
# Prints the path of the real `pulumi` CLI, building it from the Go module
# proxy first if it is not cached yet (about 6 minutes cold on 2 cores).
# Cached outside the checkout, so clean clones on one machine (CI) share it;
# PULUMI_CLI_CACHE overrides the place.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
version=v3.258.0
cache=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-secure-api/pulumi-cli}
bin=$cache/$version/bin/pulumi  # bin/ so Automation API can take $cache/$version as its root
if [ ! -x "$bin" ]; then
  mkdir -p "$(dirname "$bin")"
  echo "building the pulumi CLI $version into $bin ..." >&2
  (cd "$top/test-support/pulumi-cli" && GOSUMDB=off GOFLAGS=-mod=mod \
    go build -trimpath -o "$bin.tmp" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi) >&2
  mv "$bin.tmp" "$bin"
fi
echo "$bin"
