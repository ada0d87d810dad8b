// Operating the API: access logs, execution logs, metrics, tracing, per-route
// throttles, the account's CloudWatch role (only when asked), the API options
// binaryMediaTypes / minimumCompressionSize, and the `transforms` escape hatch,
// through both components under Pulumi mocks.
import * as pulumi from "@pulumi/pulumi";
import { failureOf, installMocks, isSecret, MockWorld, Recorded, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks({ transforms: true });
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as aws from "@pulumi/aws";
import { createAccessLogs, DEFAULT_ACCESS_LOG_FORMAT } from "./accessLogs";
import { IAMSecureRestApi } from "../components/iamSecureRestApi";
import { methodSettingsPath } from "./methodSettings";
import { Http, lambdaMethods, lambdaRoute } from "../routes/routeHelpers";
import type { IAMSecureRestApiArgs, RouteInputs, SecureRestApiArgs } from "../shared/schema-types";
import { SecureRestApi } from "../components/secureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import { rejectsEach } from "../../../test-support/inputCases";

const T = {
    restApi: "aws:apigateway/restApi:RestApi",
    method: "aws:apigateway/method:Method",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    account: "aws:apigateway/account:Account",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
};
const KEY = "0123456789abcdefghijKLMNOP";
const ACCT = "123456789012";

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});
beforeEach(() => forgetClaimedStackNames());

type Args = SecureRestApiArgs & IAMSecureRestApiArgs;

/** Builds one component; returns what it registered and the options each child was registered with. */
async function build(
    name: string,
    args: Args,
    opts: pulumi.ComponentResourceOptions = {},
    Component: typeof SecureRestApi | typeof IAMSecureRestApi = SecureRestApi,
) {
    const before = world.resources.length;
    const options = new Map<string, pulumi.ResourceOptions>();
    const capture: pulumi.ResourceTransformation = a => {
        options.set(`${a.type}::${a.name}`, a.opts);
        return undefined;
    };
    const keyed = Component === SecureRestApi ? { apiKeyValue: KEY } : {};
    const api = new Component(name, { stackName: name, ...keyed, ...args }, { ...opts, transformations: [world.recorder, capture] });
    await valueOf(api.apiEndpoint);
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    const named = (type: string, n = name): Recorded => {
        const r = mine.find(x => x.type === type && x.name === n);
        if (!r)
            throw new Error(
                `no ${type} named ${n}; have ${of(type)
                    .map(x => x.name)
                    .join(", ")}`,
            );
        return r;
    };
    const optionsOf = (type: string, n = name) => options.get(`${type}::${n}`)!;
    return { api, mine, of, named, optionsOf };
}

const routes = (): RouteInputs[] => [
    lambdaMethods(fn, Http.GET),
    lambdaRoute(fn, "/users", Http.GET, Http.POST),
    lambdaRoute(fn, "/users/{id}", Http.GET, Http.DELETE),
];

describe("defaults: nothing to operate is added but the execution errors the account can log", () => {
    test("no log group, role or account setting; the stage and API get no new arguments; ERROR logs and metrics on every method", async () => {
        const g = await build("plain", { routes: routes() });
        for (const t of [T.logGroup, T.account, T.role, T.rolePolicyAttachment]) expect([t, g.of(t)]).toEqual([t, []]);
        expect(g.named(T.stage).inputs).toEqual({ restApi: "plain-id", deployment: "plain-id", stageName: "prod" });
        // The mocks' account has its API Gateway CloudWatch role (components/executionLogsDefault.test.ts covers the rest).
        expect(g.of(T.methodSettings).map(m => [m.name, m.inputs])).toEqual([
            [
                "plain",
                {
                    restApi: "plain-id",
                    stageName: "prod",
                    methodPath: "*/*",
                    settings: { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
                },
            ],
        ]);
        const api = g.named(T.restApi).inputs;
        expect(api).not.toHaveProperty("binaryMediaTypes");
        expect(api).not.toHaveProperty("minimumCompressionSize");
        expect(g.api.accessLogGroup).toBeUndefined();
    });
});

describe("accessLogs", () => {
    test("{} gives a log group kept 90 days and the stage's JSON access log", async () => {
        const g = await build("acc", { routes: routes(), tags: { team: "core" }, accessLogs: {} });
        const group = g.named(T.logGroup, "acc-access-logs");
        expect(group.inputs).toEqual({ name: "API-Gateway-Access-Logs_acc/prod", retentionInDays: 90, tags: { team: "core" } });
        expect(group.parentResource).toBe(g.api);
        expect(g.named(T.stage).inputs.accessLogSettings).toEqual({
            destinationArn: `arn:aws:logs:us-east-1:${ACCT}:log-group:API-Gateway-Access-Logs_acc/prod`,
            format: DEFAULT_ACCESS_LOG_FORMAT,
        });
        expect(await valueOf(g.api.accessLogGroup!.apply(l => l.name))).toBe("API-Gateway-Access-Logs_acc/prod");
        // Logs alone change nothing account-wide.
        expect(g.of(T.account)).toEqual([]);
        expect(g.of(T.role)).toEqual([]);
    });

    test("the default format is one line of valid JSON naming the caller, the request, the answer and every rejection reason", () => {
        expect(DEFAULT_ACCESS_LOG_FORMAT).not.toMatch(/[\r\n]/);
        const line = JSON.parse(DEFAULT_ACCESS_LOG_FORMAT) as Record<string, string>;
        const required = {
            requestId: "$context.requestId",
            extendedRequestId: "$context.extendedRequestId",
            sourceIp: "$context.identity.sourceIp",
            caller: "$context.identity.caller",
            user: "$context.identity.user",
            userArn: "$context.identity.userArn",
            apiKeyId: "$context.identity.apiKeyId",
            requestTime: "$context.requestTime",
            httpMethod: "$context.httpMethod",
            resourcePath: "$context.resourcePath",
            status: "$context.status",
            protocol: "$context.protocol",
            responseLength: "$context.responseLength",
            integrationError: "$context.integration.error",
            wafError: "$context.waf.error",
            authorizerError: "$context.authorizer.error",
            authenticateError: "$context.authenticate.error",
            errorResponseType: "$context.error.responseType",
        };
        expect(line).toMatchObject(required);
        // Every value is a quoted $context variable, so a line stays valid JSON whatever API Gateway substitutes ("-" when empty).
        for (const [k, v] of Object.entries(line)) expect([k, v]).toEqual([k, expect.stringMatching(/^\$context\.[A-Za-z.]+$/)]);
    });

    test("retention, KMS key and a format of one's own", async () => {
        const kms = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
        const format = "$context.requestId $context.identity.sourceIp $context.status";
        const g = await build("acc2", { routes: routes(), accessLogs: { retentionInDays: 0, kmsKeyId: kms, format } });
        expect(g.named(T.logGroup, "acc2-access-logs").inputs).toEqual({
            name: "API-Gateway-Access-Logs_acc2/prod",
            retentionInDays: 0,
            kmsKeyId: kms,
        });
        expect(g.named(T.stage).inputs.accessLogSettings.format).toBe(format);
    });

    test("a destination ARN (Firehose or log group) is used as given, with no log group of the component's", async () => {
        const firehose = `arn:aws:firehose:us-east-1:${ACCT}:deliverystream/amazon-apigateway-audit`;
        const g = await build("fh", { routes: routes(), accessLogs: { destinationArn: firehose } });
        expect(g.of(T.logGroup)).toEqual([]);
        expect(g.named(T.stage).inputs.accessLogSettings).toEqual({ destinationArn: firehose, format: DEFAULT_ACCESS_LOG_FORMAT });
        expect(g.api.accessLogGroup).toBeUndefined();

        const group = new aws.cloudwatch.LogGroup("shared-logs", { name: "shared" });
        const g2 = await build("lg", { routes: routes(), accessLogs: { destinationArn: group.arn } });
        expect(g2.named(T.stage, "lg").inputs.accessLogSettings.destinationArn).toBe(`arn:aws:logs:us-east-1:${ACCT}:log-group:shared`);
    });

    test("a destination ARN that is an output is checked when it resolves, naming the field and the value", async () => {
        const logs = createAccessLogs(
            "x",
            {
                destination: { kind: "arn", arn: pulumi.output("arn:aws:s3:::my-bucket") },
                format: DEFAULT_ACCESS_LOG_FORMAT,
                component: 'SecureRestApi "x"',
            },
            { parent: undefined as never },
        );
        expect(await failureOf(logs.stageSettings.destinationArn)).toEqual(
            expect.objectContaining({
                message: expect.stringMatching(
                    /^SecureRestApi "x": accessLogs.destinationArn "arn:aws:s3:::my-bucket" is invalid: must be the ARN of a CloudWatch Logs log group/,
                ),
            }),
        );
    });

    test("enabled: false turns them off and leaves the stage without access log settings", async () => {
        const g = await build("off", { routes: routes(), accessLogs: { enabled: false, retentionInDays: 30 } });
        expect(g.of(T.logGroup)).toEqual([]);
        expect(g.named(T.stage).inputs).not.toHaveProperty("accessLogSettings");
    });
});

describe("executionLogs", () => {
    test("level, dataTrace and metrics become the stage's method settings for */*; tracing the stage's X-Ray flag", async () => {
        const g = await build("exe", { routes: routes(), executionLogs: { level: "INFO", dataTrace: true, metrics: true, tracing: true } });
        expect(g.of(T.methodSettings).map(m => m.inputs)).toEqual([
            {
                restApi: "exe-id",
                stageName: "prod",
                methodPath: "*/*",
                settings: { loggingLevel: "INFO", dataTraceEnabled: true, metricsEnabled: true },
            },
        ]);
        expect(g.named(T.stage).inputs.xrayTracingEnabled).toBe(true);
        expect(g.of(T.account)).toEqual([]);
    });

    test("given empty: everything off, explicitly", async () => {
        const g = await build("exe0", { routes: routes(), executionLogs: {} });
        expect(g.named(T.methodSettings).inputs.settings).toEqual({ loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false });
        expect(g.named(T.stage).inputs.xrayTracingEnabled).toBe(false);
    });
});

describe("cloudWatchRole: true (account-wide, only when asked)", () => {
    let g: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("cw", {
            routes: routes(),
            cloudWatchRole: true,
            accessLogs: {},
            executionLogs: { level: "ERROR" },
            tags: { team: "core" },
        });
    });

    test("a role API Gateway may assume, with AWS's managed push-to-CloudWatch policy", () => {
        const role = g.named(T.role, "cw-cloudwatch").inputs;
        expect(role).toMatchObject({ namePrefix: "cw-apigw-logs-", tags: { team: "core" } });
        expect(JSON.parse(role.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
        });
        expect(g.named(T.rolePolicyAttachment, "cw-cloudwatch").inputs).toEqual({
            role: "cw-cloudwatch",
            policyArn: "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        });
    });

    test("the account's API Gateway setting names the role, after its policy is attached", () => {
        const account = g.named(T.account, "cw-cloudwatch");
        expect(account.inputs).toEqual({ cloudwatchRoleArn: `arn:aws:iam::${ACCT}:role/cw-cloudwatch` });
        expect(account.dependsOn).toEqual(["cw-cloudwatch"]);
    });

    test("role, attachment and setting outlive the stack (other APIs of the region log through them)", () => {
        for (const t of [T.role, T.rolePolicyAttachment, T.account])
            expect([t, g.optionsOf(t, "cw-cloudwatch").retainOnDelete]).toEqual([t, true]);
    });

    test("the stage and the method settings wait for the account setting", () => {
        expect(g.named(T.stage).dependsOn).toEqual(["cw-cloudwatch"]);
        expect(g.named(T.methodSettings).dependsOn).toEqual(["cw-cloudwatch"]);
    });

    test("the managed policy's ARN follows the provider's partition", async () => {
        const cn = new aws.Provider("cn-cw", { region: "cn-north-1" });
        const h = await build("cwcn", { routes: routes(), cloudWatchRole: true }, { provider: cn });
        expect(h.named(T.rolePolicyAttachment, "cwcn-cloudwatch").inputs.policyArn).toBe(
            "arn:aws-cn:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
        );
    });

    test("two components of a stack may not both set it for one region; for two regions they may", async () => {
        new SecureRestApi("first", { stackName: "first", routes: routes(), apiKeyValue: KEY, cloudWatchRole: true });
        expect(() => new IAMSecureRestApi("second", { stackName: "second", routes: routes(), cloudWatchRole: true })).toThrow(
            /IAMSecureRestApi "second": cloudWatchRole true is invalid: SecureRestApi "first" in this stack already sets API Gateway's CloudWatch role for the AWS provider's region/,
        );
        new SecureRestApi("west", { stackName: "west", routes: routes(), apiKeyValue: KEY, cloudWatchRole: true, region: "eu-west-1" });
        expect(
            () =>
                new SecureRestApi("east", {
                    stackName: "east",
                    routes: routes(),
                    apiKeyValue: KEY,
                    cloudWatchRole: true,
                    region: "eu-west-1",
                }),
        ).toThrow(/cloudWatchRole true is invalid: SecureRestApi "west" in this stack already sets .* for eu-west-1/);
        await world.settle();
    });
});

describe("routes[i].throttle", () => {
    const throttled = (): RouteInputs[] => [
        { ...lambdaMethods(fn, Http.GET), throttle: { burstLimit: 5, rateLimit: 2 } },
        { ...lambdaRoute(fn, "/users", Http.GET, Http.POST), throttle: { burstLimit: 20, rateLimit: 10.5 } },
        lambdaRoute(fn, "/users/{id}", Http.GET),
        { ...lambdaRoute(fn, "/files/{proxy+}", Http.ANY), throttle: { burstLimit: 1, rateLimit: 1 } },
        lambdaRoute(fn, "/files/{proxy+}", Http.GET),
    ];

    test("method paths escape '/' as ~1, the root included", () => {
        expect(methodSettingsPath("/", "GET")).toBe("~1/GET");
        expect(methodSettingsPath("/users/{id}", "DELETE")).toBe("~1users~1{id}/DELETE");
        expect(methodSettingsPath("/files/{proxy+}", "PUT")).toBe("~1files~1{proxy+}/PUT");
    });

    test("each throttled method becomes stage method settings; ANY throttles the methods it serves", async () => {
        const g = await build("thr", { routes: throttled(), executionLogs: { level: "ERROR", metrics: true } });
        const settings = g.of(T.methodSettings).map(m => [m.name, m.inputs.methodPath, m.inputs.settings]);
        const logs = { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true };
        const any = (m: string) => [
            `thr-${m}/files/{proxy+}`,
            `~1files~1{proxy+}/${m}`,
            { ...logs, throttlingBurstLimit: 1, throttlingRateLimit: 1 },
        ];
        expect(settings).toEqual([
            ["thr", "*/*", logs],
            ["thr-GET/", "~1/GET", { ...logs, throttlingBurstLimit: 5, throttlingRateLimit: 2 }],
            ["thr-GET/users", "~1users/GET", { ...logs, throttlingBurstLimit: 20, throttlingRateLimit: 10.5 }],
            ["thr-POST/users", "~1users/POST", { ...logs, throttlingBurstLimit: 20, throttlingRateLimit: 10.5 }],
            // GET /files/{proxy+} is a route of its own, unthrottled: ANY serves the other six.
            ...["OPTIONS", "HEAD", "PUT", "POST", "DELETE", "PATCH"].map(any),
        ]);
        for (const m of g.of(T.methodSettings)) expect(m.inputs).toMatchObject({ restApi: "thr-id", stageName: "prod" });
    });

    test("they are applied one after another (each is an UpdateStage of the same stage)", async () => {
        const g = await build("chain", { routes: throttled() });
        const all = g.of(T.methodSettings);
        expect(all[0].dependsOn).toEqual([]);
        all.slice(1).forEach((m, i) => expect(m.dependsOn).toEqual([all[i].name]));
        // Without executionLogs, "*\/*" and the throttled methods repeat the account's default (ERROR and metrics here).
        expect(all[0].inputs.methodPath).toBe("*/*");
        expect(all[1].inputs.settings).toEqual({
            loggingLevel: "ERROR",
            dataTraceEnabled: false,
            metricsEnabled: true,
            throttlingBurstLimit: 5,
            throttlingRateLimit: 2,
        });
    });

    test("a throttle replaces no method and leaves the deployment's trigger alone", async () => {
        const plain = await build("nothr", { routes: throttled().map(({ throttle: _t, ...r }) => r), restApiName: "thr-api" });
        const g = await build("thr2", { routes: throttled(), restApiName: "thr-api" });
        expect(g.named(T.restApi).inputs.body).toBe(plain.named(T.restApi, "nothr").inputs.body);
        expect(g.named(T.deployment).inputs.triggers).toEqual(plain.named(T.deployment, "nothr").inputs.triggers);
    });
});

describe("the deployment's trigger", () => {
    const trigger = async (n: string, args: Args) =>
        (await build(n, { restApiName: "trigger-api", ...args })).named(T.deployment, n).inputs.triggers.openApiDocument as string;

    test("logs, tracing, metrics, the CloudWatch role and throttles change the stage only, never the trigger", async () => {
        const base = await trigger("tr0", { routes: routes() });
        const settingsOnly: Args[] = [
            { accessLogs: {} },
            { accessLogs: { retentionInDays: 7, format: "$context.requestId" } },
            { executionLogs: { level: "INFO", dataTrace: true, metrics: true, tracing: true } },
            { cloudWatchRole: true },
            { routes: routes().map(r => ({ ...r, throttle: { burstLimit: 1, rateLimit: 1 } })) },
        ];
        for (const [i, extra] of settingsOnly.entries()) {
            forgetClaimedStackNames();
            expect([extra, await trigger(`tr${i + 1}`, { routes: routes(), ...extra })]).toEqual([extra, base]);
        }
    });

    test("routes, binaryMediaTypes and minimumCompressionSize change it", async () => {
        const base = await trigger("td0", { routes: routes() });
        const changed = [
            await trigger("td1", { routes: routes().slice(1) }),
            await trigger("td2", { routes: routes(), binaryMediaTypes: ["image/png"] }),
            await trigger("td3", { routes: routes(), binaryMediaTypes: ["image/png", "*/*"] }),
            await trigger("td4", { routes: routes(), minimumCompressionSize: 1024 }),
            await trigger("td5", { routes: routes(), minimumCompressionSize: 0 }),
        ];
        for (const h of changed) expect(h).not.toBe(base);
        expect(new Set(changed).size).toBe(changed.length);
    });
});

describe("binaryMediaTypes and minimumCompressionSize", () => {
    test("are set on the RestApi (the size as the string the aws provider takes)", async () => {
        const g = await build("bin", {
            routes: routes(),
            binaryMediaTypes: ["image/png", "application/vnd.api+json", "*/*"],
            minimumCompressionSize: 1024,
        });
        expect(g.named(T.restApi).inputs).toMatchObject({
            binaryMediaTypes: ["image/png", "application/vnd.api+json", "*/*"],
            minimumCompressionSize: "1024",
        });
        const off = await build("bin0", { routes: routes(), minimumCompressionSize: -1 });
        expect(off.named(T.restApi).inputs.minimumCompressionSize).toBe("-1");
    });
});

describe("IAMSecureRestApi gets the same options", () => {
    test("access logs, execution logs, throttles and API options; the IAM secret stays secret", async () => {
        const g = await build(
            "iamobs",
            {
                routes: [{ ...lambdaRoute(fn, "/a", Http.GET), throttle: { burstLimit: 3, rateLimit: 4 } }],
                accessLogs: { retentionInDays: 365 },
                executionLogs: { level: "ERROR", tracing: true },
                binaryMediaTypes: ["image/gif"],
            },
            {},
            IAMSecureRestApi,
        );
        expect(g.named(T.logGroup, "iamobs-access-logs").inputs.retentionInDays).toBe(365);
        expect(g.named(T.stage).inputs).toMatchObject({
            xrayTracingEnabled: true,
            accessLogSettings: { format: DEFAULT_ACCESS_LOG_FORMAT },
        });
        expect(g.of(T.methodSettings).map(m => m.inputs.methodPath)).toEqual(["*/*", "~1a/GET"]);
        expect(g.named(T.restApi).inputs.binaryMediaTypes).toEqual(["image/gif"]);
        expect(g.named(T.secretVersion).secretInputs).toEqual(["secretString"]);
        expect(g.of(T.account)).toEqual([]);
    });
});

describe("secrecy is untouched", () => {
    test("with every option on, the API key is still a secret input and output", async () => {
        const g = await build("sec", {
            routes: routes(),
            accessLogs: {},
            executionLogs: { level: "INFO", metrics: true, tracing: true },
            cloudWatchRole: true,
            binaryMediaTypes: ["*/*"],
            minimumCompressionSize: 0,
            apiKeyValue: pulumi.secret(KEY),
        });
        expect(g.named(T.apiKey).secretInputs).toEqual(["value"]);
        expect(await isSecret((g.api as SecureRestApi).apiKey)).toBe(true);
        // No log setting carries the key.
        for (const r of g.mine.filter(x => [T.stage, T.methodSettings, T.logGroup, T.account, T.role].includes(x.type))) {
            expect(JSON.stringify(r.inputs)).not.toContain(KEY);
        }
    });
});

describe("the escape hatch: transforms reach the component's children", () => {
    test("a transform given to the component sets cacheClusterEnabled on its stage, and nothing else changes", async () => {
        const cache: pulumi.ResourceTransform = ({ type, props, opts }) =>
            type === "aws:apigateway/stage:Stage"
                ? { props: { ...props, cacheClusterEnabled: true, cacheClusterSize: "0.5" }, opts }
                : undefined;
        const g = await build("tf", { routes: routes() }, { transforms: [cache] });
        expect(g.named(T.stage).inputs).toEqual({
            restApi: "tf-id",
            deployment: "tf-id",
            stageName: "prod",
            cacheClusterEnabled: true,
            cacheClusterSize: "0.5",
        });
        const plain = await build("tf0", { routes: routes() });
        expect(plain.named(T.stage, "tf0").inputs).not.toHaveProperty("cacheClusterEnabled");
        expect(g.named(T.restApi).inputs.body).toBe(plain.named(T.restApi, "tf0").inputs.body.split("tf0").join("tf"));
    });

    test("a transform of the RestApi's body reaches the API and redeploys it (the trigger hashes the body the RestApi holds)", async () => {
        const validate: pulumi.ResourceTransform = ({ type, props, opts }) => {
            if (type !== "aws:apigateway/restApi:RestApi") return undefined;
            const body = pulumi
                .output(props.body as string)
                .apply(text => JSON.stringify({ ...JSON.parse(text), "x-amazon-apigateway-request-validator": "all" }));
            return { props: { ...props, body }, opts };
        };
        const g = await build("tfb", { routes: routes(), restApiName: "tfb-api" }, { transforms: [validate] });
        const plain = await build("tfb0", { routes: routes(), restApiName: "tfb-api" });
        const body = g.named(T.restApi).inputs.body as string;
        expect(JSON.parse(body)["x-amazon-apigateway-request-validator"]).toBe("all");
        const hash = (text: string) => require("crypto").createHash("sha256").update(text).digest("hex");
        expect(g.named(T.deployment).inputs.triggers.openApiDocument).toBe(hash(body));
        expect(plain.named(T.deployment, "tfb0").inputs.triggers.openApiDocument).toBe(hash(plain.named(T.restApi, "tfb0").inputs.body));
        expect(g.named(T.deployment).inputs.triggers.openApiDocument).not.toBe(
            plain.named(T.deployment, "tfb0").inputs.triggers.openApiDocument,
        );
    });

    test("a transform reaches IAMSecureRestApi's children too, e.g. the method settings", async () => {
        const caching: pulumi.ResourceTransform = ({ type, props, opts }) =>
            type === "aws:apigateway/methodSettings:MethodSettings"
                ? { props: { ...props, settings: { ...props.settings, cachingEnabled: true } }, opts }
                : undefined;
        const g = await build("tfiam", { routes: routes(), executionLogs: { metrics: true } }, { transforms: [caching] }, IAMSecureRestApi);
        expect(g.named(T.methodSettings).inputs.settings).toEqual({
            loggingLevel: "OFF",
            dataTraceEnabled: false,
            metricsEnabled: true,
            cachingEnabled: true,
        });
    });
});

const fh = (stream: string) => `arn:aws:firehose:us-east-1:123456789012:deliverystream/${stream}`;

// Bad observability inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["unknown execution log level", () => ({ executionLogs: { level: "DEBUG" } }), "executionLogs.level", '"DEBUG"'],
    ["lower-case execution log level", () => ({ executionLogs: { level: "info" } }), "executionLogs.level", '"info"'],
    ["dataTrace with level OFF", () => ({ executionLogs: { dataTrace: true } }), "executionLogs.dataTrace", "true"],
    ["metrics not a boolean", () => ({ executionLogs: { metrics: "yes" } }), "executionLogs.metrics", '"yes"'],
    ["executionLogs not an object", () => ({ executionLogs: "INFO" }), "executionLogs", '"INFO"'],
    ["negative log retention", () => ({ accessLogs: { retentionInDays: -1 } }), "accessLogs.retentionInDays", "-1"],
    ["log retention CloudWatch does not offer", () => ({ accessLogs: { retentionInDays: 45 } }), "accessLogs.retentionInDays", "45"],
    [
        "access log destination neither log group nor Firehose",
        () => ({ accessLogs: { destinationArn: "arn:aws:s3:::audit-bucket" } }),
        "accessLogs.destinationArn",
        '"arn:aws:s3:::audit-bucket"',
    ],
    [
        "Firehose stream not named amazon-apigateway-*",
        () => ({ accessLogs: { destinationArn: fh("audit") } }),
        "accessLogs.destinationArn",
        JSON.stringify(fh("audit")),
    ],
    [
        "retention with a destination ARN",
        () => ({ accessLogs: { destinationArn: fh("amazon-apigateway-audit"), retentionInDays: 30 } }),
        "accessLogs.retentionInDays",
        "30",
    ],
    [
        "access log format without $context.requestId",
        () => ({ accessLogs: { format: "$context.identity.sourceIp" } }),
        "accessLogs.format",
        '"$context.identity.sourceIp"',
    ],
    [
        "access log format over two lines",
        () => ({ accessLogs: { format: "$context.requestId\n$context.status" } }),
        "accessLogs.format",
        '"$context.requestId\\n$context.status"',
    ],
    ["log group KMS key given as an alias", () => ({ accessLogs: { kmsKeyId: "alias/logs" } }), "accessLogs.kmsKeyId", '"alias/logs"'],
    ["cloudWatchRole not a boolean", () => ({ cloudWatchRole: "yes" }), "cloudWatchRole", '"yes"'],
    [
        "negative route throttle burst",
        h => ({ routes: [{ ...h.ok(), throttle: { burstLimit: -5, rateLimit: 1 } }] }),
        "routes[0].throttle.burstLimit",
        "-5",
    ],
    [
        "route throttle rate NaN",
        h => ({ routes: [{ ...h.ok(), throttle: { burstLimit: 5, rateLimit: NaN } }] }),
        "routes[0].throttle.rateLimit",
        "NaN",
    ],
    [
        "route throttle without rateLimit",
        h => ({ routes: [{ ...h.ok(), throttle: { burstLimit: 5 } }] }),
        "routes[0].throttle.rateLimit",
        "undefined",
    ],
]);
