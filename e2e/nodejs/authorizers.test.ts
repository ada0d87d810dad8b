// Authorizers and request validation under the real engine: a SecureRestApi
// with a Cognito authorizer for every route, a token authorizer on one, and a
// validated body; an IAMSecureRestApi whose one route uses a request
// authorizer instead of IAM. Preview, up, the state's document and
// permissions, a no-change preview, destroy.
import { changed, exportWithSecrets, lambda, newStack, secureApi, stepRecorder, TestStack } from "./harness";

const POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbCdEf123";

function program() {
    return async () => {
        const handler = lambda("handler");
        const auth = lambda("auth");
        const keyed = new secureApi.SecureRestApi("keyed", {
            stackName: "authz-keyed",
            authorizer: { type: "cognito", userPoolArns: [POOL] },
            routes: [
                secureApi.lambdaRoute(handler, "/orders", secureApi.Http.GET),
                {
                    ...secureApi.lambdaRoute(handler, "/orders", secureApi.Http.POST),
                    authorizer: { type: "token", function: auth },
                    requestValidation: { bodySchema: { type: "object", required: ["sku"] } },
                },
            ],
        });
        const iam = new secureApi.IAMSecureRestApi("iam", {
            stackName: "authz-iam",
            routes: [
                secureApi.lambdaRoute(handler, "/signed", secureApi.Http.GET),
                {
                    ...secureApi.lambdaRoute(handler, "/hook", secureApi.Http.POST),
                    authorizer: { type: "request", function: auth, identitySources: ["method.request.header.X-Hook-Token"] },
                },
            ],
        });
        return { keyedDoc: keyed.openApiDocument, iamDoc: iam.openApiDocument };
    };
}

describe("authorizers and request validation under the real engine", () => {
    let s: TestStack;
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("every operation carries its security; the authorizer function gets one permission per API; a second preview changes nothing", async () => {
        s = await newStack("authorizers", program());
        expect((await s.stack.up()).summary.result).toBe("succeeded");
        const outputs = await s.stack.outputs();
        const keyedDoc = JSON.parse(outputs.keyedDoc.value);
        expect(keyedDoc.paths["/orders"].get.security).toEqual([{ api_key: [], cognito: [] }]);
        expect(keyedDoc.paths["/orders"].post.security).toEqual([{ api_key: [], "token-auth": [] }]);
        expect(keyedDoc.paths["/orders"].post["x-amazon-apigateway-request-validator"]).toBe("body");
        expect(keyedDoc.components.securitySchemes.cognito["x-amazon-apigateway-authorizer"].providerARNs).toEqual([POOL]);
        const iamDoc = JSON.parse(outputs.iamDoc.value);
        expect(iamDoc.paths["/signed"].get.security).toEqual([{ sigv4: [] }]);
        expect(iamDoc.paths["/hook"].post.security).toEqual([{ "request-auth": [] }]);

        const permissions = exportWithSecrets(s).filter(
            r => r.type === "aws:lambda/permission:Permission" && /-authorizer-/.test(r.urn.split("::").pop()!),
        );
        expect(permissions.map(p => p.urn.split("::").pop()).sort()).toEqual([
            "iam-authorizer-request-auth",
            "keyed-authorizer-token-auth",
        ]);
        for (const p of permissions)
            expect(String(p.inputs?.sourceArn)).toMatch(/^arn:aws:execute-api:us-east-1:\d{12}:[0-9a-f]+\/authorizers\/\*$/);

        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps)).toEqual([]);
    });
});
