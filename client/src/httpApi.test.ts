// `secure-api call` against an HTTP API (SecureHttpApi): its URLs (a named
// stage's, the root of a $default stage) signed for execute-api in the region
// the host names, bearer tokens for its JWT and Lambda authorizers, and its
// error bodies, each explained on stderr (exit 1, the body kept on stdout):
// 401 Unauthorized, a bare 403 Forbidden (a missing scope, a Lambda authorizer's
// false, an IAM policy that does not allow the route), 404 Not Found for an
// unknown route. The API is a local recording server answering as API Gateway
// v2 does; the AWS lookups are moto's.
import { regionFromUrl } from "./signer";
import { failureReason } from "./failureReason";
import { cli, expectNoSecrets, REGION, SECRET_NAME, useCliWorld } from "./cliHarness.testutil";

jest.setTimeout(60_000);

const world = useCliWorld();
const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTQyIiwic2NvcGUiOiJvcmRlcnMvcmVhZCJ9.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg";
const json = (status: number, message: string) => () => ({
    status,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message }),
});

describe("HTTP API URLs", () => {
    it.each([
        ["a named stage", "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/orders", "eu-west-1"],
        [
            "a $default stage (no stage in the path)",
            "https://a1b2c3d4e5.execute-api.ap-southeast-2.amazonaws.com/orders/42",
            "ap-southeast-2",
        ],
        ["China", "https://a1b2c3d4e5.execute-api.cn-north-1.amazonaws.com.cn/orders", "cn-north-1"],
        ["a custom domain: no region (give --region)", "https://api.example.com/v1/orders", undefined],
    ])("%s: %s names the region %s", (_what, url, region) => {
        expect(regionFromUrl(url)).toBe(region);
    });

    it("a $default stage's root path is signed and sent as it is (no stage segment added)", async () => {
        const run = await cli(["call", ...world.aws(), "--iam-secret", SECRET_NAME, "GET", world.url("/orders/42?expand=items")]);
        expect(run).toMatchObject({ code: 0, stderr: "" });
        const received = world.api.last();
        expect(received.url).toBe("/orders/42?expand=items");
        expect(received.headers.authorization).toMatch(
            new RegExp(`^AWS4-HMAC-SHA256 Credential=AKIAMOTOUSER00000001/\\d{8}/${REGION}/execute-api/aws4_request`),
        );
    });

    it("a JWT route: the token goes as a bearer token, never shown", async () => {
        const run = await cli(["call", "--bearer", TOKEN, "GET", world.url("/prod/me")]);
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(world.api.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
        expectNoSecrets(run, TOKEN);
    });
});

describe("HTTP API error bodies, explained", () => {
    it("401 Unauthorized, a token sent: the JWT authorizer refused it (issuer, audience, expiry)", async () => {
        world.api.respond(json(401, "Unauthorized"));
        const run = await cli(["call", "--bearer", TOKEN, "GET", world.url("/prod/me")]);
        expect(run).toMatchObject({
            code: 1,
            stdout: '{"message":"Unauthorized"}',
            stderr: "401: the bearer token was rejected by the API's authorizer (expired, from another issuer, user pool or app client, or an ID token where the route wants an access token with scopes)\n",
        });
        expectNoSecrets(run, TOKEN);
    });

    it("401 Unauthorized without a token: the route has an authorizer", async () => {
        world.api.respond(json(401, "Unauthorized"));
        const run = await cli(["call", "GET", world.url("/prod/me")]);
        expect(run.stderr).toBe("401: the route has an authorizer and no bearer token was sent (use --bearer or SECURE_API_BEARER)\n");
    });

    it("403 Forbidden with a token: a scope the route requires, or the Lambda authorizer's false", async () => {
        world.api.respond(json(403, "Forbidden"));
        const run = await cli(["call", "--bearer", TOKEN, "DELETE", world.url("/prod/orders/42")]);
        expect(run).toMatchObject({ code: 1, stdout: '{"message":"Forbidden"}' });
        expect(run.stderr).toMatch(
            /^403: forbidden: the token lacks a scope the route DELETE \/prod\/orders\/42 requires, or the API's Lambda authorizer denied it;/,
        );
    });

    it("403 Forbidden signed: the signature, or an invoke policy that does not allow the route", async () => {
        world.api.respond(json(403, "Forbidden"));
        const run = await cli(["call", ...world.aws(), "--iam-secret", SECRET_NAME, "POST", world.url("/prod/admin/users")]);
        expect(run.stderr).toBe(
            "403: request signature rejected, or these credentials may not invoke the route POST /prod/admin/users (check credentials, region, clock, and the execute-api:Invoke policy, or use --role-arn)\n",
        );
    });

    it.each([
        ["a token", () => ["--bearer", TOKEN]],
        ["a signature", () => [...world.aws(), "--iam-secret", SECRET_NAME]],
        ["nothing", () => []],
    ])(
        "404 Not Found with %s: the route does not exist (an HTTP API's answer to an unknown path, method or stage)",
        async (_what, auth) => {
            world.api.respond(json(404, "Not Found"));
            const run = await cli(["call", ...auth(), "PATCH", world.url("/prod/ordrs")]);
            expect(run).toMatchObject({
                code: 1,
                stdout: '{"message":"Not Found"}',
                stderr: '404: the route PATCH /prod/ordrs does not exist in the API (an HTTP API answers "Not Found" for an unknown path, method or stage)\n',
            });
        },
    );

    it("a 404 without API Gateway's body keeps the plain reason", () => {
        expect(failureReason(404, "", "bearer", "Not Found", "GET /x")).toBe("404: Not Found");
        expect(failureReason(404, '{"message":"no such order"}', "bearer", "Not Found", "GET /x")).toBe("404: no such order");
    });
});
