// The stage cache (stageCache.ts) under Pulumi's mocks: the stage's cache cluster, the
// method settings (encrypted, TTL, Cache-Control only with authorization), every route
// operation keyed on its caller, path parameters and keyParameters in the document (valid
// OpenAPI 3.0), only GET cached where a route's own settings replace the stage's, and the
// inputs refused at construction: IAMSecureRestApi, an authorizer a cache cannot key on,
// sizes and TTLs API Gateway does not take. What LocalStack's import makes of the document:
// components/secureRestApi.localstack.test.ts.
import SwaggerParser from "@apidevtools/swagger-parser";
import { installMocks, MockWorld, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import type * as aws from "@pulumi/aws";
import { SecureRestApi } from "../components/secureRestApi";
import { IAMSecureRestApi } from "../components/iamSecureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import { Http, integrationRoute, lambdaRoute } from "../routes/routeHelpers";
import type { SecureRestApiArgs } from "../shared/schema-types";
import { InputError } from "../shared/inputErrors";
import { rejectsEach } from "../../../test-support/inputCases";

const KEY = "0123456789abcdefghijKLMNOP";
const LOGS = { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true };
const CACHE = {
    cachingEnabled: true,
    cacheTtlInSeconds: 300,
    cacheDataEncrypted: true,
    requireAuthorizationForCacheControl: true,
    unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403",
};
const API_KEY_PARAM = { name: "x-api-key", in: "header", required: false, schema: { type: "string" } };

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});
beforeEach(() => forgetClaimedStackNames());

async function build(name: string, args: SecureRestApiArgs) {
    const before = world.resources.length;
    const api = new SecureRestApi(name, { stackName: name, apiKeyValue: KEY, ...args });
    const doc = JSON.parse(await valueOf(api.openApiDocument));
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    return { api, doc, of, stage: of("aws:apigateway/stage:Stage")[0].inputs };
}

const ops = (doc: any) =>
    Object.entries<Record<string, any>>(doc.paths).flatMap(([p, o]) => Object.entries<any>(o).map(([m, op]) => [`${m} ${p}`, op] as const));

test("stageCache {}: a 0.5 GB cluster, encrypted, 300 s, Cache-Control only with authorization; every operation keyed on the key", async () => {
    const g = await build("c", {
        stageCache: {},
        routes: [
            lambdaRoute(fn, "/orders", Http.GET, Http.POST),
            lambdaRoute(fn, "/orders/{id}", Http.GET),
            lambdaRoute(fn, "/files/{proxy+}", Http.ANY),
        ],
    });
    expect(g.stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "0.5" });
    expect(g.of("aws:apigateway/methodSettings:MethodSettings").map(m => [m.inputs.methodPath, m.inputs.settings])).toEqual([
        ["*/*", { ...LOGS, ...CACHE }],
    ]);
    const keys = Object.fromEntries(ops(g.doc).map(([k, op]) => [k, op["x-amazon-apigateway-integration"].cacheKeyParameters]));
    expect(keys).toEqual({
        "get /orders": ["method.request.header.x-api-key"],
        "post /orders": ["method.request.header.x-api-key"],
        "get /orders/{id}": ["method.request.header.x-api-key", "method.request.path.id"],
        "x-amazon-apigateway-any-method /files/{proxy+}": ["method.request.header.x-api-key", "method.request.path.proxy"],
    });
    // Each key is a parameter of its method request (API Gateway's rule for cacheKeyParameters).
    for (const [k, op] of ops(g.doc)) {
        const declared = op.parameters.map((p: any) => `method.request.${p.in === "query" ? "querystring" : p.in}.${p.name}`);
        expect([k, op["x-amazon-apigateway-integration"].cacheKeyParameters.filter((x: string) => !declared.includes(x))]).toEqual([k, []]);
        expect(op.parameters).toContainEqual(API_KEY_PARAM);
    }
    await SwaggerParser.validate(JSON.parse(JSON.stringify(g.doc)));
});

test("size, TTL and keyParameters as given; a generic integration's own cache keys are kept", async () => {
    const upstream = {
        type: "HTTP_PROXY",
        uri: "https://example.com/search",
        httpMethod: "GET",
        cacheKeyParameters: ["method.request.querystring.q"],
        requestParameters: { "integration.request.querystring.q": "method.request.querystring.q" },
    };
    const g = await build("sized", {
        stageCache: {
            sizeGb: 6.1,
            ttlInSeconds: 60,
            keyParameters: ["method.request.querystring.page", "method.request.header.Accept-Language"],
        },
        routes: [integrationRoute(upstream, "/search", Http.GET)],
    });
    expect(g.stage).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "6.1" });
    const [[, op]] = ops(g.doc);
    expect(op["x-amazon-apigateway-integration"].cacheKeyParameters).toEqual([
        "method.request.querystring.q",
        "method.request.header.x-api-key",
        "method.request.querystring.page",
        "method.request.header.Accept-Language",
    ]);
    expect(op.parameters).toEqual([
        API_KEY_PARAM,
        { name: "page", in: "query", required: false, schema: { type: "string" } },
        { name: "Accept-Language", in: "header", required: false, schema: { type: "string" } },
    ]);
    const [settings] = g.of("aws:apigateway/methodSettings:MethodSettings");
    expect(settings.inputs.settings).toMatchObject({ cacheTtlInSeconds: 60, cacheDataEncrypted: true });
});

test("a route's authorizer: its identity sources key the cache too (one user's token, one entry)", async () => {
    const pool = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123";
    const g = await build("authz", {
        stageCache: {},
        authorizer: { type: "cognito", userPoolArns: [pool] },
        routes: [lambdaRoute(fn, "/me", Http.GET)],
    });
    const [[, op]] = ops(g.doc);
    expect(op["x-amazon-apigateway-integration"].cacheKeyParameters).toEqual([
        "method.request.header.x-api-key",
        "method.request.header.Authorization",
    ]);
});

test("request validation's required header and the cache's key are one parameter, required", async () => {
    const g = await build("valid", {
        stageCache: { keyParameters: ["method.request.header.x-tenant"] },
        routes: [{ ...lambdaRoute(fn, "/t", Http.GET), requestValidation: { requiredHeaders: ["X-Tenant"] } }],
    });
    const [[, op]] = ops(g.doc);
    expect(op.parameters.filter((p: any) => p.name.toLowerCase() === "x-tenant")).toEqual([
        { name: "X-Tenant", in: "header", required: true, schema: { type: "string" } },
    ]);
    // The key names the header as the method request declares it.
    expect(op["x-amazon-apigateway-integration"].cacheKeyParameters).toEqual([
        "method.request.header.x-api-key",
        "method.request.header.X-Tenant",
    ]);
    await SwaggerParser.validate(JSON.parse(JSON.stringify(g.doc)));
});

test("a throttled route's own settings keep a GET cached and never cache another method", async () => {
    const g = await build("thr", {
        stageCache: {},
        routes: [{ ...lambdaRoute(fn, "/orders", Http.GET, Http.POST), throttle: { burstLimit: 5, rateLimit: 2 } }],
    });
    const settings = Object.fromEntries(
        g.of("aws:apigateway/methodSettings:MethodSettings").map(m => [m.inputs.methodPath, m.inputs.settings]),
    );
    const throttle = { throttlingBurstLimit: 5, throttlingRateLimit: 2 };
    expect(settings).toEqual({
        "*/*": { ...LOGS, ...CACHE },
        "~1orders/GET": { ...LOGS, ...CACHE, ...throttle },
        "~1orders/POST": { ...LOGS, cachingEnabled: false, ...throttle },
    });
});

test("enabled: false, or left out: no cluster, no cache settings, no cache keys (and no change to the document)", async () => {
    const routes = [lambdaRoute(fn, "/orders", Http.GET)];
    const off = await build("off", { stageCache: { enabled: false }, routes, restApiName: "same" });
    const none = await build("none", { routes, restApiName: "same" });
    expect(off.stage).not.toHaveProperty("cacheClusterEnabled");
    expect(off.of("aws:apigateway/methodSettings:MethodSettings").map(m => m.inputs.settings)).toEqual([LOGS]);
    expect(off.doc).toEqual(none.doc);
    expect(JSON.stringify(off.doc)).not.toContain("cacheKeyParameters");
});

test("IAMSecureRestApi refuses it: a SigV4 signature differs on every request", () => {
    const args = { stackName: "iam", routes: [lambdaRoute(fn, "/orders", Http.GET)], stageCache: {} } as never;
    expect(() => new IAMSecureRestApi("iam", args)).toThrow(InputError);
    expect(() => new IAMSecureRestApi("iam2", { ...(args as object), stackName: "iam2" } as never)).toThrow(
        /IAMSecureRestApi "iam2": stageCache \{\} is invalid: is not offered on IAMSecureRestApi: a SigV4 Authorization header differs on every request/,
    );
});

// Bad stage cache inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["a size API Gateway does not offer", () => ({ stageCache: { sizeGb: 1 } }), "stageCache.sizeGb", "1"],
    ["a TTL over an hour", () => ({ stageCache: { ttlInSeconds: 3601 } }), "stageCache.ttlInSeconds", "3601"],
    ["a negative TTL", () => ({ stageCache: { ttlInSeconds: -1 } }), "stageCache.ttlInSeconds", "-1"],
    ["a fractional TTL", () => ({ stageCache: { ttlInSeconds: 1.5 } }), "stageCache.ttlInSeconds", "1.5"],
    [
        "a key parameter that is not a request parameter",
        () => ({ stageCache: { keyParameters: ["page"] } }),
        "stageCache.keyParameters[0]",
        '"page"',
    ],
    [
        "a path parameter as a key parameter (they are keys already)",
        () => ({ stageCache: { keyParameters: ["method.request.path.id"] } }),
        "stageCache.keyParameters[0]",
        '"method.request.path.id"',
    ],
    ["stageCache not an object", () => ({ stageCache: true }), "stageCache", "true"],
    ["enabled not a boolean", () => ({ stageCache: { enabled: "yes" } }), "stageCache.enabled", '"yes"'],
    [
        "an authorizer identified by the source IP (a cache cannot key on it)",
        h => ({
            stageCache: {},
            authorizer: { type: "request", function: h.ok().handler, identitySources: ["context.identity.sourceIp"] },
        }),
        "authorizer.identitySources",
        '["context.identity.sourceIp"]',
    ],
]);

test("a definition's own header parameter wins over the cache's (required stays required), and the cache key spells it as the file does", async () => {
    const g = await build("def-cache", {
        stageCache: {},
        openApiDefinition: {
            openapi: "3.0.1",
            info: { title: "t", version: "1" },
            paths: {
                "/orders": {
                    get: {
                        parameters: [{ name: "X-Api-Key", in: "header", required: true, schema: { type: "string" } }],
                        "x-amazon-apigateway-integration": {
                            type: "mock",
                            requestTemplates: { "application/json": '{"statusCode": 200}' },
                        },
                        responses: { "200": { description: "ok" } },
                    },
                },
            },
        },
    });
    const op = g.doc.paths["/orders"].get;
    expect(op.parameters).toEqual([{ name: "X-Api-Key", in: "header", required: true, schema: { type: "string" } }]);
    expect(op["x-amazon-apigateway-integration"].cacheKeyParameters).toEqual(["method.request.header.X-Api-Key"]);
    await SwaggerParser.validate(JSON.parse(JSON.stringify(g.doc)));
});
