// `--iam` signs with whatever AWS identity the caller has, through the AWS
// SDK's own default chain (as awscurl does): environment, profiles (also one
// that assumes a role through STS, reached by AWS_ENDPOINT_URL_STS), a
// container role; `--role-arn` on top; `--service` and the signing region.
// Each signature is recomputed from the request as the server received it.
import { promises as fs } from "fs";
import * as path from "path";
import { MOTO_CREDENTIALS } from "../../test-support/moto";
import { RecordingServer, startRecordingServer } from "../../test-support/recordingServer";
import { expectedAuthorization } from "../../test-support/sigv4Check";
import { cli, expectNoSecrets, OTHER, REGION, ROLE_ARN, useCliWorld, withEnv } from "./cliHarness.testutil";

jest.setTimeout(60_000);

const world = useCliWorld();
const ENV_KEYS = { accessKeyId: "AKIAENVIRONMENT00001", secretAccessKey: "environmentKey/0000000000000000000000001" };

async function expectSignedBy(credentials: { accessKeyId: string; secretAccessKey: string }, region = REGION, service = "execute-api") {
    const received = world.api.last();
    expect(received.headers.authorization).toContain(`Credential=${credentials.accessKeyId}/`);
    expect(received.headers.authorization).toBe(await expectedAuthorization(received, { credentials, region, service }));
}

const envCredentials = { AWS_ACCESS_KEY_ID: ENV_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: ENV_KEYS.secretAccessKey };

describe("--iam: the default credential chain", () => {
    it("signs with AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment", async () => {
        const run = await withEnv(envCredentials, () =>
            cli(["call", "--iam", "--region", REGION, "GET", world.url("/prod/items?limit=2")]),
        );
        expect(run).toMatchObject({ code: 0, stdout: '{"ok":true}', stderr: "" });
        await expectSignedBy(ENV_KEYS);
        expectNoSecrets(run, ENV_KEYS.secretAccessKey);
    });

    it("signs with the default profile when nothing else is set", async () => {
        expect((await cli(["call", "--iam", "--region", REGION, "GET", world.url()])).code).toBe(0);
        await expectSignedBy(MOTO_CREDENTIALS);
    });

    it("--profile picks another profile, and --verbose names it without any key", async () => {
        const run = await cli(["call", "--iam", "--profile", "other", "--region", REGION, "--verbose", "GET", world.url()]);
        expect(run.code).toBe(0);
        await expectSignedBy(OTHER);
        expect(run.stderr).toContain("* auth: AWS credentials from the default chain (profile other)\n");
        expectNoSecrets(run, world.api.last().headers.authorization);
    });

    it("a profile that assumes a role (role_arn, source_profile) gets it from STS at AWS_ENDPOINT_URL_STS", async () => {
        const config = path.join(world.tmp, "config-chained");
        await fs.writeFile(config, `[profile chained]\nrole_arn = ${ROLE_ARN}\nsource_profile = default\nregion = ${REGION}\n`);
        const run = await withEnv({ AWS_CONFIG_FILE: config, AWS_ENDPOINT_URL_STS: world.moto.endpoint }, () =>
            cli(["call", "--iam", "--profile", "chained", "--region", REGION, "GET", world.url()]),
        );
        expect(run).toMatchObject({ code: 0, stderr: "" });
        expect(world.api.last().headers.authorization).toMatch(/Credential=ASIA[A-Z0-9]+\//);
        expect(world.api.last().headers["x-amz-security-token"]).toEqual(expect.any(String));
    });

    describe("a container role (AWS_CONTAINER_CREDENTIALS_FULL_URI)", () => {
        let metadata: RecordingServer;
        beforeAll(async () => {
            metadata = await startRecordingServer();
        });
        afterAll(() => metadata.close());

        it("is used when there are no keys in the environment or the files", async () => {
            const role = {
                AccessKeyId: "ASIACONTAINERROLE001",
                SecretAccessKey: "containerRoleKey/00000000000000000000001",
                Token: "container-session-token",
                Expiration: new Date(Date.now() + 3600_000).toISOString(),
            };
            metadata.respond(() => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(role) }));
            const run = await withEnv(
                {
                    AWS_SHARED_CREDENTIALS_FILE: path.join(world.tmp, "none"),
                    AWS_CONFIG_FILE: path.join(world.tmp, "none"),
                    AWS_CONTAINER_CREDENTIALS_FULL_URI: `${metadata.url}/v2/credentials`,
                },
                () => cli(["call", "--iam", "--region", REGION, "GET", world.url()]),
            );
            expect(run.code).toBe(0);
            expect(world.api.last().headers["x-amz-security-token"]).toBe(role.Token);
            await expectSignedBy({ accessKeyId: role.AccessKeyId, secretAccessKey: role.SecretAccessKey });
            expectNoSecrets(run, role.SecretAccessKey, role.Token);
        });
    });

    it("with no identity anywhere: one line naming where it looked, exit 1, nothing sent", async () => {
        const run = await withEnv(
            { AWS_SHARED_CREDENTIALS_FILE: path.join(world.tmp, "none"), AWS_CONFIG_FILE: path.join(world.tmp, "none") },
            () => cli(["call", "--iam", "--region", REGION, "GET", world.url()]),
        );
        expect(run.code).toBe(1);
        expect(run.stderr).toMatch(
            /^error: no AWS credentials from the default chain \(environment, AWS_PROFILE\/default profile, SSO, container or instance role\): CredentialsProviderError: .*\n$/,
        );
        expect(world.api.requests).toHaveLength(0);
    });

    it("--role-arn on top: the chain's identity assumes the role (moto STS, --endpoint-url)", async () => {
        const run = await withEnv(envCredentials, () =>
            cli(["call", "--iam", ...world.aws(), "--role-arn", ROLE_ARN, "--verbose", "GET", world.url()]),
        );
        expect(run.code).toBe(0);
        const received = world.api.last();
        expect(received.headers.authorization).toMatch(/Credential=ASIA[A-Z0-9]+\//);
        expect(run.stderr).toContain(`* auth: assumed role ${ROLE_ARN}\n`);
        expectNoSecrets(run, ENV_KEYS.secretAccessKey, received.headers["x-amz-security-token"]);
    });
});

describe("signing name and region", () => {
    it("--service changes the signing name (execute-api by default)", async () => {
        await withEnv(envCredentials, async () => {
            expect((await cli(["call", "--iam", "--region", REGION, "GET", world.url()])).code).toBe(0);
            expect(world.api.last().headers.authorization).toContain(`/${REGION}/execute-api/aws4_request`);
            expect((await cli(["call", "--iam", "--service", "lambda", "--region", REGION, "GET", world.url()])).code).toBe(0);
        });
        expect(world.api.last().headers.authorization).toContain(`/${REGION}/lambda/aws4_request`);
        await expectSignedBy(ENV_KEYS, REGION, "lambda");
    });

    it("the region comes from AWS_REGION when the host does not name one", async () => {
        const run = await withEnv(envCredentials, () => cli(["call", "--iam", "GET", world.url()], { env: { AWS_REGION: "ap-south-1" } }));
        expect(run.code).toBe(0);
        await expectSignedBy(ENV_KEYS, "ap-south-1");
    });
});
