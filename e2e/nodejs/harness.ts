// Harness of the real-engine suite (TypeScript): Automation API inline
// programs against the real `pulumi` CLI and a file backend, in the
// environment scripts/e2e.sh prepares (PULUMI_HOME with the stand-in aws
// plugin, our plugin on PATH, moto behind AWS_ENDPOINT_URL).
//
// Pulumi, the SDK and the Automation API are all loaded through one require
// rooted at sdk/nodejs, so the inline program, the SDK and the Automation API
// share one @pulumi/pulumi instance (its runtime state).
import { spawnSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";
import type * as automation from "@pulumi/pulumi/automation";
import type * as pulumiModule from "@pulumi/pulumi";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";

export const ROOT = path.join(__dirname, "..", "..");
export const nodeRequire = createRequire(path.join(ROOT, "sdk", "nodejs", "package.json"));
export const auto = nodeRequire("@pulumi/pulumi/automation") as typeof automation;
export const pulumi = nodeRequire("@pulumi/pulumi") as typeof pulumiModule;
export const aws = nodeRequire("@pulumi/aws") as typeof import("@pulumi/aws");
export const secureApi = nodeRequire(path.join(ROOT, "sdk", "nodejs", "bin")) as typeof import("../../sdk/nodejs");

export function requireEnv(name: string): string {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set: run this suite through scripts/e2e.sh`);
    return v;
}

export interface TestStack {
    readonly stack: automation.Stack;
    readonly dir: string;
    readonly stateDir: string;
    readonly cacheFile: string;
    readonly project: string;
    /** Runs the real CLI in the stack's project directory (stdout, stderr, status). */
    cli(...args: string[]): { stdout: string; stderr: string; status: number | null };
}

let counter = 0;

/** A fresh project and stack on its own file backend, with its own key cache. */
export async function newStack(name: string, program: automation.PulumiFn): Promise<TestStack> {
    const dir = path.join(requireEnv("E2E_WORK"), `${name}-${++counter}`);
    const stateDir = path.join(dir, "state");
    fs.mkdirSync(stateDir, { recursive: true });
    const project = `e2e-${name}`;
    const cacheFile = path.join(dir, "api-keys.json");
    const envVars = {
        // Isolated per test: the default cache would carry keys between fresh stacks.
        PULUMI_SECURE_API_CACHE: cacheFile,
        PULUMI_BACKEND_URL: `file://${stateDir}`,
    };
    const ws = await auto.LocalWorkspace.create({
        workDir: dir,
        program,
        envVars,
        projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
        pulumiCommand: await auto.PulumiCommand.get({ root: path.dirname(path.dirname(requireEnv("PULUMI_CLI"))), skipVersionCheck: true }),
    });
    const stack = await auto.Stack.create("dev", ws);
    return {
        stack,
        dir,
        stateDir,
        cacheFile,
        project,
        cli: (...args: string[]) => {
            const r = spawnSync(requireEnv("PULUMI_CLI"), [...args, "--stack", "dev", "--non-interactive"], {
                cwd: dir,
                env: { ...process.env, ...envVars },
                encoding: "utf8",
            });
            return { stdout: r.stdout, stderr: r.stderr, status: r.status };
        },
    };
}

/**
 * Evaluates a compiled CommonJS program afresh (an inline program runs once
 * per operation), its own imports resolved through the shared module
 * instances. (Under Jest, require.cache is Jest's, so deleting from it would
 * not re-run the module.)
 */
export function evaluateFresh(file: string): Record<string, unknown> {
    const module = { exports: {} as Record<string, unknown> };
    const run = new Function("exports", "require", "module", "__filename", "__dirname", fs.readFileSync(file, "utf8"));
    run(module.exports, createRequire(file), module, file, path.dirname(file));
    return module.exports;
}

/** The stack's state as the file backend stores it on disk (raw text). */
export function rawStateText(s: TestStack): string {
    const file = path.join(s.stateDir, ".pulumi", "stacks", s.project, "dev.json");
    return fs.readFileSync(file, "utf8");
}

export interface StateResource {
    urn: string;
    type: string;
    parent?: string;
    outputs?: Record<string, unknown>;
    inputs?: Record<string, unknown>;
    sourcePosition?: string;
    stackTrace?: { sourcePosition?: string }[];
}

/** The deployment's resources, secrets decrypted (`pulumi stack export --show-secrets`). */
export function exportWithSecrets(s: TestStack): StateResource[] {
    const r = s.cli("stack", "export", "--show-secrets");
    if (r.status !== 0) throw new Error(`stack export failed: ${r.stderr}`);
    return JSON.parse(r.stdout).deployment.resources ?? [];
}

export async function ssmParameter(name: string): Promise<string | undefined> {
    const ssm = new SSMClient({ region: requireEnv("AWS_REGION") });
    try {
        const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
        return out.Parameter?.Value;
    } catch (e) {
        if ((e as { name?: string }).name === "ParameterNotFound") return undefined;
        throw e;
    } finally {
        ssm.destroy();
    }
}

/** Each resource's step op in an operation, by URN (from the engine's event stream). */
export type Steps = Map<string, string>;

export function stepRecorder(): { steps: Steps; onEvent: (e: automation.EngineEvent) => void } {
    const steps: Steps = new Map();
    return {
        steps,
        onEvent: e => {
            const meta = e.resOutputsEvent?.metadata ?? e.resourcePreEvent?.metadata;
            if (meta) steps.set(meta.urn, meta.op);
        },
    };
}

/** URNs whose step was not "same" (nor a read/refresh). */
export function changed(steps: Steps): [string, string][] {
    return [...steps].filter(([, op]) => op !== "same" && op !== "read" && op !== "refresh");
}

/** A small Lambda function as the examples declare it (the stand-in provider does not run it). */
export function lambda(name: string): import("@pulumi/aws").lambda.Function {
    const role = new aws.iam.Role(`${name}-role`, {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    return new aws.lambda.Function(name, {
        role: role.arn,
        runtime: "nodejs20.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });"),
        }),
    });
}
