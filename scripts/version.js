// The package's one version is schema.yaml's `version`: `make gen` writes it
// into the generated SDKs (sdk/nodejs/package.json, sdk/python/pyproject.toml,
// the Go SDK's pulumi-plugin.json), and this script carries it to the
// packages that are not generated: the plugin (provider/package.json, which
// the plugin reports to the engine), the client CLI (client/package.json) and
// the Python client (client-python/pyproject.toml).
//
//   node scripts/version.js           prints the version
//   node scripts/version.js --write   writes it into the files below (run by `make gen`)
//   node scripts/version.js --check   exits 1, naming each file that disagrees (run by `make dist`)
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const ROOT = path.join(__dirname, "..");

function schemaVersion() {
    const v = YAML.parse(fs.readFileSync(path.join(ROOT, "schema.yaml"), "utf8")).version;
    if (typeof v !== "string" || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(v)) throw new Error(`schema.yaml: version ${JSON.stringify(v)} is not a semantic version`);
    return v;
}

// Each file that carries the version: how to read it and how to set it.
const jsonVersion = file => ({
    file,
    read: text => JSON.parse(text).version,
    write: (text, v) => text.replace(/^(\s*"version":\s*")[^"]*(")/m, `$1${v}$2`),
});
const pyprojectVersion = file => ({
    file,
    read: text => (/^\s*version\s*=\s*"([^"]*)"/m.exec(text) || [])[1],
    write: (text, v) => text.replace(/^(\s*version\s*=\s*")[^"]*(")/m, `$1${v}$2`),
});
// The plugin depends on the client at the one version (RestApiAudit runs the client's audit).
const clientDependency = file => ({
    file,
    read: text => JSON.parse(text).dependencies["secure-api-client"],
    write: (text, v) => text.replace(/("secure-api-client":\s*")[^"]*(")/, `$1${v}$2`),
});
const CARRIERS = [
    jsonVersion("provider/package.json"),
    clientDependency("provider/package.json"),
    jsonVersion("client/package.json"),
    pyprojectVersion("client-python/pyproject.toml"),
];
// Written by `make gen` from schema.yaml; checked only.
const GENERATED = [
    jsonVersion("sdk/nodejs/package.json"),
    pyprojectVersion("sdk/python/pyproject.toml"),
    jsonVersion("sdk/python/pulumi_secure_api/pulumi-plugin.json"),
    jsonVersion("sdk/go/secureapi/pulumi-plugin.json"),
];

/** Files whose version is not `version`, with what they hold. */
function disagreements(version) {
    return [...CARRIERS, ...GENERATED]
        .map(c => ({ file: c.file, found: c.read(fs.readFileSync(path.join(ROOT, c.file), "utf8")) }))
        .filter(d => d.found !== version);
}

/** The files `make dist` (scripts/dist.sh) writes for `version`, the plugin for `platform` (e.g. linux-amd64). */
function distArtifacts(version, platform = "linux-amd64") {
    return [
        `pulumi-resource-secure-api-v${version}-${platform}.tar.gz`,
        `pulumi-secure-api-secure-api-${version}.tgz`,
        `pulumi_secure_api-${version}-py3-none-any.whl`,
        `pulumi_secure_api-${version}.tar.gz`,
        `secure-api-client-${version}.tgz`,
        `secure_api_client-${version}-py3-none-any.whl`,
        "SHA256SUMS",
    ];
}

module.exports = { schemaVersion, disagreements, distArtifacts };

if (require.main === module) {
    const version = schemaVersion();
    const mode = process.argv[2];
    if (mode === "--write") {
        for (const c of CARRIERS) {
            const full = path.join(ROOT, c.file);
            const text = fs.readFileSync(full, "utf8");
            const next = c.write(text, version);
            if (c.read(next) !== version) throw new Error(`${c.file}: could not set the version`);
            if (next !== text) fs.writeFileSync(full, next);
        }
    } else if (mode === "--check") {
        const bad = disagreements(version);
        for (const d of bad) console.error(`version: ${d.file} has ${d.found}, schema.yaml has ${version} (run make gen)`);
        if (bad.length) process.exit(1);
    } else if (mode) {
        console.error("usage: node scripts/version.js [--write|--check]");
        process.exit(2);
    }
    console.log(version);
}
