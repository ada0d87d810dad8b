// An HTTP API's definition as one OpenAPI 3.0 document, imported into the
// aws.apigatewayv2.Api as its body (ImportApi, then ReimportApi on every change:
// one write whatever the number of routes). The routes' share is rendered here:
// one operation per route key, each with exactly one security requirement
// (httpAuthorizers.ts) and its x-amazon-apigateway-integration
// (httpApiIntegration.ts); the $default route is API Gateway's "/$default" path
// with an x-amazon-apigateway-any-method operation marked isDefaultRoute. The
// other shares (authorizers, CORS) are assembled with it by openApi.ts's
// assembleDocument, as for REST APIs, and the deployment's trigger hashes the
// whole document.
//
// disableExecuteApiEndpoint is in the document too ("x-amazon-apigateway-endpoint-configuration",
// which OpenAPI 3.0 documents carry on a server object), so a reimport never
// turns the execute-api endpoint back on behind the mutual TLS domain.
import type { DocumentShare, OpenApiOperation, OperationKey } from "../shared/openApiShare";
import type { ApiMethod, RouteModel } from "../routes/routeModel";
import { DEFAULT_ROUTE } from "../routes/routeModel";
import { assembleDocument, operationKey } from "./openApi";
import type { HttpResolvedTarget } from "./httpApiIntegration";
import { httpIntegrationExtension } from "./httpApiIntegration";

export interface HttpDocumentInputs<H, I> {
    readonly title: string;
    readonly description?: string;
    readonly model: RouteModel<H, I>;
    readonly target: (m: ApiMethod<H, I>) => HttpResolvedTarget;
    readonly security: (m: ApiMethod<H, I>) => readonly Record<string, readonly string[]>[];
    readonly shares: readonly (DocumentShare | undefined)[];
    readonly disableExecuteApiEndpoint: boolean;
}

/** The OpenAPI path of a route: its path, or "/$default" for the catch-all. */
export const openApiPath = (path: string): string => (path === DEFAULT_ROUTE ? `/${DEFAULT_ROUTE}` : path);

/**
 * The path's parameters as an HTTP API's export declares them: each {name}, and a
 * greedy {name+} under its template name "name+" (as OpenAPI reads the template;
 * REST API exports drop the "+"), each required.
 */
export function httpPathParameters(path: string): { name: string; in: "path"; required: true; schema: { type: "string" } }[] {
    return path.split("/").flatMap(s => {
        const m = /^\{([A-Za-z0-9._-]+\+?)\}$/.exec(s);
        return m ? [{ name: m[1], in: "path" as const, required: true as const, schema: { type: "string" as const } }] : [];
    });
}

/** The routes' share: one operation per route key. */
export function httpRoutesShare<H, I>(inputs: Pick<HttpDocumentInputs<H, I>, "model" | "target" | "security">): DocumentShare {
    const paths: Record<string, Partial<Record<OperationKey, OpenApiOperation>>> = {};
    for (const m of inputs.model.methods) {
        const catchAll = m.path === DEFAULT_ROUTE;
        const parameters = catchAll ? [] : httpPathParameters(m.path);
        (paths[openApiPath(m.path)] ??= {})[operationKey(m.method)] = {
            ...(catchAll ? { isDefaultRoute: true } : {}),
            ...(parameters.length ? { parameters } : {}),
            responses: { default: { description: "The integration's response, passed through" } },
            security: inputs.security(m).map(r => ({ ...r })),
            "x-amazon-apigateway-integration": httpIntegrationExtension(inputs.target(m)),
        };
    }
    return { from: "routes", paths };
}

/** The whole document: the routes' share, every feature's, and the endpoint setting. */
export function httpApiDocument<H, I>(inputs: HttpDocumentInputs<H, I>): Record<string, unknown> {
    return assembleDocument({ title: inputs.title, description: inputs.description }, [
        httpRoutesShare(inputs),
        // The import algorithm HTTP API exports name (its only version), so the import reads the document as they are read.
        { from: "import", extensions: { "x-amazon-apigateway-importexport-version": "1.0" } },
        // HTTP APIs read the endpoint setting from servers (REST APIs from an extension at the top).
        inputs.disableExecuteApiEndpoint
            ? {
                  from: "endpoint configuration",
                  servers: [{ url: "/", "x-amazon-apigateway-endpoint-configuration": { disableExecuteApiEndpoint: true } }],
              }
            : undefined,
        ...inputs.shares,
    ]);
}
