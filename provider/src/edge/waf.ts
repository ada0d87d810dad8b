// AWS WAF on the stage: an existing web ACL (webAclArn) or a small one the
// component creates (waf), associated with the stage by a WebAclAssociation.
// AWS rules checked at construction:
//   - API Gateway stages take only WAFv2 web ACLs of REGIONAL scope, in the
//     stage's own region, edge-optimized APIs included ("Use AWS WAF to protect
//     your REST APIs in API Gateway"); a CLOUDFRONT-scope ACL's ARN reads
//     arn:aws:wafv2:us-east-1:{account}:global/webacl/..., a regional one
//     arn:aws:wafv2:{region}:{account}:regional/webacl/{name}/{id}. The region
//     is compared when known: at construction for a plain region input, else
//     when the provider's region resolves.
//   - a stage has one web ACL: webAclArn and waf exclude each other;
//   - a rate-based rule's limit is at least 10 requests in its 5-minute window
//     ("Rate-based rule high-level settings in AWS WAF"), at most 2,000,000,000;
//   - managed rule groups: AWS's own groups without a subscription fee (the
//     paid ones need settings this small ACL does not offer). Their capacity
//     (WCU) is listed below: WAF's base price covers 1,500 WCU per ACL.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StageContext } from "./stageContext";
import { InputChecker } from "../shared/inputErrors";
import { failWhenResolved } from "../shared/lateChecks";
import { fitName } from "../shared/names";
import type { ManagedWafInputs } from "../shared/schema-types";
import { createWafLogging, WafLogDestination, wafLoggingSettings } from "./wafLogging";

/** AWS managed rule groups without a subscription fee, and their web ACL capacity units. */
export const FREE_MANAGED_RULE_GROUPS: Readonly<Record<string, number>> = {
    AWSManagedRulesCommonRuleSet: 700,
    AWSManagedRulesAdminProtectionRuleSet: 100,
    AWSManagedRulesKnownBadInputsRuleSet: 200,
    AWSManagedRulesSQLiRuleSet: 200,
    AWSManagedRulesLinuxRuleSet: 200,
    AWSManagedRulesUnixRuleSet: 100,
    AWSManagedRulesWindowsRuleSet: 200,
    AWSManagedRulesPHPRuleSet: 100,
    AWSManagedRulesWordPressRuleSet: 100,
    AWSManagedRulesAmazonIpReputationList: 25,
    AWSManagedRulesAnonymousIpList: 50,
};
const PAID_MANAGED_RULE_GROUPS = [
    "AWSManagedRulesBotControlRuleSet",
    "AWSManagedRulesATPRuleSet",
    "AWSManagedRulesACFPRuleSet",
    "AWSManagedRulesAntiDDoSRuleSet",
];

/** The common rule set, and known bad inputs (request patterns of known exploits, Log4j's lookups among them: checkov CKV_AWS_192). */
export const DEFAULT_WAF = {
    rateLimit: 2000,
    managedRules: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet"],
} as const;
export const RATE_LIMIT_RANGE = { min: 10, max: 2_000_000_000 } as const;
const WEB_ACL_ARN =
    /^arn:(aws|aws-cn|aws-us-gov):wafv2:([a-z0-9-]+):(\d{12}):(regional|global)\/webacl\/[A-Za-z0-9_-]{1,128}\/[A-Za-z0-9-]{1,128}$/;

export type WebAclSettings =
    | { readonly kind: "given"; readonly arn: pulumi.Input<string>; readonly regionCheckDeferred: boolean }
    | {
          readonly kind: "managed";
          readonly rateLimit: number;
          readonly managedRules: readonly string[];
          /** Where the ACL logs (wafLogging.ts); undefined: no logging. */
          readonly logging?: WafLogDestination;
      };

/** Why `arn` is not a regional WAFv2 web ACL in `apiRegion` (undefined region: not known yet). */
export function webAclArnProblem(arn: unknown, apiRegion: string | undefined): string | undefined {
    if (typeof arn !== "string" || arn === "") return "must be the ARN of a WAFv2 web ACL";
    if (/^arn:[a-z-]+:waf(-regional)?:/.test(arn)) {
        return "is a WAF Classic ACL; API Gateway stages are associated with WAFv2 web ACLs (arn:aws:wafv2:{region}:{account}:regional/webacl/...)";
    }
    const m = WEB_ACL_ARN.exec(arn);
    if (!m) return "is not a WAFv2 web ACL ARN (arn:aws:wafv2:{region}:{account}:regional/webacl/{name}/{id})";
    if (m[4] === "global") {
        return (
            "is a CLOUDFRONT-scope (global) web ACL; API Gateway stages, edge-optimized ones included, take only REGIONAL-scope web ACLs " +
            "in the API's own region: create it with scope REGIONAL"
        );
    }
    if (apiRegion !== undefined && m[2] !== apiRegion) {
        return `is in ${m[2]}, but the API is in ${apiRegion}: a stage takes only a REGIONAL web ACL of its own region`;
    }
    return undefined;
}

export function webAclSettings(
    webAclArn: pulumi.Input<string> | undefined,
    waf: ManagedWafInputs | undefined,
    apiRegion: string | undefined,
    check: InputChecker,
    stackName: string,
): WebAclSettings | undefined {
    if (webAclArn !== undefined && waf !== undefined) {
        check.fail("waf", waf, "give either webAclArn (an existing web ACL) or waf (a managed one): a stage has one web ACL");
        return undefined;
    }
    if (webAclArn !== undefined) {
        if (typeof webAclArn === "string" || webAclArn === null) {
            const problem = webAclArnProblem(webAclArn, apiRegion);
            if (problem) check.fail("webAclArn", webAclArn, problem);
        }
        return { kind: "given", arn: webAclArn, regionCheckDeferred: typeof webAclArn !== "string" || apiRegion === undefined };
    }
    if (waf === undefined || waf === null) return undefined;
    if (typeof waf !== "object" || Array.isArray(waf)) {
        check.fail("waf", waf, "must be an object: { rateLimit, managedRules }");
        return undefined;
    }
    const rateLimit = waf.rateLimit ?? DEFAULT_WAF.rateLimit;
    if (
        typeof rateLimit !== "number" ||
        !Number.isSafeInteger(rateLimit) ||
        rateLimit < RATE_LIMIT_RANGE.min ||
        rateLimit > RATE_LIMIT_RANGE.max
    ) {
        check.fail(
            "waf.rateLimit",
            rateLimit,
            `must be a whole number of requests per 5 minutes from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max} (AWS WAF's rate-based rule limits)`,
        );
    }
    const managedRules = waf.managedRules ?? DEFAULT_WAF.managedRules;
    if (!Array.isArray(managedRules)) {
        check.fail("waf.managedRules", managedRules, "must be a list of AWS managed rule group names");
        return undefined;
    }
    managedRules.forEach((group, i) => {
        const field = `waf.managedRules[${i}]`;
        if (PAID_MANAGED_RULE_GROUPS.includes(group)) {
            check.fail(
                field,
                group,
                "has a subscription fee and needs settings this managed ACL does not offer; use webAclArn with an ACL of your own",
            );
        } else if (!(group in FREE_MANAGED_RULE_GROUPS)) {
            check.fail(
                field,
                group,
                `is not an AWS managed rule group this ACL offers; one of ${Object.keys(FREE_MANAGED_RULE_GROUPS).join(", ")}`,
            );
        } else if (managedRules.indexOf(group) !== i) {
            check.fail(field, group, "is listed twice");
        }
    });
    return { kind: "managed", rateLimit, managedRules, logging: wafLoggingSettings(waf.logging, stackName, check) };
}

export interface WafResources {
    readonly webAcl?: aws.wafv2.WebAcl;
    readonly logging?: aws.wafv2.WebAclLoggingConfiguration;
    readonly association: aws.wafv2.WebAclAssociation;
    readonly webAclArn: pulumi.Output<string>;
}

/** WAF names and metric names: 1-128 of letters, digits, "_" and "-". */
const wafName = (text: string) => fitName(text.replace(/[^A-Za-z0-9_-]/g, "-"), 128);

export function createWaf(s: WebAclSettings, ctx: StageContext): WafResources {
    const opts = { parent: ctx.parent };
    let webAcl: aws.wafv2.WebAcl | undefined;
    let arn: pulumi.Input<string>;
    if (s.kind === "given") {
        arn = s.regionCheckDeferred
            ? failWhenResolved(ctx.label, "webAclArn", s.arn, ctx.apiRegion(), (a, region) => webAclArnProblem(a, region))
            : s.arn;
    } else {
        const name = wafName(`${ctx.stackName}-waf`);
        const visibility = (metricName: string) => ({
            cloudwatchMetricsEnabled: true,
            sampledRequestsEnabled: true,
            metricName: wafName(metricName),
        });
        webAcl = new aws.wafv2.WebAcl(
            ctx.name,
            {
                name,
                description: `Rate limit per source IP and AWS managed rules for ${ctx.stackName}`,
                scope: "REGIONAL",
                defaultAction: { allow: {} },
                rules: [
                    // First: a flood from one address is blocked before the managed rules spend capacity on it.
                    {
                        name: "rate-limit-per-ip",
                        priority: 0,
                        action: { block: {} },
                        statement: { rateBasedStatement: { limit: s.rateLimit, aggregateKeyType: "IP" } },
                        visibilityConfig: visibility(`${name}-rate-limit`),
                    },
                    ...s.managedRules.map((group, i) => ({
                        name: group,
                        priority: i + 1,
                        overrideAction: { none: {} },
                        statement: { managedRuleGroupStatement: { vendorName: "AWS", name: group } },
                        visibilityConfig: visibility(`${name}-${group}`),
                    })),
                ],
                visibilityConfig: visibility(name),
                region: ctx.region,
                tags: ctx.tags,
            },
            opts,
        );
        arn = webAcl.arn;
    }
    const logging =
        webAcl && s.kind === "managed" && s.logging
            ? createWafLogging(s.logging, {
                  name: ctx.name,
                  label: ctx.label,
                  webAcl,
                  region: ctx.region,
                  tags: ctx.tags,
                  parent: ctx.parent,
              }).configuration
            : undefined;
    const association = new aws.wafv2.WebAclAssociation(
        ctx.name,
        {
            resourceArn: ctx.stage.arn,
            webAclArn: arn,
            region: ctx.region,
        },
        opts,
    );
    return { webAcl, logging, association, webAclArn: pulumi.output(arn) };
}
