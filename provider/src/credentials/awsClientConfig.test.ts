// awsClientConfig against a real moto server: the SDK's own endpoint
// variables, shared-config profiles and retry settings must keep working.
import * as fs from "fs";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { GetRandomPasswordCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { awsClientConfig, DEFAULT_CONNECTION_TIMEOUT_MS } from "./awsClientConfig";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

const REGION = "eu-west-1";
const ENDPOINT_VARS = [
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SSM",
    "AWS_ENDPOINT_URL_SECRETS_MANAGER",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
];
const PROFILE_VARS = [
    "AWS_PROFILE",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
];

let moto: MotoServer;
let closedPort: number;
let tmp: string;
const savedEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
    moto = await startMoto();
    closedPort = await closedLocalPort();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-cfg-"));
    for (const v of [...ENDPOINT_VARS, ...PROFILE_VARS]) savedEnv[v] = process.env[v];
});
afterAll(async () => {
    await moto?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
});
beforeEach(() => moto.reset());
afterEach(() => {
    for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
});

/** A 127.0.0.1 port nobody listens on: connections are refused at once. */
function closedLocalPort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const srv = net.createServer();
        srv.on("error", reject);
        srv.listen(0, "127.0.0.1", () => {
            const port = (srv.address() as net.AddressInfo).port;
            srv.close(() => resolve(port));
        });
    });
}

/** Seeds a parameter through an explicitly configured client, independent of the code under test. */
async function seedParameter(name: string, value: string): Promise<void> {
    const ssm = new SSMClient({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
    await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: "SecureString" }));
    ssm.destroy();
}

type Handler = (args: { input: object; request?: unknown }) => Promise<{ output: unknown }>;
interface Stack {
    add(
        mw: (next: Handler, context: { commandName?: string }) => Handler,
        options: { step: "initialize" | "deserialize"; name: string },
    ): void;
}

/** Counts HTTP attempts (deserialize runs once per attempt, inside the SDK's retry loop) and captures request headers. */
function watchAttempts(client: SSMClient | SecretsManagerClient): { attempts: number; authorization: string[] } {
    const seen = { attempts: 0, authorization: [] as string[] };
    (client.middlewareStack as unknown as Stack).add(
        next => async args => {
            seen.attempts++;
            const headers = (args.request as { headers?: Record<string, string> } | undefined)?.headers ?? {};
            seen.authorization.push(headers.authorization ?? headers.Authorization ?? "");
            return next(args);
        },
        { step: "deserialize", name: "watchAttempts" },
    );
    return seen;
}

describe("awsClientConfig (shape)", () => {
    test("sets only what was given, so the SDK's env and config-file lookups stay in effect", () => {
        const config = awsClientConfig({ region: REGION });
        expect(config).toEqual({
            region: REGION,
            requestHandler: { connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS, requestTimeout: 30_000 },
        });
        for (const key of ["profile", "endpoint", "credentials", "maxAttempts", "retryMode"]) {
            expect(Object.prototype.hasOwnProperty.call(config, key)).toBe(false);
        }
    });

    test("passes profile, endpoint, credentials and retry settings through", () => {
        const config = awsClientConfig({
            region: REGION,
            profile: "dev",
            endpoint: "http://127.0.0.1:4566",
            credentials: MOTO_CREDENTIALS,
            maxAttempts: 7,
            retryMode: "adaptive",
            connectionTimeoutMs: 1000,
            requestTimeoutMs: 2000,
        });
        expect(config).toEqual({
            region: REGION,
            profile: "dev",
            endpoint: "http://127.0.0.1:4566",
            credentials: MOTO_CREDENTIALS,
            maxAttempts: 7,
            retryMode: "adaptive",
            requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
        });
        // Type-level check: the same object configures both clients.
        new SSMClient(config).destroy();
        new SecretsManagerClient(config).destroy();
    });

    test("rejects a missing region and a bad maxAttempts", () => {
        expect(() => awsClientConfig({ region: "" })).toThrow(/region is required/);
        expect(() => awsClientConfig({ region: REGION, maxAttempts: 0 })).toThrow(/maxAttempts must be an integer >= 1, got 0/);
    });
});

describe("endpoints (moto)", () => {
    test("an explicit endpoint reaches moto", async () => {
        await seedParameter("/explicit/api-key", "explicit-value-0123456789");
        const ssm = new SSMClient(awsClientConfig({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }));
        const out = await ssm.send(new GetParameterCommand({ Name: "/explicit/api-key", WithDecryption: true }));
        ssm.destroy();
        expect(out.Parameter?.Value).toBe("explicit-value-0123456789");
    });

    test("AWS_ENDPOINT_URL reaches moto for both services without an endpoint option", async () => {
        await seedParameter("/env/api-key", "env-value-0123456789abc");
        process.env.AWS_ENDPOINT_URL = moto.endpoint;
        const config = awsClientConfig({ region: REGION, credentials: MOTO_CREDENTIALS });
        expect(config.endpoint).toBeUndefined();
        const ssm = new SSMClient(config);
        const sm = new SecretsManagerClient(config);
        const param = await ssm.send(new GetParameterCommand({ Name: "/env/api-key", WithDecryption: true }));
        const pw = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 12 }));
        ssm.destroy();
        sm.destroy();
        expect(param.Parameter?.Value).toBe("env-value-0123456789abc");
        expect(pw.RandomPassword).toHaveLength(12);
    });

    test("AWS_ENDPOINT_URL_SSM / _SECRETS_MANAGER win over AWS_ENDPOINT_URL", async () => {
        await seedParameter("/svc/api-key", "svc-value-0123456789abcd");
        // The generic variable points at a closed port: only the per-service ones can succeed.
        process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${closedPort}`;
        process.env.AWS_ENDPOINT_URL_SSM = moto.endpoint;
        process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = moto.endpoint;
        const config = awsClientConfig({ region: REGION, credentials: MOTO_CREDENTIALS, maxAttempts: 1 });
        const ssm = new SSMClient(config);
        const sm = new SecretsManagerClient(config);
        const param = await ssm.send(new GetParameterCommand({ Name: "/svc/api-key", WithDecryption: true }));
        const pw = await sm.send(new GetRandomPasswordCommand({ PasswordLength: 20 }));
        ssm.destroy();
        sm.destroy();
        expect(param.Parameter?.Value).toBe("svc-value-0123456789abcd");
        expect(pw.RandomPassword).toHaveLength(20);
    });

    test("an explicit endpoint wins over the environment", async () => {
        process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${closedPort}`;
        process.env.AWS_ENDPOINT_URL_SSM = `http://127.0.0.1:${closedPort}`;
        const sm = new SecretsManagerClient(awsClientConfig({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }));
        const ssm = new SSMClient(awsClientConfig({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }));
        await expect(sm.send(new GetRandomPasswordCommand({ PasswordLength: 16 }))).resolves.toMatchObject({
            RandomPassword: expect.any(String),
        });
        await expect(ssm.send(new GetParameterCommand({ Name: "/none" }))).rejects.toMatchObject({ name: "ParameterNotFound" });
        sm.destroy();
        ssm.destroy();
    });
});

describe("profile (moto)", () => {
    function writeProfileFiles(name: string): void {
        const config = path.join(tmp, `config-${name}`);
        const credentials = path.join(tmp, `credentials-${name}`);
        fs.writeFileSync(config, `[profile moto-dev]\nregion = ${REGION}\nendpoint_url = ${moto.endpoint}\n`);
        fs.writeFileSync(
            credentials,
            "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = x\n\n[moto-dev]\naws_access_key_id = PROFILEKEY\naws_secret_access_key = testing\n",
        );
        // Fresh paths per test: the SDK caches shared-config files by path.
        process.env.AWS_CONFIG_FILE = config;
        process.env.AWS_SHARED_CREDENTIALS_FILE = credentials;
        for (const v of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", ...ENDPOINT_VARS])
            delete process.env[v];
    }

    test("the profile option selects that profile's shared credentials", async () => {
        await seedParameter("/profile/api-key", "profile-value-0123456789");
        writeProfileFiles("option");
        const ssm = new SSMClient(awsClientConfig({ region: REGION, profile: "moto-dev", endpoint: moto.endpoint }));
        const seen = watchAttempts(ssm);
        const out = await ssm.send(new GetParameterCommand({ Name: "/profile/api-key", WithDecryption: true }));
        ssm.destroy();
        expect(out.Parameter?.Value).toBe("profile-value-0123456789");
        expect(seen.authorization[0]).toContain("Credential=PROFILEKEY/");
    });

    test("with AWS_PROFILE (no profile option) the SDK applies the profile's credentials and endpoint_url", async () => {
        // The SDK reads `endpoint_url` from AWS_PROFILE's section, not from the
        // client's `profile` option, so this path needs the environment variable.
        await seedParameter("/envprofile/api-key", "envprofile-value-012345");
        writeProfileFiles("env");
        process.env.AWS_PROFILE = "moto-dev";
        const ssm = new SSMClient(awsClientConfig({ region: REGION }));
        const seen = watchAttempts(ssm);
        const out = await ssm.send(new GetParameterCommand({ Name: "/envprofile/api-key", WithDecryption: true }));
        ssm.destroy();
        expect(out.Parameter?.Value).toBe("envprofile-value-012345");
        expect(seen.authorization[0]).toContain("Credential=PROFILEKEY/");
    });
});

describe("retries are the SDK's own", () => {
    test("maxAttempts bounds the attempts against an unreachable endpoint", async () => {
        const ssm = new SSMClient(
            awsClientConfig({ region: REGION, endpoint: `http://127.0.0.1:${closedPort}`, credentials: MOTO_CREDENTIALS, maxAttempts: 2 }),
        );
        const seen = watchAttempts(ssm);
        const err = await ssm.send(new GetParameterCommand({ Name: "/x" })).catch((e: unknown) => e);
        ssm.destroy();
        // (Under Jest the SDK re-wraps Node's cross-realm error, keeping the code only in the message.)
        expect(err).toMatchObject({ message: expect.stringContaining("ECONNREFUSED"), $metadata: { attempts: 2 } });
        expect(seen.attempts).toBe(2);
    });

    test("without maxAttempts the SDK default (3) applies, and AWS_MAX_ATTEMPTS is honoured", async () => {
        const make = () =>
            new SSMClient(awsClientConfig({ region: REGION, endpoint: `http://127.0.0.1:${closedPort}`, credentials: MOTO_CREDENTIALS }));
        const first = make();
        const seenDefault = watchAttempts(first);
        await first.send(new GetParameterCommand({ Name: "/x" })).catch(() => undefined);
        first.destroy();
        expect(seenDefault.attempts).toBe(3);

        const saved = process.env.AWS_MAX_ATTEMPTS;
        process.env.AWS_MAX_ATTEMPTS = "4";
        try {
            const second = make();
            const seenEnv = watchAttempts(second);
            await second.send(new GetParameterCommand({ Name: "/x" })).catch(() => undefined);
            second.destroy();
            expect(seenEnv.attempts).toBe(4);
        } finally {
            if (saved === undefined) delete process.env.AWS_MAX_ATTEMPTS;
            else process.env.AWS_MAX_ATTEMPTS = saved;
        }
    });
});
