// Route helpers of the secure-api SDK. This file is not generated from
// schema.yaml: `make gen` copies it from
// provider/cmd/pulumi-gen-secure-api/overlays/nodejs/ into sdk/nodejs/ (edit it there).
//
// They mirror the reference library's add_resource_and_lambda_methods,
// add_lambda_methods and add_methods: each returns one Route (a RouteArgs) for
// the `routes` input of SecureRestApi or IAMSecureRestApi.
//
//     new SecureRestApi("api", {
//         routes: [
//             lambdaMethods(fn, Http.GET),                       // GET /
//             lambdaRoute(fn, "/items/{id}", Http.GET, Http.PUT),
//             integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/ping", Http.GET),
//         ],
//     });

import type * as pulumiAws from "@pulumi/aws";
import type * as inputs from "./types/input";
import { Http } from "./types/enums";

const httpMethods: ReadonlySet<string> = new Set(Object.values(Http));

function checkMethods(helper: string, methods: Http[]): Http[] {
    if (methods.length === 0) {
        throw new Error(`${helper}: at least one HTTP method is required (e.g. Http.GET)`);
    }
    for (const m of methods) {
        if (!httpMethods.has(m)) {
            throw new Error(`${helper}: unknown HTTP method ${JSON.stringify(m)}; expected one of ${[...httpMethods].join(", ")}`);
        }
    }
    return [...methods];
}

function checkPath(helper: string, path: string): string {
    if (typeof path !== "string" || !path.startsWith("/")) {
        throw new Error(`${helper}: path must be a string starting with "/", got ${JSON.stringify(path)}`);
    }
    return path;
}

/**
 * A route answering `methods` on `path`, served by the Lambda function `handler`
 * through a proxy integration; the component adds the invoke permission.
 * The counterpart of the reference library's `add_resource_and_lambda_methods(handler, "/path", *methods)`.
 *
 * @param handler The Lambda function serving the route.
 * @param path The resource path, e.g. "/items/{id}"; nested paths and {param} / {proxy+} segments are allowed.
 * @param methods At least one HTTP method, e.g. Http.GET, Http.POST.
 * @throws Error when no method (or an unknown one) is given.
 */
export function lambdaRoute(handler: pulumiAws.lambda.Function, path: string, ...methods: Http[]): inputs.RouteArgs {
    return { path: checkPath("lambdaRoute", path), methods: checkMethods("lambdaRoute", methods), handler };
}

/**
 * A route answering `methods` on the API's root path ("/"), served by the Lambda function `handler`.
 * The counterpart of the reference library's `add_lambda_methods(handler, *methods)`.
 *
 * @param handler The Lambda function serving the route.
 * @param methods At least one HTTP method.
 * @throws Error when no method (or an unknown one) is given.
 */
export function lambdaMethods(handler: pulumiAws.lambda.Function, ...methods: Http[]): inputs.RouteArgs {
    return { path: "/", methods: checkMethods("lambdaMethods", methods), handler };
}

/**
 * A route answering `methods` on `path`, served by a generic integration (HTTP, HTTP_PROXY, AWS, AWS_PROXY or MOCK).
 * The counterpart of the reference library's `add_methods(integration, *methods, resource=...)`.
 *
 * @param integration The integration serving the route.
 * @param path The resource path, e.g. "/ping".
 * @param methods At least one HTTP method.
 * @throws Error when no method (or an unknown one) is given.
 */
export function integrationRoute(integration: inputs.IntegrationArgs, path: string, ...methods: Http[]): inputs.RouteArgs {
    return { path: checkPath("integrationRoute", path), methods: checkMethods("integrationRoute", methods), integration };
}

/**
 * A route answering `methods` on the API's root path ("/"), served by a generic integration.
 * The counterpart of the reference library's `add_methods(integration, *methods)` without a resource.
 *
 * @param integration The integration serving the route.
 * @param methods At least one HTTP method.
 * @throws Error when no method (or an unknown one) is given.
 */
export function integrationMethods(integration: inputs.IntegrationArgs, ...methods: Http[]): inputs.RouteArgs {
    return { path: "/", methods: checkMethods("integrationMethods", methods), integration };
}
