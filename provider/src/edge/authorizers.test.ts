// Authorizers and request validation through both components under mocks: the
// security requirement of every operation (only CORS preflights without), the
// schemes, the Lambda authorizer's permission, the validators and models, and
// each bad input refused at construction.
import SwaggerParser from "@apidevtools/swagger-parser";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import type * as aws from "@pulumi/aws";
import { lambdaRoute, Http } from "../routes/routeHelpers";
import { documentOf, integrationOf } from "../../../test-support/openApiDoc";
import { edgeHarness, T } from "../../../test-support/edgeHarness";
import { rejectsEach } from "../../../test-support/inputCases";

const { build, opsOf, fn } = edgeHarness(world);
const POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123";
const EXEC = (api: string) => `arn:aws:execute-api:us-east-1:123456789012:${api}-id`;

let authFn: aws.lambda.Function;
beforeAll(async () => {
    authFn = await world.lambda("auth-fn");
});

describe("a Cognito authorizer on SecureRestApi", () => {
    test("every route needs the key and a user pool token; scopes per route; no permission for Cognito", async () => {
        const g = await build("key", "cog", {
            authorizer: { type: "cognito", userPoolArns: [POOL] },
            routes: [
                lambdaRoute(fn(), "/orders", Http.GET),
                { ...lambdaRoute(fn(), "/admin", Http.POST), authorizationScopes: ["orders/admin"] },
            ],
            cors: { allowOrigins: ["https://app.example.com"] },
        });
        const ops = opsOf(g);
        expect(ops.get("GET /orders")!.security).toEqual([{ api_key: [], cognito: [] }]);
        expect(ops.get("POST /admin")!.security).toEqual([{ api_key: [], cognito: ["orders/admin"] }]);
        expect(ops.get("OPTIONS /orders")!.security).toEqual([]);
        const doc = documentOf(g.of(T.restApi)[0].inputs);
        expect(doc.components.securitySchemes.cognito).toEqual({
            type: "apiKey",
            name: "Authorization",
            in: "header",
            "x-amazon-apigateway-authtype": "cognito_user_pools",
            "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: [POOL] },
        });
        // A browser may send the token: the preflight allows the Authorization header.
        expect(
            integrationOf(ops.get("OPTIONS /orders")!).responses.default.responseParameters[
                "method.response.header.Access-Control-Allow-Headers"
            ],
        ).toBe("'content-type,x-api-key,authorization'");
        expect(
            g
                .of(T.permission)
                .map(p => p.name)
                .filter(n => n.includes("authorizer")),
        ).toEqual([]);
        await SwaggerParser.validate(JSON.parse(JSON.stringify(doc)));
    });
});

describe("Lambda authorizers", () => {
    test("token: a custom scheme calling the function, a TTL, one permission scoped to this API's authorizers", async () => {
        const g = await build("key", "tok", {
            routes: [
                {
                    ...lambdaRoute(fn(), "/a", Http.GET, Http.POST),
                    authorizer: { type: "token", function: authFn, resultTtlInSeconds: 60 },
                },
                lambdaRoute(fn(), "/b", Http.GET),
            ],
        });
        const ops = opsOf(g);
        expect(ops.get("GET /a")!.security).toEqual([{ api_key: [], "token-auth-fn": [] }]);
        expect(ops.get("GET /b")!.security).toEqual([{ api_key: [] }]);
        const scheme = documentOf(g.of(T.restApi)[0].inputs).components.securitySchemes["token-auth-fn"];
        expect(scheme).toEqual({
            type: "apiKey",
            name: "Authorization",
            in: "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": {
                type: "token",
                authorizerResultTtlInSeconds: 60,
                authorizerUri:
                    "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth-fn/invocations",
            },
        });
        const perm = g.named(T.permission, "tok-authorizer-token-auth-fn").inputs;
        expect(perm).toMatchObject({
            function: "auth-fn",
            principal: "apigateway.amazonaws.com",
            sourceArn: `${EXEC("tok")}/authorizers/*`,
        });
        // The deployment waits for it like for the routes' permissions.
        expect(g.named(T.deployment, "tok").dependsOn).toContain("tok-authorizer-token-auth-fn");
    });

    test("on IAMSecureRestApi a route's request authorizer replaces AWS_IAM for that route only", async () => {
        const g = await build("iam", "iamauth", {
            routes: [
                lambdaRoute(fn(), "/signed", Http.GET),
                {
                    ...lambdaRoute(fn(), "/partner", Http.GET),
                    authorizer: {
                        type: "request",
                        function: authFn,
                        identitySources: ["method.request.header.X-Partner-Token", "method.request.querystring.tenant"],
                    },
                },
            ],
        });
        const ops = opsOf(g);
        expect(ops.get("GET /signed")!.security).toEqual([{ sigv4: [] }]);
        expect(ops.get("GET /partner")!.security).toEqual([{ "request-auth-fn": [] }]);
        const scheme = documentOf(g.of(T.restApi)[0].inputs).components.securitySchemes["request-auth-fn"];
        expect(scheme["x-amazon-apigateway-authorizer"]).toMatchObject({
            type: "request",
            identitySource: "method.request.header.X-Partner-Token, method.request.querystring.tenant",
            authorizerResultTtlInSeconds: 300,
        });
    });
});

describe("request validation", () => {
    test("body schema and required parameters: validators, a model per method, the 400 answers with CORS headers", async () => {
        const schema = { type: "object", required: ["name"], properties: { name: { type: "string" } } };
        const g = await build("key", "val", {
            routes: [
                {
                    ...lambdaRoute(fn(), "/orders", Http.POST, Http.PUT),
                    requestValidation: { bodySchema: schema, requiredHeaders: ["x-request-id"] },
                },
                { ...lambdaRoute(fn(), "/orders/{id}", Http.GET), requestValidation: { requiredQueryStrings: ["fields"] } },
            ],
            cors: { allowOrigins: ["https://app.example.com"] },
        });
        const doc = documentOf(g.of(T.restApi)[0].inputs);
        const ops = opsOf(g);
        const post = ops.get("POST /orders")!;
        expect(post["x-amazon-apigateway-request-validator"]).toBe("all");
        expect(post.parameters).toEqual([{ name: "x-request-id", in: "header", required: true, schema: { type: "string" } }]);
        const ref = post.requestBody.content["application/json"].schema.$ref as string;
        expect(doc.components.schemas[ref.split("/").pop()!]).toEqual(schema);
        // PUT gets its own model: names are per method, alphanumeric, never shared by two methods.
        expect(ops.get("PUT /orders")!.requestBody.content["application/json"].schema.$ref).not.toBe(ref);
        const get = ops.get("GET /orders/{id}")!;
        expect(get["x-amazon-apigateway-request-validator"]).toBe("params");
        expect(get.parameters).toEqual([
            { name: "id", in: "path", required: true, schema: { type: "string" } },
            { name: "fields", in: "query", required: true, schema: { type: "string" } },
        ]);
        expect(get.security).toEqual([{ api_key: [] }]);
        expect(doc["x-amazon-apigateway-request-validators"].all).toEqual({ validateRequestBody: true, validateRequestParameters: true });
        const responses = doc["x-amazon-apigateway-gateway-responses"];
        expect(Object.keys(responses).sort()).toEqual(["BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS", "DEFAULT_4XX", "DEFAULT_5XX"]);
        expect(responses.BAD_REQUEST_BODY).toMatchObject({
            statusCode: 400,
            responseTemplates: { "application/json": '{"message": "$context.error.validationErrorString"}' },
            responseParameters: { "gatewayresponse.header.Access-Control-Allow-Origin": "'https://app.example.com'" },
        });
        await SwaggerParser.validate(JSON.parse(JSON.stringify(doc)));
    });
});

// Bad authorizer and validation inputs: refused at construction naming field and value, nothing registered.
rejectsEach(world, [
    ["authorizer of an unknown type", () => ({ authorizer: { type: "jwt" } }), "authorizer.type", '"jwt"'],
    ["cognito without user pools", () => ({ authorizer: { type: "cognito" } }), "authorizer.userPoolArns", "undefined"],
    [
        "cognito with a malformed pool ARN",
        () => ({ authorizer: { type: "cognito", userPoolArns: ["arn:aws:cognito-idp:us-east-1:123:userpool/x"] } }),
        "authorizer.userPoolArns[0]",
        '"arn:aws:cognito-idp:us-east-1:123:userpool/x"',
    ],
    [
        "cognito with a result TTL",
        () => ({ authorizer: { type: "cognito", userPoolArns: [POOL], resultTtlInSeconds: 60 } }),
        "authorizer.resultTtlInSeconds",
        "60",
    ],
    ["token without a function", () => ({ authorizer: { type: "token" } }), "authorizer.function", "undefined"],
    [
        "TTL over an hour",
        h => ({ authorizer: { type: "token", function: h.ok().handler, resultTtlInSeconds: 3601 } }),
        "authorizer.resultTtlInSeconds",
        "3601",
    ],
    [
        "token reading two headers",
        h => ({
            authorizer: {
                type: "token",
                function: h.ok().handler,
                identitySources: ["method.request.header.A", "method.request.header.B"],
            },
        }),
        "authorizer.identitySources",
        '["method.request.header.A","method.request.header.B"]',
    ],
    [
        "request without identity sources",
        h => ({ authorizer: { type: "request", function: h.ok().handler } }),
        "authorizer.identitySources",
        "undefined",
    ],
    [
        "request with a malformed identity source",
        h => ({ authorizer: { type: "request", function: h.ok().handler, identitySources: ["header.Auth"] } }),
        "authorizer.identitySources[0]",
        '"header.Auth"',
    ],
    [
        "authorizer name with a space",
        () => ({ authorizer: { type: "cognito", userPoolArns: [POOL], name: "my auth" } }),
        "authorizer.name",
        '"my auth"',
    ],
    [
        "two different authorizers under one name",
        h => ({
            authorizer: { type: "cognito", userPoolArns: [POOL] },
            routes: [{ ...h.ok(), authorizer: { type: "cognito", userPoolArns: [POOL.replace("AbCdEf123", "Other999")] } }],
        }),
        "routes[0].authorizer.name",
        '"cognito"',
    ],
    [
        "scopes without a cognito authorizer",
        h => ({ routes: [{ ...h.ok(), authorizationScopes: ["orders/read"] }] }),
        "routes[0].authorizationScopes",
        '["orders/read"]',
    ],
    [
        "a scope with a space",
        h => ({ authorizer: { type: "cognito", userPoolArns: [POOL] }, routes: [{ ...h.ok(), authorizationScopes: ["orders read"] }] }),
        "routes[0].authorizationScopes[0]",
        '"orders read"',
    ],
    [
        "request validation asking for nothing",
        h => ({ routes: [{ ...h.ok(), requestValidation: {} }] }),
        "routes[0].requestValidation",
        "{}",
    ],
    [
        "body schema that is not an object",
        h => ({ routes: [{ ...h.ok(), requestValidation: { bodySchema: "object" } }] }),
        "routes[0].requestValidation.bodySchema",
        '"object"',
    ],
    [
        "required header with a space",
        h => ({ routes: [{ ...h.ok(), requestValidation: { requiredHeaders: ["x id"] } }] }),
        "routes[0].requestValidation.requiredHeaders[0]",
        '"x id"',
    ],
]);

// Two authorizers under one name whose pools are outputs can only be compared once the pools resolve
// (every output serializes to one warning text): the same pool is one authorizer, two pools stop every child.
describe("one authorizer name, pools given as outputs", () => {
    const pool2 = POOL.replace("AbCdEf123", "Other9876");
    const routesOf = (a: string, b: string) => [
        { ...lambdaRoute(fn(), "/a", Http.GET), authorizer: { type: "cognito" as const, userPoolArns: pulumi.output([a]) } },
        { ...lambdaRoute(fn(), "/b", Http.GET), authorizer: { type: "cognito" as const, userPoolArns: pulumi.output([b]) } },
    ];

    test("the same pool: one authorizer for both routes", async () => {
        const g = await build("key", "samepool", { routes: routesOf(POOL, POOL) });
        expect(Object.keys(documentOf(g.of(T.restApi)[0].inputs).components.securitySchemes).sort()).toEqual(["api_key", "cognito"]);
    });

    test("two pools: refused once they resolve, naming the second route's authorizer, nothing created", async () => {
        const { holdChildrenOnLateFailure } = await import("../shared/lateChecks");
        const { SecureRestApi } = await import("../components/secureRestApi");
        const { forgetClaimedStackNames } = await import("../components/sharedInputs");
        holdChildrenOnLateFailure(true);
        try {
            forgetClaimedStackNames();
            await world.settle();
            const before = world.resources.length;
            const api = new SecureRestApi(
                "twopools",
                { stackName: "twopools", test: true, routes: routesOf(POOL, pool2) },
                { transformations: [world.recorder] },
            );
            const error = await api.lateChecks.then(
                () => undefined,
                e => e,
            );
            expect(error?.message).toMatch(
                /^SecureRestApi "twopools": routes\[1\]\.authorizer\.name "cognito" is invalid: is also the name of a different authorizer at routes\[0\]\.authorizer/,
            );
            await new Promise(r => setTimeout(r, 200));
            await world.settle();
            expect(world.resources.slice(before).filter(r => r.parentResource === api)).toEqual([]);
        } finally {
            holdChildrenOnLateFailure(false);
        }
    });
});
