#!/usr/bin/env bash
# Prints the path of the real Pulumi YAML language host (`pulumi-language-yaml`),
# building it from the Go module proxy first if it is not cached yet (about a
# minute on 2 cores). Cached outside the checkout like the CLI
# (scripts/pulumi-cli.sh), so clean clones on one machine share it;
# PULUMI_LANGUAGE_YAML_CACHE overrides the place. The engine finds a language
# host on PATH: put the printed file's directory there.
#
#   PATH="$(dirname "$(bash scripts/pulumi-language-yaml.sh)"):$PATH" pulumi up
set -euo pipefail
version=v1.25.0
cache=${PULUMI_LANGUAGE_YAML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-secure-api/pulumi-language-yaml}
bin=$cache/$version/bin/pulumi-language-yaml
if [ ! -x "$bin" ]; then
  mkdir -p "$(dirname "$bin")"
  tmp=$(mktemp -d "$cache/$version/gobin.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "building pulumi-language-yaml $version into $bin ..." >&2
  # `go install pkg@version` builds outside any module: no -mod flag may apply.
  GOBIN=$tmp GOFLAGS=-trimpath GOSUMDB=off \
    go install -ldflags "-s -w" "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$version" >&2
  mv "$tmp/pulumi-language-yaml" "$bin"
fi
echo "$bin"
