// Stack traces the plugin process does not take. @pulumi/pulumi takes two
// kinds for every resource a program registers, and under the real engine they
// were about a quarter of the plugin's CPU time (bench: engine):
// - Resource.stackTrace: the registering call's stack, sent to the engine and
//   stored in the state as the resource's source position and stack trace. In
//   the plugin those frames are the plugin's own compiled files
//   (".../plugins/resource-secure-api-vX/dist/restApi.js#147,31"), which no
//   user can open: the component itself keeps the position in the user's
//   program, since the program registers it.
// - debuggablePromise: a formatted stack on every promise Pulumi tracks (four
//   per output property of every resource), read only by the leak report a
//   program prints at exit. The report still names each promise by its context.
// Errors keep their stacks: only these two call sites change, and only in the
// plugin (main.ts); a program that uses the component classes inline is untouched.
import * as pulumi from "@pulumi/pulumi";

type StackTraceOwner = { stackTrace?: (skip: number) => unknown[] };
type Debuggable = { debuggablePromise?: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };

/** Turns both off; returns what puts them back (for tests). */
export function skipPluginStackTraces(): () => void {
    const resource = pulumi.Resource as unknown as StackTraceOwner;
    // Internal to the pinned @pulumi/pulumi (pluginStacks.test.ts fails if either moves).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
    const stackTrace = resource.stackTrace;
    const debuggablePromise = debuggable.debuggablePromise;
    if (typeof stackTrace === "function") resource.stackTrace = () => [];
    if (typeof debuggablePromise === "function") {
        debuggable.debuggablePromise = (p, ctx) => {
            const limit = Error.stackTraceLimit;
            Error.stackTraceLimit = 0; // no frames captured, none formatted
            try {
                return debuggablePromise(p, ctx);
            } finally {
                Error.stackTraceLimit = limit;
            }
        };
    }
    return () => {
        resource.stackTrace = stackTrace;
        debuggable.debuggablePromise = debuggablePromise;
    };
}
