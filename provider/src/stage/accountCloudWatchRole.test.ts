// GetAccount against a real moto server with the real AWS SDK v3 client: the role
// read as API Gateway reports it (UpdateAccount sets it, per region), a failed read
// thrown; then a component under Pulumi's mocks whose default execution logs come
// from that same read (AWS_ENDPOINT_URL, as the plugin would reach moto or LocalStack).
import { APIGatewayClient, UpdateAccountCommand } from "@aws-sdk/client-api-gateway";
import { freePort, MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";
import { installMocks, valueOf } from "../../../test-support/pulumiMocks";

const world = installMocks();
jest.setTimeout(120_000);
// Imported after setMocks so every module sees the mocked runtime.
import type * as aws from "@pulumi/aws";
import { getAccountPermission, readWithSdk, setCloudWatchRoleReader } from "./accountCloudWatchRole";
import { SecureRestApi } from "../components/secureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import { Http, lambdaRoute } from "../routes/routeHelpers";

const ROLE = "arn:aws:iam::123456789012:role/apigw-logs";
let moto: MotoServer;
let fn: aws.lambda.Function;

beforeAll(async () => {
    moto = await startMoto();
    fn = await world.lambda("fn");
});
afterAll(async () => {
    await moto?.stop();
});
beforeEach(async () => {
    await moto.reset();
    forgetClaimedStackNames();
});

const config = (region: string, endpoint = moto.endpoint) => ({ region, endpoint, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });

async function setRole(region: string, arn: string) {
    const client = new APIGatewayClient(config(region));
    try {
        await client.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: arn }] }));
    } finally {
        client.destroy();
    }
}

describe("readWithSdk (GetAccount)", () => {
    test("no role in a fresh account; the role once UpdateAccount set it, in that region only", async () => {
        expect(await readWithSdk(config("eu-west-1"))).toBeUndefined();
        await setRole("eu-west-1", ROLE);
        expect(await readWithSdk(config("eu-west-1"))).toBe(ROLE);
        expect(await readWithSdk(config("us-east-2"))).toBeUndefined();
    });

    test("an endpoint that does not answer: the read throws (the component then warns, logs off)", async () => {
        const closed = `http://127.0.0.1:${await freePort()}`;
        await expect(readWithSdk(config("eu-west-1", closed))).rejects.toThrow(/ECONNREFUSED|connect/);
    });
});

describe("a component's default execution logs from moto's answer", () => {
    const saved: Record<string, string | undefined> = {};
    beforeAll(() => {
        for (const [k, v] of Object.entries({
            AWS_ENDPOINT_URL: moto.endpoint,
            AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
            AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        })) {
            saved[k] = process.env[k];
            process.env[k] = v;
        }
        setCloudWatchRoleReader(undefined); // the SDK, not the mocks' answer
    });
    afterAll(() => {
        for (const [k, v] of Object.entries(saved))
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
    });

    async function settingsOf(name: string): Promise<unknown[]> {
        const before = world.resources.length;
        const api = new SecureRestApi(name, {
            stackName: name,
            region: "eu-west-1",
            apiKeyValue: "0123456789abcdefghijKLMNOP",
            routes: [lambdaRoute(fn, "/orders", Http.GET)],
        });
        await valueOf(api.apiEndpoint);
        await world.settle();
        return world.resources
            .slice(before)
            .filter(r => r.type === "aws:apigateway/methodSettings:MethodSettings")
            .map(r => r.inputs.settings);
    }

    test("off while the region has no role, ERROR and metrics once it has one", async () => {
        expect(await settingsOf("before")).toEqual([{ loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false }]);
        await setRole("eu-west-1", ROLE);
        expect(await settingsOf("after")).toEqual([{ loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true }]);
    });
});

test.each([
    ["eu-west-1", "arn:aws:apigateway:eu-west-1::/account"],
    ["cn-north-1", "arn:aws-cn:apigateway:cn-north-1::/account"],
    ["us-gov-west-1", "arn:aws-us-gov:apigateway:us-gov-west-1::/account"],
])("GetAccount's permission in %s names %s", (region, arn) => {
    expect(getAccountPermission(region)).toBe(`GetAccount needs apigateway:GET on ${arn}`);
});
