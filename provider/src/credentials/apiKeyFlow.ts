// credentials/: API keys, their cache and rotation, per-client keys, the IAM identity and its access
// keys. May import graph, edge, stage, routes, shared.
//
// The API-key flow of SecureRestApi, free of Pulumi: the component calls
// resolveApiKey inside an apply once account and region are known.
//
// Order (as in the reference library): local cache → SSM parameter (decrypted)
// → generate with Secrets Manager GetRandomPassword and store as a new
// SecureString parameter → write the cache. An existing parameter is never
// overwritten; a dry run (preview) writes nothing.
//
// The key value never appears in a log line, a warning or an error message.
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { AwsClientConfig } from "./awsClientConfig";
import { readCachedApiKey, writeCachedApiKey, type ApiKeyCacheKey } from "./apiKeyCache";

/** Length of a generated key (the reference's value). */
export const API_KEY_LENGTH = 40;
/** Characters a generated key never contains (the reference's set); spaces are excluded too. */
export const API_KEY_EXCLUDED_CHARACTERS = "^,%+~`#$&*()|[]{}:;<>?!'/@\"\\";

export type ApiKeySource = "cache" | "ssm" | "generated" | "unknown";

export interface ApiKeyResolution {
    /** undefined only in a dry run when no key exists yet (source "unknown"). */
    value: string | undefined;
    source: ApiKeySource;
}

export interface ResolveApiKeyOptions {
    account: string;
    /** Region of the parameter and the cache entry; overrides clientConfig.region so both always agree. */
    region: string;
    stackName: string;
    /** e.g. `/{stackName}/api-key`. */
    parameterName: string;
    /** The key's entry in the cache (under account and region); default stackName, the reference's entry. */
    cacheEntry?: string;
    /**
     * Rotation (keyRotation.ts): the parameter of the generation after this one. If it
     * exists, the rotation generation went backwards and the flow fails before
     * anything is read or written (the live key's resources would otherwise be deleted).
     */
    newerGenerationParameter?: string;
    /** Customer-managed KMS key for the SecureString; default: the account's aws/ssm key. */
    kmsKeyId?: string;
    /** Cache file path; undefined disables the cache. */
    cacheFile: string | undefined;
    /** Preview: read what exists, write nothing. */
    dryRun: boolean;
    clientConfig: AwsClientConfig;
    log?: (message: string) => void;
    warn?: (message: string) => void;
    /** Pre-built clients (tests); otherwise created from clientConfig and destroyed afterwards. */
    clients?: { ssm?: SSMClient; secretsManager?: SecretsManagerClient };
}

export type ApiKeyOperation = "ssm:GetParameter" | "ssm:PutParameter" | "secretsmanager:GetRandomPassword";

/** A failed AWS call of the flow; the message names parameter, region, operation and permission, never the key. */
export class ApiKeyFlowError extends Error {
    constructor(
        message: string,
        readonly operation: ApiKeyOperation,
        readonly parameterName: string,
        readonly region: string,
        /** The IAM permission(s) the caller needs for this step. */
        readonly permission: string,
        /** AWS error code or Node network code, e.g. AccessDeniedException, ECONNREFUSED. */
        readonly awsErrorCode: string | undefined,
        /** Attempts the SDK made (retries included), when it reports them. */
        readonly attempts: number | undefined,
    ) {
        super(message);
        this.name = "ApiKeyFlowError";
    }
}

/** The rotation generation is below one whose parameter exists: an input error of the generation, not a failed AWS call. */
export class GenerationBehindError extends ApiKeyFlowError {}

export async function resolveApiKey(options: ResolveApiKeyOptions): Promise<ApiKeyResolution> {
    const ctx = makeContext(options);
    try {
        return await runFlow(ctx);
    } finally {
        ctx.dispose();
    }
}

interface FlowContext {
    opts: ResolveApiKeyOptions;
    cacheKey: ApiKeyCacheKey;
    log: (message: string) => void;
    warn: (message: string) => void;
    ssm(): SSMClient;
    secretsManager(): SecretsManagerClient;
    dispose(): void;
}

async function runFlow(ctx: FlowContext): Promise<ApiKeyResolution> {
    const { opts } = ctx;
    if (opts.newerGenerationParameter !== undefined) await checkNotBehind(ctx, opts.newerGenerationParameter);
    if (opts.cacheFile !== undefined) {
        const cached = await readCachedApiKey(opts.cacheFile, ctx.cacheKey, ctx.warn);
        if (cached !== undefined) return { value: cached, source: "cache" };
    }

    const existing = await getParameter(ctx);
    if (existing !== undefined) {
        if (!opts.dryRun) await writeCache(ctx, existing);
        return { value: existing, source: "ssm" };
    }

    // Preview must not create anything: the key shows as unknown until deploy.
    if (opts.dryRun) return { value: undefined, source: "unknown" };

    const created = await createParameter(ctx, await generateKey(ctx));
    await writeCache(ctx, created.value);
    return created;
}

// The AWS SDK is loaded on the flow's first AWS call, so programs that give
// apiKeyValue (or hit the cache) never pay for loading it.
/* eslint-disable @typescript-eslint/no-require-imports */
let ssmModule: typeof import("@aws-sdk/client-ssm") | undefined;
let smModule: typeof import("@aws-sdk/client-secrets-manager") | undefined;
const ssmSdk = () => (ssmModule ??= require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm"));
const smSdk = () => (smModule ??= require("@aws-sdk/client-secrets-manager") as typeof import("@aws-sdk/client-secrets-manager"));
/* eslint-enable @typescript-eslint/no-require-imports */

function makeContext(opts: ResolveApiKeyOptions): FlowContext {
    // Same region for the calls and the cache key, whatever clientConfig says.
    const config = { ...opts.clientConfig, region: opts.region };
    const owned: Array<{ destroy(): void }> = [];
    let ssm = opts.clients?.ssm;
    let sm = opts.clients?.secretsManager;
    return {
        opts,
        cacheKey: { account: opts.account, region: opts.region, stackName: opts.cacheEntry ?? opts.stackName },
        log: opts.log ?? (() => undefined),
        warn: opts.warn ?? (() => undefined),
        ssm: () => (ssm ??= own(owned, new (ssmSdk().SSMClient)(config))),
        secretsManager: () => (sm ??= own(owned, new (smSdk().SecretsManagerClient)(config))),
        dispose: () => owned.forEach(c => c.destroy()),
    };
}

function own<T extends { destroy(): void }>(owned: Array<{ destroy(): void }>, client: T): T {
    owned.push(client);
    return client;
}

/** The decrypted parameter value, or undefined when the parameter does not exist. */
async function getParameter(ctx: FlowContext, knownValue?: string, parameterName = ctx.opts.parameterName): Promise<string | undefined> {
    let out;
    try {
        out = await ctx.ssm().send(new (ssmSdk().GetParameterCommand)({ Name: parameterName, WithDecryption: true }));
    } catch (e) {
        if (errorCode(e) === "ParameterNotFound") return undefined;
        throw flowError(ctx, "ssm:GetParameter", e, knownValue);
    }
    const p = out.Parameter;
    if (p?.Value === undefined) {
        throw flowError(ctx, "ssm:GetParameter", new Error("the response holds no parameter value"));
    }
    if (p.Type !== "SecureString") {
        ctx.warn(
            `SSM parameter ${parameterName} in ${ctx.opts.region} is a ${p.Type}, not a SecureString; its value is stored unencrypted`,
        );
    }
    return p.Value;
}

/** Fails when the next generation's parameter exists: the generation was lowered. */
async function checkNotBehind(ctx: FlowContext, newer: string): Promise<void> {
    if ((await getParameter(ctx, undefined, newer)) === undefined) return;
    throw new GenerationBehindError(
        `rotation generation went backwards: SSM parameter ${newer} of a later generation exists in ${ctx.opts.region}; ` +
            `set rotation.generation back to the latest generation (a generation is never reused)`,
        "ssm:GetParameter",
        ctx.opts.parameterName,
        ctx.opts.region,
        "ssm:GetParameter",
        undefined,
        undefined,
    );
}

async function generateKey(ctx: FlowContext): Promise<string> {
    let out;
    try {
        out = await ctx.secretsManager().send(
            new (smSdk().GetRandomPasswordCommand)({
                PasswordLength: API_KEY_LENGTH,
                ExcludeCharacters: API_KEY_EXCLUDED_CHARACTERS,
                ExcludePunctuation: false,
                IncludeSpace: false,
            }),
        );
    } catch (e) {
        throw flowError(ctx, "secretsmanager:GetRandomPassword", e);
    }
    if (!out.RandomPassword) {
        throw flowError(ctx, "secretsmanager:GetRandomPassword", new Error("the response holds no password"));
    }
    return out.RandomPassword;
}

/**
 * Store a new SecureString without Overwrite. If another deploy created it
 * first (ParameterAlreadyExists), its value wins: re-read and use that.
 */
async function createParameter(ctx: FlowContext, value: string): Promise<{ value: string; source: "generated" | "ssm" }> {
    const { parameterName, stackName, kmsKeyId } = ctx.opts;
    ctx.log(`[${parameterName}] Creating new SSM Parameter...`);
    try {
        await ctx.ssm().send(
            new (ssmSdk().PutParameterCommand)({
                Name: parameterName,
                Value: value,
                Type: "SecureString",
                Overwrite: false,
                Description: `API key of the ${stackName} REST API (pulumi-secure-api)`,
                ...(kmsKeyId ? { KeyId: kmsKeyId } : {}),
            }),
        );
        return { value, source: "generated" };
    } catch (e) {
        if (errorCode(e) !== "ParameterAlreadyExists") throw flowError(ctx, "ssm:PutParameter", e, value);
    }
    ctx.log(`[${parameterName}] SSM Parameter was created concurrently by another deploy; using its value`);
    const winner = await getParameter(ctx, value);
    if (winner === undefined) {
        throw flowError(ctx, "ssm:GetParameter", new Error("the parameter was reported as existing but cannot be found"), value);
    }
    return { value: winner, source: "ssm" };
}

async function writeCache(ctx: FlowContext, value: string): Promise<void> {
    if (ctx.opts.cacheFile === undefined) return;
    await writeCachedApiKey(ctx.opts.cacheFile, ctx.cacheKey, value, ctx.warn);
}

// ---- errors ---------------------------------------------------------------

const VERBS: Record<ApiKeyOperation, string> = {
    "ssm:GetParameter": "read",
    "ssm:PutParameter": "create",
    "secretsmanager:GetRandomPassword": "generate a value for",
};

const NETWORK_CODES = new Set([
    "ECONNREFUSED",
    "ECONNRESET",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ETIMEDOUT",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EPIPE",
    "TimeoutError",
]);

function flowError(ctx: FlowContext, operation: ApiKeyOperation, e: unknown, secret?: string): ApiKeyFlowError {
    const { parameterName, region } = ctx.opts;
    const status = httpStatus(e);
    // Some emulators and proxies answer with a body the SDK cannot parse; its
    // parser error says nothing useful, the HTTP status does.
    const unparsed = /Deserialization error/.test(errorMessage(e));
    const code = unparsed ? undefined : errorCode(e);
    const attempts = errorAttempts(e);
    const permission = permissionFor(operation, ctx.opts.kmsKeyId, isKmsError(e));
    // Redact before truncating, so no part of the key survives a cut.
    const detail = unparsed
        ? `${status === 403 ? "access denied or invalid credentials; " : ""}the error response could not be parsed`
        : redact(errorMessage(e), secret).slice(0, 500);
    const facts =
        [code, status ? `HTTP ${status}` : "", attempts && attempts > 1 ? `after ${attempts} attempts` : ""].filter(Boolean).join(", ") ||
        "error";
    const hint =
        code && NETWORK_CODES.has(code)
            ? " The endpoint could not be reached: check the region and any endpoint override (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SSM, AWS_ENDPOINT_URL_SECRETS_MANAGER)."
            : "";
    const message =
        `Cannot ${VERBS[operation]} the API key SSM parameter ${parameterName} in region ${region}: ` +
        `${operation} failed (${facts}): ${detail}.${hint} ` +
        `Required IAM permission: ${permission}.`;
    return new ApiKeyFlowError(message, operation, parameterName, region, permission, code, attempts);
}

function permissionFor(operation: ApiKeyOperation, kmsKeyId: string | undefined, kmsError: boolean): string {
    const kmsAction = operation === "ssm:GetParameter" ? "kms:Decrypt" : operation === "ssm:PutParameter" ? "kms:Encrypt" : undefined;
    if (kmsAction && kmsKeyId) return `${operation} and ${kmsAction} on KMS key ${kmsKeyId}`;
    if (kmsAction && kmsError) return `${operation} and ${kmsAction} on the parameter's KMS key`;
    return operation;
}

function isKmsError(e: unknown): boolean {
    const code = errorCode(e) ?? "";
    return /kms|InvalidKeyId/i.test(code) || /\bkms\b/i.test(errorMessage(e));
}

function errorCode(e: unknown): string | undefined {
    if (typeof e !== "object" || e === null) return undefined;
    const err = e as { name?: unknown; code?: unknown; Code?: unknown };
    for (const c of [err.code, err.Code, err.name]) {
        if (typeof c === "string" && c !== "" && c !== "Error") return c;
    }
    // Node network errors from another realm (e.g. under Jest) reach us re-wrapped
    // by the SDK with the code only in the message.
    return NETWORK_CODE_IN_TEXT.exec(errorMessage(e))?.[1];
}

const NETWORK_CODE_IN_TEXT = new RegExp(`\\b(${[...NETWORK_CODES].filter(c => c.startsWith("E")).join("|")})\\b`);

function errorAttempts(e: unknown): number | undefined {
    const meta = (e as { $metadata?: { attempts?: unknown } } | null)?.$metadata;
    return typeof meta?.attempts === "number" ? meta.attempts : undefined;
}

function httpStatus(e: unknown): number | undefined {
    const meta = (e as { $metadata?: { httpStatusCode?: unknown } } | null)?.$metadata;
    return typeof meta?.httpStatusCode === "number" ? meta.httpStatusCode : undefined;
}

function errorMessage(e: unknown): string {
    // Not `instanceof Error`: errors from another realm would lose their message.
    const m =
        typeof e === "string"
            ? e
            : typeof (e as { message?: unknown } | null)?.message === "string"
              ? (e as { message: string }).message
              : "";
    return (m || "no details")
        .replace(/^AWS SDK error wrapper for (Error: )?/, "") // the SDK's wrapper for cross-realm errors
        .replace(/\s+/g, " ")
        .trim()
        .replace(/\.$/, "");
}

/** AWS validation messages can echo request fields; the key must never leak through them. */
function redact(text: string, secret: string | undefined): string {
    return secret ? text.split(secret).join("[redacted]") : text;
}
