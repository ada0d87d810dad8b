// The API's definition as one OpenAPI 3.0 document with API Gateway's
// extensions, set as the RestApi's body: one PutRestApi instead of a Resource,
// a Method and an Integration per route (API Gateway's control plane allows
// 10 calls/s per account; CreateResource 5/s). The route model stays the one
// source of truth: this file renders the routes' share (each operation with the
// component's security requirement and its integration) and merges the shares
// the features contribute (shared/openApiShare.ts): CORS preflights and gateway
// responses (edge/cors.ts), the resource policy (edge/resourcePolicy.ts), the
// endpoint configuration and key source (edge/edgeInputs.ts), binary media types
// and compression (apiOptions.ts), the document-level security and servers
// (edge/edgeInputs.ts, edge/servers.ts).
//
// PutRestApi in overwrite mode (the aws provider's default) resets every API
// property the body does not carry (policy, binary media types, minimum
// compression size, key source, endpoint configuration: pulumi/pulumi-aws#4296),
// so each share puts its settings in the body as well as in the RestApi's arguments.
//
// Rendered with sorted keys and two-space indentation, so equal inputs give the
// same text and `pulumi preview --diff` shows the routes that changed.
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import type { Http } from "../shared/schema-types";
import type { DocumentShare, OpenApiOperation, OperationKey } from "../shared/openApiShare";
import { respelledCacheKeys, uniqueParameters } from "../shared/openApiShare";
import type { ApiMethod, RouteModel } from "../routes/routeModel";
import { pathParameters } from "../routes/routeModel";
import { integrationExtension, ResolvedTarget } from "./integration";

/** API Gateway's limit on an imported or put API definition: 6 MB (ImportRestApi/PutRestApi `body`, API Gateway API reference). */
export const OPENAPI_BODY_LIMIT = 6 * 1024 * 1024;

export interface OpenApiInputs<H, I, S = unknown> {
    readonly title: string;
    readonly description?: string;
    /** info.version: the user's definition's, else 1.0. */
    readonly version?: string;
    readonly model: RouteModel<H, I, S>;
    /** Each method's target, resolved to plain data. */
    readonly target: (m: ApiMethod<H, I, S>) => ResolvedTarget;
    /** The security requirement of each route operation (the component's own security, or a route's authorizer; [] for a public operation). */
    readonly security: (m: ApiMethod<H, I, S>) => readonly Record<string, readonly string[]>[];
    /** What features add to a route operation (request validation); its parameters join the path's. */
    readonly operationExtras?: (m: ApiMethod<H, I, S>) => OpenApiOperation | undefined;
    /** What the features contribute; the component's security schemes among them. */
    readonly shares: readonly (DocumentShare | undefined)[];
}

/** OpenAPI's key of an operation under its path. */
export function operationKey(method: Http): OperationKey {
    return method === "ANY" ? "x-amazon-apigateway-any-method" : (method.toLowerCase() as OperationKey);
}

/**
 * The routes' share: one operation per (path, method) of the model, each requiring the component's security.
 * An operation of the user's definition starts from the operation as written (m.openApi): its
 * summary, request body, responses and the like stay; its security and integration are the component's.
 */
export function routesShare<H, I, S>(
    inputs: Pick<OpenApiInputs<H, I, S>, "model" | "target" | "security" | "operationExtras">,
): DocumentShare {
    const paths: Record<string, Partial<Record<OperationKey, OpenApiOperation>>> = {};
    for (const m of inputs.model.methods) {
        const { extension, proxy, responses } = integrationExtension(inputs.target(m));
        const { parameters: ownParameters, ...base } = (m.openApi?.operation ?? {}) as OpenApiOperation;
        const {
            parameters: extraParameters,
            "x-amazon-apigateway-integration": integrationExtras,
            ...extras
        } = inputs.operationExtras?.(m) ?? {};
        // The definition's own parameters last, so they win over what features add (a cache's optional x-api-key
        // does not replace the file's required X-Api-Key), and a cache key names the header as the winner spells it.
        const parameters = uniqueParameters([
            ...pathParameters(m.path),
            ...((extraParameters as unknown[] | undefined) ?? []),
            ...((ownParameters as unknown[] | undefined) ?? []),
        ]);
        const cacheKeys = (integrationExtras as { cacheKeyParameters?: string[] } | undefined)?.cacheKeyParameters;
        (paths[m.path] ??= {})[operationKey(m.method)] = {
            ...base,
            ...extras,
            ...(parameters.length ? { parameters } : {}),
            // A proxy integration passes the backend's response through; the 200 is what a client can expect of the others.
            // An integration that answers set codes (a state machine's 200/400/500) needs a method response for
            // each (PutIntegrationResponse refuses a status code the method does not declare): added to the file's.
            responses: base.responses
                ? { ...(responses ?? {}), ...(base.responses as Record<string, unknown>) }
                : (responses ?? { "200": { description: proxy ? "The integration's response, passed through" : "200 response" } }),
            security: inputs.security(m).map(r => ({ ...r })),
            "x-amazon-apigateway-integration": withCacheKeys(extension, cacheKeys && respelledCacheKeys(cacheKeys, parameters)),
        };
    }
    return { from: "routes", paths };
}

function withCacheKeys(extension: Record<string, unknown>, keys: readonly string[] | undefined): Record<string, unknown> {
    if (!keys?.length) return extension;
    const own = (extension.cacheKeyParameters as string[] | undefined) ?? [];
    return { ...extension, cacheKeyParameters: [...new Set([...own, ...keys])] };
}

/** The whole document as a plain object: the routes' share merged with every feature's. */
export function openApiDocument<H, I, S>(inputs: OpenApiInputs<H, I, S>): Record<string, unknown> {
    return assembleDocument({ title: inputs.title, version: inputs.version, description: inputs.description }, [
        routesShare(inputs),
        ...inputs.shares,
    ]);
}

/**
 * One OpenAPI 3.0 document made of shares (each API kind renders its routes' share
 * its own way: REST above, HTTP APIs in httpApiDocument.ts): paths, security
 * schemes, schemas and extensions merged, two shares never claiming one thing.
 */
export function assembleDocument(
    info: { readonly title: string; readonly version?: string; readonly description?: string },
    given: readonly (DocumentShare | undefined)[],
): Record<string, unknown> {
    const shares = given.filter((s): s is DocumentShare => s !== undefined);
    const paths: Record<string, Record<string, { op: OpenApiOperation; from: string }>> = {};
    const schemes: Record<string, unknown> = {};
    const schemas: Record<string, unknown> = {};
    const extensions: Record<string, { value: unknown; from: string }> = {};
    const topLevel: Record<string, { value: unknown; from: string }> = {};
    for (const share of shares) {
        for (const key of ["security", "servers"] as const) {
            if (share[key] === undefined) continue;
            const seen = topLevel[key];
            if (seen) throw new Error(`OpenAPI document: ${key} comes from both ${seen.from} and ${share.from}`);
            topLevel[key] = { value: share[key], from: share.from };
        }
        for (const [path, ops] of Object.entries(share.paths ?? {})) {
            for (const [key, op] of Object.entries(ops)) {
                const seen = paths[path]?.[key];
                // Input checks keep shares apart (a route may not define OPTIONS when cors is set); two claims would be a bug here.
                if (seen) throw new ShareConflict(`${key} ${path} comes from both ${seen.from} and ${share.from}`);
                (paths[path] ??= {})[key] = { op: op!, from: share.from };
            }
        }
        for (const [name, scheme] of Object.entries(share.securitySchemes ?? {})) {
            if (name in schemes) throw new ShareConflict(`security scheme ${name} comes twice (${share.from})`);
            schemes[name] = scheme;
        }
        for (const [name, schema] of Object.entries(share.schemas ?? {})) {
            if (name in schemas && !sameJson(schemas[name], schema))
                throw new ShareConflict(`the model ${name} comes twice (${share.from})`);
            schemas[name] = schema;
        }
        for (const [name, value] of Object.entries(share.extensions ?? {})) {
            const seen = extensions[name];
            if (!seen) {
                extensions[name] = { value, from: share.from };
            } else if (sameJson(seen.value, value)) {
                continue;
            } else if (
                isObject(seen.value) &&
                isObject(value) &&
                Object.keys(value).every(
                    k => !(k in (seen.value as object)) || sameJson((seen.value as Record<string, unknown>)[k], value[k]),
                )
            ) {
                extensions[name] = { value: { ...seen.value, ...value }, from: `${seen.from} and ${share.from}` };
            } else {
                const keys = isObject(seen.value) && isObject(value) ? Object.keys(value).filter(k => k in (seen.value as object)) : [];
                throw new ShareConflict(
                    `${name}${keys.length ? ` (${keys.join(", ")})` : ""} comes from both ${seen.from} and ${share.from}`,
                );
            }
        }
    }
    return {
        openapi: "3.0.1",
        info: { title: info.title, version: info.version ?? "1.0", ...(info.description ? { description: info.description } : {}) },
        paths: Object.fromEntries(
            Object.entries(paths).map(([p, ops]) => [p, Object.fromEntries(Object.entries(ops).map(([k, v]) => [k, v.op]))]),
        ),
        ...(Object.keys(schemes).length || Object.keys(schemas).length
            ? {
                  components: {
                      ...(Object.keys(schemes).length ? { securitySchemes: schemes } : {}),
                      ...(Object.keys(schemas).length ? { schemas } : {}),
                  },
              }
            : {}),
        ...Object.fromEntries(Object.entries(topLevel).map(([k, v]) => [k, v.value])),
        ...Object.fromEntries(Object.entries(extensions).map(([k, v]) => [k, v.value])),
    };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const sameJson = (a: unknown, b: unknown) => renderDocument(a) === renderDocument(b);

/** Two shares claim one thing: input checks keep the component's own features apart, so it names what the user's definition clashes with. */
export class ShareConflict extends Error {
    constructor(what: string) {
        super(`OpenAPI document: ${what}`);
        this.name = "ShareConflict";
    }
}

/** JSON text with every object's keys sorted and two-space indentation: equal documents are equal text. */
export function renderDocument(doc: unknown): string {
    return JSON.stringify(
        doc,
        (_k, v) =>
            v && typeof v === "object" && !Array.isArray(v)
                ? Object.fromEntries(
                      Object.keys(v)
                          .sort()
                          .map(k => [k, (v as Record<string, unknown>)[k]]),
                  )
                : v,
        2,
    );
}

/** A deployment's redeploy trigger: the hash of the body the API holds (a transform may have changed what the component rendered). */
export function bodyHash(body: pulumi.Output<string | undefined>): pulumi.Output<string> {
    return body.apply(text =>
        createHash("sha256")
            .update(text ?? "")
            .digest("hex"),
    );
}
