// SecureHttpApi's graph under Pulumi's mocks: the resources it registers (types,
// inputs, dependency edges), its OpenAPI document (every route's authorization
// and integration, the authorizers, CORS), its outputs, and the IAM identity.
import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecret, MockWorld, Recorded, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as aws from "@pulumi/aws";
import { SecureHttpApi } from "./secureHttpApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { SecureHttpApiArgs } from "../shared/schema-types";
import { Http, integrationRoute, lambdaMethods, lambdaRoute } from "../routes/routeHelpers";

const T = {
    api: "aws:apigatewayv2/api:Api",
    deployment: "aws:apigatewayv2/deployment:Deployment",
    stage: "aws:apigatewayv2/stage:Stage",
    domainName: "aws:apigatewayv2/domainName:DomainName",
    apiMapping: "aws:apigatewayv2/apiMapping:ApiMapping",
    record: "aws:route53/record:Record",
    permission: "aws:lambda/permission:Permission",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    user: "aws:iam/user:User",
    accessKey: "aws:iam/accessKey:AccessKey",
    policy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
};
const ACCT = "123456789012";
const ISSUER = "https://issuer.example.com/";
const POOL = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

let fn: aws.lambda.Function;
let other: aws.lambda.Function;
let authFn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
    other = await world.lambda("other");
    authFn = await world.lambda("auth");
});
beforeEach(() => forgetClaimedStackNames());

async function build(name: string, args: SecureHttpApiArgs) {
    const before = world.resources.length;
    const api = new SecureHttpApi(name, args, { transformations: [world.recorder] });
    await valueOf(api.apiEndpoint);
    await valueOf(api.openApiDocument);
    if (api.policy) await valueOf(api.policy.apply(p => p.policy));
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    const one = (type: string): Recorded => {
        const found = of(type);
        if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.map(r => r.name).join(", ") || "none"}`);
        return found[0];
    };
    const doc = JSON.parse(one(T.api).inputs.body);
    /** "GET /path" → the operation, as API Gateway will import it ("ANY" for its any-method extension). */
    const op = (key: string) => {
        const [method, path] = key.split(" ");
        const ops = doc.paths[path] ?? {};
        return ops[method === "ANY" ? "x-amazon-apigateway-any-method" : method.toLowerCase()];
    };
    return { api, mine, of, one, doc, op };
}
type Graph = Awaited<ReturnType<typeof build>>;

const buildError = (name: string, args: SecureHttpApiArgs) => {
    try {
        new SecureHttpApi(name, args);
    } catch (e) {
        return e as Error & { problems?: { field: string; reason: string }[] };
    }
    throw new Error("expected an input error");
};
const fields = (e: { problems?: { field: string }[] }) => (e.problems ?? []).map(p => p.field);

describe("defaults: every route requires IAM (SigV4)", () => {
    let g: Graph;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("http", {
            routes: [
                lambdaMethods(fn, Http.GET),
                lambdaRoute(fn, "/users/{id}", Http.GET, Http.DELETE),
                lambdaRoute(other, "/files/{proxy+}", Http.ANY),
                { path: "$default", methods: [Http.ANY], handler: fn },
                integrationRoute({ type: "HTTP_PROXY", uri: "https://backend.example.com/orders", httpMethod: "GET" }, "/orders", Http.GET),
            ],
            tags: { team: "core" },
        });
    });

    test("one HTTP API whose body is the OpenAPI document; it fails on import warnings", () => {
        const api = g.one(T.api);
        expect(api.inputs).toMatchObject({ name: "proj-dev", protocolType: "HTTP", failOnWarnings: true, tags: { team: "core" } });
        expect(api.inputs.corsConfiguration).toBeUndefined();
        expect(g.doc.openapi).toBe("3.0.1");
        expect(g.doc.info.title).toBe("proj-dev");
    });

    test("every route operation requires sigv4, exactly one requirement each", () => {
        const keys = ["GET /", "GET /users/{id}", "DELETE /users/{id}", "ANY /files/{proxy+}", "ANY /$default", "GET /orders"];
        for (const k of keys) expect([k, g.op(k).security]).toEqual([k, [{ sigv4: [] }]]);
        expect(g.doc.components.securitySchemes).toEqual({
            sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
        });
        const count = Object.values<Record<string, unknown>>(g.doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
        expect(count).toBe(keys.length);
    });

    test("Lambda routes are AWS_PROXY integrations with payload format 2.0; the HTTP route an HTTP_PROXY one", () => {
        const invokeArn = (n: string) =>
            `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCT}:function:${n}/invocations`;
        expect(g.op("GET /users/{id}")["x-amazon-apigateway-integration"]).toEqual({
            type: "aws_proxy",
            httpMethod: "POST",
            uri: invokeArn("fn"),
            payloadFormatVersion: "2.0",
            connectionType: "INTERNET",
        });
        expect(g.op("ANY /files/{proxy+}")["x-amazon-apigateway-integration"].uri).toBe(invokeArn("other"));
        expect(g.op("GET /orders")["x-amazon-apigateway-integration"]).toEqual({
            type: "http_proxy",
            httpMethod: "GET",
            uri: "https://backend.example.com/orders",
            payloadFormatVersion: "1.0",
            connectionType: "INTERNET",
        });
        expect(g.op("GET /users/{id}").parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "string" } }]);
    });

    test("the $default route is API Gateway's /$default any-method operation marked isDefaultRoute", () => {
        expect(g.op("ANY /$default")).toMatchObject({ isDefaultRoute: true, security: [{ sigv4: [] }] });
    });

    test("one Lambda permission per function for this API's stage ({executionArn}/prod/*), none for a test stage", () => {
        const perms = g.of(T.permission);
        expect(perms.map(p => [p.name, p.inputs.function, p.inputs.sourceArn]).sort()).toEqual([
            ["http-invoke-fn", "fn", `arn:aws:execute-api:us-east-1:${ACCT}:http-id/prod/*`],
            ["http-invoke-other", "other", `arn:aws:execute-api:us-east-1:${ACCT}:http-id/prod/*`],
        ]);
        for (const p of perms) expect(p.inputs).toMatchObject({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com" });
    });

    test("a deployment after the API and the permissions, triggered by the body's hash; the stage serves it", () => {
        const d = g.one(T.deployment);
        const body = g.one(T.api).inputs.body;
        expect(d.inputs.apiId).toBe("http-id");
        expect(d.inputs.triggers).toEqual({ openApiDocument: createHash("sha256").update(body).digest("hex") });
        expect(d.dependsOn.sort()).toEqual(["http", "http-invoke-fn", "http-invoke-other"]);
        const s = g.one(T.stage);
        expect(s.inputs).toMatchObject({
            apiId: "http-id",
            name: "prod",
            deploymentId: "http-id",
            autoDeploy: false,
            defaultRouteSettings: { throttlingBurstLimit: 500, throttlingRateLimit: 1000 },
            tags: { team: "core" },
        });
        expect(s.inputs.routeSettings).toBeUndefined();
        expect(s.inputs.accessLogSettings).toBeUndefined();
    });

    test("outputs: the stage's URL, every route path's URL ($default has none), the execution ARN", async () => {
        expect(await valueOf(g.api.apiEndpoint)).toBe("https://http-id.execute-api.us-east-1.amazonaws.com/prod/");
        expect(await valueOf(g.api.routeUrls)).toEqual({
            "/": "https://http-id.execute-api.us-east-1.amazonaws.com/prod/",
            "/files/{proxy+}": "https://http-id.execute-api.us-east-1.amazonaws.com/prod/files/{proxy+}",
            "/orders": "https://http-id.execute-api.us-east-1.amazonaws.com/prod/orders",
            "/users/{id}": "https://http-id.execute-api.us-east-1.amazonaws.com/prod/users/{id}",
        });
        expect(await valueOf(g.api.executionArn)).toBe(`arn:aws:execute-api:us-east-1:${ACCT}:http-id`);
        expect(await valueOf(g.api.openApiDocument)).toBe(g.one(T.api).inputs.body);
    });

    test("the IAM identity: a user with a key in a secret, and a policy allowing execute-api:Invoke on this stage only", async () => {
        expect(g.one(T.user).inputs.name).toBe("proj-dev-api-user");
        expect(g.one(T.accessKey).inputs.user).toBe("proj-dev-api-user");
        expect(g.one(T.secret).inputs.name).toBe("proj-dev/iam-user-credentials");
        expect(g.one(T.secretVersion).secretInputs).toContain("secretString");
        expect(JSON.parse(g.one(T.policy).inputs.policy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "execute-api:Invoke", Resource: `arn:aws:execute-api:us-east-1:${ACCT}:http-id/prod/*` },
            ],
        });
        expect(await valueOf(g.api.apiIamUserCredentials)).toBe(
            "https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=proj-dev%2Fiam-user-credentials&region=us-east-1",
        );
        expect(g.api.apiIamRoleArn && (await valueOf(g.api.apiIamRoleArn))).toBeUndefined();
        expect(g.of(T.role)).toEqual([]);
    });

    test("children are the component's; nothing REST (no usage plan, no API key, no RestApi)", () => {
        expect(g.mine.filter(r => r.type.startsWith("aws:apigateway/"))).toEqual([]);
        for (const r of g.mine.filter(r => r.type !== "secure-api:index:SecureHttpApi")) expect(r.parentResource).toBe(g.api);
    });
});

describe("JWT, Cognito and Lambda authorizers", () => {
    let g: Graph;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("auth", {
            stackName: "auth-stack",
            authorizer: { type: "jwt", issuer: ISSUER, audiences: ["client-a", "client-b"] },
            routes: [
                lambdaRoute(fn, "/orders", Http.GET),
                { ...lambdaRoute(fn, "/orders", Http.POST), authorizationScopes: ["orders/write", "admin"] },
                { ...lambdaRoute(fn, "/signed", Http.GET), authorizer: { type: "iam" } },
                {
                    ...lambdaRoute(fn, "/pool", Http.GET),
                    authorizer: { type: "cognito", userPoolArns: [POOL], audiences: ["pool-client"] },
                },
                {
                    ...lambdaRoute(other, "/partners/{id}", Http.PUT),
                    authorizer: {
                        type: "request",
                        function: authFn,
                        identitySources: ["$request.header.X-Partner-Token", "$request.querystring.tenant"],
                        resultTtlInSeconds: 60,
                    },
                },
            ],
            createUser: false,
        });
    });

    test("each operation names its one scheme; scopes only on the route that asks for them", () => {
        expect(g.op("GET /orders").security).toEqual([{ jwt: [] }]);
        expect(g.op("POST /orders").security).toEqual([{ jwt: ["admin", "orders/write"] }]);
        expect(g.op("GET /signed").security).toEqual([{ sigv4: [] }]);
        expect(g.op("GET /pool").security).toEqual([{ cognito: [] }]);
        expect(g.op("PUT /partners/{id}").security).toEqual([{ "request-auth": [] }]);
    });

    test("the JWT authorizer: issuer, audiences, the Authorization header; Cognito's issuer is the pool's", () => {
        const schemes = g.doc.components.securitySchemes;
        expect(schemes.jwt).toEqual({
            type: "oauth2",
            flows: {},
            "x-amazon-apigateway-authorizer": {
                type: "jwt",
                jwtConfiguration: { issuer: ISSUER, audience: ["client-a", "client-b"] },
                identitySource: "$request.header.Authorization",
            },
        });
        expect(schemes.cognito["x-amazon-apigateway-authorizer"].jwtConfiguration).toEqual({
            issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
            audience: ["pool-client"],
        });
    });

    test("the Lambda authorizer: payload 2.0, simple responses, its identity sources and cache TTL", () => {
        expect(g.doc.components.securitySchemes["request-auth"]).toEqual({
            type: "apiKey",
            name: "Unused",
            in: "header",
            "x-amazon-apigateway-authorizer": {
                type: "request",
                authorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:${ACCT}:function:auth/invocations`,
                authorizerPayloadFormatVersion: "2.0",
                enableSimpleResponses: true,
                authorizerResultTtlInSeconds: 60,
                identitySource: "$request.header.X-Partner-Token, $request.querystring.tenant",
            },
        });
    });

    test("the authorizer function may be invoked by this API's authorizers only", () => {
        const p = g.of(T.permission).find(x => x.inputs.function === "auth")!;
        expect(p.inputs.sourceArn).toBe(`arn:aws:execute-api:us-east-1:${ACCT}:auth-id/authorizers/*`);
    });

    test("one iam route: the invoke policy exists (createUser: false: no user, no secret)", async () => {
        expect(g.of(T.user)).toEqual([]);
        expect(g.of(T.secret)).toEqual([]);
        expect(JSON.parse(g.one(T.policy).inputs.policy).Statement[0].Resource).toBe(
            `arn:aws:execute-api:us-east-1:${ACCT}:auth-id/prod/*`,
        );
        expect(g.api.user).toBeUndefined();
        expect(g.api.apiIamUserCredentials).toBeUndefined();
    });
});

describe("an API without iam routes has no IAM identity, and refuses its inputs", () => {
    test("no policy, user or role", async () => {
        const g = await build("jwtonly", {
            stackName: "jwt-only",
            authorizer: { type: "jwt", issuer: ISSUER, audiences: ["a"] },
            routes: [lambdaRoute(fn, "/x", Http.GET)],
        });
        expect(g.mine.filter(r => r.type.startsWith("aws:iam/") || r.type.startsWith("aws:secretsmanager/"))).toEqual([]);
        expect(g.api.policy).toBeUndefined();
    });

    test("createUser, useRole, invokers and policyRoutes are errors naming each field", () => {
        const e = buildError("jwtonly2", {
            authorizer: { type: "jwt", issuer: ISSUER, audiences: ["a"] },
            routes: [lambdaRoute(fn, "/x", Http.GET)],
            createUser: true,
            useRole: true,
            invokers: ["111122223333"],
            policyRoutes: [{ method: Http.GET, path: "/x" }],
        });
        expect(fields(e).sort()).toEqual(["createUser", "invokers", "policyRoutes", "useRole"]);
        expect(e.message).toContain("only applies when a route is authorized by iam");
    });
});

describe("IAM with a role: invokers are principals the role trusts; policyRoutes limit the policy", () => {
    test("trust policy, policy resources ($default as {stage}/$default)", async () => {
        const g = await build("roles", {
            stackName: "roles",
            stageName: "v1",
            routes: [lambdaRoute(fn, "/orders/{id}", Http.GET, Http.DELETE), { path: "$default", methods: [Http.ANY], handler: fn }],
            useRole: true,
            createUser: false,
            trustAccountRoot: false,
            invokers: ["arn:aws:iam::210987654321:role/partner", "111122223333"],
            policyRoutes: [
                { method: Http.GET, path: "/orders/{id}" },
                { method: Http.ANY, path: "$default" },
            ],
        });
        const role = g.one(T.role);
        expect(JSON.parse(role.inputs.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::210987654321:role/partner", "111122223333"] },
                    Action: "sts:AssumeRole",
                },
            ],
        });
        expect(JSON.parse(g.one(T.policy).inputs.policy).Statement[0].Resource).toEqual([
            `arn:aws:execute-api:us-east-1:${ACCT}:roles-id/v1/GET/orders/*`,
            `arn:aws:execute-api:us-east-1:${ACCT}:roles-id/v1/$default`,
        ]);
        expect(await valueOf(g.api.apiIamRoleArn!)).toBe(`arn:aws:iam::${ACCT}:role/roles@api-invoke-role`);
    });

    test("invokers without useRole, and a policy route decided by an authorizer, are refused", () => {
        const e = buildError("roles2", {
            routes: [
                lambdaRoute(fn, "/a", Http.GET),
                { ...lambdaRoute(fn, "/b", Http.GET), authorizer: { type: "jwt", issuer: ISSUER, audiences: ["x"] } },
            ],
            invokers: ["111122223333"],
            policyRoutes: [{ method: Http.GET, path: "/b" }],
        });
        expect(fields(e).sort()).toEqual(["invokers", "policyRoutes[0].method"]);
        expect(e.message).toContain("HTTP APIs have no resource policy");
        expect(e.message).toContain("with its own authorizer, not AWS_IAM");
    });
});

describe("CORS: API Gateway answers the preflights; no route is unauthenticated", () => {
    test("the same configuration in the document and on the Api; default headers of the routes' auth", async () => {
        const g = await build("cors", {
            stackName: "cors",
            routes: [
                lambdaRoute(fn, "/items", Http.GET, Http.POST),
                {
                    ...lambdaRoute(fn, "/me", Http.GET),
                    authorizer: { type: "jwt", issuer: ISSUER, audiences: ["a"], identitySources: ["$request.header.X-Token"] },
                },
            ],
            cors: {
                allowOrigins: ["https://app.example.com", "https://admin.example.com"],
                allowCredentials: true,
                exposeHeaders: ["x-request-id"],
            },
        });
        const expected = {
            allowOrigins: ["https://app.example.com", "https://admin.example.com"],
            allowMethods: ["OPTIONS", "GET", "POST"],
            allowHeaders: ["authorization", "content-type", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token", "x-token"],
            exposeHeaders: ["x-request-id"],
            maxAge: 600,
            allowCredentials: true,
        };
        expect(g.doc["x-amazon-apigateway-cors"]).toEqual(expected);
        expect(g.one(T.api).inputs.corsConfiguration).toEqual(expected);
        // No OPTIONS operation: the preflight is API Gateway's, not a route.
        for (const ops of Object.values<Record<string, unknown>>(g.doc.paths)) expect(Object.keys(ops)).not.toContain("options");
    });

    test("ANY, $default and OPTIONS routes are refused with cors (they would take the preflight)", () => {
        const e = buildError("cors2", {
            routes: [
                lambdaRoute(fn, "/a", Http.ANY),
                { path: "$default", methods: [Http.ANY], handler: fn },
                lambdaRoute(fn, "/b", Http.OPTIONS),
            ],
            cors: { allowOrigins: ["*"] },
        });
        expect(fields(e).sort()).toEqual(["routes[0].methods[0]", "routes[1].path", "routes[2].methods[0]"]);
        expect(e.message).toContain("would also take the browser's OPTIONS preflight");
    });
});

describe("stage: throttles, route settings, variables, access logs", () => {
    test("route settings per route key; access logs in JSON with identity fields and no token", async () => {
        const g = await build("stage", {
            stackName: "stage",
            throttle: { burstLimit: 20, rateLimit: 10.5 },
            stageVariables: { backend: "backend.example.com" },
            routes: [
                { ...lambdaRoute(fn, "/slow", Http.GET, Http.POST), throttle: { burstLimit: 2, rateLimit: 1 } },
                { path: "$default", methods: [Http.ANY], handler: fn, throttle: { burstLimit: 5, rateLimit: 5 } },
            ],
            accessLogs: { retentionInDays: 30 },
        });
        const s = g.one(T.stage);
        expect(s.inputs.defaultRouteSettings).toEqual({ throttlingBurstLimit: 20, throttlingRateLimit: 10.5 });
        expect(s.inputs.routeSettings).toEqual([
            { routeKey: "$default", throttlingBurstLimit: 5, throttlingRateLimit: 5 },
            { routeKey: "GET /slow", throttlingBurstLimit: 2, throttlingRateLimit: 1 },
            { routeKey: "POST /slow", throttlingBurstLimit: 2, throttlingRateLimit: 1 },
        ]);
        expect(s.inputs.stageVariables).toEqual({ backend: "backend.example.com" });
        const group = g.one(T.logGroup);
        expect(group.inputs).toMatchObject({ name: "API-Gateway-Access-Logs_stage/prod", retentionInDays: 30 });
        expect(s.inputs.accessLogSettings.destinationArn).toBe(
            `arn:aws:logs:us-east-1:${ACCT}:log-group:API-Gateway-Access-Logs_stage/prod`,
        );
        const line = JSON.parse(s.inputs.accessLogSettings.format);
        expect(line).toMatchObject({
            requestId: "$context.requestId",
            sourceIp: "$context.identity.sourceIp",
            userArn: "$context.identity.userArn",
            jwtSubject: "$context.authorizer.claims.sub",
            routeKey: "$context.routeKey",
            status: "$context.status",
        });
        expect(s.inputs.accessLogSettings.format).not.toMatch(/header|token|Authorization/i);
        expect(Buffer.byteLength(s.inputs.accessLogSettings.format)).toBeLessThanOrEqual(3072);
        expect(await valueOf(g.api.accessLogGroup!.apply(l => l.name))).toBe("API-Gateway-Access-Logs_stage/prod");
    });
});

describe("custom domain: REGIONAL, TLS 1.2, an API mapping to the stage, mutual TLS", () => {
    test("DomainName, ApiMapping and alias record; outputs under the domain", async () => {
        const g = await build("dom", {
            stackName: "dom",
            region: "eu-west-1",
            routes: [lambdaRoute(fn, "/hello", Http.GET)],
            domain: {
                domainName: "api.example.com",
                certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
                basePath: "v1",
                hostedZoneId: "Z1D633PJN98FT9",
                mutualTls: { truststoreUri: "s3://truststores/ca.pem", truststoreVersion: "v3" },
            },
            disableExecuteApiEndpoint: true,
        });
        expect(g.one(T.domainName).inputs).toMatchObject({
            domainName: "api.example.com",
            domainNameConfiguration: { endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
            mutualTlsAuthentication: { truststoreUri: "s3://truststores/ca.pem", truststoreVersion: "v3" },
            region: "eu-west-1",
        });
        expect(g.one(T.apiMapping).inputs).toMatchObject({
            apiId: "dom-id",
            domainName: "api.example.com",
            stage: "prod",
            apiMappingKey: "v1",
        });
        expect(g.one(T.record).inputs.aliases).toEqual([
            { name: "d-dom-id.execute-api.eu-west-1.amazonaws.com", zoneId: "ZREGIONALEUWEST1", evaluateTargetHealth: false },
        ]);
        expect(g.one(T.api).inputs.disableExecuteApiEndpoint).toBe(true);
        expect(g.doc.servers).toEqual([{ url: "/", "x-amazon-apigateway-endpoint-configuration": { disableExecuteApiEndpoint: true } }]);
        expect(await valueOf(g.api.domainUrl!)).toBe("https://api.example.com/v1/");
        expect(await valueOf(g.api.domainRouteUrls!)).toEqual({ "/hello": "https://api.example.com/v1/hello" });
        expect(await valueOf(g.api.domainDnsTarget!)).toBe("d-dom-id.execute-api.eu-west-1.amazonaws.com");
    });

    test("EDGE, TLS_1_0, a certificate from another region and mutual TLS with the execute-api endpoint on are refused", () => {
        const e1 = buildError("dom2", {
            routes: [lambdaRoute(fn, "/h", Http.GET)],
            domain: { domainName: "a.example.com", certificateArn: CERT, endpointType: "EDGE" },
        });
        expect(fields(e1)).toEqual(["domain.endpointType"]);
        const e2 = buildError("dom3", {
            region: "eu-west-1",
            routes: [lambdaRoute(fn, "/h", Http.GET)],
            domain: { domainName: "a.example.com", certificateArn: CERT, mutualTls: { truststoreUri: "s3://truststores/ca.pem" } },
        });
        expect(fields(e2).sort()).toEqual(["disableExecuteApiEndpoint", "domain.certificateArn"]);
        expect(e2.message).toContain("in the API's region eu-west-1");
    });
});

describe("secrets stay secret", () => {
    test("the secret version's value is sent as a secret", async () => {
        const g = await build("sec", { stackName: "sec", routes: [lambdaRoute(fn, "/a", Http.GET)] });
        expect(g.one(T.secretVersion).secretInputs).toEqual(["secretString"]);
        expect(await isSecret(pulumi.output(g.api.openApiDocument))).toBe(false);
    });
});
