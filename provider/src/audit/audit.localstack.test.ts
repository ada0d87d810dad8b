// The audit against an API Gateway we did not write (LocalStack,
// test-support/localstack.ts): a SecureRestApi's document imported as the
// component deploys it, a stage, the shared key on its usage plan; the audit
// reads it clean, then each test injects one drift with the AWS SDK, the way
// someone would in the console or the CLI, and the audit (the client's, and
// RestApiAudit's read as `pulumi refresh` runs it) names it. LocalStack's export
// carries no API Gateway extensions, so the operations are compared as the API
// defines them (the note says so); its import also drops AWS_IAM, so IAM drift
// is covered by the recorded-response cases (test-support/audit-cases).
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";
import { LOCALSTACK_CREDENTIALS, LocalStack, startLocalStack } from "../../../test-support/localstack";

const world: MockWorld = installMocks();
jest.setTimeout(300_000);
import {
    APIGatewayClient,
    CreateApiKeyCommand,
    CreateAuthorizerCommand,
    CreateDeploymentCommand,
    CreateResourceCommand,
    CreateUsagePlanCommand,
    CreateUsagePlanKeyCommand,
    DeleteApiKeyCommand,
    DeleteMethodCommand,
    DeleteRestApiCommand,
    DeleteStageCommand,
    DeleteUsagePlanKeyCommand,
    GetResourcesCommand,
    ImportRestApiCommand,
    PatchOperation,
    PutIntegrationCommand,
    PutMethodCommand,
    UpdateApiKeyCommand,
    UpdateIntegrationCommand,
    UpdateMethodCommand,
    UpdateRestApiCommand,
    UpdateStageCommand,
    UpdateUsagePlanCommand,
} from "@aws-sdk/client-api-gateway";
import { auditApis, AuditExpectation } from "secure-api-client/dist/audit";
import { SecureRestApi } from "../components/secureRestApi";
import { Http, integrationRoute } from "../routes/routeHelpers";
import { restApiAuditProvider } from "./restApiAuditProvider";

const POOL = "arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_Audit01";
const mock = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };

let ls: LocalStack;
let client: APIGatewayClient;
let document: string;
// One signature for every command: the tests read only the fields they name.
const send = <T>(command: any) => client.send(command) as Promise<T>;

beforeAll(async () => {
    ls = await startLocalStack("apigateway,iam,sts");
    client = new APIGatewayClient({ endpoint: ls.endpoint, region: "us-east-1", credentials: LOCALSTACK_CREDENTIALS });
    // The component's own document: every route with the key, one with a Cognito authorizer and scopes, CORS, a resource policy.
    new SecureRestApi("audited", {
        stackName: "audited",
        apiKeyValue: "localstack-audit-key-0123456789",
        cors: { allowOrigins: ["https://app.example.com"] },
        allowedSourceIps: ["203.0.113.0/24"],
        routes: [
            integrationRoute(mock, "/hello", Http.GET),
            integrationRoute({ type: "HTTP_PROXY", httpMethod: "POST", uri: "https://backend.example.com/orders" }, "/orders", Http.POST),
            {
                ...integrationRoute(mock, "/me", Http.GET),
                authorizer: { type: "cognito", name: "users", userPoolArns: [POOL] },
                authorizationScopes: ["profile/read"],
            },
        ],
    });
    await world.settle();
    document = world.one("aws:apigateway/restApi:RestApi").inputs.body as string;
});
afterAll(async () => {
    client?.destroy();
    await ls?.stop();
});

interface Deployed {
    id: string;
    deploymentId: string;
    planId: string;
    keyId: string;
    expectation: AuditExpectation;
    /** The draft's resource id of a path. */
    resource(path: string): Promise<string>;
}

/** The API as the component deploys it: imported document, stage prod, the shared key on the stage's usage plan. */
async function deploy(): Promise<Deployed> {
    const { id } = await send<{ id: string }>(new ImportRestApiCommand({ body: Buffer.from(document) }));
    const { id: deploymentId } = await send<{ id: string }>(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const plan = await send<{ id: string }>(
        new CreateUsagePlanCommand({ name: "audited-usage-plan", apiStages: [{ apiId: id, stage: "prod" }] }),
    );
    const key = await send<{ id: string }>(
        new CreateApiKeyCommand({ name: "audited", value: `key-${id}-0123456789abcdef`, enabled: true }),
    );
    await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    return {
        id,
        deploymentId,
        planId: plan.id,
        keyId: key.id,
        expectation: {
            name: "audited",
            restApiId: id,
            stageName: "prod",
            region: "us-east-1",
            document: JSON.parse(document),
            deploymentId,
            usagePlanIds: [plan.id],
            apiKeys: [{ id: key.id, enabled: true }],
            stage: { tracingEnabled: false, webAclArn: "", clientCertificateId: "", accessLogSettings: null, methodSettings: {} },
        },
        async resource(path) {
            const { items } = await send<{ items: { id: string; path: string }[] }>(new GetResourcesCommand({ restApiId: id }));
            return items.find(r => r.path === path)!.id;
        },
    };
}

async function audit(d: Deployed) {
    const [a] = await auditApis([d.expectation], { endpoint: ls.endpoint, credentials: LOCALSTACK_CREDENTIALS });
    return a;
}
const kinds = async (d: Deployed) => (await audit(d)).findings.map(f => `${f.kind} ${f.target}`);
const op = (path: string, value?: string): PatchOperation => ({
    op: value === undefined ? "remove" : "replace",
    path,
    ...(value === undefined ? {} : { value }),
});
const redeploy = (d: Deployed) => send(new CreateDeploymentCommand({ restApiId: d.id, stageName: "prod" }));

test("the API as deployed audits clean: every route's key, the authorizer and scopes, the open preflights, policy, plan and key", async () => {
    const d = await deploy();
    const a = await audit(d);
    expect(a.findings).toEqual([]);
    expect(a.unread).toEqual([]);
    expect(a.operations).toEqual({
        "GET /hello": "api-key",
        "OPTIONS /hello": "none",
        "GET /me": "api-key + cognito:users [profile/read]",
        "OPTIONS /me": "none",
        "OPTIONS /orders": "none",
        "POST /orders": "api-key",
    });
    expect(a.notes).toEqual([expect.stringContaining("the stage's export carries no API Gateway extensions")]);
});

// Each: one drift injected with the AWS SDK into a fresh API that audits clean first; the audit must name it.
test.each<[string, (d: Deployed) => Promise<unknown>, string[]]>([
    [
        "a method's key requirement dropped and the API redeployed",
        async d => {
            await send(
                new UpdateMethodCommand({
                    restApiId: d.id,
                    resourceId: await d.resource("/hello"),
                    httpMethod: "GET",
                    patchOperations: [op("/apiKeyRequired", "false")],
                }),
            );
            await redeploy(d);
        },
        ["operation-open GET /hello", "stage-deployment stage prod"],
    ],
    [
        "the key dropped where the authorizer stays",
        async d =>
            send(
                new UpdateMethodCommand({
                    restApiId: d.id,
                    resourceId: await d.resource("/me"),
                    httpMethod: "GET",
                    patchOperations: [op("/apiKeyRequired", "false")],
                }),
            ),
        ["api-key-not-required GET /me"],
    ],
    [
        "the authorizer removed (authorization NONE), the key kept",
        async d =>
            send(
                new UpdateMethodCommand({
                    restApiId: d.id,
                    resourceId: await d.resource("/me"),
                    httpMethod: "GET",
                    patchOperations: [op("/authorizationType", "NONE")],
                }),
            ),
        ["authorizer-removed GET /me"],
    ],
    [
        // (LocalStack's UpdateAuthorizer fails on a Cognito authorizer, so the method is pointed at another one.)
        "the method pointed at an authorizer of another user pool",
        async d => {
            const other = await send<{ id: string }>(
                new CreateAuthorizerCommand({
                    restApiId: d.id,
                    name: "users",
                    type: "COGNITO_USER_POOLS",
                    providerARNs: [POOL.replace("Audit01", "Other99")],
                    identitySource: "method.request.header.Authorization",
                }),
            );
            await send(
                new UpdateMethodCommand({
                    restApiId: d.id,
                    resourceId: await d.resource("/me"),
                    httpMethod: "GET",
                    patchOperations: [op("/authorizerId", other.id)],
                }),
            );
        },
        ["authorizer-changed GET /me"],
    ],
    [
        // (LocalStack's PutRestApi in merge mode replaces the whole API, so the method is added the other way.)
        "an open method added beside the document's and deployed",
        async d => {
            const root = await d.resource("/");
            const admin = await send<{ id: string }>(new CreateResourceCommand({ restApiId: d.id, parentId: root, pathPart: "admin" }));
            await send(new PutMethodCommand({ restApiId: d.id, resourceId: admin.id, httpMethod: "GET", authorizationType: "NONE" }));
            await send(
                new PutIntegrationCommand({
                    restApiId: d.id,
                    resourceId: admin.id,
                    httpMethod: "GET",
                    type: "MOCK",
                    requestTemplates: mock.requestTemplates,
                }),
            );
            await redeploy(d);
        },
        ["stage-deployment stage prod", "operation-added GET /admin"],
    ],
    [
        "a method deleted",
        async d => send(new DeleteMethodCommand({ restApiId: d.id, resourceId: await d.resource("/orders"), httpMethod: "POST" })),
        ["operation-missing POST /orders"],
    ],
    [
        "an integration pointed elsewhere",
        async d =>
            send(
                new UpdateIntegrationCommand({
                    restApiId: d.id,
                    resourceId: await d.resource("/orders"),
                    httpMethod: "POST",
                    patchOperations: [op("/uri", "https://attacker.example.net/orders")],
                }),
            ),
        ["integration-changed POST /orders"],
    ],
    [
        "the stage pointed at another deployment",
        async d => {
            const { id } = await send<{ id: string }>(new CreateDeploymentCommand({ restApiId: d.id }));
            await send(new UpdateStageCommand({ restApiId: d.id, stageName: "prod", patchOperations: [op("/deploymentId", id)] }));
        },
        ["stage-deployment stage prod"],
    ],
    [
        "the key disabled",
        async d => send(new UpdateApiKeyCommand({ apiKey: d.keyId, patchOperations: [op("/enabled", "false")] })),
        ["api-key-disabled"],
    ],
    [
        "the key's usage plan key deleted",
        async d => send(new DeleteUsagePlanKeyCommand({ usagePlanId: d.planId, keyId: d.keyId })),
        ["api-key-detached"],
    ],
    ["the key deleted", async d => send(new DeleteApiKeyCommand({ apiKey: d.keyId })), ["api-key-missing"]],
    [
        "the usage plan detached from the stage",
        async d =>
            send(
                new UpdateUsagePlanCommand({
                    usagePlanId: d.planId,
                    patchOperations: [{ op: "remove", path: "/apiStages", value: `${d.id}:prod` }],
                }),
            ),
        ["usage-plan-detached", "api-key-detached"],
    ],
    [
        "another usage plan with its own key on the stage",
        async d => {
            const plan = await send<{ id: string }>(
                new CreateUsagePlanCommand({ name: "backdoor", apiStages: [{ apiId: d.id, stage: "prod" }] }),
            );
            const key = await send<{ id: string }>(
                new CreateApiKeyCommand({ name: "backdoor", value: `backdoor-${d.id}-0123456789`, enabled: true }),
            );
            await send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
        },
        ["usage-plan-added"],
    ],
    [
        "another key attached to the component's plan",
        async d => {
            const key = await send<{ id: string }>(
                new CreateApiKeyCommand({ name: "intruder", value: `intruder-${d.id}-0123456789`, enabled: true }),
            );
            await send(new CreateUsagePlanKeyCommand({ usagePlanId: d.planId, keyId: key.id, keyType: "API_KEY" }));
        },
        ["api-key-added"],
    ],
    [
        "X-Ray tracing turned on",
        async d => send(new UpdateStageCommand({ restApiId: d.id, stageName: "prod", patchOperations: [op("/tracingEnabled", "true")] })),
        ["tracing-changed stage prod"],
    ],
    [
        "full request data logged for every method",
        async d =>
            send(new UpdateStageCommand({ restApiId: d.id, stageName: "prod", patchOperations: [op("/*/*/logging/dataTrace", "true")] })),
        ["method-settings-changed stage prod method settings */*"],
    ],
    [
        "access logs sent elsewhere",
        async d =>
            send(
                new UpdateStageCommand({
                    restApiId: d.id,
                    stageName: "prod",
                    patchOperations: [
                        op("/accessLogSettings/destinationArn", "arn:aws:logs:us-east-1:000000000000:log-group:elsewhere"),
                        op("/accessLogSettings/format", "$context.requestId"),
                    ],
                }),
            ),
        ["access-logs-changed stage prod"],
    ],
    [
        "the resource policy replaced (the source IP Deny gone)",
        async d => {
            const allowAll = {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }],
            };
            await send(new UpdateRestApiCommand({ restApiId: d.id, patchOperations: [op("/policy", JSON.stringify(allowAll))] }));
        },
        ["resource-policy-changed"],
    ],
    [
        "API keys taken from an authorizer",
        async d => send(new UpdateRestApiCommand({ restApiId: d.id, patchOperations: [op("/apiKeySource", "AUTHORIZER")] })),
        ["api-key-source-changed"],
    ],
    [
        "the default endpoint disabled",
        async d => send(new UpdateRestApiCommand({ restApiId: d.id, patchOperations: [op("/disableExecuteApiEndpoint", "true")] })),
        ["endpoint-changed"],
    ],
    ["the stage deleted", async d => send(new DeleteStageCommand({ restApiId: d.id, stageName: "prod" })), ["stage-missing stage prod"]],
    ["the REST API deleted", async d => send(new DeleteRestApiCommand({ restApiId: d.id })), ["api-missing"]],
])("%s: named by the audit", async (_what, inject, expected) => {
    const d = await deploy();
    expect(await kinds(d)).toEqual([]);
    await inject(d);
    const found = await kinds(d);
    for (const e of expected) expect(found.some(f => f === e || f.startsWith(`${e} `))).toBe(true);
    expect(found).toHaveLength(expected.length);
});

test("RestApiAudit's read (pulumi refresh) against the same peer: clean when created, the drifted method named after a change, inputs unchanged", async () => {
    const d = await deploy();
    const saved = process.env.AWS_ENDPOINT_URL_API_GATEWAY;
    process.env.AWS_ENDPOINT_URL_API_GATEWAY = ls.endpoint;
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" });
    try {
        const p = restApiAuditProvider();
        const urn = "urn:pulumi:dev::p::secure-api:index:RestApiAudit::audited";
        const inputs = {
            restApiId: d.id,
            stageName: "prod",
            openApiDocument: document,
            region: "us-east-1",
            deploymentId: d.deploymentId,
            usagePlanIds: [d.planId],
            apiKeys: [{ id: d.keyId, enabled: true }],
        };
        const created = await p.create(urn, inputs);
        expect([created.outs.drifted, created.outs.findings, created.outs.liveOperations["GET /hello"]]).toEqual([false, [], "api-key"]);
        await send(
            new UpdateMethodCommand({
                restApiId: d.id,
                resourceId: await d.resource("/hello"),
                httpMethod: "GET",
                patchOperations: [op("/apiKeyRequired", "false")],
            }),
        );
        const refreshed = await p.read(created.id, urn, created.outs);
        expect(refreshed.inputs).toEqual(inputs);
        expect(refreshed.props.drifted).toBe(true);
        expect(refreshed.props.findings).toEqual([
            "operation-open: GET /hello is open: it requires nothing, the document requires api-key",
        ]);
        expect(refreshed.props.liveOperations["GET /hello"]).toBe("none");
    } finally {
        if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_API_GATEWAY;
        else process.env.AWS_ENDPOINT_URL_API_GATEWAY = saved;
    }
});
