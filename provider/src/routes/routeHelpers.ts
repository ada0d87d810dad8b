// Helpers mirroring the reference library's add_resource_and_lambda_methods,
// add_lambda_methods and add_methods: each returns a Route for `routes`.
import type * as aws from "@pulumi/aws";
import type { Http as HttpMethod, IntegrationInputs, RouteInputs } from "../shared/schema-types";

/** The HTTP methods a route can answer, as named constants: Http.GET, Http.POST, ... */
export const Http = {
    OPTIONS: "OPTIONS",
    GET: "GET",
    HEAD: "HEAD",
    PUT: "PUT",
    POST: "POST",
    DELETE: "DELETE",
    PATCH: "PATCH",
    ANY: "ANY",
} as const satisfies Record<HttpMethod, HttpMethod>;
export type Http = HttpMethod;

/** `methods` on `path`, served by a Lambda function (add_resource_and_lambda_methods). */
export function lambdaRoute(handler: aws.lambda.Function, path: string, ...methods: HttpMethod[]): RouteInputs {
    return { path, methods, handler };
}

/** `methods` on the API's root, served by a Lambda function (add_lambda_methods). */
export function lambdaMethods(handler: aws.lambda.Function, ...methods: HttpMethod[]): RouteInputs {
    return { path: "/", methods, handler };
}

/** `methods` on `path`, served by a generic integration (add_methods with a resource). */
export function integrationRoute(integration: IntegrationInputs, path: string, ...methods: HttpMethod[]): RouteInputs {
    return { path, methods, integration };
}

/** `methods` on the API's root, served by a generic integration (add_methods). */
export function integrationMethods(integration: IntegrationInputs, ...methods: HttpMethod[]): RouteInputs {
    return { path: "/", methods, integration };
}
