// A custom domain name for the stage: an API Gateway DomainName (with its ACM
// certificate), a BasePathMapping to the stage, and optionally a Route 53
// alias record. AWS rules checked at construction (API Gateway developer
// guide, "Custom domain names for REST APIs" and "Getting certificates ready in AWS Certificate Manager"):
//   - a custom domain name is a DNS host name (labels of 1-63 letters, digits
//     and "-", not starting or ending with "-"; at most 253 characters);
//   - the certificate is an ACM certificate ARN; an edge-optimized domain's
//     certificate must be in us-east-1 (CloudFront serves it), a regional
//     domain's in the API's region (checked when that region resolves if it
//     is not a plain input);
//   - a PRIVATE API has no public custom domain;
//   - the domain name is in lower case: API Gateway does not take upper-case
//     letters in a custom domain name ("Uppercase letters are not supported",
//     AWS::ApiGatewayV2::DomainName, the same domain names REST APIs use), and the
//     outputs domainUrl / domainRouteUrls must name the host AWS serves;
//   - a base path of "(none)" is API Gateway's own name for no base path
//     (CreateBasePathMapping: "Specify '(none)' if you do not want callers to
//     specify a base path name after the domain name"): the API would be served
//     at the root while domainUrl said ".../(none)/"; leave basePath out instead;
//   - a base path has no leading, trailing or doubled "/"; several levels
//     (orders/v1) only on a regional domain with the TLS 1.2 policy ("Use API
//     mappings to connect API stages to a custom domain name for REST APIs").
// Mutual TLS (API Gateway developer guide, "How to turn on mutual TLS
// authentication for your REST APIs in API Gateway", and the API reference's
// MutualTlsAuthenticationInput): the truststore is an S3 object named by an
// s3://bucket-name/key-name URL, optionally pinned to an object version (the
// bucket then has versioning on); the prerequisites are a Regional custom
// domain name, and API Gateway takes mutual TLS only with the TLS 1.2 security
// policy. The guide warns that clients can still call the default execute-api
// endpoint, which never asks for a certificate, and says to disable it so the
// custom domain is the only way in: here that is required, not advised.
// Bucket names follow S3's "General purpose bucket naming rules".
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { StageContext } from "./stageContext";
import { InputChecker } from "../shared/inputErrors";
import { failWhenResolved } from "../shared/lateChecks";
import type { CustomDomainInputs, DomainSecurityPolicy, EndpointType } from "../shared/schema-types";
import { DomainSecurityPolicyValues } from "../shared/schema-types";

export interface DomainSettings {
    readonly domainName: string;
    readonly certificateArn: pulumi.Input<string>;
    readonly basePath?: string;
    readonly endpointType: "EDGE" | "REGIONAL";
    readonly securityPolicy: DomainSecurityPolicy;
    readonly hostedZoneId?: pulumi.Input<string>;
    /** Mutual TLS: the truststore (checked when plain, else when it resolves) and its object version. */
    readonly mutualTls?: { readonly truststoreUri: pulumi.Input<string>; readonly truststoreVersion?: pulumi.Input<string> };
    /** The certificate's region still has to be compared with the API's once that resolves. */
    readonly regionCheckDeferred: boolean;
}

const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
const ACM_ARN = /^arn:(aws|aws-cn|aws-us-gov):acm:([a-z0-9-]+):(\d{12}):certificate\/[A-Za-z0-9-]+$/;
// API Gateway's base path characters (as CDK checks them), per level.
const BASE_PATH_SEGMENT = /^[A-Za-z0-9$_.+!*'()-]+$/;
const HOSTED_ZONE_ID = /^[A-Z0-9]{1,32}$/;
export const EDGE_CERTIFICATE_REGION = "us-east-1";

export function hostnameProblem(name: unknown): string | undefined {
    if (typeof name !== "string" || name === "") return "must be a host name such as api.example.com";
    if (name.length > 253) return `a host name is at most 253 characters; this one has ${name.length}`;
    if (name.startsWith("*.")) return "a wildcard domain name is not supported here: give the host name clients call";
    const labels = name.split(".");
    if (labels.length < 2) return "must be a fully qualified host name such as api.example.com";
    const bad = labels.find(l => !LABEL.test(l));
    if (bad !== undefined) return `label ${JSON.stringify(bad)} is not 1 to 63 letters, digits and "-" (not first or last)`;
    if (/^\d+$/.test(labels[labels.length - 1])) return "is an IP address or ends in a numeric label, not a host name";
    if (name !== name.toLowerCase())
        return `must be in lower case (${JSON.stringify(name.toLowerCase())}): API Gateway does not accept upper-case letters in a custom domain name`;
    return undefined;
}

/** The region an ACM certificate ARN names, or why it is not one. */
function acmRegion(arn: string): { region?: string; problem?: string } {
    const m = ACM_ARN.exec(arn);
    if (!m) return { problem: "is not an ACM certificate ARN (arn:aws:acm:{region}:{account}:certificate/{id})" };
    return { region: m[2] };
}

/** Why the certificate does not fit an endpoint type in `apiRegion` (undefined: not known yet). */
export function certificateProblem(arn: unknown, endpointType: "EDGE" | "REGIONAL", apiRegion: string | undefined): string | undefined {
    if (typeof arn !== "string") return "must be an ACM certificate ARN";
    const { region, problem } = acmRegion(arn);
    if (problem) return problem;
    if (endpointType === "EDGE" && region !== EDGE_CERTIFICATE_REGION) {
        return (
            `an EDGE (edge-optimized) custom domain needs an ACM certificate in ${EDGE_CERTIFICATE_REGION}, whatever the API's region ` +
            `(CloudFront serves it); this one is in ${region}. Request or import it in ${EDGE_CERTIFICATE_REGION}, or use endpointType REGIONAL`
        );
    }
    if (endpointType === "REGIONAL" && apiRegion !== undefined && region !== apiRegion) {
        return `a REGIONAL custom domain needs an ACM certificate in the API's region ${apiRegion}; this one is in ${region}`;
    }
    return undefined;
}

function basePathProblem(basePath: unknown, endpointType: string, securityPolicy: string): string | undefined {
    if (typeof basePath !== "string" || basePath === "")
        return "must be a non-empty path such as v1; leave it out to serve the stage at the domain's root";
    if (basePath === "(none)")
        return "is API Gateway's name for no base path (the stage would be served at the domain's root); leave basePath out instead";
    if (basePath.startsWith("/") || basePath.endsWith("/")) return 'must not start or end with "/" (write v1, not /v1/)';
    const segments = basePath.split("/");
    if (segments.includes("")) return 'must not contain "//"';
    const bad = segments.find(s => !BASE_PATH_SEGMENT.test(s));
    if (bad !== undefined) return `segment ${JSON.stringify(bad)} may contain only letters, digits and $ - _ . + ! * ' ( )`;
    if (segments.length > 1 && (endpointType !== "REGIONAL" || securityPolicy !== "TLS_1_2")) {
        return `has ${segments.length} levels; API Gateway maps multi-level base paths only on a REGIONAL custom domain with securityPolicy TLS_1_2`;
    }
    return undefined;
}

// S3 general purpose bucket names: 3-63 lower-case letters, digits, "." and "-",
// starting and ending with a letter or digit, no "..", not an IPv4 address, and
// none of the prefixes and suffixes S3 reserves.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Why `uri` is not an s3://{bucket}/{key} URI of a truststore, or undefined. */
export function truststoreUriProblem(uri: unknown): string | undefined {
    const example = "such as s3://my-truststores/partners.pem";
    if (typeof uri !== "string" || uri === "") return `must be the truststore's S3 URI, ${example}`;
    const m = /^s3:\/\/([^/]*)\/(.*)$/.exec(uri);
    if (!m) {
        if (/^https?:\/\//i.test(uri)) return `must be an s3:// URI, not an HTTP(S) URL (${example})`;
        return `must be an s3:// URI naming a bucket and a key, ${example}`;
    }
    const [, bucket, key] = m;
    if (key === "") return `names no object key: give the truststore file's key after the bucket, ${example}`;
    if (Buffer.byteLength(key, "utf8") > 1024) return "has an object key over S3's 1,024 bytes";
    if (!BUCKET.test(bucket)) {
        return `bucket ${JSON.stringify(bucket)} is not an S3 bucket name (3 to 63 lower-case letters, digits, "." and "-", starting and ending with a letter or digit)`;
    }
    if (bucket.includes("..")) return `bucket ${JSON.stringify(bucket)} is not an S3 bucket name (no two adjacent periods)`;
    if (/^\d+\.\d+\.\d+\.\d+$/.test(bucket)) return `bucket ${JSON.stringify(bucket)} is not an S3 bucket name (not an IP address)`;
    const reserved = RESERVED_BUCKET_PREFIXES.find(p => bucket.startsWith(p)) ?? RESERVED_BUCKET_SUFFIXES.find(x => bucket.endsWith(x));
    if (reserved !== undefined)
        return `bucket ${JSON.stringify(bucket)} is not an S3 bucket name (S3 reserves ${JSON.stringify(reserved)})`;
    return undefined;
}

/** Checks domain.mutualTls; `endpointType` and `securityPolicy` are the domain's (defaults applied). */
function mutualTlsSettings(
    value: unknown,
    endpointType: string,
    securityPolicy: string,
    disableExecuteApiEndpoint: boolean,
    check: InputChecker,
): DomainSettings["mutualTls"] {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
        check.fail("domain.mutualTls", value, "must be an object with truststoreUri (and optionally truststoreVersion)");
        return undefined;
    }
    const m = value as { truststoreUri?: unknown; truststoreVersion?: unknown };
    if (m.truststoreUri === undefined || m.truststoreUri === null) {
        check.fail(
            "domain.mutualTls.truststoreUri",
            m.truststoreUri,
            "is required: the truststore's S3 URI, such as s3://my-truststores/partners.pem",
        );
    } else if (typeof m.truststoreUri === "string") {
        const problem = truststoreUriProblem(m.truststoreUri);
        if (problem) check.fail("domain.mutualTls.truststoreUri", m.truststoreUri, problem);
    }
    const version = m.truststoreVersion;
    if (version !== undefined && version !== null && typeof version === "string" && (version === "" || /\s/.test(version))) {
        check.fail(
            "domain.mutualTls.truststoreVersion",
            version,
            "must be an S3 object version id (no spaces); leave it out for the object's current version",
        );
    }
    if (endpointType !== "REGIONAL") {
        check.fail(
            "domain.endpointType",
            endpointType,
            "mutual TLS (domain.mutualTls) needs a REGIONAL custom domain: API Gateway does not offer it on an EDGE (edge-optimized) domain; set domain.endpointType (or the API's endpointType) to REGIONAL",
        );
    }
    if (securityPolicy !== "TLS_1_2" && (DomainSecurityPolicyValues as readonly unknown[]).includes(securityPolicy)) {
        check.fail(
            "domain.securityPolicy",
            securityPolicy,
            "mutual TLS (domain.mutualTls) needs securityPolicy TLS_1_2 (API Gateway's rule); leave securityPolicy out or set TLS_1_2",
        );
    }
    if (!disableExecuteApiEndpoint) {
        check.fail(
            "disableExecuteApiEndpoint",
            false,
            "must be true with domain.mutualTls: the API's default execute-api endpoint never asks for a client certificate, so while it is on any caller can go around the mutual TLS check of the custom domain; set disableExecuteApiEndpoint: true (clients then call the custom domain only)",
        );
    }
    return {
        truststoreUri: m.truststoreUri as pulumi.Input<string>,
        ...(version === undefined || version === null ? {} : { truststoreVersion: version as pulumi.Input<string> }),
    };
}

/** Checks `domain` against the API it maps; `apiRegion` is the region when it is a plain input. */
export function domainSettings(
    domain: CustomDomainInputs | undefined,
    apiEndpointType: EndpointType,
    apiRegion: string | undefined,
    check: InputChecker,
    disableExecuteApiEndpoint = false,
): DomainSettings | undefined {
    if (domain === undefined || domain === null) return undefined;
    if (typeof domain !== "object" || Array.isArray(domain)) {
        check.fail("domain", domain, "must be an object with domainName and certificateArn");
        return undefined;
    }
    const nameProblem = hostnameProblem(domain.domainName);
    if (nameProblem) check.fail("domain.domainName", domain.domainName, nameProblem);
    if (apiEndpointType === "PRIVATE") {
        check.fail(
            "domain",
            { domainName: domain.domainName },
            "a PRIVATE API cannot have a public custom domain name; leave domain out, or use endpointType EDGE or REGIONAL",
        );
        return undefined;
    }
    const endpointType = domain.endpointType ?? apiEndpointType;
    if (endpointType !== "EDGE" && endpointType !== "REGIONAL") {
        // An unknown endpointType of the API itself is reported on endpointType already.
        if (domain.endpointType !== undefined) check.fail("domain.endpointType", endpointType, "must be EDGE or REGIONAL");
        return undefined;
    }
    const securityPolicy = domain.securityPolicy ?? "TLS_1_2";
    if (!(DomainSecurityPolicyValues as readonly unknown[]).includes(securityPolicy)) {
        check.fail("domain.securityPolicy", securityPolicy, `must be one of ${DomainSecurityPolicyValues.join(", ")}`);
    }
    if (domain.basePath !== undefined) {
        const problem = basePathProblem(domain.basePath, endpointType, securityPolicy);
        if (problem) check.fail("domain.basePath", domain.basePath, problem);
    }
    const arn = domain.certificateArn;
    if (arn === undefined || arn === null || arn === "") {
        check.fail("domain.certificateArn", arn, "is required: the ARN of an ACM certificate covering domainName");
    } else if (typeof arn === "string") {
        const problem = certificateProblem(arn, endpointType, apiRegion);
        if (problem) check.fail("domain.certificateArn", arn, problem);
    }
    const zone = domain.hostedZoneId;
    if (typeof zone === "string" && !HOSTED_ZONE_ID.test(zone)) {
        check.fail(
            "domain.hostedZoneId",
            zone,
            `is not a Route 53 hosted zone id (such as Z1D633PJN98FT9${zone.startsWith("/hostedzone/") ? "; drop the /hostedzone/ prefix" : ""})`,
        );
    }
    const mutualTls = mutualTlsSettings(domain.mutualTls, endpointType, securityPolicy, disableExecuteApiEndpoint, check);
    return {
        domainName: domain.domainName,
        certificateArn: arn,
        basePath: domain.basePath,
        endpointType,
        securityPolicy,
        hostedZoneId: zone ?? undefined,
        ...(mutualTls ? { mutualTls } : {}),
        regionCheckDeferred: endpointType === "REGIONAL" && (apiRegion === undefined || typeof arn !== "string"),
    };
}

export interface DomainResources {
    readonly domainName: aws.apigateway.DomainName;
    readonly mapping: aws.apigateway.BasePathMapping;
    readonly record?: aws.route53.Record;
    /** https://{domainName}/{basePath}, without a trailing "/". */
    readonly base: string;
    readonly dnsTarget: pulumi.Output<string>;
}

export function createDomain(d: DomainSettings, ctx: StageContext): DomainResources {
    const opts = { parent: ctx.parent };
    const edge = d.endpointType === "EDGE";
    const certificateArn = checkedCertificateArn(d, d.endpointType, ctx.label, ctx.apiRegion);
    const domainName = new aws.apigateway.DomainName(
        ctx.name,
        {
            domainName: d.domainName,
            ...(edge ? { certificateArn } : { regionalCertificateArn: certificateArn }),
            endpointConfiguration: { types: d.endpointType },
            securityPolicy: d.securityPolicy,
            ...(d.mutualTls ? { mutualTlsAuthentication: mutualTlsAuthentication(d.mutualTls, ctx.label) } : {}),
            region: ctx.region,
            tags: ctx.tags,
        },
        opts,
    );
    const mapping = new aws.apigateway.BasePathMapping(
        ctx.name,
        {
            restApi: ctx.restApi.id,
            stageName: ctx.stage.stageName,
            domainName: domainName.domainName,
            basePath: d.basePath,
            region: ctx.region,
        },
        opts,
    );
    const target = edge
        ? { name: domainName.cloudfrontDomainName, zoneId: domainName.cloudfrontZoneId }
        : { name: domainName.regionalDomainName, zoneId: domainName.regionalZoneId };
    return {
        domainName,
        mapping,
        record: aliasRecord(ctx.name, d, domainName.domainName, target, opts),
        base: domainBase(d),
        dnsTarget: target.name,
    };
}

/** The certificate for the DomainName: as given when it is checked already, else checked once it and the API's region resolve. */
export function checkedCertificateArn(
    d: DomainSettings,
    endpointType: "EDGE" | "REGIONAL",
    label: string,
    apiRegion: () => pulumi.Output<string>,
): pulumi.Input<string> {
    return typeof d.certificateArn === "string" && !d.regionCheckDeferred
        ? d.certificateArn
        : failWhenResolved(
              label,
              "domain.certificateArn",
              d.certificateArn,
              d.regionCheckDeferred ? apiRegion() : undefined,
              (arn, region) => certificateProblem(arn, endpointType, region),
          );
}

/** The Route 53 alias to the domain's API Gateway target, when a hosted zone is given. */
export function aliasRecord(
    name: string,
    d: DomainSettings,
    domainName: pulumi.Output<string>,
    target: { name: pulumi.Input<string>; zoneId: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): aws.route53.Record | undefined {
    if (d.hostedZoneId === undefined) return undefined;
    return new aws.route53.Record(
        name,
        {
            zoneId: d.hostedZoneId,
            name: domainName,
            type: "A",
            aliases: [{ name: target.name, zoneId: target.zoneId, evaluateTargetHealth: false }],
        },
        opts,
    );
}

/** https://{domainName}/{basePath}, without a trailing "/". */
export function domainBase(d: Pick<DomainSettings, "domainName" | "basePath">): string {
    return `https://${d.domainName}${d.basePath ? `/${d.basePath}` : ""}`;
}

/** The DomainName's mutualTlsAuthentication; a truststore URI known only later is checked when it resolves. */
export function mutualTlsAuthentication(
    m: NonNullable<DomainSettings["mutualTls"]>,
    label: string,
): aws.types.input.apigateway.DomainNameMutualTlsAuthentication {
    const truststoreUri =
        typeof m.truststoreUri === "string"
            ? m.truststoreUri
            : failWhenResolved(label, "domain.mutualTls.truststoreUri", m.truststoreUri, undefined, uri => truststoreUriProblem(uri));
    return { truststoreUri, ...(m.truststoreVersion === undefined ? {} : { truststoreVersion: m.truststoreVersion }) };
}
