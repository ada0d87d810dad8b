// Which auth a `secure-api call` sends, from its flags: an API key (given,
// SSM, stack output, SECURE_API_KEY) and/or a bearer token (--bearer,
// SECURE_API_BEARER), or a SigV4 signature with credentials from the
// component's secret or from the default chain, optionally through a role.
// Usage problems are thrown as UsageError for the CLI to report.
import { apiKeyFromSsm, apiKeyFromStackOutput, type CommandRunner } from "./apiKey";
import type { AwsOptions, Credentials } from "./awsConfig";
import { credentialsFromDefaultChain } from "./defaultCredentials";
import type { AuthMode } from "./failureReason";
import { assumeRole, credentialsFromSecret } from "./iamCredentials";
import type { Auth } from "./request";
import { EXECUTE_API_SERVICE, regionFromUrl } from "./signer";
import { UsageError } from "./usageError";

export interface AuthFlags {
    apiKey?: string;
    bearer?: string;
    apiKeyParam?: string;
    stackOutput?: boolean;
    stack?: string;
    iam?: boolean;
    iamSecret?: string;
    roleArn?: string;
    service?: string;
    region?: string;
    profile?: string;
    endpointUrl?: string;
}

export interface AuthContext {
    env: NodeJS.ProcessEnv;
    runCommand: CommandRunner;
    /** One line per step for --verbose; never given a secret. */
    say(line: string): void;
}

/** The signing region: --region, else the execute-api URL's, else AWS_REGION / AWS_DEFAULT_REGION. */
export function signingRegion(flags: AuthFlags, url: string, env: NodeJS.ProcessEnv): string {
    const region = flags.region ?? regionFromUrl(url) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    if (!region) throw new UsageError(`cannot tell the API's region from ${new URL(url).host}; pass --region (or set AWS_REGION)`);
    return region;
}

async function iamAuth(flags: AuthFlags, url: string, aws: AwsOptions, ctx: AuthContext): Promise<Auth> {
    const region = signingRegion(flags, url, ctx.env);
    let credentials: Credentials;
    if (flags.iamSecret) {
        credentials = await credentialsFromSecret({ ...aws, secretId: flags.iamSecret });
        ctx.say(`* auth: IAM user credentials from secret ${flags.iamSecret}`);
    } else {
        credentials = await credentialsFromDefaultChain({ profile: flags.profile, region: aws.region ?? region });
        ctx.say(`* auth: AWS credentials from the default chain${flags.profile ? ` (profile ${flags.profile})` : ""}`);
    }
    if (flags.roleArn) {
        credentials = await assumeRole({ region: aws.region ?? region, endpoint: aws.endpoint, credentials, roleArn: flags.roleArn });
        ctx.say(`* auth: assumed role ${flags.roleArn}`);
    }
    const service = flags.service ?? EXECUTE_API_SERVICE;
    ctx.say(`* signing: SigV4, service ${service}, region ${region}`);
    return { iam: credentials, region, service };
}

/** Options that only make sense with another one (commander checks the conflicting ones). */
export function checkAuthFlags(flags: AuthFlags): void {
    const signing = Boolean(flags.iam || flags.iamSecret);
    if (flags.roleArn && !signing) throw new UsageError("--role-arn needs --iam or --iam-secret");
    if (flags.service && !signing) throw new UsageError("--service needs --iam or --iam-secret");
    if (flags.stack && !flags.stackOutput) throw new UsageError("--stack needs --stack-output");
}

/** The API key from the key options, else SECURE_API_KEY; undefined when there is none. */
async function apiKey(flags: AuthFlags, aws: AwsOptions, ctx: AuthContext): Promise<string | undefined> {
    if (flags.apiKey) {
        ctx.say("* auth: API key from --api-key");
        return flags.apiKey;
    }
    if (flags.apiKeyParam) {
        const key = await apiKeyFromSsm({ ...aws, parameterName: flags.apiKeyParam });
        ctx.say(`* auth: API key from SSM parameter ${flags.apiKeyParam}`);
        return key;
    }
    if (flags.stackOutput) {
        const key = await apiKeyFromStackOutput({ stack: flags.stack, env: ctx.env, run: ctx.runCommand });
        ctx.say(`* auth: API key from stack output APIKey${flags.stack ? ` of stack ${flags.stack}` : ""}`);
        return key;
    }
    if (ctx.env.SECURE_API_KEY) {
        ctx.say("* auth: API key from SECURE_API_KEY");
        return ctx.env.SECURE_API_KEY;
    }
    return undefined;
}

/**
 * The bearer token from --bearer, else SECURE_API_BEARER. An Authorization
 * header given with -H wins over the variable and conflicts with --bearer.
 */
function bearerToken(flags: AuthFlags, ctx: AuthContext, authorizationHeader: boolean): string | undefined {
    if (flags.bearer !== undefined) {
        if (authorizationHeader) throw new UsageError("-H Authorization and --bearer both set the Authorization header; give one");
        ctx.say("* auth: bearer token from --bearer");
        return flags.bearer;
    }
    if (ctx.env.SECURE_API_BEARER && !authorizationHeader) {
        ctx.say("* auth: bearer token from SECURE_API_BEARER");
        return ctx.env.SECURE_API_BEARER;
    }
    return undefined;
}

/** `authorizationHeader`: the command line already sets Authorization with -H. */
export async function resolveAuth(
    flags: AuthFlags,
    url: string,
    ctx: AuthContext,
    authorizationHeader = false,
): Promise<{ auth?: Auth; mode: AuthMode }> {
    checkAuthFlags(flags);
    const aws: AwsOptions = { region: flags.region ?? regionFromUrl(url), profile: flags.profile, endpoint: flags.endpointUrl };
    if (flags.iam || flags.iamSecret) return { auth: await iamAuth(flags, url, aws, ctx), mode: "iam" };
    const bearer = bearerToken(flags, ctx, authorizationHeader);
    const key = await apiKey(flags, aws, ctx);
    // A token given with -H Authorization counts as one when saying why a call failed.
    const token = bearer !== undefined || authorizationHeader;
    if (key !== undefined)
        return { auth: bearer !== undefined ? { apiKey: key, bearer } : { apiKey: key }, mode: token ? "api-key+bearer" : "api-key" };
    if (bearer !== undefined) return { auth: { bearer }, mode: "bearer" };
    ctx.say(authorizationHeader ? "* auth: the Authorization header given with -H" : "* auth: none");
    return { mode: authorizationHeader ? "bearer" : "none" };
}
