#!/usr/bin/env bash
# `make test-cold`: CI's run as a new machine does it. A clean clone of the
# committed HEAD (with ../shared beside it, as CI has it), run with `bash .ci/run`
# and no standard input, with HOME, XDG_CACHE_HOME, GOPATH/GOMODCACHE, GOCACHE,
# npm's and pip's caches pointed at new empty directories and a new Python venv
# first on PATH: every package and tool comes from the registries again, as on
# a user's first run. The machine's own Pythons (pyenv) are used, not cached.
# Prints the run's last line and its time; keeps the log.
#
#   bash scripts/cold-run.sh        (COLD_KEEP=1 keeps the whole directory)
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
root=$(mktemp -d "${TMPDIR:-/tmp}/secure-api-cold.XXXXXX")
log=$root/ci.log
echo "cold run: a clean clone of $(git -C "$top" rev-parse --short HEAD) in $root, every cache empty; log: $log"

git clone --quiet "$top" "$root/repo"
[ -d "$top/../shared" ] && ln -s "$(cd "$top/../shared" && pwd)" "$root/shared"
# The machine's Pythons, found before HOME moves (pyenv keeps them under its root).
pyenv_root=$(pyenv root 2>/dev/null || true)
python3 -m venv "$root/venv"
mkdir -p "$root/home" "$root/cache"

started=$SECONDS
(
  export HOME=$root/home XDG_CACHE_HOME=$root/cache
  export GOPATH=$root/home/go GOMODCACHE=$root/home/go/pkg/mod GOCACHE=$root/cache/go-build
  export npm_config_cache=$root/home/.npm PIP_CACHE_DIR=$root/cache/pip
  [ -n "$pyenv_root" ] && export PYENV_ROOT=$pyenv_root
  export PATH=$root/venv/bin:$PATH CI=true
  # Run as CI's top-level process, not as `make test-cold`'s child: a nested
  # make would print "Leaving directory" after the suite's last line.
  unset SECURE_API_TOOLS_CACHE MAKELEVEL MAKEFLAGS MFLAGS
  cd "$root/repo" && bash .ci/run </dev/null
) >"$log" 2>&1
rc=$?
echo "cold run: exit $rc in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s; last line: $(tail -n 1 "$log")"
if [ -z "${COLD_KEEP:-}" ]; then
  cp "$log" "${TMPDIR:-/tmp}/secure-api-cold-last.log"
  chmod -R u+w "$root" 2>/dev/null; rm -rf "$root" # Go makes its module cache read-only
  echo "cold run: log kept as ${TMPDIR:-/tmp}/secure-api-cold-last.log"
fi
exit $rc
