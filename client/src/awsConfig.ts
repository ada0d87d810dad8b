// Settings for the AWS SDK clients this package creates (SSM, Secrets Manager,
// STS, Cognito, API Gateway). Kept thin on purpose: the SDK already resolves regions, profiles,
// credentials and AWS_ENDPOINT_URL* variables; we only pass what was asked for.

/** AWS credentials, shaped as the AWS SDK v3 accepts them. */
export interface Credentials {
    accessKeyId: string;
    secretAccessKey: string;
    /** Present for temporary credentials (STS AssumeRole). */
    sessionToken?: string;
    expiration?: Date;
}

export interface AwsOptions {
    /** Region of the SSM parameter / secret / STS endpoint; the SDK's own lookup when absent. */
    region?: string;
    /** Shared-config profile; when absent the SDK honours AWS_PROFILE itself. */
    profile?: string;
    /**
     * Endpoint for every AWS call, e.g. http://127.0.0.1:5000 for moto or
     * LocalStack. When absent the SDK applies AWS_ENDPOINT_URL and friends.
     */
    endpoint?: string;
    /** Credentials for the AWS calls; the SDK's default chain when absent. */
    credentials?: Credentials;
}

/** Constructor config accepted by SSMClient, SecretsManagerClient and STSClient. */
export interface SdkClientConfig {
    region?: string;
    profile?: string;
    endpoint?: string;
    credentials?: Credentials;
    requestHandler: { connectionTimeout: number; requestTimeout: number };
}

/**
 * Optional keys are left out rather than set to `undefined`, so the SDK's
 * environment and config-file lookups stay in effect. The timeouts make a
 * black-holed endpoint fail instead of hanging a CLI call.
 */
export function sdkClientConfig(options: AwsOptions): SdkClientConfig {
    const config: SdkClientConfig = { requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } };
    if (options.region) config.region = options.region;
    if (options.profile) config.profile = options.profile;
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.credentials) config.credentials = options.credentials;
    return config;
}

/**
 * The message of anything thrown. Duck-typed: errors raised by Node itself
 * may come from another realm (e.g. under Jest), where `instanceof Error` fails.
 */
export function errorMessage(error: unknown): string {
    const message = (error as { message?: unknown } | null)?.message;
    return typeof message === "string" ? message : String(error);
}

/** The AWS error name (`ParameterNotFound`, `AccessDeniedException`, …) of a thrown SDK error. */
export function awsErrorName(error: unknown): string {
    const name = (error as { name?: unknown } | null)?.name;
    return typeof name === "string" ? name : "Error";
}

/** The AWS services this package calls, with the variable that overrides each one's endpoint. */
export const ENDPOINT_VARIABLES = {
    SSM: "AWS_ENDPOINT_URL_SSM",
    "Secrets Manager": "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    STS: "AWS_ENDPOINT_URL_STS",
    Cognito: "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "API Gateway": "AWS_ENDPOINT_URL_API_GATEWAY",
} as const;
export type AwsService = keyof typeof ENDPOINT_VARIABLES;

const NETWORK_CODES = "ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE";
// Node's own wording, e.g. "connect ECONNREFUSED 127.0.0.1:9", "getaddrinfo ENOTFOUND host".
// The SDK's retry layer re-wraps an error from another realm (as under Jest) as
// "AWS SDK error wrapper for Error: connect …", keeping only this text.
const NETWORK_MESSAGE = new RegExp(`\\b(${NETWORK_CODES})\\b(?: (\\S+))?`);

/**
 * "ECONNREFUSED" (etc.) when the error is a failure to reach a server at all,
 * else undefined. Node's errors carry the code; the SDK's own timeout is named.
 */
export function networkErrorCode(error: unknown): string | undefined {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && new RegExp(`^(${NETWORK_CODES})$`).test(code)) return code;
    if (awsErrorName(error) === "TimeoutError") return "timeout";
    return NETWORK_MESSAGE.exec(errorMessage(error))?.[1];
}

/** host:port (or host) that a Node network error names. */
function networkTarget(error: unknown): string | undefined {
    const e = (error ?? {}) as { address?: unknown; port?: unknown; hostname?: unknown };
    const host = typeof e.address === "string" ? e.address : typeof e.hostname === "string" ? e.hostname : undefined;
    if (host) return e.port !== undefined ? `${host}:${String(e.port)}` : host;
    return NETWORK_MESSAGE.exec(errorMessage(error))?.[2];
}

/**
 * A one-line description of an SDK error; AWS error messages carry names and
 * ARNs, never values. A connection failure names the endpoint and where it
 * comes from, since a wrong or stale override is the usual cause.
 */
export function awsErrorText(error: unknown, service?: AwsService, endpoint?: string): string {
    const code = networkErrorCode(error);
    if (code && service) {
        const where = endpoint ?? networkTarget(error);
        return (
            `cannot connect to ${service}${where ? ` at ${where}` : ""} (${code}); ` +
            `check the endpoint: --endpoint-url, ${ENDPOINT_VARIABLES[service]} or AWS_ENDPOINT_URL`
        );
    }
    const hint =
        awsErrorName(error) === "CredentialsProviderError"
            ? " (no usable AWS credentials: configure a profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)"
            : "";
    return `${awsErrorName(error)}: ${errorMessage(error)}${hint}`.replace(/\s+/g, " ").trim();
}

export function isAccessDenied(error: unknown): boolean {
    return /AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(awsErrorName(error));
}
