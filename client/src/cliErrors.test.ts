// Failures that used to send users the wrong way: API Gateway's "Missing
// Authentication Token" for a route that does not exist (credentials were
// sent, so they are not the problem), and connection failures, which now name
// the endpoint and the override to check. Also: the per-service endpoint
// variables reach the SSM and Secrets Manager lookups.
import { startRecordingServer } from "../../test-support/recordingServer";
import { cli, KEY, REGION, SECRET_NAME, useCliWorld, withEnv } from "./cliHarness.testutil";

jest.setTimeout(60_000);

const world = useCliWorld();
const MISSING_TOKEN = {
    status: 403,
    headers: { "content-type": "application/json", "x-amzn-errortype": "MissingAuthenticationTokenException" },
    body: '{"message":"Missing Authentication Token"}',
};

/** A 127.0.0.1 URL where nothing listens. */
async function closedUrl(): Promise<string> {
    const server = await startRecordingServer();
    await server.close();
    return server.url;
}

describe('403 "Missing Authentication Token" with credentials sent: the route probably does not exist', () => {
    it.each([
        ["an API key", () => ["--api-key", KEY]],
        ["the secret's IAM credentials", () => [...world.aws(), "--iam-secret", SECRET_NAME]],
        ["the default chain", () => ["--iam", "--region", REGION]],
    ])("with %s", async (_, auth) => {
        world.api.respond(() => MISSING_TOKEN);
        const run = await cli(["call", ...auth(), "DELETE", world.url("/prod/itemz?id=1")]);
        expect(run).toMatchObject({
            code: 1,
            stdout: MISSING_TOKEN.body,
            stderr: '403: the route DELETE /prod/itemz probably does not exist in the stage (API Gateway answers "Missing Authentication Token" for an unknown path or method; credentials were sent)\n',
        });
    });
});

describe("connection failures name the endpoint and the override to check", () => {
    it("the API: its origin, and that --endpoint-url does not apply to it", async () => {
        const dead = await closedUrl();
        const run = await cli(["call", "--api-key", KEY, "GET", `${dead}/prod/x`]);
        expect(run).toMatchObject({
            code: 1,
            stdout: "",
            stderr: `error: cannot connect to the API at ${dead} (ECONNREFUSED): check the URL (--endpoint-url and AWS_ENDPOINT_URL_* apply only to the AWS lookups, not to the API)\n`,
        });
    });

    it("SSM at --endpoint-url: one 'error', the endpoint, the flag and the variables", async () => {
        const dead = await closedUrl();
        const run = await cli([
            "call",
            "--endpoint-url",
            dead,
            "--region",
            REGION,
            "--api-key-param",
            "/shop-dev/api-key",
            "GET",
            world.url(),
        ]);
        expect(run).toMatchObject({
            code: 1,
            stderr: `error: cannot read SSM parameter /shop-dev/api-key: cannot connect to SSM at ${dead} (ECONNREFUSED); check the endpoint: --endpoint-url, AWS_ENDPOINT_URL_SSM or AWS_ENDPOINT_URL\n`,
        });
        expect(run.stderr.match(/error/gi)).toHaveLength(1);
        expect(world.api.requests).toHaveLength(0);
    });

    it("Secrets Manager at AWS_ENDPOINT_URL_SECRETS_MANAGER: the host and port it tried", async () => {
        const dead = await closedUrl();
        const run = await withEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: dead }, () =>
            cli(["call", "--region", REGION, "--iam-secret", SECRET_NAME, "GET", world.url()]),
        );
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
            `error: cannot read secret ${SECRET_NAME}: cannot connect to Secrets Manager at ${new URL(dead).host} (ECONNREFUSED); check the endpoint: --endpoint-url, AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL\n`,
        );
    });
});

describe("per-service endpoint variables instead of --endpoint-url", () => {
    it("AWS_ENDPOINT_URL_SSM reaches the SSM lookup", async () => {
        const run = await withEnv({ AWS_ENDPOINT_URL_SSM: world.moto.endpoint }, () =>
            cli(["call", "--region", REGION, "--api-key-param", "/shop-dev/api-key", "GET", world.url()]),
        );
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
    });

    it("AWS_ENDPOINT_URL_SECRETS_MANAGER reaches the secret lookup", async () => {
        const run = await withEnv({ AWS_ENDPOINT_URL_SECRETS_MANAGER: world.moto.endpoint }, () =>
            cli(["call", "--region", REGION, "--iam-secret", SECRET_NAME, "GET", world.url()]),
        );
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(world.api.last().headers.authorization).toContain("Credential=AKIAMOTOUSER00000001/");
    });
});
