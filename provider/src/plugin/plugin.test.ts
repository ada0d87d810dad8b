// The plugin as the engine runs it: a child process that prints its port and
// answers GetSchema over gRPC. Needs `make build` (it runs provider/dist).
import { spawn, ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";

const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");

const { GetSchemaRequest } = require("@pulumi/pulumi/proto/provider_pb");

const PROVIDER_DIR = path.join(__dirname, "..", "..");
const BIN = path.join(PROVIDER_DIR, "bin", "pulumi-resource-secure-api");
jest.setTimeout(60_000);

let child: ChildProcess;
let port: number;
let stderr = "";

beforeAll(async () => {
    if (!fs.existsSync(path.join(PROVIDER_DIR, "dist", "main.js"))) {
        throw new Error("provider/dist is missing: run `make build` before the tests");
    }
    child = spawn(process.execPath, [BIN], { stdio: ["ignore", "pipe", "pipe"] });
    child.stderr!.on("data", d => (stderr += d));
    port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", d => {
            out += d;
            const line = out.split("\n")[0];
            if (out.includes("\n")) resolve(Number(line.trim()));
        });
        child.on("exit", code => reject(new Error(`plugin exited (${code}) before printing its port: ${stderr}`)));
    });
});

afterAll(() => child?.kill("SIGKILL"));

test("the plugin prints its port on the first line", () => {
    expect(Number.isInteger(port)).toBe(true);
    expect(port).toBeGreaterThan(0);
});

test("the plugin answers GetSchema with schema.json", async () => {
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
        const schema = await new Promise<string>((resolve, reject) =>
            client.getSchema(new GetSchemaRequest(), (err: Error | null, res: { getSchema(): string }) =>
                err ? reject(err) : resolve(res.getSchema()),
            ),
        );
        expect(JSON.parse(schema)).toEqual(JSON.parse(fs.readFileSync(path.join(PROVIDER_DIR, "schema.json"), "utf8")));
        expect(JSON.parse(schema).name).toBe("secure-api");
    } finally {
        client.close();
    }
    expect(stderr).toBe("");
});
