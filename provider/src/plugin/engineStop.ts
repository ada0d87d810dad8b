// When one component of a deployment fails (a bad input, say), the engine
// stops the whole deployment and closes its resource monitor and its
// connection to this plugin. Every other component still being constructed
// then fails with a transport error ("grpc: the client connection is
// closing"), which the engine prints as an error of its own, burying the one
// error that matters. Two remedies: in a preview, a failing construct first
// lets the others finish (InFlight); and a component whose outputs failed only
// because the engine stopped returns what it has (settledState).
import * as pulumi from "@pulumi/pulumi";

// Only the engine's own shutdown messages: an AWS SDK error in the key flow
// (ECONNREFUSED to moto, say) must never be mistaken for one and hidden.
const ENGINE_STOPPED = /grpc: the client connection is closing|resource monitor shut down|Resource monitor is terminating/;

export function isEngineStopped(e: unknown): boolean {
    return ENGINE_STOPPED.test(e instanceof Error ? e.message : String(e));
}

/**
 * The component's state once every output has settled, without the outputs
 * that failed only because the engine stopped; any other failure is thrown
 * as it is.
 */
export async function settledState(state: Record<string, unknown>): Promise<Record<string, unknown>> {
    const failures = await Promise.all(
        Object.values(state).map(async v => {
            if (!pulumi.Output.isInstance(v)) return undefined;
            try {
                await (v as unknown as { promise(): Promise<unknown> }).promise();
                return undefined;
            } catch (e) {
                return { error: e };
            }
        }),
    );
    const real = failures.find(f => f && !isEngineStopped(f.error));
    if (real) throw real.error;
    return Object.fromEntries(Object.entries(state).filter((_, i) => failures[i] === undefined));
}

/** The constructs this plugin process is running, so a failing one can let the others finish. */
export class InFlight {
    private readonly pending = new Set<Promise<void>>();
    /** When a construct last started or ended (ms since the epoch). */
    private lastActivity = 0;

    /** Marks one construct as running; call the returned function (any number of times) when it ends. */
    start(): () => void {
        let end!: () => void;
        const running = new Promise<void>(resolve => (end = resolve));
        this.pending.add(running);
        this.lastActivity = Date.now();
        return () => {
            end();
            if (this.pending.delete(running)) this.lastActivity = Date.now();
        };
    }

    /**
     * Resolves once no construct has run for `quietMs`, or after `ms`. The quiet
     * time lets in the constructs the engine sent a moment after the failing one:
     * a fast plugin fails one before the program's next component reaches it.
     */
    async settle(ms: number, quietMs = 0): Promise<void> {
        const deadline = Date.now() + ms;
        for (let now = Date.now(); now < deadline; now = Date.now()) {
            const quietUntil = this.lastActivity + quietMs;
            if (!this.pending.size && now >= quietUntil) return;
            // While constructs run, wait for them (or the deadline); then for the quiet time to pass.
            const until = this.pending.size ? deadline : Math.min(deadline, quietUntil);
            let timer: NodeJS.Timeout | undefined;
            const wait = new Promise<void>(resolve => (timer = setTimeout(resolve, Math.max(until - now, 1))));
            await Promise.race([...(this.pending.size ? [Promise.all(this.pending)] : []), wait]);
            clearTimeout(timer);
        }
    }
}
