// The release set-up: one version everywhere (scripts/version.js) and the
// release workflow (.github/workflows/release.yml), which cannot run here:
// it is checked with actionlint (scripts/tool.sh builds it once from the Go module proxy) and against
// the repository (make targets, scripts, the plugin platforms dist.sh names).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOW = path.join(ROOT, ".github", "workflows", "release.yml");
const version = require(path.join(ROOT, "scripts", "version.js")) as {
    schemaVersion(): string;
    disagreements(v: string): { file: string; found: string }[];
};

interface Step {
    id?: string;
    name?: string;
    run?: string;
    uses?: string;
    if?: string;
    with?: Record<string, unknown>;
}
interface Job {
    needs?: string | string[];
    steps: Step[];
    strategy?: { matrix: { include: { platform: string; runner: string; everything: boolean }[] } };
    permissions?: Record<string, string>;
}
const workflow = YAML.parse(fs.readFileSync(WORKFLOW, "utf8")) as { on: { push: { tags: string[] } }; jobs: Record<string, Job> };
const runs = Object.values(workflow.jobs)
    .flatMap(j => j.steps.map(s => s.run ?? ""))
    .join("\n");

test("every package carries schema.yaml's version (the plugin, the SDKs, the clients)", () => {
    expect(version.schemaVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.disagreements(version.schemaVersion())).toEqual([]);
});

test("scripts/version.js --check names a package whose version differs", () => {
    expect(version.disagreements("9.9.9").map(d => d.file)).toEqual(
        expect.arrayContaining([
            "provider/package.json",
            "client/package.json",
            "client-python/pyproject.toml",
            "sdk/nodejs/package.json",
            "sdk/python/pyproject.toml",
        ]),
    );
});

test("the workflow runs on v* tags and publishes after the clean room passes", () => {
    expect(workflow.on.push.tags).toEqual(["v*"]);
    expect(workflow.jobs.publish.needs).toEqual(expect.arrayContaining(["plugin", "clean-room"]));
    const publish = workflow.jobs.publish.steps;
    expect(publish.some(s => /gh release create/.test(s.run ?? ""))).toBe(true);
    expect(publish.some(s => /npm publish/.test(s.run ?? ""))).toBe(true);
    expect(publish.some(s => (s.uses ?? "").startsWith("pypa/gh-action-pypi-publish"))).toBe(true);
});

test("the plugin matrix builds every platform on a runner of that platform; linux-amd64 builds every artifact", () => {
    const include = workflow.jobs.plugin.strategy!.matrix.include;
    expect(include.map(p => p.platform).sort()).toEqual(["darwin-amd64", "darwin-arm64", "linux-amd64", "linux-arm64", "windows-amd64"]);
    expect(include.filter(p => p.everything).map(p => p.platform)).toEqual(["linux-amd64"]);
    const runnerOs = (r: string) => (r.startsWith("ubuntu") ? "linux" : r.startsWith("macos") ? "darwin" : "windows");
    const runnerArch = (r: string) => (/-arm$|^macos-14$/.test(r) ? "arm64" : "amd64");
    for (const p of include) expect(`${runnerOs(p.runner)}-${runnerArch(p.runner)}`).toBe(p.platform);
});

test("the make targets and scripts the workflow runs exist", () => {
    const makefile = fs.readFileSync(path.join(ROOT, "Makefile"), "utf8");
    const targets = [...runs.matchAll(/\bmake ([a-z-]+)/g)].map(m => m[1]);
    expect(targets).toContain("dist");
    for (const t of targets) expect(makefile).toMatch(new RegExp(`^${t}:`, "m"));
    const scripts = [...runs.matchAll(/\bscripts\/[\w.-]+/g)].map(m => m[0]);
    expect(scripts).toEqual(expect.arrayContaining(["scripts/dist.sh", "scripts/version.js", "scripts/clean-room.sh"]));
    for (const s of scripts) expect(fs.existsSync(path.join(ROOT, s))).toBe(true);
    // `bash scripts/dist.sh plugin` is an argument dist.sh accepts.
    expect(fs.readFileSync(path.join(ROOT, "scripts", "dist.sh"), "utf8")).toMatch(/all\|plugin\)/);
});

describe("the Node.js the plugin executable embeds (scripts/node-lts.js, scripts/tool.sh's pin)", () => {
    const lts = require(path.join(ROOT, "scripts", "node-lts.js")) as {
        SCHEDULE: Record<string, { lts: string; end: string }>;
        unsupported(version: string, date?: Date): string | undefined;
    };
    const pinned = spawnSync("bash", [path.join(ROOT, "scripts", "tool.sh"), "--version", "node"], { encoding: "utf8" }).stdout.trim();

    test("the pinned version is an LTS within its support today; 20 (ended 2026-04-30), odd and pre-LTS lines are refused", () => {
        expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
        expect(lts.unsupported(`v${pinned}`)).toBeUndefined();
        expect(lts.unsupported("v20.20.2", new Date("2026-12-06"))).toBe(
            "Node.js v20.20.2 reached its end of life on 2026-04-30: no security fixes since",
        );
        expect(lts.unsupported("v20.20.2", new Date("2026-04-29"))).toBeUndefined();
        expect(lts.unsupported("v25.1.0")).toMatch(/not a long-term-support line/);
        expect(lts.unsupported("v24.1.0", new Date("2025-06-01"))).toBe(
            "Node.js v24.1.0 is not an LTS release yet (its line becomes LTS on 2025-10-28)",
        );
    });

    test("make dist refuses to build the plugin from a runtime past its end of life, before building anything", () => {
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "eol-node-"));
        const fake = path.join(dir, "node");
        fs.writeFileSync(fake, "#!/bin/sh\necho v20.20.2\n", { mode: 0o755 });
        const r = spawnSync(process.execPath, [path.join(ROOT, "scripts", "plugin-binary.js"), path.join(dir, "out")], {
            encoding: "utf8",
            env: { ...process.env, SECURE_API_NODE: fake },
        });
        fs.rmSync(dir, { recursive: true, force: true });
        expect(r.status).toBe(1);
        expect(r.stderr).toContain("Node.js v20.20.2 reached its end of life on 2026-04-30");
        expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
    });

    test("the release workflow builds every platform's plugin on exactly the pinned version", () => {
        for (const job of [workflow.jobs.plugin, workflow.jobs["clean-room"], workflow.jobs.publish]) {
            const pin = job.steps.find(s => s.id === "node");
            expect(pin?.run).toContain("bash scripts/tool.sh --version node");
            const setup = job.steps.find(s => (s.uses ?? "").startsWith("actions/setup-node"));
            expect(setup?.with?.["node-version"]).toBe("${{ steps.node.outputs.version }}");
        }
        expect(workflow.jobs.plugin.steps.some(s => /SECURE_API_NODE=\$\(node -p process\.execPath\)/.test(s.run ?? ""))).toBe(true);
    });

    test("every package states the same supported Node.js versions (engines)", () => {
        const engines = ["package.json", "provider/package.json", "client/package.json", "sdk/nodejs/package.json"].map(f => [
            f,
            JSON.parse(fs.readFileSync(path.join(ROOT, f), "utf8")).engines?.node,
        ]);
        expect(engines).toEqual(engines.map(([f]) => [f, ">=20"]));
    });
});

test("actionlint finds no problem in the release workflow", () => {
    // Installed once by scripts/tool.sh (make test does it before the suites); only actionlint's own output is compared.
    const tool = spawnSync("bash", [path.join(ROOT, "scripts", "tool.sh"), "actionlint"], { encoding: "utf8", timeout: 600_000 });
    expect(tool.status).toBe(0);
    const actionlint = tool.stdout.trim();
    const r = spawnSync(actionlint, ["-no-color", WORKFLOW], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
}, 600_000);
