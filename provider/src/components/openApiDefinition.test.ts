// Your own OpenAPI definition (openApiDefinition, operations, publicOperations)
// and the state machine target, through both components: what the merged
// document requires of each operation, what is refused (all at once, naming
// path and method, nothing registered), and the children a state machine adds.
import * as fs from "fs";
import * as path from "path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { APIGatewayClient, CreateRestApiCommand, GetResourcesCommand, PutRestApiCommand } from "@aws-sdk/client-api-gateway";
import { installMocks, MockWorld, valueOf } from "../../../test-support/pulumiMocks";
import { documentOf, integrationOf, operationsOf } from "../../../test-support/openApiDoc";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

const world: MockWorld = installMocks();
jest.setTimeout(120_000);
import * as aws from "@pulumi/aws";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import { Http, integrationRoute } from "../routes/routeHelpers";
import { convertSwagger2 } from "../routes/swagger2";
import { holdChildrenOnLateFailure } from "../shared/lateChecks";

const KEY = "0123456789abcdefghijKLMNOP";
const MOCK = {
    type: "mock",
    requestTemplates: { "application/json": '{"statusCode": 200}' },
    responses: { default: { statusCode: "200" } },
};

/** An API-first team's file: an operation bound by operationId, one with its own integration, a public health check. */
const ORDERS_YAML = `
openapi: 3.0.3
info: { title: Orders, version: "2.1.0", description: The orders API }
components:
  securitySchemes:
    ApiKeyAuth: { type: apiKey, in: header, name: x-api-key }
  schemas:
    Order:
      type: object
      required: [item]
      properties: { item: { type: string }, quantity: { type: integer } }
  parameters:
    OrderId: { name: id, in: path, required: true, schema: { type: integer } }
paths:
  /orders/{id}:
    parameters: [{ $ref: "#/components/parameters/OrderId" }]
    get:
      operationId: getOrder
      summary: One order
      responses:
        "200":
          description: The order
          content: { application/json: { schema: { $ref: "#/components/schemas/Order" } } }
  /orders:
    post:
      operationId: createOrder
      security: [{ ApiKeyAuth: [] }]
      requestBody:
        required: true
        content: { application/json: { schema: { $ref: "#/components/schemas/Order" } } }
      responses: { "201": { description: Created } }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 201}' }
        responses: { default: { statusCode: "201" } }
  /health:
    get:
      operationId: health
      security: []
      responses: { "200": { description: OK } }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses: { default: { statusCode: "200" } }
`;

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("orders-fn");
});
beforeEach(() => forgetClaimedStackNames());

async function built(api: SecureRestApi | IAMSecureRestApi, before: number) {
    await valueOf(api.apiEndpoint);
    await world.settle();
    // Children of this component only (another test's may still arrive).
    const name = (await valueOf(api.urn)).split("::").pop()!;
    const mine = world.resources.slice(before).filter(r => r.name === name || r.name.startsWith(`${name}-`));
    const restApi = mine.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.name === name)!;
    return { mine, restApi, ops: operationsOf(restApi.inputs), doc: documentOf(restApi.inputs) };
}

const errorOf = (f: () => unknown): string => {
    try {
        f();
    } catch (e) {
        return (e as Error).message;
    }
    throw new Error("no error");
};

describe("SecureRestApi with a definition", () => {
    test("every operation needs the key (the file's own scheme is the component's); the public one is open; routes combine", async () => {
        const before = world.resources.length;
        const api = new SecureRestApi("orders", {
            stackName: "orders",
            apiKeyValue: KEY,
            openApiDefinition: ORDERS_YAML,
            operations: { getOrder: { handler: fn } },
            publicOperations: ["GET /health"],
            routes: [integrationRoute({ type: "MOCK" }, "/ping", Http.GET)],
        });
        const { mine, ops, doc } = await built(api, before);
        expect([...ops.keys()].sort()).toEqual(["GET /health", "GET /orders/{id}", "GET /ping", "POST /orders"]);
        expect(Object.fromEntries([...ops].map(([k, op]) => [k, op.security]))).toEqual({
            "GET /health": [],
            "GET /orders/{id}": [{ api_key: [] }],
            "GET /ping": [{ api_key: [] }],
            "POST /orders": [{ api_key: [] }],
        });
        // Only the component's schemes; the file's ApiKeyAuth is the same key, written as the component's.
        expect(Object.keys(doc.components.securitySchemes)).toEqual(["api_key"]);
        expect(doc.components.schemas.Order.required).toEqual(["item"]);
        expect(doc.info).toMatchObject({ title: "orders", version: "2.1.0", description: "The orders API" });
        const get = ops.get("GET /orders/{id}")!;
        expect(get.summary).toBe("One order");
        // The file's typed path parameter replaces the component's string one (one per name and place), inlined from its $ref.
        expect(get.parameters).toEqual([{ name: "id", in: "path", required: true, schema: { type: "integer" } }]);
        expect(get.responses["200"].content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Order" });
        expect(integrationOf(get)).toMatchObject({
            type: "aws_proxy",
            httpMethod: "POST",
            uri: expect.stringContaining(":function:orders-fn/invocations"),
        });
        expect(integrationOf(ops.get("POST /orders")!).requestTemplates["application/json"]).toBe('{"statusCode": 201}');
        // The bound handler gets the same scoped permissions as a route's.
        const permissions = mine.filter(r => r.type === "aws:lambda/permission:Permission");
        expect(permissions.map(p => [p.name, p.inputs.sourceArn.split(":").pop()]).sort()).toEqual([
            ["orders-invoke-orders-fn", "orders-id/prod/*/*"],
            ["orders-test-invoke-orders-fn", "orders-id/test-invoke-stage/*/*"],
        ]);
        expect(Object.keys(await valueOf(api.routeUrls)).sort()).toEqual(["/health", "/orders", "/orders/{id}", "/ping"]);
        // A valid OpenAPI 3.0 document.
        await expect(SwaggerParser.validate(JSON.parse(await valueOf(api.openApiDocument)))).resolves.toBeDefined();
    });

    test("document-level security applies to each operation (API Gateway ignores it), and is checked like the operation's", () => {
        const def = (security: unknown) => ({
            openapi: "3.0.1",
            info: { title: "t", version: "1" },
            security,
            components: {
                securitySchemes: { bearer: { type: "http", scheme: "bearer" }, key: { type: "apiKey", in: "header", name: "X-Api-Key" } },
            },
            paths: { "/a": { get: { "x-amazon-apigateway-integration": MOCK, responses: { "200": { description: "ok" } } } } },
        });
        expect(
            errorOf(
                () =>
                    new SecureRestApi("doc-bearer", {
                        stackName: "doc-bearer",
                        apiKeyValue: KEY,
                        openApiDefinition: def([{ bearer: [] }]),
                    }),
            ),
        ).toMatch(
            /openApiDefinition\.security \[\{"bearer":\[\]\}\] is invalid: asks for what SecureRestApi does not enforce on GET \/a: "bearer" is a scheme API Gateway does not enforce/,
        );
        expect(
            () => new SecureRestApi("doc-key", { stackName: "doc-key", apiKeyValue: KEY, openApiDefinition: def([{ key: [] }]) }),
        ).not.toThrow();
    });

    test("the file's OAuth scopes for the component's cognito authorizer are checked as a route's authorizationScopes", async () => {
        const pool = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123";
        const def = (scopes: string[]) => ({
            openapi: "3.0.1",
            info: { title: "t", version: "1" },
            paths: { "/a": { get: { security: [{ cognito: scopes }], "x-amazon-apigateway-integration": MOCK, responses: {} } } },
        });
        const args = (scopes: string[]) => ({
            stackName: "file-scopes",
            apiKeyValue: KEY,
            authorizer: { type: "cognito" as const, userPoolArns: [pool] },
            openApiDefinition: def(scopes),
        });
        expect(errorOf(() => new SecureRestApi("file-scopes-bad", args(["orders/read", "two words"])))).toMatch(
            /openApiDefinition\.paths\["\/a"\]\.get\.security\[0\]\.cognito\[1\] "two words" is invalid: is not an OAuth scope/,
        );
        const before = world.resources.length;
        const api = new SecureRestApi("file-scopes", args(["orders/read", "orders/read"]), { transformations: [world.recorder] });
        const { ops } = await built(api, before);
        expect(ops.get("GET /a")!.security).toEqual([{ api_key: [], cognito: ["orders/read"] }]);
    });

    test("every refusal at once, naming where (path and method), and nothing registered", () => {
        const before = world.resources.length;
        const message = errorOf(
            () =>
                new SecureRestApi("bad", {
                    stackName: "bad",
                    apiKeyValue: KEY,
                    routes: [integrationRoute({ type: "MOCK" }, "/dup", Http.GET)],
                    operations: { getNothing: { handler: fn }, unbound: { handler: fn } },
                    openApiDefinition: {
                        openapi: "3.0.1",
                        info: { title: "t", version: "1" },
                        servers: [{ url: "https://api.example.com/v1" }],
                        "x-amazon-apigateway-policy": {
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "*" }],
                        },
                        "x-amazon-apigateway-api-key-source": "AUTHORIZER",
                        components: {
                            securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
                            schemas: { Order_Item: { type: "object" }, Pet: { type: "object", discriminator: { propertyName: "kind" } } },
                        },
                        paths: {
                            "/open": { get: { security: [], "x-amazon-apigateway-integration": MOCK, responses: {} } },
                            "/bearer": { get: { security: [{ bearer: [] }], "x-amazon-apigateway-integration": MOCK, responses: {} } },
                            "/nothing": { get: { operationId: "getNothing", responses: {}, "x-amazon-apigateway-integration": MOCK } },
                            "/none": { delete: { responses: {} } },
                            "/dup": { get: { "x-amazon-apigateway-integration": MOCK, responses: {} } },
                            "/trace": { trace: { responses: {} } },
                            "/ext": { get: { responses: { "200": { $ref: "other.yaml#/Ok" } }, "x-amazon-apigateway-integration": MOCK } },
                            "/a{b}": { get: { responses: {} } },
                        },
                    },
                }),
        );
        for (const expected of [
            /openApiDefinition\.paths\["\/open"\]\.get\.security .*leaves GET \/open open to anyone \(security: \[\]\).*List "GET \/open" in publicOperations/,
            /openApiDefinition\.paths\["\/bearer"\]\.get\.security .*"bearer" is a scheme API Gateway does not enforce/,
            /operations\.getNothing .*give one of handler and its own x-amazon-apigateway-integration, not both/,
            /operations "unbound" .*no operation of openApiDefinition has the operationId "unbound"/,
            /openApiDefinition\.paths\["\/none"\]\.delete .*has no x-amazon-apigateway-integration and no target/,
            /openApiDefinition\.paths\["\/dup"\]\.get "GET" is invalid: GET \/dup is defined twice: also by routes\[0\]/,
            /openApiDefinition\.paths\["\/trace"\]\.trace .*API Gateway has no TRACE method/,
            /openApiDefinition\.paths\["\/ext"\]\.get\.responses\["200"\]\.\$ref .*refers outside the definition/,
            /openApiDefinition\.paths\["\/a\{b\}"\] .*not a path API Gateway can create/,
            /openApiDefinition\.servers\[0\]\.url .*base path "\/v1"/,
            /openApiDefinition\.components\.schemas\.Order_Item .*letters and digits only/,
            /openApiDefinition\.components\.schemas\.Pet\.discriminator .*does not support discriminator/,
            /openApiDefinition\.x-amazon-apigateway-policy\.Statement\[0\] .*only Deny statements/,
            /openApiDefinition\.x-amazon-apigateway-api-key-source "AUTHORIZER" is invalid: must be HEADER/,
        ])
            expect(message).toMatch(expected);
        expect(world.resources.length).toBe(before);
    });

    test("the definition's Deny statements join the component's policy, which then allows the key's methods", async () => {
        const before = world.resources.length;
        const deny = { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*/DELETE/*" };
        const api = new SecureRestApi("denied", {
            stackName: "denied",
            apiKeyValue: KEY,
            openApiDefinition: {
                openapi: "3.0.1",
                info: { title: "t", version: "1" },
                "x-amazon-apigateway-policy": { Version: "2012-10-17", Statement: [deny] },
                paths: { "/a": { delete: { "x-amazon-apigateway-integration": MOCK, responses: {} } } },
            },
        });
        const { restApi, doc } = await built(api, before);
        const policy = JSON.parse(restApi.inputs.policy);
        expect(policy.Statement).toEqual([
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" },
            deny,
        ]);
        expect(doc["x-amazon-apigateway-policy"]).toEqual(policy);
    });

    test("a gateway response the definition sets that cors sets too is refused, naming both", () => {
        expect(
            errorOf(
                () =>
                    new SecureRestApi("clash", {
                        stackName: "clash",
                        apiKeyValue: KEY,
                        cors: { allowOrigins: ["https://app.example.com"] },
                        openApiDefinition: {
                            openapi: "3.0.1",
                            info: { title: "t", version: "1" },
                            "x-amazon-apigateway-gateway-responses": { DEFAULT_4XX: { statusCode: 418 } },
                            paths: { "/a": { get: { "x-amazon-apigateway-integration": MOCK, responses: {} } } },
                        },
                    }),
            ),
        ).toMatch(
            /openApiDefinition .*clashes with what the component adds: x-amazon-apigateway-gateway-responses \(DEFAULT_4XX\) comes from both cors and openApiDefinition/,
        );
    });

    // moto models the import's paths, methods and integrations, not its security (graph/openApi.test.ts);
    // LocalStack, which enforces keys, checks that (openApiDefinition.localstack.test.ts).
    test("moto's PutRestApi imports the merged document: the definition's paths and methods, each with its integration", async () => {
        const before = world.resources.length;
        const api = new SecureRestApi("moto-def", {
            stackName: "moto-def",
            apiKeyValue: KEY,
            // moto refuses a MOCK integration without a uri: HTTP ones here.
            openApiDefinition: ORDERS_YAML.replace(
                /type: mock\n(\s+)requestTemplates: .*\n\s+responses: .*\n/g,
                "type: http_proxy\n$1httpMethod: GET\n$1uri: https://example.com/\n",
            ),
            operations: { getOrder: { handler: fn } },
            publicOperations: ["GET /health"],
        });
        const { restApi, ops } = await built(api, before);
        expect(restApi.inputs.body).not.toContain('"mock"');
        let moto: MotoServer | undefined;
        try {
            moto = await startMoto();
            const client = new APIGatewayClient({ endpoint: moto.endpoint, region: "us-east-1", credentials: MOTO_CREDENTIALS });
            const { id } = await client.send(new CreateRestApiCommand({ name: "moto-def" }));
            await client.send(new PutRestApiCommand({ restApiId: id, mode: "overwrite", body: Buffer.from(restApi.inputs.body) }));
            const { items } = await client.send(new GetResourcesCommand({ restApiId: id, embed: ["methods"] }));
            const seen = (items ?? []).flatMap(r =>
                Object.values(r.resourceMethods ?? {}).map(m => [
                    `${m.httpMethod} ${r.path}`,
                    m.methodIntegration?.type,
                    m.methodIntegration?.uri,
                ]),
            );
            expect(seen.sort()).toEqual([...ops].map(([k, op]) => [k, integrationOf(op).type, integrationOf(op).uri]).sort());
            client.destroy();
        } finally {
            await moto?.stop();
        }
    });
});

describe("the examples' definition (examples/yaml-openapi, examples/python-openapi)", () => {
    test("with the examples' bindings: passes every check; each operation needs the key but the public health check", async () => {
        const text = fs.readFileSync(path.join(__dirname, "..", "..", "..", "examples", "yaml-openapi", "openapi.yaml"), "utf8");
        const checkout = new aws.sfn.StateMachine("shop-checkout", {
            roleArn: "arn:aws:iam::123456789012:role/sfn",
            definition: "{}",
            type: "EXPRESS",
        });
        const before = world.resources.length;
        const api = new SecureRestApi("shop", {
            stackName: "shop",
            apiKeyValue: KEY,
            openApiDefinition: text,
            operations: {
                getOrder: { handler: fn },
                checkout: { stateMachine: checkout, stateMachineOptions: { requestContext: { requestId: true } } },
            },
            publicOperations: ["GET /health"],
        });
        const { ops, mine } = await built(api, before);
        expect(Object.fromEntries([...ops].map(([k, op]) => [k, op.security]))).toEqual({
            "GET /orders/{id}": [{ api_key: [] }],
            "POST /checkout": [{ api_key: [] }],
            "GET /health": [],
        });
        expect(integrationOf(ops.get("POST /checkout")!).requestTemplates["application/json"]).toContain("$!context.requestId");
        expect(Object.keys(ops.get("POST /checkout")!.responses).sort()).toEqual(["200", "400", "500"]);
        expect(mine.filter(r => r.type === "aws:iam/role:Role").map(r => r.inputs.name)).toEqual(["shop-states-shop-checkout"]);
    });
});

describe("IAMSecureRestApi with a definition", () => {
    test("every operation needs SigV4; an awsSigv4 scheme of the file is the component's; an API key scheme is refused", async () => {
        const def = (scheme: object) => ({
            openapi: "3.0.1",
            info: { title: "t", version: "1" },
            components: { securitySchemes: { s: scheme } },
            paths: {
                "/a": { get: { security: [{ s: [] }], "x-amazon-apigateway-integration": MOCK, responses: {} } },
                "/health": { get: { security: [], "x-amazon-apigateway-integration": MOCK, responses: {} } },
            },
        });
        const before = world.resources.length;
        const api = new IAMSecureRestApi("iam-def", {
            stackName: "iam-def",
            invokers: ["123456789012"],
            publicOperations: ["GET /health"],
            openApiDefinition: def({ type: "apiKey", in: "header", name: "Authorization", "x-amazon-apigateway-authtype": "awsSigv4" }),
        });
        const { ops, restApi } = await built(api, before);
        expect(ops.get("GET /a")!.security).toEqual([{ sigv4: [] }]);
        expect(ops.get("GET /health")!.security).toEqual([]);
        // With a resource policy (invokers), the public operation (authorization NONE) needs the policy's Allow.
        const statements = JSON.parse(restApi.inputs.policy).Statement;
        expect(statements).toContainEqual({
            Effect: "Allow",
            Principal: "*",
            Action: "execute-api:Invoke",
            Resource: "execute-api:/*/GET/health",
        });
        expect(
            errorOf(
                () =>
                    new IAMSecureRestApi("iam-key", {
                        stackName: "iam-key",
                        publicOperations: ["GET /health"],
                        openApiDefinition: def({ type: "apiKey", in: "header", name: "x-api-key" }),
                    }),
            ),
        ).toMatch(/paths\["\/a"\]\.get\.security .*"s" is an API key, which IAMSecureRestApi does not require here/);
    });
    test("a grant naming a public operation is refused: IAM decides nothing there (policyRoutes, invokerGrants)", () => {
        const definition = {
            openapi: "3.0.1",
            info: { title: "t", version: "1" },
            paths: {
                "/a": { get: { "x-amazon-apigateway-integration": MOCK, responses: {} } },
                "/health": { get: { security: [], "x-amazon-apigateway-integration": MOCK, responses: {} } },
            },
        };
        const message = errorOf(
            () =>
                new IAMSecureRestApi("iam-public-grant", {
                    stackName: "iam-public-grant",
                    publicOperations: ["GET /health"],
                    openApiDefinition: definition,
                    policyRoutes: [{ method: "GET", path: "/health" }],
                    invokerGrants: [{ principal: "123456789012", routes: [{ method: "GET", path: "/health" }] }],
                }),
        );
        expect(message).toMatch(/policyRoutes\[0\]\.method "GET" is invalid: "GET \/health" is in publicOperations/);
        expect(message).toMatch(/invokerGrants\[0\]\.routes\[0\]\.method "GET" is invalid: "GET \/health" is in publicOperations/);
        expect(
            () =>
                new IAMSecureRestApi("iam-private-grant", {
                    stackName: "iam-private-grant",
                    publicOperations: ["GET /health"],
                    openApiDefinition: definition,
                    policyRoutes: [{ method: "GET", path: "/a" }],
                }),
        ).not.toThrow();
    });

    test("in-process, a Swagger 2.0 file is taken converted (convertSwagger2): its awsSigv4 security definition is the component's", async () => {
        const swagger = {
            swagger: "2.0",
            info: { title: "t", version: "1" },
            securityDefinitions: {
                sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
            },
            security: [{ sigv4: [] }],
            paths: { "/a": { get: { "x-amazon-apigateway-integration": MOCK, responses: {} } } },
        };
        // Unconverted: refused, with the way out.
        expect(errorOf(() => new IAMSecureRestApi("iam-swagger", { stackName: "iam-swagger", openApiDefinition: swagger }))).toMatch(
            /openApiDefinition\.swagger "2\.0" is invalid: .*await convertSwagger2\(definition\)/,
        );
        forgetClaimedStackNames();
        const before = world.resources.length;
        const api = new IAMSecureRestApi("iam-swagger", { stackName: "iam-swagger", openApiDefinition: await convertSwagger2(swagger) });
        const { ops } = await built(api, before);
        expect(ops.get("GET /a")!.security).toEqual([{ sigv4: [] }]);
        expect(integrationOf(ops.get("GET /a")!)).toEqual(MOCK);
    });
});

describe("a state machine behind a route", () => {
    const machine = (name: string, type?: string) =>
        new aws.sfn.StateMachine(name, { roleArn: "arn:aws:iam::123456789012:role/sfn", definition: "{}", ...(type ? { type } : {}) });

    test("an integration role allowed StartSyncExecution on that state machine only; the request and response mappings", async () => {
        const sm = machine("checkout", "EXPRESS");
        const before = world.resources.length;
        const api = new SecureRestApi(
            "sfn",
            {
                stackName: "sfn",
                apiKeyValue: KEY,
                routes: [
                    {
                        path: "/checkout",
                        methods: [Http.POST],
                        stateMachine: sm,
                        stateMachineOptions: { headers: true, requestContext: { sourceIp: true } },
                    },
                ],
            },
            { transformations: [world.recorder] },
        );
        const { mine, ops } = await built(api, before);
        const role = mine.find(r => r.type === "aws:iam/role:Role")!;
        expect(role.name).toBe("sfn-states-checkout");
        expect(role.inputs.name).toBe("sfn-states-checkout");
        expect(JSON.parse(role.inputs.assumeRolePolicy).Statement).toEqual([
            { Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" },
        ]);
        const policy = mine.find(r => r.type === "aws:iam/rolePolicy:RolePolicy")!;
        expect(JSON.parse(policy.inputs.policy).Statement).toEqual([
            {
                Effect: "Allow",
                Action: "states:StartSyncExecution",
                Resource: "arn:aws:states:us-east-1:123456789012:stateMachine:checkout",
            },
        ]);
        // The deployment waits for the policy (the stage never serves a route API Gateway may not start).
        expect(mine.find(r => r.type === "aws:apigateway/deployment:Deployment")!.dependsOn).toContain(policy.name);
        const op = ops.get("POST /checkout")!;
        expect(op.security).toEqual([{ api_key: [] }]);
        expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "500"]);
        const integration = integrationOf(op);
        expect(integration).toMatchObject({
            type: "aws",
            httpMethod: "POST",
            uri: "arn:aws:apigateway:us-east-1:states:action/StartSyncExecution",
            credentials: "arn:aws:iam::123456789012:role/sfn-states-checkout",
            passthroughBehavior: "never",
        });
        // Keys sorted in the rendered text: the selection patterns, then the default.
        expect(Object.fromEntries(Object.entries(integration.responses).map(([k, v]: [string, any]) => [k, v.statusCode]))).toEqual({
            default: "200",
            "4\\d{2}": "400",
            "5\\d{2}": "500",
        });
        const template: string = integration.requestTemplates["application/json"];
        expect(template).toContain('"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:checkout"');
        expect(template).toContain("$params.header");
        expect(template).toContain("$!context.identity.sourceIp");
        expect(template).not.toContain("$context.authorizer");
    });

    test("a state machine whose Pulumi name IAM would refuse in a role name: the role's name is cleaned, kept apart by a hash", async () => {
        const sm = machine("orders/express checkout", "EXPRESS");
        const before = world.resources.length;
        const api = new SecureRestApi(
            "sfn-slash",
            { stackName: "sfn-slash", apiKeyValue: KEY, routes: [{ path: "/orders", methods: [Http.POST], stateMachine: sm }] },
            { transformations: [world.recorder] },
        );
        const { mine } = await built(api, before);
        const roleName: string = mine.find(r => r.type === "aws:iam/role:Role")!.inputs.name;
        expect(roleName).toMatch(/^sfn-slash-states-orders_express_checkout-[0-9a-f]{8}$/);
        expect(roleName).toMatch(/^[A-Za-z0-9_+=,.@-]{1,64}$/); // IAM's role name rule
    });

    test("a STANDARD state machine is refused before any child is created; a bad option at construction", async () => {
        const sm = machine("standard");
        await world.settle();
        const before = world.resources.length;
        // As in the plugin (plugin/provider.ts): the children a failed late check stops wait, unregistered.
        holdChildrenOnLateFailure(true);
        try {
            const api = new SecureRestApi(
                "sfn-std",
                { stackName: "sfn-std", apiKeyValue: KEY, routes: [{ path: "/s", methods: [Http.POST], stateMachine: sm }] },
                { transformations: [world.recorder] },
            );
            await expect(api.lateChecks).rejects.toThrow(/routes\[0\]\.stateMachine "STANDARD" is invalid: is a STANDARD state machine/);
            await new Promise(r => setTimeout(r, 200));
            // The component itself, and no child of it.
            expect(world.resources.slice(before).map(r => r.type)).toEqual(["secure-api:index:SecureRestApi"]);
        } finally {
            holdChildrenOnLateFailure(false);
        }
        expect(
            errorOf(
                () =>
                    new SecureRestApi("sfn-opt", {
                        stackName: "sfn-opt",
                        apiKeyValue: KEY,
                        routes: [
                            {
                                path: "/s",
                                methods: [Http.POST],
                                stateMachine: sm,
                                handler: fn,
                                stateMachineOptions: { requestContext: { nope: true } as never },
                            },
                        ],
                    }),
            ),
        ).toMatch(
            /routes\[0\]\.stateMachineOptions\.requestContext\.nope .*is not a request context value[\s\S]*routes\[0\] .*give one of handler and stateMachine, not both/,
        );
    });

    test("a definition's operation bound to a state machine by operationId", async () => {
        const sm = machine("quote", "EXPRESS");
        const before = world.resources.length;
        const api = new SecureRestApi("sfn-def", {
            stackName: "sfn-def",
            apiKeyValue: KEY,
            openApiDefinition: {
                openapi: "3.0.1",
                info: { title: "t", version: "1" },
                paths: { "/quote": { post: { operationId: "quote", responses: { "200": { description: "The quote" } } } } },
            },
            operations: { quote: { stateMachine: sm } },
        });
        const { ops } = await built(api, before);
        const op = ops.get("POST /quote")!;
        expect(integrationOf(op).credentials).toBe("arn:aws:iam::123456789012:role/sfn-def-states-quote");
        // The file's 200 as written, plus a method response for each code the integration answers (400, 500).
        expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "500"]);
        expect(op.responses["200"]).toEqual({ description: "The quote" });
    });
});
