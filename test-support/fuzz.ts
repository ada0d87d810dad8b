// Settings shared by the property-based (fast-check) tests: one seed for the
// whole run, from SECURE_API_FUZZ_SEED or a fixed default, so a run is
// repeatable; fast-check prints the seed and the counterexample's path when a
// property fails (re-run with SECURE_API_FUZZ_SEED=<seed> to replay it).
import * as fc from "fast-check";
import { InputError } from "../provider/src/shared/inputErrors";

export const DEFAULT_FUZZ_SEED = 20261202;
export const FUZZ_SEED = process.env.SECURE_API_FUZZ_SEED ? Number(process.env.SECURE_API_FUZZ_SEED) : DEFAULT_FUZZ_SEED;

/** fast-check parameters: the run's seed, `numRuns` runs (bounded so the fuzz set stays well under a minute). */
export function fuzzParams<T>(numRuns: number): fc.Parameters<T> {
    return { seed: FUZZ_SEED, numRuns, verbose: 1 };
}

/** Strings as wire input can deliver them: empty, white space, unicode, control characters, huge. */
export const adversarialString = fc.oneof(
    fc.constantFrom(
        "",
        " ",
        "\t",
        "\n",
        "/",
        "//",
        ".",
        "..",
        "{",
        "}",
        "{proxy+}",
        "\u0000",
        "é",
        "😀",
        "\u202e",
        "aws:x",
        "a".repeat(5000),
    ),
    fc.string({ unit: "grapheme", maxLength: 40 }),
    fc.string({ unit: "binary", maxLength: 40 }),
    fc.string({ maxLength: 2000 }),
);

/** Any value the wire can deliver where a field is expected, including nested nulls and wrong types. */
export const wireValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>(tie => ({
    v: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, -0),
        adversarialString,
        fc.integer(),
        fc.double(),
        fc.array(tie("v"), { maxLength: 4 }),
        fc.dictionary(adversarialString, tie("v"), { maxKeys: 4 }),
    ),
})).v;

/**
 * Runs `fn`; it may only return or throw the component's own InputError, whose
 * message reads `<Component> "<name>": <field path> ...` (one problem) or
 * `<Component> "<name>": N invalid inputs:` (several). Returns the error, if any.
 */
export function onlyInputErrors(label: string, fn: () => void): InputError | undefined {
    try {
        fn();
        return undefined;
    } catch (e) {
        if (!(e instanceof InputError))
            throw new Error(`threw ${String((e as Error)?.name)} instead of an InputError: ${String((e as Error)?.message ?? e)}`);
        const prefix = `${label}: `;
        if (!e.message.startsWith(prefix)) throw new Error(`message does not start with ${prefix}: ${e.message}`);
        if (e.problems.length === 0) throw new Error(`no problem listed: ${e.message}`);
        for (const p of e.problems) {
            if (!p.field || !p.reason.startsWith(`${p.field} `) || !/ is invalid: ./s.test(p.reason)) {
                throw new Error(`a problem does not read "<field path> <value> is invalid: <reason>": ${JSON.stringify(p)}`);
            }
            if (e.problems.length === 1 ? e.message !== `${prefix}${p.reason}` : !e.message.includes(`  - ${p.reason}`)) {
                throw new Error(`the message does not carry the problem: ${e.message}`);
            }
        }
        return e;
    }
}
