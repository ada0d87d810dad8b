// IAM credentials on a real moto server: the Secrets Manager secret
// IAMSecureRestApi writes, and STS AssumeRole for its invoke role.
// aws-sdk-client-mock only for AccessDenied, which moto does not enforce.
import { CreateSecretCommand, GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../test-support/moto";
import { assumeRole, credentialsFromSecret, defaultCredentialsSecretName } from "./iamCredentials";

jest.setTimeout(60_000);

// Made-up values in the shape of an access key pair.
const USER = { accessKeyId: "AKIAMOTOUSER00000001", secretAccessKey: "userSecretKey/0000000000000000000000000001" };
const ROLE_ARN = "arn:aws:iam::123456789012:role/shop-dev@api-invoke-role";

let moto: MotoServer;
let aws: { region: string; endpoint: string; credentials: typeof MOTO_CREDENTIALS };

beforeAll(async () => {
    moto = await startMoto();
    aws = { region: "eu-west-1", endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS };
});
afterAll(() => moto?.stop());
beforeEach(() => moto.reset());

async function createSecret(name: string, secretString: string) {
    const sm = new SecretsManagerClient(aws);
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: secretString }));
    sm.destroy();
}

describe("credentialsFromSecret (moto)", () => {
    it("reads the access key pair from {stackName}/iam-user-credentials", async () => {
        await createSecret(
            "shop-dev/iam-user-credentials",
            JSON.stringify({ "access-key-id": USER.accessKeyId, "secret-access-key": USER.secretAccessKey }),
        );
        await expect(credentialsFromSecret({ ...aws, stackName: "shop-dev" })).resolves.toEqual(USER);
    });

    it("reads a named secret", async () => {
        await createSecret(
            "custom/creds",
            JSON.stringify({ "access-key-id": USER.accessKeyId, "secret-access-key": USER.secretAccessKey, extra: 1 }),
        );
        await expect(credentialsFromSecret({ ...aws, secretId: "custom/creds" })).resolves.toEqual(USER);
    });

    it("says which secret is missing", async () => {
        await expect(credentialsFromSecret({ ...aws, secretId: "nope/iam-user-credentials" })).rejects.toThrow(
            /^secret nope\/iam-user-credentials not found$/,
        );
    });

    it.each([
        ["not JSON, quoting the key", `${USER.secretAccessKey} {`],
        ["the wrong field names", JSON.stringify({ accessKeyId: USER.accessKeyId, secretAccessKey: USER.secretAccessKey })],
        ["an empty secret key", JSON.stringify({ "access-key-id": USER.accessKeyId, "secret-access-key": "" })],
        ["JSON null", "null"],
    ])("rejects a secret holding %s without repeating it", async (_, secretString) => {
        await createSecret("bad/creds", secretString);
        const error = await credentialsFromSecret({ ...aws, secretId: "bad/creds" }).catch((e: Error) => e);
        expect((error as Error).message).toBe('secret bad/creds does not hold JSON {"access-key-id": …, "secret-access-key": …}');
        expect((error as Error).message).not.toContain(USER.secretAccessKey);
    });

    it("names the permission when access is denied", async () => {
        const sm = new SecretsManagerClient(aws);
        const mock = mockClient(sm);
        mock.on(GetSecretValueCommand).rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
        await expect(credentialsFromSecret({ secretId: "s/iam-user-credentials", client: sm })).rejects.toThrow(
            "not allowed to read secret s/iam-user-credentials: needs secretsmanager:GetSecretValue",
        );
        mock.restore();
    });

    it("derives the default name", () => {
        expect(defaultCredentialsSecretName("shop-dev")).toBe("shop-dev/iam-user-credentials");
    });
});

describe("assumeRole (moto)", () => {
    it("returns the role's temporary credentials", async () => {
        // moto's STS does not require the role to exist in its IAM, so none is created.
        const role = await assumeRole({
            region: aws.region,
            endpoint: aws.endpoint,
            credentials: USER,
            roleArn: ROLE_ARN,
            durationSeconds: 900,
        });
        expect(role.accessKeyId).toMatch(/^ASIA/);
        expect(role.secretAccessKey).toEqual(expect.any(String));
        expect(role.secretAccessKey).not.toBe(USER.secretAccessKey);
        expect(role.sessionToken).toEqual(expect.any(String));
        expect(role.expiration).toBeInstanceOf(Date);
    });

    it("asks STS for the role with a recognisable session name", async () => {
        const sts = new STSClient({ region: "eu-west-1", credentials: USER });
        const mock = mockClient(sts);
        mock.on(AssumeRoleCommand).resolves({
            Credentials: { AccessKeyId: "ASIAX", SecretAccessKey: "s", SessionToken: "t", Expiration: new Date(0) },
        });
        await assumeRole({ credentials: USER, roleArn: ROLE_ARN, client: sts });
        expect(mock.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
            RoleArn: ROLE_ARN,
            RoleSessionName: "secure-api-client",
            DurationSeconds: undefined,
        });
        mock.restore();
    });

    it("explains a refused AssumeRole", async () => {
        const sts = new STSClient({ region: "eu-west-1", credentials: USER });
        const mock = mockClient(sts);
        mock.on(AssumeRoleCommand).rejects(
            Object.assign(new Error("User is not authorized to perform: sts:AssumeRole"), { name: "AccessDenied" }),
        );
        await expect(assumeRole({ credentials: USER, roleArn: ROLE_ARN, client: sts })).rejects.toThrow(
            `not allowed to assume role ${ROLE_ARN}: needs sts:AssumeRole and a trust policy naming the caller`,
        );
        mock.restore();
    });
});
