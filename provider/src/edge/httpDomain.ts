// A custom domain name for an HTTP API's stage: an API Gateway v2 DomainName
// (its ACM certificate, optionally mutual TLS), an ApiMapping to the stage, and
// optionally a Route 53 alias record. The checks are the REST components'
// (domain.ts: host name, certificate in the API's region, base path, truststore,
// mutual TLS only with disableExecuteApiEndpoint), plus the HTTP API's own rules
// ("Working with API mappings for HTTP APIs"): an HTTP API maps only to a
// REGIONAL domain with the TLS 1.2 security policy, and a mapping's path
// (basePath) is at most 300 characters.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "../shared/inputErrors";
import type { CustomDomainInputs } from "../shared/schema-types";
import { aliasRecord, checkedCertificateArn, domainBase, DomainSettings, domainSettings, mutualTlsAuthentication } from "./domain";

const MAX_MAPPING_KEY = 300;

/** Checks `domain` for an HTTP API (always regional); `apiRegion` is the region when it is a plain input. */
export function httpDomainSettings(
    domain: CustomDomainInputs | undefined,
    apiRegion: string | undefined,
    check: InputChecker,
    disableExecuteApiEndpoint: boolean,
): DomainSettings | undefined {
    if (domain === undefined || domain === null) return undefined;
    if (typeof domain === "object" && !Array.isArray(domain)) {
        if (domain.endpointType !== undefined && domain.endpointType !== "REGIONAL") {
            check.fail(
                "domain.endpointType",
                domain.endpointType,
                "must be REGIONAL (or left out): an HTTP API maps only to a regional custom domain",
            );
            return undefined;
        }
        if (domain.securityPolicy !== undefined && domain.securityPolicy !== "TLS_1_2") {
            check.fail(
                "domain.securityPolicy",
                domain.securityPolicy,
                "must be TLS_1_2 (or left out): an HTTP API maps only to a domain with the TLS 1.2 policy",
            );
            return undefined;
        }
        if (typeof domain.basePath === "string" && domain.basePath.length > MAX_MAPPING_KEY) {
            check.fail(
                "domain.basePath",
                domain.basePath,
                `is ${domain.basePath.length} characters; an API mapping's path is at most ${MAX_MAPPING_KEY}`,
            );
        }
    }
    return domainSettings(domain, "REGIONAL", apiRegion, check, disableExecuteApiEndpoint);
}

export interface HttpDomainContext {
    readonly name: string;
    readonly label: string;
    readonly api: aws.apigatewayv2.Api;
    readonly stage: aws.apigatewayv2.Stage;
    readonly region?: pulumi.Input<string>;
    readonly apiRegion: () => pulumi.Output<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly parent: pulumi.Resource;
}

export interface HttpDomainResources {
    readonly domainName: aws.apigatewayv2.DomainName;
    readonly mapping: aws.apigatewayv2.ApiMapping;
    readonly record?: aws.route53.Record;
    /** https://{domainName}/{basePath}, without a trailing "/". */
    readonly base: string;
    readonly dnsTarget: pulumi.Output<string>;
}

export function createHttpDomain(d: DomainSettings, ctx: HttpDomainContext): HttpDomainResources {
    const opts = { parent: ctx.parent };
    const certificateArn = checkedCertificateArn(d, "REGIONAL", ctx.label, ctx.apiRegion);
    const domainName = new aws.apigatewayv2.DomainName(
        ctx.name,
        {
            domainName: d.domainName,
            domainNameConfiguration: { certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
            ...(d.mutualTls ? { mutualTlsAuthentication: mutualTlsAuthentication(d.mutualTls, ctx.label) } : {}),
            region: ctx.region,
            tags: ctx.tags,
        },
        opts,
    );
    const mapping = new aws.apigatewayv2.ApiMapping(
        ctx.name,
        {
            apiId: ctx.api.id,
            domainName: domainName.domainName,
            stage: ctx.stage.name,
            apiMappingKey: d.basePath,
            region: ctx.region,
        },
        opts,
    );
    const target = domainName.domainNameConfiguration.apply(c => ({ name: c.targetDomainName!, zoneId: c.hostedZoneId! }));
    return {
        domainName,
        mapping,
        record: aliasRecord(ctx.name, d, domainName.domainName, target, opts),
        base: domainBase(d),
        dnsTarget: target.name,
    };
}
