// The rendered OpenAPI document: valid OpenAPI 3.0 (swagger-parser), the right
// security on every operation (only CORS preflights without), stable text, and
// what API Gateway makes of it (moto's PutRestApi, read back with GetResources).
import SwaggerParser from "@apidevtools/swagger-parser";
import {
    APIGatewayClient,
    CreateRestApiCommand,
    GetResourcesCommand,
    PutRestApiCommand,
    GetRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { InputChecker } from "../shared/inputErrors";
import { buildRouteModel, RouteSpec } from "../routes/routeModel";
import { authorizationShare, endpointShare, MethodAuthorization, securityRequirement } from "../edge/edgeInputs";
import { corsSettings, corsShare } from "../edge/cors";
import { policyShare } from "../edge/resourcePolicy";
import { apiOptionsShare } from "./apiOptions";
import { serversShare } from "../edge/servers";
import { openApiDocument, renderDocument } from "./openApi";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

type R = RouteSpec<string, Record<string, unknown> & { type: string }>;
const KEY: MethodAuthorization = { authorization: "NONE", apiKeyRequired: true };
const IAM: MethodAuthorization = { authorization: "AWS_IAM", apiKeyRequired: false };
const arn = (fn: string) =>
    `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`;

const ROUTES: R[] = [
    { path: "/", methods: ["GET"], handler: "fn" },
    { path: "/users", methods: ["GET", "POST"], handler: "fn" },
    { path: "/users/{id}", methods: ["GET", "DELETE"], handler: "other" },
    { path: "/files/{proxy+}", methods: ["ANY"], handler: "fn" },
    { path: "/health", methods: ["GET"], integration: { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } } },
    {
        path: "/upstream/{id}",
        methods: ["GET"],
        integration: {
            type: "HTTP_PROXY",
            uri: "https://example.com/{id}",
            httpMethod: "GET",
            requestParameters: { "integration.request.path.id": "method.request.path.id" },
        },
    },
];

function modelOf(routes: R[]) {
    const check = new InputChecker("T");
    const model = buildRouteModel(routes, check);
    check.throwIfFailed();
    return model;
}

interface Options {
    auth?: MethodAuthorization;
    cors?: boolean;
    policy?: string;
    binary?: string[];
    disable?: boolean;
    region?: string;
    domain?: { domainName: string; basePath?: string };
}

function render(routes: R[], o: Options = {}) {
    const auth = o.auth ?? KEY;
    const model = modelOf(routes);
    const check = new InputChecker("T");
    const cors = o.cors
        ? corsSettings({ allowOrigins: ["https://a.example.com", "https://b.example.com"] }, routes, ["content-type", "x-api-key"], check)
        : undefined;
    check.throwIfFailed();
    return renderDocument(
        openApiDocument({
            title: "api-stack",
            model,
            target: m =>
                m.target.kind === "lambda"
                    ? { lambda: arn(m.target.handler) }
                    : { integration: (m.target as { integration: unknown }).integration as never },
            security: () => securityRequirement(auth),
            shares: [
                authorizationShare(auth),
                cors && corsShare(cors, model),
                policyShare(o.policy),
                endpointShare(o.disable ?? false, undefined),
                apiOptionsShare({ binaryMediaTypes: o.binary }),
                serversShare("prod", o.region, o.domain, o.disable ?? false),
            ],
        }),
    );
}

/** Every operation of a document as "METHOD path" → operation. */
function operations(text: string): Map<string, Record<string, any>> {
    const doc = JSON.parse(text);
    const out = new Map<string, Record<string, any>>();
    for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
        for (const [key, op] of Object.entries(ops))
            out.set(`${key === "x-amazon-apigateway-any-method" ? "ANY" : key.toUpperCase()} ${path}`, op);
    }
    return out;
}

describe("the OpenAPI document", () => {
    test.each([
        ["API key", KEY],
        ["AWS_IAM", IAM],
    ] as const)("is valid OpenAPI 3.0 (%s, cors, policy, options)", async (_n, auth) => {
        const text = render(ROUTES, {
            auth,
            cors: true,
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
            binary: ["image/png"],
            disable: true,
        });
        const api = await SwaggerParser.validate(JSON.parse(text));
        expect((api as { openapi: string }).openapi).toBe("3.0.1");
    });

    test("states the component's security and its HTTPS servers at the document level", () => {
        const key = JSON.parse(render(ROUTES, { auth: KEY, region: "eu-west-1" }));
        expect(key.security).toEqual([{ api_key: [] }]);
        expect(key.servers).toEqual([
            {
                url: "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}",
                description: expect.any(String),
                variables: {
                    restApiId: { default: "restApiId", description: expect.any(String) },
                    region: { default: "eu-west-1", description: expect.any(String) },
                    basePath: { default: "prod" },
                },
            },
        ]);
        expect(JSON.parse(render(ROUTES, { auth: IAM })).security).toEqual([{ sigv4: [] }]);
        // With the execute-api endpoint off, only the custom domain serves the API.
        const domain = JSON.parse(render(ROUTES, { auth: KEY, disable: true, domain: { domainName: "api.example.com", basePath: "v1" } }));
        expect(domain.servers.map((x: { url: string }) => x.url)).toEqual(["https://api.example.com/v1"]);
        // At the domain's root: no trailing "/" either (a path begins with one).
        const root = JSON.parse(render(ROUTES, { auth: KEY, disable: true, domain: { domainName: "api.example.com" } }));
        expect(root.servers.map((x: { url: string }) => x.url)).toEqual(["https://api.example.com"]);
        for (const doc of [key, domain]) for (const server of doc.servers) expect(server.url).toMatch(/^https:\/\//);
    });

    test("every route operation requires the component's security; only the preflights have none", () => {
        for (const [auth, scheme] of [
            [KEY, "api_key"],
            [IAM, "sigv4"],
        ] as const) {
            const ops = operations(render(ROUTES, { auth, cors: true }));
            const routeOps = [...ops].filter(([k]) => !k.startsWith("OPTIONS "));
            expect(routeOps.map(([k]) => k).sort()).toEqual([
                "ANY /files/{proxy+}",
                "DELETE /users/{id}",
                "GET /",
                "GET /health",
                "GET /upstream/{id}",
                "GET /users",
                "GET /users/{id}",
                "POST /users",
            ]);
            for (const [, op] of routeOps) expect(op.security).toEqual([{ [scheme]: [] }]);
            const preflights = [...ops].filter(([k]) => k.startsWith("OPTIONS "));
            expect(preflights.map(([k]) => k.slice(8)).sort()).toEqual([
                "/",
                "/files/{proxy+}",
                "/health",
                "/upstream/{id}",
                "/users",
                "/users/{id}",
            ]);
            for (const [, op] of preflights) {
                expect(op.security).toEqual([]);
                expect(op["x-amazon-apigateway-integration"].type).toBe("mock");
            }
        }
    });

    test("without cors there is no unauthenticated operation at all", () => {
        for (const auth of [KEY, IAM]) {
            for (const [, op] of operations(render(ROUTES, { auth })))
                expect(op.security?.[0] && Object.keys(op.security[0]).length).toBe(1);
        }
    });

    test("security schemes and the key source follow the component", () => {
        const keyed = JSON.parse(render(ROUTES, { auth: KEY }));
        expect(keyed.components.securitySchemes).toEqual({ api_key: { type: "apiKey", name: "x-api-key", in: "header" } });
        expect(keyed["x-amazon-apigateway-api-key-source"]).toBe("HEADER");
        const iam = JSON.parse(render(ROUTES, { auth: IAM }));
        expect(iam.components.securitySchemes).toEqual({
            sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
        });
        expect(iam["x-amazon-apigateway-api-key-source"]).toBeUndefined();
    });

    test("integrations: Lambda proxy with POST, path parameters, ANY, generic integrations with a default 200 unless proxy", () => {
        const ops = operations(render(ROUTES));
        expect(ops.get("GET /users/{id}")!["x-amazon-apigateway-integration"]).toEqual({
            type: "aws_proxy",
            httpMethod: "POST",
            uri: arn("other"),
            passthroughBehavior: "when_no_match",
        });
        expect(ops.get("GET /users/{id}")!.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
        expect(ops.get("ANY /files/{proxy+}")!.parameters).toEqual([
            { name: "proxy", in: "path", required: true, schema: { type: "string" } },
        ]);
        expect(ops.get("GET /health")!["x-amazon-apigateway-integration"]).toEqual({
            type: "mock",
            requestTemplates: { "application/json": '{"statusCode": 200}' },
            responses: { default: { statusCode: "200" } },
        });
        expect(ops.get("GET /upstream/{id}")!["x-amazon-apigateway-integration"]).toEqual({
            type: "http_proxy",
            uri: "https://example.com/{id}",
            httpMethod: "GET",
            requestParameters: { "integration.request.path.id": "method.request.path.id" },
        });
    });

    test("API-level settings ride in the body, so an overwrite keeps them", () => {
        const policy = {
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }],
        };
        const doc = JSON.parse(render(ROUTES, { cors: true, policy: JSON.stringify(policy), binary: ["image/png"], disable: true }));
        expect(doc["x-amazon-apigateway-policy"]).toEqual(policy);
        expect(doc["x-amazon-apigateway-binary-media-types"]).toEqual(["image/png"]);
        expect(doc["x-amazon-apigateway-endpoint-configuration"]).toEqual({ disableExecuteApiEndpoint: true });
        expect(Object.keys(doc["x-amazon-apigateway-gateway-responses"]).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX"]);
        expect(
            doc["x-amazon-apigateway-gateway-responses"].DEFAULT_4XX.responseParameters[
                "gatewayresponse.header.Access-Control-Allow-Origin"
            ],
        ).toBe("method.request.header.origin");
    });

    test("equal models render the same text, whatever the order routes were given in", () => {
        const reordered = [...ROUTES].reverse().map(r => ({ ...r, methods: [...r.methods].reverse() }));
        expect(render(reordered, { cors: true })).toBe(render(ROUTES, { cors: true }));
    });

    test.each<[string, R[]]>([
        ["a method added", [{ ...ROUTES[1], methods: ["GET", "POST", "PATCH"] }, ...ROUTES.slice(2)]],
        ["a method removed", [{ ...ROUTES[1], methods: ["GET"] }, ...ROUTES.slice(2)]],
        ["a path renamed", [{ ...ROUTES[1], path: "/people" }, ...ROUTES.slice(2)]],
        ["another handler", [{ ...ROUTES[1], handler: "other" }, ...ROUTES.slice(2)]],
        ["an integration changed", [ROUTES[1], ...ROUTES.slice(2, 4), { ...ROUTES[4], integration: { type: "MOCK" } }]],
    ])("%s changes the document", (_what, changed) => {
        expect(render(changed)).not.toBe(render([ROUTES[1], ...ROUTES.slice(2)]));
    });

    test("the authorization, cors and the policy change the document", () => {
        const base = render(ROUTES);
        expect(render(ROUTES, { auth: IAM })).not.toBe(base);
        expect(render(ROUTES, { cors: true })).not.toBe(base);
        expect(render(ROUTES, { policy: '{"Version":"2012-10-17","Statement":[]}' })).not.toBe(base);
    });

    test("one route added shows as a few added lines, the rest unchanged (what preview --diff shows)", () => {
        const before = render(ROUTES).split("\n");
        const after = render([...ROUTES, { path: "/orders", methods: ["GET"], handler: "fn" }]).split("\n");
        const kept = new Set(before);
        const added = after.filter(l => !kept.has(l));
        expect(after.length - before.length).toBeGreaterThan(10);
        expect(added.length).toBeLessThanOrEqual(4); // "/orders": {, "get": {; other lines repeat existing ones
        expect(after.filter(l => l.includes("/orders"))).toHaveLength(1);
    });
});

// moto models the import's paths, methods and integrations but not its security
// requirements (it records no authorizationType, and refuses a MOCK integration
// without a uri), so here it checks the API's shape; the security of every
// operation is checked on the document above.
describe("imported into API Gateway (moto's PutRestApi)", () => {
    let moto: MotoServer;
    let client: APIGatewayClient;
    beforeAll(async () => {
        moto = await startMoto();
        client = new APIGatewayClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: MOTO_CREDENTIALS });
    }, 60_000);
    afterAll(async () => {
        client?.destroy();
        await moto?.stop();
    });

    const methodsOf = async (restApiId: string) => {
        const { items } = await client.send(new GetResourcesCommand({ restApiId, embed: ["methods"], limit: 500 }));
        const out = new Map<string, { type?: string; uri?: string }>();
        for (const r of items ?? []) {
            for (const [m, method] of Object.entries(r.resourceMethods ?? {})) {
                // moto keeps API Gateway's ANY extension as the method's name.
                const name = m === "X-AMAZON-APIGATEWAY-ANY-METHOD" ? "ANY" : m;
                out.set(`${name} ${r.path}`, { type: method.methodIntegration?.type, uri: method.methodIntegration?.uri });
            }
        }
        return out;
    };

    test.each([
        ["SecureRestApi", KEY],
        ["IAMSecureRestApi", IAM],
    ] as const)("%s: exactly the model's paths and methods, each with its integration", async (_n, auth) => {
        const routes = ROUTES.filter(r => r.path !== "/" && r.integration?.type !== "MOCK");
        const { id } = await client.send(new CreateRestApiCommand({ name: "api" }));
        const text = render(routes, { auth });
        await client.send(new PutRestApiCommand({ restApiId: id, mode: "overwrite", body: Buffer.from(text) }));
        const seen = await methodsOf(id!);
        const ops = operations(text);
        expect([...seen.keys()].sort()).toEqual([...ops.keys()].sort());
        for (const [key, op] of ops) {
            expect(seen.get(key)).toEqual({
                type: op["x-amazon-apigateway-integration"].type,
                uri: op["x-amazon-apigateway-integration"].uri,
            });
        }
        // A second put in overwrite mode with one route fewer takes it out of the API, which keeps its id.
        await client.send(
            new PutRestApiCommand({ restApiId: id, mode: "overwrite", body: Buffer.from(render(routes.slice(0, 1), { auth })) }),
        );
        expect([...(await methodsOf(id!)).keys()].sort()).toEqual(["GET /users", "POST /users"]);
        expect((await client.send(new GetRestApiCommand({ restApiId: id }))).id).toBe(id);
    });
});
