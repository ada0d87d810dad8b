// Credentials for an IAMSecureRestApi: the IAM user's access key that the
// component stored in Secrets Manager, optionally exchanged for the invoke
// role's temporary credentials (`useRole`). Errors name the secret or role,
// never a key.
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { AssumeRoleCommand, AssumeRoleCommandOutput, STSClient } from "@aws-sdk/client-sts";
import { AwsOptions, Credentials, awsErrorName, awsErrorText, isAccessDenied, sdkClientConfig } from "./awsConfig";

export type { Credentials } from "./awsConfig";

/** The secret IAMSecureRestApi creates unless `secretName` says otherwise. */
export function defaultCredentialsSecretName(stackName: string): string {
    if (!stackName) throw new Error("stackName must not be empty");
    return `${stackName}/iam-user-credentials`;
}

export interface CredentialsFromSecretOptions extends AwsOptions {
    /** Secret name or ARN; else derived from `stackName`. */
    secretId?: string;
    /** The component's stackName: the secret is then `{stackName}/iam-user-credentials`. */
    stackName?: string;
    client?: SecretsManagerClient;
}

/** Reads `{"access-key-id": …, "secret-access-key": …}` from the secret. */
export async function credentialsFromSecret(options: CredentialsFromSecretOptions): Promise<Credentials> {
    const id = options.secretId ?? (options.stackName !== undefined ? defaultCredentialsSecretName(options.stackName) : undefined);
    if (!id) throw new Error("credentialsFromSecret needs secretId or stackName");
    const client = options.client ?? new SecretsManagerClient(sdkClientConfig(options));
    let text: string | undefined;
    try {
        text = (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
    } catch (e) {
        if (awsErrorName(e) === "ResourceNotFoundException") throw new Error(`secret ${id} not found`);
        if (isAccessDenied(e)) {
            throw new Error(`not allowed to read secret ${id}: needs secretsmanager:GetSecretValue (${awsErrorText(e)})`);
        }
        throw new Error(`cannot read secret ${id}: ${awsErrorText(e, "Secrets Manager", options.endpoint)}`);
    } finally {
        if (!options.client) client.destroy();
    }
    // The JSON parser's own message may quote the secret, so it is replaced.
    const shapeError = new Error(`secret ${id} does not hold JSON {"access-key-id": …, "secret-access-key": …}`);
    if (!text) throw shapeError;
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch {
        throw shapeError;
    }
    const record = (parsed ?? {}) as Record<string, unknown>;
    const accessKeyId = record["access-key-id"];
    const secretAccessKey = record["secret-access-key"];
    if (typeof accessKeyId !== "string" || !accessKeyId || typeof secretAccessKey !== "string" || !secretAccessKey) {
        throw shapeError;
    }
    return { accessKeyId, secretAccessKey };
}

export interface AssumeRoleOptions extends Omit<AwsOptions, "credentials" | "profile"> {
    /** The identity that assumes the role: the IAM user's credentials from the secret. */
    credentials: Credentials;
    roleArn: string;
    /** Shows in CloudTrail as the session name. */
    sessionName?: string;
    /** 900 s up to the role's max session (IAMSecureRestApi: 3 hours); STS default 1 hour. */
    durationSeconds?: number;
    client?: STSClient;
}

/** STS AssumeRole, returning the role's temporary credentials. */
export async function assumeRole(options: AssumeRoleOptions): Promise<Credentials> {
    const client = options.client ?? new STSClient(sdkClientConfig(options));
    let c: AssumeRoleCommandOutput["Credentials"];
    try {
        const out = await client.send(
            new AssumeRoleCommand({
                RoleArn: options.roleArn,
                RoleSessionName: options.sessionName ?? "secure-api-client",
                DurationSeconds: options.durationSeconds,
            }),
        );
        c = out.Credentials;
    } catch (e) {
        if (isAccessDenied(e)) {
            throw new Error(
                `not allowed to assume role ${options.roleArn}: needs sts:AssumeRole and a trust policy naming the caller (${awsErrorText(e)})`,
            );
        }
        throw new Error(`cannot assume role ${options.roleArn}: ${awsErrorText(e, "STS", options.endpoint)}`);
    } finally {
        if (!options.client) client.destroy();
    }
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
        throw new Error(`STS AssumeRole ${options.roleArn} returned no credentials`);
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
}
