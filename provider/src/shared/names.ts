// AWS limits some names (IAM role names to 64 characters, ...). Rather than let
// AWS reject a long {stackName}-derived name at deploy time, names are shortened
// deterministically: the same input always gives the same name, and two long
// names that share a prefix still differ by their hash suffix.
import { createHash } from "crypto";
import { showValue } from "./inputErrors";
import type { InputChecker } from "./inputErrors";

export function shortHash(text: string, length = 8): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

/** `name` itself if it fits in `max` characters, else a prefix + "-" + an 8-hex hash of the whole name. */
export function fitName(name: string, max: number): string {
    if (name.length <= max) return name;
    const hash = shortHash(name);
    return `${name.slice(0, max - hash.length - 1)}-${hash}`;
}

/**
 * `raw` with every character AWS refuses in such a name (`disallowed`, a global
 * pattern) replaced by "_", a hash of `raw` added when any was (two raw names that
 * clean to the same text stay apart), and then fitted to `max`.
 */
export function safeName(raw: string, disallowed: RegExp, max: number): string {
    const clean = raw.replace(disallowed, "_");
    return fitName(clean === raw ? raw : `${clean}-${shortHash(raw)}`, max);
}

/**
 * Keys for resources named after other resources (Pulumi names `names`): the
 * name itself, or, where two share a name (under different parents), the name
 * and a hash of what each serves first (`firstUses`), whatever order routes come in.
 */
export function distinctKeys(names: readonly string[], firstUses: readonly string[]): string[] {
    return names.map((n, i) => (names.filter(m => m === n).length > 1 ? `${n}-${shortHash(firstUses[i])}` : n));
}

/** Characters IAM refuses in a role, user or policy name (IAM's rule: letters, digits and _ + = , . @ -). */
export const IAM_NAME_DISALLOWED = /[^A-Za-z0-9_+=,.@-]/g;

/** Limits AWS puts on the names this package derives. */
export const NAME_LIMITS = {
    iamRole: 64,
    iamUser: 64,
    iamPolicy: 128,
    secretsManagerSecret: 512,
    ssmParameter: 1011,
    apiGatewayName: 1024,
    lambdaStatementId: 100,
} as const;

/**
 * One name a component derives from its inputs: a Pulumi resource name (unique
 * per resource type under the component: `kind` is the type) or an AWS
 * physical name that must be unique (e.g. "SSM parameter"). `field` is the
 * input that makes it, `value` that input's value, `what` says what the name is for.
 */
export interface DerivedName {
    readonly kind: string;
    readonly name: string;
    readonly field: string;
    readonly value: unknown;
    readonly what: string;
}

/** The kind of the AWS-wide (per account and region) names: SSM parameters. */
export const SSM_PARAMETER_KIND = "SSM parameter";

/** The first other entry that derives the same name of the same kind, per entry that repeats one. */
export function nameCollisions(names: readonly DerivedName[]): { first: DerivedName; again: DerivedName }[] {
    const seen = new Map<string, DerivedName>();
    const out: { first: DerivedName; again: DerivedName }[] = [];
    for (const n of names) {
        const key = `${n.kind}\u0000${n.name}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, n);
        else out.push({ first, again: n });
    }
    return out;
}

/**
 * Reports, through `check`, every derived name that two inputs would both make,
 * naming both fields: the engine would otherwise stop on "Duplicate resource
 * URN" (or two keys would share one SSM parameter) after other resources were
 * created.
 */
export function checkDistinctNames(names: readonly DerivedName[], check: InputChecker): void {
    for (const { first, again } of nameCollisions(names)) {
        check.fail(
            again.field,
            again.value,
            `makes the ${again.kind} ${JSON.stringify(again.name)} (${again.what}), which ${first.field} ${showValue(first.value)} ` +
                `already makes (${first.what}); change one of the two`,
        );
    }
}
