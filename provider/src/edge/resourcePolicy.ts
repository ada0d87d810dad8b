// The API's resource policy: who may call it at the network level, before any
// key or signature is looked at. It has up to three parts:
//   - the Allow the component's auth needs. A method with authorization NONE
//     (SecureRestApi's API-key methods, every CORS preflight) is evaluated by
//     the "resource policy only" flow: once a policy exists, only an explicit
//     Allow lets a call through. AWS_IAM methods of the API's own account are
//     allowed by the caller's IAM policy, so IAMSecureRestApi's public API
//     allows only its preflights here, never every principal ("How API Gateway
//     resource policies affect authorization workflow", API Gateway developer guide).
//     A PRIVATE API allows only its VPC endpoints (aws:SourceVpce), as before.
//   - allowedSourceIps: a Deny for every other address (NotIpAddress);
//   - deniedSourceIps: a Deny for these addresses (IpAddress);
//   - invokers (IAMSecureRestApi, invokers.ts): an Allow for those IAM principals
//     on the deployed stage only (execute-api:/{stage}/*/*), which callers of
//     another account need in addition to their own IAM policy; and for each
//     of invokerGrants an Allow on its routes only
//     (execute-api:/{stage}/{METHOD}/{path}, routeGrants.ts).
// The address key is aws:SourceIp, or aws:VpcSourceIp on a PRIVATE API, whose
// calls arrive through a VPC endpoint ("Example: Deny API traffic based on
// source IP address or range when using a private API", resource policy examples).
// API Gateway rejects a resource policy over 8,192 characters ("Length, in
// characters, of API Gateway resource policy", REST API quotas), so its length
// is checked before the RestApi is created: at construction when the VPC
// endpoint ids are plain, else when they resolve. API Gateway applies a policy
// only on deployment, so the deployment's trigger includes it (restApi.ts).
import { isIP } from "net";
import * as pulumi from "@pulumi/pulumi";
import { lateCheck } from "../shared/lateChecks";
import { InputChecker, InputError } from "../shared/inputErrors";
import type { DocumentShare } from "../shared/openApiShare";
import type { InvokerGrant } from "./invokers";

export const API_POLICY_MAX_CHARS = 8192;

/** What the policy must allow for the component's own methods to be callable (see above). */
export type PolicyAllow = "all" | "preflight" | "none";

export interface ResourcePolicyInputs {
    readonly allow: PolicyAllow;
    /** Set for a PRIVATE API (the only calls allowed are through these endpoints). */
    readonly vpcEndpointIds?: pulumi.Input<pulumi.Input<string>[]>;
    readonly allowedSourceIps?: readonly string[];
    readonly deniedSourceIps?: readonly string[];
    /** IAM principals allowed to invoke `stageName` (invokers.ts). */
    readonly invokers?: { readonly principals: readonly string[]; readonly stageName: string; readonly grants?: readonly InvokerGrant[] };
    /** Deny statements of the user's OpenAPI definition (definitionSecurity.ts): they only narrow. */
    readonly denies?: readonly Record<string, unknown>[];
    /** The definition's publicOperations (execute-api:/*\/{METHOD}/{path}): with authorization NONE, they need an Allow once a policy exists. */
    readonly publicResources?: readonly string[];
}

const INVOKE = { Principal: "*", Action: "execute-api:Invoke" } as const;
const EVERYTHING = "execute-api:/*";
/** Every stage's OPTIONS on every path; "*" also matches the root's empty path. */
const PREFLIGHTS = "execute-api:/*/OPTIONS/*";

/** The policy document, or undefined when the API needs none (a public API without IP rules). */
export function resourcePolicyDocument(
    p: Omit<ResourcePolicyInputs, "vpcEndpointIds"> & { vpcEndpointIds?: readonly string[] },
): string | undefined {
    const privateApi = p.vpcEndpointIds !== undefined;
    const ipKey = privateApi ? "aws:VpcSourceIp" : "aws:SourceIp";
    const statements: object[] = [];
    const denies = p.denies ?? [];
    const open = p.publicResources ?? [];
    const invokers = !!(p.invokers?.principals.length || p.invokers?.grants?.length);
    if (privateApi) {
        statements.push({
            Effect: "Allow",
            ...INVOKE,
            Resource: EVERYTHING,
            Condition: { StringEquals: { "aws:SourceVpce": p.vpcEndpointIds } },
        });
    } else if (p.allowedSourceIps?.length || p.deniedSourceIps?.length || denies.length || invokers) {
        // A policy exists (IP rules, the definition's Denies, or the invokers' Allows): a method with authorization
        // NONE (API-key methods, CORS preflights, public operations) then passes only with an explicit Allow.
        if (p.allow === "all") statements.push({ Effect: "Allow", ...INVOKE, Resource: EVERYTHING });
        else if (p.allow === "preflight" || open.length) {
            const resources = [...(p.allow === "preflight" ? [PREFLIGHTS] : []), ...open];
            statements.push({ Effect: "Allow", ...INVOKE, Resource: resources.length === 1 ? resources[0] : resources });
        }
    }
    if (p.invokers?.principals.length) {
        statements.push({
            Effect: "Allow",
            Principal: { AWS: p.invokers.principals },
            Action: INVOKE.Action,
            Resource: `execute-api:/${p.invokers.stageName}/*/*`,
        });
    }
    for (const g of p.invokers?.grants ?? []) {
        statements.push({
            Effect: "Allow",
            Principal: { AWS: g.principal },
            Action: INVOKE.Action,
            Resource: g.routes.map(r => `execute-api:/${p.invokers!.stageName}/${r.resource}`),
        });
    }
    if (p.allowedSourceIps?.length) {
        statements.push({ Effect: "Deny", ...INVOKE, Resource: EVERYTHING, Condition: { NotIpAddress: { [ipKey]: p.allowedSourceIps } } });
    }
    if (p.deniedSourceIps?.length) {
        statements.push({ Effect: "Deny", ...INVOKE, Resource: EVERYTHING, Condition: { IpAddress: { [ipKey]: p.deniedSourceIps } } });
    }
    statements.push(...denies);
    return statements.length === 0 ? undefined : JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The PRIVATE API's policy alone: only the given VPC endpoints may call it. */
export function privateApiPolicyDocument(vpcEndpointIds: readonly string[]): string {
    return resourcePolicyDocument({ allow: "all", vpcEndpointIds })!;
}

/** The field a too-long policy is reported on, and why. */
function lengthProblem(
    policy: string,
    ids: readonly string[] | undefined,
    p: ResourcePolicyInputs,
): { field: string; value: unknown; reason: string } | undefined {
    if (policy.length <= API_POLICY_MAX_CHARS) return undefined;
    const allowed = p.allowedSourceIps?.length ?? 0;
    const denied = p.deniedSourceIps?.length ?? 0;
    const ranges = allowed + denied > 0 ? `${allowed} allowed and ${denied} denied source IP ranges` : "";
    const limit = `more than API Gateway's limit of ${API_POLICY_MAX_CHARS}`;
    if (p.denies?.length && allowed + denied === 0 && !p.invokers?.principals.length && !p.invokers?.grants?.length && ids === undefined) {
        return {
            field: "openApiDefinition.x-amazon-apigateway-policy",
            value: `${p.denies.length} statements`,
            reason: `the API's resource policy would be ${policy.length} characters with the definition's Deny statements, ${limit}`,
        };
    }
    if (ids !== undefined) {
        return {
            field: "vpcEndpointIds",
            value: ids,
            reason: `the PRIVATE API's resource policy would be ${policy.length} characters with ${ids.length} VPC endpoints${ranges ? ` and ${ranges}` : ""}, ${limit}`,
        };
    }
    if (allowed + denied === 0) {
        const principals = p.invokers?.principals ?? [];
        const grants = p.invokers?.grants ?? [];
        if (grants.length > 0) {
            const routes = grants.reduce((n, g) => n + g.routes.length, 0);
            return {
                field: "invokerGrants",
                value: `${grants.length} grants`,
                reason:
                    `the API's resource policy would be ${policy.length} characters with ${grants.length} invoker grants of ${routes} routes` +
                    `${principals.length ? ` and ${principals.length} invokers` : ""}, ${limit}; grant whole accounts, ANY or fewer routes, or move callers of the API's own account to roles with the component's policy`,
            };
        }
        return {
            field: "invokers",
            value: principals,
            reason: `the API's resource policy would be ${policy.length} characters with ${principals.length} invokers, ${limit}; allow whole accounts instead of single roles`,
        };
    }
    const field = allowed > 0 ? "allowedSourceIps" : "deniedSourceIps";
    return {
        field,
        value: allowed > 0 ? p.allowedSourceIps : p.deniedSourceIps,
        reason: `the API's resource policy would be ${policy.length} characters with ${ranges}, ${limit}; use wider CIDR ranges or a WAF IP set`,
    };
}

/**
 * The API's policy (undefined when it needs none), length-checked now when
 * everything is plain, else when the VPC endpoint ids resolve (the RestApi is then never created).
 */
export function apiResourcePolicy(p: ResourcePolicyInputs, check: InputChecker): pulumi.Input<string> | undefined {
    const ids = p.vpcEndpointIds;
    if (ids === undefined || (Array.isArray(ids) && ids.every(id => typeof id === "string"))) {
        const plain = ids as string[] | undefined;
        const policy = resourcePolicyDocument({ ...p, vpcEndpointIds: plain });
        const problem = policy === undefined ? undefined : lengthProblem(policy, plain, p);
        if (problem) check.fail(problem.field, problem.value, problem.reason);
        return policy;
    }
    const label = check.component;
    return lateCheck(
        label,
        pulumi.output(ids).apply(resolved => {
            const policy = resourcePolicyDocument({ ...p, vpcEndpointIds: resolved })!;
            const problem = lengthProblem(policy, resolved, p);
            if (problem) throw new InputError(label, problem.field, problem.value, problem.reason);
            return policy;
        }),
    );
}

/** The resource policy's share of the API's document (x-amazon-apigateway-policy): the RestApi's policy, as API Gateway keeps it across an overwrite. */
export function policyShare(policy: string | undefined): DocumentShare | undefined {
    return policy === undefined ? undefined : { from: "resource policy", extensions: { "x-amazon-apigateway-policy": JSON.parse(policy) } };
}

/**
 * Checks a list of source addresses: IPv4 or IPv6, optionally with a prefix
 * length (0-32 / 0-128), without host bits set past the prefix (IAM's
 * IpAddress condition takes such a range as written, which is rarely what was meant).
 */
export function checkSourceIps(field: string, value: unknown, check: InputChecker): readonly string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) {
        check.fail(field, value, 'must be a list of IP addresses or CIDR ranges, e.g. ["203.0.113.0/24", "2001:db8::/32"]');
        return undefined;
    }
    if (value.length === 0) {
        check.fail(
            field,
            value,
            field === "allowedSourceIps"
                ? "an empty list would deny every caller; leave allowedSourceIps out to allow any address"
                : "is empty; leave deniedSourceIps out to deny no address",
        );
        return undefined;
    }
    value.forEach((cidr, i) => {
        const reason = cidrProblem(cidr);
        if (reason) check.fail(`${field}[${i}]`, cidr, reason);
    });
    return value as string[];
}

/** Why `cidr` is not an IPv4/IPv6 address or CIDR range, or undefined. */
export function cidrProblem(cidr: unknown): string | undefined {
    if (typeof cidr !== "string") return "must be a string: an IP address or CIDR range";
    const [address, prefix, ...rest] = cidr.split("/");
    const version = isIP(address) as 0 | 4 | 6;
    if (version === 0 || rest.length > 0 || address.includes("%")) {
        return "is not an IPv4 or IPv6 address or CIDR range (e.g. 203.0.113.0/24, 2001:db8::/32)";
    }
    const bits = version === 4 ? 32 : 128;
    if (prefix === undefined) return undefined;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits)
        return `has prefix length ${JSON.stringify(prefix)}; an IPv${version} prefix is 0 to ${bits}`;
    const value = toBigInt(address, version);
    const network = value & ~((1n << BigInt(bits - Number(prefix))) - 1n);
    if (network !== value) return `has host bits set past /${prefix}; the range is ${fromBigInt(network, version)}/${prefix}`;
    return undefined;
}

function toBigInt(address: string, version: 4 | 6): bigint {
    if (version === 4) return address.split(".").reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
    let text = address;
    // An embedded IPv4 tail (::ffff:192.0.2.1) stands for the last two groups.
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    if (v4) {
        const n = toBigInt(v4[1], 4);
        text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
    }
    const [head, tail] = text.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill("0"), ...t];
    return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function fromBigInt(n: bigint, version: 4 | 6): string {
    if (version === 4) return [24n, 16n, 8n, 0n].map(s => String((n >> s) & 0xffn)).join(".");
    const groups = Array.from({ length: 8 }, (_, i) => ((n >> BigInt(16 * (7 - i))) & 0xffffn).toString(16));
    // The shortest form: the longest run of zero groups (two or more) becomes "::".
    let best = { at: -1, len: 0 };
    for (let i = 0; i < 8;) {
        if (groups[i] !== "0") {
            i++;
            continue;
        }
        let j = i;
        while (j < 8 && groups[j] === "0") j++;
        if (j - i > best.len && j - i > 1) best = { at: i, len: j - i };
        i = j;
    }
    if (best.at < 0) return groups.join(":");
    return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}
