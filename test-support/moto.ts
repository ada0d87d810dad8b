// A real moto server for tests: started on a free 127.0.0.1 port, stopped
// after the suite. Tests reach it with the real AWS SDK v3 clients through
// `endpoint` settings, so request shapes and AWS error codes are moto's, not ours.
import { spawn, ChildProcess } from "child_process";
import * as http from "http";
import * as net from "net";

export interface MotoServer {
    /** e.g. http://127.0.0.1:51234 */
    endpoint: string;
    port: number;
    /** Forget every resource moto holds (between tests). */
    reset(): Promise<void>;
    stop(): Promise<void>;
}

/** Dummy credentials moto accepts; never real ones. */
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

export function request(port: number, method: string, path: string): Promise<number> {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path, timeout: 2000 }, res => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.end();
    });
}

/** The command that runs moto: MOTO_SERVER overrides, else `moto_server` on PATH. */
function motoCommand(): [string, string[]] {
    const override = process.env.MOTO_SERVER;
    if (override) {
        const parts = override.split(" ").filter(Boolean);
        return [parts[0], parts.slice(1)];
    }
    return ["moto_server", []];
}

export async function startMoto(timeoutMs = 30000): Promise<MotoServer> {
    const port = await freePort();
    const [cmd, args] = motoCommand();
    let output = "";
    const child: ChildProcess = spawn(cmd, [...args, "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: "true" },
    });
    child.stdout?.on("data", d => (output += d));
    child.stderr?.on("data", d => (output += d));
    let exited = false;
    child.on("exit", () => (exited = true));
    const spawnError = new Promise<never>((_, reject) =>
        child.on("error", e => reject(new Error(`cannot start moto (${cmd}): ${e.message}; install it with pip install 'moto[server]'`))),
    );

    const deadline = Date.now() + timeoutMs;
    const ready = (async () => {
        for (;;) {
            if (exited) throw new Error(`moto exited early:\n${output}`);
            try {
                if ((await request(port, "GET", "/moto-api/")) > 0) return;
            } catch {
                /* not listening yet */
            }
            if (Date.now() > deadline) throw new Error(`moto did not start within ${timeoutMs} ms:\n${output}`);
            await new Promise(r => setTimeout(r, 100));
        }
    })();
    try {
        await Promise.race([ready, spawnError]);
    } catch (e) {
        child.kill("SIGKILL");
        throw e;
    }

    return {
        endpoint: `http://127.0.0.1:${port}`,
        port,
        async reset() {
            await request(port, "POST", "/moto-api/reset");
        },
        stop() {
            return new Promise<void>(resolve => {
                if (exited) return resolve();
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
                setTimeout(() => child.kill("SIGKILL"), 3000).unref();
            });
        },
    };
}
