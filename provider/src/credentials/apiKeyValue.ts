// Where SecureRestApi's API key value comes from, in Pulumi terms:
//   apiKeyValue given → that (a secret);   test: true → "test123";
//   apiKeySource "random" → a RandomPassword kept only in Pulumi state;
//   else (ssm) → the key flow (apiKeyFlow.ts: cache → SSM → generate), run
//   inside an apply over the account and region of the component's provider.
// Every path yields a Pulumi secret.
import * as os from "os";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { resolveCacheFile } from "./apiKeyCache";
import { ApiKeyFlowError, GenerationBehindError, resolveApiKey } from "./apiKeyFlow";
import { lateCheck } from "../shared/lateChecks";
import type { AwsContext } from "../shared/awsContext";
import { awsClientConfig } from "./awsClientConfig";
import { InputChecker, InputError } from "../shared/inputErrors";
import type { SecureRestApiArgs } from "../shared/schema-types";
import { ApiKeySourceValues } from "../shared/schema-types";

/** API Gateway's limits on an API key value. */
export const API_KEY_LENGTH = { min: 20, max: 128 } as const;
export const TEST_API_KEY = "test123";

export type ApiKeyPlan =
    | { kind: "given"; value: pulumi.Input<string> }
    | { kind: "test"; value?: string }
    | { kind: "random" }
    | {
          kind: "ssm";
          parameterName: string;
          kmsKeyId?: pulumi.Input<string>;
          cacheFile?: string;
          /** The cache entry (apiKeyFlow.ts); default the stackName. */
          cacheEntry?: string;
          /** Rotation: the next generation's parameter, whose existence means the generation went backwards. */
          newerGenerationParameter?: string;
      };

type KeyInputs = Pick<
    SecureRestApiArgs,
    "apiKeyValue" | "apiKeySource" | "apiKeyParameterName" | "kmsKeyId" | "cacheFile" | "cache" | "test"
>;

/** Reason an API key value is unacceptable to API Gateway, or undefined. Never includes the value. */
export function apiKeyValueProblem(value: unknown): string | undefined {
    if (typeof value !== "string") return "must be a string";
    if (value.length < API_KEY_LENGTH.min || value.length > API_KEY_LENGTH.max) {
        return `must be ${API_KEY_LENGTH.min} to ${API_KEY_LENGTH.max} characters (API Gateway's rule); it has ${value.length}`;
    }
    if (!/^[\x21-\x7e]+$/.test(value)) return "must be printable ASCII without spaces";
    return undefined;
}

// SSM's rules for parameter names, checked here rather than failing at deploy time
// ("Parameter name requirements" and "hierarchies" in the Systems Manager user guide:
// at most 1011 characters, at most 15 levels, no aws/ssm prefix).
export function parameterNameProblem(name: string): string | undefined {
    if (name.length === 0 || name.length > 1011) return "must be 1 to 1011 characters";
    if (!/^[A-Za-z0-9_.\-/]+$/.test(name)) return 'may contain only letters, digits, "_", ".", "-" and "/"';
    if (name.includes("/") && !name.startsWith("/")) return 'a hierarchical name must start with "/"';
    if (/^\/?(aws|ssm)/i.test(name)) return 'must not start with "aws" or "ssm" (reserved by AWS)';
    if (name.split("/").length - 1 > 15) return "may have at most 15 levels";
    if (name.includes("//") || name.endsWith("/")) return "must not contain an empty level";
    return undefined;
}

/** Decides (and checks) where the key comes from; no AWS call, no Pulumi resource yet. */
export function planApiKey(args: KeyInputs, stackName: string, check: InputChecker): ApiKeyPlan {
    const source = args.apiKeySource;
    if (source !== undefined && !(ApiKeySourceValues as readonly unknown[]).includes(source)) {
        check.fail("apiKeySource", source, `must be one of ${ApiKeySourceValues.join(", ")}`);
    }
    if (args.apiKeyValue !== undefined) {
        if (source !== undefined)
            check.fail("apiKeySource", source, "cannot be combined with apiKeyValue (the value given is used as it is)");
        if (args.test) check.fail("test", args.test, "cannot be combined with apiKeyValue");
        if (!pulumi.Output.isInstance(args.apiKeyValue)) {
            const problem = apiKeyValueProblem(args.apiKeyValue);
            if (problem) check.fail("apiKeyValue", args.apiKeyValue, problem, true);
        }
        return { kind: "given", value: args.apiKeyValue };
    }
    if (args.test) return { kind: "test" };
    if (source === "random") return { kind: "random" };

    let parameterName = args.apiKeyParameterName ?? `/${stackName}/api-key`;
    const problem = typeof parameterName === "string" ? parameterNameProblem(parameterName) : "must be a string";
    if (problem) check.fail("apiKeyParameterName", parameterName, problem);
    // Reported above; the default stands in, so the names derived from it can still be checked.
    if (typeof parameterName !== "string") parameterName = `/${stackName}/api-key`;
    if (args.cacheFile !== undefined && (typeof args.cacheFile !== "string" || args.cacheFile.trim() === "")) {
        check.fail("cacheFile", args.cacheFile, "must be a non-empty path");
    }
    // A cacheFile that is not a string was reported above; the default stands in for it.
    const cacheFile =
        args.cache === false
            ? undefined
            : resolveCacheFile({
                  input: typeof args.cacheFile === "string" && args.cacheFile.trim() !== "" ? args.cacheFile : undefined,
                  config: new pulumi.Config("secure-api").get("cacheFile"),
                  env: process.env,
                  homedir: os.homedir(),
              });
    return { kind: "ssm", parameterName, kmsKeyId: args.kmsKeyId, cacheFile };
}

export interface ApiKeyValueContext {
    readonly name: string;
    /** The component's label for errors, e.g. `SecureRestApi "api"` (default: SecureRestApi and `name`). */
    readonly label?: string;
    /** The rotation generation that decided this key, named in the error when SSM holds a later one. */
    readonly generationField?: { readonly field: string; readonly value: number };
    readonly parent: pulumi.Resource;
    readonly stackName: string;
    /** Called only when the key flow needs the account and region (never in test mode). */
    readonly aws: () => AwsContext;
    readonly profile?: pulumi.Input<string>;
}

/** The key value as a Pulumi secret; unknown during a preview when no key exists yet. */
export function apiKeyValue(plan: ApiKeyPlan, ctx: ApiKeyValueContext): pulumi.Output<string> {
    switch (plan.kind) {
        case "given":
            return pulumi.secret(
                lateCheck(
                    labelOf(ctx),
                    pulumi.output(plan.value).apply(v => checkedApiKeyValue(v, ctx.name, ctx.label)),
                ),
            );
        case "test":
            return pulumi.secret(plan.value ?? TEST_API_KEY);
        case "random":
            return new random.RandomPassword(`${ctx.name}-api-key`, { length: 40, special: false }, { parent: ctx.parent }).result;
        case "ssm":
            return pulumi.secret(lateCheck(labelOf(ctx), ssmKeyValue(plan, ctx)));
    }
}

const labelOf = (ctx: Pick<ApiKeyValueContext, "name" | "label">) => ctx.label ?? `SecureRestApi "${ctx.name}"`;

/** A given key value once known (it may come as an output), or a clean error that does not show it. */
export function checkedApiKeyValue(value: string, name: string, label?: string): string {
    const problem = apiKeyValueProblem(value);
    if (problem) throw new InputError(label ?? `SecureRestApi "${name}"`, "apiKeyValue", value, problem, true);
    return value;
}

function ssmKeyValue(plan: Extract<ApiKeyPlan, { kind: "ssm" }>, ctx: ApiKeyValueContext): pulumi.Output<string> {
    const profile = flowProfile(ctx.profile);
    const aws = ctx.aws();
    return pulumi.all([aws.accountId, aws.region, profile, plan.kmsKeyId]).apply(async ([account, region, prof, kmsKeyId]) => {
        const value = await runKeyFlow(plan, ctx, { account, region, profile: prof, kmsKeyId });
        // Preview with no key yet: the value is decided by `pulumi up`.
        return value === undefined ? (pulumi.unknown as unknown as string) : value;
    });
}

/**
 * The AWS profile of the flow's SDK calls: the profile input, else the aws:profile
 * config, else none, so the SDK falls back to AWS_PROFILE by itself.
 */
export function flowProfile(input: pulumi.Input<string> | undefined): pulumi.Input<string> | undefined {
    return input ?? new pulumi.Config("aws").get("profile");
}

/** The key flow for one account and region; undefined in a preview when no key exists yet. */
export async function runKeyFlow(
    plan: Extract<ApiKeyPlan, { kind: "ssm" }>,
    ctx: Pick<ApiKeyValueContext, "name" | "parent" | "stackName" | "label" | "generationField">,
    where: { account: string; region: string; profile?: string; kmsKeyId?: string },
): Promise<string | undefined> {
    try {
        const result = await resolveApiKey({
            account: where.account,
            region: where.region,
            stackName: ctx.stackName,
            parameterName: plan.parameterName,
            cacheEntry: plan.cacheEntry,
            newerGenerationParameter: plan.newerGenerationParameter,
            kmsKeyId: where.kmsKeyId,
            cacheFile: plan.cacheFile,
            dryRun: pulumi.runtime.isDryRun(),
            clientConfig: awsClientConfig({ region: where.region, profile: where.profile }),
            log: msg => pulumi.log.info(msg, ctx.parent),
            warn: msg => pulumi.log.warn(msg, ctx.parent),
        });
        return result.value;
    } catch (e) {
        // A lowered generation is an input error of the rotation's generation, on the component.
        if (e instanceof GenerationBehindError && ctx.generationField) {
            throw new InputError(labelOf(ctx), ctx.generationField.field, ctx.generationField.value, e.message);
        }
        // The flow's errors already say what failed and which permission is missing; no stack needed.
        throw e instanceof ApiKeyFlowError ? new pulumi.RunError(`${labelOf(ctx)}: ${e.message}`) : e;
    }
}
