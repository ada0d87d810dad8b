// The clean room: a user's machine that has only the release artifacts of
// `make dist`. An empty directory outside the checkout, a fresh PULUMI_HOME,
// the plugin installed from its tarball with `pulumi plugin install --file`,
// the TypeScript SDK from its npm tarball into a new npm project, the Python
// SDK from its wheel into a new virtualenv; provider/bin is not on PATH and
// the engine may not download plugins. A TypeScript and a Python Automation
// API program then run preview, up and destroy through the real engine, and
// the test asserts that neither the SDKs nor the plugin the engine ran
// resolve into the checkout.
//
// Simulated, as in the real-engine suite: AWS's own resources (the STAND-IN
// aws provider of test-support/, installed into this PULUMI_HOME as plugin
// `aws`, runs from the checkout: it is test equipment, not ours to ship) and
// the AWS APIs the component calls itself (moto, AWS_ENDPOINT_URL).
//
// Run by scripts/clean-room.sh (which builds dist/ if needed and starts moto).
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const DIST = path.join(ROOT, "dist");
const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set: run this test through scripts/clean-room.sh`);
    return v;
};
const CLI = env("PULUMI_CLI");
const VERSION = env("SECURE_API_VERSION");

const inCheckout = (p: string) => {
    const real = fs.realpathSync(p);
    return real === ROOT || real.startsWith(ROOT + path.sep);
};

function artifact(pattern: RegExp): string {
    const found = fs.readdirSync(DIST).filter(f => pattern.test(f));
    if (found.length !== 1) throw new Error(`dist/: expected one file matching ${pattern}, found ${JSON.stringify(found)}`);
    return path.join(DIST, found[0]);
}

const room = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "secure-api-clean-room-"));
const home = path.join(room, "pulumi-home");
// What a user has on PATH: the pulumi CLI, Node.js (TypeScript users), the system. Not provider/bin
// nor node_modules/.bin of the checkout.
const PATH = [path.dirname(CLI), path.dirname(process.execPath), "/usr/local/bin", "/usr/bin", "/bin"].join(path.delimiter);
const roomEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PATH,
    PULUMI_HOME: home,
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_CONFIG_PASSPHRASE: "clean-room-only-passphrase",
    NODE_PATH: "",
    PYTHONPATH: "",
    npm_config_audit: "false",
    npm_config_fund: "false",
    npm_config_update_notifier: "false",
};
for (const k of Object.keys(roomEnv)) if (k.startsWith("npm_package_") || k === "INIT_CWD") delete roomEnv[k];

const timings: Record<string, number> = {};
async function timed<T>(label: string, f: () => Promise<T> | T): Promise<T> {
    const start = Date.now();
    try {
        return await f();
    } finally {
        timings[label] = Math.round((Date.now() - start) / 100) / 10;
    }
}

/** Runs a command in the room; rejects with its output when it fails. */
function run(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env: { ...roomEnv, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
        let out = "",
            err = "";
        child.stdout.on("data", d => (out += d));
        child.stderr.on("data", d => (err += d));
        child.on("error", reject);
        child.on("close", code =>
            code === 0
                ? resolve(out)
                : reject(new Error(`${path.basename(cmd)} ${args.join(" ")} exited ${code}\n${err}\n${out}`.slice(0, 20_000))),
        );
    });
}

/** The STAND-IN aws provider as plugin `aws` at each version the programs and the plugin ask for. */
function installStandInAws(versions: Set<string>): void {
    const standIn = path.join(ROOT, "test-support", "stand-in-aws-provider", "main.js");
    for (const version of versions) {
        const dir = path.join(home, "plugins", `resource-aws-v${version}`);
        if (fs.existsSync(dir)) continue; // installed already (and maybe running)
        // Written aside, then moved into place whole: an engine may be scanning the plugins.
        const staging = fs.mkdtempSync(path.join(room, "aws-plugin-"));
        fs.writeFileSync(
            path.join(staging, "pulumi-resource-aws"),
            `#!/bin/sh\n# STAND-IN for the aws provider plugin (test equipment)\nSTAND_IN_AWS_VERSION=${version} exec "${process.execPath}" "${standIn}" "$@"\n`,
            { mode: 0o755 },
        );
        fs.mkdirSync(path.dirname(dir), { recursive: true });
        fs.renameSync(staging, dir);
    }
}

interface ProgramFacts {
    preview: Record<string, number>;
    up: { result: string; resourceChanges: Record<string, number>; stdout: string };
    apiKey: { secret: boolean; length: number };
    apiEndpoint: string;
    destroy: { result: string; remaining: number };
    sdk: string;
    plugins: string[];
}

const facts = (stdout: string): ProgramFacts => JSON.parse(stdout.trim().split("\n").pop()!);

let pluginInstalled: { ls: { name: string; kind: string; version: string; path?: string }[]; exe: string };
let clientCli: { bin: string; version: string };
let clientPython: { version: string; file: string };
let typescript: ProgramFacts;
let python: ProgramFacts;

beforeAll(async () => {
    expect(inCheckout(room)).toBe(false);
    const tarball = artifact(new RegExp(`^pulumi-resource-secure-api-v${VERSION.replace(/\./g, "\\.")}-linux-amd64\\.tar\\.gz$`));
    const sdkTgz = artifact(/^pulumi-secure-api-secure-api-.*\.tgz$/);
    const wheel = artifact(/^pulumi_secure_api-.*\.whl$/);
    const clientTgz = artifact(/^secure-api-client-.*\.tgz$/);
    const clientWheel = artifact(/^secure_api_client-.*\.whl$/);

    // The plugin, from its tarball.
    await timed("plugin install", () => run(CLI, ["plugin", "install", "resource", "secure-api", VERSION, "--file", tarball], room));
    const ls = JSON.parse(await run(CLI, ["plugin", "ls", "--json"], room));
    const exe = path.join(home, "plugins", `resource-secure-api-v${VERSION}`, "pulumi-resource-secure-api");
    pluginInstalled = { ls, exe };

    // The versions of the aws plugin requested: by our plugin (the @pulumi/aws it bundles, the
    // checkout's), the TypeScript program (pinned to the same below) and the Python program.
    const awsNode = JSON.parse(
        fs.readFileSync(require.resolve("@pulumi/aws/package.json", { paths: [path.join(ROOT, "provider")] }), "utf8"),
    ).version;
    const pulumiNode = JSON.parse(
        fs.readFileSync(require.resolve("@pulumi/pulumi/package.json", { paths: [path.join(ROOT, "provider")] }), "utf8"),
    ).version;
    const typesNode = JSON.parse(fs.readFileSync(require.resolve("@types/node/package.json", { paths: [ROOT] }), "utf8")).version;

    const ts = path.join(room, "ts");
    const py = path.join(room, "py");
    fs.mkdirSync(ts);
    fs.mkdirSync(py);

    const installTs = timed("npm install (SDK tarball)", async () => {
        fs.writeFileSync(path.join(ts, "package.json"), JSON.stringify({ name: "clean-room-ts", private: true, version: "0.0.0" }));
        // --prefer-offline: the npm cache (filled by `npm ci`) serves what it has, the registry the rest.
        await run(
            "npm",
            [
                "install",
                "--prefer-offline",
                "--no-package-lock",
                sdkTgz,
                `@pulumi/pulumi@${pulumiNode}`,
                `@pulumi/aws@${awsNode}`,
                `@types/node@${typesNode}`,
            ],
            ts,
        );
        fs.copyFileSync(path.join(__dirname, "program.ts"), path.join(ts, "program.ts"));
        fs.writeFileSync(
            path.join(ts, "tsconfig.json"),
            JSON.stringify({
                compilerOptions: {
                    target: "ES2022",
                    module: "commonjs",
                    moduleResolution: "node",
                    strict: true,
                    esModuleInterop: true,
                    skipLibCheck: true,
                    types: ["node"],
                },
                files: ["program.ts"],
            }),
        );
        // The compiler is a tool (the checkout's); what it compiles against is the room's node_modules.
        await run(process.execPath, [require.resolve("typescript/bin/tsc", { paths: [ROOT] }), "-p", ts], ts);
    });
    const installPy = timed("venv + pip install (SDK wheel)", async () => {
        // --system-site-packages: pulumi and pulumi-aws as `make build` installed them (else pip fetches them);
        // the SDK itself always from the wheel, into the venv.
        await run("python3", ["-m", "venv", "--system-site-packages", path.join(py, "venv")], py);
        const pip = [path.join(py, "venv", "bin", "python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"];
        await run(pip[0], [...pip.slice(1), wheel], py);
        await run(pip[0], [...pip.slice(1), "--no-deps", "--force-reinstall", wheel], py);
        await run(pip[0], [...pip.slice(1), clientWheel], py);
        await run(pip[0], [...pip.slice(1), "--no-deps", "--force-reinstall", clientWheel], py);
        clientPython = JSON.parse(
            await run(
                pip[0],
                [
                    "-c",
                    "import json, importlib.metadata as m, secure_api_client as c; print(json.dumps({'version': m.version('secure-api-client'), 'file': c.__file__}))",
                ],
                py,
            ),
        );
        fs.copyFileSync(path.join(__dirname, "program.py"), path.join(py, "program.py"));
        return (await run(pip[0], ["-c", "import importlib.metadata as m; print(m.version('pulumi_aws'))"], py)).trim();
    });
    const installCli = timed("npm install -g (client CLI tarball)", async () => {
        const prefix = path.join(room, "global");
        await run("npm", ["install", "-g", "--prefer-offline", "--prefix", prefix, clientTgz], room);
        const bin = path.join(prefix, "bin", "secure-api");
        clientCli = { bin, version: (await run(bin, ["--version"], room)).trim() };
    });
    // Each language's program runs as soon as its SDK is installed (the engine mostly waits on
    // plugins, so the two overlap well); the aws stand-in first, at the versions it will ask for.
    installStandInAws(new Set([awsNode]));
    [typescript, python] = await Promise.all([
        installTs.then(() =>
            timed("TypeScript program", async () =>
                facts(await run(process.execPath, [path.join(ts, "program.js")], ts, { ROOM_STACK_DIR: path.join(ts, "stack") })),
            ),
        ),
        installPy
            .then(awsPython => installStandInAws(new Set([awsPython])))
            .then(() =>
                timed("Python program", async () =>
                    facts(
                        await run(path.join(py, "venv", "bin", "python"), [path.join(py, "program.py")], py, {
                            ROOM_STACK_DIR: path.join(py, "stack"),
                        }),
                    ),
                ),
            ),
        installCli,
    ]);
}, 600_000);

afterAll(() => {
    process.stdout.write(
        `clean room ${room}: ${Object.entries(timings)
            .map(([k, v]) => `${k} ${v} s`)
            .join(", ")}\n`,
    );
    if (!process.env.CLEAN_ROOM_KEEP) fs.rmSync(room, { recursive: true, force: true });
});

test("dist/ holds exactly the artifacts of this version (scripts/version.js distArtifacts), each listed in SHA256SUMS", () => {
    const { distArtifacts } = require(path.join(ROOT, "scripts", "version.js")) as { distArtifacts(v: string): string[] };
    expect(fs.readdirSync(DIST).sort()).toEqual(distArtifacts(VERSION).sort());
    const sums = fs
        .readFileSync(path.join(DIST, "SHA256SUMS"), "utf8")
        .trim()
        .split("\n")
        .map(l => l.split(/\s+\*?/)[1])
        .sort();
    expect(sums).toEqual(
        distArtifacts(VERSION)
            .filter(f => f !== "SHA256SUMS")
            .sort(),
    );
});

describe("the plugin from its release tarball", () => {
    test("`pulumi plugin install resource secure-api <version> --file` installs it into PULUMI_HOME; `pulumi plugin ls` shows that version", () => {
        const ours = pluginInstalled.ls.filter(p => p.name === "secure-api");
        expect(ours).toEqual([expect.objectContaining({ kind: "resource", version: VERSION })]);
        expect(fs.statSync(pluginInstalled.exe).mode & 0o111).not.toBe(0);
        expect(inCheckout(pluginInstalled.exe)).toBe(false);
    });

    test("the executable needs no Node.js: with an empty PATH it serves (prints its port)", async () => {
        const child = spawn(pluginInstalled.exe, [], { env: { PATH: "", HOME: room }, stdio: ["ignore", "pipe", "pipe"] });
        try {
            const first = await new Promise<string>((resolve, reject) => {
                let out = "",
                    err = "";
                child.stdout.on("data", d => {
                    out += d;
                    if (out.includes("\n")) resolve(out.split("\n")[0]);
                });
                child.stderr.on("data", d => (err += d));
                child.on("error", reject);
                child.on("exit", code => reject(new Error(`exited ${code} before printing its port: ${err}`)));
            });
            expect(first).toMatch(/^\d+$/);
        } finally {
            child.kill("SIGKILL");
        }
    });

    test("the executable embeds the pinned Node.js LTS, not past its end of life (scripts/node-lts.js)", async () => {
        const out = (await run(pluginInstalled.exe, ["--version"], room)).trim();
        const node = /\(Node\.js (v[\d.]+)\)$/.exec(out)?.[1];
        const pinned = (await run("bash", [path.join(ROOT, "scripts", "tool.sh"), "--version", "node"], room)).trim();
        expect([out, node]).toEqual([`pulumi-resource-secure-api ${VERSION} (Node.js v${pinned})`, `v${pinned}`]);
        const { unsupported } = require(path.join(ROOT, "scripts", "node-lts.js")) as { unsupported(v: string): string | undefined };
        expect(unsupported(node!)).toBeUndefined();
    });

    test("no plugin named pulumi-resource-secure-api is on the room's PATH", () => {
        for (const dir of PATH.split(path.delimiter)) expect(fs.existsSync(path.join(dir, "pulumi-resource-secure-api"))).toBe(false);
    });
});

describe("the clients from their release packages", () => {
    test("`npm install -g` of the client tarball gives the `secure-api` command, at the package's version", () => {
        expect(clientCli.version).toBe(VERSION);
        expect(inCheckout(clientCli.bin)).toBe(false);
    });

    test("the Python client installs from its wheel into the venv, at the package's version", () => {
        expect(clientPython.version).toBe(VERSION);
        expect(clientPython.file.startsWith(room + path.sep)).toBe(true);
    });
});

describe.each([
    ["TypeScript (SDK from the npm tarball)", () => typescript],
    ["Python (SDK from the wheel)", () => python],
])("%s", (_lang, get) => {
    test("preview plans to create the component; up succeeds", () => {
        const f = get();
        expect(f.preview.create).toBeGreaterThan(5);
        expect(f.up.result).toBe("succeeded");
        expect(f.up.resourceChanges.create).toBe(f.preview.create);
        expect(f.up.stdout).not.toMatch(/using pulumi-resource-secure-api from \$PATH/);
        expect(f.apiEndpoint).toMatch(/^https:\/\/[0-9a-f]+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/?$/);
    });

    test("APIKey is a secret output holding the key (from the SSM flow against moto)", () => {
        expect(get().apiKey).toEqual({ secret: true, length: 40 });
    });

    test("destroy removes every resource", () => {
        expect(get().destroy).toEqual({ result: "succeeded", remaining: 0 });
    });

    test("the SDK and the plugin the engine ran resolve outside the checkout", () => {
        const f = get();
        expect(f.sdk.startsWith(room + path.sep)).toBe(true);
        expect(inCheckout(f.sdk)).toBe(false);
        expect(f.plugins.length).toBeGreaterThan(0);
        for (const exe of f.plugins) expect(exe).toBe(fs.realpathSync(pluginInstalled.exe));
    });
});

// A YAML program with plain `pulumi up`, through the real YAML language host (built by
// scripts/tool.sh pulumi-language-yaml, given by clean-room.sh as PULUMI_LANGUAGE_YAML) set beside the
// CLI in the room, as Pulumi's distribution ships them; the plugin is the one installed from the tarball.
describe("YAML (pulumi up of a Pulumi.yaml, the plugin from its tarball)", () => {
    const dir = path.join(room, "yaml");
    const bin = path.join(room, "pulumi-bin");
    let pulumi: (...args: string[]) => Promise<string>;
    let outputs: Record<string, unknown>;
    let apiKey: string;
    let ssmValue: string | undefined;
    let previewCreates: number;
    beforeAll(async () => {
        fs.mkdirSync(path.join(dir, "state"), { recursive: true });
        fs.mkdirSync(bin);
        for (const f of [CLI, env("PULUMI_LANGUAGE_YAML")]) fs.copyFileSync(f, path.join(bin, path.basename(f)));
        for (const f of fs.readdirSync(bin)) fs.chmodSync(path.join(bin, f), 0o755);
        fs.copyFileSync(path.join(__dirname, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        // The YAML host binds our schema's aws types at the version the schema names (/aws/v7.x/schema.json).
        const schemaAws = /\/aws\/v(\d+\.\d+\.\d+)\/schema\.json/.exec(
            fs.readFileSync(path.join(ROOT, "provider", "schema.json"), "utf8"),
        )![1];
        installStandInAws(new Set([schemaAws]));
        const yamlEnv = {
            PATH: [bin, ...PATH.split(path.delimiter).filter(p => p !== path.dirname(CLI))].join(path.delimiter),
            PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}`,
            // The room's own key cache: a user's default one would answer from an earlier run.
            PULUMI_SECURE_API_CACHE: path.join(dir, "api-keys.json"),
        };
        pulumi = (...args: string[]) => run(path.join(bin, "pulumi"), [...args, "--non-interactive"], dir, yamlEnv);
        await pulumi("stack", "init", "dev");
        const preview = JSON.parse(await pulumi("preview", "--json"));
        previewCreates = preview.changeSummary?.create ?? 0;
        await pulumi("up", "--yes", "--skip-preview");
        outputs = JSON.parse(await pulumi("stack", "output", "--json"));
        apiKey = JSON.parse(await pulumi("stack", "output", "--json", "--show-secrets")).APIKey;
        // The test's own view of moto (the checkout's AWS SDK is test equipment here).
        const { SSMClient, GetParameterCommand } = await import("@aws-sdk/client-ssm");
        const ssm = new SSMClient({ region: "us-east-1", endpoint: env("AWS_ENDPOINT_URL") });
        ssmValue = (await ssm.send(new GetParameterCommand({ Name: "/clean-room-yaml/api-key", WithDecryption: true }))).Parameter?.Value;
        ssm.destroy();
    }, 600_000);
    afterAll(async () => {
        await pulumi?.("destroy", "--yes", "--skip-preview").catch(() => undefined);
    });

    test("preview plans the component; up succeeds; APIEndpoint is the stage's URL", () => {
        expect(previewCreates).toBeGreaterThan(5);
        expect(outputs.APIEndpoint).toMatch(/^https:\/\/[0-9a-f]+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
    });

    test("APIKey is shown as [secret], and with --show-secrets is the 40-character key from the SSM flow", () => {
        expect(outputs.APIKey).toBe("[secret]");
        expect(apiKey).toHaveLength(40);
        expect(apiKey).toBe(ssmValue);
    });

    test("destroy removes every resource", async () => {
        await pulumi("destroy", "--yes", "--skip-preview");
        const state = JSON.parse(await pulumi("stack", "export"));
        expect(state.deployment.resources ?? []).toEqual([]);
    });
});
