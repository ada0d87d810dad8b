// Quotas AWS enforces only when deploying (mocks accept anything), checked at
// construction so `pulumi preview` reports them instead of a half-done `pulumi up`.
//   API Gateway "Resources per API": 300 by default, raisable per API (REST API
//     quotas, https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
//     The root "/" is one of the API's resources (GetResources lists it), so it counts.
//   Tags, on every resource this package tags: at most 50 per resource, keys of
//     1 to 128 characters not starting with "aws:" (reserved for AWS), values up
//     to 256 characters (AWS tagging rules, shared by API Gateway, IAM, Secrets Manager).
import * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "../shared/inputErrors";

export const DEFAULT_API_RESOURCE_QUOTA = 300;

/**
 * Account-wide quotas per account and region that the components' resources count
 * against ("Quotas for configuring and running a REST API in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html).
 * The rest of the account shares them, so a stack can only warn on its own share;
 * `raisable` says whether Service Quotas can raise the default.
 */
export const ACCOUNT_QUOTAS = {
    apiKeys: { what: "API keys", limit: 10_000, raisable: false },
    usagePlans: { what: "usage plans", limit: 300, raisable: true },
    customDomains: { what: "public custom domain names", limit: 120, raisable: true },
    edgeApis: { what: "edge-optimized REST APIs", limit: 120, raisable: false },
    regionalApis: { what: "regional REST APIs", limit: 600, raisable: false },
    privateApis: { what: "private REST APIs", limit: 600, raisable: false },
    clientCertificates: { what: "API Gateway client certificates", limit: 60, raisable: true },
} as const;
export type AccountQuota = keyof typeof ACCOUNT_QUOTAS;

/** The share of an account quota one stack may take before it is warned that the rest of the account decides. */
export const ACCOUNT_QUOTA_WARN_SHARE = 0.5;

/**
 * The warning for a stack whose count of one account quota went from `before` to
 * `after`: when it passes half the default quota, and again when it passes the
 * quota itself; undefined otherwise.
 */
export function accountQuotaWarning(quota: AccountQuota, before: number, after: number, where: string): string | undefined {
    const q = ACCOUNT_QUOTAS[quota];
    const raise = q.raisable
        ? "ask AWS to raise it (Service Quotas) before deploying"
        : "AWS does not raise this quota: spread the stack over accounts or regions";
    if (before <= q.limit && after > q.limit) {
        return `this stack alone creates ${after} ${q.what} in ${where}, more than AWS's default quota of ${q.limit} per account and region: ${raise}`;
    }
    const half = q.limit * ACCOUNT_QUOTA_WARN_SHARE;
    if (before <= half && after > half) {
        return (
            `this stack creates ${after} of the ${q.limit} ${q.what} AWS allows per account and region in ${where}; ` +
            "whether the rest fit depends on what else the account has there (aws apigateway get-* lists them)"
        );
    }
    return undefined;
}
export const TAG_LIMITS = { count: 50, keyLength: 128, valueLength: 256 } as const;

/** Checks the API's resource count (its paths and the root) against the quota declared for it. */
export function checkResourceQuota(pathResources: number, quota: unknown, check: InputChecker): void {
    const limit = quota ?? DEFAULT_API_RESOURCE_QUOTA;
    if (typeof limit !== "number" || !Number.isSafeInteger(limit) || limit < 1) {
        check.fail("apiResourceQuota", limit, "must be a whole number >= 1: the resources per REST API that AWS allows this API");
        return;
    }
    const count = pathResources + 1;
    if (count <= limit) return;
    const whose = limit === DEFAULT_API_RESOURCE_QUOTA ? "AWS's default quota" : "the quota declared";
    check.fail(
        "apiResourceQuota",
        limit,
        `the routes need ${count} API Gateway resources (${pathResources} paths and the root "/"), more than ${whose} of ${limit} per REST API; ` +
            "share path prefixes or use a {proxy+} route, split the API, or have AWS raise the quota for this API (Service Quotas) and declare it here",
    );
}

/** Checks a tags map known at construction; tags that are still outputs are left to AWS. */
export function checkTags(tags: unknown, check: InputChecker): void {
    if (typeof tags !== "object" || tags === null || Array.isArray(tags) || pulumi.Output.isInstance(tags)) return;
    const keys = Object.keys(tags);
    if (keys.length > TAG_LIMITS.count) {
        check.fail("tags", keys, `has ${keys.length} tags; AWS allows at most ${TAG_LIMITS.count} per resource`);
    }
    for (const key of keys) {
        if (key.length === 0 || key.length > TAG_LIMITS.keyLength) {
            check.fail("tags", key, `a tag key must be 1 to ${TAG_LIMITS.keyLength} characters; it has ${key.length}`);
        } else if (/^aws:/i.test(key)) {
            check.fail("tags", key, 'a tag key must not start with "aws:" (reserved for AWS\'s own tags)');
        }
        const value = (tags as Record<string, unknown>)[key];
        if (typeof value === "string" && value.length > TAG_LIMITS.valueLength) {
            check.fail(`tags.${key}`, value, `a tag value must be at most ${TAG_LIMITS.valueLength} characters; it has ${value.length}`);
        }
    }
}
