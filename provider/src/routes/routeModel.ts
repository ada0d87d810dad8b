// routes/: the route model, pure (no Pulumi, no AWS). May import shared only.
//
// The route model: the one description of an API's paths and methods that both
// components build their API Gateway graph from (see restApi.ts). It is pure —
// no Pulumi, no AWS — so every rule about paths and methods is tested directly.
//
// Routes in  →  validated, de-duplicated model out:
//   resources: every path prefix once (shared prefixes share one resource),
//              parents before children;
//   methods:   one per (path, HTTP method), each with its target.
// Names derive from path and method, never from a route's position, so
// reordering routes changes nothing in the deployed graph.
import { InputChecker, showValue } from "../shared/inputErrors";
import type { Http } from "../shared/schema-types";
import { HttpValues } from "../shared/schema-types";

export interface RouteSpec<H, I, S = unknown> {
    readonly path?: string;
    readonly methods: readonly string[];
    readonly handler?: H;
    readonly integration?: I;
    /** A state machine target (graph/stepFunctions.ts). */
    readonly stateMachine?: S;
    /** Set for an operation of the user's OpenAPI definition (definitionRoutes.ts). */
    readonly openApi?: RouteOpenApi;
}

/** What an operation of the user's OpenAPI definition carries into the model. */
export interface RouteOpenApi {
    /** Where the route was given, for errors (openApiDefinition.paths["/a"].get), instead of routes[i]. */
    readonly field: string;
    /** The operation as written, without security and integration: the renderer's base for it. */
    readonly operation: Readonly<Record<string, unknown>>;
    /** Listed in publicOperations: served without any authentication. */
    readonly public: boolean;
    /** Its own x-amazon-apigateway-integration, when it has one (then it has no other target). */
    readonly integration?: Readonly<Record<string, unknown>>;
}

export type MethodTarget<H, I, S = unknown> =
    | { kind: "lambda"; handler: H }
    | { kind: "integration"; integration: I }
    | { kind: "stateMachine"; stateMachine: S }
    /** The definition's own x-amazon-apigateway-integration, as written. */
    | { kind: "openApi"; extension: Readonly<Record<string, unknown>> };

/** The field errors about method `j` of route `i` name: routes[i].methods[j], or the definition's operation. */
export function routeMethodField(route: unknown, i: number, j: number): string {
    const own = route && typeof route === "object" ? (route as { openApi?: RouteOpenApi }).openApi?.field : undefined;
    return own ?? `routes[${i}].methods[${j}]`;
}

/** The field errors about route `i` name: routes[i], or where the definition gave it. */
export function routeField(route: unknown, i: number, field = "routes"): string {
    const own = route && typeof route === "object" ? (route as { openApi?: RouteOpenApi }).openApi?.field : undefined;
    return own ?? `${field}[${i}]`;
}

/** An API Gateway resource: one path below the API's root. */
export interface ApiResourceNode {
    readonly path: string;
    /** The parent's path; "/" is the API's root resource. */
    readonly parentPath: string;
    readonly pathPart: string;
}

export interface ApiMethod<H, I, S = unknown> {
    readonly path: string;
    readonly method: Http;
    readonly target: MethodTarget<H, I, S>;
    /** Set for an operation of the user's OpenAPI definition. */
    readonly openApi?: RouteOpenApi;
    /** The index of the route (in the component's routes) that defines it: per-route settings are looked up by it. */
    readonly route: number;
    /** "GET /users/{id}": unique in the API, the stem of every name derived from this method. */
    readonly key: string;
}

export interface RouteModel<H, I, S = unknown> {
    readonly resources: readonly ApiResourceNode[];
    readonly methods: readonly ApiMethod<H, I, S>[];
    /** Every path that has methods, sorted (the $default catch-all route is no path: it answers every other one). */
    readonly paths: readonly string[];
}

/**
 * An HTTP API's catch-all route (SecureHttpApi only, with `catchAll`): it answers
 * every request no other route matches, so it has every method (ANY) and no path
 * of its own; its route key, and its "path" in the model, is "$default".
 */
export const DEFAULT_ROUTE = "$default";

export interface RouteModelOptions {
    /** Accept the $default catch-all route (HTTP APIs). */
    readonly catchAll?: boolean;
    /** Why no routes at all is refused, in the API kind's terms (default: at least one route is needed). */
    readonly noRoutes?: string;
}

const LITERAL = /^[A-Za-z0-9._-]+$/;
const PARAM = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

/**
 * The path as the model keys it: one trailing "/" dropped ("/users/" is the
 * resource "/users", as users write it and as API Gateway serves it). "/"
 * stays the root; a path ending in "//" keeps its empty segment to be rejected.
 */
export function normalizePath(path: string): string {
    return path.length > 1 && path.endsWith("/") && !path.endsWith("//") ? path.slice(0, -1) : path;
}

/**
 * Splits a path into its segments, or throws a reason it is not a valid API
 * Gateway resource path. "/" has no segments; a trailing "/" is dropped first.
 */
export function pathSegments(rawPath: string): string[] {
    if (rawPath === "") throw new Error('a path must not be empty; use "/" for the root');
    if (/\s/.test(rawPath)) throw new Error("a path must not contain white space");
    if (!rawPath.startsWith("/")) throw new Error('a path must start with "/"');
    const path = normalizePath(rawPath);
    if (path === "/") return [];
    const segments = path.slice(1).split("/");
    const params = new Set<string>();
    segments.forEach((segment, i) => {
        if (segment === "") throw new Error('empty path segment ("//")');
        // Clients (browsers, curl, HTTP libraries) collapse these before sending, so the route could never be called as written.
        if (segment === "." || segment === "..") {
            throw new Error(`segment ${showValue(segment)} is not allowed: HTTP clients collapse it, so the route would be unreachable`);
        }
        if (LITERAL.test(segment)) return;
        const param = PARAM.exec(segment);
        if (!param) {
            if ((segment.match(/\{/g) ?? []).length !== (segment.match(/\}/g) ?? []).length) {
                throw new Error(`unbalanced braces in segment ${showValue(segment)}`);
            }
            if (segment.includes("{")) {
                throw new Error(
                    `segment ${showValue(segment)}: a {parameter} must be a whole segment, named with letters, digits, ".", "_" or "-"`,
                );
            }
            throw new Error(
                `segment ${showValue(segment)} has characters API Gateway does not allow (letters, digits, ".", "_", "-", or a {parameter})`,
            );
        }
        if (param[2] === "+" && i !== segments.length - 1) {
            throw new Error(`greedy parameter ${showValue(segment)} must be the last segment`);
        }
        if (params.has(param[1])) throw new Error(`parameter {${param[1]}} appears twice`);
        params.add(param[1]);
    });
    return segments;
}

/**
 * The path's parameters as an OpenAPI operation declares them: every {name}
 * and the greedy {name+} (named without the "+", as API Gateway's own export
 * does), each required, in path order.
 */
export function pathParameters(path: string): { name: string; in: "path"; required: true; schema: { type: "string" } }[] {
    return path.split("/").flatMap(s => {
        const param = PARAM.exec(s);
        return param ? [{ name: param[1], in: "path" as const, required: true as const, schema: { type: "string" as const } }] : [];
    });
}

/** The path as it appears in execute-api ARNs: parameters match any value. */
export function arnPath(path: string): string {
    return path
        .split("/")
        .map(s => (PARAM.test(s) ? "*" : s))
        .join("/");
}

/**
 * The part of an execute-api ARN after the API's execution ARN: this stage,
 * this method (any method for ANY), this path. The $default route's is
 * {stage}/$default (the ARN API Gateway invokes an HTTP API's catch-all with).
 */
export function sourceArnSuffix(stage: string, method: Http, path: string): string {
    if (path === DEFAULT_ROUTE) return `/${stage}/${DEFAULT_ROUTE}`;
    return `/${stage}/${method === "ANY" ? "*" : method}${arnPath(path)}`;
}

function isHttp(m: unknown): m is Http {
    return typeof m === "string" && (HttpValues as readonly string[]).includes(m);
}

/**
 * Validates `routes` and builds the model. Problems are reported to `check`
 * (field names like `routes[2].path`); the returned model holds only valid routes.
 */
export function buildRouteModel<H, I, S = unknown>(
    routes: readonly RouteSpec<H, I, S>[] | undefined,
    check: InputChecker,
    field = "routes",
    options: RouteModelOptions = {},
): RouteModel<H, I, S> {
    const methods = new Map<string, ApiMethod<H, I, S>>();
    const resources = new Map<string, ApiResourceNode>();
    // The one variable child each parent may have in API Gateway.
    const variableChild = new Map<string, string>();

    if (routes !== undefined && !Array.isArray(routes)) {
        check.fail(field, routes, "must be a list of routes");
        routes = [];
    }
    if (!routes || routes.length === 0) {
        check.fail(field, routes ?? [], options.noRoutes ?? "at least one route is needed");
        routes = [];
    }

    routes.forEach((route, i) => {
        const at = routeField(route, i, field);
        if (typeof route !== "object" || route === null) {
            check.fail(at, route, "must be a route object with path, methods and handler or integration");
            return;
        }
        const rawPath = route.path ?? "/";
        let segments: string[];
        if (typeof rawPath !== "string") {
            check.fail(`${at}.path`, rawPath, "must be a string");
            return;
        }
        const catchAll = options.catchAll === true && rawPath === DEFAULT_ROUTE;
        try {
            segments = catchAll ? [] : pathSegments(rawPath);
        } catch (e) {
            const hint = options.catchAll && rawPath.startsWith("$") ? ` (the catch-all route is written ${DEFAULT_ROUTE})` : "";
            check.fail(`${at}.path`, rawPath, (e as Error).message + hint);
            return;
        }
        const path = catchAll ? DEFAULT_ROUTE : normalizePath(rawPath);

        const given = (v: unknown) => v !== undefined && v !== null;
        const targets = [
            given(route.handler) && "handler",
            given(route.integration) && "integration",
            given(route.stateMachine) && "stateMachine",
            given(route.openApi?.integration) && "its own x-amazon-apigateway-integration",
        ].filter((t): t is string => typeof t === "string");
        if (targets.length !== 1) {
            check.fail(
                at,
                route.openApi ? `${route.methods.join(",")} ${rawPath}` : { path: rawPath, methods: route.methods },
                targets.length
                    ? `give one of ${targets.join(" and ")}, not both`
                    : route.openApi
                      ? "has no x-amazon-apigateway-integration and no target: bind its operationId in operations (handler, integration or stateMachine), or write its integration"
                      : "needs a handler (a Lambda function), an integration or a stateMachine",
            );
            return;
        }
        const target: MethodTarget<H, I, S> = given(route.handler)
            ? { kind: "lambda", handler: route.handler as H }
            : given(route.integration)
              ? { kind: "integration", integration: route.integration as I }
              : given(route.stateMachine)
                ? { kind: "stateMachine", stateMachine: route.stateMachine as S }
                : { kind: "openApi", extension: route.openApi!.integration! };

        if (!Array.isArray(route.methods) || route.methods.length === 0) {
            check.fail(`${at}.methods`, route.methods, "at least one HTTP method is needed");
            return;
        }
        if (catchAll) {
            // API Gateway's $default route has no method of its own: it takes whatever no other route does.
            if (route.methods.length !== 1 || route.methods[0] !== "ANY") {
                check.fail(`${at}.methods`, route.methods, `the ${DEFAULT_ROUTE} route answers every method: give ["ANY"]`);
            } else if (methods.has(DEFAULT_ROUTE)) {
                check.fail(at, { path: rawPath, methods: route.methods }, `the ${DEFAULT_ROUTE} route is defined twice`);
            } else {
                methods.set(DEFAULT_ROUTE, { path: DEFAULT_ROUTE, method: "ANY", target, key: DEFAULT_ROUTE, route: i });
            }
            return;
        }

        // Register the path's resources; a second variable name under one parent is an API Gateway error.
        let conflict = false;
        let parentPath = "/";
        for (const segment of segments) {
            const childPath = parentPath === "/" ? `/${segment}` : `${parentPath}/${segment}`;
            if (PARAM.test(segment)) {
                const existing = variableChild.get(parentPath);
                if (existing !== undefined && existing !== segment) {
                    check.fail(
                        `${at}.path`,
                        rawPath,
                        `${showValue(segment)} conflicts with ${showValue(existing)} under ${showValue(parentPath)}: API Gateway allows one {parameter} per level`,
                    );
                    conflict = true;
                    break;
                }
                variableChild.set(parentPath, segment);
            }
            if (!resources.has(childPath)) resources.set(childPath, { path: childPath, parentPath, pathPart: segment });
            parentPath = childPath;
        }
        if (conflict) return;

        route.methods.forEach((method: unknown, j: number) => {
            if (!isHttp(method)) {
                const hint = typeof method === "string" && isHttp(method.toUpperCase()) ? ` (did you mean ${method.toUpperCase()}?)` : "";
                check.fail(`${at}.methods[${j}]`, method, `unknown HTTP method${hint}; use one of ${HttpValues.join(", ")}`);
                return;
            }
            // ANY beside an explicit method of the same path is fine: API Gateway
            // serves the explicit one for its method and ANY for the rest.
            const key = `${method} ${path}`;
            const first = methods.get(key);
            if (first) {
                const where = routeField(routes![first.route], first.route, field);
                check.fail(route.openApi ? at : `${at}.methods[${j}]`, method, `${key} is defined twice: also by ${where}`);
                return;
            }
            methods.set(key, { path, method, target, key, route: i, ...(route.openApi ? { openApi: route.openApi } : {}) });
        });
    });

    const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
    const methodOrder = (a: ApiMethod<H, I, S>, b: ApiMethod<H, I, S>) =>
        byPath(a, b) || HttpValues.indexOf(a.method) - HttpValues.indexOf(b.method);
    const sortedMethods = [...methods.values()].sort(methodOrder);
    return {
        // Sorting by path puts every parent before its children.
        resources: [...resources.values()].sort(byPath),
        methods: sortedMethods,
        paths: [...new Set(sortedMethods.filter(m => m.path !== DEFAULT_ROUTE).map(m => m.path))],
    };
}
