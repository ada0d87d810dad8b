// The CLI end to end, in-process (cliHarness.testutil.ts): exit codes, the
// one-line reasons, usage errors and that no key, secret key or session
// token is ever printed, --verbose included. Output habits, stdin, identities
// and connection errors have their own files (cliOutput, cliInput,
// cliIdentity, cliErrors).
import { promises as fs } from "fs";
import * as path from "path";
import { expectedAuthorization, signedHeaderNames } from "../../test-support/sigv4Check";
import type { CommandRunner } from "./apiKey";
import { cli, expectNoSecrets, KEY, REGION, ROLE_ARN, SECRET_NAME, USER, useCliWorld } from "./cliHarness.testutil";

jest.setTimeout(60_000);

const world = useCliWorld();
const aws = () => world.aws();
const url = (p?: string) => world.url(p);

describe("help and usage errors", () => {
    it("prints help with examples (exit 0)", async () => {
        const root = await cli(["--help"]);
        expect(root).toMatchObject({ code: 0, stdout: expect.stringContaining("Usage: secure-api [options] [command]"), stderr: "" });
        const call = await cli(["call", "--help"]);
        expect(call.code).toBe(0);
        expect(call.stdout).toContain("Usage: secure-api call [options] <method> <url>");
        for (const option of [
            "--api-key <key>",
            "--api-key-param <name>",
            "--stack-output",
            "--stack <stack>",
            "--iam ",
            "--iam-secret <name>",
            "--role-arn <arn>",
            "--service <name>",
            "--region <region>",
            "--profile <profile>",
            "--endpoint-url <url>",
            "-d, --data <body>",
            "-H, --header <header>",
            "-i, --include",
            "-v, --verbose",
        ]) {
            expect(call.stdout).toContain(option);
        }
        expect(call.stdout).toContain("Examples:");
        expect(call.stdout).toContain("secure-api call --iam-secret my-app-dev/iam-user-credentials");
    });

    it("prints the version", async () => {
        expect(await cli(["--version"])).toMatchObject({ code: 0, stdout: "0.1.0\n", stderr: "" });
    });

    it.each([
        [["call", "GET"], "error: missing required argument 'url'"],
        [
            ["call", "FETCH", "https://x.example/"],
            "error: command-argument value 'FETCH' is invalid for argument 'method'. expected one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS.",
        ],
        [
            ["call", "GET", "x.example/path"],
            "error: command-argument value 'x.example/path' is invalid for argument 'url'. not an absolute URL.",
        ],
        [["call", "--bogus", "GET", "https://x.example/"], "error: unknown option '--bogus'"],
        [
            ["call", "--api-key", KEY, "--iam-secret", "s", "GET", "https://x.example/"],
            "error: option '--api-key <key>' cannot be used with option '--iam-secret <name>'",
        ],
        [
            ["call", "--api-key-param", "/p", "--stack-output", "GET", "https://x.example/"],
            "error: option '--api-key-param <name>' cannot be used with option '--stack-output'",
        ],
        [["call", "--role-arn", ROLE_ARN, "GET", "https://x.example/"], "error: --role-arn needs --iam or --iam-secret"],
        [["call", "--service", "lambda", "GET", "https://x.example/"], "error: --service needs --iam or --iam-secret"],
        [
            ["call", "--api-key", KEY, "--iam", "GET", "https://x.example/"],
            "error: option '--api-key <key>' cannot be used with option '--iam'",
        ],
        [["call", "--stack", "dev", "GET", "https://x.example/"], "error: --stack needs --stack-output"],
        [
            ["call", "--header", "no-colon", "GET", "https://x.example/"],
            `error: option '-H, --header <header>' argument 'no-colon' is invalid. expected "Name: value".`,
        ],
        [
            ["call", "--timeout", "0", "GET", "https://x.example/"],
            "error: option '--timeout <seconds>' argument '0' is invalid. expected a positive number of seconds.",
        ],
        [
            ["call", "--data", "@/nonexistent/body.json", "POST", "https://x.example/"],
            "error: cannot read --data file /nonexistent/body.json: ENOENT",
        ],
    ])("%j → exit 2, %s", async (args, message) => {
        const run = await cli(args);
        expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
        expectNoSecrets(run);
    });

    it("needs a command (exit 2, help on stderr)", async () => {
        const run = await cli([]);
        expect(run.code).toBe(2);
        expect(run.stdout).toBe("");
        expect(run.stderr).toContain("Usage: secure-api");
    });

    it("needs a region to sign for a host that does not name one", async () => {
        const run = await cli(["call", "--iam-secret", SECRET_NAME, "--endpoint-url", world.moto.endpoint, "GET", url()]);
        expect(run).toMatchObject({
            code: 2,
            stdout: "",
            stderr: `error: cannot tell the API's region from ${world.api.host}; pass --region (or set AWS_REGION)\n`,
        });
        expect(world.api.requests).toHaveLength(0);
    });
});

describe("API key mode", () => {
    it("--api-key: writes the body, exit 0", async () => {
        const run = await cli(["call", "--api-key", KEY, "GET", url()]);
        expect(run).toMatchObject({ code: 0, stdout: '{"ok":true}', stderr: "" });
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
    });

    it("--api-key-param: reads the key from SSM (moto)", async () => {
        const run = await cli(["call", ...aws(), "--api-key-param", "/shop-dev/api-key", "GET", url()]);
        expect(run.code).toBe(0);
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
        expectNoSecrets(run);
    });

    it("--api-key-param: a missing parameter is a one-line error, exit 1", async () => {
        const run = await cli(["call", ...aws(), "--api-key-param", "/missing/api-key", "GET", url()]);
        expect(run).toMatchObject({ code: 1, stdout: "", stderr: "error: SSM parameter /missing/api-key not found\n" });
        expect(world.api.requests).toHaveLength(0);
    });

    it("--profile reaches the AWS SDK", async () => {
        expect((await cli(["call", ...aws(), "--profile", "other", "--api-key-param", "/shop-dev/api-key", "GET", url()])).code).toBe(0);
        const run = await cli(["call", ...aws(), "--profile", "no-such-profile", "--api-key-param", "/shop-dev/api-key", "GET", url()]);
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(/^error: cannot read SSM parameter \/shop-dev\/api-key: CredentialsProviderError: .*\n$/);
    });

    it("--stack-output [--stack]: runs pulumi through the injected runner", async () => {
        const calls: string[][] = [];
        const runCommand: CommandRunner = async (command, args) => {
            calls.push([command, ...args]);
            return { exitCode: 0, stdout: JSON.stringify(KEY), stderr: "" };
        };
        const run = await cli(["call", "--stack-output", "--stack", "dev", "GET", url()], { runCommand });
        expect(run.code).toBe(0);
        expect(calls).toEqual([["pulumi", "stack", "output", "--json", "--show-secrets", "--stack", "dev", "APIKey"]]);
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
        expectNoSecrets(run);
    });

    it("--stack-output without the pulumi CLI: a clear one-line error, exit 1", async () => {
        const run = await cli(["call", "--stack-output", "GET", url()], { runCommand: undefined, env: { PATH: world.tmp } });
        expect(run.code).toBe(1);
        expect(run.stdout).toBe("");
        expect(run.stderr).toMatch(/^error: the pulumi CLI is not on PATH: install it .*\n$/);
        expect(run.stderr.split("\n")).toHaveLength(2);
    });

    it("SECURE_API_KEY is used when no auth option is given", async () => {
        const run = await cli(["call", "GET", url()], { env: { SECURE_API_KEY: KEY } });
        expect(run.code).toBe(0);
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
    });

    it('403 "Forbidden" → "403: missing or invalid API key", exit 1, the body on stdout', async () => {
        const body = JSON.stringify({ message: "Forbidden" });
        world.api.respond(() => ({
            status: 403,
            headers: { "content-type": "application/json", "x-amzn-errortype": "ForbiddenException" },
            body,
        }));
        const run = await cli(["call", "--api-key", "wrong-key-wrong-key-0", "GET", url()]);
        expect(run).toMatchObject({ code: 1, stdout: body, stderr: "403: missing or invalid API key\n" });
    });
});

describe("IAM mode", () => {
    it("--iam-secret: signs with the secret's credentials (checked against the received request)", async () => {
        const run = await cli(["call", ...aws(), "--iam-secret", SECRET_NAME, "GET", url("/prod/café?b=2&a=x y")]);
        expect(run.code).toBe(0);
        const received = world.api.last();
        expect(received.url).toBe("/prod/caf%C3%A9?b=2&a=x%20y");
        expect(received.headers.authorization).toContain(`Credential=${USER.accessKeyId}/`);
        expect(received.headers.authorization).toBe(await expectedAuthorization(received, { credentials: USER, region: REGION }));
        expect(received.headers["x-api-key"]).toBeUndefined();
        expectNoSecrets(run);
    });

    it("--data @file and --header: the body and headers are sent and signed", async () => {
        const file = path.join(world.tmp, "body.json");
        await fs.writeFile(file, '{"name":"Zoë"}');
        const run = await cli([
            "call",
            ...aws(),
            "--iam-secret",
            SECRET_NAME,
            "--data",
            `@${file}`,
            "--header",
            "X-Trace: abc 1",
            "--header",
            "Accept: application/json",
            "POST",
            url("/prod/items"),
        ]);
        expect(run.code).toBe(0);
        const received = world.api.last();
        expect(received.body.toString("utf8")).toBe('{"name":"Zoë"}');
        expect(received.headers["content-type"]).toBe("application/json");
        expect(received.headers["x-trace"]).toBe("abc 1");
        expect(signedHeaderNames(received.headers.authorization)).toEqual(["accept", "content-type", "host", "x-amz-date", "x-trace"]);
        expect(received.headers.authorization).toBe(await expectedAuthorization(received, { credentials: USER, region: REGION }));
    });

    it("--role-arn: assumes the role (moto STS) and signs with its temporary credentials", async () => {
        const run = await cli(["call", ...aws(), "--iam-secret", SECRET_NAME, "--role-arn", ROLE_ARN, "GET", url()]);
        expect(run.code).toBe(0);
        const received = world.api.last();
        expect(received.headers.authorization).toMatch(
            new RegExp(
                `^AWS4-HMAC-SHA256 Credential=ASIA[A-Z0-9]+/\\d{8}/${REGION}/execute-api/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$`,
            ),
        );
        expect(received.headers["x-amz-security-token"]).toEqual(expect.any(String));
        expectNoSecrets(run, received.headers["x-amz-security-token"]);
    });

    it.each([
        ["The request signature we calculated does not match the signature you provided."],
        ["Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z"],
    ])('403 "%s" → "403: request signature rejected (…)", exit 1', async message => {
        world.api.respond(() => ({ status: 403, headers: { "content-type": "application/json" }, body: JSON.stringify({ message }) }));
        const run = await cli(["call", ...aws(), "--iam-secret", SECRET_NAME, "GET", url()]);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe("403: request signature rejected (check credentials, region, clock)\n");
    });

    it('403 "Forbidden" → the signature, or a policy that does not allow the route (as an HTTP API answers both)', async () => {
        world.api.respond(() => ({ status: 403, headers: { "content-type": "application/json" }, body: '{"message":"Forbidden"}' }));
        const run = await cli(["call", ...aws(), "--iam-secret", SECRET_NAME, "GET", url()]);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(
            "403: request signature rejected, or these credentials may not invoke the route GET /prod/hello (check credentials, region, clock, and the execute-api:Invoke policy, or use --role-arn)\n",
        );
    });

    it("403 for a caller without execute-api:Invoke says so", async () => {
        world.api.respond(() => ({
            status: 403,
            body: '{"Message":"User: arn:aws:iam::123456789012:user/u is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:eu-west-1:123456789012:abc/prod/GET/hello"}',
        }));
        const run = await cli(["call", ...aws(), "--iam-secret", SECRET_NAME, "GET", url()]);
        expect(run.stderr).toBe(
            "403: these credentials may not invoke this API (check its execute-api:Invoke policy, or use --role-arn)\n",
        );
    });
});

describe("other failures", () => {
    it.each([
        [500, '{"message": "Internal server error"}', "500: Internal server error"],
        [502, "<html>bad gateway</html>", "502: Bad Gateway"],
        [404, "", "404: Not Found"],
        [429, '{"message":"Too Many Requests"}', "429: Too Many Requests"],
        [400, `{"message":"line one\\n   line two"}`, "400: line one line two"],
    ])("HTTP %i → one line %j on stderr, exit 1", async (status, body, reason) => {
        world.api.respond(() => ({ status, body }));
        const run = await cli(["call", "--api-key", KEY, "GET", url()]);
        expect(run.code).toBe(1);
        expect(run.stderr).toBe(`${reason}\n`);
        expect(run.stdout).toBe(body);
    });

    it("403 without any auth says none was sent", async () => {
        world.api.respond(() => ({ status: 403, body: '{"message":"Missing Authentication Token"}' }));
        expect((await cli(["call", "GET", url()])).stderr).toBe(
            "403: no credentials were sent (use an API key option, --bearer, --iam or --iam-secret), or the route GET /prod/hello does not exist\n",
        );
    });
});

describe("--verbose", () => {
    it("shows method, URL and headers, with the API key redacted", async () => {
        const run = await cli([
            "call",
            ...aws(),
            "--api-key-param",
            "/shop-dev/api-key",
            "--verbose",
            "POST",
            url("/prod/items?x=1"),
            "--data",
            '{"a":1}',
        ]);
        expect(run.code).toBe(0);
        const lines = run.stderr.split("\n");
        expect(lines).toEqual(
            expect.arrayContaining([
                "* auth: API key from SSM parameter /shop-dev/api-key",
                `> POST ${world.api.url}/prod/items?x=1`,
                "> content-type: application/json",
                `> host: ${world.api.host}`,
                "> x-api-key: [redacted]",
                "< HTTP 200 OK",
                "< content-type: application/json",
            ]),
        );
        expect(world.api.last().headers["x-api-key"]).toBe(KEY);
        expectNoSecrets(run);
    });

    it("redacts Authorization and X-Amz-Security-Token, and prints no key, secret or token", async () => {
        world.api.respond(() => ({ status: 403, body: '{"message":"Forbidden"}' }));
        const run = await cli(["call", ...aws(), "--iam-secret", SECRET_NAME, "--role-arn", ROLE_ARN, "--verbose", "GET", url()]);
        expect(run.code).toBe(1);
        const lines = run.stderr.split("\n");
        expect(lines).toEqual(
            expect.arrayContaining([
                `* auth: IAM user credentials from secret ${SECRET_NAME}`,
                `* auth: assumed role ${ROLE_ARN}`,
                `* signing: SigV4, service execute-api, region ${REGION}`,
                `> GET ${world.api.url}/prod/hello`,
                expect.stringMatching(/^> x-amz-date: \d{8}T\d{6}Z$/),
                "> authorization: [redacted]",
                "> x-amz-security-token: [redacted]",
                "< HTTP 403 Forbidden",
            ]),
        );
        // The reason is still the last line.
        expect(lines[lines.length - 2]).toMatch(
            /^403: request signature rejected, or these credentials may not invoke the route GET \/prod\/hello /,
        );
        const received = world.api.last();
        expectNoSecrets(run, received.headers["x-amz-security-token"], received.headers.authorization, USER.accessKeyId);
    });
});
