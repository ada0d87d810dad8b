// Shared set-up of the CLI test files: `main(argv, io)` run in-process with
// captured stdout (bytes) and stderr, AWS lookups on a real moto server, the
// API played by a local recording server, and a private AWS config so the
// SDK's default chain sees only what the tests put there.
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { CreateSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../test-support/moto";
import { RecordingServer, startRecordingServer } from "../../test-support/recordingServer";
import { CliIO, main } from "./cli";

export const REGION = "eu-west-1";
// Made-up values; they look like real ones so leak checks are meaningful.
export const KEY = "Zq3vT8pLm2Xc9Rw4Yb7Nd1Hs6Kf0Gj5AeUi8OoPt";
export const USER = { accessKeyId: "AKIAMOTOUSER00000001", secretAccessKey: "userSecretKey/0000000000000000000000000001" };
/** The `other` profile's keys, distinct from moto's default ones. */
export const OTHER = { accessKeyId: "AKIAOTHERPROFILE0001", secretAccessKey: "otherProfileKey/000000000000000000000001" };
export const ROLE_ARN = "arn:aws:iam::123456789012:role/shop-dev@api-invoke-role";
export const SECRET_NAME = "shop-dev/iam-user-credentials";

export interface CliWorld {
    moto: MotoServer;
    api: RecordingServer;
    tmp: string;
    /** --endpoint-url moto --region REGION */
    aws(): string[];
    /** A URL on the recording server. */
    url(p?: string): string;
}

/** Registers the suite's set-up and tear-down; the returned object is filled in by beforeAll. */
export function useCliWorld(): CliWorld {
    const world = {
        aws: () => ["--endpoint-url", world.moto.endpoint, "--region", REGION],
        url: (p = "/prod/hello") => `${world.api.url}${p}`,
    } as CliWorld;
    beforeAll(async () => {
        [world.moto, world.api] = await Promise.all([startMoto(), startRecordingServer()]);
        world.tmp = await fs.mkdtemp(path.join(os.tmpdir(), "secure-api-cli-"));
        const credentialsFile = path.join(world.tmp, "credentials");
        await fs.writeFile(
            credentialsFile,
            `[default]\naws_access_key_id = ${MOTO_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${MOTO_CREDENTIALS.secretAccessKey}\n` +
                `[other]\naws_access_key_id = ${OTHER.accessKeyId}\naws_secret_access_key = ${OTHER.secretAccessKey}\n`,
        );
        await fs.writeFile(path.join(world.tmp, "config"), "");
        for (const name of Object.keys(process.env)) if (/^AWS_/.test(name)) delete process.env[name];
        Object.assign(process.env, {
            AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
            AWS_CONFIG_FILE: path.join(world.tmp, "config"),
            AWS_EC2_METADATA_DISABLED: "true",
        });

        const ssm = new SSMClient({ region: REGION, endpoint: world.moto.endpoint, credentials: MOTO_CREDENTIALS });
        await ssm.send(new PutParameterCommand({ Name: "/shop-dev/api-key", Value: KEY, Type: "SecureString" }));
        ssm.destroy();
        const sm = new SecretsManagerClient({ region: REGION, endpoint: world.moto.endpoint, credentials: MOTO_CREDENTIALS });
        const secret = JSON.stringify({ "access-key-id": USER.accessKeyId, "secret-access-key": USER.secretAccessKey });
        await sm.send(new CreateSecretCommand({ Name: SECRET_NAME, SecretString: secret }));
        sm.destroy();
    });
    afterAll(async () => {
        await Promise.all([world.moto?.stop(), world.api?.close()]);
        if (world.tmp) await fs.rm(world.tmp, { recursive: true, force: true });
    });
    beforeEach(() => world.api.reset());
    return world;
}

export interface Run {
    code: number;
    /** stdout decoded as UTF-8 */
    stdout: string;
    /** stdout exactly as written */
    stdoutBytes: Buffer;
    stderr: string;
}

export async function cli(args: string[], io: Partial<CliIO> = {}): Promise<Run> {
    const out: Buffer[] = [];
    let stderr = "";
    const code = await main(args, {
        stdout: { write: (d: string | Uint8Array) => out.push(typeof d === "string" ? Buffer.from(d, "utf8") : Buffer.from(d)) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { PATH: "/usr/bin:/bin" },
        runCommand: async () => {
            throw new Error("unexpected command");
        },
        readStdin: async () => {
            throw new Error("unexpected read of standard input");
        },
        ...io,
    });
    const stdoutBytes = Buffer.concat(out);
    return { code, stdout: stdoutBytes.toString("utf8"), stdoutBytes, stderr };
}

/** Nothing that grants access appears in the output; also no 40-character key-shaped string. */
export function expectNoSecrets(run: Run, ...secrets: string[]): void {
    const all = run.stdout + run.stderr;
    for (const s of [KEY, USER.secretAccessKey, OTHER.secretAccessKey, ...secrets]) expect(all).not.toContain(s);
    expect(all).not.toMatch(/[A-Za-z0-9/+=]{40,}/);
}

/** Runs `fn` with these process.env changes (undefined removes), then restores them. */
export async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(vars).map(k => [k, process.env[k]]));
    const apply = (values: Record<string, string | undefined>) => {
        for (const [k, v] of Object.entries(values)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    };
    apply(vars);
    try {
        return await fn();
    } finally {
        apply(saved);
    }
}
