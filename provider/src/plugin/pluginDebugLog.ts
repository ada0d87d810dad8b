// The runtime's debug chatter, which the plugin does not send unless asked.
// For every resource it registers, Pulumi's Node runtime sends the engine three
// debug messages ("Registering resource ...", "RPC prepared", "RPC finished"
// with the whole response), one at a time, each waiting for the answer to the
// one before, and a construct cannot answer until the last is through. The
// engine turns each into an event (shown only under --debug) that the
// Automation API also parses. In the plugin they were a tenth of a second on
// the critical path of a 60-resource preview and grew with N (bench: engine).
// Asked means: the engine runs the plugin with verbose logging, as
// `pulumi up --logflow -v=9` does. Our own messages (info, warnings) are
// untouched, and so is a program that uses the component classes inline.
import * as pulumi from "@pulumi/pulumi";

type Log = { debug: (msg: string, ...rest: unknown[]) => Promise<void> };

/** The engine asked for the plugin's logs: `-v=N` (N > 0) among its arguments. */
export function verboseLogging(args: readonly string[]): boolean {
    return args.some(a => /^-v=[1-9]\d*$/.test(a));
}

/** Sends no runtime debug messages unless args ask for verbose logging; returns what undoes it (for tests). */
export function quietRuntimeDebug(args: readonly string[]): () => void {
    // The runtime calls the log module's own export (runtime/resource.js: log.debug), the same object as pulumi.log.
    const log = pulumi.log as unknown as Log;
    const debug = log.debug;
    if (!verboseLogging(args)) log.debug = () => Promise.resolve();
    return () => {
        log.debug = debug;
    };
}
