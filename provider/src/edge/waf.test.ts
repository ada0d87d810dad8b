// WAF through both components under mocks: an existing web ACL's association,
// or the managed web ACL the component creates.
import { installMocks, MockWorld, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { edgeHarness, T, WEB_ACL } from "../../../test-support/edgeHarness";
import { rejectsEach } from "../../../test-support/inputCases";

const { routes, build } = edgeHarness(world);
const LOGGING = "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("WAF", () => {
    test("webAclArn: the stage is associated with that regional web ACL", async () => {
        const g = await build("key", "acl", { routes: routes(), webAclArn: WEB_ACL, region: "us-east-1" });
        expect(g.named(T.webAclAssociation, "acl").inputs).toEqual({
            resourceArn: "arn:aws:apigateway:us-east-1::/restapis/acl-id/stages/prod",
            webAclArn: WEB_ACL,
            region: "us-east-1",
        });
        expect(g.of(T.webAcl)).toEqual([]);
        expect(await valueOf(g.api.webAclArn)).toBe(WEB_ACL);
    });

    test("waf: a REGIONAL web ACL with a per-IP rate limit first, then the managed rule groups, associated with the stage", async () => {
        const g = await build("iam", "mwaf", {
            routes: routes(),
            waf: { rateLimit: 500, managedRules: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesAmazonIpReputationList"] },
        });
        const acl = g.named(T.webAcl, "mwaf").inputs;
        expect(acl).toEqual(expect.objectContaining({ name: "mwaf-waf", scope: "REGIONAL", defaultAction: { allow: {} } }));
        expect(acl.rules.map((r: any) => [r.priority, r.name, r.action ?? r.overrideAction, r.statement])).toEqual([
            [0, "rate-limit-per-ip", { block: {} }, { rateBasedStatement: { limit: 500, aggregateKeyType: "IP" } }],
            [
                1,
                "AWSManagedRulesCommonRuleSet",
                { none: {} },
                { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } },
            ],
            [
                2,
                "AWSManagedRulesAmazonIpReputationList",
                { none: {} },
                { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesAmazonIpReputationList" } },
            ],
        ]);
        const arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/mwaf-waf/mwaf-id";
        expect(g.named(T.webAclAssociation, "mwaf").inputs).toEqual(
            expect.objectContaining({ resourceArn: "arn:aws:apigateway:us-east-1::/restapis/mwaf-id/stages/prod", webAclArn: arn }),
        );
        expect(await valueOf(g.api.webAclArn)).toBe(arn);
    });

    test("waf defaults: 2000 requests per 5 minutes per IP, AWS's common rule set and known bad inputs (Log4j lookups); no logging", async () => {
        const g = await build("key", "dwaf", { routes: routes(), waf: {} });
        expect(g.named(T.webAcl, "dwaf").inputs.rules.map((r: any) => r.statement.rateBasedStatement?.limit ?? r.name)).toEqual([
            2000,
            "AWSManagedRulesCommonRuleSet",
            "AWSManagedRulesKnownBadInputsRuleSet",
        ]);
        expect(g.of(LOGGING)).toEqual([]);
    });

    test("waf.logging: a log group aws-waf-logs-{stackName} kept 365 days; the key and signature headers redacted", async () => {
        const g = await build("key", "lwaf", { routes: routes(), waf: { logging: {} } });
        const group = g.named(LOG_GROUP, "lwaf-waf-logs").inputs;
        expect(group).toEqual(expect.objectContaining({ name: "aws-waf-logs-lwaf", retentionInDays: 365 }));
        const logging = g.named(LOGGING, "lwaf").inputs;
        expect(logging.resourceArn).toBe("arn:aws:wafv2:us-east-1:123456789012:regional/webacl/lwaf-waf/lwaf-id");
        expect(logging.logDestinationConfigs).toEqual(["arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-lwaf"]);
        expect(logging.redactedFields).toEqual([{ singleHeader: { name: "x-api-key" } }, { singleHeader: { name: "authorization" } }]);
    });

    test("waf.logging.destinationArn: an existing aws-waf-logs- destination, no log group", async () => {
        const bucket = "arn:aws:s3:::aws-waf-logs-central";
        const g = await build("iam", "dwl", { routes: routes(), waf: { logging: { destinationArn: bucket } } });
        expect(g.named(LOGGING, "dwl").inputs.logDestinationConfigs).toEqual([bucket]);
        expect(g.of(LOG_GROUP)).toEqual([]);
    });
});

const ACL_US = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const ACL_GLOBAL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

// Bad waf inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["CLOUDFRONT-scope (global) web ACL", () => ({ webAclArn: ACL_GLOBAL }), "webAclArn", JSON.stringify(ACL_GLOBAL)],
    ["web ACL in another region than the API", () => ({ region: "eu-west-1", webAclArn: ACL_US }), "webAclArn", JSON.stringify(ACL_US)],
    [
        "WAF Classic web ACL",
        () => ({ webAclArn: "arn:aws:waf-regional:us-east-1:123456789012:webacl/abc" }),
        "webAclArn",
        '"arn:aws:waf-regional:us-east-1:123456789012:webacl/abc"',
    ],
    ["webAclArn and waf together", () => ({ webAclArn: ACL_US, waf: {} }), "waf", "{}"],
    ["waf rate limit below 10", () => ({ waf: { rateLimit: 5 } }), "waf.rateLimit", "5"],
    [
        "waf unknown managed rule group",
        () => ({ waf: { managedRules: ["AWSManagedRulesEverything"] } }),
        "waf.managedRules[0]",
        '"AWSManagedRulesEverything"',
    ],
    [
        "WAF log destination not named aws-waf-logs-*",
        () => ({ waf: { logging: { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:my-logs" } } }),
        "waf.logging.destinationArn",
        '"arn:aws:logs:us-east-1:123456789012:log-group:my-logs"',
    ],
    [
        "WAF log retention not one of CloudWatch's",
        () => ({ waf: { logging: { retentionInDays: 42 } } }),
        "waf.logging.retentionInDays",
        "42",
    ],
    [
        "waf paid managed rule group",
        () => ({ waf: { managedRules: ["AWSManagedRulesBotControlRuleSet"] } }),
        "waf.managedRules[0]",
        '"AWSManagedRulesBotControlRuleSet"',
    ],
]);
