// Rotation of SecureRestApi's API keys without downtime (the shared key and
// every client's). A `rotation: { generation, retirePrevious }` input decides
// which generations of a key exist:
//   - generation 0 (or no rotation): the key as today: resource `{name}`,
//     parameter `{parameter}`;
//   - generation N >= 1: a NEW key `{name}-gen{N}` whose value comes from the
//     key flow with its own parameter `{parameter}/gen-{N}` (never the live
//     one's: the flow never overwrites a parameter), attached to the same usage
//     plan, next to generation N-1, which stays enabled and attached until
//     retirePrevious is true (then it is disabled and detached, not deleted);
//   - generations before N-1 leave the program, so Pulumi deletes their API keys
//     (not their SSM parameters), after everything else of the update succeeded.
// No step removes the only working key: the current generation is always
// present, created before the previous one is retired or deleted.
// Lowering the generation cannot be seen at construction (a component does not
// read its own state), so the key flow checks it against SSM at deploy and in a
// preview: if the parameter of generation N+1 exists, it fails before anything is
// read, written, created or deleted (apiKeyFlow.ts, newerGenerationParameter).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiKeyPlan, apiKeyValue, ApiKeyValueContext, parameterNameProblem } from "./apiKeyValue";
import type { InputChecker } from "../shared/inputErrors";
import { DerivedName, fitName, NAME_LIMITS, SSM_PARAMETER_KIND } from "../shared/names";
import type { KeyRotationInputs } from "../shared/schema-types";

export interface RotationSettings {
    readonly generation: number;
    readonly retirePrevious: boolean;
}

/** Checks a rotation input (`field` is e.g. "rotation" or "clients[0].rotation"); undefined when absent. */
export function rotationSettings(field: string, value: KeyRotationInputs | undefined, check: InputChecker): RotationSettings | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== "object" || value === null) {
        check.fail(field, value, "must be an object { generation, retirePrevious? }");
        return undefined;
    }
    const generation = value.generation as unknown;
    if (!Number.isSafeInteger(generation) || (generation as number) < 0) {
        check.fail(`${field}.generation`, generation, "must be a whole number >= 0 (plain, not an output)");
    }
    const retire = value.retirePrevious ?? false;
    if (typeof retire !== "boolean") check.fail(`${field}.retirePrevious`, retire, "must be true or false (plain, not an output)");
    if (retire === true && generation === 0)
        check.fail(`${field}.retirePrevious`, retire, "generation 0 has no previous generation to retire");
    return { generation: generation as number, retirePrevious: retire === true };
}

/**
 * Checks that the rotated key's parameters (up to the next generation's, which the
 * flow looks up) are valid SSM names: `/gen-N` adds a level (at most 15) and characters (at most 1011).
 */
export function checkRotatedParameters(field: string, plan: ApiKeyPlan, rotation: RotationSettings | undefined, check: InputChecker): void {
    if (rotation === undefined || plan.kind !== "ssm" || !Number.isSafeInteger(rotation.generation)) return;
    const next = generationParameterName(plan.parameterName, rotation.generation + 1);
    const problem = parameterNameProblem(next);
    if (problem) check.fail(field, { generation: rotation.generation }, `the rotated key's SSM parameter ${next} ${problem}`);
}

/** The parameter of one generation of the key whose generation-0 parameter is `base`. */
export function generationParameterName(base: string, generation: number): string {
    return generation === 0 ? base : `${base}/gen-${generation}`;
}

/** A generation's Pulumi resource name suffix: "" for generation 0, so its resources keep today's names. */
export function generationSuffix(generation: number): string {
    return generation === 0 ? "" : `-gen${generation}`;
}

/** Where one key's names come from, for keyDerivedNames. */
export interface KeyNaming {
    /** Pulumi resource name of generation 0. */
    readonly resourceName: string;
    readonly plan: ApiKeyPlan;
    readonly rotation?: RotationSettings;
    /** The input that makes the generation-0 resource name (a client's name, or the component's). */
    readonly nameField: string;
    readonly nameValue: unknown;
    /** e.g. "rotation" or "clients[0].rotation". */
    readonly rotationField: string;
    /** The input that makes the generation-0 SSM parameter. */
    readonly parameterField: string;
    /** Whose key, for messages: "the shared key", "client \"alice\"". */
    readonly whose: string;
}

export const API_KEY_NAME_KIND = "Pulumi name of an API key";

/**
 * Every name the key's generations derive: the Pulumi names of its ApiKey (and
 * UsagePlanKey, RandomPassword: the same name, or it plus "-api-key") and the SSM
 * parameters it reads or writes, including the next generation's, which the flow
 * looks up to detect a lowered generation. [] for a rotation already reported invalid.
 */
export function keyDerivedNames(k: KeyNaming): DerivedName[] {
    if (k.rotation !== undefined && !(Number.isSafeInteger(k.rotation.generation) && k.rotation.generation >= 0)) return [];
    const out: DerivedName[] = [];
    for (const gen of keyGenerations(k.plan, k.rotation)) {
        const byRotation = gen.generation > 0;
        const field = byRotation ? `${k.rotationField}.generation` : k.nameField;
        const value = byRotation ? k.rotation!.generation : k.nameValue;
        const what = `${k.whose}, generation ${gen.generation}`;
        out.push({ kind: API_KEY_NAME_KIND, name: `${k.resourceName}${gen.suffix}`, field, value, what });
        if (gen.plan.kind !== "ssm") continue;
        out.push({
            kind: SSM_PARAMETER_KIND,
            name: gen.plan.parameterName,
            field: byRotation ? `${k.rotationField}.generation` : k.parameterField,
            value: byRotation ? k.rotation!.generation : gen.plan.parameterName,
            what,
        });
        if (gen.plan.newerGenerationParameter !== undefined) {
            out.push({
                kind: SSM_PARAMETER_KIND,
                name: gen.plan.newerGenerationParameter,
                field: k.rotation ? `${k.rotationField}.generation` : k.parameterField,
                value: k.rotation ? k.rotation.generation : gen.plan.parameterName,
                what: `${k.whose}: looked up to detect a lowered generation`,
            });
        }
    }
    return out;
}

export interface KeyGeneration {
    readonly generation: number;
    /** generationSuffix(generation). */
    readonly suffix: string;
    readonly plan: ApiKeyPlan;
    /** Enabled and attached to the plan. */
    readonly live: boolean;
}

/** The generations of a key that exist in the program: the current one and, with rotation, the previous one. */
export function keyGenerations(plan: ApiKeyPlan, rotation: RotationSettings | undefined): KeyGeneration[] {
    if (rotation === undefined) return [{ generation: 0, suffix: "", plan, live: true }];
    const current = rotation.generation;
    const gens = current === 0 ? [0] : [current - 1, current];
    return gens.map(g => ({
        generation: g,
        suffix: generationSuffix(g),
        plan: generationPlan(plan, g, g === current),
        live: g === current || !rotation.retirePrevious,
    }));
}

/** One generation's key source; only the current generation checks that no later one exists (the previous one's next is the current). */
function generationPlan(plan: ApiKeyPlan, g: number, current: boolean): ApiKeyPlan {
    switch (plan.kind) {
        case "ssm": {
            const parameterName = generationParameterName(plan.parameterName, g);
            return {
                ...plan,
                parameterName,
                // Generation 0 keeps its cache entry (the reference's); later ones are keyed by parameter.
                cacheEntry: g === 0 ? plan.cacheEntry : parameterName,
                newerGenerationParameter: current ? generationParameterName(plan.parameterName, g + 1) : undefined,
            };
        }
        case "test":
            return { kind: "test", value: g === 0 ? plan.value : `${plan.value ?? "test123"}-gen-${g}` };
        default:
            return plan;
    }
}

export interface ApiKeySpec {
    /** Pulumi resource name of generation 0 (today's `{name}` for the shared key). */
    readonly resourceName: string;
    /** AWS name of generation 0 (before fitName). */
    readonly keyName: string;
    readonly description: string;
    readonly plan: ApiKeyPlan;
    readonly rotation?: RotationSettings;
    /** Where the rotation sits in the inputs ("rotation", "clients[0].rotation"), named when SSM holds a later generation. */
    readonly rotationField: string;
    readonly enabled?: pulumi.Input<boolean>;
    readonly usagePlanId: pulumi.Input<string>;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly value: Omit<ApiKeyValueContext, "name">;
}

export interface CurrentKey {
    readonly value: pulumi.Output<string>;
    readonly apiKey: aws.apigateway.ApiKey;
    readonly parameterName: string;
}

/** The ApiKey and UsagePlanKey of every generation that exists; returns the current generation's. */
export function createApiKeys(spec: ApiKeySpec): CurrentKey {
    let current: CurrentKey | undefined;
    for (const gen of keyGenerations(spec.plan, spec.rotation)) {
        const resourceName = `${spec.resourceName}${gen.suffix}`;
        const opts = { parent: spec.value.parent };
        const generationField = spec.rotation && { field: `${spec.rotationField}.generation`, value: spec.rotation.generation };
        const value = apiKeyValue(gen.plan, { ...spec.value, name: resourceName, generationField });
        const apiKey = new aws.apigateway.ApiKey(
            resourceName,
            {
                // API key names need not be unique in API Gateway; they are for people reading the console.
                name: fitName(gen.generation === 0 ? spec.keyName : `${spec.keyName}-gen-${gen.generation}`, NAME_LIMITS.apiGatewayName),
                description: spec.description,
                value,
                enabled: gen.live ? (spec.enabled ?? true) : false,
                region: spec.region,
                tags: spec.tags,
            },
            opts,
        );
        if (gen.live) {
            new aws.apigateway.UsagePlanKey(
                resourceName,
                {
                    keyId: apiKey.id,
                    keyType: "API_KEY",
                    usagePlanId: spec.usagePlanId,
                    region: spec.region,
                },
                opts,
            );
        }
        current = { value, apiKey, parameterName: gen.plan.kind === "ssm" ? gen.plan.parameterName : "" };
    }
    return current!;
}
