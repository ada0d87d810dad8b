// A real moto server for the key-flow bench: the same start-up as
// test-support/moto.ts (free 127.0.0.1 port, `moto_server` or $MOTO_SERVER,
// poll /moto-api/ until it answers), in plain JS so the bench needs no ts-jest.
"use strict";
const { spawn } = require("child_process");
const http = require("http");
const net = require("net");

const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

function freePort() {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.unref();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const { port } = srv.address();
            srv.close(() => resolve(port));
        });
    });
}

function request(port, method, path) {
    return new Promise((resolve, reject) => {
        const req = http.request({ host: "127.0.0.1", port, method, path, timeout: 5000 }, res => {
            res.resume();
            res.on("end", () => resolve(res.statusCode ?? 0));
        });
        req.on("error", reject);
        req.on("timeout", () => req.destroy(new Error("timeout")));
        req.end();
    });
}

function motoCommand() {
    const override = process.env.MOTO_SERVER;
    if (override) {
        const parts = override.split(" ").filter(Boolean);
        return [parts[0], parts.slice(1)];
    }
    return ["moto_server", []];
}

async function startMoto(timeoutMs = 30000) {
    const port = await freePort();
    const [cmd, args] = motoCommand();
    let output = "";
    let exited = false;
    const child = spawn(cmd, [...args, "-H", "127.0.0.1", "-p", String(port)], {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, MOTO_ALLOW_NONEXISTENT_REGION: "true" },
    });
    child.stdout.on("data", d => (output += d));
    child.stderr.on("data", d => (output += d));
    child.on("exit", () => (exited = true));
    let spawnError;
    child.on("error", e => (spawnError = new Error(`cannot start moto (${cmd}): ${e.message}; install it with pip install 'moto[server]'`)));

    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (spawnError) throw spawnError;
        if (exited) throw new Error(`moto exited early:\n${output}`);
        try {
            if ((await request(port, "GET", "/moto-api/")) > 0) break;
        } catch {
            /* not listening yet */
        }
        if (Date.now() > deadline) {
            child.kill("SIGKILL");
            throw new Error(`moto did not start within ${timeoutMs} ms:\n${output}`);
        }
        await new Promise(r => setTimeout(r, 100));
    }

    return {
        endpoint: `http://127.0.0.1:${port}`,
        port,
        async reset() {
            const status = await request(port, "POST", "/moto-api/reset");
            if (status !== 200) throw new Error(`moto reset answered HTTP ${status}`);
        },
        stop() {
            return new Promise(resolve => {
                if (exited) return resolve();
                child.once("exit", () => resolve());
                child.kill("SIGTERM");
                setTimeout(() => child.kill("SIGKILL"), 3000).unref();
            });
        },
    };
}

module.exports = { startMoto, MOTO_CREDENTIALS };
