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
