// Prepares a PULUMI_HOME for the real-engine suite (scripts/e2e.sh):
//   - installs the STAND-IN aws provider (test-support/stand-in-aws-provider)
//     as plugin `resource-aws-v<version>` for every aws SDK version the
//     programs and our plugin will request (Node, Python, Go);
//   - caches the stand-in's partial aws schema (the one its GetSchema
//     answers, test-support/stand-in-aws-provider/schema.js), so `pulumi
//     package get-schema` / `gen-sdk` resolve it without starting a plugin.
// Our own plugin is NOT installed here: the suite finds it on PATH
// (provider/bin), exactly as README tells users to.
// Usage: node e2e/prepare.js <PULUMI_HOME>; prints the aws versions installed.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const home = process.argv[2];
if (!home) throw new Error("usage: node e2e/prepare.js <PULUMI_HOME>");

function awsVersions() {
    const versions = new Set();
    // Node: what the provider plugin and the TypeScript programs load.
    for (const from of [path.join(ROOT, "provider"), path.join(ROOT, "sdk", "nodejs"), ROOT]) {
        const pkg = require.resolve("@pulumi/aws/package.json", { paths: [from] });
        versions.add(JSON.parse(fs.readFileSync(pkg, "utf8")).version);
    }
    // Python: pulumi_aws as pip installed it (make build-sdks).
    try {
        versions.add(execFileSync("python3", ["-c", "import importlib.metadata as m; print(m.version('pulumi_aws'))"], { encoding: "utf8" }).trim());
    } catch {
        process.stderr.write("prepare: pulumi_aws is not installed for python3 (run make build); the Python suite will fail\n");
    }
    // Go: the version the Go SDK requires.
    const gomod = fs.readFileSync(path.join(ROOT, "sdk", "go.mod"), "utf8");
    const go = /github\.com\/pulumi\/pulumi-aws\/sdk\/v7 v(\S+)/.exec(gomod);
    if (go) versions.add(go[1]);
    return [...versions].sort();
}

const standIn = path.join(ROOT, "test-support", "stand-in-aws-provider", "main.js");
const plugins = path.join(home, "plugins");
const schemas = path.join(home, "schemas");
fs.mkdirSync(schemas, { recursive: true });
const { schema: standInSchema } = require(path.join(ROOT, "test-support", "stand-in-aws-provider", "schema.js"));

const installed = awsVersions();
for (const version of installed) {
    const dir = path.join(plugins, `resource-aws-v${version}`);
    fs.mkdirSync(dir, { recursive: true });
    const exe = path.join(dir, "pulumi-resource-aws");
    fs.writeFileSync(exe, [
        "#!/bin/sh",
        "# STAND-IN for the aws provider plugin: see test-support/stand-in-aws-provider/main.js",
        `STAND_IN_AWS_VERSION=${version} exec "${process.execPath}" "${standIn}" "$@"`,
        "",
    ].join("\n"), { mode: 0o755 });
    // Served by get-schema/gen-sdk instead of asking the plugin; must be newer than the plugin dir.
    const schema = standInSchema(version);
    const file = path.join(schemas, `aws-${version}.json`);
    fs.writeFileSync(file, JSON.stringify(schema));
    const later = new Date(Date.now() + 1000);
    fs.utimesSync(file, later, later);
}
console.log(installed.join(" "));
