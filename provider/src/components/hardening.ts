// hardening: ONE input that turns on every control of the scanners' (checkov's
// API Gateway, WAF, CloudWatch Logs, IAM and Secrets Manager checks; Security Hub's
// APIGateway.1-5, 8, 9) that the component offers. It only fills in inputs the
// program left out: whatever is given on its own wins, field by field. It takes the
// shared inputs only (and, for IAMSecureRestApi, createUser), so any component on the
// shared route model can take it. docs/security.md lists each control, its cost and
// why it is or is not on by default.
import type { InputChecker } from "../shared/inputErrors";
import type { AccessLogsInputs, ExecutionLogsInputs, Hardening, ManagedWafInputs, WafLoggingInputs } from "../shared/schema-types";
import { HardeningValues } from "../shared/schema-types";

/** CloudWatch Logs retention under the preset: a year (checkov CKV_AWS_338). */
export const HARDENED_RETENTION_DAYS = 365;

/** The managed WAF's rule groups per preset (edge/waf.ts): strict adds the anonymous IP list (CKV2_AWS_77). */
export const HARDENED_WAF_RULES: Readonly<Record<Hardening, readonly string[]>> = {
    recommended: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
    strict: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAnonymousIpList"],
};

export interface HardenableInputs {
    hardening?: Hardening;
    accessLogs?: AccessLogsInputs;
    executionLogs?: ExecutionLogsInputs;
    cloudWatchRole?: boolean;
    waf?: ManagedWafInputs;
    webAclArn?: unknown;
    clientCertificate?: boolean;
    /** IAMSecureRestApi's. */
    createUser?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * `args` with the preset's value for every input left out. An input of the wrong shape
 * is kept as given, for its own check to report. `iam`: the component is IAMSecureRestApi,
 * which the preset moves to the role-only shape (no IAM user, no long-lived key).
 */
export function hardenedArgs<T extends HardenableInputs>(args: T, iam: boolean): T {
    const preset = args?.hardening;
    if (!(HardeningValues as readonly unknown[]).includes(preset)) return args;
    const level = preset as Hardening;
    const out: HardenableInputs = { ...args };
    out.accessLogs = withHardenedRetention(args.accessLogs);
    const logs = args.executionLogs;
    if (logs === undefined || isObject(logs)) out.executionLogs = { level: "ERROR", metrics: true, tracing: true, ...(logs ?? {}) };
    if (args.webAclArn === undefined) {
        const waf = args.waf;
        if (waf === undefined || isObject(waf)) {
            const logging = waf?.logging;
            out.waf = {
                managedRules: [...HARDENED_WAF_RULES[level]],
                ...(waf ?? {}),
                logging: withHardenedRetention(logging as WafLoggingInputs | undefined),
            };
        }
    }
    out.clientCertificate = args.clientCertificate ?? true;
    if (iam) out.createUser = args.createUser ?? false;
    return out as T;
}

/** Logs the preset turns on, kept a year: given settings win; logs sent to a destination of the user's are theirs to keep. */
function withHardenedRetention<L extends { destinationArn?: unknown; retentionInDays?: unknown }>(given: L | undefined): L {
    if (given === undefined) return { retentionInDays: HARDENED_RETENTION_DAYS } as L;
    return isObject(given) && given.destinationArn === undefined ? { retentionInDays: HARDENED_RETENTION_DAYS, ...given } : given;
}

/**
 * The preset's value, and what it needs: the logs it turns on are refused by API Gateway
 * unless the account's CloudWatch role is set for the region, an account-wide setting the
 * component changes only when told (cloudWatchRole). So with the preset, cloudWatchRole must
 * be said either way: true sets it, false says it is set already. A `pulumi up` then never
 * fails on it in an account whose owner answered truthfully.
 */
export function checkHardening(args: HardenableInputs, check: InputChecker): void {
    const preset = args.hardening;
    if (preset === undefined) return;
    if (!(HardeningValues as readonly unknown[]).includes(preset)) {
        check.fail("hardening", preset, `must be one of ${HardeningValues.join(", ")}`);
        return;
    }
    if (args.cloudWatchRole === undefined) {
        check.fail(
            "cloudWatchRole",
            undefined,
            `must be given with hardening "${preset}": its access and execution logs need the account's API Gateway CloudWatch role ` +
                "in this region (API Gateway refuses the stage otherwise); true: let this component set it (account-wide), " +
                "false: it is set already (aws apigateway get-account shows cloudwatchRoleArn)",
        );
    }
}
