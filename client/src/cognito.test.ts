// The Cognito sign-in helper (cognitoSignIn, `secure-api cognito-token`) on
// moto's cognito-idp: a user pool, an app client allowing USER_PASSWORD_AUTH
// and users made with admin calls; the token it prints is then sent with
// `call --bearer`. Passwords and tokens never appear in the output.
import {
    AdminCreateUserCommand,
    AdminSetUserPasswordCommand,
    CognitoIdentityProviderClient,
    CreateUserPoolClientCommand,
    CreateUserPoolCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { MOTO_CREDENTIALS } from "../../test-support/moto";
import { cli, expectNoSecrets, REGION, useCliWorld, withEnv } from "./cliHarness.testutil";
import { cognitoSecretHash, cognitoSignIn } from "./cognito";

jest.setTimeout(60_000);

const world = useCliWorld();
const PASSWORD = "Correct-Horse-7-Battery";
const TEMPORARY = "Temporary-Pass-8-Word";
let clientId = "";

/** The claims of a JWT (not verified: moto signs with its own key). */
function claims(token: string): Record<string, unknown> {
    return JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}

beforeAll(async () => {
    const idp = new CognitoIdentityProviderClient({ region: REGION, endpoint: world.moto.endpoint, credentials: MOTO_CREDENTIALS });
    const pool = (await idp.send(new CreateUserPoolCommand({ PoolName: "shop-users" }))).UserPool!.Id!;
    clientId = (
        await idp.send(
            new CreateUserPoolClientCommand({
                UserPoolId: pool,
                ClientName: "shop-web",
                ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            }),
        )
    ).UserPoolClient!.ClientId!;
    for (const user of ["alice", "newbie"]) {
        await idp.send(
            new AdminCreateUserCommand({ UserPoolId: pool, Username: user, TemporaryPassword: TEMPORARY, MessageAction: "SUPPRESS" }),
        );
    }
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: "alice", Password: PASSWORD, Permanent: true }));
    idp.destroy();
});

const endpoint = () => ["--endpoint-url", world.moto.endpoint, "--region", REGION];

describe("cognitoSignIn", () => {
    it("returns the ID and access tokens of the user", async () => {
        const tokens = await cognitoSignIn({
            clientId,
            username: "alice",
            password: PASSWORD,
            region: REGION,
            endpoint: world.moto.endpoint,
        });
        expect(claims(tokens.idToken)).toMatchObject({ token_use: "id", "cognito:username": "alice", aud: clientId });
        expect(claims(tokens.accessToken)).toMatchObject({ token_use: "access", client_id: clientId });
        expect(tokens.tokenType).toBe("Bearer");
        expect(tokens.expiresIn).toBeGreaterThan(0);
    });

    it("names the user and client when the password is wrong, never the password", async () => {
        const error = cognitoSignIn({
            clientId,
            username: "alice",
            password: `${PASSWORD}x`,
            region: REGION,
            endpoint: world.moto.endpoint,
        });
        await expect(error).rejects.toThrow(
            `Cognito refused to sign in user alice of app client ${clientId}: NotAuthorizedException: Incorrect username or password. (check the username and password)`,
        );
    });

    it("says what to do when Cognito asks for a new password", async () => {
        await expect(
            cognitoSignIn({ clientId, username: "newbie", password: TEMPORARY, region: REGION, endpoint: world.moto.endpoint }),
        ).rejects.toThrow(
            `Cognito asks user newbie of app client ${clientId} to answer a NEW_PASSWORD_REQUIRED challenge, which this helper does not do: the user still has a temporary password: set a permanent one (aws cognito-idp admin-set-user-password --permanent) or sign in once with a client that changes it`,
        );
    });

    it("names the endpoint when Cognito cannot be reached", async () => {
        await expect(
            cognitoSignIn({ clientId, username: "alice", password: PASSWORD, region: REGION, endpoint: "http://127.0.0.1:9" }),
        ).rejects.toThrow(
            `Cognito sign-in of user alice of app client ${clientId} failed: cannot connect to Cognito at http://127.0.0.1:9 (ECONNREFUSED); check the endpoint: --endpoint-url, AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER or AWS_ENDPOINT_URL`,
        );
    });

    it("SECRET_HASH for an app client with a secret is Base64(HMAC-SHA256(secret, username + client id))", () => {
        // Computed independently with Python's hmac module.
        expect(cognitoSecretHash("alice", "1example23456789", "app-client-secret")).toBe("LSTsQIcRSeNDklyI0/a1croYo3bRVMyIA/kEZmOZqKw=");
    });
});

describe("secure-api cognito-token", () => {
    it("prints only the ID token; with --access-token the access token; the ID token then goes out with call --bearer", async () => {
        const env = { SECURE_API_PASSWORD: PASSWORD };
        const id = await cli(["cognito-token", ...endpoint(), "--user-pool-client-id", clientId, "--username", "alice"], { env });
        expect(id).toMatchObject({ code: 0, stderr: "" });
        expect(id.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
        expect(claims(id.stdout.trim())).toMatchObject({ token_use: "id", "cognito:username": "alice" });
        expect(id.stdout).not.toContain(PASSWORD);

        const access = await cli(
            ["cognito-token", ...endpoint(), "--user-pool-client-id", clientId, "--username", "alice", "--access-token"],
            { env },
        );
        expect(claims(access.stdout.trim())).toMatchObject({ token_use: "access" });

        const call = await cli(["call", "GET", world.url("/prod/me")], { env: { SECURE_API_BEARER: id.stdout } });
        expect(call.code).toBe(0);
        expect(world.api.last().headers.authorization).toBe(`Bearer ${id.stdout.trim()}`);
    });

    it("reads the password from standard input with --password-stdin (one line)", async () => {
        const run = await cli(
            ["cognito-token", ...endpoint(), "--user-pool-client-id", clientId, "--username", "alice", "--password-stdin"],
            {
                readStdin: async () => Buffer.from(`${PASSWORD}\n`),
            },
        );
        expect(run.code).toBe(0);
        expect(claims(run.stdout.trim())).toMatchObject({ "cognito:username": "alice" });
    });

    it("needs no AWS credentials, and honours AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER and AWS_REGION", async () => {
        const run = await withEnv(
            { AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/credentials", AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: world.moto.endpoint },
            () =>
                cli(["cognito-token", "--user-pool-client-id", clientId, "--username", "alice"], {
                    env: { SECURE_API_PASSWORD: PASSWORD, AWS_REGION: REGION },
                }),
        );
        expect(run).toMatchObject({ code: 0, stderr: "" });
    });

    it.each([
        ["no password", [], {}, "error: no password: set SECURE_API_PASSWORD or use --password-stdin (it is never an argument)"],
        [
            "a password argument",
            ["--password", PASSWORD],
            {},
            "error: the password is never taken as an argument (other users can see arguments): set SECURE_API_PASSWORD or use --password-stdin",
        ],
        ["no username", null, { SECURE_API_PASSWORD: PASSWORD }, "error: required option '--username <name>' not specified"],
    ])("%s: exit 2", async (_name, extra, env, message) => {
        const args =
            extra === null
                ? ["cognito-token", ...endpoint(), "--user-pool-client-id", clientId]
                : ["cognito-token", ...endpoint(), "--user-pool-client-id", clientId, "--username", "alice", ...extra];
        const run = await cli(args, { env });
        expect(run).toMatchObject({ code: 2, stdout: "", stderr: `${message}\n` });
        expectNoSecrets(run, PASSWORD);
    });

    it("a wrong password or an unknown app client: exit 1, one line, the password not shown", async () => {
        const wrong = await cli(["cognito-token", ...endpoint(), "--user-pool-client-id", clientId, "--username", "alice"], {
            env: { SECURE_API_PASSWORD: "Wrong-Pass-1" },
        });
        expect(wrong).toMatchObject({
            code: 1,
            stdout: "",
            stderr: `error: Cognito refused to sign in user alice of app client ${clientId}: NotAuthorizedException: Incorrect username or password. (check the username and password)\n`,
        });
        expectNoSecrets(wrong, "Wrong-Pass-1");
        const unknown = await cli(["cognito-token", ...endpoint(), "--user-pool-client-id", "nosuchclient", "--username", "alice"], {
            env: { SECURE_API_PASSWORD: PASSWORD },
        });
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(
            /^error: Cognito sign-in of user alice of app client nosuchclient failed: ResourceNotFoundException: /,
        );
        expectNoSecrets(unknown, PASSWORD);
    });

    it("is listed in the help", async () => {
        const help = await cli(["cognito-token", "--help"]);
        expect(help.code).toBe(0);
        for (const option of [
            "--user-pool-client-id <id>",
            "--username <name>",
            "--password-stdin",
            "--access-token",
            "--endpoint-url <url>",
        ])
            expect(help.stdout).toContain(option);
        expect(help.stdout).not.toContain("--password <password>");
    });
});
