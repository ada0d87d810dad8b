// resolveApiKey against a real moto server with the real SDK v3 clients.
// Calls are counted by a middleware on the clients, not by mocking;
// aws-sdk-client-mock is used only for error shapes moto cannot produce.
import * as fs from "fs";
import * as http from "http";
import * as net from "net";
import * as os from "os";
import * as path from "path";
import {
    DescribeParametersCommand,
    GetParameterCommand,
    GetParameterHistoryCommand,
    PutParameterCommand,
    SSMClient,
    SSMServiceException,
} from "@aws-sdk/client-ssm";
import { GetRandomPasswordCommand, SecretsManagerClient, SecretsManagerServiceException } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { API_KEY_EXCLUDED_CHARACTERS, API_KEY_LENGTH, ApiKeyFlowError, ResolveApiKeyOptions, resolveApiKey } from "./apiKeyFlow";
import { AwsClientOptions, awsClientConfig } from "./awsClientConfig";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const STACK = "shop-prod";
const PARAM = `/${STACK}/api-key`;
const EXISTING = "existing-key-0123456789-abcdefghijklmnop";

let moto: MotoServer;
let closedPort: number;
let tmp: string;
let cacheFile: string;
let verifier: SSMClient;

beforeAll(async () => {
    moto = await startMoto();
    closedPort = await closedLocalPort();
    verifier = new SSMClient({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
});
afterAll(async () => {
    verifier?.destroy();
    await moto?.stop();
});
beforeEach(async () => {
    await moto.reset();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-flow-"));
    cacheFile = path.join(tmp, "cache", "api-keys.json");
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

// ---- helpers ------------------------------------------------------------------

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

type Handler = (args: { input: object }) => Promise<{ output: unknown }>;
interface Stack {
    add(
        mw: (next: Handler, context: { commandName?: string }) => Handler,
        options: { step: "initialize" | "deserialize"; name: string },
    ): void;
}

interface Call {
    command: string;
    input: Record<string, unknown>;
    output?: Record<string, unknown>;
    /** HTTP attempts the SDK made for this call (retries included). */
    attempts: number;
}

/** Records every command sent through the clients, in order; `hold` can delay a command before it is sent. */
class Recorder {
    readonly calls: Call[] = [];
    hold?: (command: string) => Promise<void>;

    watch(client: SSMClient | SecretsManagerClient): void {
        const stack = client.middlewareStack as unknown as Stack;
        let current: Call | undefined;
        stack.add(
            (next, context) => async args => {
                const call: Call = { command: (context.commandName ?? "?").replace(/Command$/, ""), input: { ...args.input }, attempts: 0 };
                this.calls.push(call);
                if (this.hold) await this.hold(call.command);
                current = call;
                const result = await next(args);
                call.output = result.output as Record<string, unknown>;
                return result;
            },
            { step: "initialize", name: "recordCalls" },
        );
        // Deserialize runs once per HTTP attempt, inside the SDK's retry loop.
        stack.add(
            next => async args => {
                if (current) current.attempts++;
                return next(args);
            },
            { step: "deserialize", name: "countAttempts" },
        );
    }

    get names(): string[] {
        return this.calls.map(c => c.command);
    }

    generated(): string {
        const pw = this.calls.find(c => c.command === "GetRandomPassword")?.output?.RandomPassword;
        if (typeof pw !== "string") throw new Error("no password was generated");
        return pw;
    }
}

interface Harness {
    rec: Recorder;
    ssm: SSMClient;
    sm: SecretsManagerClient;
    logs: string[];
    warnings: string[];
    options(over?: Partial<ResolveApiKeyOptions>): ResolveApiKeyOptions;
}

function harness(clientOptions: Partial<AwsClientOptions> = {}): Harness {
    const config = awsClientConfig({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, ...clientOptions });
    const ssm = new SSMClient(config);
    const sm = new SecretsManagerClient(config);
    const rec = new Recorder();
    rec.watch(ssm);
    rec.watch(sm);
    const logs: string[] = [];
    const warnings: string[] = [];
    return {
        rec,
        ssm,
        sm,
        logs,
        warnings,
        options: over => ({
            account: ACCOUNT,
            region: REGION,
            stackName: STACK,
            parameterName: PARAM,
            cacheFile,
            dryRun: false,
            clientConfig: config,
            log: m => logs.push(m),
            warn: m => warnings.push(m),
            clients: { ssm, secretsManager: sm },
            ...over,
        }),
    };
}

async function seed(name: string, value: string): Promise<void> {
    await verifier.send(new PutParameterCommand({ Name: name, Value: value, Type: "SecureString" }));
}

async function stored(name = PARAM) {
    const got = await verifier.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
    const described = await verifier.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Values: [name] }] }));
    return { ...got.Parameter, meta: described.Parameters?.[0] };
}

async function exists(name = PARAM): Promise<boolean> {
    return verifier.send(new GetParameterCommand({ Name: name })).then(
        () => true,
        (e: { name?: string }) => {
            if (e.name === "ParameterNotFound") return false;
            throw e;
        },
    );
}

function cacheJson(): unknown {
    return JSON.parse(fs.readFileSync(cacheFile, "utf8"));
}

function writeCache(data: unknown): void {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    fs.writeFileSync(cacheFile, JSON.stringify(data));
}

/** Unsigned call to moto (auth not enforced at that point); moto routes by the credential scope's service. */
function motoRaw(service: string, body: string, headers: Record<string, string>, urlPath = "/"): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
        const req = http.request(
            {
                host: "127.0.0.1",
                port: moto.port,
                method: "POST",
                path: urlPath,
                headers: {
                    Authorization: `AWS4-HMAC-SHA256 Credential=testing/20250101/${REGION}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
                    ...headers,
                },
            },
            res => {
                let data = "";
                res.on("data", d => (data += d));
                res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
            },
        );
        req.on("error", reject);
        req.end(body);
    });
}

async function createKmsKey(): Promise<string> {
    const res = await motoRaw("kms", JSON.stringify({ Description: "api key test" }), {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "TrentService.CreateKey",
    });
    return (JSON.parse(res.body) as { KeyMetadata: { KeyId: string } }).KeyMetadata.KeyId;
}

/** An IAM user with only `actions` allowed, and its access key. */
async function iamUser(name: string, actions: string[]): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    const iam = (params: Record<string, string>) =>
        motoRaw("iam", new URLSearchParams({ Version: "2010-05-08", ...params }).toString(), {
            "Content-Type": "application/x-www-form-urlencoded",
        });
    await iam({ Action: "CreateUser", UserName: name });
    if (actions.length > 0) {
        const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }] };
        await iam({ Action: "PutUserPolicy", UserName: name, PolicyName: "only", PolicyDocument: JSON.stringify(policy) });
    }
    const body = (await iam({ Action: "CreateAccessKey", UserName: name })).body;
    return { accessKeyId: /<AccessKeyId>(.+?)</.exec(body)![1], secretAccessKey: /<SecretAccessKey>(.+?)</.exec(body)![1] };
}

/** moto enforces IAM policies (and SigV4 signatures) while `fn` runs. */
async function withIamEnforced<T>(fn: () => Promise<T>): Promise<T> {
    await motoRaw("moto", "0", {}, "/moto-api/reset-auth");
    try {
        return await fn();
    } finally {
        await motoRaw("moto", "inf", {}, "/moto-api/reset-auth");
    }
}

/** A front for moto that answers the first `throttled` requests with ThrottlingException, then forwards. */
async function throttlingFront(throttled: number): Promise<{ endpoint: string; requests: () => number; close: () => Promise<void> }> {
    let count = 0;
    const server = http.createServer((req, res) => {
        count++;
        if (count <= throttled) {
            req.resume();
            res.writeHead(400, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": `throttled-${count}` });
            res.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
            return;
        }
        const upstream = http.request(
            { host: "127.0.0.1", port: moto.port, method: req.method, path: req.url, headers: req.headers },
            up => {
                res.writeHead(up.statusCode ?? 502, up.headers);
                up.pipe(res);
            },
        );
        upstream.on("error", () => res.destroy());
        req.pipe(upstream);
    });
    await new Promise<void>(r => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    return {
        endpoint: `http://127.0.0.1:${port}`,
        requests: () => count,
        close: () => new Promise<void>(r => server.close(() => r())),
    };
}

async function flowError(p: Promise<unknown>): Promise<ApiKeyFlowError> {
    const e = await p.then(
        () => undefined,
        (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(ApiKeyFlowError);
    return e as ApiKeyFlowError;
}

function expectValidGeneratedKey(value: string | undefined): void {
    expect(value).toHaveLength(API_KEY_LENGTH);
    for (const ch of API_KEY_EXCLUDED_CHARACTERS + " ") expect(value).not.toContain(ch);
}

// ---- tests --------------------------------------------------------------------

test("the excluded character set is the reference's, exactly", () => {
    expect(API_KEY_EXCLUDED_CHARACTERS).toBe("^,%+~`#$&*()|[]{}:;<>?!'/@\"\\");
    expect(API_KEY_EXCLUDED_CHARACTERS).toHaveLength(28);
});

describe("cold: no cache, no parameter", () => {
    test("GetParameter (miss) + GetRandomPassword + PutParameter; SecureString stored, cached, logged without the value", async () => {
        const h = harness();
        const result = await resolveApiKey(h.options());

        expect(h.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter"]);
        const [get, gen, put] = h.rec.calls;
        expect(get.input).toEqual({ Name: PARAM, WithDecryption: true });
        expect(gen.input).toEqual({
            PasswordLength: 40,
            ExcludeCharacters: API_KEY_EXCLUDED_CHARACTERS,
            ExcludePunctuation: false,
            IncludeSpace: false,
        });
        expect(put.input).toEqual({
            Name: PARAM,
            Value: result.value,
            Type: "SecureString",
            Overwrite: false,
            Description: `API key of the ${STACK} REST API (pulumi-secure-api)`,
        });

        expect(result.source).toBe("generated");
        expectValidGeneratedKey(result.value);
        const param = await stored();
        expect(param).toMatchObject({ Type: "SecureString", Value: result.value, Version: 1 });
        expect(param.meta?.KeyId).toBe("alias/aws/ssm"); // no custom key: the account default

        expect(cacheJson()).toEqual({ [ACCOUNT]: { [REGION]: { [STACK]: result.value } } });
        expect(h.logs).toEqual([`[${PARAM}] Creating new SSM Parameter...`]);
        expect(h.warnings).toEqual([]);
        expect([...h.logs, ...h.warnings].join("\n")).not.toContain(result.value);
    });

    test("with kmsKeyId (a real moto KMS key) the KeyId is passed and stored", async () => {
        const keyId = await createKmsKey();
        const h = harness();
        const result = await resolveApiKey(h.options({ kmsKeyId: keyId }));

        expect(h.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter"]);
        expect(h.rec.calls[2].input).toMatchObject({ Name: PARAM, Type: "SecureString", KeyId: keyId, Overwrite: false });
        const param = await stored();
        expect(param).toMatchObject({ Type: "SecureString", Value: result.value });
        expect(param.meta?.KeyId).toBe(keyId);
    });

    test("a custom parameter name is used for the call and the log line", async () => {
        const h = harness();
        const name = "/custom/path/key";
        const result = await resolveApiKey(h.options({ parameterName: name }));
        expect(await stored(name)).toMatchObject({ Value: result.value });
        expect(h.logs).toEqual([`[${name}] Creating new SSM Parameter...`]);
    });

    test("cache disabled (cacheFile undefined): no file is created", async () => {
        const h = harness();
        const result = await resolveApiKey(h.options({ cacheFile: undefined }));
        expect(result.source).toBe("generated");
        expect(fs.existsSync(path.dirname(cacheFile))).toBe(false);
    });
});

describe("warm", () => {
    test("parameter exists: exactly one GetParameter (decrypted), no generation, cache written", async () => {
        await seed(PARAM, EXISTING);
        const h = harness();
        const result = await resolveApiKey(h.options());

        expect(result).toEqual({ value: EXISTING, source: "ssm" });
        expect(h.rec.names).toEqual(["GetParameter"]);
        expect(h.rec.calls[0].input).toEqual({ Name: PARAM, WithDecryption: true });
        expect(cacheJson()).toEqual({ [ACCOUNT]: { [REGION]: { [STACK]: EXISTING } } });
        expect(h.logs).toEqual([]);
        expect((await stored()).Version).toBe(1);
    });

    test("a plain String parameter is used, with a warning that does not quote it", async () => {
        await verifier.send(new PutParameterCommand({ Name: PARAM, Value: EXISTING, Type: "String" }));
        const h = harness();
        expect(await resolveApiKey(h.options())).toEqual({ value: EXISTING, source: "ssm" });
        expect(h.warnings).toEqual([
            `SSM parameter ${PARAM} in ${REGION} is a String, not a SecureString; its value is stored unencrypted`,
        ]);
    });

    test("cache hit: zero AWS calls", async () => {
        writeCache({ [ACCOUNT]: { [REGION]: { [STACK]: EXISTING } } });
        const h = harness();
        expect(await resolveApiKey(h.options())).toEqual({ value: EXISTING, source: "cache" });
        expect(h.rec.calls).toEqual([]);
        expect(await exists()).toBe(false);
    });

    test("the cache is keyed by region: an entry for another region is not used", async () => {
        writeCache({ [ACCOUNT]: { "us-east-1": { [STACK]: EXISTING } } });
        await seed(PARAM, "eu-key-0123456789-abcdefghijklmnopqrstu");
        const h = harness();
        expect(await resolveApiKey(h.options())).toEqual({ value: "eu-key-0123456789-abcdefghijklmnopqrstu", source: "ssm" });
        expect(h.rec.names).toEqual(["GetParameter"]);
        expect(cacheJson()).toEqual({
            [ACCOUNT]: { "us-east-1": { [STACK]: EXISTING }, [REGION]: { [STACK]: "eu-key-0123456789-abcdefghijklmnopqrstu" } },
        });
    });
});

describe("race: two first deploys at once", () => {
    test("the loser of PutParameter re-reads and uses the winner's value; the parameter is never overwritten", async () => {
        const a = harness();
        const b = harness();
        // Force the interleaving: both read "missing" before either writes, and B writes first.
        let aReachedPut!: () => void;
        const aAtPut = new Promise<void>(r => (aReachedPut = r));
        let bPutDone!: () => void;
        const bDone = new Promise<void>(r => (bPutDone = r));
        a.rec.hold = async cmd => {
            if (cmd !== "PutParameter") return;
            aReachedPut();
            await bDone;
        };
        b.rec.hold = async cmd => {
            if (cmd === "PutParameter") await aAtPut;
        };
        const bFlow = resolveApiKey(b.options()).finally(() => bPutDone());
        const [ra, rb] = await Promise.all([resolveApiKey(a.options()), bFlow]);

        const param = await stored();
        expect(rb).toEqual({ value: param.Value, source: "generated" });
        expect(ra).toEqual({ value: param.Value, source: "ssm" });
        expect(param.Version).toBe(1);
        const history = await verifier.send(new GetParameterHistoryCommand({ Name: PARAM, WithDecryption: true }));
        expect(history.Parameters?.map(p => p.Value)).toEqual([rb.value]);

        // A generated its own value, lost the PutParameter, and re-read.
        expect(a.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter", "GetParameter"]);
        expect(a.rec.generated()).not.toBe(rb.value);
        expect(b.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter"]);
        expect(cacheJson()).toEqual({ [ACCOUNT]: { [REGION]: { [STACK]: rb.value } } });
        expect(a.logs.join("\n")).not.toContain(a.rec.generated());
    });
});

describe("preview (dryRun): zero writes", () => {
    test("missing key → unknown; no PutParameter, no generation, no cache file", async () => {
        const h = harness();
        expect(await resolveApiKey(h.options({ dryRun: true }))).toEqual({ value: undefined, source: "unknown" });
        expect(h.rec.names).toEqual(["GetParameter"]);
        expect(await exists()).toBe(false);
        expect(fs.existsSync(path.dirname(cacheFile))).toBe(false);
        expect(h.logs).toEqual([]);
    });

    test("existing parameter is read; the cache is not written", async () => {
        await seed(PARAM, EXISTING);
        const h = harness();
        expect(await resolveApiKey(h.options({ dryRun: true }))).toEqual({ value: EXISTING, source: "ssm" });
        expect(h.rec.names).toEqual(["GetParameter"]);
        expect(fs.existsSync(path.dirname(cacheFile))).toBe(false);
    });

    test("a cached key is used without AWS calls", async () => {
        writeCache({ [ACCOUNT]: { [REGION]: { [STACK]: EXISTING } } });
        const before = fs.readFileSync(cacheFile, "utf8");
        const h = harness();
        expect(await resolveApiKey(h.options({ dryRun: true }))).toEqual({ value: EXISTING, source: "cache" });
        expect(h.rec.calls).toEqual([]);
        expect(fs.readFileSync(cacheFile, "utf8")).toBe(before);
    });
});

describe("damaged cache: a warning, then SSM", () => {
    test("corrupt JSON", async () => {
        await seed(PARAM, EXISTING);
        fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
        fs.writeFileSync(cacheFile, "{ not json");
        const h = harness();
        expect(await resolveApiKey(h.options())).toEqual({ value: EXISTING, source: "ssm" });
        expect(h.rec.names).toEqual(["GetParameter"]);
        expect(h.warnings[0]).toBe(`API key cache ${cacheFile} is not valid JSON; ignoring it`);
        // Rewritten with this entry; the damaged original kept aside.
        expect(cacheJson()).toEqual({ [ACCOUNT]: { [REGION]: { [STACK]: EXISTING } } });
        expect(fs.readdirSync(path.dirname(cacheFile)).filter(f => f.includes(".corrupt-"))).toHaveLength(1);
        expect(h.warnings.join("\n")).not.toContain(EXISTING);
    });

    test("unreadable (the cache path is a directory)", async () => {
        fs.mkdirSync(cacheFile, { recursive: true });
        const h = harness();
        const result = await resolveApiKey(h.options());
        expect(result.source).toBe("generated");
        expect(h.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter"]);
        expect(h.warnings.length).toBeGreaterThanOrEqual(1);
        expect(h.warnings[0]).toMatch(/is unreadable \(EISDIR/);
        expect(h.warnings.join("\n")).not.toContain(result.value);
        expect(fs.statSync(cacheFile).isDirectory()).toBe(true);
    });
});

describe("faults → ApiKeyFlowError naming parameter, region, operation and permission; never the key", () => {
    function expectNamed(err: ApiKeyFlowError, operation: string, permission: string): void {
        expect(err.operation).toBe(operation);
        expect(err.permission).toBe(permission);
        expect(err.parameterName).toBe(PARAM);
        expect(err.region).toBe(REGION);
        expect(err.message).toContain(PARAM);
        expect(err.message).toContain(`region ${REGION}`);
        expect(err.message).toContain(`${operation} failed`);
        expect(err.message).toContain(`Required IAM permission: ${permission}.`);
    }

    test("access denied on GetParameter (moto enforcing IAM, user without permissions)", async () => {
        const creds = await iamUser("nobody", []);
        const h = harness({ credentials: creds });
        const err = await withIamEnforced(() => flowError(resolveApiKey(h.options())));
        expectNamed(err, "ssm:GetParameter", "ssm:GetParameter");
        expect(err.message).toContain("ssm:GetParameter failed (HTTP 403): access denied or invalid credentials");
        expect(h.rec.names).toEqual(["GetParameter"]);
        expect(fs.existsSync(cacheFile)).toBe(false);
    });

    test("access denied on PutParameter (moto enforcing IAM); the generated key is not in the message", async () => {
        const creds = await iamUser("reader", ["ssm:GetParameter", "secretsmanager:GetRandomPassword"]);
        const keyId = await createKmsKey();
        const h = harness({ credentials: creds });
        const err = await withIamEnforced(() => flowError(resolveApiKey(h.options({ kmsKeyId: keyId }))));
        expectNamed(err, "ssm:PutParameter", `ssm:PutParameter and kms:Encrypt on KMS key ${keyId}`);
        expect(err.message).toContain("ssm:PutParameter failed (HTTP 403): access denied or invalid credentials");
        expect(h.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter"]);
        const generated = h.rec.generated();
        expect(err.message).not.toContain(generated);
        expect(err.stack ?? "").not.toContain(generated);
        expect(JSON.stringify(err)).not.toContain(generated);
        expect(await exists()).toBe(false);
        expect(fs.existsSync(cacheFile)).toBe(false);
    });

    test("unreachable endpoint (closed 127.0.0.1 port): the SDK retries, then a clear error", async () => {
        const h = harness({ endpoint: `http://127.0.0.1:${closedPort}` });
        const err = await flowError(resolveApiKey(h.options()));
        expectNamed(err, "ssm:GetParameter", "ssm:GetParameter");
        expect(err.awsErrorCode).toBe("ECONNREFUSED");
        expect(err.attempts).toBe(3);
        expect(h.rec.calls[0].attempts).toBe(3);
        expect(err.message).toContain("after 3 attempts");
        expect(err.message).toContain(
            `(ECONNREFUSED, after 3 attempts): connect ECONNREFUSED 127.0.0.1:${closedPort}. The endpoint could not be reached`,
        );
    });

    test("throttling is retried by the SDK: one ThrottlingException, then success", async () => {
        const front = await throttlingFront(1);
        try {
            const h = harness({ endpoint: front.endpoint });
            const result = await resolveApiKey(h.options());
            expect(result.source).toBe("generated");
            expect(h.rec.names).toEqual(["GetParameter", "GetRandomPassword", "PutParameter"]);
            expect(h.rec.calls[0].attempts).toBe(2);
            expect(front.requests()).toBe(4);
            expect((await stored()).Value).toBe(result.value);
        } finally {
            await front.close();
        }
    });

    test("exhausted throttling → ApiKeyFlowError after the SDK's attempts", async () => {
        const front = await throttlingFront(Number.MAX_SAFE_INTEGER);
        try {
            const h = harness({ endpoint: front.endpoint, maxAttempts: 2 });
            const err = await flowError(resolveApiKey(h.options()));
            expectNamed(err, "ssm:GetParameter", "ssm:GetParameter");
            expect(err.awsErrorCode).toBe("ThrottlingException");
            expect(err.attempts).toBe(2);
            expect(h.rec.calls[0].attempts).toBe(2);
            expect(front.requests()).toBe(2);
            expect(err.message).toContain("(ThrottlingException, HTTP 400, after 2 attempts): Rate exceeded.");
        } finally {
            await front.close();
        }
    });

    // Error shapes moto cannot produce (moto answers denials with an XML body
    // even for JSON services, and never involves KMS in SSM calls).
    describe("AWS-shaped errors (aws-sdk-client-mock)", () => {
        const ssmError = (name: string, message: string) =>
            new SSMServiceException({ name, $fault: "client", message, $metadata: { httpStatusCode: 400, attempts: 1 } });
        const smError = (name: string, message: string) =>
            new SecretsManagerServiceException({ name, $fault: "client", message, $metadata: { httpStatusCode: 400, attempts: 1 } });
        const KEY = "Mocked-Key-0123456789-abcdefghijklmnopqr";

        function mocked() {
            const h = harness();
            const ssm = mockClient(h.ssm);
            const sm = mockClient(h.sm);
            sm.on(GetRandomPasswordCommand).resolves({ RandomPassword: KEY });
            ssm.on(GetParameterCommand).rejects(ssmError("ParameterNotFound", `Parameter ${PARAM} not found.`));
            return { h, ssm, sm };
        }

        test("AccessDeniedException on GetParameter", async () => {
            const { h, ssm } = mocked();
            ssm.on(GetParameterCommand).rejects(
                ssmError("AccessDeniedException", `User: arn:aws:iam::${ACCOUNT}:user/ci is not authorized to perform: ssm:GetParameter`),
            );
            const err = await flowError(resolveApiKey(h.options()));
            expectNamed(err, "ssm:GetParameter", "ssm:GetParameter");
            expect(err.awsErrorCode).toBe("AccessDeniedException");
            expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
        });

        test("AccessDeniedException on GetRandomPassword", async () => {
            const { h, sm, ssm } = mocked();
            sm.on(GetRandomPasswordCommand).rejects(
                smError("AccessDeniedException", "not authorized to perform: secretsmanager:GetRandomPassword"),
            );
            const err = await flowError(resolveApiKey(h.options()));
            expectNamed(err, "secretsmanager:GetRandomPassword", "secretsmanager:GetRandomPassword");
            expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
        });

        test("an AWS message echoing the value is redacted", async () => {
            const { h, ssm } = mocked();
            ssm.on(PutParameterCommand).rejects(
                ssmError("ValidationException", `1 validation error detected: Value '${KEY}' at 'value' failed to satisfy constraint`),
            );
            const err = await flowError(resolveApiKey(h.options()));
            expectNamed(err, "ssm:PutParameter", "ssm:PutParameter");
            expect(err.message).toContain("Value '[redacted]' at 'value'");
            expect(err.message).not.toContain(KEY);
            expect(fs.existsSync(cacheFile)).toBe(false);
        });

        test("KMS: InvalidKeyId on PutParameter names kms:Encrypt on the custom key", async () => {
            const { h, ssm } = mocked();
            ssm.on(PutParameterCommand).rejects(ssmError("InvalidKeyId", "Invalid keyId alias/missing"));
            const err = await flowError(resolveApiKey(h.options({ kmsKeyId: "alias/missing" })));
            expectNamed(err, "ssm:PutParameter", "ssm:PutParameter and kms:Encrypt on KMS key alias/missing");
            expect(err.message).not.toContain(KEY);
        });

        test("KMS: a decrypt denial on GetParameter names kms:Decrypt", async () => {
            const { h, ssm } = mocked();
            ssm.on(GetParameterCommand).rejects(
                ssmError(
                    "AccessDeniedException",
                    "User is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:eu-west-1:123456789012:key/abc",
                ),
            );
            const withKey = await flowError(resolveApiKey(h.options({ kmsKeyId: "alias/team" })));
            expectNamed(withKey, "ssm:GetParameter", "ssm:GetParameter and kms:Decrypt on KMS key alias/team");
            const withoutKey = await flowError(resolveApiKey(h.options()));
            expectNamed(withoutKey, "ssm:GetParameter", "ssm:GetParameter and kms:Decrypt on the parameter's KMS key");
        });
    });
});

describe("clients built from clientConfig (nothing injected)", () => {
    const saved: Record<string, string | undefined> = {};
    const VARS = ["AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SSM", "AWS_ENDPOINT_URL_SECRETS_MANAGER"];
    beforeEach(() => VARS.forEach(v => (saved[v] = process.env[v])));
    afterEach(() => VARS.forEach(v => (saved[v] === undefined ? delete process.env[v] : (process.env[v] = saved[v]))));

    function plainOptions(region = REGION): ResolveApiKeyOptions {
        return {
            account: ACCOUNT,
            region: REGION,
            stackName: STACK,
            parameterName: PARAM,
            cacheFile,
            dryRun: false,
            clientConfig: awsClientConfig({ region, credentials: MOTO_CREDENTIALS, maxAttempts: 1 }),
        };
    }

    test("AWS_ENDPOINT_URL reaches moto without an endpoint option", async () => {
        process.env.AWS_ENDPOINT_URL = moto.endpoint;
        const result = await resolveApiKey(plainOptions());
        expect(result.source).toBe("generated");
        expect((await stored()).Value).toBe(result.value);
    });

    test("AWS_ENDPOINT_URL_SSM and AWS_ENDPOINT_URL_SECRETS_MANAGER win over AWS_ENDPOINT_URL", async () => {
        process.env.AWS_ENDPOINT_URL = `http://127.0.0.1:${closedPort}`;
        process.env.AWS_ENDPOINT_URL_SSM = moto.endpoint;
        process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = moto.endpoint;
        const result = await resolveApiKey(plainOptions());
        expect(result.source).toBe("generated");
        expectValidGeneratedKey(result.value);
        expect((await stored()).Value).toBe(result.value);
    });

    test("options.region wins over clientConfig.region, so calls and cache entry agree", async () => {
        process.env.AWS_ENDPOINT_URL = moto.endpoint;
        const result = await resolveApiKey(plainOptions("us-west-2"));
        expect((await stored()).Value).toBe(result.value); // verifier looks in eu-west-1
        expect(cacheJson()).toEqual({ [ACCOUNT]: { [REGION]: { [STACK]: result.value } } });
    });
});
