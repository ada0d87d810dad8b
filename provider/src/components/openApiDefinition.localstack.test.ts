// The merged document of a user's definition and a state machine route,
// imported into an API Gateway we did not write (LocalStack) and called over
// HTTP: an operation the file left without security is served WITH the key;
// only the one listed in publicOperations answers without it. The state
// machine route runs a real Express execution in LocalStack's Step Functions,
// so the request and response mapping templates are evaluated by LocalStack's
// own VTL engine (the one its API Gateway uses): the execution's input as the
// state machine sees it, its output, a failed execution's 500, a bad body's 400.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";
import { LOCALSTACK_CREDENTIALS, LocalStack, startLocalStack } from "../../../test-support/localstack";

const world: MockWorld = installMocks();
jest.setTimeout(240_000);
import * as aws from "@pulumi/aws";
import {
    APIGatewayClient,
    CreateApiKeyCommand,
    CreateDeploymentCommand,
    CreateUsagePlanCommand,
    CreateUsagePlanKeyCommand,
    ImportRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { CreateStateMachineCommand, SFNClient } from "@aws-sdk/client-sfn";
import { SecureRestApi } from "./secureRestApi";
import { Http } from "../routes/routeHelpers";

const KEY = "localstack-test-key-0123456789";
const DEFINITION = `
openapi: 3.0.1
info: { title: orders, version: "1" }
paths:
  /orders:
    get:
      responses: { "200": { description: ok } }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses: { default: { statusCode: "200" } }
  /health:
    get:
      security: []
      responses: { "200": { description: ok } }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses: { default: { statusCode: "200" } }
`;

let ls: LocalStack;
let apigw: APIGatewayClient;
let sfn: SFNClient;
beforeAll(async () => {
    ls = await startLocalStack("apigateway,iam,sts,stepfunctions");
    const config = { endpoint: ls.endpoint, region: "us-east-1", credentials: LOCALSTACK_CREDENTIALS };
    apigw = new APIGatewayClient(config);
    sfn = new SFNClient(config);
});
afterAll(async () => {
    apigw?.destroy();
    sfn?.destroy();
    await ls?.stop();
});

test("a definition's unsecured operation needs the key; the public one does not; a state machine route runs its execution", async () => {
    const machine = (name: string) =>
        new aws.sfn.StateMachine(name, { roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}", type: "EXPRESS" });
    new SecureRestApi("lsdef", {
        stackName: "lsdef",
        apiKeyValue: KEY,
        openApiDefinition: DEFINITION,
        publicOperations: ["GET /health"],
        routes: [
            {
                path: "/echo/{id}",
                methods: [Http.POST],
                stateMachine: machine("echo"),
                stateMachineOptions: { headers: true, requestContext: { httpMethod: true } },
            },
            { path: "/fail", methods: [Http.POST], stateMachine: machine("fail") },
        ],
    });
    await world.settle();
    let body = world.one("aws:apigateway/restApi:RestApi", "lsdef").inputs.body as string;

    // The state machines, in LocalStack: one echoing its input as its output, one failing.
    const role = "arn:aws:iam::000000000000:role/sfn";
    const echo = await sfn.send(
        new CreateStateMachineCommand({
            name: "echo",
            type: "EXPRESS",
            roleArn: role,
            definition: JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } }),
        }),
    );
    const fail = await sfn.send(
        new CreateStateMachineCommand({
            name: "fail",
            type: "EXPRESS",
            roleArn: role,
            definition: JSON.stringify({ StartAt: "F", States: { F: { Type: "Fail", Error: "OutOfStock", Cause: 'item "a" is gone' } } }),
        }),
    );
    body = body
        .replace(/arn:aws:states:us-east-1:123456789012:stateMachine:echo/g, echo.stateMachineArn!)
        .replace(/arn:aws:states:us-east-1:123456789012:stateMachine:fail/g, fail.stateMachineArn!);

    const { id } = await apigw.send(new ImportRestApiCommand({ body: Buffer.from(body) }));
    await apigw.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const plan = await apigw.send(new CreateUsagePlanCommand({ name: "lsdef-usage-plan", apiStages: [{ apiId: id, stage: "prod" }] }));
    const key = await apigw.send(new CreateApiKeyCommand({ name: "lsdef", value: KEY, enabled: true }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    const call = (method: string, path: string, headers: Record<string, string> = {}, payload?: string) =>
        fetch(`${ls.endpoint}/restapis/${id}/prod/_user_request_${path}`, { method, headers, body: payload });

    // The file left GET /orders without security: served with the key only.
    expect((await call("GET", "/orders")).status).toBe(403);
    expect((await call("GET", "/orders", { "x-api-key": KEY })).status).toBe(200);
    expect((await call("GET", "/health")).status).toBe(200);

    // The execution's input, as the state machine received it (a Pass state returns it).
    const json = { "x-api-key": KEY, "content-type": "application/json" };
    expect((await call("POST", "/echo/42?size=large", { "content-type": "application/json" }, '{"item": "a"}')).status).toBe(403);
    const ok = await call(
        "POST",
        "/echo/42?size=large&note=it%27s%20%22quoted%22",
        { ...json, "x-trace": 'say "hi"' },
        '{"item": "a", "n": [1, 2]}',
    );
    expect(ok.status).toBe(200);
    const input = (await ok.json()) as Record<string, any>;
    expect(input.body).toEqual({ item: "a", n: [1, 2] });
    expect(input.path).toEqual({ id: "42" });
    expect(input.querystring).toEqual({ size: "large", note: 'it\'s "quoted"' });
    // The header section is there and valid JSON; LocalStack hands $input.params().header to VTL as an object
    // whose keySet() its engine cannot iterate, so its entries stay empty here (AWS iterates it as a map).
    expect(typeof input.header).toBe("object");
    expect(input.requestContext).toEqual({ httpMethod: "POST" });
    // With no body, API Gateway's $input.body is {}.
    expect(await (await call("POST", "/echo/7", { "x-api-key": KEY })).json()).toMatchObject({ body: {}, path: { id: "7" } });

    // A failed execution: 500 with its error and cause.
    const failed = await call("POST", "/fail", json, "{}");
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: "OutOfStock", cause: 'item "a" is gone' });

    // A body that is not JSON makes an input Step Functions refuses: 400.
    const bad = await call("POST", "/echo/1", json, "not json");
    expect(bad.status).toBe(400);
});
