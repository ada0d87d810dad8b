// The scanners' controls under the real engine (docs/security.md): a SecureRestApi
// and an IAMSecureRestApi with hardening "recommended" and cloudWatchRole false (the
// account's role is said to be set), the SecureRestApi with a stage cache too. Up,
// the children and their key settings in the state, a no-change preview, destroy
// (nothing left).
// Then the default execution logs following the account, read by the plugin from
// moto's GetAccount: off with a warning while no CloudWatch role is set, ERROR with
// metrics in the next preview once UpdateAccount set one.
import { APIGatewayClient, UpdateAccountCommand } from "@aws-sdk/client-api-gateway";
import type * as automation from "@pulumi/pulumi/automation";
import { changed, exportWithSecrets, lambda, newStack, requireEnv, secureApi, StateResource, stepRecorder, TestStack } from "./harness";

const T = {
    stage: "aws:apigateway/stage:Stage",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    association: "aws:wafv2/webAclAssociation:WebAclAssociation",
    wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    certificate: "aws:apigateway/clientCertificate:ClientCertificate",
    account: "aws:apigateway/account:Account",
    user: "aws:iam/user:User",
    accessKey: "aws:iam/accessKey:AccessKey",
    secret: "aws:secretsmanager/secret:Secret",
    policy: "aws:iam/policy:Policy",
};

/** The children of one component (by its URN's name), by type. */
function childrenOf(resources: StateResource[], component: string) {
    const parent = resources.find(r => r.type.startsWith("secure-api:") && r.urn.endsWith(`::${component}`))!.urn;
    const mine = resources.filter(r => r.parent === parent);
    return (type: string) => mine.filter(r => r.type === type);
}

describe("hardening recommended under the real engine", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("both components: logs kept a year, ERROR logs with metrics, X-Ray, the WAF with its logging, a client certificate; no IAM user", async () => {
        s = await newStack("hardening", async () => {
            const handler = lambda("handler");
            const routes = [secureApi.lambdaRoute(handler, "/orders", secureApi.Http.GET, secureApi.Http.POST)];
            new secureApi.SecureRestApi("hardened", {
                stackName: "e2e-hardened",
                routes,
                hardening: secureApi.Hardening.Recommended,
                cloudWatchRole: false,
                stageCache: { ttlInSeconds: 60 },
            });
            new secureApi.IAMSecureRestApi("hardened-iam", {
                stackName: "e2e-hardened-iam",
                routes,
                hardening: "recommended",
                cloudWatchRole: false,
            });
            return {};
        });
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        const resources = exportWithSecrets(s);
        for (const [component, stackName] of [
            ["hardened", "e2e-hardened"],
            ["hardened-iam", "e2e-hardened-iam"],
        ]) {
            const of = childrenOf(resources, component);
            const [certificate] = of(T.certificate);
            const [stage] = of(T.stage);
            const access = of(T.logGroup).find(g => String(g.inputs?.name).startsWith("API-Gateway-Access-Logs_"))!;
            expect([component, access.inputs?.retentionInDays]).toEqual([component, 365]);
            expect(stage.inputs).toMatchObject({
                xrayTracingEnabled: true,
                clientCertificateId: (certificate as StateResource & { id: string }).id,
                accessLogSettings: { destinationArn: access.outputs?.arn },
            });
            const settings = of(T.methodSettings).map(m => m.inputs?.settings as Record<string, unknown>);
            expect(settings[0]).toMatchObject({ loggingLevel: "ERROR", metricsEnabled: true, dataTraceEnabled: false });
            // The managed WAF: common rules and known bad inputs, on this stage, logging to its own group with the key and signature redacted.
            const [acl] = of(T.webAcl);
            expect((acl.inputs?.rules as { name: string }[]).map(r => r.name)).toEqual(
                expect.arrayContaining(["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"]),
            );
            expect(of(T.association)[0].inputs).toMatchObject({ webAclArn: acl.outputs?.arn, resourceArn: stage.outputs?.arn });
            const wafLogs = of(T.logGroup).find(g => g.inputs?.name === `aws-waf-logs-${stackName}`)!;
            expect(wafLogs.inputs?.retentionInDays).toBe(365);
            expect(of(T.wafLogging)[0].inputs).toMatchObject({
                resourceArn: acl.outputs?.arn,
                logDestinationConfigs: [wafLogs.outputs?.arn],
                redactedFields: [{ singleHeader: { name: "x-api-key" } }, { singleHeader: { name: "authorization" } }],
            });
            // The account-wide setting is left alone (cloudWatchRole false).
            expect(of(T.account)).toEqual([]);
        }
        // SecureRestApi's stage cache: on the stage, encrypted and authorized in the method settings.
        const keyed = childrenOf(resources, "hardened");
        expect(keyed(T.stage)[0].inputs).toMatchObject({ cacheClusterEnabled: true, cacheClusterSize: "0.5" });
        expect(keyed(T.methodSettings)[0].inputs?.settings).toMatchObject({
            cachingEnabled: true,
            cacheTtlInSeconds: 60,
            cacheDataEncrypted: true,
            unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403",
        });
        // IAMSecureRestApi in the role-only shape: no user, no access key, no secret; the policy for roles to attach.
        const iam = childrenOf(resources, "hardened-iam");
        expect([iam(T.user), iam(T.accessKey), iam(T.secret)]).toEqual([[], [], []]);
        expect(iam(T.policy)).toHaveLength(1);

        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps)).toEqual([]);

        expect((await s.stack.destroy()).summary.result).toBe("succeeded");
        expect(exportWithSecrets(s)).toEqual([]);
    });
});

describe("the default execution logs follow the account (the plugin reads moto's GetAccount)", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
        // Leave moto's account as the other suites expect it: no CloudWatch role.
        await setRole("");
    });

    async function setRole(arn: string) {
        const client = new APIGatewayClient({ region: requireEnv("AWS_REGION") });
        try {
            await client.send(new UpdateAccountCommand({ patchOperations: [{ op: "replace", path: "/cloudwatchRoleArn", value: arn }] }));
        } finally {
            client.destroy();
        }
    }

    test("no role: logs off and one warning; a role set: the next preview turns ERROR logs and metrics on", async () => {
        await setRole("");
        s = await newStack("logs-default", async () => {
            new secureApi.SecureRestApi("plain", {
                stackName: "e2e-logs-default",
                routes: [secureApi.lambdaRoute(lambda("handler"), "/", secureApi.Http.GET)],
            });
            return {};
        });
        const warnings: string[] = [];
        const onEvent = (e: automation.EngineEvent) => {
            if (e.diagnosticEvent?.severity === "warning") warnings.push(e.diagnosticEvent.message);
        };
        expect((await s.stack.up({ onEvent })).summary.result).toBe("succeeded");
        expect(warnings.filter(w => w.includes("execution logs stay off"))).toHaveLength(1);
        expect(warnings.join("\n")).toContain("cloudWatchRole: true");
        const settings = () =>
            exportWithSecrets(s)
                .filter(r => r.type === T.methodSettings)
                .map(r => r.inputs?.settings);
        expect(settings()).toEqual([{ loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false }]);

        await setRole(`arn:aws:iam::123456789012:role/apigateway-cloudwatch`);
        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps).map(([urn, op]) => [urn.split("::").pop(), op])).toEqual([["plain", "update"]]);
        expect(changed(rec.steps)[0][0]).toContain(T.methodSettings);
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        expect(settings()).toEqual([{ loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true }]);
    });
});
