// SecureHttpApi's authorization: every route is decided by AWS IAM (SigV4), a
// JWT authorizer (any OpenID Connect issuer, or a Cognito user pool: a JWT
// authorizer whose issuer is the pool) or a Lambda authorizer (type request,
// payload format 2.0). The component's `authorizer` is every route's default
// (iam when not given); a route's own `authorizer` replaces it. There is no
// way to say "none": an HTTP API route without authorization can only be the
// CORS preflight API Gateway answers itself (httpCors.ts).
//
// Rendered as the security schemes of the API's OpenAPI document (API Gateway's
// "x-amazon-apigateway-authorizer object": type jwt with jwtConfiguration
// {issuer, audience} and identitySource; type request with authorizerUri,
// authorizerPayloadFormatVersion, enableSimpleResponses, identitySource and
// authorizerResultTtlInSeconds; IAM as an apiKey scheme with
// x-amazon-apigateway-authtype awsSigv4), each route operation naming one: an
// HTTP API operation takes exactly one of IAM, a Lambda authorizer or a JWT
// authorizer ("Working with OpenAPI definitions for HTTP APIs").
//
// HTTP API quotas checked here ("Quotas for configuring and running an HTTP API
// in API Gateway"): 10 authorizers per API (raisable only by AWS Support, so
// refused past 10 rather than declared), 50 audiences per authorizer and 10
// scopes per route (neither raisable). An issuer is an https URL of at most
// 2,048 characters (JWTConfiguration.Issuer, UriWithLengthBetween1And2048).
// Identity sources use the HTTP API syntax ($request.header.{name},
// $request.querystring.{name}, $context.{name}, $stageVariables.{name}); a JWT
// authorizer reads exactly one header or query string.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { InputChecker, InputError } from "../shared/inputErrors";
import type { DocumentShare } from "../shared/openApiShare";
import type { AuthorizerInputs, AuthorizerType } from "../shared/schema-types";
import { NAME as AUTHORIZER_NAME, sameOrRefused, SCOPE, TTL_RANGE, USER_POOL_ARN } from "./authorizers";
import { SECURITY_SCHEMES } from "./edgeInputs";

const HTTP_AUTHORIZER_TYPES: readonly AuthorizerType[] = ["iam", "jwt", "cognito", "request"];
/** The security scheme of IAM routes (the REST components' name for it too). */
export const SIGV4 = "sigv4";
export const MAX_AUTHORIZERS = 10;
export const MAX_AUDIENCES = 50;
export const MAX_SCOPES_PER_ROUTE = 10;
const MAX_ISSUER_LENGTH = 2048;
const DEFAULT_IDENTITY_SOURCE = "$request.header.Authorization";
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const HEADER_SOURCE = new RegExp(`^\\$request\\.header\\.(${TOKEN})$`);
const JWT_SOURCE = new RegExp(`^\\$request\\.(header|querystring)\\.${TOKEN}$`);
const SOURCE = new RegExp(`^(\\$request\\.(header|querystring)\\.${TOKEN}|\\$context\\.[A-Za-z0-9_.]+|\\$stageVariables\\.[A-Za-z0-9_]+)$`);
/** The request headers an IAM-signed call carries (a CORS preflight must allow them). */
export const SIGV4_HEADERS = ["authorization", "content-type", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"];

/** One JWT or Lambda authorizer of the API, checked. */
export interface HttpAuthorizerSpec {
    readonly name: string;
    /** As given: jwt, cognito (a jwt authorizer with the pool as issuer) or request. */
    readonly type: "jwt" | "cognito" | "request";
    readonly kind: "jwt" | "request";
    readonly issuer?: pulumi.Input<string>;
    /** cognito: the one user pool whose tokens are accepted. */
    readonly userPoolArn?: pulumi.Input<string>;
    readonly audiences?: pulumi.Input<string[]>;
    readonly function?: aws.lambda.Function;
    readonly identitySources: readonly string[];
    readonly resultTtlInSeconds: number;
    readonly simpleResponses: boolean;
    /** Where it was given first (for errors). */
    readonly field: string;
}

export type RouteAuth =
    { readonly kind: "iam" } | { readonly kind: "jwt" | "request"; readonly name: string; readonly scopes: readonly string[] };

/** Every route's authorization (routes by their index in `routes`) and the authorizers they use. */
export interface HttpAuthSettings {
    readonly authorizers: ReadonlyMap<string, HttpAuthorizerSpec>;
    readonly byRoute: ReadonlyMap<number, RouteAuth>;
    /** Whether some route is decided by IAM (the component then makes the invoke policy and, optionally, an identity). */
    readonly usesIam: boolean;
}

interface RouteLike {
    readonly authorizer?: AuthorizerInputs | null;
    readonly authorizationScopes?: unknown;
}

/**
 * Checks the component's authorizer (the default of every route; iam when absent)
 * and every route's, names them, and decides each route's authorization.
 */
export function httpAuthSettings(componentDefault: AuthorizerInputs | undefined, routes: unknown, check: InputChecker): HttpAuthSettings {
    const authorizers = new Map<string, HttpAuthorizerSpec>();
    /** The route auth an authorizer input stands for (undefined: reported). */
    const claim = (inputs: AuthorizerInputs, field: string): RouteAuth | undefined => {
        const spec = checkHttpAuthorizer(inputs, field, check);
        if (spec === undefined) return undefined;
        if (spec === "iam") return { kind: "iam" };
        const seen = authorizers.get(spec.name);
        if (seen && !sameAuthorizer(seen, spec, field, check)) return undefined;
        if (!seen) authorizers.set(spec.name, spec);
        return { kind: spec.kind, name: spec.name, scopes: [] };
    };
    const fallback: RouteAuth | undefined =
        componentDefault === undefined || componentDefault === null ? { kind: "iam" } : claim(componentDefault, "authorizer");
    const byRoute = new Map<number, RouteAuth>();
    (Array.isArray(routes) ? (routes as RouteLike[]) : []).forEach((route, i) => {
        if (!route || typeof route !== "object") return;
        const own =
            route.authorizer === undefined || route.authorizer === null ? undefined : claim(route.authorizer, `routes[${i}].authorizer`);
        const auth = route.authorizer === undefined || route.authorizer === null ? fallback : own;
        if (auth === undefined) return;
        const scopes = checkScopes(route.authorizationScopes, `routes[${i}].authorizationScopes`, auth, authorizers, check);
        byRoute.set(i, auth.kind === "iam" ? auth : { ...auth, scopes });
    });
    if (authorizers.size > MAX_AUTHORIZERS) {
        check.fail(
            "authorizer",
            [...authorizers.keys()],
            `the routes use ${authorizers.size} authorizers; an HTTP API has at most ${MAX_AUTHORIZERS} (API Gateway's quota, raised only by AWS Support): share authorizers between routes`,
        );
    }
    return { authorizers, byRoute, usesIam: [...byRoute.values()].some(a => a.kind === "iam") };
}

/** The fields each type takes (besides type and name). */
const FIELDS: Record<"iam" | "jwt" | "cognito" | "request", readonly (keyof AuthorizerInputs)[]> = {
    iam: [],
    jwt: ["issuer", "audiences", "identitySources"],
    cognito: ["userPoolArns", "audiences", "identitySources"],
    request: ["function", "identitySources", "resultTtlInSeconds", "simpleResponses"],
};
const ALL_FIELDS: readonly (keyof AuthorizerInputs)[] = [
    "issuer",
    "audiences",
    "userPoolArns",
    "function",
    "identitySources",
    "resultTtlInSeconds",
    "simpleResponses",
];

function checkHttpAuthorizer(a: AuthorizerInputs, field: string, check: InputChecker): HttpAuthorizerSpec | "iam" | undefined {
    if (typeof a !== "object" || Array.isArray(a)) {
        check.fail(field, a, "must be an authorizer object with type iam, jwt, cognito or request");
        return undefined;
    }
    if (!HTTP_AUTHORIZER_TYPES.includes(a.type)) {
        const hint =
            a.type === "token"
                ? " (HTTP APIs have no token authorizers: use request, which reads the Authorization header by default, or jwt)"
                : "";
        check.fail(`${field}.type`, a.type, `must be one of ${HTTP_AUTHORIZER_TYPES.join(", ")}${hint}`);
        return undefined;
    }
    const type = a.type as "iam" | "jwt" | "cognito" | "request";
    const before = check.count;
    for (const f of ALL_FIELDS) {
        if (a[f] === undefined || a[f] === null || FIELDS[type].includes(f)) continue;
        const takers = (Object.keys(FIELDS) as (keyof typeof FIELDS)[]).filter(t => FIELDS[t].includes(f));
        check.fail(
            `${field}.${f}`,
            f === "function" ? "<function>" : a[f],
            `does not apply to a ${type} authorizer (only to ${takers.join(", ")})`,
        );
    }
    if (type === "iam") {
        if (a.name !== undefined) check.fail(`${field}.name`, a.name, "does not apply to iam: IAM is no authorizer of the API");
        return check.count > before ? undefined : "iam";
    }
    let issuer: pulumi.Input<string> | undefined;
    let userPoolArn: pulumi.Input<string> | undefined;
    if (type === "jwt") {
        if (a.issuer === undefined || a.issuer === null) {
            check.fail(
                `${field}.issuer`,
                a.issuer,
                "is required for a jwt authorizer: the https URL of the tokens' issuer (their iss claim)",
            );
        } else if (typeof a.issuer === "string") {
            const problem = issuerProblem(a.issuer);
            if (problem) check.fail(`${field}.issuer`, a.issuer, problem);
        }
        issuer = a.issuer ?? undefined;
    }
    if (type === "cognito") userPoolArn = checkUserPool(a.userPoolArns, `${field}.userPoolArns`, check);
    if (type !== "request") checkAudiences(a.audiences, `${field}.audiences`, check);
    if (type === "request" && !pulumi.Resource.isInstance(a.function)) {
        check.fail(`${field}.function`, a.function, "is required for a request authorizer: the Lambda function that decides");
    }
    const ttl = a.resultTtlInSeconds ?? TTL_RANGE.default;
    if (type === "request" && (!Number.isSafeInteger(ttl) || ttl < TTL_RANGE.min || ttl > TTL_RANGE.max)) {
        check.fail(`${field}.resultTtlInSeconds`, ttl, `must be a whole number of seconds from ${TTL_RANGE.min} to ${TTL_RANGE.max}`);
    }
    const simpleResponses = a.simpleResponses ?? true;
    if (typeof simpleResponses !== "boolean") check.fail(`${field}.simpleResponses`, simpleResponses, "must be true or false");
    const identitySources = checkSources(a.identitySources, type, `${field}.identitySources`, check);
    const name = a.name ?? defaultName(type, a.function);
    if (typeof name !== "string" || !AUTHORIZER_NAME.test(name)) {
        check.fail(`${field}.name`, name, 'must be 1 to 128 letters, digits, "_" or "-"');
    } else if (name === SIGV4) {
        check.fail(`${field}.name`, name, `is the name of the API's IAM security scheme; choose another`);
    }
    if (check.count > before) return undefined;
    return {
        name,
        type,
        kind: type === "request" ? "request" : "jwt",
        issuer,
        userPoolArn,
        audiences: a.audiences ?? undefined,
        function: a.function,
        identitySources,
        resultTtlInSeconds: ttl,
        simpleResponses: simpleResponses === true,
        field,
    };
}

/** Why `issuer` is not an issuer API Gateway can use, or undefined. */
export function issuerProblem(issuer: unknown): string | undefined {
    if (typeof issuer !== "string" || issuer === "") return "must be the issuer's https URL";
    if (issuer.length > MAX_ISSUER_LENGTH) return `is longer than the ${MAX_ISSUER_LENGTH} characters API Gateway allows an issuer`;
    let url: URL;
    try {
        url = new URL(issuer);
    } catch {
        return "is not a URL: give the issuer exactly as the tokens' iss claim has it, e.g. https://example.auth0.com/";
    }
    if (url.protocol !== "https:")
        return "must be an https URL: API Gateway reads the issuer's OpenID Connect discovery document and keys over https";
    if (url.search || url.hash) return "must have no query string or fragment (an issuer is the identity provider's base URL)";
    if (url.username || url.password) return "must not carry credentials";
    return undefined;
}

/** Why a list of audiences cannot be a JWT authorizer's, or undefined. */
export function audiencesProblem(audiences: unknown): string | undefined {
    if (!Array.isArray(audiences) || audiences.length === 0) {
        return "needs at least one audience (an app client id the tokens are issued for); without one any token of the issuer would do";
    }
    if (audiences.length > MAX_AUDIENCES)
        return `has ${audiences.length} audiences; a JWT authorizer takes at most ${MAX_AUDIENCES} (API Gateway's quota)`;
    const bad = audiences.findIndex(x => typeof x !== "string" || x.trim() === "");
    if (bad >= 0) return `audience ${bad} ${JSON.stringify(audiences[bad])} is empty`;
    if (new Set(audiences).size !== audiences.length) return "lists an audience twice";
    return undefined;
}

function checkAudiences(audiences: unknown, field: string, check: InputChecker): void {
    if (audiences === undefined || audiences === null) {
        check.fail(field, audiences, "is required: the app client ids (aud or client_id claim) the tokens must be issued for");
        return;
    }
    if (pulumi.Output.isInstance(audiences)) return; // checked when the document is rendered
    if (Array.isArray(audiences) && audiences.some(x => pulumi.Output.isInstance(x))) return;
    const problem = audiencesProblem(audiences);
    if (problem) check.fail(field, audiences, problem);
}

/** cognito: exactly one pool (a JWT authorizer has one issuer). */
function checkUserPool(arns: unknown, field: string, check: InputChecker): pulumi.Input<string> | undefined {
    if (arns === undefined || arns === null) {
        check.fail(field, arns, "is required for a cognito authorizer: the user pool whose tokens are accepted");
        return undefined;
    }
    if (pulumi.Output.isInstance(arns)) {
        // Checked once known; the document that holds it is a late check (httpApi.ts), so a bad list stops every child.
        return (arns as pulumi.Output<string[]>).apply(list => {
            if (!Array.isArray(list) || list.length !== 1) {
                throw new InputError(
                    check.component,
                    field,
                    list,
                    "must list exactly one user pool on SecureHttpApi (a JWT authorizer has one issuer)",
                );
            }
            return list[0];
        });
    }
    if (!Array.isArray(arns) || arns.length !== 1) {
        check.fail(
            field,
            arns,
            "must list exactly one user pool on SecureHttpApi (a JWT authorizer has one issuer); give each pool an authorizer",
        );
        return undefined;
    }
    if (typeof arns[0] === "string") {
        const problem = userPoolProblem(arns[0]);
        if (problem) check.fail(`${field}[0]`, arns[0], problem);
    }
    return arns[0] as pulumi.Input<string>;
}

export function userPoolProblem(arn: unknown): string | undefined {
    if (typeof arn !== "string" || !USER_POOL_ARN.test(arn)) {
        return "is not a Cognito user pool ARN (arn:aws:cognito-idp:{region}:{account}:userpool/{region}_{id})";
    }
    return undefined;
}

/** The issuer of a Cognito user pool's tokens: https://cognito-idp.{region}.amazonaws.com/{poolId} (.com.cn in China). */
export function cognitoIssuer(userPoolArn: string): string {
    const [, partition, , region] = userPoolArn.split(":");
    const poolId = userPoolArn.slice(userPoolArn.lastIndexOf("/") + 1);
    const suffix = partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return `https://cognito-idp.${region}.${suffix}/${poolId}`;
}

function checkSources(given: unknown, type: "jwt" | "cognito" | "request", field: string, check: InputChecker): string[] {
    if (given === undefined || given === null) return [DEFAULT_IDENTITY_SOURCE];
    if (!Array.isArray(given) || given.length === 0) {
        check.fail(field, given, `must be a non-empty list such as ["${DEFAULT_IDENTITY_SOURCE}"] (leave it out for that one)`);
        return [DEFAULT_IDENTITY_SOURCE];
    }
    if (type !== "request") {
        if (given.length !== 1 || typeof given[0] !== "string" || !JWT_SOURCE.test(given[0])) {
            check.fail(
                field,
                given,
                `a ${type} authorizer reads the token from exactly one $request.header.{name} or $request.querystring.{name}`,
            );
        }
        return given as string[];
    }
    given.forEach((s, i) => {
        if (typeof s !== "string" || !SOURCE.test(s)) {
            const rest = typeof s === "string" && /^(method\.request|stageVariables|context)\./.test(s);
            check.fail(
                `${field}[${i}]`,
                s,
                "must be $request.header.{name}, $request.querystring.{name}, $context.{name} or $stageVariables.{name}" +
                    (rest ? " (HTTP APIs write identity sources with $, not in the REST API syntax)" : ""),
            );
        }
    });
    if (new Set(given).size !== given.length) check.fail(field, given, "lists an identity source twice");
    return given as string[];
}

function checkScopes(
    scopes: unknown,
    field: string,
    auth: RouteAuth,
    authorizers: ReadonlyMap<string, HttpAuthorizerSpec>,
    check: InputChecker,
): string[] {
    if (scopes === undefined || scopes === null) return [];
    if (auth.kind !== "jwt" || !authorizers.has(auth.name)) {
        check.fail(field, scopes, "only applies to routes with a jwt or cognito authorizer (OAuth scopes of their access tokens)");
        return [];
    }
    if (!Array.isArray(scopes) || scopes.length === 0) {
        check.fail(field, scopes, 'must be a non-empty list of OAuth scopes such as ["orders/read"]');
        return [];
    }
    if (scopes.length > MAX_SCOPES_PER_ROUTE) {
        check.fail(
            field,
            scopes,
            `has ${scopes.length} scopes; an HTTP API route takes at most ${MAX_SCOPES_PER_ROUTE} (API Gateway's quota)`,
        );
    }
    scopes.forEach((s, i) => {
        if (typeof s !== "string" || !SCOPE.test(s))
            check.fail(`${field}[${i}]`, s, "is not an OAuth scope (printable characters, no space)");
    });
    // Only strings (the others are reported): an object without a prototype cannot be compared.
    return [...new Set(scopes.filter((s): s is string => typeof s === "string"))].sort();
}

/** jwt; cognito; request-{function} (the function's Pulumi name, API Gateway's characters only). */
function defaultName(type: "jwt" | "cognito" | "request", fn: unknown): string {
    if (type !== "request" || !pulumi.Resource.isInstance(fn)) return type;
    return `request-${pulumi.resourceName(fn).replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, 128);
}

function sameAuthorizer(a: HttpAuthorizerSpec, b: HttpAuthorizerSpec, field: string, check: InputChecker): boolean {
    const known =
        a.type === b.type &&
        a.function === b.function &&
        a.resultTtlInSeconds === b.resultTtlInSeconds &&
        a.simpleResponses === b.simpleResponses &&
        JSON.stringify(a.identitySources) === JSON.stringify(b.identitySources);
    return sameOrRefused(check, `${field}.name`, a.name, a.field, known, [
        [a.issuer, b.issuer],
        [a.userPoolArn, b.userPoolArn],
        [a.audiences, b.audiences],
    ]);
}

/** The security requirement of a route's operations: exactly one scheme (an HTTP API operation takes one). */
export function httpSecurityRequirement(auth: RouteAuth): Record<string, string[]>[] {
    return auth.kind === "iam" ? [{ [SIGV4]: [] }] : [{ [auth.name]: [...auth.scopes] }];
}

/** The request headers the routes' authorization reads, lower-case (a CORS preflight must allow them). */
export function httpAuthHeaders(s: HttpAuthSettings): string[] {
    const headers = new Set<string>(s.usesIam ? SIGV4_HEADERS : []);
    for (const a of s.authorizers.values()) {
        for (const source of a.identitySources) {
            const h = HEADER_SOURCE.exec(source)?.[1];
            if (h) headers.add(h.toLowerCase());
        }
    }
    return [...headers].sort();
}

/** What an authorizer needs resolved before it is rendered. */
export interface ResolvedHttpAuthorizer {
    readonly issuer?: string;
    readonly userPoolArn?: string;
    readonly audiences?: string[];
    readonly invokeArn?: string;
}

export function httpAuthorizerInputs(s: HttpAuthSettings): pulumi.Input<Record<string, ResolvedHttpAuthorizer>> {
    return Object.fromEntries(
        [...s.authorizers].map(([name, a]) => [
            name,
            { issuer: a.issuer, userPoolArn: a.userPoolArn, audiences: a.audiences, invokeArn: a.function?.invokeArn },
        ]),
    ) as pulumi.Input<Record<string, ResolvedHttpAuthorizer>>;
}

/**
 * The authorization's share of the document: the sigv4 scheme (when a route uses
 * IAM) and one scheme per authorizer. Values that were outputs at construction
 * (an issuer, audiences, a pool ARN) are checked here, once resolved.
 */
export function httpAuthShare(s: HttpAuthSettings, resolved: Record<string, ResolvedHttpAuthorizer>, label: string): DocumentShare {
    const schemes: Record<string, unknown> = {};
    if (s.usesIam) schemes[SIGV4] = SECURITY_SCHEMES.sigv4;
    for (const [name, a] of s.authorizers) {
        const r = resolved[name] ?? {};
        if (a.kind === "jwt") {
            const issuer =
                a.type === "cognito"
                    ? r.userPoolArn && cognitoIssuer(resolvedOrFail(label, `${a.field}.userPoolArns[0]`, r.userPoolArn, userPoolProblem))
                    : r.issuer;
            if (a.type === "jwt") resolvedOrFail(label, `${a.field}.issuer`, r.issuer, issuerProblem);
            resolvedOrFail(label, `${a.field}.audiences`, r.audiences, audiencesProblem);
            schemes[name] = {
                // OpenAPI requires flows of an oauth2 scheme; API Gateway reads the authorizer from the extension.
                type: "oauth2",
                flows: {},
                "x-amazon-apigateway-authorizer": {
                    type: "jwt",
                    jwtConfiguration: { issuer, audience: [...(r.audiences ?? [])] },
                    identitySource: a.identitySources[0],
                },
            };
        } else {
            const header = a.identitySources.length === 1 ? HEADER_SOURCE.exec(a.identitySources[0])?.[1] : undefined;
            schemes[name] = {
                type: "apiKey",
                name: header ?? "Unused",
                in: "header",
                "x-amazon-apigateway-authorizer": {
                    type: "request",
                    authorizerUri: r.invokeArn,
                    authorizerPayloadFormatVersion: "2.0",
                    enableSimpleResponses: a.simpleResponses,
                    authorizerResultTtlInSeconds: a.resultTtlInSeconds,
                    identitySource: a.identitySources.join(", "),
                },
            };
        }
    }
    return { from: "authorization", securitySchemes: schemes };
}

/** A value that was an output at construction, checked now that it resolved (undefined in a preview: nothing to check). */
function resolvedOrFail<T>(label: string, field: string, value: T | undefined, problem: (v: unknown) => string | undefined): T {
    if (value !== undefined) {
        const reason = problem(value);
        if (reason) throw new InputError(label, field, value, reason);
    }
    return value as T;
}
