// The unit every feature contributes to the API's OpenAPI document (graph/openApi.ts
// assembles them): its operations by path and method, its security schemes and its
// API-level x-amazon-apigateway-* extensions. The deployment's trigger hashes the
// whole document, so whatever a feature adds here redeploys the API when it changes,
// and nothing a feature keeps out of it can (as CDK's deployment.addToLogicalId).
// Types, and OpenAPI's one-parameter-per-name rule: the features (routes, CORS,
// resource policy, API options) and the definition reader import it from their own
// folders without importing the renderer.

/** One OpenAPI operation, with API Gateway's x-amazon-apigateway-integration. Plain JSON data. */
export type OpenApiOperation = Record<string, unknown>;

/** OpenAPI's name of an operation under a path: lower-case HTTP methods, or API Gateway's ANY. */
export type OperationKey = "get" | "post" | "put" | "patch" | "delete" | "head" | "options" | "x-amazon-apigateway-any-method";

export interface DocumentShare {
    /** Which feature this share comes from, for errors when two shares claim the same thing. */
    readonly from: string;
    readonly paths?: Readonly<Record<string, Partial<Record<OperationKey, OpenApiOperation>>>>;
    readonly securitySchemes?: Readonly<Record<string, unknown>>;
    /** Models (components.schemas), e.g. request body schemas. */
    readonly schemas?: Readonly<Record<string, unknown>>;
    /**
     * Top-level x-amazon-apigateway-* extensions (gateway responses, policy, binary media types…). Two shares
     * may add to one extension object (e.g. gateway responses of different types), never to one key of it.
     */
    readonly extensions?: Readonly<Record<`x-amazon-apigateway-${string}`, unknown>>;
    /**
     * The document-level security requirement (what every operation without its own requires, for
     * readers and linters: API Gateway imports each operation's own) and servers; one share each.
     */
    readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
    readonly servers?: readonly Readonly<Record<string, unknown>>[];
}

/**
 * One parameter per location and name (OpenAPI's rule; header names compared without
 * case, as HTTP does): a later one replaces an earlier one, in the earlier one's place.
 */
export function uniqueParameters(list: readonly unknown[]): unknown[] {
    const byKey = new Map<string, unknown>();
    for (const p of list) {
        const o = p as { in?: unknown; name?: unknown } | null;
        const name = o && typeof o === "object" ? (o.in === "header" ? String(o.name).toLowerCase() : String(o.name)) : undefined;
        byKey.set(o && typeof o === "object" ? `${String(o.in)}\u0000${name}` : JSON.stringify(p), p);
    }
    return [...byKey.values()];
}

/** Cache keys naming a header spelled as the operation's parameter of that header (API Gateway matches them by name). */
export function respelledCacheKeys(keys: readonly string[], parameters: readonly unknown[]): string[] {
    const spelled = new Map<string, string>();
    for (const p of parameters) {
        const o = p as { in?: unknown; name?: unknown } | null;
        if (o && typeof o === "object" && o.in === "header" && typeof o.name === "string") spelled.set(o.name.toLowerCase(), o.name);
    }
    return keys.map(k => {
        const header = /^method\.request\.header\.(.+)$/.exec(k);
        return header ? `method.request.header.${spelled.get(header[1].toLowerCase()) ?? header[1]}` : k;
    });
}
