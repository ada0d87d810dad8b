// CORS for browser clients. A browser sends its preflight (OPTIONS with
// Origin and Access-Control-Request-*) without the API key or SigV4 signature
// the real request will carry, so with every method authenticated the
// preflight always fails (aws/aws-cdk#8615). With `cors` set, and only then,
// every path gets an OPTIONS operation without a security requirement (corsShare),
// served by a MOCK integration that returns the CORS headers: the only
// unauthenticated methods of the API. API Gateway's own DEFAULT_4XX and
// DEFAULT_5XX responses (missing key, bad signature, WAF block, throttling)
// carry the CORS headers too, so a browser can read the error instead of an
// opaque CORS failure. Real responses come from the routes' handlers, which
// must set Access-Control-Allow-Origin themselves (README, "CORS").
import type { InputChecker } from "../shared/inputErrors";
import type { DocumentShare, OpenApiOperation } from "../shared/openApiShare";
import type { RouteModel } from "../routes/routeModel";
import { normalizePath, pathParameters, routeMethodField } from "../routes/routeModel";
import type { CorsInputs, Http } from "../shared/schema-types";
import { HttpValues } from "../shared/schema-types";

/** The CORS settings, checked and with defaults filled in (the deployment trigger hashes them). */
export interface CorsSettings {
    readonly allowOrigins: readonly string[];
    /** Given by the user; else each path's own methods. */
    readonly allowMethods?: readonly string[];
    readonly allowHeaders: readonly string[];
    readonly exposeHeaders: readonly string[];
    readonly maxAge: number;
    readonly allowCredentials: boolean;
}

export const DEFAULT_CORS_MAX_AGE = 600;
// Firefox caps a preflight cache at 86,400 seconds (Chromium at 7,200).
const MAX_AGE_LIMIT = 86400;
/** Every method a browser can ask for; ANY stands for all of them. */
const ALL_METHODS = HttpValues.filter(m => m !== "ANY");
// RFC 9110 token characters (the header names browsers send in Access-Control-Request-Headers),
// less "'", which would end the quoted literal API Gateway's header mappings take.
export const HEADER_NAME = /^[!#$%&*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Checks `cors` and fills in its defaults. `defaultAllowHeaders` are the
 * headers the component's own auth needs (each component passes its own).
 * A route that defines OPTIONS itself is an error: the preflight is the component's.
 */
export function corsSettings(
    cors: CorsInputs | undefined,
    routes: unknown,
    defaultAllowHeaders: readonly string[],
    check: InputChecker,
): CorsSettings | undefined {
    if (cors === undefined || cors === null) return undefined;
    if (typeof cors !== "object" || Array.isArray(cors)) {
        check.fail(
            "cors",
            cors,
            "must be an object with allowOrigins (and optionally allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials)",
        );
        return undefined;
    }
    const allowCredentials = cors.allowCredentials ?? false;
    if (typeof allowCredentials !== "boolean") check.fail("cors.allowCredentials", allowCredentials, "must be true or false");
    const allowOrigins = checkOrigins(cors.allowOrigins, allowCredentials === true, check);
    const allowMethods = cors.allowMethods === undefined ? undefined : checkMethods(cors.allowMethods, check);
    const allowHeaders =
        cors.allowHeaders === undefined ? [...defaultAllowHeaders] : checkHeaderNames("cors.allowHeaders", cors.allowHeaders, check);
    const exposeHeaders = cors.exposeHeaders === undefined ? [] : checkHeaderNames("cors.exposeHeaders", cors.exposeHeaders, check);
    const maxAge = cors.maxAge ?? DEFAULT_CORS_MAX_AGE;
    if (typeof maxAge !== "number" || !Number.isSafeInteger(maxAge) || maxAge < 0 || maxAge > MAX_AGE_LIMIT) {
        check.fail("cors.maxAge", maxAge, `must be a whole number of seconds from 0 to ${MAX_AGE_LIMIT}`);
    }
    (Array.isArray(routes) ? routes : []).forEach((route, i) => {
        const methods = route && typeof route === "object" ? (route as { methods?: unknown }).methods : undefined;
        if (!Array.isArray(methods)) return;
        methods.forEach((method, j) => {
            if (method !== "OPTIONS") return;
            const path = typeof route.path === "string" ? normalizePath(route.path) : "/";
            check.fail(
                routeMethodField(route, i, j),
                method,
                `OPTIONS ${path} is the CORS preflight the component answers itself, unauthenticated, because cors is set; ` +
                    "remove OPTIONS from this route, or leave cors out to serve OPTIONS yourself (authenticated like every other method)",
            );
        });
    });
    return { allowOrigins, allowMethods, allowHeaders, exposeHeaders, maxAge, allowCredentials: allowCredentials === true };
}

function checkOrigins(origins: unknown, credentials: boolean, check: InputChecker): string[] {
    if (!Array.isArray(origins) || origins.length === 0) {
        check.fail("cors.allowOrigins", origins, 'needs at least one origin, e.g. ["https://app.example.com"], or ["*"] for any');
        return [];
    }
    origins.forEach((origin, i) => {
        const field = `cors.allowOrigins[${i}]`;
        if (origin === "*") {
            if (origins.length > 1) check.fail(field, origin, '"*" already allows every origin; give it alone or list origins');
            // Fetch standard: a credentialed response may not use the wildcard, browsers reject it.
            if (credentials)
                check.fail(
                    field,
                    origin,
                    'browsers reject Access-Control-Allow-Origin "*" with allowCredentials: list the origins instead',
                );
            return;
        }
        const reason = originProblem(origin);
        if (reason) check.fail(field, origin, reason);
    });
    return origins as string[];
}

/** Browsers send Origin as scheme://host[:port], lower case, no path; the header is compared as written. */
function originProblem(origin: unknown): string | undefined {
    if (typeof origin !== "string") return 'must be a string such as "https://app.example.com"';
    let url: URL;
    try {
        url = new URL(origin);
    } catch {
        return "is not an origin (scheme://host[:port], e.g. https://app.example.com)";
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http:// or https:// origin";
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)$/.test(url.hostname))
        return 'has a host a browser would not send (letters, digits, "." and "-", or an IP address)';
    if (url.origin !== origin) {
        return `browsers send this origin as ${JSON.stringify(url.origin)} (scheme, lower-case host and port only, no path or trailing "/"), and it must match exactly`;
    }
    return undefined;
}

function checkMethods(methods: unknown, check: InputChecker): string[] {
    if (!Array.isArray(methods) || methods.length === 0) {
        check.fail(
            "cors.allowMethods",
            methods,
            `must be a non-empty list of ${HttpValues.join(", ")}; leave it out to allow each path's own methods`,
        );
        return [];
    }
    const out = new Set<string>();
    methods.forEach((m, i) => {
        if (!(HttpValues as readonly unknown[]).includes(m)) {
            check.fail(`cors.allowMethods[${i}]`, m, `unknown HTTP method; use one of ${HttpValues.join(", ")}`);
        } else {
            for (const expanded of m === "ANY" ? ALL_METHODS : [m as Http]) out.add(expanded);
        }
    });
    out.add("OPTIONS");
    return sortMethods(out);
}

function checkHeaderNames(field: string, names: unknown, check: InputChecker): string[] {
    if (!Array.isArray(names)) {
        check.fail(field, names, "must be a list of header names");
        return [];
    }
    names.forEach((name, i) => {
        if (typeof name !== "string" || !HEADER_NAME.test(name)) check.fail(`${field}[${i}]`, name, "is not an HTTP header name");
    });
    return names as string[];
}

function sortMethods(methods: Iterable<string>): string[] {
    return [...new Set(methods)].sort((a, b) => HttpValues.indexOf(a as Http) - HttpValues.indexOf(b as Http));
}

/** The methods a path's preflight allows: the given list, else the path's own methods (ANY: all) and OPTIONS. */
export function preflightMethods(cors: CorsSettings, ownMethods: readonly Http[]): string[] {
    if (cors.allowMethods) return [...cors.allowMethods];
    return sortMethods([...ownMethods.flatMap(m => (m === "ANY" ? ALL_METHODS : [m])), "OPTIONS"]);
}

/** A static header value for API Gateway's mappings: a quoted literal. Every value here is checked to hold no quote. */
const literal = (value: string) => `'${value}'`;

/**
 * The preflight answer's headers (name → value). With several origins the
 * static Access-Control-Allow-Origin is the first; the integration response's
 * template replaces it with the request's Origin when that is one of them.
 */
export function preflightHeaders(cors: CorsSettings, methods: readonly string[]): Record<string, string> {
    const headers: Record<string, string> = {
        "Access-Control-Allow-Origin": cors.allowOrigins[0],
        "Access-Control-Allow-Methods": methods.join(","),
        "Access-Control-Allow-Headers": cors.allowHeaders.join(","),
        "Access-Control-Max-Age": String(cors.maxAge),
    };
    if (cors.allowCredentials) headers["Access-Control-Allow-Credentials"] = "true";
    // The answer depends on the request's Origin: caches must keep one per origin.
    if (cors.allowOrigins[0] !== "*") headers.Vary = "Origin";
    return headers;
}

/** The VTL that echoes the request's Origin when it is one of several allowed origins (as CDK's preflight does). */
export function originTemplate(origins: readonly string[]): string | undefined {
    if (origins.length < 2) return undefined;
    return [
        '#set($origin = $input.params().header.get("Origin"))',
        '#if($origin == "")',
        '  #set($origin = $input.params().header.get("origin"))',
        "#end",
        `#if(${origins.map(o => `$origin == "${o}"`).join(" || ")})`,
        "  #set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
        "#end",
    ].join("\n");
}

/**
 * The CORS headers of API Gateway's own error responses, as a gateway
 * response's responseParameters. A gateway response cannot run a template
 * over headers, so with several origins it echoes the request's Origin: any
 * origin can then read API Gateway's error messages (never a handler's
 * response), which carry nothing but the error.
 */
export function gatewayResponseParameters(cors: CorsSettings): Record<string, string> {
    const several = cors.allowOrigins.length > 1;
    const headers: Record<string, string> = {
        "Access-Control-Allow-Origin": several ? "method.request.header.origin" : literal(cors.allowOrigins[0]),
    };
    if (cors.allowCredentials) headers["Access-Control-Allow-Credentials"] = literal("true");
    if (cors.exposeHeaders.length) headers["Access-Control-Expose-Headers"] = literal(cors.exposeHeaders.join(","));
    if (cors.allowOrigins[0] !== "*") headers.Vary = literal("Origin");
    return Object.fromEntries(Object.entries(headers).map(([h, v]) => [`gatewayresponse.header.${h}`, v]));
}

export const GATEWAY_RESPONSE_TYPES = ["DEFAULT_4XX", "DEFAULT_5XX"] as const;
const PREFLIGHT_STATUS = "204";

/**
 * CORS's share of the API's document: an OPTIONS operation per path of the
 * model (no security: the API's only unauthenticated operations), each a MOCK
 * integration answering 204 with the CORS headers, and the two default
 * gateway responses with the CORS headers.
 */
export function corsShare<H, I>(cors: CorsSettings, model: RouteModel<H, I>): DocumentShare {
    const paths: Record<string, { options: OpenApiOperation }> = {};
    const template = originTemplate(cors.allowOrigins);
    for (const path of model.paths) {
        const own = model.methods.filter(m => m.path === path).map(m => m.method);
        const headers = preflightHeaders(cors, preflightMethods(cors, own));
        const parameters = pathParameters(path);
        // Unauthenticated on purpose: a browser's preflight carries no key and no signature. Said with an
        // empty security, since an operation without one would read as requiring the document's.
        paths[path] = {
            options: {
                security: [],
                ...(parameters.length ? { parameters } : {}),
                responses: {
                    [PREFLIGHT_STATUS]: {
                        description: "CORS preflight",
                        headers: Object.fromEntries(Object.keys(headers).map(h => [h, { schema: { type: "string" } }])),
                    },
                },
                "x-amazon-apigateway-integration": {
                    type: "mock",
                    requestTemplates: { "application/json": `{"statusCode": ${PREFLIGHT_STATUS}}` },
                    passthroughBehavior: "when_no_match",
                    responses: {
                        default: {
                            statusCode: PREFLIGHT_STATUS,
                            responseParameters: Object.fromEntries(
                                Object.entries(headers).map(([h, v]) => [`method.response.header.${h}`, literal(v)]),
                            ),
                            ...(template ? { responseTemplates: { "application/json": template } } : {}),
                        },
                    },
                },
            },
        };
    }
    const responseParameters = gatewayResponseParameters(cors);
    const responses = Object.fromEntries(GATEWAY_RESPONSE_TYPES.map(type => [type, { responseParameters }]));
    return { from: "cors", paths, extensions: { "x-amazon-apigateway-gateway-responses": responses } };
}
