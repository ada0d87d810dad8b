// The default execution logs (executionLogsDefault.ts) under Pulumi's mocks: ERROR logs and
// detailed metrics where the account's API Gateway CloudWatch role is set, none (and one
// warning naming the fix) where it is not or cannot be read, no read at all where the
// program decides (executionLogs, cloudWatchRole: true, hardening, test: true), the read in
// the API's region with the component's profile, and nothing registered before it answers.
// The read itself against moto: stage/accountCloudWatchRole.test.ts.
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockWorld, Recorded, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as aws from "@pulumi/aws";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import { Http, lambdaRoute } from "../routes/routeHelpers";
import type { IAMSecureRestApiArgs, SecureRestApiArgs } from "../shared/schema-types";
import { CloudWatchRoleReader, cloudWatchRoleReader, setCloudWatchRoleReader } from "../stage/accountCloudWatchRole";

const METHOD_SETTINGS = "aws:apigateway/methodSettings:MethodSettings";
const ACCOUNT = "aws:apigateway/account:Account";
const KEY = "0123456789abcdefghijKLMNOP";
const ROLE = "arn:aws:iam::123456789012:role/apigateway-cloudwatch";
const ON = { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true };
const OFF = { loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false };

let fn: aws.lambda.Function;
let warnings: string[];
beforeAll(async () => {
    fn = await world.lambda("fn");
});
beforeEach(() => {
    forgetClaimedStackNames();
    world.setCloudWatchRoleArn(ROLE);
    warnings = [];
    jest.spyOn(pulumi.log, "warn").mockImplementation(async (msg: string) => void warnings.push(msg));
});
afterEach(() => jest.restoreAllMocks());

async function build(
    name: string,
    args: SecureRestApiArgs & IAMSecureRestApiArgs = {},
    Component: typeof SecureRestApi | typeof IAMSecureRestApi = SecureRestApi,
    opts: pulumi.ComponentResourceOptions = {},
) {
    const before = world.resources.length;
    const reads = world.accountReads.length;
    const keyed = Component === SecureRestApi && !args.test ? { apiKeyValue: KEY } : {};
    const api = new Component(name, { stackName: name, routes: [lambdaRoute(fn, "/orders", Http.GET)], ...keyed, ...args }, opts);
    await valueOf(api.apiEndpoint);
    await world.settle();
    const mine = world.resources.slice(before);
    return {
        api,
        mine,
        settings: mine.filter(r => r.type === METHOD_SETTINGS).map(r => [r.inputs.methodPath, r.inputs.settings]),
        reads: world.accountReads.slice(reads),
    };
}

describe("executionLogs left out: the account decides", () => {
    test.each([
        ["SecureRestApi", SecureRestApi],
        ["IAMSecureRestApi", IAMSecureRestApi],
    ] as const)(
        "%s: the role is set: ERROR logs and detailed metrics on every method, read once in the API's region, no warning",
        async (_n, C) => {
            const g = await build(`set-${C === SecureRestApi ? "k" : "i"}`, {}, C);
            expect(g.settings).toEqual([["*/*", ON]]);
            expect(g.reads).toEqual([{ region: "us-east-1" }]);
            expect(warnings).toEqual([]);
            // Tracing costs per trace: it stays as it was (not set on the stage).
            expect(g.mine.find(r => r.type === "aws:apigateway/stage:Stage")!.inputs).not.toHaveProperty("xrayTracingEnabled");
        },
    );

    test.each([
        ["SecureRestApi", SecureRestApi],
        ["IAMSecureRestApi", IAMSecureRestApi],
    ] as const)(
        "%s: no role set: logs off (never a stage API Gateway refuses), one warning naming cloudWatchRole and the fix",
        async (_n, C) => {
            world.setCloudWatchRoleArn(null);
            const name = `unset-${C === SecureRestApi ? "k" : "i"}`;
            const g = await build(name, {}, C);
            expect(g.settings).toEqual([["*/*", OFF]]);
            expect(warnings).toHaveLength(1);
            expect(warnings[0]).toContain(
                `${C === SecureRestApi ? "SecureRestApi" : "IAMSecureRestApi"} "${name}": execution logs stay off`,
            );
            expect(warnings[0]).toContain("not set in us-east-1");
            expect(warnings[0]).toContain("cloudWatchRole: true");
            expect(warnings[0]).toContain("aws apigateway update-account");
            expect(warnings[0]).toContain("costs nothing");
            expect(g.mine.filter(r => r.type === ACCOUNT)).toEqual([]);
        },
    );

    test("a read that fails: logs off, a warning with AWS's reason and the permission, no failure", async () => {
        world.setCloudWatchRoleArn(
            Object.assign(new Error("User is not authorized to perform: apigateway:GET"), { name: "AccessDeniedException" }),
        );
        const g = await build("denied");
        expect(g.settings).toEqual([["*/*", OFF]]);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toContain("could not read whether the account's API Gateway CloudWatch role is set in us-east-1");
        expect(warnings[0]).toContain("AccessDeniedException: User is not authorized to perform: apigateway:GET");
        expect(warnings[0]).toContain("apigateway:GET on arn:aws:apigateway:us-east-1::/account"); // the resource in its region, not a template
        expect(await valueOf(g.api.apiEndpoint)).toMatch(/^https:\/\//);
    });

    test("the read goes to the region input and the component's profile", async () => {
        const g = await build("where", { region: "eu-west-2", profile: "ops" });
        expect(g.reads).toEqual([{ region: "eu-west-2", profile: "ops" }]);
    });

    test("without a region input, the region of the provider the component uses", async () => {
        const provider = new aws.Provider("frankfurt", { region: "eu-central-1" });
        const g = await build("prov", {}, SecureRestApi, { providers: { aws: provider } });
        expect(g.reads).toEqual([{ region: "eu-central-1" }]);
    });

    test("a throttled route repeats the account's default, with its throttle", async () => {
        const g = await build("thr", { routes: [{ ...lambdaRoute(fn, "/orders", Http.GET), throttle: { burstLimit: 5, rateLimit: 2 } }] });
        expect(g.settings).toEqual([
            ["*/*", ON],
            ["~1orders/GET", { ...ON, throttlingBurstLimit: 5, throttlingRateLimit: 2 }],
        ]);
    });
});

describe("no read where the program decides", () => {
    test("executionLogs given (even {}): exactly that", async () => {
        world.setCloudWatchRoleArn(null);
        const off = await build("given-off", { executionLogs: {} });
        expect(off.settings).toEqual([["*/*", OFF]]);
        const info = await build("given-info", { executionLogs: { level: "INFO" } });
        expect(info.settings).toEqual([["*/*", { loggingLevel: "INFO", dataTraceEnabled: false, metricsEnabled: false }]]);
        expect([...off.reads, ...info.reads]).toEqual([]);
        expect(warnings).toEqual([]);
    });

    test("cloudWatchRole: true: this component sets the role, so ERROR and metrics, after the account setting", async () => {
        world.setCloudWatchRoleArn(null);
        const g = await build("sets", { cloudWatchRole: true }, SecureRestApi, { transformations: [world.recorder] });
        expect(g.reads).toEqual([]);
        expect(g.settings).toEqual([["*/*", ON]]);
        const account = g.mine.find(r => r.type === ACCOUNT)!;
        expect(g.mine.find(r => r.type === METHOD_SETTINGS)!.dependsOn).toEqual([account.name]);
        expect(warnings).toEqual([]);
    });

    test("hardening: its own execution logs", async () => {
        const g = await build("hard", { hardening: "recommended", cloudWatchRole: false });
        expect(g.reads).toEqual([]);
        expect(g.settings).toEqual([["*/*", ON]]);
    });

    test("SecureRestApi test: true makes no AWS call: logs off, no warning", async () => {
        world.setCloudWatchRoleArn(null);
        const invokes = world.invokes.length;
        const g = await build("tst", { test: true });
        expect(g.reads).toEqual([]);
        expect(world.invokes.length).toBe(invokes);
        expect(g.settings).toEqual([["*/*", OFF]]);
        expect(warnings).toEqual([]);
    });
});

test("a late check: no child is registered before the account's answer", async () => {
    const saved = cloudWatchRoleReader();
    let answer!: (arn: string | undefined) => void;
    const pending = new Promise<string | undefined>(resolve => (answer = resolve));
    const gated: CloudWatchRoleReader = () => pending;
    setCloudWatchRoleReader(gated);
    try {
        const before = world.resources.length;
        const api = new SecureRestApi("gate", { stackName: "gate", apiKeyValue: KEY, routes: [lambdaRoute(fn, "/orders", Http.GET)] });
        await new Promise(r => setTimeout(r, 300));
        await world.settle();
        // The component itself is registered; none of its children.
        const early: Recorded[] = world.resources.slice(before);
        expect(early.map(r => r.type)).toEqual(["secure-api:index:SecureRestApi"]);
        answer(ROLE);
        await valueOf(api.apiEndpoint);
        await world.settle();
        const settings = world.resources.slice(before).filter(r => r.type === METHOD_SETTINGS);
        expect(settings.map(r => r.inputs.settings)).toEqual([ON]);
    } finally {
        setCloudWatchRoleReader(saved);
    }
});
