// Authorizers: who the caller is, beside (SecureRestApi) or instead of
// (IAMSecureRestApi, per route and only where the route says so) the
// component's own security. Each is a security scheme of the API's document
// with API Gateway's x-amazon-apigateway-authorizer, and each route operation
// names the one it uses (with OAuth scopes for Cognito access tokens): no
// resource per authorizer or route. A Lambda authorizer's function gets one
// invoke permission, scoped to this API's authorizers
// (arn:…:execute-api:{region}:{account}:{apiId}/authorizers/*), planned with
// the routes' permissions so Lambda's 20 KB policy check covers it.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { InputChecker, InputError } from "../shared/inputErrors";
import { lateCheck } from "../shared/lateChecks";
import type { DocumentShare } from "../shared/openApiShare";
import type { AuthorizerInputs, AuthorizerType } from "../shared/schema-types";
import { routeField } from "../routes/routeModel";

/** The authorizer types of REST APIs (jwt and iam are SecureHttpApi's: httpAuthorizers.ts). */
const REST_AUTHORIZER_TYPES: readonly AuthorizerType[] = ["cognito", "token", "request"];
/** Inputs of the Authorizer type that only SecureHttpApi reads. */
const HTTP_ONLY_FIELDS = ["issuer", "audiences", "simpleResponses"] as const;

/** API Gateway's authorizer name rule as the import takes it (the security scheme's key). */
export const NAME = /^[A-Za-z0-9_-]{1,128}$/;
/** API Gateway's result TTL range for Lambda authorizers (seconds). */
export const TTL_RANGE = { min: 0, max: 3600, default: 300 } as const;
const DEFAULT_HEADER_SOURCE = "method.request.header.Authorization";
// Identity sources API Gateway accepts for a REQUEST authorizer.
const SOURCE =
    /^(method\.request\.(header|querystring|multivaluequerystring|multivalueheader)\.[!#$%&'*+.^_`|~0-9A-Za-z-]+|stageVariables\.[A-Za-z0-9_]+|context\.[A-Za-z0-9_.]+)$/;
const HEADER_SOURCE = /^method\.request\.header\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;
// arn:{partition}:cognito-idp:{region}:{account}:userpool/{region}_{id}
export const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[0-9A-Za-z]+$/;
// An OAuth scope: printable ASCII without space, quote or backslash (RFC 6749 scope-token).
export const SCOPE = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** API Gateway's limit of user pools per Cognito authorizer. */
const MAX_USER_POOLS = 1000;

/** One authorizer of the API, checked. */
export interface AuthorizerSpec {
    readonly name: string;
    readonly type: AuthorizerType;
    readonly userPoolArns?: pulumi.Input<string[]>;
    readonly function?: aws.lambda.Function;
    readonly identitySources: readonly string[];
    readonly resultTtlInSeconds: number;
    /** Where it was given first (for errors). */
    readonly field: string;
}

/** Which authorizer (and scopes) each route's methods use; routes by their index in `routes`. */
export interface AuthorizerSettings {
    readonly authorizers: ReadonlyMap<string, AuthorizerSpec>;
    readonly byRoute: ReadonlyMap<number, { readonly name: string; readonly scopes: readonly string[] }>;
}

interface RouteLike {
    readonly authorizer?: AuthorizerInputs;
    readonly authorizationScopes?: string[];
}

/**
 * Checks the component's authorizer (`componentDefault`: SecureRestApi only)
 * and every route's, names them, and decides each route's. Undefined when no
 * route uses one.
 */
export function authorizerSettings(
    componentDefault: AuthorizerInputs | undefined,
    routes: unknown,
    check: InputChecker,
): AuthorizerSettings | undefined {
    const authorizers = new Map<string, AuthorizerSpec>();
    const claim = (inputs: AuthorizerInputs, field: string): string | undefined => {
        const spec = checkAuthorizer(inputs, field, check);
        if (!spec) return undefined;
        const seen = authorizers.get(spec.name);
        if (seen && !sameAuthorizer(seen, spec, field, check)) return undefined;
        if (!seen) authorizers.set(spec.name, spec);
        return spec.name;
    };
    const fallback = componentDefault === undefined || componentDefault === null ? undefined : claim(componentDefault, "authorizer");
    const byRoute = new Map<number, { name: string; scopes: string[] }>();
    (Array.isArray(routes) ? (routes as RouteLike[]) : []).forEach((route, i) => {
        if (!route || typeof route !== "object") return;
        const own =
            route.authorizer === undefined || route.authorizer === null
                ? undefined
                : claim(route.authorizer, `${routeField(route, i)}.authorizer`);
        const name = own ?? fallback;
        const scopes = checkScopes(
            route.authorizationScopes,
            `${routeField(route, i)}.authorizationScopes`,
            name === undefined ? undefined : authorizers.get(name),
            check,
        );
        if (name !== undefined) byRoute.set(i, { name, scopes });
    });
    return authorizers.size ? { authorizers, byRoute } : undefined;
}

function checkAuthorizer(a: AuthorizerInputs, field: string, check: InputChecker): AuthorizerSpec | undefined {
    if (typeof a !== "object" || Array.isArray(a)) {
        check.fail(field, a, "must be an authorizer object with type cognito, token or request");
        return undefined;
    }
    if (!REST_AUTHORIZER_TYPES.includes(a.type)) {
        const http = a.type === "jwt" || a.type === "iam" ? ` (${a.type} is SecureHttpApi's: REST APIs have no JWT authorizer)` : "";
        check.fail(`${field}.type`, a.type, `must be one of ${REST_AUTHORIZER_TYPES.join(", ")}${http}`);
        return undefined;
    }
    const before = check.count;
    for (const f of HTTP_ONLY_FIELDS) {
        if (a[f] !== undefined && a[f] !== null) check.fail(`${field}.${f}`, a[f], "only applies to SecureHttpApi's authorizers");
    }
    const lambda = a.type !== "cognito";
    if (lambda) {
        if (!pulumi.Resource.isInstance(a.function))
            check.fail(`${field}.function`, a.function, `is required for a ${a.type} authorizer: the Lambda function that decides`);
        if (a.userPoolArns !== undefined)
            check.fail(`${field}.userPoolArns`, a.userPoolArns, `only applies to a cognito authorizer, not ${a.type}`);
    } else {
        if (a.function !== undefined)
            check.fail(
                `${field}.function`,
                "<function>",
                "only applies to a token or request authorizer; a cognito authorizer checks the pool's tokens itself",
            );
        if (a.resultTtlInSeconds !== undefined)
            check.fail(`${field}.resultTtlInSeconds`, a.resultTtlInSeconds, "only applies to a token or request authorizer");
        checkUserPools(a.userPoolArns, `${field}.userPoolArns`, check);
    }
    const ttl = a.resultTtlInSeconds ?? TTL_RANGE.default;
    if (!Number.isSafeInteger(ttl) || ttl < TTL_RANGE.min || ttl > TTL_RANGE.max) {
        check.fail(`${field}.resultTtlInSeconds`, ttl, `must be a whole number of seconds from ${TTL_RANGE.min} to ${TTL_RANGE.max}`);
    }
    const identitySources = checkSources(a, field, check);
    const name = a.name ?? defaultName(a);
    if (typeof name !== "string" || !NAME.test(name)) check.fail(`${field}.name`, name, 'must be 1 to 128 letters, digits, "_" or "-"');
    if (check.count > before) return undefined;
    return { name, type: a.type, userPoolArns: a.userPoolArns, function: a.function, identitySources, resultTtlInSeconds: ttl, field };
}

function checkUserPools(arns: unknown, field: string, check: InputChecker): void {
    if (arns === undefined || arns === null) {
        check.fail(field, arns, "is required for a cognito authorizer: the user pools whose tokens are accepted");
        return;
    }
    if (!Array.isArray(arns)) return; // an output: API Gateway checks the ARNs it resolves to
    if (arns.length === 0 || arns.length > MAX_USER_POOLS) check.fail(field, arns, `must list 1 to ${MAX_USER_POOLS} user pools`);
    arns.forEach((arn, i) => {
        if (typeof arn === "string" && !USER_POOL_ARN.test(arn)) {
            check.fail(
                `${field}[${i}]`,
                arn,
                "is not a Cognito user pool ARN (arn:aws:cognito-idp:{region}:{account}:userpool/{region}_{id})",
            );
        }
    });
}

function checkSources(a: AuthorizerInputs, field: string, check: InputChecker): string[] {
    const given = a.identitySources;
    if (given !== undefined && !Array.isArray(given)) {
        check.fail(`${field}.identitySources`, given, 'must be a list such as ["method.request.header.Authorization"]');
        return [];
    }
    if (a.type === "request") {
        if (!given || given.length === 0) {
            check.fail(
                `${field}.identitySources`,
                given,
                'a request authorizer needs at least one, e.g. ["method.request.header.Authorization", "method.request.querystring.tenant"]',
            );
            return [];
        }
        given.forEach((s, i) => {
            if (typeof s !== "string" || !SOURCE.test(s)) {
                check.fail(
                    `${field}.identitySources[${i}]`,
                    s,
                    "must be method.request.header.{name}, method.request.querystring.{name}, stageVariables.{name} or context.{name}",
                );
            }
        });
        return given;
    }
    const sources = given ?? [DEFAULT_HEADER_SOURCE];
    if (sources.length !== 1 || typeof sources[0] !== "string" || !HEADER_SOURCE.test(sources[0])) {
        check.fail(`${field}.identitySources`, given, `a ${a.type} authorizer reads exactly one header: ["method.request.header.{name}"]`);
        return [DEFAULT_HEADER_SOURCE];
    }
    return sources;
}

/** A route's (or a definition operation's) OAuth scopes: only with a cognito authorizer, each printable without a space; sorted, once each. */
export function checkScopes(scopes: unknown, field: string, authorizer: AuthorizerSpec | undefined, check: InputChecker): string[] {
    if (scopes === undefined || scopes === null) return [];
    if (!authorizer || authorizer.type !== "cognito") {
        check.fail(field, scopes, "only applies to routes with a cognito authorizer (OAuth scopes of its access tokens)");
        return [];
    }
    if (!Array.isArray(scopes) || scopes.length === 0) {
        check.fail(field, scopes, 'must be a non-empty list of OAuth scopes such as ["orders/read"]');
        return [];
    }
    scopes.forEach((s, i) => {
        if (typeof s !== "string" || !SCOPE.test(s))
            check.fail(`${field}[${i}]`, s, "is not an OAuth scope (printable characters, no space)");
    });
    // Only strings (the others are reported): an object without a prototype cannot be compared.
    return [...new Set(scopes.filter((s): s is string => typeof s === "string"))].sort();
}

/** cognito; token-{function}; request-{function} (the function's Pulumi name, API Gateway's characters only). */
function defaultName(a: AuthorizerInputs): string {
    if (a.type === "cognito" || !pulumi.Resource.isInstance(a.function)) return a.type;
    return `${a.type}-${pulumi.resourceName(a.function).replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 128);
}

function sameAuthorizer(a: AuthorizerSpec, b: AuthorizerSpec, field: string, check: InputChecker): boolean {
    const known =
        a.type === b.type &&
        a.function === b.function &&
        a.resultTtlInSeconds === b.resultTtlInSeconds &&
        JSON.stringify(a.identitySources) === JSON.stringify(b.identitySources);
    return sameOrRefused(check, `${field}.name`, a.name, a.field, known, [[a.userPoolArns, b.userPoolArns]]);
}

/** Whether a value holds no output (or resource): then it can be compared now. */
function isPlain(v: unknown): boolean {
    if (pulumi.Output.isInstance(v) || pulumi.Resource.isInstance(v)) return false;
    if (Array.isArray(v)) return v.every(isPlain);
    if (v !== null && typeof v === "object") return Object.values(v).every(isPlain);
    return true;
}

/**
 * An authorizer given again under a name already taken (at `seenField`) must be
 * the same one: `known` says whether the settings known now agree, `inputs` are
 * pairs of settings that may be outputs. Plain pairs are compared now; pairs
 * holding an output once they resolve, as a late check of the component
 * (shared/lateChecks.ts), so two different ones under one name stop every child
 * rather than one route being checked against the other's pool or audiences.
 * (Outputs cannot be compared as text: every output serializes to one warning.)
 * Returns false when refused now.
 */
export function sameOrRefused(
    check: InputChecker,
    field: string,
    name: string,
    seenField: string,
    known: boolean,
    inputs: readonly (readonly [unknown, unknown])[],
): boolean {
    const reason = `is also the name of a different authorizer at ${seenField}: give each authorizer its own name`;
    const now = inputs.filter(([x, y]) => x !== y && isPlain(x) && isPlain(y));
    if (!known || now.some(([x, y]) => JSON.stringify(x) !== JSON.stringify(y))) {
        check.fail(field, name, reason);
        return false;
    }
    const later = inputs.filter(([x, y]) => x !== y && !(isPlain(x) && isPlain(y)));
    if (later.length) {
        lateCheck(
            check.component,
            pulumi.all(later.map(([x, y]) => pulumi.all([x, y]))).apply(pairs => {
                if (pairs.some(([x, y]) => JSON.stringify(x) !== JSON.stringify(y)))
                    throw new InputError(check.component, field, name, reason);
                return true;
            }),
        );
    }
    return true;
}

/** The header an identity source reads, if it reads one. */
const headerOf = (source: string): string | undefined => HEADER_SOURCE.exec(source)?.[1];

/** The request headers the authorizers read, lower-case (a CORS preflight must allow them). */
export function authorizerHeaders(s: AuthorizerSettings | undefined): string[] {
    const headers = [...(s?.authorizers.values() ?? [])].flatMap(a => a.identitySources.map(headerOf));
    return headers
        .filter((h): h is string => h !== undefined)
        .map(h => h.toLowerCase())
        .sort();
}

/** The values an authorizer needs resolved before it is rendered (invoke ARN, user pool ARNs). */
export function authorizerInputs(s: AuthorizerSettings): pulumi.Input<Record<string, { invokeArn?: string; userPoolArns?: string[] }>> {
    return Object.fromEntries(
        [...s.authorizers].map(([name, a]) => [name, { invokeArn: a.function?.invokeArn, userPoolArns: a.userPoolArns }]),
    ) as pulumi.Input<Record<string, { invokeArn?: string; userPoolArns?: string[] }>>;
}

/** The authorizers' share of the document: one security scheme each. */
export function authorizersShare(
    s: AuthorizerSettings,
    resolved: Record<string, { invokeArn?: string; userPoolArns?: string[] }>,
): DocumentShare {
    const schemes: Record<string, unknown> = {};
    for (const [name, a] of s.authorizers) {
        const r = resolved[name] ?? {};
        const header = headerOf(a.identitySources[0] ?? "") ?? "Authorization";
        if (a.type === "cognito") {
            schemes[name] = {
                type: "apiKey",
                name: header,
                in: "header",
                "x-amazon-apigateway-authtype": "cognito_user_pools",
                "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: r.userPoolArns ?? [] },
            };
        } else {
            schemes[name] = {
                type: "apiKey",
                name: a.type === "token" ? header : "Unused",
                in: "header",
                "x-amazon-apigateway-authtype": "custom",
                "x-amazon-apigateway-authorizer": {
                    type: a.type,
                    authorizerUri: r.invokeArn,
                    authorizerResultTtlInSeconds: a.resultTtlInSeconds,
                    ...(a.type === "request" ? { identitySource: a.identitySources.join(", ") } : {}),
                },
            };
        }
    }
    return { from: "authorizers", securitySchemes: schemes };
}
