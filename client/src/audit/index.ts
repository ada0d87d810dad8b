// The audit of a live API against what was deployed: expectations (from a
// stack's state, or given), the live snapshot (read-only API Gateway calls),
// the comparison and the reports. The provider's RestApiAudit resource uses
// the same functions, so `pulumi refresh` and `secure-api audit` agree.
import { CommandRunner, runCommand } from "../apiKey";
import { compareApi } from "./compare";
import { readLiveApi, ReadOptions } from "./read";
import { expectationsFromState, stateResources } from "./stackState";
import type { ApiAudit, AuditExpectation } from "./types";

export * from "./types";
export { canonicalPolicy, compareApi } from "./compare";
export { describeSecurity, operationsFromDocument, operationsFromResources } from "./operations";
export { apiGatewayArn, EXPORT_PARAMETERS, partitionOf, readLiveApi } from "./read";
export type { ReadOptions } from "./read";
export { renderTable, reportJson } from "./report";
export { expectationsFromState, stateResources, urnName } from "./stackState";
export type { StateResource } from "./stackState";

/** Reads and compares each API, one after another (API Gateway's control plane allows 10 reads/s per account). */
export async function auditApis(expectations: readonly AuditExpectation[], options: ReadOptions = {}): Promise<ApiAudit[]> {
    const audits: ApiAudit[] = [];
    for (const x of expectations) audits.push(compareApi(x, await readLiveApi(x, options)));
    return audits;
}

export interface StackExpectationOptions {
    /** `--stack` for pulumi; the selected stack when absent. */
    stack?: string;
    /** The Pulumi project's directory. */
    cwd?: string;
    /** Only the component with this resource name. */
    component?: string;
    env?: NodeJS.ProcessEnv;
    run?: CommandRunner;
}

/** The expectations of a stack's components, from `pulumi stack export` (no secrets are asked for or needed). */
export async function expectationsFromStack(options: StackExpectationOptions = {}): Promise<AuditExpectation[]> {
    const args = ["stack", "export", ...(options.stack ? ["--stack", options.stack] : [])];
    const which = options.stack ? `stack ${options.stack}` : "the selected stack";
    let result;
    try {
        result = await (options.run ?? runCommand)("pulumi", args, { cwd: options.cwd, env: options.env });
    } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") {
            throw new Error("the pulumi CLI is not on PATH: install it, or audit with --rest-api-id, --stage and --expected");
        }
        throw e;
    }
    if (result.exitCode !== 0) {
        const reason =
            result.stderr
                .split("\n")
                .find(l => l.trim())
                ?.trim() ?? "no message";
        throw new Error(`pulumi stack export of ${which} failed (exit ${result.exitCode}): ${reason}`);
    }
    let exported: unknown;
    try {
        exported = JSON.parse(result.stdout);
    } catch {
        throw new Error(`pulumi stack export of ${which} did not print JSON`);
    }
    const found = expectationsFromState(stateResources(exported), options.component);
    if (found.length === 0) {
        throw new Error(
            options.component
                ? `${which} has no secure API component named ${options.component}`
                : `${which} has no SecureRestApi or IAMSecureRestApi (no component with an openApiDocument and a RestApi)`,
        );
    }
    return found;
}
