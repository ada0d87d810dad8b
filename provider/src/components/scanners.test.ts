// The components as the scanners judge them (docs/security.md): checkov, pinned in
// scripts/tool.sh, on each component's registered graph written as a Terraform plan
// (test-support/terraformPlan.ts) and on its OpenAPI document. For the defaults and
// each hardening preset, exactly the checks docs/security.md's table says pass and fail;
// on every example program's components (TypeScript, edge-security, Python, Go, YAML,
// the root demo: each with the inputs the program sends, test-support/exampleComponents.ts),
// nothing fails that the doc does not accept. The doc's tables are the one list: a
// failing check they do not accept fails this test. One checkov run scans everything.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installMocks, valueOf } from "../../../test-support/pulumiMocks";
import { MOTO_CREDENTIALS, MotoServer, startMoto } from "../../../test-support/moto";
import { terraformPlan } from "../../../test-support/terraformPlan";
import { ids, scanAll, ScanResult } from "../../../test-support/checkov";
import { EXAMPLE_PROGRAMS, ExampleComponent, exampleComponents, withResources } from "../../../test-support/exampleComponents";

const world = installMocks();
jest.setTimeout(300_000);
// Imported after setMocks so every module sees the mocked runtime.
import type * as aws from "@pulumi/aws";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import { Http, lambdaRoute } from "../routes/routeHelpers";

const ROOT = path.join(__dirname, "..", "..", "..");
const DOC = fs.readFileSync(path.join(ROOT, "docs", "security.md"), "utf8");
const COLUMNS = [
    "SecureRestApi default",
    "SecureRestApi recommended",
    "SecureRestApi strict",
    "IAMSecureRestApi default",
    "IAMSecureRestApi recommended",
    "IAMSecureRestApi strict",
] as const;
type Scenario = (typeof COLUMNS)[number];

/** The rows of the doc's table under `heading` (its first column a check id), as cells. */
function tableRows(heading: string): string[][] {
    const start = DOC.indexOf(`\n## ${heading}\n`);
    if (start < 0) throw new Error(`docs/security.md: no section "## ${heading}"`);
    const end = DOC.indexOf("\n## ", start + 1);
    return DOC.slice(start, end < 0 ? undefined : end)
        .split("\n")
        .map(line => line.split("|").map(c => c.trim()))
        .filter(cells => /^CKV/.test(cells[1] ?? ""));
}

/** docs/security.md's main table: check id -> what each scenario does (pass, fail, or — for not applicable). */
function expectedByScenario(): Record<Scenario, { pass: string[]; fail: string[] }> {
    const out = Object.fromEntries(COLUMNS.map(c => [c, { pass: [] as string[], fail: [] as string[] }])) as Record<
        Scenario,
        { pass: string[]; fail: string[] }
    >;
    for (const cells of tableRows("What each check says, and why")) {
        const verdicts = [...cells[3].split("/"), ...cells[4].split("/")].map(v => v.trim());
        if (verdicts.length !== 6)
            throw new Error(`docs/security.md: ${cells[1]} needs three verdicts per component, has ${cells[3]} | ${cells[4]}`);
        verdicts.forEach((v, i) => {
            if (v === "pass" || v === "fail") out[COLUMNS[i]][v].push(cells[1]);
            else if (v !== "—") throw new Error(`docs/security.md: ${cells[1]} has verdict ${JSON.stringify(v)} (pass, fail or —)`);
        });
    }
    return out;
}

/** The checks the doc accepts failing only in some settings (its second table): id -> when. */
function acceptedInSettings(): Map<string, string> {
    return new Map(tableRows("Checks that fail only in some settings").map(cells => [cells[1], cells[3]]));
}

/** Every check docs/security.md accepts as failing somewhere: a fail in the main table, or a row of the settings table. */
function accepted(): Set<string> {
    return new Set([...Object.values(expectedByScenario()).flatMap(s => s.fail), ...acceptedInSettings().keys()]);
}

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** One component built alone (the claims of its program kept), its registrations and its document. */
async function graphOf(make: () => SecureRestApi | IAMSecureRestApi) {
    const before = world.resources.length;
    const api = make();
    // A late check that fails stops every output: report it instead of waiting for the document.
    const doc = await Promise.race([valueOf(api.openApiDocument), api.lateChecks.then(() => new Promise<never>(() => undefined))]);
    await world.settle();
    return { resources: world.resources.slice(before), doc };
}

const presets = {
    default: {},
    recommended: { hardening: "recommended" as const, cloudWatchRole: false },
    strict: { hardening: "strict" as const, cloudWatchRole: false, accessLogs: { kmsKeyId: KMS }, waf: { logging: { kmsKeyId: KMS } } },
};
// Measured with what only the user can choose given: KMS keys, and (SecureRestApi) the stage cache.
const strictOwnInputs = { SecureRestApi: { stageCache: {} }, IAMSecureRestApi: {} };

// The key flow of each SecureRestApi and client runs as in a deploy, against moto (SSM, Secrets
// Manager) through AWS_ENDPOINT_URL, its cache in a temporary file: the graph is the program's.
let moto: MotoServer;
const savedEnv = { ...process.env };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-scanners-"));
afterAll(async () => {
    process.env = savedEnv;
    await moto?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
});

let fn: aws.lambda.Function;
const scanned = new Map<string, ScanResult>();
const docs = new Map<string, string>();
const examples: ExampleComponent[] = [];
const id = (c: ExampleComponent) => `${c.program} ${c.name}`;

beforeAll(async () => {
    moto = await startMoto();
    Object.assign(process.env, {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        PULUMI_SECURE_API_CACHE: path.join(tmp, "api-keys.json"),
    });
    delete process.env.AWS_PROFILE;
    fn = await world.lambda("fn");
    const items: { id: string; plan: ReturnType<typeof terraformPlan>; openApiDocument?: string }[] = [];
    const add = (key: string, g: { resources: typeof world.resources; doc: string }) => {
        items.push({ id: key, plan: terraformPlan(g.resources), openApiDocument: g.doc });
        docs.set(key, g.doc);
    };
    for (const scenario of COLUMNS) {
        forgetClaimedStackNames();
        const [component, preset] = scenario.split(" ") as ["SecureRestApi" | "IAMSecureRestApi", keyof typeof presets];
        const routes = [lambdaRoute(fn, "/orders", Http.GET, Http.POST)];
        const name = `${component === "SecureRestApi" ? "k" : "i"}-${preset}`;
        const args = { stackName: name, routes, ...presets[preset], ...(preset === "strict" ? strictOwnInputs[component] : {}) };
        add(
            scenario,
            await graphOf(() => (component === "SecureRestApi" ? new SecureRestApi(name, args) : new IAMSecureRestApi(name, args))),
        );
    }
    // The default where the account has no API Gateway CloudWatch role: execution logs off.
    forgetClaimedStackNames();
    world.setCloudWatchRoleArn(null);
    add(
        "SecureRestApi default, no CloudWatch role",
        await graphOf(
            () => new SecureRestApi("k-norole", { stackName: "k-norole", routes: [lambdaRoute(fn, "/orders", Http.GET, Http.POST)] }),
        ),
    );
    world.setCloudWatchRoleArn("arn:aws:iam::123456789012:role/apigateway-cloudwatch");
    // Every example program's components, one program after the other (claims are per program, as per stack).
    for (const program of EXAMPLE_PROGRAMS) {
        forgetClaimedStackNames();
        for (const c of exampleComponents(program)) {
            examples.push(c);
            const inputs = withResources(c.inputs, () => fn) as Record<string, unknown>;
            add(
                id(c),
                await graphOf(() =>
                    c.type === "secure-api:index:SecureRestApi" ? new SecureRestApi(c.name, inputs) : new IAMSecureRestApi(c.name, inputs),
                ),
            );
        }
    }
    for (const [key, result] of scanAll(items)) scanned.set(key, result);
});

describe("checkov on each component, with the defaults and each preset: exactly what docs/security.md says", () => {
    test.each(COLUMNS.map(c => [c] as const))("%s", scenario => {
        const expected = expectedByScenario()[scenario];
        const result = scanned.get(scenario)!;
        expect({ passed: ids(result.passed), failed: ids(result.failed) }).toEqual({
            passed: [...expected.pass].sort(),
            failed: [...expected.fail].sort(),
        });
        // CKV_AWS_59's intent, where checkov cannot look (no Method resources): no operation is open.
        const doc = JSON.parse(docs.get(scenario)!);
        const requirement = scenario.startsWith("SecureRestApi") ? [{ api_key: [] }] : [{ sigv4: [] }];
        expect(doc.security).toEqual(requirement);
        for (const ops of Object.values<Record<string, { security: unknown }>>(doc.paths)) {
            for (const op of Object.values(ops)) expect(op.security).toEqual(requirement);
        }
    });

    test("in an account without the CloudWatch role, the default differs only in CKV2_AWS_4 (execution logs off), which the doc accepts there", () => {
        const withRole = scanned.get("SecureRestApi default")!;
        const without = scanned.get("SecureRestApi default, no CloudWatch role")!;
        expect(ids(without.failed)).toEqual([...ids(withRole.failed), "CKV2_AWS_4"].sort());
        expect(ids(without.passed)).toEqual(ids(withRole.passed).filter(c => c !== "CKV2_AWS_4"));
        expect(acceptedInSettings().get("CKV2_AWS_4")).toMatch(/CloudWatch role/);
    });
});

describe("checkov on every example program's components: nothing fails that docs/security.md does not accept", () => {
    test("the programs' components were found, each with the inputs its program sends", () => {
        // Sorted within each program: a program registers its components in no fixed order (Go's goroutines).
        const found = EXAMPLE_PROGRAMS.flatMap(p =>
            examples
                .filter(c => c.program === p)
                .map(c => `${c.program} ${c.type.split(":").pop()} ${c.name}`)
                .sort(),
        );
        expect(found).toEqual([
            "examples/typescript IAMSecureRestApi iam-api",
            "examples/typescript SecureRestApi keyed-api",
            "examples/edge-security SecureRestApi browser-api",
            "examples/python IAMSecureRestApi iam-api",
            "examples/python SecureRestApi keyed-api",
            "examples/go IAMSecureRestApi iam-api",
            "examples/go SecureRestApi keyed-api",
            "examples/yaml IAMSecureRestApi iamApi",
            "examples/yaml SecureRestApi keyedApi",
            "Pulumi.yaml IAMSecureRestApi iamApi",
            "Pulumi.yaml SecureRestApi keyedApi",
        ]);
        // The same program in three languages sends the same IAMSecureRestApi inputs.
        const iam = (program: string) => examples.find(c => c.program === program && c.name === "iam-api")!.inputs;
        expect(iam("examples/python")).toEqual(iam("examples/go"));
        expect(iam("examples/typescript")).toEqual(iam("examples/go"));
    });

    test.each(EXAMPLE_PROGRAMS.map(p => [p] as const))("%s", program => {
        const mine = examples.filter(c => c.program === program);
        expect(mine.length).toBeGreaterThan(0);
        for (const c of mine) {
            const result = scanned.get(id(c))!;
            expect([id(c), ids(result.failed).filter(check => !accepted().has(check))]).toEqual([id(c), []]);
            expect(result.passed.length).toBeGreaterThan(10);
            // CKV_AWS_59's intent: only the CORS preflights are open.
            const doc = JSON.parse(docs.get(id(c))!);
            for (const [p, ops] of Object.entries<Record<string, { security: unknown[] }>>(doc.paths)) {
                for (const [method, op] of Object.entries(ops)) {
                    if (op.security.length === 0)
                        expect([id(c), method, p, c.inputs.cors !== undefined]).toEqual([id(c), "options", p, true]);
                }
            }
        }
    });
});

test("the doc's tables are read as written: each scenario has checks, and an unknown verdict would be refused", () => {
    const expected = expectedByScenario();
    for (const c of COLUMNS) expect(expected[c].pass.length).toBeGreaterThan(5);
    expect(expected["SecureRestApi default"].pass).toEqual(expect.arrayContaining(["CKV2_AWS_4", "CKV_OPENAPI_4", "CKV_OPENAPI_20"]));
    expect(expected["SecureRestApi default"].fail).toEqual(expect.arrayContaining(["CKV_AWS_76", "CKV_AWS_120"]));
    expect(accepted().has("CKV_AWS_61")).toBe(true);
});
