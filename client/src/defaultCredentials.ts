// Signing with whatever AWS identity the caller already has, as awscurl and
// the AWS CLI do: the AWS SDK's own default provider chain (environment,
// shared config/credentials files and their profiles, SSO, web identity,
// container and instance roles). Nothing here reads credentials itself.
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { awsErrorName, type Credentials, errorMessage } from "./awsConfig";

export interface DefaultCredentialsOptions {
    /** Shared-config profile; when absent the chain honours AWS_PROFILE, then "default". */
    profile?: string;
    /** Region for the STS/SSO calls some profiles make (role_arn, sso_*). */
    region?: string;
}

/** Resolves the default chain once; the error names where it looked, never a value. */
export async function credentialsFromDefaultChain(options: DefaultCredentialsOptions = {}): Promise<Credentials> {
    const provider = fromNodeProviderChain({
        ...(options.profile ? { profile: options.profile } : {}),
        ...(options.region ? { clientConfig: { region: options.region } } : {}),
    });
    try {
        const c = await provider();
        return { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey, sessionToken: c.sessionToken, expiration: c.expiration };
    } catch (e) {
        const where = options.profile
            ? `profile ${options.profile}`
            : "environment, AWS_PROFILE/default profile, SSO, container or instance role";
        const reason = `${awsErrorName(e)}: ${errorMessage(e)}`.replace(/\s+/g, " ").trim();
        throw new Error(`no AWS credentials from the default chain (${where}): ${reason}`);
    }
}
