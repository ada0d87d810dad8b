// AWS CDK as a peer: its own SpecRestApi (the same definition file) and
// StepFunctionsRestApi (the same state machine and options), synthesized to
// CloudFormation by aws-cdk-lib once for this file, compared point by point
// with what our components render. Where we differ on purpose, the test says
// so and why: every operation secured, no account-wide change, TIMED_OUT and
// ABORTED as failures, values escaped. The mapping templates are compared by
// behaviour: both rendered by the same Velocity engine (test-support/vtl) on
// the same requests and execution results.
import { CfnTemplate, joined, resourcesOf, synthCdk } from "../../../test-support/cdk";
import { installMocks, MockWorld, valueOf } from "../../../test-support/pulumiMocks";
import { documentOf, integrationOf, Operation, operationsOf } from "../../../test-support/openApiDoc";
import { renderVtl, outputOf, VtlCase } from "../../../test-support/vtl";

const world: MockWorld = installMocks();
jest.setTimeout(600_000);
import * as aws from "@pulumi/aws";
import { SecureRestApi } from "./secureRestApi";
import { Http } from "../routes/routeHelpers";

const KEY = "0123456789abcdefghijKLMNOP";
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const MACHINE_ARN = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:checkout`;
const MOCK = {
    type: "mock",
    requestTemplates: { "application/json": '{"statusCode": 200}' },
    responses: { default: { statusCode: "200" } },
};

/** An API-first team's file, every operation with its own integration (CDK's SpecRestApi needs them in the file). */
const DEFINITION = {
    openapi: "3.0.1",
    info: { title: "orders", version: "1.0" },
    servers: [{ url: "https://api.example.com" }],
    security: [{ ApiKeyAuth: [] }],
    components: {
        securitySchemes: { ApiKeyAuth: { type: "apiKey", in: "header", name: "x-api-key" } },
        schemas: { Order: { type: "object", required: ["item"], properties: { item: { type: "string" } } } },
    },
    paths: {
        "/orders": {
            get: {
                operationId: "listOrders",
                summary: "Every order",
                responses: {
                    "200": {
                        description: "The orders",
                        content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } },
                    },
                },
                "x-amazon-apigateway-integration": { type: "http_proxy", httpMethod: "GET", uri: "https://backend.example.com/orders" },
            },
            post: {
                operationId: "createOrder",
                requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/Order" } } } },
                responses: { "201": { description: "Created" } },
                "x-amazon-apigateway-integration": { ...MOCK, responses: { default: { statusCode: "201" } } },
            },
        },
        "/orders/{id}": {
            get: {
                operationId: "getOrder",
                parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
                responses: { "200": { description: "One order" } },
                "x-amazon-apigateway-integration": {
                    type: "http_proxy",
                    httpMethod: "GET",
                    uri: "https://backend.example.com/orders/{id}",
                    requestParameters: { "integration.request.path.id": "method.request.path.id" },
                },
            },
        },
        "/health": {
            get: {
                operationId: "health",
                security: [],
                responses: { "200": { description: "OK" } },
                "x-amazon-apigateway-integration": MOCK,
            },
        },
    },
};
/** CDK's StepFunctionsRestApi options, in our names (CDK's, camelCase). */
const OPTIONS = { headers: true, authorizer: true, requestContext: { sourceIp: true, userAgent: true, httpMethod: true, requestId: true } };

let cdk: { spec: CfnTemplate; stepFunctions: CfnTemplate };
let ours: {
    spec: { ops: Map<string, Operation>; doc: Record<string, any>; types: string[] };
    sfn: { op: Operation; rolePolicy: any; assumeRolePolicy: any; types: string[] };
};

async function build(api: SecureRestApi, name: string, before: number) {
    await valueOf(api.apiEndpoint);
    await world.settle();
    const mine = world.resources.slice(before).filter(r => r.name === name || r.name.startsWith(`${name}-`));
    const restApi = mine.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.name === name)!;
    return { mine, ops: operationsOf(restApi.inputs), doc: documentOf(restApi.inputs), types: mine.map(r => r.type) };
}

beforeAll(async () => {
    // CDK first (a child process): our components then settle while nothing else runs.
    cdk = synthCdk({ account: ACCOUNT, region: REGION, definition: DEFINITION, stateMachine: { name: "checkout" }, options: OPTIONS });
    let before = world.resources.length;
    const spec = await build(
        new SecureRestApi("spec-peer", {
            stackName: "spec-peer",
            apiKeyValue: KEY,
            openApiDefinition: DEFINITION,
            publicOperations: ["GET /health"],
        }),
        "spec-peer",
        before,
    );
    const machine = new aws.sfn.StateMachine("checkout", {
        roleArn: `arn:aws:iam::${ACCOUNT}:role/sfn`,
        definition: "{}",
        type: "EXPRESS",
    });
    before = world.resources.length;
    const sfn = await build(
        new SecureRestApi("sfn-peer", {
            stackName: "sfn-peer",
            apiKeyValue: KEY,
            routes: [{ path: "/", methods: [Http.ANY], stateMachine: machine, stateMachineOptions: OPTIONS }],
        }),
        "sfn-peer",
        before,
    );
    const role = sfn.mine.find(r => r.type === "aws:iam/role:Role")!;
    const policy = sfn.mine.find(r => r.type === "aws:iam/rolePolicy:RolePolicy")!;
    ours = {
        spec: { ops: spec.ops, doc: spec.doc, types: spec.types },
        sfn: {
            op: sfn.ops.get("ANY /")!,
            rolePolicy: JSON.parse(policy.inputs.policy),
            assumeRolePolicy: JSON.parse(role.inputs.assumeRolePolicy),
            types: sfn.types,
        },
    };
});

/** The one resource of a type in a CDK template. */
const only = (t: CfnTemplate, type: string) => {
    const found = resourcesOf(t, type);
    expect(found.map(r => r.Type)).toEqual([type]);
    return found[0];
};

describe("SpecRestApi, from the same definition", () => {
    const withoutSecurity = (op: Operation) => Object.fromEntries(Object.entries(op).filter(([k]) => k !== "security"));

    test("the same paths and methods, each operation as written: summary, parameters, request body, responses, its own integration", () => {
        const body = only(cdk.spec, "AWS::ApiGateway::RestApi").Properties!.Body;
        // CDK publishes the file exactly as written.
        expect(body).toEqual(DEFINITION);
        const cdkOps = operationsOf({ body: JSON.stringify(body) });
        expect([...ours.spec.ops.keys()].sort()).toEqual([...cdkOps.keys()].sort());
        for (const [key, op] of cdkOps) expect([key, withoutSecurity(ours.spec.ops.get(key)!)]).toEqual([key, withoutSecurity(op)]);
        expect(ours.spec.doc.components.schemas).toEqual(body.components.schemas);
    });

    test("differs on purpose: every operation carries the component's security, which API Gateway enforces", () => {
        // CDK keeps the document-level security, which API Gateway ignores ("important notes for REST APIs"),
        // and the file's own schemes: its operations are served open. Ours applies it to each operation, as
        // the component's key, and lists the public one explicitly open.
        const cdkBody = only(cdk.spec, "AWS::ApiGateway::RestApi").Properties!.Body;
        const cdkOps = operationsOf({ body: JSON.stringify(cdkBody) });
        expect(cdkOps.get("GET /orders")!.security).toBeUndefined();
        expect(cdkOps.get("GET /health")!.security).toEqual([]);
        expect(Object.fromEntries([...ours.spec.ops].map(([k, op]) => [k, op.security]))).toEqual({
            "GET /orders": [{ api_key: [] }],
            "POST /orders": [{ api_key: [] }],
            "GET /orders/{id}": [{ api_key: [] }],
            "GET /health": [],
        });
        // The document also states the component's security at its top (for readers and scanners: CKV_OPENAPI_4;
        // API Gateway ignores it there, hence each operation's), and where it is served: HTTPS only (CKV_OPENAPI_20).
        expect(ours.spec.doc.security).toEqual([{ api_key: [] }]);
        expect(Object.keys(ours.spec.doc.components.securitySchemes)).toEqual(["api_key"]);
        // The file's own server is not taken (PutRestApi ignores servers); the component lists its execute-api endpoint.
        expect(ours.spec.doc.servers.map((s: { url: string }) => s.url)).toEqual([
            "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}",
        ]);
    });

    test("differs on purpose: nothing account-wide — CDK sets API Gateway's CloudWatch role for the whole account and region", () => {
        expect(resourcesOf(cdk.spec, "AWS::ApiGateway::Account").length).toBe(1);
        expect(ours.spec.types).not.toContain("aws:apigateway/account:Account");
        // Both deploy the definition to a stage.
        expect(resourcesOf(cdk.spec, "AWS::ApiGateway::Stage").length).toBe(1);
        expect(ours.spec.types.filter(t => t === "aws:apigateway/stage:Stage").length).toBe(1);
    });
});

describe("StepFunctionsRestApi, for the same state machine and options", () => {
    const cdkMethod = () => only(cdk.stepFunctions, "AWS::ApiGateway::Method").Properties!;
    const cdkMachineId = () => only(cdk.stepFunctions, "AWS::StepFunctions::StateMachine").id;
    const cdkRequestTemplate = () =>
        joined(cdkMethod().Integration.RequestTemplates["application/json"], { [cdkMachineId()]: MACHINE_ARN });
    const cdkResponse = (code: string) => cdkMethod().Integration.IntegrationResponses.find((r: any) => r.StatusCode === code);
    const ourIntegration = () => integrationOf(ours.sfn.op);

    test("the same method and path (ANY /), integration type, method, URI and passthrough behaviour", () => {
        const m = cdkMethod();
        expect(m.HttpMethod).toBe("ANY");
        expect(m.ResourceId["Fn::GetAtt"][1]).toBe("RootResourceId");
        expect(ourIntegration().type.toUpperCase()).toBe(m.Integration.Type);
        expect(ourIntegration().httpMethod).toBe(m.Integration.IntegrationHttpMethod);
        expect(ourIntegration().uri).toBe(joined(m.Integration.Uri, { "AWS::Partition": "aws" }));
        expect(ourIntegration().passthroughBehavior.toUpperCase()).toBe(m.Integration.PassthroughBehavior);
    });

    test("the same credentials: a role API Gateway assumes, allowed states:StartSyncExecution on that state machine only", () => {
        const m = cdkMethod();
        const roleId = m.Integration.Credentials["Fn::GetAtt"][0];
        const role = cdk.stepFunctions.Resources[roleId];
        const policy = resourcesOf(cdk.stepFunctions, "AWS::IAM::Policy").find(p => p.Properties!.Roles[0].Ref === roleId)!;
        expect(ours.sfn.assumeRolePolicy.Statement).toEqual(role.Properties!.AssumeRolePolicyDocument.Statement);
        const statements = policy.Properties!.PolicyDocument.Statement;
        expect(statements).toEqual([{ Action: "states:StartSyncExecution", Effect: "Allow", Resource: { Ref: cdkMachineId() } }]);
        // CDK's { Ref } of the state machine is its ARN.
        expect(ours.sfn.rolePolicy.Statement).toEqual([{ Action: "states:StartSyncExecution", Effect: "Allow", Resource: MACHINE_ARN }]);
        expect(ourIntegration().credentials).toMatch(/^arn:aws:iam::123456789012:role\/sfn-peer-states-checkout$/);
    });

    test("the same method responses and selection patterns: 200 by default, 4XX as 400, 5XX as 500", () => {
        const m = cdkMethod();
        expect(Object.keys(ours.sfn.op.responses).sort()).toEqual(m.MethodResponses.map((r: any) => r.StatusCode).sort());
        const cdkPatterns = Object.fromEntries(
            m.Integration.IntegrationResponses.map((r: any) => [r.SelectionPattern ?? "default", r.StatusCode]),
        );
        const ourPatterns = Object.fromEntries(Object.entries<any>(ourIntegration().responses).map(([k, r]) => [k, r.statusCode]));
        expect(ourPatterns).toEqual(cdkPatterns);
    });

    test("differs on purpose: the method needs the API key; CDK's is open to anyone (authorization NONE, no key)", () => {
        expect(cdkMethod().AuthorizationType).toBe("NONE");
        expect(cdkMethod().ApiKeyRequired).toBeUndefined();
        expect(ours.sfn.op.security).toEqual([{ api_key: [] }]);
        expect(resourcesOf(cdk.stepFunctions, "AWS::ApiGateway::Account").length).toBe(1);
        expect(ours.sfn.types).not.toContain("aws:apigateway/account:Account");
    });

    /** A request of API Gateway's, with every value the options pass. */
    const request = (over: Partial<VtlCase> = {}): Omit<VtlCase, "template"> => ({
        body: '{"item": "book", "note": "naïve ✓"}',
        path: {},
        querystring: { page: "2", lang: "日本語" },
        header: { Accept: "application/json", "X-Trace": "abc/def" },
        context: {
            httpMethod: "POST",
            requestId: "req-1",
            identity: { sourceIp: "203.0.113.7", userAgent: "curl/8.5" },
            authorizer: { principalId: "user-1", tenant: "acme" },
        },
        ...over,
    });
    const executionInputs = (templates: string[], r: Omit<VtlCase, "template">) =>
        renderVtl(templates.map(template => ({ template, ...r }))).map(result => {
            const outer = JSON.parse(outputOf(result));
            return { arn: outer.stateMachineArn, input: JSON.parse(outer.input) };
        });

    test("the request mapping behaves the same: on the same requests, the same execution input", () => {
        for (const r of [request(), request({ body: "" }), request({ querystring: {}, header: {} })]) {
            const [theirs, mine] = executionInputs([cdkRequestTemplate(), ourIntegration().requestTemplates["application/json"]], r);
            expect(mine).toEqual(theirs);
            expect(mine.arn).toBe(MACHINE_ARN);
        }
    });

    test("differs on purpose: every value is escaped — a quote in the user agent or a ' in a query value breaks CDK's input, not ours", () => {
        for (const r of [
            request({ context: { ...request().context, identity: { sourceIp: "203.0.113.7", userAgent: 'Mozilla/5.0 "quoted"' } } }),
            request({ querystring: { name: "o'brien" } }),
        ]) {
            const [theirs, mine] = renderVtl(
                [cdkRequestTemplate(), ourIntegration().requestTemplates["application/json"]].map(template => ({ template, ...r })),
            ).map(outputOf);
            // CDK's: the execution's input is not JSON, so Step Functions refuses the call (a 400 for the caller).
            expect(() => JSON.parse(JSON.parse(theirs).input)).toThrow();
            const input = JSON.parse(JSON.parse(mine).input);
            expect([input.requestContext.userAgent, input.querystring]).toEqual([(r.context as any).identity.userAgent, r.querystring]);
        }
    });

    test("the response mapping: the same output on success and the same 500 for FAILED; differs on purpose for TIMED_OUT, quotes and Step Functions' errors", () => {
        const theirs200 = cdkResponse("200").ResponseTemplates["application/json"];
        const ours200 = ourIntegration().responses.default.responseTemplates["application/json"];
        const execution = (x: object) => JSON.stringify({ executionArn: `${MACHINE_ARN}:e1`, ...x });
        const render = (body: string) =>
            renderVtl([theirs200, ours200].map(template => ({ template, kind: "response" as const, body, context: {} }))).map(r => {
                if ("error" in r) throw new Error(r.error);
                return { status: r.status, body: r.output.trim() };
            });
        // The same: a SUCCEEDED execution's output, 200.
        const [a, b] = render(execution({ status: "SUCCEEDED", output: '{"total": 3}' }));
        expect([JSON.parse(b.body), b.status]).toEqual([JSON.parse(a.body), a.status]);
        expect(b.status).toBeNull();
        // The same: FAILED answers 500 with the error and cause.
        const [c, d] = render(execution({ status: "FAILED", error: "Payment.Declined", cause: "card declined" }));
        expect([c.status, d.status]).toEqual([500, 500]);
        expect(JSON.parse(d.body)).toEqual(JSON.parse(c.body));
        // Differs: a cause with a quote is not JSON in CDK's answer; ours escapes it.
        const [e, f] = render(execution({ status: "FAILED", error: "E", cause: 'said "no"' }));
        expect(() => JSON.parse(e.body)).toThrow();
        expect(JSON.parse(f.body)).toEqual({ error: "E", cause: 'said "no"' });
        // Differs: CDK answers a TIMED_OUT (or ABORTED) execution 200 with no output; it did not succeed, so ours answers 500.
        for (const status of ["TIMED_OUT", "ABORTED"]) {
            const [g, h] = render(execution({ status }));
            expect([status, g.status, h.status]).toEqual([status, null, 500]);
        }
        // Differs: Step Functions' own 4XX; CDK answers a fixed "Bad request!", ours its error type and message.
        const refused = JSON.stringify({ __type: "InvalidExecutionInput", message: "Invalid State Machine Execution Input" });
        const [i, j] = renderVtl(
            [
                cdkResponse("400").ResponseTemplates["application/json"],
                ourIntegration().responses["4\\d{2}"].responseTemplates["application/json"],
            ].map(template => ({ template, kind: "response" as const, body: refused })),
        ).map(outputOf);
        expect(JSON.parse(i)).toEqual({ error: "Bad request!" });
        expect(JSON.parse(j)).toEqual({ error: "InvalidExecutionInput", cause: "Invalid State Machine Execution Input" });
    });
});
