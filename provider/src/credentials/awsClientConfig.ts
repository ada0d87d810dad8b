// AWS SDK v3 client configuration shared by the API-key flow's SSM and Secrets
// Manager clients. Deliberately thin: region, profile, endpoints, credentials
// and retries are all handled by the SDK itself; we only decide what to pass.
import type { SSMClientConfig } from "@aws-sdk/client-ssm";

/** Static credentials or a credential provider, exactly as the SDK accepts them. */
export type AwsCredentials = NonNullable<SSMClientConfig["credentials"]>;

export type RetryMode = "standard" | "adaptive";

export interface AwsClientOptions {
    /** Always explicit: it comes from the AWS provider the component uses. */
    region: string;
    /**
     * Shared-config profile. The caller resolves precedence (component input,
     * else `aws:profile` config, else AWS_PROFILE); when omitted the SDK falls
     * back to AWS_PROFILE by itself.
     */
    profile?: string;
    /**
     * Explicit endpoint for both services. Leave it out to let the SDK apply
     * AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SECRETS_MANAGER
     * or `endpoint_url` from the shared config file.
     */
    endpoint?: string;
    credentials?: AwsCredentials;
    /** Total attempts per call (first try included). SDK default: 3, or AWS_MAX_ATTEMPTS. */
    maxAttempts?: number;
    /** SDK retry strategy. SDK default: standard, or AWS_RETRY_MODE. */
    retryMode?: RetryMode;
    /** TCP connect timeout in ms, so a black-holed endpoint fails instead of hanging. */
    connectionTimeoutMs?: number;
    /** Per-request timeout in ms. */
    requestTimeoutMs?: number;
}

/**
 * A config object assignable to both SSMClientConfig and
 * SecretsManagerClientConfig. Optional keys are absent, never `undefined`,
 * so the SDK's own environment/config-file lookups stay in effect.
 */
export interface AwsClientConfig {
    region: string;
    profile?: string;
    endpoint?: string;
    credentials?: AwsCredentials;
    maxAttempts?: number;
    retryMode?: RetryMode;
    /** Constructor options for the SDK's default Node HTTP handler. */
    requestHandler: { connectionTimeout: number; requestTimeout: number };
}

export const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export function awsClientConfig(options: AwsClientOptions): AwsClientConfig {
    if (!options.region) {
        throw new Error("awsClientConfig: region is required (it comes from the AWS provider in use)");
    }
    if (options.maxAttempts !== undefined && !(Number.isInteger(options.maxAttempts) && options.maxAttempts >= 1)) {
        throw new Error(`awsClientConfig: maxAttempts must be an integer >= 1, got ${options.maxAttempts}`);
    }
    const config: AwsClientConfig = {
        region: options.region,
        requestHandler: {
            connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
            requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
        },
    };
    // Only set what was given: an explicit `undefined` would still be a value to
    // some SDK resolvers and could mask env/config-file settings.
    if (options.profile) config.profile = options.profile;
    if (options.endpoint) config.endpoint = options.endpoint;
    if (options.credentials) config.credentials = options.credentials;
    if (options.maxAttempts !== undefined) config.maxAttempts = options.maxAttempts;
    if (options.retryMode) config.retryMode = options.retryMode;
    return config;
}
