// The Pulumi side of the key flow: the flow runs inside an apply over the
// account and region of the AWS provider the component uses, against a real
// moto server reached through AWS_ENDPOINT_URL.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { installMocks, isKnown, isSecret, valueOf } from "../../../test-support/pulumiMocks";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

let world = installMocks();
jest.setTimeout(60_000);
import * as aws from "@pulumi/aws";
import { checkedApiKeyValue, flowProfile, runKeyFlow } from "./apiKeyValue";
import { SecureRestApi } from "../components/secureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";

let moto: MotoServer;
let tmp: string;
let fn: aws.lambda.Function;
const savedEnv = { ...process.env };

beforeAll(async () => {
    moto = await startMoto();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_PROFILE;
    fn = await world.lambda("fn");
});
afterAll(async () => {
    process.env = savedEnv;
    await moto?.stop();
});
beforeEach(async () => {
    forgetClaimedStackNames();
    await moto.reset();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-"));
});

const ssm = (region: string) => new SSMClient({ region, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
const stored = async (region: string, name: string) => {
    try {
        return (await ssm(region).send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter;
    } catch {
        return undefined;
    }
};
const route = () => [{ path: "/", methods: ["GET" as const], handler: fn }];

test("ssm source: a new key is generated, stored as a SecureString, cached and used as a secret", async () => {
    const cacheFile = path.join(tmp, "keys.json");
    const invokesBefore = world.invokes.length;
    const api = new SecureRestApi("api", { stackName: "shop", routes: route(), cacheFile });
    const key = await valueOf(api.apiKey);
    // The flow asks the provider for account and region only.
    expect(
        world.invokes
            .slice(invokesBefore)
            .map(i => i.token)
            .sort(),
    ).toEqual(["aws:index/getCallerIdentity:getCallerIdentity", "aws:index/getRegion:getRegion"]);
    expect(await isSecret(api.apiKey)).toBe(true);
    expect(key).toHaveLength(40);
    const param = await stored("us-east-1", "/shop/api-key");
    expect(param).toMatchObject({ Type: "SecureString", Value: key, Version: 1 });
    expect(JSON.parse(fs.readFileSync(cacheFile, "utf8"))).toEqual({ "123456789012": { "us-east-1": { shop: key } } });
    expect(await valueOf(api.apiKeyParameterName)).toBe("/shop/api-key");
    await world.settle();
    const apiKey = world.resources.find(r => r.type === "aws:apigateway/apiKey:ApiKey" && r.name === "api")!;
    expect(apiKey.inputs.value).toBe(key);
    expect(apiKey.secretInputs).toContain("value");
});

test("the account and region come from the component's own provider", async () => {
    const west = new aws.Provider("west", { region: "eu-west-1" });
    const api = new SecureRestApi("westapi", { stackName: "w", routes: route(), cache: false }, { provider: west });
    const key = await valueOf(api.apiKey);
    expect((await stored("eu-west-1", "/w/api-key"))?.Value).toBe(key);
    expect(await stored("us-east-1", "/w/api-key")).toBeUndefined();
    const lookups = world.invokes.filter(i => i.token === "aws:index/getRegion:getRegion" && i.provider?.includes("::west::"));
    expect(lookups.length).toBeGreaterThan(0);
});

test("an existing parameter is used as it is and never overwritten", async () => {
    const existing = "existing-key-value-0123456789";
    const { PutParameterCommand } = await import("@aws-sdk/client-ssm");
    await ssm("us-east-1").send(new PutParameterCommand({ Name: "/custom/key", Value: existing, Type: "SecureString" }));
    const api = new SecureRestApi("existing", { stackName: "ex", routes: route(), apiKeyParameterName: "/custom/key", cache: false });
    expect(await valueOf(api.apiKey)).toBe(existing);
    expect(await stored("us-east-1", "/custom/key")).toMatchObject({ Value: existing, Version: 1 });
});

test("a flow failure is a clean error naming parameter and region, never a key", async () => {
    process.env.AWS_ENDPOINT_URL = "http://127.0.0.1:9"; // nothing listens on the discard port
    try {
        const error = await runKeyFlow(
            { kind: "ssm", parameterName: "/down/api-key", cacheFile: undefined },
            { name: "down", parent: undefined as never, stackName: "down" },
            { account: "123456789012", region: "us-east-1" },
        ).then(
            () => undefined,
            e => e,
        );
        expect(error).toBeInstanceOf(pulumi.RunError);
        expect(error.message).toMatch(/^SecureRestApi "down": .*\/down\/api-key.*us-east-1.*ssm:GetParameter/s);
    } finally {
        process.env.AWS_ENDPOINT_URL = moto.endpoint;
    }
});

test("a given apiKeyValue that is too short fails when it resolves, without showing it", () => {
    expect(() => checkedApiKeyValue("tiny-key", "k")).toThrow(
        new pulumi.RunError(
            'SecureRestApi "k": apiKeyValue [secret] is invalid: must be 20 to 128 characters (API Gateway\'s rule); it has 8',
        ),
    );
    expect(() => checkedApiKeyValue("with space 0123456789abc", "k")).toThrow(/printable ASCII without spaces/);
    expect(checkedApiKeyValue("0123456789abcdefghij", "k")).toBe("0123456789abcdefghij");
});

test("profile: the input, else aws:profile config, else none (the SDK then reads AWS_PROFILE)", async () => {
    const before = pulumi.runtime.allConfig();
    expect(flowProfile(undefined)).toBeUndefined();
    pulumi.runtime.setConfig("aws:profile", "from-config");
    try {
        expect(flowProfile(undefined)).toBe("from-config");
        expect(flowProfile("from-input")).toBe("from-input");
    } finally {
        pulumi.runtime.setAllConfig(before);
    }
    expect(flowProfile(undefined)).toBeUndefined();
});

describe("during a preview", () => {
    beforeAll(() => {
        world = installMocks({ preview: true });
    });

    test("no key yet: the key is unknown and nothing is written", async () => {
        const cacheFile = path.join(tmp, "keys.json");
        const api = new SecureRestApi("pre", { stackName: "pre", routes: route(), cacheFile });
        await world.settle();
        expect(await isKnown(api.apiKey)).toBe(false);
        expect(await stored("us-east-1", "/pre/api-key")).toBeUndefined();
        expect(fs.existsSync(cacheFile)).toBe(false);
    });

    test("an existing key is read, and still nothing is written", async () => {
        const { PutParameterCommand } = await import("@aws-sdk/client-ssm");
        await ssm("us-east-1").send(
            new PutParameterCommand({ Name: "/pre2/api-key", Value: "preview-existing-key-000000", Type: "SecureString" }),
        );
        const cacheFile = path.join(tmp, "keys.json");
        const api = new SecureRestApi("pre2", { stackName: "pre2", routes: route(), cacheFile });
        expect(await valueOf(api.apiKey)).toBe("preview-existing-key-000000");
        expect(fs.existsSync(cacheFile)).toBe(false);
    });
});
