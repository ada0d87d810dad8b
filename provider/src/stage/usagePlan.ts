// The usage plan both components put on their stage: request throttling and a
// quota, with the reference library's defaults. SecureRestApi also attaches
// its API key to it (secureRestApi.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputChecker } from "../shared/inputErrors";
import { fitName, NAME_LIMITS } from "../shared/names";
import type { QuotaInputs, QuotaPeriod, ThrottleInputs } from "../shared/schema-types";
import { QuotaPeriodValues } from "../shared/schema-types";

export interface UsageLimits {
    readonly throttle: { readonly burstLimit: number; readonly rateLimit: number };
    readonly quota: { readonly limit: number; readonly period: QuotaPeriod; readonly offset: number };
}

export const DEFAULT_THROTTLE = { burstLimit: 500, rateLimit: 1000 } as const;
export const DEFAULT_QUOTA = { limit: 10_000_000, period: "MONTH", offset: 0 } as const;

const isWhole = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n);

/** Fills in defaults and reports out-of-range values (API Gateway would reject them at deploy time). */
/** `prefix` names where the inputs sit in error messages, e.g. "clients[0]." for a client's own plan. */
export function usageLimits(
    throttle: ThrottleInputs | undefined,
    quota: QuotaInputs | undefined,
    check: InputChecker,
    prefix = "",
): UsageLimits {
    const t = { ...DEFAULT_THROTTLE, ...stripUndefined(throttle) };
    const q = { ...DEFAULT_QUOTA, ...stripUndefined(quota) };
    checkThrottle(t, `${prefix}throttle`, check);
    if (!isWhole(q.limit) || q.limit < 1) check.fail(`${prefix}quota.limit`, q.limit, "must be a whole number >= 1");
    if (!(QuotaPeriodValues as readonly unknown[]).includes(q.period)) {
        check.fail(`${prefix}quota.period`, q.period, `must be one of ${QuotaPeriodValues.join(", ")}`);
    }
    if (!isWhole(q.offset) || q.offset < 0 || (isWhole(q.limit) && q.limit >= 1 && q.offset >= q.limit)) {
        check.fail(`${prefix}quota.offset`, q.offset, "must be a whole number >= 0 and below quota.limit");
    }
    return { throttle: t, quota: q as UsageLimits["quota"] };
}

/** Reports a throttle's bad parts as `{field}.burstLimit` / `{field}.rateLimit`; true when both are fine. */
export function checkThrottle(t: { burstLimit?: unknown; rateLimit?: unknown }, field: string, check: InputChecker): boolean {
    let ok = true;
    if (!isWhole(t.burstLimit) || t.burstLimit < 0) {
        check.fail(`${field}.burstLimit`, t.burstLimit, "must be a whole number >= 0");
        ok = false;
    }
    if (typeof t.rateLimit !== "number" || !Number.isFinite(t.rateLimit) || t.rateLimit < 0) {
        check.fail(`${field}.rateLimit`, t.rateLimit, "must be a finite number >= 0 (requests per second)");
        ok = false;
    }
    return ok;
}

function stripUndefined<T extends object>(o: T | undefined): Partial<T> {
    if (o === undefined || o === null) return {};
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export interface UsagePlanArgs {
    readonly stackName: string;
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly limits: UsageLimits;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** The usage plan `{stackName}-usage-plan` on the stage; created after the stage exists. */
export function createUsagePlan(name: string, args: UsagePlanArgs, parent: pulumi.Resource): aws.apigateway.UsagePlan {
    return new aws.apigateway.UsagePlan(
        name,
        {
            name: fitName(`${args.stackName}-usage-plan`, NAME_LIMITS.apiGatewayName),
            apiStages: [{ apiId: args.restApi.id, stage: args.stage.stageName }],
            throttleSettings: { burstLimit: args.limits.throttle.burstLimit, rateLimit: args.limits.throttle.rateLimit },
            quotaSettings: { limit: args.limits.quota.limit, period: args.limits.quota.period, offset: args.limits.quota.offset },
            region: args.region,
            tags: args.tags,
        },
        { parent, dependsOn: [args.stage] },
    );
}
