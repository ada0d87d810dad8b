// The plugin's stack-trace trim (pluginStacks.ts): which members it replaces
// in the pinned @pulumi/pulumi, that it takes effect, that errors keep their
// stacks, and that it can be undone. The real-engine suite checks the state.
import * as pulumi from "@pulumi/pulumi";
import { skipPluginStackTraces } from "./pluginStacks";

const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
    debuggablePromise: <T>(p: Promise<T>, ctx: string) => Promise<T>;
};
type Tracked = Promise<number> & { _debugStackTrace?: string; _debugCtx?: string };
/** The promise Pulumi tracks carries the stack and context it recorded. */
function tracked(ctx: string, value = 1): { p: Tracked; result: Promise<number> } {
    const p: Tracked = Promise.resolve(value);
    return { p, result: debuggable.debuggablePromise(p, ctx) };
}
const stackTrace = (skip: number) => (pulumi.Resource as unknown as { stackTrace: (s: number) => unknown[] }).stackTrace(skip);

test("the pinned @pulumi/pulumi still has both members the trim replaces (an upgrade that moves them fails here)", () => {
    expect(typeof (pulumi.Resource as unknown as { stackTrace?: unknown }).stackTrace).toBe("function");
    expect(typeof debuggable.debuggablePromise).toBe("function");
    // Without the trim, both take frames.
    expect(stackTrace(0).length).toBeGreaterThan(0);
    expect(tracked("probe").p._debugStackTrace).toMatch(/\n\s+at /);
});

test("with it, a resource has no stack and a tracked promise no frames, but keeps its context", async () => {
    const restore = skipPluginStackTraces();
    try {
        expect(stackTrace(0)).toEqual([]);
        const { p, result } = tracked("transferProperty(probe)", 7);
        expect(p._debugStackTrace).toMatch(/^Error/);
        expect(p._debugStackTrace).not.toMatch(/\n\s+at /);
        expect(p._debugCtx).toBe("transferProperty(probe)");
        await expect(result).resolves.toBe(7);
        // Errors elsewhere keep their frames: the limit is lowered only inside the call.
        expect(new Error("kept").stack).toMatch(/\n\s+at /);
        expect(Error.stackTraceLimit).toBeGreaterThan(0);
    } finally {
        restore();
    }
    expect(stackTrace(0).length).toBeGreaterThan(0);
    expect(tracked("probe").p._debugStackTrace).toMatch(/\n\s+at /);
});
