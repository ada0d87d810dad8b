// A component's `audit: true` under Pulumi's mocks: one RestApiAudit child whose
// inputs are what the component's own children hold (the RestApi's body, the
// stage's id, deployment and settings, every usage plan and key with its enabled
// flag, every method setting, the WAF association, the domain and its mutual
// TLS), never the components' defaults, created after all of them.
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockWorld, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { SecureRestApi } from "../components/secureRestApi";
import { IAMSecureRestApi } from "../components/iamSecureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import { Http, integrationRoute } from "../routes/routeHelpers";
import { RestApiAudit } from "./restApiAudit";

const T = {
    audit: "secure-api:index:RestApiAudit",
    restApi: "aws:apigateway/restApi:RestApi",
    stage: "aws:apigateway/stage:Stage",
    deployment: "aws:apigateway/deployment:Deployment",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    wafAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
    basePathMapping: "aws:apigateway/basePathMapping:BasePathMapping",
};
const CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const WEB_ACL = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shop/11111111-2222-3333-4444-555555555555";
const mock = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };

beforeEach(() => forgetClaimedStackNames());

async function registered<T extends pulumi.Resource>(build: () => T) {
    const before = world.resources.length;
    const component = build();
    await world.settle();
    await valueOf((component as unknown as { apiEndpoint: pulumi.Output<string> }).apiEndpoint);
    await world.settle();
    const mine = world.resources.slice(before);
    return { component, mine, of: (type: string) => mine.filter(r => r.type === type) };
}

test("SecureRestApi with audit: the child expects what every child of the component holds", async () => {
    const g = await registered(
        () =>
            new SecureRestApi(
                "shop",
                {
                    test: true,
                    audit: true,
                    region: "eu-west-1",
                    endpointType: "REGIONAL",
                    disableExecuteApiEndpoint: true,
                    routes: [
                        integrationRoute(mock, "/hello", Http.GET),
                        { ...integrationRoute(mock, "/orders", Http.POST), throttle: { burstLimit: 10, rateLimit: 5 } },
                    ],
                    executionLogs: { level: "ERROR", metrics: true },
                    clients: [
                        { name: "partner", throttle: { burstLimit: 5, rateLimit: 2 } },
                        { name: "retired", enabled: false },
                    ],
                    webAclArn: WEB_ACL,
                    domain: {
                        domainName: "api.example.com",
                        certificateArn: CERT,
                        endpointType: "REGIONAL",
                        basePath: "v1",
                        mutualTls: { truststoreUri: "s3://truststores/ca.pem", truststoreVersion: "7" },
                    },
                },
                { transformations: [world.recorder] },
            ),
    );
    const [audit] = g.of(T.audit);
    const one = (type: string) => g.of(type)[0];
    expect(audit.name).toBe("shop");
    expect(audit.parent).toBe("shop");
    expect(audit.inputs).toEqual({
        restApiId: one(T.restApi).id,
        stageName: "prod",
        openApiDocument: one(T.restApi).inputs.body,
        region: "eu-west-1",
        deploymentId: one(T.deployment).id,
        usagePlanIds: g.of(T.usagePlan).map(p => p.id),
        apiKeys: [
            { id: "shop-id", enabled: true },
            { id: "shop-client-partner-id", enabled: true },
            { id: "shop-client-retired-id", enabled: false },
        ],
        stage: {
            tracingEnabled: false,
            webAclArn: WEB_ACL,
            clientCertificateId: "",
            accessLogDestinationArn: "",
            accessLogFormat: "",
            methodSettings: {
                "*/*": { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
                // A route's own entry repeats the stage-wide logging (an entry replaces "*/*" for its method).
                "~1orders/POST": {
                    loggingLevel: "ERROR",
                    dataTraceEnabled: false,
                    metricsEnabled: true,
                    throttlingBurstLimit: 10,
                    throttlingRateLimit: 5,
                },
            },
        },
        domain: { domainName: "api.example.com", basePath: "v1", truststoreUri: "s3://truststores/ca.pem", truststoreVersion: "7" },
    });
    expect(g.of(T.usagePlan)).toHaveLength(2);
    expect(JSON.parse(audit.inputs.openApiDocument)).toEqual(JSON.parse(await valueOf(g.component.openApiDocument)));
    // Created after everything it expects: the stage, deployment, plans, keys and their attachments, method settings, domain, WAF.
    const names = (type: string) => g.of(type).map(r => r.name);
    expect(new Set(audit.dependsOn)).toEqual(
        new Set([
            ...names(T.stage),
            ...names(T.deployment),
            ...names(T.usagePlan),
            ...names(T.apiKey),
            ...names(T.usagePlanKey),
            ...names(T.methodSettings),
            ...names(T.basePathMapping),
            "shop",
            ...names(T.wafAssociation),
        ]),
    );
    // The component's audit output is the child.
    const out = await valueOf(g.component.audit!);
    expect(RestApiAudit.isInstance(out)).toBe(true);
    expect(await valueOf(out.urn)).toContain("secure-api:index:RestApiAudit::shop");
});

test("IAMSecureRestApi with audit: its plan, no keys; without audit no child and no output", async () => {
    const iam = await registered(
        () => new IAMSecureRestApi("ops", { stackName: "ops", audit: true, routes: [integrationRoute(mock, "/items", Http.GET)] }),
    );
    const [audit] = iam.of(T.audit);
    expect(audit.inputs.usagePlanIds).toEqual([iam.of(T.usagePlan)[0].id]);
    expect(audit.inputs.apiKeys).toEqual([]);
    expect(audit.inputs.region).toBe("us-east-1"); // the aws provider's region (getRegion), none given
    // The execution logs the component turns on where the account's CloudWatch role is set (the mocks say it is).
    expect(audit.inputs.stage.methodSettings).toEqual({ "*/*": { dataTraceEnabled: false, loggingLevel: "ERROR", metricsEnabled: true } });
    expect(audit.inputs.domain).toBeUndefined();

    const plain = await registered(
        () => new SecureRestApi("plain", { stackName: "plain", test: true, routes: [integrationRoute(mock, "/x", Http.GET)] }),
    );
    expect(plain.of(T.audit)).toEqual([]);
    expect(plain.component.audit).toBeUndefined();
});

test("audit must be true or false: refused at construction, naming the field, nothing registered", async () => {
    const before = world.resources.length;
    const routes = [integrationRoute(mock, "/x", Http.GET)];
    expect(() => new SecureRestApi("bad", { stackName: "bad", test: true, routes, audit: "yes" as unknown as boolean })).toThrow(
        'SecureRestApi "bad": audit "yes" is invalid: must be true or false',
    );
    await world.settle();
    expect(world.resources.length).toBe(before);
});
