// shared/: input errors, resource names, the AWS context, the generated schema types. Imports nothing
// of the project outside shared/.
//
// Every input error the components raise goes through here, so each one names
// the component, the field and the offending value in one predictable form,
// e.g.  SecureRestApi "api": routes[1].path "/a//b" is invalid: empty path segment.
// Errors are thrown at construction, i.e. during `pulumi preview`. They are
// RunErrors, which Pulumi reports by message alone, without a stack trace.
import * as pulumi from "@pulumi/pulumi";

/** Shows a value in an error message: short, JSON-like, never a whole object graph. */
export function showValue(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value);
    if (value === undefined) return "undefined";
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    try {
        const text = JSON.stringify(value, (_k, v) => (isResourceLike(v) ? "<resource>" : v));
        if (text === undefined) return String(value);
        return text.length > 120 ? `${text.slice(0, 117)}...` : text;
    } catch {
        return String(value);
    }
}

function isResourceLike(v: unknown): boolean {
    return typeof v === "object" && v !== null && "urn" in v && "__pulumiResource" in (v as object);
}

export class InputError extends pulumi.RunError {
    /** Every problem this error stands for (one, or all a checker collected). */
    problems: { field: string; reason: string }[];

    constructor(
        readonly component: string,
        readonly field: string,
        readonly value: unknown,
        readonly reason: string,
        /** Set for secret values: the message then never shows the value itself. */
        secret = false,
    ) {
        super(`${component}: ${field} ${secret ? "[secret]" : showValue(value)} is invalid: ${reason}`);
        this.name = "InputError";
        this.problems = [{ field, reason: this.message.slice(component.length + 2) }];
    }
}

/**
 * Collects input checks for one component so a user sees every problem of a
 * program at once instead of fixing them one preview at a time.
 */
export class InputChecker {
    private readonly errors: InputError[] = [];
    constructor(readonly component: string) {}

    fail(field: string, value: unknown, reason: string, secret = false): void {
        this.errors.push(new InputError(this.component, field, value, reason, secret));
    }

    /** Runs `check`, turning a thrown InputError into a collected one. */
    run(check: () => void): void {
        try {
            check();
        } catch (e) {
            if (e instanceof InputError) this.errors.push(e);
            else throw e;
        }
    }

    get failed(): boolean {
        return this.errors.length > 0;
    }

    /** A view of this checker, collecting into it, whose problems name each field through `rename` (e.g. as the user's file writes it). */
    renamed(rename: (field: string) => string): InputChecker {
        const view = Object.create(this) as InputChecker;
        view.fail = (field, value, reason, secret) => this.fail(rename(field), value, reason, secret);
        return view;
    }

    /** How many problems are collected so far (a check can tell whether its own part failed). */
    get count(): number {
        return this.errors.length;
    }

    /** Throws one error listing every collected problem, if any. */
    throwIfFailed(): void {
        if (this.errors.length === 1) throw this.errors[0];
        if (this.errors.length > 1) {
            const err = new InputError(this.component, "inputs", undefined, "");
            err.problems = this.errors.flatMap(e => e.problems);
            err.message =
                `${this.component}: ${this.errors.length} invalid inputs:\n` + err.problems.map(p => `  - ${p.reason}`).join("\n");
            throw err;
        }
    }
}
