// Builds the plugin as a self-contained executable: no Node.js needed where
// it runs. Node's single executable applications (SEA): esbuild bundles the
// built plugin (provider/dist/main.js, from `make build`) into one script; a
// training run makes V8's code cache of its start-up (plugin-binary-loader.js
// says how); `node --experimental-sea-config` puts the loader, the bundle, the
// cache and schema.json / package.json (provider/src/plugin/packageFiles.ts
// reads them) into a blob; postject injects the blob into a copy of a Node.js
// LTS executable: the one `bash scripts/tool.sh node` pins (SECURE_API_NODE
// names another, e.g. the release workflow's setup-node on platforms the
// table has no binary for), never the Node that runs this script. The build
// stops if that runtime is not an LTS within its support (scripts/node-lts.js).
// The training run and the blob are made by that same binary (V8 checks a code
// cache against its own version). A SEA runs only on the
// platform it was built on: .github/workflows/release.yml builds one per
// platform on a runner of that platform.
//
//   node scripts/plugin-binary.js <out-dir>
//
// Writes <out-dir>/pulumi-resource-secure-api (the executable) and prints its path.
//
// The bundle keeps what the plugin uses and leaves out what it never runs
// (the same modules provider/src/plugin/lazyPulumiModules.ts defers when the
// plugin runs from node_modules):
//   - @pulumi/pulumi's Automation API and function serializer: stand-ins that
//     throw if anything ever used them;
//   - @pulumi/aws services the components do not use: the aws index gets each
//     service on first use (a getter) and only the services named in
//     provider/dist (`aws.<service>.` or `@pulumi/aws/<service>`) are bundled;
//     the others throw, naming the service.
"use strict";
const { execFileSync, spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");
const { inject } = require("postject");
const { ltsNode } = require("./node-lts");

const ROOT = path.join(__dirname, "..");
const PROVIDER = path.join(ROOT, "provider");
const NAME = "pulumi-resource-secure-api";
// The fuse every Node SEA build looks for (Node's documentation, "Single executable applications").
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** The @pulumi/aws services the built provider (provider/dist) uses. */
function awsServicesUsed() {
    const used = new Set(["types"]);
    const walk = dir => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith(".js")) {
                const text = fs.readFileSync(p, "utf8");
                for (const m of text.matchAll(/\baws\.([a-z0-9]+)\./g)) used.add(m[1]);
                for (const m of text.matchAll(/["']@pulumi\/aws\/([a-z0-9]+)["']/g)) used.add(m[1]);
            }
        }
    };
    walk(path.join(PROVIDER, "dist"));
    return used;
}

const notBundled = what => `throw new Error(${JSON.stringify(`${what} is not part of the ${NAME} executable`)})`;

/** esbuild plugin: the stand-ins and the lazy aws index described above. */
function leaveOutUnused(awsUsed) {
    return {
        name: "leave-out-unused",
        setup(build) {
            const stub = (args, exportsCode) => ({ path: args.path, namespace: "stub", pluginData: exportsCode });
            build.onResolve({ filter: /^\.\/automation$/ }, args =>
                /[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/.test(args.importer)
                    ? stub(args, `module.exports = new Proxy({}, { get(_t, k) { if (k === "__esModule") return true; ${notBundled("pulumi.automation")}; } });`)
                    : undefined);
            build.onResolve({ filter: /(^|\/)closure\/(serializeClosure|codePaths)$/ }, args =>
                /[\\/]@pulumi[\\/]pulumi[\\/](runtime|dynamic)[\\/]index\.js$/.test(args.importer)
                    ? stub(args, ["serializeFunctionAsync", "serializeFunction", "computeCodePaths"]
                        .map(f => `exports.${f} = () => { ${notBundled(`pulumi.runtime.${f}`)}; };`).join("\n"))
                    : undefined);
            build.onLoad({ filter: /.*/, namespace: "stub" }, args => ({ contents: args.pluginData, loader: "js" }));
            build.onLoad({ filter: /[\\/]@pulumi[\\/]aws[\\/]index\.js$/ }, async args => {
                let text = await fs.promises.readFile(args.path, "utf8");
                let services = 0;
                text = text.replace(/^const (\w+) = __importStar\(require\("\.\/(\w+)"\)\);\nexports\.\1 = \1;$/gm, (_all, name, file) => {
                    services++;
                    const get = awsUsed.has(file)
                        ? `(() => { let m; return () => (m ??= __importStar(require("./${file}"))); })()`
                        : `() => { ${notBundled(`aws.${file}`)}; }`;
                    return `Object.defineProperty(exports, "${name}", { enumerable: true, configurable: true, get: ${get} });`;
                });
                if (services < 100) throw new Error(`@pulumi/aws/index.js: expected its service namespaces, rewrote only ${services}`);
                return { contents: text, loader: "js" };
            });
        },
    };
}

async function bundle(outFile, nodeVersion) {
    const awsUsed = awsServicesUsed();
    const result = await esbuild.build({
        entryPoints: [path.join(PROVIDER, "dist", "main.js")],
        bundle: true,
        platform: "node",
        target: `node${/^v(\d+)/.exec(nodeVersion)[1]}`,
        format: "cjs",
        outfile: outFile,
        minifyWhitespace: true,
        minifySyntax: true,
        minifyIdentifiers: true,
        keepNames: true,
        legalComments: "none",
        logLevel: "warning",
        metafile: true,
        plugins: [leaveOutUnused(awsUsed)],
    });
    fs.writeFileSync(`${outFile}.meta.json`, JSON.stringify(result.metafile)); // what went in: esbuild's analyzer reads it
    return { awsUsed };
}

/**
 * Runs the bundle through the loader (outside an executable) until it has started and
 * answered GetSchema, then has it save V8's code cache: plugin.cache.
 */
async function trainCodeCache(out, node) {
    const grpc = require("@grpc/grpc-js");
    const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
    const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb");
    const cache = path.join(out, "plugin.cache");
    fs.rmSync(cache, { force: true });
    const child = spawn(node, [path.join(__dirname, "plugin-binary-loader.js")], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, SECURE_API_PLUGIN_TRAIN: out, SECURE_API_PLUGIN_TRAIN_DIRNAME: path.join(PROVIDER, "dist", "plugin") },
    });
    let err = "";
    child.stderr.on("data", d => (err += d));
    const exited = new Promise(resolve => child.on("exit", resolve));
    const port = await new Promise((resolve, reject) => {
        let text = "";
        child.stdout.on("data", d => { text += d; if (text.includes("\n")) resolve(text.split("\n")[0].trim()); });
        exited.then(code => reject(new Error(`the bundled plugin exited (${code}) before printing its port: ${err}`)));
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const schema = await new Promise((resolve, reject) => client.getSchema(new GetSchemaRequest(), (e, r) => (e ? reject(e) : resolve(r.getSchema()))));
    client.close();
    if (JSON.parse(schema).name !== "secure-api") throw new Error("the bundled plugin served another schema");
    child.kill("SIGUSR2");
    const code = await exited;
    if (code !== 0 || !fs.existsSync(cache)) throw new Error(`the bundled plugin did not save its code cache (exit ${code}): ${err}`);
    return cache;
}

async function main() {
    if (!fs.existsSync(path.join(PROVIDER, "dist", "main.js"))) throw new Error("provider/dist/main.js is missing: run `make build` first");
    const out = path.resolve(process.argv[2] || path.join(ROOT, "provider", "bin-out"));
    const { node, version } = ltsNode();
    fs.mkdirSync(out, { recursive: true });
    const script = path.join(out, "plugin.js");
    const { awsUsed } = await bundle(script, version);

    const cache = await trainCodeCache(out, node);

    // SEA: the loader as main script; the bundle, its code cache, and package.json (the
    // plugin's version) and schema.json (served by GetSchema) as assets.
    const blob = path.join(out, "sea-prep.blob");
    const config = path.join(out, "sea-config.json");
    fs.writeFileSync(config, JSON.stringify({
        main: path.join(__dirname, "plugin-binary-loader.js"),
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: true,
        assets: {
            "plugin.js": script,
            "plugin.cache": cache,
            "schema.json": path.join(PROVIDER, "schema.json"),
            "package.json": path.join(PROVIDER, "package.json"),
        },
    }, null, 2));
    execFileSync(node, ["--experimental-sea-config", config], { stdio: ["ignore", "ignore", "pipe"] });

    const exe = path.join(out, process.platform === "win32" ? `${NAME}.exe` : NAME);
    fs.rmSync(exe, { force: true });
    fs.copyFileSync(node, exe);
    fs.chmodSync(exe, 0o755);
    if (process.platform === "darwin") execFileSync("codesign", ["--remove-signature", exe]);
    await inject(exe, "NODE_SEA_BLOB", fs.readFileSync(blob), {
        sentinelFuse: SEA_FUSE,
        machoSegmentName: process.platform === "darwin" ? "NODE_SEA" : undefined,
    });
    if (process.platform === "darwin") execFileSync("codesign", ["--sign", "-", exe]);
    process.stderr.write(`plugin-binary: ${path.relative(ROOT, exe)} (node ${version}, aws services: ${[...awsUsed].sort().join(", ")})\n`);
    console.log(exe);
}

main().catch(e => {
    console.error(`plugin-binary: ${process.env.DEBUG ? e.stack : e.message || e}`);
    process.exit(1);
});
