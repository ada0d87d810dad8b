import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecret, MockWorld, valueOf } from "../../../test-support/pulumiMocks";
import { documentOf, integrationOf, operationsOf } from "../../../test-support/openApiDoc";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as aws from "@pulumi/aws";
import { SecureRestApi } from "./secureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { RouteInputs, SecureRestApiArgs } from "../shared/schema-types";
import { Http, lambdaMethods, lambdaRoute, integrationRoute } from "../routes/routeHelpers";

const T = {
    restApi: "aws:apigateway/restApi:RestApi",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    permission: "aws:lambda/permission:Permission",
    methodResponse: "aws:apigateway/methodResponse:MethodResponse",
    integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    randomPassword: "random:index/randomPassword:RandomPassword",
};
const KEY = "0123456789abcdefghijKLMNOP";

let fn: aws.lambda.Function;
let other: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
    other = await world.lambda("other");
});
beforeEach(() => forgetClaimedStackNames());

/** Builds one component and returns only what it registered. */
async function build(name: string, args: SecureRestApiArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const before = world.resources.length;
    const api = new SecureRestApi(name, args, { ...opts, transformations: [world.recorder] });
    await valueOf(api.apiEndpoint);
    await valueOf(api.apiKeyId);
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    const named = (type: string, n: string) => {
        const r = mine.find(x => x.type === type && x.name === n);
        if (!r)
            throw new Error(
                `no ${type} named ${n}; have ${of(type)
                    .map(x => x.name)
                    .join(", ")}`,
            );
        return r;
    };
    return { api, mine, of, named };
}

const mockIntegration = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };
const routes = (): RouteInputs[] => [
    lambdaMethods(fn, Http.GET),
    lambdaRoute(fn, "/users", Http.GET, Http.POST),
    lambdaRoute(other, "/users/{id}", Http.GET, Http.DELETE),
    lambdaRoute(fn, "/files/{proxy+}", Http.ANY),
    integrationRoute(mockIntegration, "/health", Http.GET),
];

describe("SecureRestApi graph", () => {
    let g: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("api", { routes: routes(), apiKeyValue: KEY, tags: { team: "core" } });
    });

    test("one RestApi named after the default stackName {project}-{stack}, with header API keys", () => {
        const [api] = g.of(T.restApi);
        expect(g.of(T.restApi)).toHaveLength(1);
        expect(api.inputs).toMatchObject({
            name: "proj-dev",
            apiKeySource: "HEADER",
            endpointConfiguration: { types: "EDGE" },
            tags: { team: "core" },
        });
    });

    test("the API is one OpenAPI body: no Resource, Method or Integration children (5 objects per route before)", () => {
        for (const t of [T.resource, T.method, T.integration, T.methodResponse, T.integrationResponse])
            expect([t, g.of(t)]).toEqual([t, []]);
        const doc = documentOf(g.named(T.restApi, "api").inputs);
        expect(doc.openapi).toBe("3.0.1");
        expect(Object.keys(doc.paths).sort()).toEqual(["/", "/files/{proxy+}", "/health", "/users", "/users/{id}"]);
        expect(g.named(T.restApi, "api").inputs.putRestApiMode).toBe("overwrite");
    });

    test("every operation requires the API key, with no other authorization", () => {
        const ops = operationsOf(g.named(T.restApi, "api").inputs);
        expect([...ops.keys()].sort()).toEqual([
            "ANY /files/{proxy+}",
            "DELETE /users/{id}",
            "GET /",
            "GET /health",
            "GET /users",
            "GET /users/{id}",
            "POST /users",
        ]);
        for (const op of ops.values()) expect(op.security).toEqual([{ api_key: [] }]);
        const doc = documentOf(g.named(T.restApi, "api").inputs);
        expect(doc.components.securitySchemes).toEqual({ api_key: { type: "apiKey", name: "x-api-key", in: "header" } });
        expect(doc["x-amazon-apigateway-api-key-source"]).toBe("HEADER");
    });

    test("Lambda routes use an AWS_PROXY integration with POST to the function's invoke ARN", () => {
        const op = operationsOf(g.named(T.restApi, "api").inputs).get("GET /users/{id}")!;
        expect(integrationOf(op)).toMatchObject({ type: "aws_proxy", httpMethod: "POST" });
        expect(integrationOf(op).uri).toBe(
            "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:other/invocations",
        );
        expect(op.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
    });

    test("one Lambda permission per function for the stage and one for the console's Test button (lambdaPermissions.test.ts has the rest)", () => {
        const perms = Object.fromEntries(g.of(T.permission).map(p => [p.name, p.inputs]));
        const exec = "arn:aws:execute-api:us-east-1:123456789012:api-id";
        expect(Object.keys(perms).sort()).toEqual(["api-invoke-fn", "api-invoke-other", "api-test-invoke-fn", "api-test-invoke-other"]);
        expect(perms["api-invoke-fn"]).toMatchObject({
            action: "lambda:InvokeFunction",
            principal: "apigateway.amazonaws.com",
            function: "fn",
            sourceArn: `${exec}/prod/*/*`,
            statementId: "proj-dev-invoke-fn",
        });
        expect(perms["api-test-invoke-other"]).toMatchObject({ function: "other", sourceArn: `${exec}/test-invoke-stage/*/*` });
    });

    test("a generic integration passes its settings through and gets a default 200 response", () => {
        const op = operationsOf(g.named(T.restApi, "api").inputs).get("GET /health")!;
        expect(integrationOf(op)).toEqual({
            type: "mock",
            requestTemplates: mockIntegration.requestTemplates,
            responses: { default: { statusCode: "200" } },
        });
        expect(Object.keys(op.responses)).toEqual(["200"]);
    });

    test("the deployment depends on the RestApi and every permission; its trigger is the document's hash", () => {
        const dep = g.named(T.deployment, "api");
        const expected = ["api", ...g.of(T.permission).map(r => r.name)];
        expect(new Set(dep.dependsOn)).toEqual(new Set(expected));
        const body = g.named(T.restApi, "api").inputs.body as string;
        expect(dep.inputs.triggers.openApiDocument).toBe(require("crypto").createHash("sha256").update(body).digest("hex"));
    });

    test("the stage deploys that deployment as prod; the usage plan depends on the stage", () => {
        expect(g.named(T.stage, "api").inputs).toMatchObject({ stageName: "prod", deployment: "api-id", restApi: "api-id" });
        const plan = g.named(T.usagePlan, "api");
        expect(plan.inputs).toMatchObject({
            name: "proj-dev-usage-plan",
            apiStages: [{ apiId: "api-id", stage: "prod" }],
            throttleSettings: { burstLimit: 500, rateLimit: 1000 },
            quotaSettings: { limit: 10000000, period: "MONTH", offset: 0 },
        });
        expect(plan.dependsOn).toEqual(["api"]);
    });

    test("an API key named {stackName} holds the value, attached to the usage plan", async () => {
        expect(g.named(T.apiKey, "api").inputs).toMatchObject({ name: "proj-dev", value: KEY, enabled: true });
        expect(g.named(T.apiKey, "api").secretInputs).toEqual(["value"]);
        expect(g.named(T.usagePlanKey, "api").inputs).toEqual(
            expect.objectContaining({ keyId: "api-id", keyType: "API_KEY", usagePlanId: "api-id" }),
        );
        expect(await valueOf(g.api.apiKey)).toBe(KEY);
        expect(await isSecret(g.api.apiKey)).toBe(true);
        expect(await valueOf(g.api.apiKeyParameterName)).toBe("");
    });

    test("outputs: the stage URL, one URL per route path, the execution ARN", async () => {
        const base = "https://api-id.execute-api.us-east-1.amazonaws.com/prod";
        expect(await valueOf(g.api.apiEndpoint)).toBe(`${base}/`);
        expect(await valueOf(g.api.routeUrls)).toEqual({
            "/": `${base}/`,
            "/users": `${base}/users`,
            "/users/{id}": `${base}/users/{id}`,
            "/files/{proxy+}": `${base}/files/{proxy+}`,
            "/health": `${base}/health`,
        });
        expect(await valueOf(g.api.executionArn)).toBe("arn:aws:execute-api:us-east-1:123456789012:api-id");
        expect(await valueOf(g.api.stage.apply(s => s.stageName))).toBe("prod");
    });

    test("every child is parented to the component", () => {
        const children = g.mine.filter(r => r.type.startsWith("aws:"));
        // RestApi, 4 Lambda permissions, Deployment, Stage, MethodSettings, UsagePlan, ApiKey, UsagePlanKey.
        expect(children.length).toBeGreaterThanOrEqual(10);
        for (const r of children) expect([r.name, r.parentResource === g.api]).toEqual([r.name, true]);
    });
});

describe("SecureRestApi names come from paths and methods, not positions", () => {
    const shape = (rs: { type: string; name: string; inputs: any }[], prefix: string) =>
        rs
            .map(r =>
                JSON.stringify([r.type, r.name.replace(prefix, "X"), r.inputs], (_k, v) =>
                    typeof v === "string" ? v.split(prefix).join("X") : v,
                ),
            )
            .sort();

    test("reordering routes (and methods) gives the same resources with the same inputs", async () => {
        const a = await build("ord1", { stackName: "s1", restApiName: "ord-api", routes: routes(), apiKeyValue: KEY });
        const reordered = routes()
            .reverse()
            .map(r => ({ ...r, methods: [...r.methods].reverse() }));
        const b = await build("ord2", { stackName: "s1b", restApiName: "ord-api", routes: reordered, apiKeyValue: KEY });
        const strip = (g: typeof a, p: string, s: string) =>
            shape(
                g.mine.map(r => ({ ...r, inputs: JSON.parse(JSON.stringify(r.inputs).split(s).join("S")) })),
                p,
            );
        expect(strip(b, "ord2", "s1b")).toEqual(strip(a, "ord1", "s1"));
    });

    test("the deployment trigger changes with any route change and only then", async () => {
        const trig = async (n: string, rs: RouteInputs[]) =>
            (await build(n, { stackName: n, restApiName: "trig-api", routes: rs, apiKeyValue: KEY })).named(T.deployment, n).inputs.triggers
                .openApiDocument;
        const base = await trig("t0", routes());
        expect(await trig("t1", routes().reverse())).toBe(base);
        const changed: RouteInputs[][] = [
            [...routes().slice(1)], // a route removed
            routes().map(r => (r.path === "/users" ? { ...r, methods: [Http.GET] } : r)), // a method removed
            routes().map(r => (r.path === "/users" ? { ...r, path: "/people" } : r)), // a path renamed
            routes().map(r => (r.path === "/" ? { ...r, handler: other } : r)), // another handler
            routes().map(r =>
                r.path === "/health" ? { ...r, integration: { ...mockIntegration, requestTemplates: { "application/json": "{}" } } } : r,
            ),
        ];
        const hashes = await Promise.all(changed.map((rs, i) => trig(`t${i + 2}`, rs)));
        for (const h of hashes) expect(h).not.toBe(base);
        expect(new Set(hashes).size).toBe(hashes.length);
    });
});

describe("SecureRestApi options", () => {
    test("stage, throttle, quota, endpoint type, names and description are honoured", async () => {
        const g = await build("opt", {
            stackName: "shop",
            restApiName: "Shop API",
            description: "the shop",
            stageName: "v1",
            endpointType: "REGIONAL",
            throttle: { burstLimit: 5, rateLimit: 2.5 },
            quota: { limit: 100, period: "DAY", offset: 3 },
            routes: [lambdaMethods(fn, Http.GET)],
            apiKeyValue: KEY,
        });
        expect(g.named(T.restApi, "opt").inputs).toMatchObject({
            name: "Shop API",
            description: "the shop",
            endpointConfiguration: { types: "REGIONAL" },
        });
        expect(g.named(T.stage, "opt").inputs.stageName).toBe("v1");
        expect(g.named(T.usagePlan, "opt").inputs).toMatchObject({
            name: "shop-usage-plan",
            apiStages: [{ stage: "v1" }],
            throttleSettings: { burstLimit: 5, rateLimit: 2.5 },
            quotaSettings: { limit: 100, period: "DAY", offset: 3 },
        });
        expect(g.named(T.apiKey, "opt").inputs.name).toBe("shop");
        expect(await valueOf(g.api.apiEndpoint)).toBe("https://opt-id.execute-api.us-east-1.amazonaws.com/v1/");
    });

    test("a partial throttle or quota keeps the other defaults", async () => {
        const g = await build("part", {
            stackName: "part",
            routes: [lambdaMethods(fn, Http.GET)],
            apiKeyValue: KEY,
            throttle: { rateLimit: 10 },
            quota: { period: "WEEK" },
        });
        expect(g.named(T.usagePlan, "part").inputs).toMatchObject({
            throttleSettings: { burstLimit: 500, rateLimit: 10 },
            quotaSettings: { limit: 10000000, period: "WEEK", offset: 0 },
        });
    });

    test("PRIVATE endpoints get a resource policy limited to the given VPC endpoints", async () => {
        const g = await build("priv", {
            stackName: "priv",
            routes: [lambdaMethods(fn, Http.GET)],
            apiKeyValue: KEY,
            endpointType: "PRIVATE",
            vpcEndpointIds: ["vpce-1"],
        });
        const api = g.named(T.restApi, "priv").inputs;
        expect(api.endpointConfiguration).toEqual({ types: "PRIVATE", vpcEndpointIds: ["vpce-1"] });
        expect(JSON.parse(api.policy).Statement[0]).toMatchObject({
            Action: "execute-api:Invoke",
            Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1"] } },
        });
    });

    test("an explicit provider in another partition gives partition-correct ARNs", async () => {
        const cn = new aws.Provider("cn", { region: "cn-north-1" });
        const g = await build(
            "cnapi",
            { stackName: "cnapi", routes: [lambdaRoute(fn, "/a", Http.GET)], apiKeyValue: KEY },
            { provider: cn },
        );
        expect(g.named(T.permission, "cnapi-invoke-fn").inputs.sourceArn).toBe(
            "arn:aws-cn:execute-api:cn-north-1:123456789012:cnapi-id/prod/*/*",
        );
    });

    test("the region input puts every API Gateway resource in that region", async () => {
        const g = await build("reg", {
            stackName: "reg",
            region: "eu-west-1",
            routes: [lambdaRoute(fn, "/a", Http.GET)],
            apiKeyValue: KEY,
        });
        for (const t of [T.restApi, T.deployment, T.stage, T.usagePlan, T.apiKey, T.usagePlanKey]) {
            for (const r of g.of(t)) expect([t, r.inputs.region]).toEqual([t, "eu-west-1"]);
        }
        // The permission stays with the function, in the function's region.
        expect(g.of(T.permission).map(p => p.inputs.region)).toEqual(["us-east-1", "us-east-1"]);
    });
});

describe("SecureRestApi key sources without AWS calls", () => {
    test("test: true uses test123 as a secret and makes no AWS call", async () => {
        const invokesBefore = world.invokes.length;
        const g = await build("tst", { stackName: "tst", routes: [lambdaMethods(fn, Http.GET)], test: true });
        expect(await valueOf(g.api.apiKey)).toBe("test123");
        expect(await isSecret(g.api.apiKey)).toBe(true);
        expect(g.named(T.apiKey, "tst").inputs.value).toBe("test123");
        expect(world.invokes.length).toBe(invokesBefore);
    });

    test("apiKeySource random keeps a 40-character RandomPassword in state only", async () => {
        const invokesBefore = world.invokes.length;
        const g = await build("rnd", { stackName: "rnd", routes: [lambdaMethods(fn, Http.GET)], apiKeySource: "random" });
        expect(g.named(T.randomPassword, "rnd-api-key").inputs).toMatchObject({ length: 40, special: false });
        expect(await valueOf(g.api.apiKey)).toBe("R".repeat(40));
        expect(await isSecret(g.api.apiKey)).toBe(true);
        expect(g.named(T.apiKey, "rnd").inputs.value).toBe("R".repeat(40));
        expect(await valueOf(g.api.apiKeyParameterName)).toBe("");
        // No key flow (it would look up the account); the one invoke is the region of the default execution logs' account read.
        expect(world.invokes.slice(invokesBefore).map(i => i.token)).toEqual(["aws:index/getRegion:getRegion"]);
    });

    test("an apiKeyValue given as a secret output stays secret", async () => {
        const g = await build("sec", { stackName: "sec", routes: [lambdaMethods(fn, Http.GET)], apiKeyValue: pulumi.secret(KEY) });
        expect(await isSecret(g.api.apiKey)).toBe(true);
        expect(await valueOf(g.api.apiKey)).toBe(KEY);
    });
});
