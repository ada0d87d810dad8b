// LocalStack (localstack-core, host mode: no Docker, no account) for tests that
// want an AWS peer we did not write: its API Gateway imports an OpenAPI body
// and serves it over real HTTP, enforcing API keys and usage plans (not IAM,
// authorizers or throttling; Lambda needs Docker, so use MOCK or HTTP
// integrations). Installed once by `bash scripts/tool.sh localstack` (a Python
// 3.13 venv, cached outside the checkout; make test installs it first) and
// started here on a free 127.0.0.1 port with its state in a temp dir.
// An imported API is served at {endpoint}/restapis/{id}/{stage}/_user_request_/{path}.
import { spawn, spawnSync, ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freePort, request } from "./moto";

export interface LocalStack {
    /** e.g. http://127.0.0.1:51234: give it to the AWS SDK clients as `endpoint`. */
    endpoint: string;
    port: number;
    stop(): Promise<void>;
}

/** Dummy credentials LocalStack accepts (account 000000000000); never real ones. */
export const LOCALSTACK_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

/** The venv's python, installing LocalStack first if needed (SECURE_API_LOCALSTACK_PYTHON overrides). */
export function localstackPython(): string {
    const given = process.env.SECURE_API_LOCALSTACK_PYTHON;
    if (given) return given;
    const r = spawnSync("bash", [path.join(__dirname, "..", "scripts", "tool.sh"), "localstack"], { encoding: "utf8", timeout: 600_000 });
    if (r.status !== 0) throw new Error(`cannot install LocalStack (bash scripts/tool.sh localstack):\n${r.stderr}`);
    return r.stdout.trim();
}

/** Starts LocalStack with only `services` (e.g. "apigateway,iam,sts"); resolves when it reports them available. */
export async function startLocalStack(services: string, timeoutMs = 120_000): Promise<LocalStack> {
    const python = localstackPython();
    const port = await freePort();
    const state = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-localstack-"));
    let output = "";
    const child: ChildProcess = spawn(python, ["-m", "localstack.runtime.main"], {
        stdio: ["ignore", "pipe", "pipe"],
        env: {
            ...process.env,
            GATEWAY_LISTEN: `127.0.0.1:${port}`,
            GATEWAY_SERVER: "hypercorn",
            DNS_ADDRESS: "0",
            OVERRIDE_IN_DOCKER: "0",
            FILESYSTEM_ROOT: path.join(state, "fs"),
            LOCALSTACK_VOLUME_DIR: path.join(state, "volume"),
            PERSISTENCE: "0",
            DISABLE_EVENTS: "1",
            SKIP_SSL_CERT_DOWNLOAD: "1",
            SERVICES: services,
            AWS_ENDPOINT_URL: "",
        },
    });
    child.stdout?.on("data", d => (output += d));
    child.stderr?.on("data", d => (output += d));
    let exited = false;
    child.on("exit", () => (exited = true));
    const stop = () =>
        new Promise<void>(resolve => {
            const done = () => {
                fs.rmSync(state, { recursive: true, force: true });
                resolve();
            };
            if (exited) return done();
            child.once("exit", done);
            child.kill("SIGTERM");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
        });

    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (exited) throw new Error(`LocalStack exited early:\n${output}`);
        try {
            if ((await request(port, "GET", "/_localstack/health")) === 200 && /Ready\./.test(output)) break;
        } catch {
            /* not listening yet */
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(`LocalStack did not start within ${timeoutMs} ms:\n${output}`);
        }
        await new Promise(r => setTimeout(r, 200));
    }
    return { endpoint: `http://127.0.0.1:${port}`, port, stop };
}
