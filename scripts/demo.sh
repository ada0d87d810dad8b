#!/usr/bin/env bash
# `make demo`: the package doing its main job on a machine without an AWS
# account. `pulumi up` of the root demo program (Pulumi.yaml) with the real
# CLI, the real YAML language host and our plugin; the outputs; the API key;
# one route called with the client, refused without the key and accepted with
# it; `pulumi destroy`. AWS itself is simulated (printed first). Needs
# provider/dist and client/dist (make demo runs `make build`); reads no
# standard input. The real-engine suite runs it (e2e/yaml/demo.test.ts).
# DEMO_KEEP=1 keeps the temp dir (state, logs).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# `make demo` runs `bash scripts/demo.sh --plan` first, before `make build`: how long the wait will be.
if [ "${1:-}" = --plan ]; then
  missing=$(bash scripts/tool.sh --missing pulumi pulumi-language-yaml)
  if [ -n "$missing" ]; then
    echo "pulumi-secure-api demo, first run on this machine: about 10 minutes on 2 cores. It builds, once, from the Go"
    echo "module proxy (no release binary can be downloaded here), with a line every 30 s while it does:"
    printf '%s\n' "$missing" | sed 's/^/  - /'
    echo "then \`make build\` (about 2 min) and the demo itself (about 1 min). Later runs take about 3 minutes."
  else
    echo "pulumi-secure-api demo: \`make build\` (about 2 min), then the demo itself (about 1 min)."
  fi
  exit 0
fi

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

cat <<'EOF'
pulumi-secure-api demo: `pulumi up` of Pulumi.yaml (a SecureRestApi and an IAMSecureRestApi
in front of one Lambda function), then a call to one route, then `pulumi destroy`.

  REAL       the pulumi CLI and engine, the Pulumi YAML language host, the program Pulumi.yaml,
             our plugin pulumi-resource-secure-api (provider/bin), the state (a local file backend,
             secrets encrypted with a passphrase), the secure-api client CLI (client/).
  SIMULATED  AWS. Nothing is created in any AWS account:
             - the components' own AWS calls (the API key's SSM parameter, Secrets Manager's
               GetRandomPassword) go to moto, a local AWS mock;
             - every AWS resource (API Gateway, Lambda, IAM, Secrets Manager, ...) is "created" by a
               STAND-IN aws provider (test-support/stand-in-aws-provider) that only makes up ids,
               ARNs and URLs, so the APIEndpoint it reports leads nowhere;
             - the route is called on a local stand-in of the API (scripts/demo-api.js) that checks
               the x-api-key header as API Gateway does.
EOF

for f in provider/dist/main.js client/dist/index.js; do
  [ -f "$f" ] || { echo "demo: $f is missing: run \`make build\` (or \`make demo\`)" >&2; exit 2; }
done

say "tools: the pulumi CLI and the YAML language host (built once from the Go module proxy, then cached)"
cli=$(bash scripts/tool.sh pulumi)
yaml_host=$(bash scripts/tool.sh pulumi-language-yaml)
echo "$cli"; echo "$yaml_host"

work=$(mktemp -d "${TMPDIR:-/tmp}/secure-api-demo.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "${DEMO_KEEP:-}" ]; then echo "demo: kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

export PULUMI_HOME=$work/pulumi-home
export PULUMI_BACKEND_URL=file://$work/state
export PULUMI_CONFIG_PASSPHRASE=demo-only-passphrase
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_SKIP_CONFIRMATIONS=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# The key's local cache (normally under your home directory) lives in the temp dir too.
export PULUMI_SECURE_API_CACHE=$work/api-keys.json
export AWS_ACCESS_KEY_ID=demo AWS_SECRET_ACCESS_KEY=demo AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
unset AWS_PROFILE AWS_SESSION_TOKEN SECURE_API_KEY
# The YAML host beside the CLI, as Pulumi's own distribution bundles it (one found on PATH draws a warning).
mkdir -p "$work/bin" "$work/state"
for f in "$cli" "$yaml_host"; do ln -f "$f" "$work/bin/" 2>/dev/null || cp "$f" "$work/bin/"; done
export PATH="$work/bin:$PATH"

say "simulated AWS: the stand-in aws provider in a fresh PULUMI_HOME, moto on 127.0.0.1"
node e2e/prepare.js "$PULUMI_HOME" > "$work/prepare.log" 2>&1 || { cat "$work/prepare.log" >&2; exit 1; }
echo "stand-in aws provider installed as aws v$(tail -1 "$work/prepare.log")"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
MOTO_ALLOW_NONEXISTENT_REGION=true moto_server -H 127.0.0.1 -p "$port" > "$work/moto.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$port/moto-api/" >/dev/null || { echo "demo: moto did not start (moto[server] installed?)" >&2; cat "$work/moto.log" >&2; exit 1; }
export AWS_ENDPOINT_URL=http://127.0.0.1:$port
echo "moto: $AWS_ENDPOINT_URL"

# The program as written, but for its plugins path: ./provider is run through the Node.js
# language host (provider/PulumiPlugin.yaml), which this demo does not build; provider/bin
# holds the same plugin as an executable.
project=$work/project
mkdir -p "$project"
grep -q '^      path: \./provider$' Pulumi.yaml || { echo "demo: Pulumi.yaml no longer has 'path: ./provider'" >&2; exit 1; }
sed "s#^      path: \./provider\$#      path: $top/provider/bin#" Pulumi.yaml > "$project/Pulumi.yaml"
echo "program: Pulumi.yaml (copied to $project, plugins path -> $top/provider/bin)"

p() { (cd "$project" && pulumi "$@" --non-interactive) < /dev/null; }

say "pulumi stack init dev && pulumi config set aws:region us-east-1"
p stack init dev
p config set aws:region us-east-1

say "pulumi up --yes"
p up --yes

say "pulumi stack output"
p stack output

say "pulumi stack output APIKey --show-secrets"
key=$(p stack output APIKey --show-secrets)
echo "$key"
ssm=$(node -e '
const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm");
new SSMClient({}).send(new GetParameterCommand({ Name: process.argv[1], WithDecryption: true }))
    .then(r => console.log(r.Parameter.Value), e => { console.error(e.message); process.exit(1); });' /secure-api-demo-dev/api-key 2>/dev/null)
if [ "$ssm" = "$key" ]; then echo "= the SecureString SSM parameter /secure-api-demo-dev/api-key (in moto)"; else echo "demo: APIKey differs from the SSM parameter" >&2; exit 1; fi

say "a local stand-in of the keyed API (checks x-api-key), at the routes the stack reports"
mapfile -t paths < <(p stack output RouteURLs --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(Object.keys(JSON.parse(s)).join("\n")))')
stage=$(p stack output APIEndpoint | sed -E 's#^https?://[^/]+/([^/]+)/?$#\1#')
DEMO_API_KEY=$key node scripts/demo-api.js "$stage" "${paths[@]}" > "$work/api.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do [ -s "$work/api.out" ] && break; sleep 0.1; done
base=$(head -1 "$work/api.out")
echo "APIEndpoint (stand-in): $(p stack output APIEndpoint)  ->  local: $base/   routes: ${paths[*]}"

client() { (cd "$project" && node "$top/client/bin/secure-api" "$@") < /dev/null; }

say "secure-api call -i GET $base/hello            (no key)"
set +e; client call -i GET "$base/hello" 2> "$work/call.err"; rc=$?; set -e
echo; cat "$work/call.err"; [ $rc -ne 0 ] || { echo "demo: the call without a key was not refused" >&2; exit 1; }
echo "-> refused (exit $rc), as API Gateway refuses a request without the key"

say "secure-api call -i --stack-output GET $base/hello   (the key from pulumi stack output APIKey)"
client call -i --stack-output GET "$base/hello"
echo; echo "-> accepted"

say "pulumi destroy --yes --skip-preview"
p destroy --yes --skip-preview
p stack rm dev --yes > /dev/null

say "done"
cat <<'EOF'
Simulated here: AWS (moto for the key flow, the stand-in aws provider for the resources, a local
stand-in of the API). Against a real account, the same program deploys with `pulumi up`
(README.md: Install, Quick start). The SSM parameter stays after destroy, by design
(docs/troubleshooting.md: What `pulumi destroy` leaves behind); here it lived in moto only.
EOF
