// IAMSecureRestApi's `invokers`: existing IAM principals allowed to invoke the
// deployed stage, without any long-lived key the component hands out.
//
// They are allowed by the API's resource policy (resourcePolicy.ts), which API
// Gateway needs for callers of another account (their own IAM policy must
// allow execute-api:Invoke too) and which suffices on its own for principals of
// the API's account ("How API Gateway resource policies affect authorization
// workflow": same account, IAM auth: allowed when either the caller's IAM policy
// or the resource policy allows). So no role of the account is modified: the
// component never attaches policies to roles it does not own, and does not need
// the account id (unknown at construction) to tell same-account roles apart.
//
// Accepted principals (IAM "AWS JSON policy elements: Principal"): an account
// id (12 digits), arn:{partition}:iam::{account}:root, a role ARN
// arn:{partition}:iam::{account}:role/{path/}{name} or a user ARN
// arn:{partition}:iam::{account}:user/{path/}{name}. Role names are at most 64
// characters, user names 64, paths up to 512 (IAM quotas); names use letters,
// digits and _+=,.@- ("IAM identifiers"). Wildcards are not principals.
//
// invokerGrants: principals allowed only some routes (routeGrants.ts), each by a
// statement of its own listing its methods and paths. A principal is in
// invokers or in invokerGrants, once.
import type { InputChecker } from "../shared/inputErrors";
import { RouteGrant, routeGrants } from "./routeGrants";

/** One principal limited to some routes. */
export interface InvokerGrant {
    readonly principal: string;
    readonly routes: readonly RouteGrant[];
}

/** The checked invokers: whole-stage principals and route-limited ones. */
export interface Invokers {
    readonly principals: readonly string[];
    readonly grants: readonly InvokerGrant[];
}

const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN =
    /^arn:aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?:iam::(\d{12}):(root|(role|user)(\/(?:[\x21-\x7e]{0,510}\/)?)([A-Za-z0-9_+=,.@-]{1,64}))$/;

/** Why `value` is not an IAM principal this component accepts, or undefined. */
export function invokerProblem(value: unknown): string | undefined {
    if (typeof value !== "string") return "must be a string: an IAM role, user or account root ARN, or a 12-digit account id";
    if (ACCOUNT_ID.test(value)) return undefined;
    if (/^\d+$/.test(value)) return `an account id has exactly 12 digits; this has ${value.length}`;
    const m = PRINCIPAL_ARN.exec(value);
    if (!m) {
        return "is not an IAM principal: use arn:{partition}:iam::{12-digit account}:role/{name}, :user/{name} or :root, or a 12-digit account id";
    }
    if (m[5] !== undefined && !/^\/([A-Za-z0-9_+=,.@-]+\/)*$/.test(m[5])) return "has an invalid IAM path";
    return undefined;
}

/** Checked invokers (duplicates rejected); undefined when absent. */
export function invokerSettings(value: unknown, check: InputChecker): readonly string[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
        check.fail("invokers", value, "must be a non-empty list of IAM principal ARNs or account ids (leave it out for none)");
        return undefined;
    }
    const seen = new Set<string>();
    value.forEach((v, i) => {
        const problem = invokerProblem(v);
        if (problem) check.fail(`invokers[${i}]`, v, problem);
        else if (seen.has(v)) check.fail(`invokers[${i}]`, v, "is listed twice");
        seen.add(v);
    });
    return value as string[];
}

/** Checked invokerGrants against the component's routes; undefined when absent. */
export function invokerGrantSettings(
    value: unknown,
    routes: unknown,
    principals: readonly string[],
    check: InputChecker,
): readonly InvokerGrant[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
        check.fail("invokerGrants", value, "must be a non-empty list of { principal, routes } (leave it out for none)");
        return undefined;
    }
    const seen = new Set<string>(principals);
    const grants: InvokerGrant[] = [];
    value.forEach((g: unknown, i) => {
        if (g === null || typeof g !== "object" || Array.isArray(g)) {
            check.fail(`invokerGrants[${i}]`, g, "must be { principal, routes: [{ method, path }, ...] }");
            return;
        }
        const { principal, routes: granted } = g as { principal?: unknown; routes?: unknown };
        const problem = invokerProblem(principal);
        if (problem) check.fail(`invokerGrants[${i}].principal`, principal, problem);
        else if (seen.has(principal as string)) {
            check.fail(
                `invokerGrants[${i}].principal`,
                principal,
                principals.includes(principal as string)
                    ? "is also in invokers, which allows it the whole stage; list it in one of the two"
                    : "is listed twice; give one entry all its routes",
            );
        }
        if (typeof principal === "string") seen.add(principal);
        const checked = routeGrants(`invokerGrants[${i}].routes`, granted ?? [], routes, check);
        if (!problem && checked) grants.push({ principal: principal as string, routes: checked });
    });
    return grants;
}

/** invokers and invokerGrants together (undefined when neither is given). */
export function invokersSettings(invokers: unknown, grants: unknown, routes: unknown, check: InputChecker): Invokers | undefined {
    const principals = invokerSettings(invokers, check);
    const limited = invokerGrantSettings(
        grants,
        routes,
        Array.isArray(principals) ? principals.filter(p => typeof p === "string") : [],
        check,
    );
    if (principals === undefined && limited === undefined) return undefined;
    return { principals: principals ?? [], grants: limited ?? [] };
}
