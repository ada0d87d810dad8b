// The components as the scanners judge them (docs/security.md): checkov, pinned in
// scripts/tool.sh, on each component's registered graph written as a Terraform plan
// (test-support/terraformPlan.ts) and on its OpenAPI document. For the defaults and
// each hardening preset, exactly the checks docs/security.md's table says pass and fail;
// on the examples' components, nothing fails that the doc does not accept. The doc's
// table is the one list: a failing check it does not accept fails this test.
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { installMocks, valueOf } from "../../../test-support/pulumiMocks";
import { terraformPlan } from "../../../test-support/terraformPlan";
import { ids, scan } from "../../../test-support/checkov";

const world = installMocks();
jest.setTimeout(600_000);
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

/** docs/security.md's main table: check id -> what each scenario does (pass, fail, or — for not applicable). */
function expectedByScenario(): Record<Scenario, { pass: string[]; fail: string[] }> {
    const out = Object.fromEntries(COLUMNS.map(c => [c, { pass: [] as string[], fail: [] as string[] }])) as Record<
        Scenario,
        { pass: string[]; fail: string[] }
    >;
    for (const line of DOC.split("\n")) {
        const cells = line.split("|").map(c => c.trim());
        if (!/^CKV/.test(cells[1] ?? "") || cells.length < 8) continue;
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

/** Every check docs/security.md accepts as failing somewhere: a fail in the main table, or a row of the examples' table. */
function accepted(): Set<string> {
    const fromMain = Object.values(expectedByScenario()).flatMap(s => s.fail);
    const examples = DOC.split("\n")
        .filter(l => /^\| CKV\S+ \|[^|]+\| `(useRole|cors)/.test(l))
        .map(l => l.split("|")[1].trim());
    return new Set([...fromMain, ...examples]);
}

const KMS = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

async function graphOf(make: () => SecureRestApi | IAMSecureRestApi) {
    forgetClaimedStackNames();
    const before = world.resources.length;
    const api = make();
    const doc = await valueOf(api.openApiDocument);
    await world.settle();
    return { resources: world.resources.slice(before), doc };
}

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});

describe("checkov on each component, with the defaults and each preset: exactly what docs/security.md says", () => {
    const expected = expectedByScenario();
    const presets = {
        default: {},
        recommended: { hardening: "recommended" as const, cloudWatchRole: false },
        strict: { hardening: "strict" as const, cloudWatchRole: false, accessLogs: { kmsKeyId: KMS }, waf: { logging: { kmsKeyId: KMS } } },
    };
    test.each(COLUMNS.map(c => [c] as const))("%s", async scenario => {
        const [component, preset] = scenario.split(" ") as ["SecureRestApi" | "IAMSecureRestApi", keyof typeof presets];
        const routes = [lambdaRoute(fn, "/orders", Http.GET, Http.POST)];
        const name = `${component === "SecureRestApi" ? "k" : "i"}-${preset}`;
        const g = await graphOf(() =>
            component === "SecureRestApi"
                ? new SecureRestApi(name, { test: true, stackName: name, routes, ...presets[preset] })
                : new IAMSecureRestApi(name, { stackName: name, routes, ...presets[preset] }),
        );
        const result = scan(terraformPlan(g.resources), g.doc);
        expect({ passed: ids(result.passed), failed: ids(result.failed) }).toEqual({
            passed: [...expected[scenario].pass].sort(),
            failed: [...expected[scenario].fail].sort(),
        });
        // CKV_AWS_59's intent, where checkov cannot look (no Method resources): no operation is open.
        const doc = JSON.parse(g.doc);
        const requirement = component === "SecureRestApi" ? [{ api_key: [] }] : [{ sigv4: [] }];
        expect(doc.security).toEqual(requirement);
        for (const ops of Object.values<Record<string, { security: unknown }>>(doc.paths)) {
            for (const op of Object.values(ops)) expect(op.security).toEqual(requirement);
        }
    });
});

/** The secure-api components of a Pulumi YAML program, their properties with ${handler} as a Lambda function. */
function yamlComponents(file: string): { type: string; name: string; properties: Record<string, any> }[] {
    const program = parseYaml(fs.readFileSync(path.join(ROOT, file), "utf8"));
    const resolve = (v: any): any =>
        v === "${handler}"
            ? fn
            : typeof v === "string"
              ? v.replace(/\$\{pulumi\.(project|stack)\}/g, "example")
              : Array.isArray(v)
                ? v.map(resolve)
                : v && typeof v === "object"
                  ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]))
                  : v;
    return Object.entries<any>(program.resources)
        .filter(([, r]) => String(r.type).startsWith("secure-api:"))
        .map(([name, r]) => ({ type: r.type, name, properties: resolve(r.properties ?? {}) }));
}

describe("checkov on the examples' components: nothing fails that docs/security.md does not accept", () => {
    // Read here for the names only; the handler (a Lambda function) exists once beforeAll ran.
    const cases = ["examples/yaml/Pulumi.yaml", "Pulumi.yaml"].flatMap(file =>
        yamlComponents(file).map(c => [`${file} ${c.name}`, file, c.name] as const),
    );
    test.each(cases)("%s", async (_label, file, name) => {
        const c = yamlComponents(file).find(x => x.name === name)!;
        const g = await graphOf(() =>
            c.type === "secure-api:index:SecureRestApi"
                ? new SecureRestApi(c.name, { test: true, ...c.properties })
                : new IAMSecureRestApi(c.name, c.properties),
        );
        const result = scan(terraformPlan(g.resources), g.doc);
        const unaccepted = ids(result.failed).filter(id => !accepted().has(id));
        expect(unaccepted).toEqual([]);
        expect(result.passed.length).toBeGreaterThan(0);
    });
});

test("the doc's table is read as written: each scenario has checks, and an unknown verdict would be refused", () => {
    const expected = expectedByScenario();
    for (const c of COLUMNS) expect(expected[c].pass.length).toBeGreaterThan(5);
    expect(expected["SecureRestApi default"].fail).toEqual(expect.arrayContaining(["CKV_AWS_76", "CKV2_AWS_4"]));
    expect(accepted().has("CKV_AWS_61")).toBe(true);
});
