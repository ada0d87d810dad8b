// The TypeScript SDK (@pulumi-secure-api/secure-api, built into sdk/nodejs/bin
// by `make build-sdks`) under Pulumi's mocks: the inputs its two component
// classes send must be exactly test-support/sdk-wire-fixture.json's, which the
// provider's construct is tested with too (provider/src/sdkFixture.test.ts).
import * as pulumi from "@pulumi/pulumi";
import fixture from "../../test-support/sdk-wire-fixture.json";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";

interface Registration {
    type: string;
    name: string;
    custom: boolean;
    inputs: Record<string, unknown>;
}
const registrations: Registration[] = [];
pulumi.runtime.setMocks(
    {
        newResource(args) {
            registrations.push({ type: args.type, name: args.name, custom: args.custom ?? false, inputs: args.inputs });
            return { id: `${args.name}-id`, state: args.inputs };
        },
        call(args) {
            throw new Error(`unexpected invoke ${args.token}`);
        },
    },
    fixture.project,
    fixture.stack,
    false,
);

// The mock hands newResource no `remote` flag; read it off the request the SDK sends.
const remote = new Map<string, boolean>();
const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(req: { getName(): string; getRemote(): boolean }, cb: unknown): void;
};
const registerResource = monitor.registerResource.bind(monitor);
monitor.registerResource = (req, cb) => {
    remote.set(req.getName(), req.getRemote());
    return registerResource(req, cb);
};

// Imported after setMocks, as a program's modules would be loaded by the runtime.
import * as aws from "@pulumi/aws";
import {
    AuthorizerType,
    DomainSecurityPolicy,
    Http,
    IAMSecureRestApi,
    QuotaPeriod,
    SecureRestApi,
    EndpointType,
    ExecutionLogLevel,
    Hardening,
    LambdaPermissionScope,
    SecureHttpApi,
    integrationMethods,
    integrationRoute,
    lambdaMethods,
    lambdaRoute,
    openApiDefinitionFromFile,
} from "@pulumi-secure-api/secure-api";
import * as path from "path";

const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> => (o as unknown as { promise(): Promise<T> }).promise();

/** What the mock received, back in wire form (the runtime hands resources over as live objects). */
async function wireForm(v: unknown): Promise<unknown> {
    if (pulumi.Resource.isInstance(v)) {
        const ref: Record<string, unknown> = { [SIG]: RESOURCE_SIG, urn: await promiseOf(v.urn) };
        if (pulumi.CustomResource.isInstance(v)) ref.id = await promiseOf(v.id);
        return ref;
    }
    if (Array.isArray(v)) return Promise.all(v.map(wireForm));
    if (v !== null && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SIG] === SECRET_SIG) return { [SIG]: SECRET_SIG, value: await wireForm(o.value) };
        const out: Record<string, unknown> = {};
        for (const k of Object.keys(o).sort()) out[k] = await wireForm(o[k]);
        return out;
    }
    return v;
}

async function settle() {
    let last = -1;
    while (last !== registrations.length) {
        last = registrations.length;
        await new Promise(r => setTimeout(r, 50));
    }
}

jest.setTimeout(30_000);

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
let handler: aws.lambda.Function;
let checkout: aws.sfn.StateMachine;
let keyed: SecureRestApi;
let iam: IAMSecureRestApi;
let http: SecureHttpApi;
beforeAll(async () => {
    // The program, as a user writes it with the SDK.
    handler = new aws.lambda.Function("handler", {
        role: "arn:aws:iam::123456789012:role/sdk-wire-lambda",
        runtime: "nodejs20.x",
        handler: "index.handler",
    });
    keyed = new SecureRestApi("keyed-api", {
        stackName: "sdk-wire-keyed",
        description: "SDK wire fixture: API-key API",
        authorizer: {
            type: AuthorizerType.Cognito,
            userPoolArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_SdkWire01"],
        },
        stageName: "v1",
        endpointType: EndpointType.REGIONAL,
        routes: [
            lambdaMethods(handler, Http.GET),
            {
                ...lambdaRoute(handler, "/items/{id}", Http.GET, Http.PUT),
                throttle: { burstLimit: 4, rateLimit: 2 },
                authorizationScopes: ["items/write"],
                requestValidation: { bodySchema: { type: "object" }, requiredHeaders: ["x-request-id"] },
            },
            integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/ping", Http.GET),
        ],
        throttle: { burstLimit: 10, rateLimit: 2.5 },
        quota: { limit: 100000, period: QuotaPeriod.WEEK, offset: 10 },
        tags: { app: "sdk-wire" },
        apiKeyValue: "0123456789abcdefghijKLMNOP",
        cache: false,
        accessLogs: { retentionInDays: 30, format: "$context.requestId $context.identity.apiKeyId $context.status" },
        executionLogs: { level: ExecutionLogLevel.ERROR, metrics: true, tracing: true },
        binaryMediaTypes: ["image/png"],
        minimumCompressionSize: 1024,
        cors: { allowOrigins: ["https://app.sdk-wire.example.com"], allowCredentials: true, exposeHeaders: ["x-request-id"], maxAge: 300 },
        domain: {
            domainName: "api.sdk-wire.example.com",
            certificateArn: CERT,
            basePath: "v1",
            hostedZoneId: "Z1D633PJN98FT9",
            securityPolicy: DomainSecurityPolicy.TLS12,
            mutualTls: { truststoreUri: "s3://sdk-wire-truststores/partners/ca.pem", truststoreVersion: "v2-sdk-wire" },
        },
        disableExecuteApiEndpoint: true,
        allowedSourceIps: ["203.0.113.0/24", "2001:db8::/32"],
        waf: {
            rateLimit: 1000,
            managedRules: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
            logging: { retentionInDays: 180, kmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee" },
        },
        clientCertificate: true,
        stageCache: { sizeGb: 1.6, ttlInSeconds: 120, keyParameters: ["method.request.querystring.page"] },
    });
    iam = new IAMSecureRestApi("iam-api", {
        stackName: "sdk-wire-iam",
        routes: [lambdaRoute(handler, "/hello", Http.GET, Http.POST)],
        useRole: true,
        trustAccountRoot: false,
        maxSessionDuration: 3600,
        secretName: "sdk-wire/iam-credentials",
        secretRecoveryWindowInDays: 7,
        invokers: ["arn:aws:iam::210987654321:role/sdk-wire-caller", "111122223333"],
        invokerGrants: [{ principal: "arn:aws:iam::210987654321:role/sdk-wire-reader", routes: [{ method: Http.GET, path: "/hello" }] }],
        policyRoutes: [
            { method: Http.GET, path: "/hello" },
            { method: Http.POST, path: "/hello" },
        ],
        accessKeyRotation: { generation: 2, retirePrevious: true },
        accessLogs: { destinationArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-sdk-wire" },
        executionLogs: { level: ExecutionLogLevel.INFO, dataTrace: true },
        cloudWatchRole: true,
        cors: { allowOrigins: ["*"], allowMethods: [Http.GET, Http.POST] },
        domain: { domainName: "iam.sdk-wire.example.com", certificateArn: CERT, endpointType: EndpointType.EDGE },
        deniedSourceIps: ["198.51.100.0/24"],
        webAclArn: "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/sdk-wire/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        // The preset, with the IAM user kept explicitly (an input given wins) and its secret under a key of our own.
        hardening: Hardening.Strict,
        createUser: true,
        secretKmsKeyId: "arn:aws:kms:us-east-1:123456789012:key/ffffffff-1111-2222-3333-444444444444",
    });
    // An HTTP API: a JWT default, an iam route, a Lambda authorizer, a Cognito route through a VPC link.
    http = new SecureHttpApi("http-api", {
        stackName: "sdk-wire-http",
        apiName: "sdk-wire-http-api",
        description: "SDK wire fixture: HTTP API",
        stageName: "v2",
        authorizer: { type: AuthorizerType.Jwt, name: "oidc", issuer: "https://issuer.sdk-wire.example.com/", audiences: ["sdk-wire-web"] },
        routes: [
            {
                ...lambdaRoute(handler, "/orders", Http.GET),
                authorizationScopes: ["orders/read"],
                throttle: { burstLimit: 3, rateLimit: 1 },
            },
            { ...lambdaRoute(handler, "/signed", Http.GET, Http.POST), authorizer: { type: AuthorizerType.Iam } },
            {
                ...lambdaRoute(handler, "/partners/{id}", Http.PUT),
                authorizer: {
                    type: AuthorizerType.Request,
                    function: handler,
                    identitySources: ["$request.header.X-Partner-Token"],
                    resultTtlInSeconds: 0,
                    simpleResponses: false,
                },
            },
            {
                ...integrationRoute(
                    {
                        type: "HTTP_PROXY",
                        uri: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/sdk-wire/50dc6c495c0c9188/0467ef3c8400ae65",
                        httpMethod: "ANY",
                        connectionType: "VPC_LINK",
                        connectionId: "abc123",
                        timeoutMilliseconds: 10000,
                        requestParameters: { "overwrite:path": "$request.path" },
                    },
                    "/internal/{proxy+}",
                    Http.GET,
                ),
                authorizer: {
                    type: AuthorizerType.Cognito,
                    userPoolArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_SdkWire01"],
                    audiences: ["sdk-wire-pool-client"],
                },
            },
        ],
        throttle: { burstLimit: 50, rateLimit: 25 },
        stageVariables: { backend: "backend.sdk-wire.example.com" },
        tags: { app: "sdk-wire" },
        lambdaPermissionScope: LambdaPermissionScope.Method,
        accessLogs: { retentionInDays: 14 },
        cors: {
            allowOrigins: ["https://app.sdk-wire.example.com"],
            allowHeaders: ["authorization", "content-type", "x-partner-token"],
            maxAge: 300,
        },
        domain: {
            domainName: "http.sdk-wire.example.com",
            certificateArn: CERT,
            basePath: "v2",
            hostedZoneId: "Z1D633PJN98FT9",
            mutualTls: { truststoreUri: "s3://sdk-wire-truststores/partners/ca.pem" },
        },
        disableExecuteApiEndpoint: true,
        useRole: true,
        roleName: "sdk-wire-http-invoke",
        trustAccountRoot: false,
        maxSessionDuration: 7200,
        invokers: ["arn:aws:iam::210987654321:role/sdk-wire-caller"],
        policyRoutes: [{ method: Http.GET, path: "/signed" }],
        secretName: "sdk-wire/http-credentials",
        secretRecoveryWindowInDays: 10,
        accessKeyRotation: { generation: 1 },
    });
    // Clients with keys of their own and rotation of the shared key (test mode: no AWS call in construct), audited.
    new SecureRestApi("clients-api", {
        stackName: "sdk-wire-clients",
        audit: true,
        routes: [integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/ping", Http.GET)],
        test: true,
        rotation: { generation: 2, retirePrevious: true },
        clients: [
            { name: "mobile" },
            {
                name: "partner",
                enabled: false,
                throttle: { burstLimit: 5, rateLimit: 10 },
                quota: { limit: 1000, period: QuotaPeriod.DAY },
                rotation: { generation: 1 },
            },
        ],
    });
    // Your own definition: operations bound by operationId to the handler and to an EXPRESS state machine.
    checkout = new aws.sfn.StateMachine("checkout", {
        type: "EXPRESS",
        roleArn: "arn:aws:iam::123456789012:role/sdk-wire-workflow",
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Pass", End: true } } }),
    });
    new SecureRestApi("definition-api", {
        stackName: "sdk-wire-definition",
        test: true,
        openApiDefinition: openApiDefinitionFromFile(path.join(__dirname, "..", "..", "test-support", "sdk-wire-openapi.yaml")),
        operations: {
            getOrder: { handler, throttle: { burstLimit: 3, rateLimit: 1.5 } },
            checkout: {
                stateMachine: checkout,
                stateMachineOptions: { headers: true, path: false, requestContext: { requestId: true, sourceIp: true } },
            },
        },
        publicOperations: ["GET /health"],
        routes: [
            {
                path: "/flow",
                methods: [Http.POST],
                stateMachine: checkout,
                stateMachineOptions: { authorizer: false, querystring: false, requestContext: { userAgent: true } },
            },
        ],
    });
    await settle();
});

const only = (type: string, name: string) => {
    const found = registrations.filter(r => r.type === type && r.name === name);
    expect(found).toHaveLength(1);
    return found[0];
};

test("the handler registers as the fixture's aws.lambda.Function", async () => {
    const h = only(fixture.handler.type, fixture.handler.name);
    expect(h.custom).toBe(true);
    expect(remote.get(fixture.handler.name)).toBe(false);
    expect(await wireForm(h.inputs)).toEqual(fixture.handler.inputs);
    expect(await promiseOf(handler.urn)).toBe(fixture.handler.urn);
    expect(await promiseOf(handler.id)).toBe(fixture.handler.id);
});

test("the state machine registers as the fixture's aws.sfn.StateMachine", async () => {
    const m = only(fixture.stateMachine.type, fixture.stateMachine.name);
    expect(m.custom).toBe(true);
    expect(await wireForm(m.inputs)).toEqual(fixture.stateMachine.inputs);
    expect(await promiseOf(checkout.urn)).toBe(fixture.stateMachine.urn);
    expect(await promiseOf(checkout.id)).toBe(fixture.stateMachine.id);
});

test.each(fixture.components.map(c => [c.type, c] as const))(
    "%s sends exactly the fixture's inputs (names, values, secret, handler by reference)",
    async (_type, expected) => {
        const reg = only(expected.type, expected.name);
        // A remote component: one resource the engine asks the secure-api plugin to construct.
        expect(reg.custom).toBe(false);
        expect(remote.get(expected.name)).toBe(true);
        expect(await wireForm(reg.inputs)).toEqual(expected.inputs);
        // The handler crossed as a reference to the very resource, not a copy of its properties.
        const routes = reg.inputs.routes as { handler?: unknown }[];
        for (const route of routes.filter(r => r.handler !== undefined)) {
            expect(pulumi.CustomResource.isInstance(route.handler)).toBe(true);
            expect(await promiseOf((route.handler as aws.lambda.Function).urn)).toBe(fixture.handler.urn);
        }
    },
);

test("the components are the SDK classes, registered under their schema tokens", async () => {
    expect(SecureRestApi.isInstance(keyed)).toBe(true);
    expect(IAMSecureRestApi.isInstance(iam)).toBe(true);
    expect(SecureHttpApi.isInstance(http)).toBe(true);
    expect(await promiseOf(http.urn)).toBe(`urn:pulumi:${fixture.stack}::${fixture.project}::secure-api:index:SecureHttpApi::http-api`);
    expect(await promiseOf(keyed.urn)).toBe(`urn:pulumi:${fixture.stack}::${fixture.project}::secure-api:index:SecureRestApi::keyed-api`);
    expect(await promiseOf(iam.urn)).toBe(`urn:pulumi:${fixture.stack}::${fixture.project}::secure-api:index:IAMSecureRestApi::iam-api`);
});

test("the route helpers mirror the reference's helpers and reject a route without methods", () => {
    expect(lambdaMethods(handler, Http.PUT, Http.POST)).toEqual({ path: "/", methods: ["PUT", "POST"], handler });
    expect(lambdaRoute(handler, "/path1", Http.GET)).toEqual({ path: "/path1", methods: ["GET"], handler });
    expect(integrationMethods({ type: "MOCK" }, Http.ANY)).toEqual({ path: "/", methods: ["ANY"], integration: { type: "MOCK" } });
    expect(integrationRoute({ type: "HTTP_PROXY", uri: "https://example.com", httpMethod: "GET" }, "/proxy/{proxy+}", Http.GET)).toEqual({
        path: "/proxy/{proxy+}",
        methods: ["GET"],
        integration: { type: "HTTP_PROXY", uri: "https://example.com", httpMethod: "GET" },
    });
    expect(() => lambdaRoute(handler, "/x")).toThrow("lambdaRoute: at least one HTTP method is required");
    expect(() => lambdaMethods(handler)).toThrow("lambdaMethods: at least one HTTP method is required");
    expect(() => integrationRoute({ type: "MOCK" }, "/x")).toThrow("integrationRoute: at least one HTTP method is required");
    expect(() => integrationMethods({ type: "MOCK" })).toThrow("integrationMethods: at least one HTTP method is required");
    expect(() => lambdaRoute(handler, "/x", "FETCH" as Http)).toThrow('lambdaRoute: unknown HTTP method "FETCH"');
    expect(() => lambdaRoute(handler, "x", Http.GET)).toThrow('lambdaRoute: path must be a string starting with "/"');
    // The enum carries every method the schema knows, under the reference's names.
    expect(Object.keys(Http)).toEqual(["OPTIONS", "GET", "HEAD", "PUT", "POST", "DELETE", "PATCH", "ANY"]);
});
