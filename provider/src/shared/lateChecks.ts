// Rule: a check of a component that can only run late (once an output or an AWS
// read resolves: the key flow's rotation check, a region looked up from the
// provider, a list that is an output) completes before any child of the
// component is created. Each such check registers here (lateCheck), and every
// child the component registers gets its inputs gated on all of them: if one
// fails, no child is created at all, not even those that do not use the value
// checked (a `pulumi up` refused late then changes nothing in the account).
// The component's construct in the plugin waits for `done` and reports its
// error once, as a property error of the component naming the field; there the
// children a failed check stops are held (never registered, never an error of
// their own: the engine ends the deployment on the construct's error). Used in
// process (no plugin), they fail instead, all with one error object, which the
// language host reports once: a held child would keep the program waiting.
let holdOnFailure = false;

/** The plugin holds the children of a component whose late check failed (see above). */
export function holdChildrenOnLateFailure(hold: boolean): void {
    holdOnFailure = hold;
}
import * as pulumi from "@pulumi/pulumi";

import { InputError } from "./inputErrors";

/** Per component being built: its late checks (each a promise of a clean copy of its error) and its gate. */
const open = new Map<string, { checks: Promise<void>[]; gate: pulumi.Output<boolean> }>();

const promiseOf = (o: pulumi.Output<unknown>) => (o as unknown as { promise(): Promise<unknown> }).promise();

/**
 * A copy of a check's error, taken when the check fails: the runtime prefixes the
 * error object of an input that fails ("error serializing property ...") in
 * place, once per resource it reaches; the copy keeps the component's message.
 */
function copyOf(e: unknown): Error {
    if (e instanceof InputError) {
        const copy = new InputError(e.component, e.field, e.value, "");
        copy.message = e.message;
        copy.problems = e.problems;
        return copy;
    }
    if (e instanceof pulumi.RunError) return new pulumi.RunError(e.message);
    return e instanceof Error ? Object.assign(new Error(e.message), { name: e.name }) : new Error(String(e));
}

/**
 * Registers `check` (an output that fails with the component's InputError) as a
 * late check of `component` while it is being built, and returns it gated: whatever
 * takes it (a child, an output) reads it only once every late check passed.
 */
export function lateCheck<T>(component: string, check: pulumi.Output<T>): pulumi.Output<T> {
    const entry = open.get(component);
    if (entry === undefined) return check;
    // Subscribed now, before anything else takes the output, so the copy is taken before the runtime touches the error.
    const o = check as unknown as { isKnown: Promise<unknown>; isSecret: Promise<unknown> };
    for (const p of [o.isKnown, o.isSecret]) p.catch(() => undefined);
    entry.checks.push(
        promiseOf(check).then(
            () => undefined,
            e => {
                throw copyOf(e);
            },
        ),
    );
    return entry.gate.apply(() => check);
}

export interface LateChecks {
    /** Resolves once every late check passed (unknown values in a preview count as passed); rejects with the first failure. */
    readonly done: Promise<void>;
    /** Add to the component's options: gates every child's inputs on the late checks. */
    readonly transformation: pulumi.ResourceTransformation;
    /** `o` once every late check passed (never before: a component's outputs do not report a value a failed check stopped). */
    gated<T>(o: T): T;
    /** `obj` with each of its outputs gated. */
    gatedOutputs<T extends object>(obj: T): T;
    /** Runs the component's input checks (which may register late checks); if they throw, stops collecting. */
    during<T>(checks: () => T): T;
    /** Call once the component registered its last child: no late check can be added after. */
    close(): void;
}

/** Starts collecting the late checks of `component` (its label, e.g. `SecureRestApi "api"`). */
export function openLateChecks(component: string): LateChecks {
    const checks: Promise<void>[] = [];
    let release!: (all: Promise<unknown>) => void;
    const all = new Promise<void>((resolve, reject) => {
        release = p => p.then(() => resolve(), reject);
    });
    // `done` rejects with one copy (for the plugin to report on the component), the gate with
    // another, one object for every child it stops: the runtime reports one error object once.
    const done = all.catch(e => {
        throw copyOf(e);
    });
    const stopped = all.then(
        () => true,
        e => {
            if (holdOnFailure) return new Promise<boolean>(() => undefined);
            throw copyOf(e);
        },
    );
    for (const p of [all, done, stopped]) p.catch(() => undefined);
    const gate = pulumi.output(stopped);
    const entry = { checks, gate };
    open.set(component, entry);
    // The gate first, then the value: a child never reads a checked value before every check passed.
    const gated = (v: unknown) => (v === undefined || pulumi.Resource.isInstance(v) ? v : gate.apply(() => v as pulumi.Input<unknown>));
    const gatedOutput = <T>(o: T): T => (pulumi.Output.isInstance(o) ? (gate.apply(() => o) as unknown as T) : o);
    return {
        done,
        gated: gatedOutput,
        gatedOutputs: obj => Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, gatedOutput(v)])) as typeof obj,
        transformation: args => ({ props: Object.fromEntries(Object.entries(args.props).map(([k, v]) => [k, gated(v)])), opts: args.opts }),
        during(run) {
            try {
                return run();
            } catch (e) {
                if (open.get(component) === entry) open.delete(component);
                release(Promise.resolve());
                throw e;
            }
        },
        close() {
            if (open.get(component) === entry) open.delete(component);
            release(Promise.all(checks));
        },
    };
}

/**
 * `value` as a resource input that fails with the usual message naming `field`
 * if `problem` finds one once `value` and `context` resolve: for what cannot be
 * checked at construction (an output, or the region of the provider the
 * component uses). Whatever takes the result is then never created, nor is any
 * other child of the component (lateChecks.ts).
 */
export function failWhenResolved<T, C>(
    component: string,
    field: string,
    value: pulumi.Input<T>,
    context: pulumi.Input<C>,
    problem: (v: T, c: C) => string | undefined,
): pulumi.Output<T> {
    return lateCheck(
        component,
        pulumi.all([value, context]).apply(([v, c]) => {
            const reason = problem(v as T, c as C);
            if (reason !== undefined) throw new InputError(component, field, v, reason);
            return v as T;
        }),
    );
}
