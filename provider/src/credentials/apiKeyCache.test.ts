// The local API key cache: path resolution, shape, atomic 0600 writes,
// cross-process merging and best-effort handling of damaged files.
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { ApiKeyCacheData, readCachedApiKey, resolveCacheFile, writeCachedApiKey } from "./apiKeyCache";

const HOME = "/home/alice";
const KEY_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const KEY_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const KEY_C = "cccccccccccccccccccccccccccccccccccccccc";

let tmp: string;
let warnings: string[];
const warn = (m: string) => warnings.push(m);

beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-cache-"));
    warnings = [];
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, "utf8"));
const mode = (p: string): number => fs.statSync(p).mode & 0o777;
const leftovers = (dir: string): string[] => fs.readdirSync(dir).filter(f => f.endsWith(".tmp") || f.endsWith(".lock"));

describe("resolveCacheFile", () => {
    const defaultPath = `${HOME}/.cache/pulumi-secure-api/api-keys.json`;

    test("precedence: input > config > PULUMI_SECURE_API_CACHE > default", () => {
        const env = { PULUMI_SECURE_API_CACHE: "/env/keys.json", XDG_CACHE_HOME: "/xdg" };
        expect(resolveCacheFile({ input: "/in.json", config: "/cfg.json", env, homedir: HOME })).toBe("/in.json");
        expect(resolveCacheFile({ config: "/cfg.json", env, homedir: HOME })).toBe("/cfg.json");
        expect(resolveCacheFile({ env, homedir: HOME })).toBe("/env/keys.json");
        expect(resolveCacheFile({ env: { XDG_CACHE_HOME: "/xdg" }, homedir: HOME })).toBe("/xdg/pulumi-secure-api/api-keys.json");
        expect(resolveCacheFile({ env: {}, homedir: HOME })).toBe(defaultPath);
    });

    test("empty values count as unset; a relative XDG_CACHE_HOME is ignored (XDG spec)", () => {
        expect(resolveCacheFile({ input: "", config: " ", env: { PULUMI_SECURE_API_CACHE: "" }, homedir: HOME })).toBe(defaultPath);
        expect(resolveCacheFile({ env: { XDG_CACHE_HOME: "" }, homedir: HOME })).toBe(defaultPath);
        expect(resolveCacheFile({ env: { XDG_CACHE_HOME: "rel/cache" }, homedir: HOME })).toBe(defaultPath);
    });

    test("a leading ~ expands to the home directory", () => {
        expect(resolveCacheFile({ input: "~/keys.json", env: {}, homedir: HOME })).toBe(`${HOME}/keys.json`);
        expect(resolveCacheFile({ env: { PULUMI_SECURE_API_CACHE: "~/k.json" }, homedir: HOME })).toBe(`${HOME}/k.json`);
        expect(resolveCacheFile({ input: "./rel.json", env: {}, homedir: HOME })).toBe("./rel.json");
    });
});

describe("read and write", () => {
    test("keyed by account → region → stackName; same stack in two regions gives two entries", async () => {
        const file = path.join(tmp, "api-keys.json");
        expect(await writeCachedApiKey(file, { account: "111111111111", region: "us-east-1", stackName: "shop" }, KEY_A, warn)).toBe(true);
        expect(await writeCachedApiKey(file, { account: "111111111111", region: "eu-west-1", stackName: "shop" }, KEY_B, warn)).toBe(true);
        expect(await writeCachedApiKey(file, { account: "222222222222", region: "us-east-1", stackName: "shop" }, KEY_C, warn)).toBe(true);

        expect(readJson(file)).toEqual({
            "111111111111": { "us-east-1": { shop: KEY_A }, "eu-west-1": { shop: KEY_B } },
            "222222222222": { "us-east-1": { shop: KEY_C } },
        });
        expect(await readCachedApiKey(file, { account: "111111111111", region: "us-east-1", stackName: "shop" }, warn)).toBe(KEY_A);
        expect(await readCachedApiKey(file, { account: "111111111111", region: "eu-west-1", stackName: "shop" }, warn)).toBe(KEY_B);
        expect(await readCachedApiKey(file, { account: "222222222222", region: "us-east-1", stackName: "shop" }, warn)).toBe(KEY_C);
        expect(await readCachedApiKey(file, { account: "222222222222", region: "eu-west-1", stackName: "shop" }, warn)).toBeUndefined();
        expect(await readCachedApiKey(file, { account: "111111111111", region: "us-east-1", stackName: "other" }, warn)).toBeUndefined();
        expect(warnings).toEqual([]);
    });

    test("a missing file reads as undefined without a warning", async () => {
        expect(await readCachedApiKey(path.join(tmp, "nope.json"), { account: "1", region: "r", stackName: "s" }, warn)).toBeUndefined();
        expect(warnings).toEqual([]);
    });

    test("creates missing directories (0700), writes the file 0600 atomically, leaves no temp or lock files", async () => {
        const dir = path.join(tmp, "a", "b");
        const file = path.join(dir, "api-keys.json");
        expect(await writeCachedApiKey(file, { account: "1", region: "us-east-1", stackName: "s" }, KEY_A, warn)).toBe(true);
        expect(mode(path.join(tmp, "a"))).toBe(0o700);
        expect(mode(dir)).toBe(0o700);
        expect(mode(file)).toBe(0o600);
        expect(fs.readdirSync(dir)).toEqual(["api-keys.json"]);

        // A rewrite replaces the inode (rename), so a reader holding the old file never sees a partial one.
        const before = fs.statSync(file).ino;
        await writeCachedApiKey(file, { account: "1", region: "us-east-1", stackName: "t" }, KEY_B, warn);
        expect(fs.statSync(file).ino).not.toBe(before);
        expect(mode(file)).toBe(0o600);
        expect(fs.readdirSync(dir)).toEqual(["api-keys.json"]);
    });

    test("an existing file with a loose mode is replaced by a 0600 one", async () => {
        const file = path.join(tmp, "api-keys.json");
        fs.writeFileSync(file, JSON.stringify({ "1": { "us-east-1": { old: KEY_C } } }), { mode: 0o644 });
        fs.chmodSync(file, 0o644);
        await writeCachedApiKey(file, { account: "1", region: "us-east-1", stackName: "s" }, KEY_A, warn);
        expect(mode(file)).toBe(0o600);
        expect(readJson(file)).toEqual({ "1": { "us-east-1": { old: KEY_C, s: KEY_A } } });
    });

    test("overwrites the same entry, keeps the others", async () => {
        const file = path.join(tmp, "api-keys.json");
        const key = { account: "1", region: "us-east-1", stackName: "s" };
        await writeCachedApiKey(file, key, KEY_A, warn);
        await writeCachedApiKey(file, { ...key, stackName: "t" }, KEY_B, warn);
        await writeCachedApiKey(file, key, KEY_C, warn);
        expect(readJson(file)).toEqual({ "1": { "us-east-1": { s: KEY_C, t: KEY_B } } });
    });

    test("concurrent writes in one process lose no entry", async () => {
        const file = path.join(tmp, "api-keys.json");
        const stacks = Array.from({ length: 8 }, (_, i) => `stack-${i}`);
        const results = await Promise.all(
            stacks.map(s =>
                writeCachedApiKey(file, { account: "1", region: "us-east-1", stackName: s }, `key-${s}-0123456789abcdef`, warn),
            ),
        );
        expect(results).toEqual(stacks.map(() => true));
        const data = readJson(file) as ApiKeyCacheData;
        expect(Object.keys(data["1"]["us-east-1"]).sort()).toEqual(stacks);
        expect(leftovers(tmp)).toEqual([]);
        expect(warnings).toEqual([]);
    });
});

describe("concurrent processes", () => {
    /** apiKeyCache.ts transpiled to plain JS, so child processes can load it without ts-node. */
    function transpileCacheModule(outDir: string): string {
        const src = fs.readFileSync(path.join(__dirname, "apiKeyCache.ts"), "utf8");
        const out = ts.transpileModule(src, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        });
        const file = path.join(outDir, "apiKeyCache.js");
        fs.writeFileSync(file, out.outputText);
        return file;
    }

    interface ChildResult {
        code: number | null;
        stdout: string;
        stderr: string;
    }

    test("8 processes writing 8 stacks at once: all 8 entries survive", async () => {
        const moduleDir = fs.mkdtempSync(path.join(tmp, "mod-"));
        const modulePath = transpileCacheModule(moduleDir);
        const file = path.join(tmp, "shared", "api-keys.json");
        const goFile = path.join(tmp, "go");
        const child = path.join(__dirname, "__fixtures__", "cacheWriterChild.js");
        // The transpiled module lives in a temp dir: resolve proper-lockfile from the provider's node_modules.
        const nodePath = [path.join(__dirname, "..", "..", "node_modules"), path.join(__dirname, "..", "..", "..", "node_modules")].join(
            path.delimiter,
        );
        const stacks = Array.from({ length: 8 }, (_, i) => `stack-${i}`);

        let ready = 0;
        let releaseGo!: () => void;
        const allReady = new Promise<void>(r => (releaseGo = r));
        const runs = stacks.map(
            stack =>
                new Promise<ChildResult>((resolve, reject) => {
                    const p = spawn(
                        process.execPath,
                        [child, modulePath, file, goFile, "123456789012", "us-east-1", stack, `key-of-${stack}-0123456789abcdef`],
                        {
                            env: { ...process.env, NODE_PATH: nodePath },
                            stdio: ["ignore", "pipe", "pipe"],
                        },
                    );
                    let stdout = "";
                    let stderr = "";
                    p.stdout.on("data", d => {
                        const before = stdout;
                        stdout += d;
                        if (!before.includes("ready\n") && stdout.includes("ready\n") && ++ready === stacks.length) releaseGo();
                    });
                    p.stderr.on("data", d => (stderr += d));
                    p.on("error", reject);
                    p.on("exit", code => resolve({ code, stdout, stderr }));
                }),
        );
        await allReady;
        fs.writeFileSync(goFile, "");
        const results = await Promise.all(runs);

        for (const r of results) {
            expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
            expect(JSON.parse(r.stdout.split("\n")[1])).toEqual({ ok: true, warnings: [] });
        }
        const data = readJson(file) as ApiKeyCacheData;
        expect(data["123456789012"]["us-east-1"]).toEqual(Object.fromEntries(stacks.map(s => [s, `key-of-${s}-0123456789abcdef`])));
        expect(fs.readdirSync(path.dirname(file))).toEqual(["api-keys.json"]);
    }, 30_000);
});

describe("damaged cache files are warnings, never failures", () => {
    const key = { account: "1", region: "us-east-1", stackName: "s" };

    test("corrupt JSON: read warns and returns undefined; write backs the file up, then rewrites it", async () => {
        const file = path.join(tmp, "api-keys.json");
        const corrupt = `{"1": {"us-east-1": {"other": "${KEY_B}"`; // truncated
        fs.writeFileSync(file, corrupt);

        expect(await readCachedApiKey(file, key, warn)).toBeUndefined();
        expect(warnings).toEqual([`API key cache ${file} is not valid JSON; ignoring it`]);

        warnings = [];
        expect(await writeCachedApiKey(file, key, KEY_A, warn)).toBe(true);
        expect(readJson(file)).toEqual({ "1": { "us-east-1": { s: KEY_A } } });
        const backups = fs.readdirSync(tmp).filter(f => f.startsWith("api-keys.json.corrupt-"));
        expect(backups).toHaveLength(1);
        expect(fs.readFileSync(path.join(tmp, backups[0]), "utf8")).toBe(corrupt);
        expect(mode(path.join(tmp, backups[0]))).toBe(0o600);
        expect(warnings).toEqual([
            `API key cache ${file} is not valid JSON; ignoring it`,
            `Backed up the damaged API key cache to ${path.join(tmp, backups[0])} before rewriting ${file}`,
        ]);
        // Warnings never quote the file: it holds other stacks' keys.
        expect(warnings.join("\n")).not.toContain(KEY_B);
    });

    test("partly malformed: valid entries are kept, the original is backed up", async () => {
        const file = path.join(tmp, "api-keys.json");
        const original = JSON.stringify({ "1": { "us-east-1": { good: KEY_B, bad: 42 }, "eu-west-1": "nope" }, "2": [] });
        fs.writeFileSync(file, original);

        expect(await readCachedApiKey(file, { ...key, stackName: "good" }, warn)).toBe(KEY_B);
        expect(await writeCachedApiKey(file, key, KEY_A, warn)).toBe(true);
        expect(readJson(file)).toEqual({ "1": { "us-east-1": { good: KEY_B, s: KEY_A } } });
        const backups = fs.readdirSync(tmp).filter(f => f.startsWith("api-keys.json.corrupt-"));
        expect(backups.map(b => fs.readFileSync(path.join(tmp, b), "utf8"))).toEqual([original]);
        expect(warnings.some(w => w.includes("has malformed entries"))).toBe(true);
    });

    test("valid JSON that is not an object is treated as corrupt", async () => {
        const file = path.join(tmp, "api-keys.json");
        fs.writeFileSync(file, "[1,2,3]");
        expect(await readCachedApiKey(file, key, warn)).toBeUndefined();
        expect(warnings).toEqual([`API key cache ${file} does not hold a JSON object; ignoring it`]);
        expect(await writeCachedApiKey(file, key, KEY_A, warn)).toBe(true);
        expect(readJson(file)).toEqual({ "1": { "us-east-1": { s: KEY_A } } });
    });

    test("unreadable (the path is a directory; tests run as root, so chmod 000 would not bite)", async () => {
        const file = path.join(tmp, "api-keys.json");
        fs.mkdirSync(file);
        fs.writeFileSync(path.join(file, "inside"), "keep me");

        expect(await readCachedApiKey(file, key, warn)).toBeUndefined();
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(new RegExp(`^API key cache ${file} is unreadable \\(EISDIR`));

        warnings = [];
        await expect(writeCachedApiKey(file, key, KEY_A, warn)).resolves.toBe(false);
        expect(warnings.join("\n")).toContain(`API key cache ${file} is unreadable, not updating it for stack s`);
        expect(warnings.join("\n")).not.toContain(KEY_A);
        // Nothing destroyed, nothing left behind.
        expect(fs.readFileSync(path.join(file, "inside"), "utf8")).toBe("keep me");
        expect(leftovers(tmp)).toEqual([]);
    });

    test("a directory that cannot be created is a warning", async () => {
        const blocker = path.join(tmp, "blocker");
        fs.writeFileSync(blocker, "a file, not a directory");
        const file = path.join(blocker, "sub", "api-keys.json");
        await expect(writeCachedApiKey(file, key, KEY_A, warn)).resolves.toBe(false);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatch(new RegExp(`^Could not write API key cache ${file} for stack s: (ENOTDIR|EEXIST)`));
        expect(warnings[0]).not.toContain(KEY_A);
    });
});
