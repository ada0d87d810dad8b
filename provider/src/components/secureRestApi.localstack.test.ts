// The document SecureRestApi sets as its RestApi's body, imported into an API
// Gateway we did not write (LocalStack, test-support/localstack.ts) and called
// over real HTTP: every route refuses a call without the key (403) and serves
// one with it; the CORS preflight is the one open method. The integrations are
// MOCK (LocalStack runs no Lambda without Docker).
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";
import { LOCALSTACK_CREDENTIALS, LocalStack, startLocalStack } from "../../../test-support/localstack";

const world: MockWorld = installMocks();
jest.setTimeout(180_000);
import {
    APIGatewayClient,
    CreateApiKeyCommand,
    CreateDeploymentCommand,
    CreateUsagePlanCommand,
    CreateUsagePlanKeyCommand,
    GetMethodCommand,
    GetResourcesCommand,
    ImportRestApiCommand,
} from "@aws-sdk/client-api-gateway";
import { SecureRestApi } from "./secureRestApi";
import { integrationRoute, Http } from "../routes/routeHelpers";

const KEY = "localstack-test-key-0123456789";
const mock = (status: number) => ({ type: "MOCK", requestTemplates: { "application/json": `{"statusCode": ${status}}` } });

let ls: LocalStack;
let client: APIGatewayClient;
beforeAll(async () => {
    ls = await startLocalStack("apigateway,iam,sts");
    client = new APIGatewayClient({ endpoint: ls.endpoint, region: "us-east-1", credentials: LOCALSTACK_CREDENTIALS });
});
afterAll(async () => {
    client?.destroy();
    await ls?.stop();
});

test("every route needs the key as LocalStack's API Gateway serves the document; only the preflight is open", async () => {
    new SecureRestApi("ls", {
        stackName: "ls-stack",
        apiKeyValue: KEY,
        cors: { allowOrigins: ["https://app.example.com"] },
        routes: [integrationRoute(mock(200), "/hello", Http.GET, Http.POST), integrationRoute(mock(200), "/users/{id}", Http.GET)],
    });
    await world.settle();
    const body = world.one("aws:apigateway/restApi:RestApi").inputs.body as string;

    const { id } = await client.send(new ImportRestApiCommand({ body: Buffer.from(body) }));
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const plan = await client.send(new CreateUsagePlanCommand({ name: "ls-stack-usage-plan", apiStages: [{ apiId: id, stage: "prod" }] }));
    const key = await client.send(new CreateApiKeyCommand({ name: "ls-stack", value: KEY, enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));

    const call = (method: string, path: string, headers: Record<string, string> = {}) =>
        fetch(`${ls.endpoint}/restapis/${id}/prod/_user_request_${path}`, { method, headers }).then(r => r.status);
    for (const [method, path] of [
        ["GET", "/hello"],
        ["POST", "/hello"],
        ["GET", "/users/42"],
    ]) {
        expect([method, path, await call(method, path)]).toEqual([method, path, 403]);
        expect([method, path, await call(method, path, { "x-api-key": "not-the-key-0123456789" })]).toEqual([method, path, 403]);
        expect([method, path, await call(method, path, { "x-api-key": KEY })]).toEqual([method, path, 200]);
    }
    // The preflight answers without a key (the one open method): 204 with the configured origin.
    const preflight = await fetch(`${ls.endpoint}/restapis/${id}/prod/_user_request_/hello`, {
        method: "OPTIONS",
        headers: { Origin: "https://app.example.com", "Access-Control-Request-Method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("https://app.example.com");
});

// LocalStack refuses a second key with the same value.
const CACHE_KEY = "localstack-cache-key-0123456789";

test("with stageCache: the document still imports, each method declares the key it is cached under, and the key is still required", async () => {
    new SecureRestApi("lsc", {
        stackName: "lsc-stack",
        apiKeyValue: CACHE_KEY,
        stageCache: { keyParameters: ["method.request.querystring.page"] },
        routes: [integrationRoute(mock(200), "/items/{id}", Http.GET)],
    });
    await world.settle();
    const body = world.one("aws:apigateway/restApi:RestApi", "lsc").inputs.body as string;
    const { id } = await client.send(new ImportRestApiCommand({ body: Buffer.from(body) }));
    const { items } = await client.send(new GetResourcesCommand({ restApiId: id }));
    const resource = items!.find(r => r.path === "/items/{id}")!;
    const method = await client.send(new GetMethodCommand({ restApiId: id, resourceId: resource.id, httpMethod: "GET" }));
    // cacheKeyParameters may name only the method's request parameters (API Gateway's rule): these are they.
    expect(method.requestParameters).toEqual({
        "method.request.header.x-api-key": false,
        "method.request.path.id": true,
        "method.request.querystring.page": false,
    });
    expect(method.apiKeyRequired).toBe(true);
    await client.send(new CreateDeploymentCommand({ restApiId: id, stageName: "prod" }));
    const plan = await client.send(new CreateUsagePlanCommand({ name: "lsc-stack-usage-plan", apiStages: [{ apiId: id, stage: "prod" }] }));
    const key = await client.send(new CreateApiKeyCommand({ name: "lsc-stack", value: CACHE_KEY, enabled: true }));
    await client.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: "API_KEY" }));
    const call = (headers: Record<string, string> = {}) =>
        fetch(`${ls.endpoint}/restapis/${id}/prod/_user_request_/items/42?page=2`, { headers }).then(r => r.status);
    expect(await call()).toBe(403);
    expect(await call({ "x-api-key": CACHE_KEY })).toBe(200);
});
