// Inputs arrive from an SDK in wire form: a property with dependencies comes
// wrapped in an Output even when the schema declares it plain (routes holding
// a Lambda function, for example). The schema says which properties a
// component needs as plain values; this turns those into plain values, or
// fails clearly when one is not known yet, and leaves every other input as it came.
// Inputs named in `checkIfKnown` are handed over as plain values when already
// known, so the component checks them before it registers anything.
import * as pulumi from "@pulumi/pulumi";
import { InputError } from "../shared/inputErrors";

export interface PropertySpec {
    readonly type?: string;
    readonly $ref?: string;
    readonly plain?: boolean;
    readonly items?: PropertySpec;
    readonly additionalProperties?: PropertySpec;
}

export interface PackageSchema {
    readonly resources: Record<string, { inputProperties?: Record<string, PropertySpec>; properties?: Record<string, PropertySpec> }>;
    readonly types?: Record<string, { type?: string; properties?: Record<string, PropertySpec> }>;
}

const LOCAL_TYPE = "#/types/";

export async function plainInputs(
    schema: PackageSchema,
    token: string,
    name: string,
    inputs: pulumi.Inputs,
    checkIfKnown: readonly string[] = [],
): Promise<Record<string, unknown>> {
    const ctx: ShapeContext = { schema, label: `${token.split(":").pop()} "${name}"` };
    const specs = schema.resources[token]?.inputProperties ?? {};
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(inputs)) {
        // An input the schema does not know is an SDK/provider version mismatch; pass it on untouched.
        result[key] = specs[key] ? await shape(ctx, specs[key], value, key, false) : value;
        if (checkIfKnown.includes(key)) result[key] = await valueIfKnown(result[key]);
    }
    return result;
}

interface ShapeContext {
    readonly schema: PackageSchema;
    readonly label: string;
}

async function shape(ctx: ShapeContext, spec: PropertySpec, value: unknown, field: string, plain: boolean): Promise<unknown> {
    const { schema, label } = ctx;
    plain = plain || spec.plain === true;
    if (plain) value = await known(value, field, label);
    if (value === undefined || value === null || pulumi.Output.isInstance(value) || pulumi.Resource.isInstance(value)) return value;

    if (spec.$ref?.startsWith(LOCAL_TYPE) && typeof value === "object" && !Array.isArray(value)) {
        const props = schema.types?.[decodeURIComponent(spec.$ref.slice(LOCAL_TYPE.length))]?.properties;
        if (!props) return value;
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
            out[k] = props[k] ? await shape(ctx, props[k], v, `${field}.${k}`, false) : v;
        }
        return out;
    }
    if (spec.type === "array" && spec.items && Array.isArray(value)) {
        return Promise.all(value.map((v, i) => shape(ctx, spec.items!, v, `${field}[${i}]`, plain)));
    }
    if (spec.type === "object" && spec.additionalProperties && typeof value === "object" && !Array.isArray(value)) {
        const entries = await Promise.all(
            Object.entries(value as Record<string, unknown>).map(
                async ([k, v]) => [k, await shape(ctx, spec.additionalProperties!, v, `${field}.${k}`, plain)] as const,
            ),
        );
        return Object.fromEntries(entries);
    }
    return value;
}

/** The value of an output that is already known (the component then checks it at once), else the output itself. */
async function valueIfKnown(value: unknown): Promise<unknown> {
    if (!pulumi.Output.isInstance(value)) return value;
    const o = value as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
    return (await o.isKnown) ? o.promise() : value;
}

/** The value of a possibly-Output input, which must be known now because it shapes the resource graph. */
async function known(value: unknown, field: string, label: string): Promise<unknown> {
    if (!pulumi.Output.isInstance(value)) return value;
    // isKnown/promise are the Output's own accessors (not in its public typings).
    const o = value as unknown as { isKnown: Promise<boolean>; promise(): Promise<unknown> };
    if (!(await o.isKnown)) {
        throw new InputError(
            label,
            field,
            "<unknown>",
            "must be known when the component is constructed (during preview), but depends on a value only known after deployment",
        );
    }
    return o.promise();
}
