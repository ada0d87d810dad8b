// API Gateway mapping templates rendered by a real Velocity engine (the one
// LocalStack's API Gateway runs, driven directly: test-support/vtl/render.py
// says how and where it follows API Gateway's documentation instead). One
// Python process renders every case of a call.
import { spawnSync } from "child_process";
import * as path from "path";
import { localstackPython } from "./localstack";

export interface VtlCase {
    readonly template: string;
    readonly kind?: "request" | "response";
    /** "aws": $util.escapeJavaScript as API Gateway's (the default); "localstack": LocalStack's own. */
    readonly util?: "aws" | "localstack";
    /** The raw payload ($input.body, $input.path, $input.json). */
    readonly body?: string;
    readonly path?: Record<string, string>;
    readonly querystring?: Record<string, string>;
    readonly header?: Record<string, string>;
    /** $context, e.g. { identity: { sourceIp }, authorizer: { ... }, httpMethod }. */
    readonly context?: Record<string, unknown>;
}

export type VtlResult = { readonly output: string; readonly status: number | null } | { readonly error: string };

export function renderVtl(cases: readonly VtlCase[]): VtlResult[] {
    const r = spawnSync(localstackPython(), [path.join(__dirname, "vtl", "render.py")], {
        input: JSON.stringify(cases),
        encoding: "utf8",
        timeout: 120_000,
        maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`test-support/vtl/render.py failed (${r.status}):\n${r.stderr}`);
    return JSON.parse(r.stdout);
}

/** The output of a result that rendered, else a test failure naming the engine's error. */
export function outputOf(result: VtlResult): string {
    if ("error" in result) throw new Error(`the template did not render: ${result.error}`);
    return result.output;
}
