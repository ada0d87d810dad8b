// Rotation of API keys through the real key flow against moto: a new
// generation gets its own parameter (the live one is never overwritten), a
// preview writes nothing, every generation has its own cache entry, and a
// generation lowered below one that exists in SSM fails before any write.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { ApiKeyFlowError, resolveApiKey } from "./apiKeyFlow";
import { awsClientConfig } from "./awsClientConfig";
import { keyGenerations } from "./keyRotation";
import type { ApiKeyPlan } from "./apiKeyValue";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";

jest.setTimeout(60_000);
const REGION = "eu-west-1";
const ACCOUNT = "123456789012";
const STACK = "shop-prod";
const BASE = `/${STACK}/api-key`;
const LIVE = "live-key-0123456789-abcdefghijklmnopqrs";

let moto: MotoServer;
let ssm: SSMClient;
let tmp: string;
let cacheFile: string;

beforeAll(async () => {
    moto = await startMoto();
    ssm = new SSMClient({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
});
afterAll(async () => {
    ssm?.destroy();
    await moto?.stop();
});
beforeEach(async () => {
    await moto.reset();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-rotation-"));
    cacheFile = path.join(tmp, "api-keys.json");
    await ssm.send(new PutParameterCommand({ Name: BASE, Value: LIVE, Type: "SecureString" }));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const readParam = async (name: string) => {
    try {
        return (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
    } catch {
        return undefined;
    }
};

/** Runs the flow for every generation the rotation keeps, as the component does. */
async function resolveGenerations(generation: number, dryRun: boolean) {
    const plan: ApiKeyPlan = { kind: "ssm", parameterName: BASE, cacheFile };
    const out: Record<number, string | undefined> = {};
    for (const g of keyGenerations(plan, { generation, retirePrevious: false })) {
        const p = g.plan as Extract<ApiKeyPlan, { kind: "ssm" }>;
        const r = await resolveApiKey({
            account: ACCOUNT,
            region: REGION,
            stackName: STACK,
            parameterName: p.parameterName,
            cacheFile: p.cacheFile,
            cacheEntry: p.cacheEntry,
            newerGenerationParameter: p.newerGenerationParameter,
            dryRun,
            clientConfig: awsClientConfig({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS } as never),
        });
        out[g.generation] = r.value;
    }
    return out;
}

test("preview of generation 1 writes nothing: the new key is unknown, the live one is read", async () => {
    const v = await resolveGenerations(1, true);
    expect(v[0]).toBe(LIVE);
    expect(v[1]).toBeUndefined();
    expect(await readParam(`${BASE}/gen-1`)).toBeUndefined();
    expect(fs.existsSync(cacheFile)).toBe(false);
});

test("up of generation 1 creates {parameter}/gen-1 and never overwrites the live parameter; each has its own cache entry", async () => {
    const v = await resolveGenerations(1, false);
    expect(v[0]).toBe(LIVE);
    expect(v[1]).toMatch(/^[\x21-\x7e]{40}$/);
    expect(v[1]).not.toBe(LIVE);
    expect(await readParam(BASE)).toBe(LIVE);
    expect(await readParam(`${BASE}/gen-1`)).toBe(v[1]);
    const cache = JSON.parse(fs.readFileSync(cacheFile, "utf8"));
    expect(cache[ACCOUNT][REGION]).toEqual({ [STACK]: LIVE, [`${BASE}/gen-1`]: v[1] });
    // A second up changes nothing.
    expect(await resolveGenerations(1, false)).toEqual(v);
});

test("generation 2 keeps gen-1 (read from the cache) and creates gen-2", async () => {
    const one = await resolveGenerations(1, false);
    const two = await resolveGenerations(2, false);
    expect(two[1]).toBe(one[1]);
    expect(await readParam(`${BASE}/gen-2`)).toBe(two[2]);
});

test("lowering the generation fails for the current generation before its key is read or written, in a preview as in an up", async () => {
    const two = await resolveGenerations(2, false);
    fs.rmSync(cacheFile);
    for (const dryRun of [true, false]) {
        const err = await resolveGenerations(1, dryRun).catch(e => e);
        expect(err).toBeInstanceOf(ApiKeyFlowError);
        expect(err.message).toMatch(
            /rotation generation went backwards: SSM parameter \/shop-prod\/api-key\/gen-2 of a later generation exists/,
        );
    }
    // Nothing was overwritten; only the existing previous generation was read (and cached).
    expect(await readParam(`${BASE}/gen-2`)).toBe(two[2]);
    expect(await readParam(`${BASE}/gen-1`)).toBe(two[1]);
    expect(Object.keys(JSON.parse(fs.readFileSync(cacheFile, "utf8"))[ACCOUNT][REGION])).toEqual([STACK]);
});
