// A plugin outlives an engine that dies without shutting it down (SIGKILL, an
// OOM kill, a CI job's timeout, a second Ctrl-C): left parented to init, it
// holds its port and its memory forever. Pulumi's own plugins and language
// hosts watch the engine whose address they were given (Go's
// rpcutil.Healthcheck: grpc.health.v1.Health/Check against it) and exit when
// it is gone; this is the same for this plugin, in the Node entry and the
// single executable alike, plus a cheaper, faster sign: the parent that
// started us is gone (we were re-parented).
//
// What it must not do: exit while the engine is alive but busy, or during a
// long construct (the key flow waiting on AWS). Neither stops the engine's
// gRPC server from answering a health check, and a slow answer is not taken
// for a dead engine: only a refused connection (UNAVAILABLE) twice in a row is.
import * as grpc from "@grpc/grpc-js";

// The engine's rules for a plugin's arguments (flags it may put before its address), as @pulumi/pulumi's
// provider server reads them; its typings do not export them.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parseArgs } = require("@pulumi/pulumi/provider/internals") as {
    parseArgs(args: string[]): { engineAddress: string } | undefined;
};

export interface EngineWatchOptions {
    /** How often the parent is looked at (a getppid call). */
    readonly parentEveryMs?: number;
    /** How often the engine is asked for its health. */
    readonly healthEveryMs?: number;
    /** How long one health check may take before it counts as inconclusive (never as dead). */
    readonly healthDeadlineMs?: number;
    /** Called once when the engine is gone; the plugin exits. */
    readonly onGone?: (why: string) => void;
}

/** Failures in a row that mean the engine is gone: one refused connection could be a blip. */
const FAILURES_TO_EXIT = 2;

/**
 * Watches the engine that started this plugin (args as the engine passes them:
 * its address first). Without an address (a plugin started by hand, for the
 * engine to attach to) there is nothing to watch. Returns what stops watching.
 */
export function watchEngine(args: readonly string[], opts: EngineWatchOptions = {}): () => void {
    const address = parseArgs([...args])?.engineAddress;
    if (!address) return () => undefined;
    const onGone =
        opts.onGone ??
        ((why: string) => {
            process.stderr.write(`pulumi-resource-secure-api: ${why}; exiting\n`);
            process.exit(0);
        });
    let stopped = false;
    const gone = (why: string) => {
        if (stopped) return;
        stop();
        onGone(why);
    };

    // Started by the engine, so our parent is the engine; a new parent means it died.
    const parent = process.ppid;
    const parentTimer = setInterval(() => {
        if (process.ppid !== parent) gone(`the engine (process ${parent}) that started this plugin has exited`);
    }, opts.parentEveryMs ?? 1000);
    parentTimer.unref();

    // Made at the first check, not before the plugin prints its port (start-up is on every pulumi operation's path).
    let client: grpc.Client | undefined;
    let failures = 0;
    let checking = false;
    const healthTimer = setInterval(() => {
        if (checking) return;
        checking = true;
        client ??= new grpc.Client(address, grpc.credentials.createInsecure());
        healthCheck(client, opts.healthDeadlineMs ?? 30_000).then(code => {
            checking = false;
            // UNIMPLEMENTED is an engine that answers (as Go's Healthcheck treats it); a timeout proves nothing.
            failures = code === grpc.status.UNAVAILABLE ? failures + 1 : 0;
            if (failures >= FAILURES_TO_EXIT) gone(`the engine at ${address} no longer answers`);
        });
    }, opts.healthEveryMs ?? 2000);
    healthTimer.unref();

    function stop() {
        stopped = true;
        clearInterval(parentTimer);
        clearInterval(healthTimer);
        client?.close();
    }
    return stop;
}

/**
 * One grpc.health.v1.Health/Check call (the request, HealthCheckRequest with no
 * service named, is the empty message); resolves with its status code, OK on success.
 */
function healthCheck(client: grpc.Client, deadlineMs: number): Promise<grpc.status> {
    return new Promise(resolve => {
        client.makeUnaryRequest(
            "/grpc.health.v1.Health/Check",
            () => Buffer.alloc(0),
            (b: Buffer) => b,
            {},
            new grpc.Metadata(),
            { deadline: Date.now() + deadlineMs },
            (err: grpc.ServiceError | null) => resolve(err ? err.code : grpc.status.OK),
        );
    });
}
