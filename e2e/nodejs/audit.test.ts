// RestApiAudit under the real engine: the aws provider here is a stand-in that
// makes up ids, so the audited API is one created in LocalStack (an API Gateway
// we did not write) with the AWS SDK; the program registers a RestApiAudit of it
// through the TypeScript SDK, and our plugin serves its create and read. `pulumi
// up` records it clean; drift injected with the AWS SDK; `pulumi refresh` shows
// a diff naming each drifted method and setting, and succeeds; the program's
// inputs are unchanged, so a preview changes nothing. Also: a component's
// `audit: true` child, served by the plugin under the real engine.
import {
    APIGatewayClient,
    CreateApiKeyCommand,
    CreateDeploymentCommand,
    CreateUsagePlanCommand,
    CreateUsagePlanKeyCommand,
    GetResourcesCommand,
    ImportRestApiCommand,
    UpdateApiKeyCommand,
    UpdateMethodCommand,
} from "@aws-sdk/client-api-gateway";
import { LOCALSTACK_CREDENTIALS, LocalStack, startLocalStack } from "../../test-support/localstack";
import { spawnSync } from "child_process";
import * as path from "path";
import { exportWithSecrets, newStack, pulumi, ROOT, secureApi, stepRecorder, changed, TestStack } from "./harness";

const MOCK = { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' } };
// A SecureRestApi-shaped document: every method needs the key.
const DOCUMENT = JSON.stringify({
    openapi: "3.0.1",
    info: { title: "e2e-audit", version: "1.0" },
    paths: {
        "/hello": {
            get: { responses: { "200": { description: "ok" } }, security: [{ api_key: [] }], "x-amazon-apigateway-integration": MOCK },
            post: { responses: { "200": { description: "ok" } }, security: [{ api_key: [] }], "x-amazon-apigateway-integration": MOCK },
        },
    },
    components: { securitySchemes: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } } },
    "x-amazon-apigateway-api-key-source": "HEADER",
});

describe("RestApiAudit under the real engine", () => {
    let ls: LocalStack;
    let client: APIGatewayClient;
    let s: TestStack | undefined;
    let withAudit: TestStack | undefined;
    const saved = process.env.AWS_ENDPOINT_URL_API_GATEWAY;

    beforeAll(async () => {
        ls = await startLocalStack("apigateway,iam,sts");
        client = new APIGatewayClient({ endpoint: ls.endpoint, region: "us-east-1", credentials: LOCALSTACK_CREDENTIALS });
        // Only API Gateway goes to LocalStack; the components' own calls (the key flow) stay on moto (AWS_ENDPOINT_URL).
        process.env.AWS_ENDPOINT_URL_API_GATEWAY = ls.endpoint;
    });
    afterAll(async () => {
        await s?.stack.destroy();
        await withAudit?.stack.destroy();
        if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_API_GATEWAY;
        else process.env.AWS_ENDPOINT_URL_API_GATEWAY = saved;
        client?.destroy();
        await ls?.stop();
    });

    test("up records the API clean; after drift, pulumi refresh shows each drifted method and the key in its diff, and succeeds", async () => {
        const { id } = await client.send(new ImportRestApiCommand({ body: Buffer.from(DOCUMENT) }));
        const { id: deploymentId } = await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
        const plan = await client.send(
            new CreateUsagePlanCommand({ name: "e2e-audit-usage-plan", apiStages: [{ apiId: id, stage: "prod" }] }),
        );
        const key = await client.send(
            new CreateApiKeyCommand({ name: "e2e-audit", value: "e2e-audit-key-0123456789abcdef", enabled: true }),
        );
        await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));

        s = await newStack("audit", async () => {
            const audit = new secureApi.RestApiAudit("live", {
                restApiId: id!,
                stageName: "prod",
                openApiDocument: DOCUMENT,
                region: "us-east-1",
                deploymentId: deploymentId!,
                usagePlanIds: [plan.id!],
                apiKeys: [{ id: key.id! }],
            });
            return { drifted: audit.drifted, findings: audit.findings, operations: audit.liveOperations };
        });
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        let outputs = await s.stack.outputs();
        expect([outputs.drifted.value, outputs.findings.value]).toEqual([false, []]);
        expect(outputs.operations.value).toEqual({ "GET /hello": "api-key", "POST /hello": "api-key" });

        // Drift: GET /hello's key requirement dropped in the console, the key disabled.
        const { items } = await client.send(new GetResourcesCommand({ restApiId: id }));
        const hello = items!.find(r => r.path === "/hello")!.id!;
        await client.send(
            new UpdateMethodCommand({
                restApiId: id,
                resourceId: hello,
                httpMethod: "GET",
                patchOperations: [{ op: "replace", path: "/apiKeyRequired", value: "false" }],
            }),
        );
        await client.send(
            new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: "replace", path: "/enabled", value: "false" }] }),
        );

        // `pulumi refresh` as a user runs it: its diff names the drifted method and the key; the refresh succeeds.
        const refresh = s.cli("refresh", "--yes", "--diff");
        expect(refresh.status).toBe(0);
        expect(refresh.stdout).toMatch(/~ secure-api:index:RestApiAudit: \(update\)/);
        expect(refresh.stdout).toMatch(/~ drifted\s*: false => true/);
        expect(refresh.stdout).toMatch(/~ GET \/hello\s*: "api-key" => "none"/);
        expect(refresh.stdout).toMatch(
            /\+ \[0\]: "operation-open: GET \/hello is open: it requires nothing, the document requires api-key"/,
        );
        expect(refresh.stdout).toContain(`+ [1]: "api-key-disabled: API key ${key.id} (e2e-audit) is disabled"`);
        expect(refresh.stdout).not.toMatch(/~\s+POST \/hello/); // the method that did not drift is not in the diff

        // The state holds the drift; the program's inputs are unchanged.
        const audit = exportWithSecrets(s).find(r => r.type === "secure-api:index:RestApiAudit")!;
        expect(audit.outputs?.drifted).toBe(true);
        expect(audit.outputs?.liveOperations).toEqual({ "GET /hello": "none", "POST /hello": "api-key" });
        expect(audit.inputs?.openApiDocument).toBe(DOCUMENT);
        // While drifted, a preview plans the audit's update (a re-audit: it writes nothing to AWS), and nothing else.
        const steps = stepRecorder();
        await s.stack.preview({ onEvent: steps.onEvent });
        expect(changed(steps.steps)).toEqual([[audit.urn, "update"]]);

        // Put back as deployed: `pulumi up` re-audits clean, and the next preview plans nothing.
        await client.send(
            new UpdateMethodCommand({
                restApiId: id,
                resourceId: hello,
                httpMethod: "GET",
                patchOperations: [{ op: "replace", path: "/apiKeyRequired", value: "true" }],
            }),
        );
        await client.send(
            new UpdateApiKeyCommand({ apiKey: key.id, patchOperations: [{ op: "replace", path: "/enabled", value: "true" }] }),
        );
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        outputs = await s.stack.outputs();
        expect([outputs.drifted.value, outputs.findings.value]).toEqual([false, []]);
        const after = stepRecorder();
        await s.stack.preview({ onEvent: after.onEvent });
        expect(changed(after.steps)).toEqual([]);
    });

    test("a component's audit: true adds a RestApiAudit child the plugin serves (the stand-in's made-up API does not exist: api-missing)", async () => {
        withAudit = await newStack("audit-child", async () => {
            const api = new secureApi.SecureRestApi("audited", {
                stackName: "e2e-audit-child",
                apiKeyValue: pulumi.secret("e2e-audit-child-key-0123456789"),
                audit: true,
                routes: [
                    secureApi.integrationRoute(
                        { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } },
                        "/ping",
                        secureApi.Http.GET,
                    ),
                ],
            });
            return { audit: api.audit };
        });
        expect((await withAudit.stack.up()).summary.result).toBe("succeeded");
        const resources = exportWithSecrets(withAudit);
        const component = resources.find(r => r.type === "secure-api:index:SecureRestApi")!;
        const [audit] = resources.filter(r => r.type === "secure-api:index:RestApiAudit");
        expect(audit.parent).toBe(component.urn);
        const restApiId = (resources.find(r => r.type === "aws:apigateway/restApi:RestApi") as { id?: string }).id;
        expect(audit.outputs?.restApiId).toBe(restApiId);
        expect(audit.outputs?.findings).toEqual([`api-missing: REST API ${restApiId} does not exist`]);
        expect(audit.outputs?.drifted).toBe(true);

        // Both clients' `secure-api audit --stack` read the same expectation from this real state (pulumi stack export).
        const env = { ...process.env, PULUMI_BACKEND_URL: `file://${withAudit.stateDir}` };
        const cli = (command: string, args: string[]) =>
            spawnSync(command, [...args, "audit", "--stack", "dev", "--cwd", withAudit!.dir, "--endpoint-url", ls.endpoint], {
                env,
                encoding: "utf8",
            });
        for (const run of [
            cli("node", [path.join(ROOT, "client", "bin", "secure-api")]),
            cli("python3", ["-m", "secure_api_client.cli"]),
        ]) {
            expect([run.status, run.stderr]).toEqual([1, ""]);
            expect(run.stdout).toBe(
                `SecureRestApi "audited": REST API ${restApiId} stage prod (us-east-1): DRIFT: 1 difference\n` +
                    "  KIND         TARGET               EXPECTED  LIVE\n" +
                    `  api-missing  REST API ${restApiId}  exists    deleted\n` +
                    `  - REST API ${restApiId} does not exist\n` +
                    "1 API audited, 1 with drift: drift found (exit 1)\n",
            );
        }
    });
});
