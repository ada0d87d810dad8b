// SecureHttpApi under the real engine, through the generated TypeScript SDK and
// the plugin: an HTTP API whose routes are IAM by default, one JWT route with
// scopes, one behind a Lambda authorizer, and the $default catch-all; a second
// one with a Cognito default, CORS, access logs and a custom domain with mutual
// TLS. Up, the outputs and the state (document, permissions, deployment trigger,
// stage, identity, secrets), a no-change preview, a route change that redeploys,
// destroy.
import { createHash } from "crypto";
import { changed, exportWithSecrets, lambda, newStack, rawStateText, secureApi, StateResource, stepRecorder, TestStack } from "./harness";

const ISSUER = "https://issuer.example.com/";
const POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123";
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

function program(extraRoute = false) {
    return async () => {
        const handler = lambda("handler");
        const auth = lambda("auth");
        const iam = new secureApi.SecureHttpApi("signed", {
            stackName: "http-signed",
            routes: [
                secureApi.lambdaRoute(handler, "/orders", secureApi.Http.GET, secureApi.Http.POST),
                {
                    ...secureApi.lambdaRoute(handler, "/profile", secureApi.Http.GET),
                    authorizer: { type: "jwt", issuer: ISSUER, audiences: ["web"] },
                    authorizationScopes: ["profile/read"],
                },
                {
                    ...secureApi.lambdaRoute(handler, "/partners/{id}", secureApi.Http.PUT),
                    authorizer: { type: "request", function: auth, identitySources: ["$request.header.X-Partner-Token"] },
                },
                { path: "$default", methods: [secureApi.Http.ANY], handler },
                ...(extraRoute ? [secureApi.lambdaRoute(handler, "/reports", secureApi.Http.GET)] : []),
            ],
            useRole: true,
        });
        const web = new secureApi.SecureHttpApi("web", {
            stackName: "http-web",
            authorizer: { type: "cognito", userPoolArns: [POOL], audiences: ["web-client"] },
            routes: [secureApi.lambdaRoute(handler, "/me", secureApi.Http.GET, secureApi.Http.PUT)],
            cors: { allowOrigins: ["https://app.example.com"] },
            accessLogs: { retentionInDays: 7 },
            disableExecuteApiEndpoint: true,
            domain: {
                domainName: "api.web.example.com",
                certificateArn: CERT,
                mutualTls: { truststoreUri: "s3://web-truststores/ca.pem" },
            },
        });
        return {
            signedEndpoint: iam.apiEndpoint,
            signedUrls: iam.routeUrls,
            signedDoc: iam.openApiDocument,
            signedRole: iam.apiIamRoleArn,
            signedCredentials: iam.apiIamUserCredentials,
            webDoc: web.openApiDocument,
            webDomainUrl: web.domainUrl,
        };
    };
}

const byName = (resources: StateResource[], type: string, name: string) =>
    resources.find(r => r.type === type && r.urn.endsWith(`::${name}`))!;

describe("SecureHttpApi under the real engine", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("up: every route authorized as asked, one permission per function for the stage, a deployment of the document", async () => {
        s = await newStack("http-api", program());
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        const outputs = await s.stack.outputs();
        expect(outputs.signedEndpoint.value).toMatch(/^https:\/\/[0-9a-f]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
        expect(Object.keys(outputs.signedUrls.value).sort()).toEqual(["/orders", "/partners/{id}", "/profile"]);
        const doc = JSON.parse(outputs.signedDoc.value);
        expect(doc.paths["/orders"].get.security).toEqual([{ sigv4: [] }]);
        expect(doc.paths["/profile"].get.security).toEqual([{ jwt: ["profile/read"] }]);
        expect(doc.paths["/partners/{id}"].put.security).toEqual([{ "request-auth": [] }]);
        expect(doc.paths["/$default"]["x-amazon-apigateway-any-method"]).toMatchObject({ isDefaultRoute: true, security: [{ sigv4: [] }] });
        expect(outputs.signedRole.value).toMatch(/^arn:aws:iam::\d{12}:role\/http-signed@api-invoke-role$/);
        expect(outputs.signedCredentials.value).toBe(
            "https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=http-signed%2Fiam-user-credentials&region=us-east-1",
        );

        const resources = exportWithSecrets(s);
        const api = byName(resources, "aws:apigatewayv2/api:Api", "signed");
        expect(api.inputs).toMatchObject({ protocolType: "HTTP", failOnWarnings: true, name: "http-signed" });
        expect(api.inputs?.body).toBe(outputs.signedDoc.value);
        const deployment = byName(resources, "aws:apigatewayv2/deployment:Deployment", "signed");
        expect(deployment.inputs?.triggers).toEqual({
            openApiDocument: createHash("sha256").update(String(api.inputs?.body)).digest("hex"),
        });
        const stage = byName(resources, "aws:apigatewayv2/stage:Stage", "signed");
        expect(stage.inputs).toMatchObject({
            name: "prod",
            autoDeploy: false,
            defaultRouteSettings: { throttlingBurstLimit: 500, throttlingRateLimit: 1000 },
        });
        expect(stage.inputs?.deploymentId).toBe(deployment.outputs?.id ?? (deployment as unknown as { id: string }).id);
        const execArn = String(api.outputs?.executionArn);
        const permissions = resources.filter(r => r.type === "aws:lambda/permission:Permission" && r.parent === api.parent);
        expect(permissions.map(p => [p.urn.split("::").pop(), p.inputs?.sourceArn]).sort()).toEqual([
            ["signed-authorizer-request-auth", `${execArn}/authorizers/*`],
            ["signed-invoke-handler", `${execArn}/prod/*`],
        ]);
        const policy = byName(resources, "aws:iam/policy:Policy", "signed");
        expect(JSON.parse(String(policy.inputs?.policy)).Statement[0].Resource).toBe(`${execArn}/prod/*`);
        // The access key pair is a secret in the state file: never there in clear.
        const secretVersion = byName(resources, "aws:secretsmanager/secretVersion:SecretVersion", "signed");
        const pair = JSON.parse(JSON.parse((secretVersion.inputs?.secretString as { plaintext: string }).plaintext));
        expect(Object.keys(pair)).toEqual(["access-key-id", "secret-access-key"]);
        expect(rawStateText(s)).not.toContain(pair["secret-access-key"]);

        // The second API: Cognito's issuer, CORS on the Api and in the document, its log group, the mutual TLS domain.
        const webDoc = JSON.parse(outputs.webDoc.value);
        expect(webDoc.components.securitySchemes.cognito["x-amazon-apigateway-authorizer"].jwtConfiguration).toEqual({
            issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
            audience: ["web-client"],
        });
        const webApi = byName(resources, "aws:apigatewayv2/api:Api", "web");
        expect(webApi.inputs?.corsConfiguration).toEqual(webDoc["x-amazon-apigateway-cors"]);
        expect(webApi.inputs?.disableExecuteApiEndpoint).toBe(true);
        expect(byName(resources, "aws:cloudwatch/logGroup:LogGroup", "web-access-logs").inputs?.retentionInDays).toBe(7);
        expect(byName(resources, "aws:apigatewayv2/domainName:DomainName", "web").inputs).toMatchObject({
            domainNameConfiguration: { certificateArn: CERT, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
            mutualTlsAuthentication: { truststoreUri: "s3://web-truststores/ca.pem" },
        });
        expect(byName(resources, "aws:apigatewayv2/apiMapping:ApiMapping", "web").inputs?.stage).toBe("prod");
        expect(outputs.webDomainUrl.value).toBe("https://api.web.example.com/");
        expect(resources.filter(r => r.type.startsWith("aws:apigateway/"))).toEqual([]);
    });

    test("a second preview changes nothing; a new route changes the document and replaces only the deployment", async () => {
        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps)).toEqual([]);

        s.stack.workspace.program = program(true);
        const up = stepRecorder();
        expect((await s.stack.up({ onEvent: up.onEvent })).summary.result).toBe("succeeded");
        const changes = changed(up.steps);
        const op = (type: string) => changes.find(([urn]) => urn.endsWith(`${type}::signed`))?.[1];
        expect(op("aws:apigatewayv2/api:Api")).toBe("update");
        expect(op("aws:apigatewayv2/deployment:Deployment")).toMatch(/replace|create-replacement/);
        // Nothing else but the stage following the deployment (and the components' outputs) changes; no route is a resource.
        const others = changes.filter(
            ([urn]) =>
                !/apigatewayv2\/api:Api::signed|deployment:Deployment::signed|stage:Stage::signed|secure-api:index:SecureHttpApi|pulumi:pulumi:Stack/.test(
                    urn,
                ),
        );
        expect(others).toEqual([]);
        const doc = JSON.parse((await s.stack.outputs()).signedDoc.value);
        expect(doc.paths["/reports"].get.security).toEqual([{ sigv4: [] }]);
    });
});
