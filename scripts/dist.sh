#!/usr/bin/env bash
# `make dist`: the release artifacts, in dist/, as a publisher uploads them.
# Needs `make build` (provider/dist, sdk/nodejs/bin, client/dist).
#
#   pulumi-resource-secure-api-v{V}-{os}-{arch}.tar.gz   the plugin, a single executable
#                                                       (no Node.js needed; this platform only)
#   pulumi-secure-api-secure-api-{V}.tgz                 the TypeScript SDK (npm pack)
#   pulumi_secure_api-{V}-py3-none-any.whl, -{V}.tar.gz   the Python SDK (wheel, sdist)
#   secure-api-client-{V}.tgz                            the client CLI `secure-api` (npm pack)
#   secure_api_client-{V}-py3-none-any.whl               the Python client (`secure-api` too)
#   SHA256SUMS
#
# V is schema.yaml's version (scripts/version.js); the build stops if any
# package disagrees. `bash scripts/dist.sh plugin` builds the plugin tarball
# only (the release workflow's other platforms; needs provider/dist only). The Go SDK is not an artifact: Go users fetch the module
# github.com/pulumi-secure-api/pulumi-secure-api/sdk at the release tag.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

only=${1:-all}
case $only in all|plugin) ;; *) echo "usage: bash scripts/dist.sh [plugin]" >&2; exit 2 ;; esac
version=$(node scripts/version.js --check)
needs="provider/dist/main.js"
[ "$only" = plugin ] || needs="$needs sdk/nodejs/bin/index.js client/dist/index.js"
for built in $needs; do
  [ -f "$built" ] || { echo "dist: $built is missing: run \`make build\` first" >&2; exit 2; }
done
if [ "$only" = all ] && ! python3 -m build --version >/dev/null 2>&1; then
  echo "dist: installing the Python package builder (build) from PyPI"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore build
fi

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; MINGW*|MSYS*|CYGWIN*) os=windows ;; *) os=$(uname -s) ;; esac
case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch=$(uname -m) ;; esac

out=$top/dist
stage=$out/.build
rm -rf "$out"
mkdir -p "$stage"
started=$SECONDS

echo "== dist: plugin (single executable, $os-$arch) v$version"
exe=$(node scripts/plugin-binary.js "$stage/plugin" 2> >(grep -v "^warning: Can't find string offset" >&2))
# The executable alone: no PulumiPlugin.yaml (provider/'s would make the engine run it with Node.js).
tar -czf "$out/pulumi-resource-secure-api-v$version-$os-$arch.tar.gz" -C "$(dirname "$exe")" "$(basename "$exe")"

if [ "$only" = all ]; then

echo "== dist: TypeScript SDK (npm pack)"
# Packed from a copy: sdk/nodejs/.gitignore (generated) leaves out bin/, the package's entry point.
mkdir -p "$stage/sdk-nodejs"
cp -R sdk/nodejs/package.json sdk/nodejs/README.md sdk/nodejs/bin "$stage/sdk-nodejs/"
cp sdk/nodejs/package.json "$stage/sdk-nodejs/bin/package.json"
cp LICENSE "$stage/sdk-nodejs/"
(cd "$stage/sdk-nodejs" && npm pack --silent --pack-destination "$out" >/dev/null)

echo "== dist: Python SDK (wheel, sdist)"
python3 -m build --sdist --wheel --outdir "$out" sdk/python > "$stage/python-sdk.log" 2>&1 \
  || { cat "$stage/python-sdk.log" >&2; exit 1; }

echo "== dist: client CLI (npm pack)"
(cd client && npm pack --silent --pack-destination "$out" >/dev/null)

echo "== dist: Python client (wheel)"
python3 -m build --wheel --outdir "$out" client-python > "$stage/python-client.log" 2>&1 \
  || { cat "$stage/python-client.log" >&2; exit 1; }
fi

rm -rf "$stage" sdk/python/build client-python/build
# Written beside dist/ first: the group's redirection would otherwise list SHA256SUMS itself.
(cd "$out" && { command -v sha256sum >/dev/null && sha256sum -- * || shasum -a 256 -- *; } > "$top/.SHA256SUMS.tmp") && mv "$top/.SHA256SUMS.tmp" "$out/SHA256SUMS"
echo "dist: v$version in $((SECONDS - started)) s:"
(cd "$out" && for f in *; do echo "  $(( $(wc -c < "$f") / 1024 )) KB	$f"; done)
