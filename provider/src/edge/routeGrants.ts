// Route grants: an IAM identity limited to some methods and paths of the
// deployed stage (IAMSecureRestApi's invokerGrants and policyRoutes). A grant
// names one of the component's routes; it becomes the tail of an
// execute-api:Invoke resource, {METHOD}/{path}, under the stage: the method,
// or "*" for ANY; the path without its leading "/", each {param} or {proxy+}
// segment as "*" (the root is the empty path, so GET/ is the root's GET).
// API Gateway's method ARNs are arn:{partition}:execute-api:{region}:{account}:
// {apiId}/{stage}/{METHOD}/{path}, and resource policies take the short form
// execute-api:/{stage}/{METHOD}/{path} ("Control access to an API with IAM
// permissions" and "API Gateway resource policy examples", API Gateway
// developer guide). A "*" in an IAM resource also matches "/", so a grant on
// /orders/{id} covers deeper paths under /orders/ too, if the API has any.
// A route with an authorizer of its own is not authorized by IAM, so an IAM
// grant cannot reach it and is refused. "/orders/" and "/orders" are one path,
// as in the route model.
import type { InputChecker } from "../shared/inputErrors";
import { DEFAULT_ROUTE, normalizePath } from "../routes/routeModel";

/** A checked grant: the route as written, and the resource tail it grants. */
export interface RouteGrant {
    readonly method: string;
    readonly path: string;
    /** {METHOD}/{path}, to follow "{stage}/". */
    readonly resource: string;
}

const METHODS = ["OPTIONS", "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "ANY"];

/** {METHOD}/{path} of a method on a route path, parameters as "*"; an HTTP API's catch-all route is just $default. */
export function grantResource(method: string, path: string): string {
    if (path === DEFAULT_ROUTE) return DEFAULT_ROUTE;
    const tail = path
        .split("/")
        .filter(s => s !== "")
        .map(s => (/^\{.+\}$/.test(s) ? "*" : s))
        .join("/");
    return `${method === "ANY" ? "*" : method}/${tail}`;
}

export interface RouteLike {
    readonly path?: unknown;
    readonly methods?: unknown;
    readonly authorizer?: unknown;
    /** A definition's operation (routes/definitionRoutes.ts): public when listed in publicOperations. */
    readonly openApi?: { readonly public?: boolean };
}

/** Whether IAM decides a route's calls: on the REST components, when it has no authorizer of its own. */
export type IamRoute = (route: RouteLike) => boolean;
const restIamRoute: IamRoute = r => r.authorizer === undefined || r.authorizer === null;

interface PathMethods {
    readonly iam: Set<string>;
    readonly authorizer: Set<string>;
    /** A definition's public operations: no authorization at all. */
    readonly open: Set<string>;
}

/** The methods each route path answers with IAM, with an authorizer of the route's own, and open (a path may be listed by several routes). */
function methodsByPath(routes: unknown, iamRoute: IamRoute): Map<string, PathMethods> {
    const byPath = new Map<string, PathMethods>();
    if (!Array.isArray(routes)) return byPath;
    for (const r of routes as RouteLike[]) {
        if (r === null || typeof r !== "object") continue;
        const path = normalizePath(typeof r.path === "string" ? r.path : "/");
        const sets = byPath.get(path) ?? { iam: new Set<string>(), authorizer: new Set<string>(), open: new Set<string>() };
        const set = r.openApi?.public ? sets.open : iamRoute(r) ? sets.iam : sets.authorizer;
        if (Array.isArray(r.methods)) r.methods.forEach(m => typeof m === "string" && set.add(m));
        byPath.set(path, sets);
    }
    return byPath;
}

/**
 * Checks a list of grants at `field` against the component's routes: each a
 * { method, path } of a route that answers it, none twice. Undefined when absent or invalid.
 */
export function routeGrants(
    field: string,
    value: unknown,
    routes: unknown,
    check: InputChecker,
    iamRoute: IamRoute = restIamRoute,
): readonly RouteGrant[] | undefined {
    if (value === undefined || value === null) return undefined;
    if (!Array.isArray(value) || value.length === 0) {
        check.fail(field, value, "must be a non-empty list of { method, path } naming the component's routes");
        return undefined;
    }
    const known = methodsByPath(routes, iamRoute);
    const seen = new Set<string>();
    const grants: RouteGrant[] = [];
    let ok = true;
    value.forEach((g: unknown, i) => {
        const at = `${field}[${i}]`;
        if (g === null || typeof g !== "object" || Array.isArray(g)) {
            check.fail(at, g, 'must be { method, path }, e.g. { method: "GET", path: "/orders/{id}" }');
            ok = false;
            return;
        }
        const { method, path } = g as { method?: unknown; path?: unknown };
        if (typeof method !== "string" || !METHODS.includes(method)) {
            check.fail(`${at}.method`, method, `must be one of ${METHODS.join(", ")}`);
            ok = false;
            return;
        }
        if (typeof path !== "string") {
            check.fail(`${at}.path`, path, "must be the path of one of the component's routes, e.g. /orders/{id}");
            ok = false;
            return;
        }
        const sets = known.get(normalizePath(path));
        if (sets === undefined) {
            const paths = [...known.keys()];
            check.fail(
                `${at}.path`,
                path,
                `is not a path of the component's routes (${paths.length ? paths.map(p => JSON.stringify(p)).join(", ") : "it has none"}); write it exactly as the route does`,
            );
            ok = false;
            return;
        }
        const answers = (set: Set<string>) => (method === "ANY" ? set.size > 0 : set.has(method) || set.has("ANY"));
        if (!answers(sets.iam)) {
            const all = [...sets.iam, ...sets.authorizer, ...sets.open];
            check.fail(
                `${at}.method`,
                method,
                answers(sets.authorizer)
                    ? `route ${JSON.stringify(path)} authorizes ${method} with its own authorizer, not AWS_IAM, so an IAM grant cannot reach it`
                    : answers(sets.open)
                      ? `"${method} ${path}" is in publicOperations (served without any authorization), so an IAM grant has nothing to allow`
                      : `route ${JSON.stringify(path)} does not answer ${method} (its methods: ${all.join(", ")})`,
            );
            ok = false;
            return;
        }
        const resource = grantResource(method, path);
        if (seen.has(resource)) {
            check.fail(at, { method, path }, "is listed twice");
            ok = false;
            return;
        }
        seen.add(resource);
        grants.push({ method, path, resource });
    });
    return ok ? grants : undefined;
}
