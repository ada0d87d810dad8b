// The plugin exits once the engine that started it is gone (engineWatch.ts),
// and only then: against a stand-in engine serving grpc.health.v1 (as the
// real one does), in-process for the health rules and as the real plugin
// process (provider/dist/main.js, built by `make build`) for the exits.
import * as grpc from "@grpc/grpc-js";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { watchEngine } from "./engineWatch";

const MAIN = path.join(__dirname, "..", "..", "dist", "main.js");

/** A stand-in engine: grpc.health.v1.Health/Check answering SERVING after `delayMs`, or not served at all. */
async function fakeEngine(opts: { delayMs?: number; health?: boolean } = {}) {
    const server = new grpc.Server();
    if (opts.health !== false) {
        const identity = (b: Buffer) => b;
        const check = {
            path: "/grpc.health.v1.Health/Check",
            requestStream: false,
            responseStream: false,
            requestSerialize: identity,
            requestDeserialize: identity,
            responseSerialize: identity,
            responseDeserialize: identity,
        };
        // HealthCheckResponse{status: SERVING}: field 1, varint 1.
        server.addService(
            { check },
            {
                check: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) =>
                    setTimeout(() => cb(null, Buffer.from([8, 1])), opts.delayMs ?? 0),
            },
        );
    }
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
    );
    return { address: `127.0.0.1:${port}`, stop: () => server.forceShutdown() };
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe("watchEngine, in-process", () => {
    const fast = { parentEveryMs: 60_000, healthEveryMs: 50, healthDeadlineMs: 100 };

    test("an engine that answers is never taken for gone; one that stops answering is, within a few checks", async () => {
        const engine = await fakeEngine();
        const gone: string[] = [];
        const stop = watchEngine([engine.address], { ...fast, onGone: why => gone.push(why) });
        await sleep(600);
        expect(gone).toEqual([]);
        engine.stop();
        for (let i = 0; i < 40 && gone.length === 0; i++) await sleep(50);
        stop();
        expect(gone).toEqual([`the engine at ${engine.address} no longer answers`]);
    });

    test("a busy engine (answers slower than the deadline) and one without the health service are alive", async () => {
        const slow = await fakeEngine({ delayMs: 300 });
        const bare = await fakeEngine({ health: false });
        const gone: string[] = [];
        const stops = [slow, bare].map(e => watchEngine(["--logtostderr", "-v=9", e.address], { ...fast, onGone: why => gone.push(why) }));
        await sleep(1200);
        stops.forEach(s => s());
        slow.stop();
        bare.stop();
        expect(gone).toEqual([]);
    });

    test("a plugin started by hand (no engine address, for the engine to attach to) watches nothing", async () => {
        const gone: string[] = [];
        watchEngine([], { ...fast, onGone: why => gone.push(why) })();
        watchEngine(["--logtostderr"], { ...fast, onGone: why => gone.push(why) })();
        await sleep(200);
        expect(gone).toEqual([]);
    });
});

describe("the plugin process", () => {
    jest.setTimeout(60_000);
    const exited = (child: ChildProcess) => new Promise<number | null>(resolve => child.once("exit", code => resolve(code)));
    const alive = (pid: number) => {
        try {
            process.kill(pid, 0);
            return true;
        } catch {
            return false;
        }
    };

    test("exits within seconds once the engine stops answering, not before", async () => {
        const engine = await fakeEngine();
        const plugin = spawn(process.execPath, [MAIN, engine.address], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        plugin.stderr!.on("data", d => (stderr += d));
        const exit = exited(plugin);
        // Serving: it printed its port, and stays while the engine answers.
        await new Promise(resolve => plugin.stdout!.once("data", resolve));
        await sleep(6000);
        expect(plugin.exitCode).toBeNull();
        engine.stop();
        const started = Date.now();
        await exit;
        expect(Date.now() - started).toBeLessThan(20_000);
        expect(stderr).toContain(`the engine at ${engine.address} no longer answers`);
    });

    test("exits within seconds once its parent (the engine) is killed, though the address still answers", async () => {
        const engine = await fakeEngine();
        // The parent stands for the engine: it starts the plugin, prints its pid, and is then SIGKILLed.
        const parent = spawn("sh", ["-c", `"${process.execPath}" "${MAIN}" ${engine.address} >/dev/null 2>&1 & echo $!; wait`], {
            stdio: ["ignore", "pipe", "ignore"],
        });
        const pid = Number(await new Promise<string>(resolve => parent.stdout!.once("data", d => resolve(String(d).trim()))));
        await sleep(1500);
        expect(alive(pid)).toBe(true);
        parent.kill("SIGKILL");
        let waited = 0;
        while (alive(pid) && waited < 10_000) {
            await sleep(100);
            waited += 100;
        }
        engine.stop();
        if (alive(pid)) process.kill(pid, "SIGKILL");
        expect(waited).toBeLessThan(5000);
    });
});
