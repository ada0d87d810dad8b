// SecureHttpApi's OpenAPI document, as the component sets it as the Api's body,
// checked by peers we did not write: two OpenAPI validators, and moto's API
// Gateway v2 (CreateApi, then ReimportApi of the body, as the aws provider does),
// whose routes, integrations and CORS configuration are read back. moto's import
// models routes and integrations, not the security schemes (every route it makes
// has authorizationType NONE), so each operation's authorization is checked on
// the document here and against CDK's synthesized routes (cdkHttpApi.test.ts).
import {
    ApiGatewayV2Client,
    CreateApiCommand,
    GetApiCommand,
    GetIntegrationsCommand,
    GetRoutesCommand,
    ReimportApiCommand,
} from "@aws-sdk/client-apigatewayv2";
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";
import { openApiSpecValidatorProblem, swaggerParserValidate } from "../../../test-support/openApiValidators";

const world: MockWorld = installMocks();
jest.setTimeout(90_000);
import * as aws from "@pulumi/aws";
import { SecureHttpApi } from "../components/secureHttpApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import type { SecureHttpApiArgs } from "../shared/schema-types";
import { Http, integrationRoute, lambdaRoute } from "../routes/routeHelpers";

const lambda = (name: string) =>
    new aws.lambda.Function(name, { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs20.x", handler: "index.handler" });
const fn = lambda("fn");
const other = lambda("other");
const authFn = lambda("auth");
const ISSUER = "https://issuer.example.com/";

/** Every kind of route, authorization and integration the component renders. */
const FULL: SecureHttpApiArgs = {
    stackName: "full",
    description: "every feature",
    authorizer: { type: "jwt", issuer: ISSUER, audiences: ["client"] },
    routes: [
        lambdaRoute(fn, "/", Http.GET),
        { ...lambdaRoute(fn, "/orders", Http.GET, Http.POST), authorizationScopes: ["orders/read"] },
        { ...lambdaRoute(other, "/orders/{id}", Http.GET, Http.DELETE), authorizer: { type: "iam" } },
        {
            ...lambdaRoute(fn, "/partners/{proxy+}", Http.GET),
            authorizer: { type: "request", function: authFn, identitySources: ["$request.header.X-Token"], simpleResponses: false },
        },
        {
            ...lambdaRoute(fn, "/pool", Http.GET),
            authorizer: {
                type: "cognito",
                userPoolArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123"],
                audiences: ["web"],
            },
        },
        integrationRoute(
            { type: "HTTP_PROXY", uri: "https://backend.example.com/status", httpMethod: "GET", timeoutMilliseconds: 5000 },
            "/status",
            Http.GET,
        ),
        integrationRoute(
            {
                type: "HTTP_PROXY",
                uri: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/internal/50dc6c495c0c9188/0467ef3c8400ae65",
                httpMethod: "ANY",
                connectionType: "VPC_LINK",
                connectionId: "abc123",
                requestParameters: { "overwrite:path": "$request.path" },
            },
            "/internal/{proxy+}",
            Http.GET,
            Http.POST,
        ),
    ],
    cors: { allowOrigins: ["https://app.example.com"] },
    disableExecuteApiEndpoint: false,
};

/** The catch-all and ANY (without cors, which refuses them). */
const CATCH_ALL: SecureHttpApiArgs = {
    stackName: "catch-all",
    routes: [lambdaRoute(fn, "/files/{proxy+}", Http.ANY), { path: "$default", methods: [Http.ANY], handler: other }],
    disableExecuteApiEndpoint: true,
};

/** Builds the component under mocks and returns the body its Api was given. */
async function bodyOf(name: string, args: SecureHttpApiArgs): Promise<string> {
    forgetClaimedStackNames();
    const before = world.resources.length;
    const api = new SecureHttpApi(name, args);
    await new Promise(resolve => api.openApiDocument.apply(resolve));
    await world.settle();
    const recorded = world.resources.slice(before).find(r => r.type === "aws:apigatewayv2/api:Api");
    return recorded!.inputs.body;
}

let full: string;
let catchAll: string;
beforeAll(async () => {
    await world.settle();
    full = await bodyOf("full", FULL);
    catchAll = await bodyOf("catchall", CATCH_ALL);
});

describe("valid OpenAPI 3.0 by two validators we did not write", () => {
    test.each([
        ["every authorizer, integration kind and CORS", () => full],
        ["ANY, $default and the execute-api endpoint off", () => catchAll],
    ])("%s: swagger-parser and openapi-spec-validator accept it", async (_what, text) => {
        const doc = JSON.parse(text());
        await expect(swaggerParserValidate(doc)).resolves.toBeUndefined();
        expect(openApiSpecValidatorProblem(doc)).toBeUndefined();
    });

    test("the validators can fail: a route operation without responses is refused by both", async () => {
        const doc = JSON.parse(full);
        delete doc.paths["/orders"].get.responses;
        await expect(swaggerParserValidate(doc)).rejects.toThrow();
        expect(openApiSpecValidatorProblem(doc)).toMatch(/responses/);
    });
});

describe("imported into moto's API Gateway v2 (CreateApi + ReimportApi, as the aws provider does)", () => {
    let moto: MotoServer;
    let client: ApiGatewayV2Client;
    beforeAll(async () => {
        moto = await startMoto();
        client = new ApiGatewayV2Client({ endpoint: moto.endpoint, region: "us-east-1", credentials: MOTO_CREDENTIALS });
    });
    afterAll(async () => {
        client?.destroy();
        await moto?.stop();
    });

    /** Route key → the integration moto made for it. */
    async function imported(body: string) {
        const { ApiId } = await client.send(new CreateApiCommand({ Name: "placeholder", ProtocolType: "HTTP" }));
        await client.send(new ReimportApiCommand({ ApiId, Body: body, FailOnWarnings: true }));
        const routes = (await client.send(new GetRoutesCommand({ ApiId }))).Items ?? [];
        const integrations = new Map(
            ((await client.send(new GetIntegrationsCommand({ ApiId }))).Items ?? []).map(i => [i.IntegrationId, i]),
        );
        const api = await client.send(new GetApiCommand({ ApiId }));
        // moto keeps the extension's name where API Gateway reads ANY.
        const key = (k: string) => k.replace(/^X-AMAZON-APIGATEWAY-ANY-METHOD /, "ANY ");
        const byKey = new Map(routes.map(r => [key(r.RouteKey!), integrations.get(r.Target!.replace("integrations/", ""))!]));
        return { api, byKey, apiId: ApiId! };
    }

    test("every route key of the document, each with its integration: type, method, uri, payload format", async () => {
        const { api, byKey } = await imported(full);
        const doc = JSON.parse(full);
        const expected = new Map<string, Record<string, any>>();
        for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
            for (const [verb, op] of Object.entries(ops))
                expected.set(`${verb.toUpperCase()} ${path}`, op["x-amazon-apigateway-integration"]);
        }
        expect([...byKey.keys()].sort()).toEqual([...expected.keys()].sort());
        expect([...byKey.keys()].sort()).toEqual([
            "DELETE /orders/{id}",
            "GET /",
            "GET /internal/{proxy+}",
            "GET /orders",
            "GET /orders/{id}",
            "GET /partners/{proxy+}",
            "GET /pool",
            "GET /status",
            "POST /internal/{proxy+}",
            "POST /orders",
        ]);
        for (const [k, ext] of expected) {
            const i = byKey.get(k)!;
            expect([k, i.IntegrationType?.toLowerCase(), i.IntegrationMethod, i.IntegrationUri, i.PayloadFormatVersion]).toEqual([
                k,
                ext.type,
                ext.httpMethod,
                ext.uri,
                ext.payloadFormatVersion,
            ]);
        }
        expect(byKey.get("GET /orders")!.PayloadFormatVersion).toBe("2.0");
        expect(byKey.get("GET /status")!.PayloadFormatVersion).toBe("1.0");
        // The API's CORS configuration is the document's.
        expect(api.CorsConfiguration).toEqual({
            AllowCredentials: false,
            AllowHeaders: ["authorization", "content-type", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token", "x-token"],
            AllowMethods: ["OPTIONS", "GET", "POST", "DELETE"],
            AllowOrigins: ["https://app.example.com"],
            MaxAge: 600,
        });
        expect(api.Name).toBe("full");
    });

    test("ANY and the catch-all import as routes of their own; a reimport with a route fewer takes it out", async () => {
        const { apiId, byKey } = await imported(catchAll);
        expect([...byKey.keys()].sort()).toEqual(["ANY /$default", "ANY /files/{proxy+}"]);
        const doc = JSON.parse(catchAll);
        delete doc.paths["/files/{proxy+}"];
        await client.send(new ReimportApiCommand({ ApiId: apiId, Body: JSON.stringify(doc) }));
        const keys = ((await client.send(new GetRoutesCommand({ ApiId: apiId }))).Items ?? []).map(r => r.RouteKey);
        expect(keys).toEqual(["X-AMAZON-APIGATEWAY-ANY-METHOD /$default"]);
    });
});

describe("what the document says about authorization", () => {
    test("every operation carries exactly one security requirement, naming a declared scheme", () => {
        for (const text of [full, catchAll]) {
            const doc = JSON.parse(text);
            const schemes = Object.keys(doc.components.securitySchemes);
            for (const [path, ops] of Object.entries<Record<string, any>>(doc.paths)) {
                for (const [verb, op] of Object.entries(ops)) {
                    expect([path, verb, op.security.length]).toEqual([path, verb, 1]);
                    expect(Object.keys(op.security[0])).toHaveLength(1);
                    expect(schemes).toContain(Object.keys(op.security[0])[0]);
                }
            }
        }
    });

    test("the catch-all is API Gateway's /$default any-method operation with isDefaultRoute", () => {
        const doc = JSON.parse(catchAll);
        expect(doc.paths["/$default"]["x-amazon-apigateway-any-method"]).toMatchObject({ isDefaultRoute: true, security: [{ sigv4: [] }] });
        expect(doc.servers).toEqual([{ url: "/", "x-amazon-apigateway-endpoint-configuration": { disableExecuteApiEndpoint: true } }]);
    });

    test("the same inputs render the same text, whatever the order of the routes", async () => {
        const reversed = await bodyOf("full2", { ...FULL, stackName: "full2", routes: [...FULL.routes!].reverse() });
        expect(reversed.replace(/full2/g, "full")).toBe(full);
    });
});
