// Runs checkov (pinned in scripts/tool.sh, installed once) on a component's graph,
// written as a Terraform plan (terraformPlan.ts), and on its OpenAPI document
// (checkov's openapi framework); returns which checks passed and which failed, on what.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { TerraformPlan } from "./terraformPlan";

export interface CheckResult {
    /** The check id, e.g. CKV_AWS_76. */
    id: string;
    /** The Terraform address (aws_api_gateway_stage.api) or the document's part the check judged. */
    resource: string;
    name: string;
}

export interface ScanResult {
    passed: CheckResult[];
    failed: CheckResult[];
}

const ROOT = path.join(__dirname, "..");
let checkovPath: string | undefined;

/** The pinned checkov's executable (installed by scripts/tool.sh on first use). */
export function checkov(): string {
    checkovPath ??= execFileSync("bash", [path.join(ROOT, "scripts", "tool.sh"), "checkov"], { encoding: "utf8" }).trim();
    return checkovPath;
}

type Check = { check_id: string; resource: string; check_name: string; file_path: string };

/** checkov's JSON report of `target` (a file, or with `directory` every file in it), each check with its file. */
function report(
    target: string,
    frameworks: readonly ("terraform_plan" | "openapi")[],
    directory = false,
): { passed: Check[]; failed: Check[] } {
    const r = spawnSync(
        checkov(),
        [
            directory ? "--directory" : "--file",
            target,
            "--framework",
            ...frameworks,
            "--output",
            "json",
            "--compact",
            "--skip-download",
            "--soft-fail",
        ],
        {
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
            // No network: no platform, no version check, no policy download.
            env: { ...process.env, BC_SKIP_MAPPING: "TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false", LOG_LEVEL: "WARNING" },
        },
    );
    if (r.status !== 0) throw new Error(`checkov failed (${r.status}) on ${target}:\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
    const out = JSON.parse(r.stdout);
    // One report per framework; an empty scan is {"passed": 0, ...} with no results.
    const reports = (Array.isArray(out) ? out : [out]).filter(x => x.results);
    const pick = (key: "passed_checks" | "failed_checks") => reports.flatMap(rep => rep.results[key] as Check[]);
    return { passed: pick("passed_checks"), failed: pick("failed_checks") };
}

const asResults = (checks: Check[]): CheckResult[] => checks.map(c => ({ id: c.check_id, resource: c.resource, name: c.check_name }));

function run(file: string, framework: "terraform_plan" | "openapi"): ScanResult {
    const r = report(file, [framework]);
    return { passed: asResults(r.passed), failed: asResults(r.failed) };
}

/** checkov on the plan and on the OpenAPI document (JSON text), together. */
export function scan(plan: TerraformPlan, openApiDocument?: string): ScanResult {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-checkov-"));
    try {
        fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan, null, 2));
        const results = [run(path.join(dir, "plan.json"), "terraform_plan")];
        if (openApiDocument !== undefined) {
            fs.writeFileSync(path.join(dir, "openapi.json"), openApiDocument);
            results.push(run(path.join(dir, "openapi.json"), "openapi"));
        }
        return { passed: results.flatMap(r => r.passed), failed: results.flatMap(r => r.failed) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Check ids, each once, sorted. */
export const ids = (checks: readonly CheckResult[]) => [...new Set(checks.map(c => c.id))].sort();

/**
 * checkov once over many graphs and documents (one process: its start-up is most of a
 * scan's time): each item's plan and document written to a directory of their own files,
 * scanned together, the results told apart by file. Every item must be judged by both
 * frameworks, or the scan fails (a file checkov skipped would pass silently).
 */
export function scanAll(items: readonly { id: string; plan: TerraformPlan; openApiDocument?: string }[]): Map<string, ScanResult> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-checkov-"));
    const fileOf = new Map<string, { id: string; kind: "plan" | "openapi" }>();
    try {
        items.forEach((item, i) => {
            const base = `${String(i).padStart(3, "0")}-${item.id.replace(/[^A-Za-z0-9]+/g, "-")}`;
            fs.writeFileSync(path.join(dir, `${base}.plan.json`), JSON.stringify(item.plan, null, 2));
            fileOf.set(`/${base}.plan.json`, { id: item.id, kind: "plan" });
            if (item.openApiDocument !== undefined) {
                fs.writeFileSync(path.join(dir, `${base}.openapi.json`), item.openApiDocument);
                fileOf.set(`/${base}.openapi.json`, { id: item.id, kind: "openapi" });
            }
        });
        const r = report(dir, ["terraform_plan", "openapi"], true);
        const out = new Map(items.map(item => [item.id, { passed: [] as CheckResult[], failed: [] as CheckResult[] }]));
        const seen = new Set<string>();
        for (const [key, checks] of [
            ["passed", r.passed],
            ["failed", r.failed],
        ] as const) {
            for (const c of checks) {
                const file = fileOf.get(c.file_path);
                if (!file) throw new Error(`checkov reported a file it was not given: ${c.file_path}`);
                seen.add(c.file_path);
                out.get(file.id)![key].push(...asResults([c]));
            }
        }
        const unjudged = [...fileOf.keys()].filter(f => !seen.has(f));
        if (unjudged.length) throw new Error(`checkov judged nothing in ${unjudged.join(", ")}`);
        return out;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}
