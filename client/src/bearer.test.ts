// A bearer token for routes with an authorizer (Cognito or Lambda): the
// library's auth.bearer and the CLI's --bearer / SECURE_API_BEARER, alone or
// with the API key (a SecureRestApi route with an authorizer needs both),
// against the recording server; the token is never shown, and a 401 from an
// authorizer gets its own reason.
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { MOTO_CREDENTIALS } from "../../test-support/moto";
import { cli, expectNoSecrets, KEY, REGION, useCliWorld, withEnv } from "./cliHarness.testutil";
import { failureReason } from "./failureReason";
import { bearerAuthorization, callApi, prepareRequest } from "./request";

jest.setTimeout(60_000);

const world = useCliWorld();
// JWT-shaped and made up; its parts are short so the 40-character leak check stays meaningful.
const TOKEN = "eyJraWQiOiJ0ZXN0In0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXRlc3Q";
const OTHER_TOKEN = "eyJraWQiOiJvdGhlciJ9.eyJzdWIiOiJib2IifQ.b3RoZXItc2lnbmF0dXJl";

describe("library: auth.bearer", () => {
    it("sends Authorization: Bearer TOKEN and no key", async () => {
        const res = await callApi({ url: world.url("/prod/me"), auth: { bearer: TOKEN } });
        expect(res.status).toBe(200);
        const received = world.api.last();
        expect(received.headers.authorization).toBe(`Bearer ${TOKEN}`);
        expect(received.headers["x-api-key"]).toBeUndefined();
    });

    it("sends the key and the token together", async () => {
        await callApi({ url: world.url("/prod/me"), auth: { apiKey: KEY, bearer: TOKEN } });
        expect(world.api.last().headers).toMatchObject({ "x-api-key": KEY, authorization: `Bearer ${TOKEN}` });
    });

    it.each([
        [`Bearer ${TOKEN}`, `Bearer ${TOKEN}`],
        [`  ${TOKEN}\n`, `Bearer ${TOKEN}`],
        ["Basic dXNlcjpwYXNz", "Basic dXNlcjpwYXNz"],
        ["allow", "Bearer allow"],
    ])("%j is sent as %j (a value with a scheme as given, white space around trimmed)", async (given, sent) => {
        expect(bearerAuthorization(given)).toBe(sent);
        await callApi({ url: world.url(), auth: { bearer: given } });
        expect(world.api.last().headers.authorization).toBe(sent);
    });

    it.each([
        ["", "the bearer token is empty"],
        [
            `${TOKEN.slice(0, 20)}\n${TOKEN.slice(20)}`,
            "the bearer token contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the token is not shown)",
        ],
        [
            `Bearer  ${TOKEN}`,
            "the bearer token contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the token is not shown)",
        ],
        [
            `${TOKEN}é`,
            "the bearer token contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the token is not shown)",
        ],
    ])("refuses %j without showing it, and sends nothing", async (token, message) => {
        await expect(callApi({ url: world.url(), auth: { bearer: token } })).rejects.toThrow(new Error(message));
        expect(world.api.requests).toHaveLength(0);
    });

    it("refuses bearer or apiKey with iam: the signature is the Authorization header", async () => {
        const iam = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
        await expect(prepareRequest({ url: world.url(), auth: { iam, region: REGION, bearer: TOKEN } as never })).rejects.toThrow(
            "auth: iam signs the request (its own Authorization header); it cannot be combined with bearer or apiKey",
        );
    });
});

describe("CLI: --bearer and SECURE_API_BEARER", () => {
    it("call --help lists --bearer and the client certificate options", async () => {
        const help = await cli(["call", "--help"]);
        for (const option of ["--bearer <token>", "--cert <file>", "--key <file>", "--cacert <file>"])
            expect(help.stdout).toContain(option);
        expect(help.stdout).toContain("A key and a bearer token can be sent together");
    });

    it("--bearer sends the token; --verbose redacts it", async () => {
        const run = await cli(["call", "--bearer", TOKEN, "-v", "GET", world.url("/prod/me")]);
        expect(run.code).toBe(0);
        expect(world.api.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
        expect(run.stderr).toContain("* auth: bearer token from --bearer\n");
        expect(run.stderr).toContain("> authorization: [redacted]\n");
        expectNoSecrets(run, TOKEN);
    });

    it("SECURE_API_BEARER and SECURE_API_KEY together send both", async () => {
        const run = await cli(["call", "-v", "GET", world.url()], { env: { SECURE_API_BEARER: TOKEN, SECURE_API_KEY: KEY } });
        expect(run.code).toBe(0);
        expect(world.api.last().headers).toMatchObject({ "x-api-key": KEY, authorization: `Bearer ${TOKEN}` });
        expect(run.stderr).toContain("* auth: bearer token from SECURE_API_BEARER\n* auth: API key from SECURE_API_KEY\n");
        expectNoSecrets(run, TOKEN);
    });

    it("--bearer wins over SECURE_API_BEARER; --api-key-param (SSM) and --bearer together", async () => {
        const run = await cli(["call", ...world.aws(), "--api-key-param", "/shop-dev/api-key", "--bearer", TOKEN, "GET", world.url()], {
            env: { SECURE_API_BEARER: OTHER_TOKEN },
        });
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(world.api.last().headers).toMatchObject({ "x-api-key": KEY, authorization: `Bearer ${TOKEN}` });
    });

    it("a rotated key from SSM with the token from the environment", async () => {
        const ssm = new SSMClient({ region: REGION, endpoint: world.moto.endpoint, credentials: MOTO_CREDENTIALS });
        await ssm.send(
            new PutParameterCommand({ Name: "/shop-dev/api-key/gen-2", Value: `${KEY.slice(0, 30)}gen2`, Type: "SecureString" }),
        );
        ssm.destroy();
        const run = await cli(["call", ...world.aws(), "--api-key-param", "/shop-dev/api-key/gen-2", "GET", world.url()], {
            env: { SECURE_API_BEARER: TOKEN },
        });
        expect(run.code).toBe(0);
        expect(world.api.last().headers).toMatchObject({ "x-api-key": `${KEY.slice(0, 30)}gen2`, authorization: `Bearer ${TOKEN}` });
    });

    it("SECURE_API_BEARER is not sent with --iam (the signature is the Authorization header)", async () => {
        // The default chain reads process.env itself.
        const run = await withEnv({ AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secretsecret" }, () =>
            cli(["call", "--iam", "--region", REGION, "GET", world.url()], { env: { SECURE_API_BEARER: TOKEN } }),
        );
        expect(run.code).toBe(0);
        expect(world.api.last().headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
    });

    it("-H Authorization sends a raw value and overrides SECURE_API_BEARER", async () => {
        const run = await cli(["call", "-H", `Authorization: ${TOKEN}`, "GET", world.url()], { env: { SECURE_API_BEARER: OTHER_TOKEN } });
        expect(run.code).toBe(0);
        expect(world.api.last().headers.authorization).toBe(TOKEN);
    });

    it.each([
        [["--bearer", TOKEN, "--iam"], "error: option '--bearer <token>' cannot be used with option '--iam'"],
        [["--bearer", TOKEN, "--iam-secret", "s"], "error: option '--bearer <token>' cannot be used with option '--iam-secret <name>'"],
        [["--bearer", TOKEN, "-H", "Authorization: x"], "error: -H Authorization and --bearer both set the Authorization header; give one"],
    ])("%j → exit 2, %s, nothing sent", async (args, message) => {
        const run = await cli(["call", ...args, "GET", world.url()]);
        expect(run).toMatchObject({ code: 2, stdout: "", stderr: `${message}\n` });
        expect(world.api.requests).toHaveLength(0);
        expectNoSecrets(run, TOKEN);
    });

    it("a token that cannot be a header value: exit 1, not shown, nothing sent", async () => {
        const run = await cli(["call", "GET", world.url()], { env: { SECURE_API_BEARER: `${TOKEN.slice(0, 25)} x ${TOKEN.slice(25)}` } });
        expect(run).toMatchObject({
            code: 1,
            stderr: "error: the bearer token contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the token is not shown)\n",
        });
        expect(world.api.requests).toHaveLength(0);
        expectNoSecrets(run, TOKEN.slice(0, 25), TOKEN.slice(25));
    });
});

describe("why an authorizer refused", () => {
    const unauthorized = () => ({ status: 401, headers: { "content-type": "application/json" }, body: '{"message":"Unauthorized"}' });

    it("401 with a token sent: the token was rejected (exit 1, body kept)", async () => {
        world.api.respond(unauthorized);
        const run = await cli(["call", "--bearer", TOKEN, "GET", world.url("/prod/me")]);
        expect(run).toMatchObject({
            code: 1,
            stdout: '{"message":"Unauthorized"}',
            stderr: "401: the bearer token was rejected by the API's authorizer (expired, from another issuer, user pool or app client, or an ID token where the route wants an access token with scopes)\n",
        });
        expectNoSecrets(run, TOKEN);
    });

    it("401 with only a key sent: no bearer token was sent", async () => {
        world.api.respond(unauthorized);
        const run = await cli(["call", "--api-key", KEY, "GET", world.url("/prod/me")]);
        expect(run.stderr).toBe("401: the route has an authorizer and no bearer token was sent (use --bearer or SECURE_API_BEARER)\n");
    });

    it("403 from a Lambda authorizer's Deny names the route; 403 Forbidden with key and token blames the key", async () => {
        world.api.respond(() => ({
            status: 403,
            body: '{"Message":"User is not authorized to access this resource with an explicit deny"}',
        }));
        const denied = await cli(["call", "--bearer", TOKEN, "DELETE", world.url("/prod/items/1")]);
        expect(denied.stderr).toBe("403: the API's authorizer denied this token for the route DELETE /prod/items/1\n");
        world.api.respond(() => ({ status: 403, body: '{"message":"Forbidden"}' }));
        const forbidden = await cli(["call", "--bearer", TOKEN, "--api-key", KEY, "GET", world.url()]);
        expect(forbidden.stderr).toBe("403: missing or invalid API key\n");
        const noKey = await cli(["call", "--bearer", TOKEN, "GET", world.url()]);
        expect(noKey.stderr).toBe(
            "403: forbidden: the token lacks a scope the route GET /prod/hello requires, or the API's Lambda authorizer denied it; if the API also needs an API key, add --api-key, --api-key-param, --stack-output or SECURE_API_KEY\n",
        );
    });

    it("failureReason keeps an authorizer's other messages", () => {
        expect(failureReason(401, '{"message":"The incoming token has expired"}', "bearer")).toBe("401: The incoming token has expired");
    });
});
