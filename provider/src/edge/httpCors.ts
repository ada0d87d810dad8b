// CORS on an HTTP API. Unlike a REST API (cors.ts: an OPTIONS operation per
// path), an HTTP API has a CORS configuration of its own: API Gateway answers a
// browser's preflight itself, without authorization and without calling any
// integration, and adds the CORS headers to every response ("Configuring CORS
// for an HTTP API"). It does so only for an OPTIONS request that no route
// matches: a route whose method is ANY, or the $default catch-all, would take
// the preflight and require its authorization, which a browser's preflight
// never carries. So with cors no route may be OPTIONS, ANY or $default; the
// component never publishes an unauthenticated route of its own.
//
// The configuration is in the document (x-amazon-apigateway-cors, so the
// deployment's trigger covers it) and on the Api resource (corsConfiguration):
// the aws provider re-applies (or deletes) its own corsConfiguration after every
// ReimportApi of the body, so the two must say the same.
import type * as aws from "@pulumi/aws";
import type { InputChecker } from "../shared/inputErrors";
import type { DocumentShare } from "../shared/openApiShare";
import { DEFAULT_ROUTE, normalizePath } from "../routes/routeModel";
import type { CorsInputs, Http } from "../shared/schema-types";
import { HttpValues } from "../shared/schema-types";
import { CorsSettings, corsSettings } from "./cors";

export interface HttpCorsSettings extends CorsSettings {
    readonly allowMethods: readonly string[];
}

/**
 * Checks `cors` as for every component (cors.ts: origins, headers, max age, no
 * OPTIONS route), refuses ANY and $default routes, and fills in allowMethods:
 * every method the routes answer, and OPTIONS.
 */
export function httpCorsSettings(
    cors: CorsInputs | undefined,
    routes: unknown,
    defaultAllowHeaders: readonly string[],
    check: InputChecker,
): HttpCorsSettings | undefined {
    const settings = corsSettings(cors, routes, defaultAllowHeaders, check);
    if (!settings) return undefined;
    const used = new Set<string>(["OPTIONS"]);
    (Array.isArray(routes) ? routes : []).forEach((route, i) => {
        if (!route || typeof route !== "object") return;
        const path = typeof route.path === "string" ? route.path : "/";
        if (path === DEFAULT_ROUTE) {
            check.fail(
                `routes[${i}].path`,
                path,
                "cannot be used with cors: the $default route would take every browser's preflight and require its authorization, " +
                    "which a preflight never carries; give the routes explicit paths and methods, or leave cors out",
            );
            return;
        }
        (Array.isArray(route.methods) ? route.methods : []).forEach((method: unknown, j: number) => {
            if (method === "ANY") {
                check.fail(
                    `routes[${i}].methods[${j}]`,
                    method,
                    `cannot be used with cors: ANY ${normalizePath(path)} would also take the browser's OPTIONS preflight and require its authorization, ` +
                        "which a preflight never carries; list the methods instead (GET, POST, ...)",
                );
            } else if (typeof method === "string") {
                used.add(method);
            }
        });
    });
    const allowMethods =
        settings.allowMethods ??
        [...used]
            .filter(m => (HttpValues as readonly string[]).includes(m))
            .sort((a, b) => HttpValues.indexOf(a as Http) - HttpValues.indexOf(b as Http));
    return { ...settings, allowMethods };
}

/** API Gateway's CORS configuration of the API, as both the document and the Api resource carry it. */
function configuration(c: HttpCorsSettings) {
    return {
        allowOrigins: [...c.allowOrigins],
        allowMethods: [...c.allowMethods],
        allowHeaders: [...c.allowHeaders],
        ...(c.exposeHeaders.length ? { exposeHeaders: [...c.exposeHeaders] } : {}),
        maxAge: c.maxAge,
        allowCredentials: c.allowCredentials,
    };
}

/** CORS's share of the document: the API-level x-amazon-apigateway-cors. */
export function httpCorsShare(c: HttpCorsSettings): DocumentShare {
    return { from: "cors", extensions: { "x-amazon-apigateway-cors": configuration(c) } };
}

/** The Api resource's corsConfiguration (the same settings). */
export function apiCorsConfiguration(c: HttpCorsSettings): aws.types.input.apigatewayv2.ApiCorsConfiguration {
    return configuration(c);
}
