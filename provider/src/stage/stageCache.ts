// The stage cache (stageCache, SecureRestApi): API Gateway answers a GET from its
// cache instead of calling the integration, for ttlInSeconds (checkov CKV_AWS_120,
// CKV_AWS_225, CKV_AWS_308; Security Hub APIGateway.5). A cache serves stored
// responses, so what it stores them under decides who gets them: every route
// operation keys its cache on the caller (the x-api-key header, and the identity
// sources of the route's authorizer), on its path parameters (a {proxy+} or {id}
// is not in API Gateway's default key) and on the request parameters the program
// names (keyParameters); in the document that is each operation's header and query
// parameters and its integration's cacheKeyParameters (x-amazon-apigateway-integration,
// as API Gateway's import reads them). A client cannot bypass it with
// Cache-Control: max-age=0 unless authorized to invalidate (execute-api:InvalidateCache),
// else 403. Cached data is always encrypted.
// AWS's terms (API Gateway developer guide, "Cache settings for REST APIs"): sizes
// 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237 GB; TTL 0 to 3600 seconds (default
// 300); only GET methods are cached when caching is on for the stage; creating or
// resizing the cache takes up to 4 minutes and empties it; billed by the hour
// (0.5 GB: $0.020 an hour in us-east-1, about $14.60 a month), never free tier.
// IAMSecureRestApi has no cache: a SigV4 Authorization header differs on every
// request, so a cache keyed on the caller would never hit, and one that is not
// would serve one identity's responses to another.
import type * as aws from "@pulumi/aws";
import type { InputChecker } from "../shared/inputErrors";
import type { OpenApiOperation } from "../shared/openApiShare";
import type { StageCacheInputs } from "../shared/schema-types";

/** API Gateway's cache sizes (GB), as the stage's cacheClusterSize takes them. */
export const CACHE_SIZES = ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"] as const;
export const CACHE_TTL = { min: 0, max: 3600, default: 300 } as const;

// A request parameter a cache may be keyed on: a header or query string of the method request.
const KEY_PARAMETER = /^method\.request\.(header|querystring)\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;

export interface StageCacheSettings {
    readonly size: (typeof CACHE_SIZES)[number];
    readonly ttlInSeconds: number;
    /** Request parameters (method.request.header.X, method.request.querystring.Y) every cached operation is also keyed on. */
    readonly keyParameters: readonly string[];
}

/**
 * stageCache checked: undefined when off. `offered`: the component can key a cache on its
 * caller (SecureRestApi's x-api-key); otherwise the input is refused with `why`.
 */
export function stageCacheSettings(
    input: StageCacheInputs | undefined,
    offered: { readonly ok: boolean; readonly why?: string },
    check: InputChecker,
): StageCacheSettings | undefined {
    if (input === undefined || input === null) return undefined;
    if (typeof input !== "object" || Array.isArray(input)) {
        check.fail("stageCache", input, "must be an object with enabled, sizeGb, ttlInSeconds and keyParameters");
        return undefined;
    }
    const enabled = input.enabled ?? true;
    if (typeof enabled !== "boolean") check.fail("stageCache.enabled", enabled, "must be true or false");
    if (enabled !== true) return undefined;
    if (!offered.ok) {
        check.fail("stageCache", input, offered.why ?? "is not offered by this component");
        return undefined;
    }
    const sizeGb = input.sizeGb ?? 0.5;
    const size = CACHE_SIZES.find(s => Number(s) === sizeGb);
    if (size === undefined)
        check.fail("stageCache.sizeGb", sizeGb, `must be one of API Gateway's cache sizes: ${CACHE_SIZES.join(", ")} (GB)`);
    const ttl = input.ttlInSeconds ?? CACHE_TTL.default;
    if (!Number.isSafeInteger(ttl) || ttl < CACHE_TTL.min || ttl > CACHE_TTL.max) {
        check.fail(
            "stageCache.ttlInSeconds",
            ttl,
            `must be a whole number of seconds from ${CACHE_TTL.min} to ${CACHE_TTL.max} (API Gateway's range)`,
        );
    }
    const keys = input.keyParameters ?? [];
    if (!Array.isArray(keys)) {
        check.fail("stageCache.keyParameters", keys, "must be a list of request parameters");
    } else {
        keys.forEach((k, i) => {
            if (typeof k !== "string" || !KEY_PARAMETER.test(k))
                check.fail(
                    `stageCache.keyParameters[${i}]`,
                    k,
                    "must be method.request.header.{name} or method.request.querystring.{name} (path parameters are keys already)",
                );
        });
    }
    return {
        size: size ?? "0.5",
        ttlInSeconds: ttl,
        keyParameters: Array.isArray(keys) ? [...new Set(keys.filter(k => typeof k === "string"))] : [],
    };
}

/**
 * A route's authorizer identifies its caller by its identity sources; a cache can be keyed
 * only on those that are request parameters. One that is not (context.*, stageVariables.*)
 * leaves the caller out of the key: refused, naming the authorizer.
 */
export function checkCacheableIdentity(authorizer: { field: string; identitySources: readonly string[] }, check: InputChecker): void {
    const unkeyable = authorizer.identitySources.filter(s => !/^method\.request\.(header|querystring)\./.test(s));
    if (unkeyable.length) {
        check.fail(
            `${authorizer.field}.identitySources`,
            unkeyable,
            "cannot key stageCache on the caller (a cache is keyed on request headers and query strings only): " +
                "identify the caller by headers or query strings, or leave stageCache off",
        );
    }
}

/** The stage's arguments for the cache. */
export function cacheStageArgs(
    s: StageCacheSettings | undefined,
): Pick<aws.apigateway.StageArgs, "cacheClusterEnabled" | "cacheClusterSize"> {
    return s ? { cacheClusterEnabled: true, cacheClusterSize: s.size } : {};
}

/**
 * The cache part of a method settings entry: "*\/*" and a GET method cache (API Gateway caches
 * only GET methods under "*\/*"); any other method's own entry says it never caches (an entry
 * of its own replaces the stage's settings for that method). Without a cache, nothing.
 */
export function cacheMethodSettings(
    s: StageCacheSettings | undefined,
    method: "*" | string,
): Partial<aws.types.input.apigateway.MethodSettingsSettings> {
    if (!s) return {};
    if (method !== "*" && method !== "GET") return { cachingEnabled: false };
    return {
        cachingEnabled: true,
        cacheTtlInSeconds: s.ttlInSeconds,
        cacheDataEncrypted: true,
        requireAuthorizationForCacheControl: true,
        unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403",
    };
}

/**
 * What the cache adds to one route operation: the header and query parameters of its key
 * (declared, not required) and its integration's cacheKeyParameters: `caller` (the request
 * parameters identifying the caller), the path parameters, then keyParameters.
 */
export function cachedOperation(s: StageCacheSettings, caller: readonly string[], pathParameterNames: readonly string[]): OpenApiOperation {
    const keys = [...new Set([...caller, ...pathParameterNames.map(p => `method.request.path.${p}`), ...s.keyParameters])];
    const parameters = keys.flatMap(k => {
        const m = KEY_PARAMETER.exec(k);
        return m ? [{ name: m[2], in: m[1] === "header" ? "header" : "query", required: false, schema: { type: "string" } }] : [];
    });
    return {
        ...(parameters.length ? { parameters } : {}),
        "x-amazon-apigateway-integration": { cacheKeyParameters: keys },
    };
}
