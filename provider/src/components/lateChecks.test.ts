// A check that fails late must fail before anything is registered (issue 24,
// rule 1): for every check that can only run once an AWS read or an output
// resolves, a test that makes it fail and asserts that the component registered
// no child at all (not only the one that takes the checked value), and that the
// failure reads once, on the component, naming its field.
import * as pulumi from "@pulumi/pulumi";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { installMocks } from "../../../test-support/pulumiMocks";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

const world = installMocks();
jest.setTimeout(60_000);
import { InputError } from "../shared/inputErrors";
import { holdChildrenOnLateFailure } from "../shared/lateChecks";
import { ApiComponent } from "./apiComponent";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import { Http, integrationRoute } from "../routes/routeHelpers";

const routes = [integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/health", Http.GET)];
const ACL_EU = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const CERT_EU = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

let moto: MotoServer;
const savedEnv = { ...process.env };
beforeAll(async () => {
    // As in the plugin (plugin/provider.ts): the children a failed check stops wait, unregistered.
    holdChildrenOnLateFailure(true);
    moto = await startMoto();
    process.env.AWS_ENDPOINT_URL = moto.endpoint;
    process.env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
    delete process.env.AWS_PROFILE;
});
afterAll(async () => {
    process.env = savedEnv;
    await moto?.stop();
});
beforeEach(async () => {
    forgetClaimedStackNames();
    await moto.reset();
});

const put = (name: string) =>
    new SSMClient({ region: "us-east-1", endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }).send(
        new PutParameterCommand({ Name: name, Value: "v".repeat(40), Type: "SecureString" }),
    );

/** Builds the component, waits for its late checks and every registration; returns the failure and the children it registered. */
async function lateFailure(build: (opts: { transformations: pulumi.ResourceTransformation[] }) => ApiComponent) {
    await world.settle();
    const before = world.resources.length;
    const api = build({ transformations: [world.recorder] });
    const error = await api.lateChecks.then(
        () => undefined,
        e => e,
    );
    // Give any child that was not held time to register.
    await new Promise(r => setTimeout(r, 200));
    await world.settle();
    const children = world.resources
        .slice(before)
        .filter(r => r.parentResource === api)
        .map(r => `${r.type} ${r.name}`);
    return { error, children };
}

describe("late checks register no child when they fail", () => {
    test("rotation.generation below a generation SSM holds: the error names rotation.generation of the component", async () => {
        await put("/s/api-key/gen-2");
        const { error, children } = await lateFailure(
            o => new SecureRestApi("keyed", { routes, stackName: "s", cache: false, rotation: { generation: 1 } }, o),
        );
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(
            /^SecureRestApi "keyed": rotation\.generation 1 is invalid: rotation generation went backwards: SSM parameter \/s\/api-key\/gen-2 of a later generation exists in us-east-1/,
        );
        expect(error.problems.map((p: { field: string }) => p.field)).toEqual(["rotation.generation"]);
        expect(children).toEqual([]);
    });

    test("a client's rotation.generation below SSM's: named as clients[i].rotation.generation of the component, not the client's key", async () => {
        await put("/s/api-key/partner/gen-2");
        const { error, children } = await lateFailure(
            o =>
                new SecureRestApi(
                    "keyed",
                    {
                        routes,
                        stackName: "s",
                        cache: false,
                        test: undefined,
                        clients: [{ name: "other" }, { name: "partner", rotation: { generation: 1 } }],
                    },
                    o,
                ),
        );
        expect(error.message).toMatch(
            /^SecureRestApi "keyed": clients\[1\]\.rotation\.generation 1 is invalid: rotation generation went backwards/,
        );
        expect(children).toEqual([]);
    });

    test("apiKeyValue given as an output that is too short", async () => {
        const { error, children } = await lateFailure(
            o => new SecureRestApi("given", { routes, apiKeyValue: pulumi.output("tiny-key") }, o),
        );
        expect(error.message).toBe(
            'SecureRestApi "given": apiKeyValue [secret] is invalid: must be 20 to 128 characters (API Gateway\'s rule); it has 8',
        );
        expect(children).toEqual([]);
    });

    test("accessLogs.destinationArn as an output that is not a log group or stream", async () => {
        const { error, children } = await lateFailure(
            o =>
                new IAMSecureRestApi(
                    "logs",
                    {
                        routes,
                        accessLogs: { destinationArn: pulumi.output("arn:aws:s3:::bucket") },
                    },
                    o,
                ),
        );
        expect(error.message).toMatch(/^IAMSecureRestApi "logs": accessLogs\.destinationArn "arn:aws:s3:::bucket" is invalid: /);
        expect(children).toEqual([]);
    });

    test("vpcEndpointIds as an output that makes the PRIVATE API's policy too long", async () => {
        const ids = Array.from({ length: 400 }, (_, i) => `vpce-${String(i).padStart(17, "0")}`);
        const { error, children } = await lateFailure(
            o =>
                new IAMSecureRestApi(
                    "private",
                    {
                        routes,
                        endpointType: "PRIVATE",
                        vpcEndpointIds: pulumi.output(ids),
                    },
                    o,
                ),
        );
        expect(error.message).toMatch(/^IAMSecureRestApi "private": vpcEndpointIds .* is invalid: /);
        expect(children).toEqual([]);
    });

    test("webAclArn in another region than the provider's (known only from the provider)", async () => {
        const { error, children } = await lateFailure(o => new SecureRestApi("waf", { routes, test: true, webAclArn: ACL_EU }, o));
        expect(error.message).toMatch(/^SecureRestApi "waf": webAclArn ".*" is invalid: .*us-east-1/);
        expect(children).toEqual([]);
    });

    test("a REGIONAL domain's certificate in another region than the provider's", async () => {
        const { error, children } = await lateFailure(
            o =>
                new IAMSecureRestApi(
                    "dom",
                    {
                        routes,
                        endpointType: "REGIONAL",
                        domain: { domainName: "api.example.com", certificateArn: CERT_EU },
                    },
                    o,
                ),
        );
        expect(error.message).toMatch(/^IAMSecureRestApi "dom": domain\.certificateArn ".*" is invalid: /);
        expect(children).toEqual([]);
    });

    test("a mutual TLS truststore URI as an output that is not an s3:// URI", async () => {
        const { error, children } = await lateFailure(
            o =>
                new IAMSecureRestApi(
                    "mtls",
                    {
                        routes,
                        endpointType: "REGIONAL",
                        region: "eu-west-1",
                        disableExecuteApiEndpoint: true,
                        domain: {
                            domainName: "api.example.com",
                            certificateArn: CERT_EU,
                            mutualTls: { truststoreUri: pulumi.output("https://truststores.s3.amazonaws.com/ca.pem") },
                        },
                    },
                    o,
                ),
        );
        expect(error.message).toBe(
            'IAMSecureRestApi "mtls": domain.mutualTls.truststoreUri "https://truststores.s3.amazonaws.com/ca.pem" is invalid: ' +
                "must be an s3:// URI, not an HTTP(S) URL (such as s3://my-truststores/partners.pem)",
        );
        expect(children).toEqual([]);
    });

    test("when the late checks pass, the children are registered as before", async () => {
        await put("/s/api-key/gen-1");
        const { error, children } = await lateFailure(
            o => new SecureRestApi("fine", { routes, stackName: "s", cache: false, rotation: { generation: 1 } }, o),
        );
        expect(error).toBeUndefined();
        expect(children).toEqual(
            expect.arrayContaining([
                "aws:apigateway/restApi:RestApi fine",
                "aws:apigateway/apiKey:ApiKey fine-gen1",
                "aws:apigateway/apiKey:ApiKey fine",
            ]),
        );
    });
});
