// The custom domain through both components under mocks: domain, base path
// mapping, DNS record, the URLs under it, and its checks.
import { installMocks, MockWorld, failureOf, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lambdaRoute, Http } from "../routes/routeHelpers";
import { InputError } from "../shared/inputErrors";
import { failWhenResolved } from "../shared/lateChecks";
import { edgeHarness, T, CERT_US_EAST_1, CERT_EU_WEST_1 } from "../../../test-support/edgeHarness";
import { rejectsEach } from "../../../test-support/inputCases";

const { routes, build, fn } = edgeHarness(world);

describe("custom domain", () => {
    test("REGIONAL: the domain with its regional certificate, the base path mapping to the stage, the Route 53 alias, and the URLs under it", async () => {
        const g = await build("key", "dom", {
            routes: routes(),
            endpointType: "REGIONAL",
            region: "eu-west-1",
            tags: { team: "edge" },
            domain: { domainName: "api.example.com", certificateArn: CERT_EU_WEST_1, basePath: "v1", hostedZoneId: "Z1D633PJN98FT9" },
        });
        expect(g.named(T.domainName, "dom").inputs).toEqual({
            domainName: "api.example.com",
            regionalCertificateArn: CERT_EU_WEST_1,
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "TLS_1_2",
            region: "eu-west-1",
            tags: { team: "edge" },
        });
        expect(g.named(T.basePathMapping, "dom").inputs).toEqual({
            restApi: "dom-id",
            stageName: "prod",
            domainName: "api.example.com",
            basePath: "v1",
            region: "eu-west-1",
        });
        expect(g.named(T.record, "dom").inputs).toEqual({
            zoneId: "Z1D633PJN98FT9",
            name: "api.example.com",
            type: "A",
            aliases: [{ name: "d-dom-id.execute-api.eu-west-1.amazonaws.com", zoneId: "ZREGIONALEUWEST1", evaluateTargetHealth: false }],
        });
        const api = g.api;
        expect(await valueOf(api.domainUrl)).toBe("https://api.example.com/v1/");
        expect(await valueOf(api.domainRouteUrls)).toEqual({
            "/": "https://api.example.com/v1/",
            "/users": "https://api.example.com/v1/users",
            "/users/{id}": "https://api.example.com/v1/users/{id}",
            "/files/{proxy+}": "https://api.example.com/v1/files/{proxy+}",
            "/health": "https://api.example.com/v1/health",
        });
        expect(await valueOf(api.domainDnsTarget)).toBe("d-dom-id.execute-api.eu-west-1.amazonaws.com");
        // The execute-api URLs stay as they were.
        expect(await valueOf(api.apiEndpoint)).toBe("https://dom-id.execute-api.eu-west-1.amazonaws.com/prod/");
    });

    test("EDGE (the default for an EDGE API): the us-east-1 certificate as certificateArn, the CloudFront alias, the domain's root", async () => {
        const g = await build("iam", "edgedom", {
            routes: [lambdaRoute(fn(), "/a", Http.GET)],
            region: "eu-west-1",
            domain: {
                domainName: "iam.example.com",
                certificateArn: CERT_US_EAST_1,
                hostedZoneId: "Z1D633PJN98FT9",
                securityPolicy: "TLS_1_0",
            },
        });
        expect(g.named(T.domainName, "edgedom").inputs).toEqual(
            expect.objectContaining({
                certificateArn: CERT_US_EAST_1,
                endpointConfiguration: { types: "EDGE" },
                securityPolicy: "TLS_1_0",
            }),
        );
        expect(g.named(T.domainName, "edgedom").inputs.regionalCertificateArn).toBeUndefined();
        expect(g.named(T.basePathMapping, "edgedom").inputs.basePath).toBeUndefined();
        expect(g.named(T.record, "edgedom").inputs.aliases).toEqual([
            { name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false },
        ]);
        expect(await valueOf(g.api.domainRouteUrls)).toEqual({ "/a": "https://iam.example.com/a" });
    });

    test("without hostedZoneId no DNS record; without region input the certificate is checked against the provider's region", async () => {
        const eu = new aws.Provider("eu", { region: "eu-west-1" });
        const g = await build(
            "key",
            "nozone",
            {
                routes: routes(),
                endpointType: "REGIONAL",
                domain: { domainName: "api.example.org", certificateArn: pulumi.output(CERT_EU_WEST_1) },
            },
            { provider: eu },
        );
        expect(g.of(T.record)).toEqual([]);
        expect(g.named(T.domainName, "nozone").inputs.regionalCertificateArn).toBe(CERT_EU_WEST_1);
        expect(world.invokes.some(i => i.token === "aws:index/getRegion:getRegion")).toBe(true);
    });

    test("mutual TLS: the truststore (and its version) on the REGIONAL TLS 1.2 domain, with the execute-api endpoint off", async () => {
        const g = await build("iam", "mtls", {
            routes: routes(),
            endpointType: "REGIONAL",
            region: "eu-west-1",
            disableExecuteApiEndpoint: true,
            domain: {
                domainName: "partners.example.com",
                certificateArn: CERT_EU_WEST_1,
                mutualTls: {
                    truststoreUri: "s3://bank-truststores/partners/ca.pem",
                    truststoreVersion: "3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
                },
            },
        });
        expect(g.named(T.domainName, "mtls").inputs).toEqual({
            domainName: "partners.example.com",
            regionalCertificateArn: CERT_EU_WEST_1,
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "TLS_1_2",
            region: "eu-west-1",
            mutualTlsAuthentication: {
                truststoreUri: "s3://bank-truststores/partners/ca.pem",
                truststoreVersion: "3sL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
            },
        });
        expect(g.named(T.restApi, "mtls").inputs.disableExecuteApiEndpoint).toBe(true);
        // Without a version: the object's current one; without mutualTls: no mutualTlsAuthentication at all.
        const plain = await build("key", "mtls2", {
            routes: routes(),
            endpointType: "REGIONAL",
            region: "eu-west-1",
            disableExecuteApiEndpoint: true,
            domain: {
                domainName: "api.example.com",
                certificateArn: CERT_EU_WEST_1,
                mutualTls: { truststoreUri: "s3://bank-truststores/ca.pem" },
            },
        });
        expect(plain.named(T.domainName, "mtls2").inputs.mutualTlsAuthentication).toEqual({
            truststoreUri: "s3://bank-truststores/ca.pem",
        });
    });

    test("no domain: no domain resources and no domain outputs", async () => {
        const g = await build("key", "plain", { routes: routes() });
        for (const t of [T.domainName, T.basePathMapping, T.record, T.webAcl, T.webAclAssociation]) expect(g.of(t)).toEqual([]);
        expect(g.api.domainUrl).toBeUndefined();
        expect(g.api.webAclArn).toBeUndefined();
    });
});

test("a value only known later fails naming the field, so the resource taking it is never created", async () => {
    const o = failWhenResolved(
        'SecureRestApi "x"',
        "domain.certificateArn",
        pulumi.output(CERT_US_EAST_1),
        pulumi.output("eu-west-1"),
        (arn, region) => (arn.includes(region) ? undefined : `is not in ${region}`),
    );
    const error = await failureOf(o);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`SecureRestApi "x": domain.certificateArn "${CERT_US_EAST_1}" is invalid: is not in eu-west-1`);
});

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const CERT_EU = CERT.replace("us-east-1", "eu-west-1");
/** A valid mutual TLS set-up (REGIONAL, TLS 1.2, execute-api off) with one part changed. */
const mtls = (domain: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
    region: "eu-west-1",
    disableExecuteApiEndpoint: true,
    ...top,
    domain: {
        domainName: "api.example.com",
        certificateArn: CERT_EU,
        endpointType: "REGIONAL",
        mutualTls: { truststoreUri: "s3://truststores/ca.pem" },
        ...domain,
    },
});

// Bad domain inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    [
        "domain name with an underscore",
        () => ({ domain: { domainName: "api_v1.example.com", certificateArn: CERT } }),
        "domain.domainName",
        '"api_v1.example.com"',
    ],
    [
        "domain name without a dot",
        () => ({ domain: { domainName: "localhost", certificateArn: CERT } }),
        "domain.domainName",
        '"localhost"',
    ],
    [
        "certificate ARN that is not ACM",
        () => ({ domain: { domainName: "api.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } }),
        "domain.certificateArn",
        '"arn:aws:iam::123456789012:server-certificate/x"',
    ],
    [
        "EDGE domain with a certificate outside us-east-1",
        () => ({ domain: { domainName: "api.example.com", certificateArn: CERT_EU } }),
        "domain.certificateArn",
        JSON.stringify(CERT_EU),
    ],
    [
        "REGIONAL domain with a certificate outside the API's region",
        () => ({ region: "eu-west-1", domain: { domainName: "api.example.com", certificateArn: CERT, endpointType: "REGIONAL" } }),
        "domain.certificateArn",
        JSON.stringify(CERT),
    ],
    [
        "base path with a leading slash",
        () => ({ domain: { domainName: "api.example.com", certificateArn: CERT, basePath: "/v1" } }),
        "domain.basePath",
        '"/v1"',
    ],
    [
        "multi-level base path on an EDGE domain",
        () => ({ domain: { domainName: "api.example.com", certificateArn: CERT, basePath: "orders/v1" } }),
        "domain.basePath",
        '"orders/v1"',
    ],
    [
        "custom domain on a PRIVATE API",
        () => ({ endpointType: "PRIVATE", vpcEndpointIds: ["vpce-1"], domain: { domainName: "api.example.com", certificateArn: CERT } }),
        "domain",
        '{"domainName":"api.example.com"}',
    ],
    [
        "mutual TLS on an EDGE domain",
        () => ({
            disableExecuteApiEndpoint: true,
            domain: { domainName: "api.example.com", certificateArn: CERT, mutualTls: { truststoreUri: "s3://truststores/ca.pem" } },
        }),
        "domain.endpointType",
        '"EDGE"',
    ],
    ["mutual TLS with TLS 1.0", () => mtls({ securityPolicy: "TLS_1_0" }), "domain.securityPolicy", '"TLS_1_0"'],
    [
        "mutual TLS with the execute-api endpoint left on",
        () => mtls({}, { disableExecuteApiEndpoint: undefined }),
        "disableExecuteApiEndpoint",
        "false",
    ],
    [
        "truststore as an HTTPS URL",
        () => mtls({ mutualTls: { truststoreUri: "https://truststores.s3.amazonaws.com/ca.pem" } }),
        "domain.mutualTls.truststoreUri",
        '"https://truststores.s3.amazonaws.com/ca.pem"',
    ],
    [
        "truststore URI without a key",
        () => mtls({ mutualTls: { truststoreUri: "s3://truststores/" } }),
        "domain.mutualTls.truststoreUri",
        '"s3://truststores/"',
    ],
    [
        "truststore bucket with upper case",
        () => mtls({ mutualTls: { truststoreUri: "s3://My_Bucket/ca.pem" } }),
        "domain.mutualTls.truststoreUri",
        '"s3://My_Bucket/ca.pem"',
    ],
    [
        "truststore version that is empty",
        () => mtls({ mutualTls: { truststoreUri: "s3://truststores/ca.pem", truststoreVersion: "" } }),
        "domain.mutualTls.truststoreVersion",
        '""',
    ],
    [
        "hosted zone id with its /hostedzone/ prefix",
        () => ({ domain: { domainName: "api.example.com", certificateArn: CERT, hostedZoneId: "/hostedzone/Z1D633PJN98FT9" } }),
        "domain.hostedZoneId",
        '"/hostedzone/Z1D633PJN98FT9"',
    ],
]);
