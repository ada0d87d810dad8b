// Mutual TLS and per-caller route grants under the real engine: a
// SecureRestApi behind a REGIONAL custom domain that asks for client
// certificates (execute-api endpoint off), and an IAMSecureRestApi whose
// partner may call one route and whose own identity two. Up, the state's
// DomainName, resource policy and IAM policy, a no-change preview.
import { changed, exportWithSecrets, lambda, newStack, secureApi, stepRecorder, TestStack } from "./harness";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const PARTNER = "arn:aws:iam::210987654321:role/partner";

function program() {
    return async () => {
        const handler = lambda("handler");
        new secureApi.SecureRestApi("mtls", {
            stackName: "edge-mtls",
            endpointType: "REGIONAL",
            disableExecuteApiEndpoint: true,
            routes: [secureApi.lambdaRoute(handler, "/orders", secureApi.Http.GET)],
            domain: {
                domainName: "api.mtls.example.com",
                certificateArn: CERT,
                endpointType: "REGIONAL",
                mutualTls: { truststoreUri: "s3://edge-truststores/partners/ca.pem", truststoreVersion: "v1" },
            },
        });
        new secureApi.IAMSecureRestApi("grants", {
            stackName: "edge-grants",
            routes: [
                secureApi.lambdaRoute(handler, "/orders", secureApi.Http.GET, secureApi.Http.POST),
                secureApi.lambdaRoute(handler, "/admin", secureApi.Http.ANY),
            ],
            invokerGrants: [{ principal: PARTNER, routes: [{ method: secureApi.Http.GET, path: "/orders" }] }],
            policyRoutes: [
                { method: secureApi.Http.GET, path: "/orders" },
                { method: secureApi.Http.POST, path: "/orders" },
            ],
        });
        return {};
    };
}

describe("mutual TLS and route grants under the real engine", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("the domain asks for client certificates; the partner and the identity may call only their routes", async () => {
        s = await newStack("edge-grants", program());
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        const resources = exportWithSecrets(s);
        const domain = resources.find(r => r.type === "aws:apigateway/domainName:DomainName")!;
        expect(domain.inputs?.mutualTlsAuthentication).toEqual({
            truststoreUri: "s3://edge-truststores/partners/ca.pem",
            truststoreVersion: "v1",
        });
        const mtlsApi = resources.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.urn.endsWith("::mtls"))!;
        expect(mtlsApi.inputs?.disableExecuteApiEndpoint).toBe(true);

        const grantsApi = resources.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.urn.endsWith("::grants"))!;
        const statements = JSON.parse(String(grantsApi.inputs?.policy)).Statement as { Principal?: { AWS?: unknown }; Resource: unknown }[];
        const partner = statements.find(st => JSON.stringify(st.Principal?.AWS ?? "").includes(PARTNER))!;
        expect(partner.Resource).toEqual(["execute-api:/prod/GET/orders"]);
        const policy = resources.find(r => r.type === "aws:iam/policy:Policy")!;
        const own = JSON.parse(String(policy.outputs?.policy ?? policy.inputs?.policy)).Statement[0].Resource as string[];
        expect(own.map(r => r.replace(/^.*\/prod\//, "")).sort()).toEqual(["GET/orders", "POST/orders"]);

        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps)).toEqual([]);
    });
});
