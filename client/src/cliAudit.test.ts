// `secure-api audit` in-process: the expectations from a stack's state (the
// shared stack export, through an injected `pulumi`) or given on the command
// line, the live API from the recorded-response API Gateway
// (test-support/recorded-api-gateway.js), the table or JSON on stdout and the
// exit status: 0 clean, 1 drift, 2 could not read or a usage error. The Python
// client's console script is checked the same way (client-python/tests/test_audit_cli.py).
import { promises as fs } from "fs";
import * as os from "os";
import * as path from "path";
import { cli, withEnv } from "./cliHarness.testutil";
import { CommandRunner } from "./apiKey";

const { start, casesToServe, KEY_VALUE } = require("../../test-support/recorded-api-gateway.js");
const CASES = path.join(__dirname, "..", "..", "test-support", "audit-cases");
const caseFile = (name: string) => path.join(CASES, "compare", `${name}.json`);
const state = require(path.join(CASES, "stack-state.json"));

/** Serves the shop API as `shop` and the ops API as `ops` (case names). */
async function serve(shop: string, ops = "clean-iam") {
    return start(casesToServe([caseFile(shop), caseFile(ops)]));
}

/** A `pulumi` that prints the shared stack export and records its arguments. */
function pulumiExport(calls: string[][], output = JSON.stringify(state.stackExport), exitCode = 0, stderr = ""): CommandRunner {
    return async (command, args) => {
        calls.push([command, ...args]);
        return { exitCode, stdout: output, stderr };
    };
}

const ENV = {
    AWS_ACCESS_KEY_ID: "AKIARECORDED00000001",
    AWS_SECRET_ACCESS_KEY: "recorded/0000000000000000000000000000001",
    AWS_REGION: "us-east-1",
};

describe("secure-api audit --stack", () => {
    it("a stack as deployed audits clean: every component, exit 0, pulumi stack export asked for no secret", async () => {
        const server = await serve("clean-secure");
        const calls: string[][] = [];
        try {
            const run = await withEnv(ENV, () =>
                cli(["audit", "--stack", "prod", "--endpoint-url", server.url], { runCommand: pulumiExport(calls) }),
            );
            expect(run.code).toBe(0);
            expect(calls).toEqual([["pulumi", "stack", "export", "--stack", "prod"]]);
            expect(run.stdout).toBe(
                'SecureRestApi "shop": REST API a1b2c3d4e5 stage prod (us-east-1): no drift (6 operations as deployed)\n' +
                    'IAMSecureRestApi "ops": REST API opsapi0001 stage prod (us-east-1): no drift (3 operations as deployed)\n' +
                    "2 APIs audited, 0 with drift: clean (exit 0)\n",
            );
            expect(run.stderr).toBe("");
        } finally {
            await server.close();
        }
    });

    it("drift: exit 1, the table names each drifted method and setting; --json carries the findings; no key value anywhere", async () => {
        const server = await serve("several-drifts");
        try {
            const table = await withEnv(ENV, () => cli(["audit", "--endpoint-url", server.url], { runCommand: pulumiExport([]) }));
            expect(table.code).toBe(1);
            expect(table.stdout).toContain(require(caseFile("several-drifts")).table.split("\n1 API audited")[0]);
            expect(table.stdout).toMatch(/2 APIs audited, 1 with drift: drift found \(exit 1\)\n$/);
            const json = await withEnv(ENV, () => cli(["audit", "--json", "--endpoint-url", server.url], { runCommand: pulumiExport([]) }));
            expect(json.code).toBe(1);
            const report = JSON.parse(json.stdout);
            expect([report.exitCode, report.drift, report.apis.map((a: { drift: boolean }) => a.drift)]).toEqual([1, true, [true, false]]);
            expect(report.apis[0].findings.map((f: { kind: string; target: string }) => `${f.kind} ${f.target}`)).toEqual([
                "api-key-source-changed REST API a1b2c3d4e5",
                "stage-deployment stage prod",
                "operation-open GET /hello",
                "operation-open DELETE /orders/{id}",
                "operation-open POST /hello",
                "api-key-disabled API key key1 (shop-dev)",
                "mutual-tls-changed domain api.example.com",
            ]);
            for (const run of [table, json]) expect(run.stdout + run.stderr).not.toContain(KEY_VALUE);
        } finally {
            await server.close();
        }
    });

    it("--component audits one component only", async () => {
        // The shop API drifted; only ops is audited.
        const server = await serve("operation-open");
        try {
            const run = await withEnv(ENV, () =>
                cli(["audit", "--component", "ops", "--endpoint-url", server.url], { runCommand: pulumiExport([]) }),
            );
            expect([run.code, run.stdout.split("\n")[0]]).toEqual([
                0,
                'IAMSecureRestApi "ops": REST API opsapi0001 stage prod (us-east-1): no drift (3 operations as deployed)',
            ]);
        } finally {
            await server.close();
        }
    });

    it("a refused read: exit 2, naming the permission it needs", async () => {
        const server = await serve("unread-export");
        try {
            const run = await withEnv(ENV, () => cli(["audit", "--endpoint-url", server.url], { runCommand: pulumiExport([]) }));
            expect(run.code).toBe(2);
            expect(run.stdout).toContain(
                "  could not read stage export: needs apigateway:GET on arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/stages/prod/exports/oas30 (AccessDeniedException: User: ",
            );
            expect(run.stdout).toMatch(/could not read everything \(exit 2\)\n$/);
        } finally {
            await server.close();
        }
    });

    it("no stack, or one without a secure API: exit 2 with pulumi's reason", async () => {
        const failed = await cli(["audit", "--stack", "nope"], {
            runCommand: pulumiExport([], "", 255, "error: no stack named 'nope' found\n"),
        });
        expect([failed.code, failed.stderr]).toEqual([
            2,
            "error: pulumi stack export of stack nope failed (exit 255): error: no stack named 'nope' found\n",
        ]);
        const empty = await cli(["audit"], { runCommand: pulumiExport([], JSON.stringify({ deployment: { resources: [] } })) });
        expect([empty.code, empty.stderr]).toEqual([
            2,
            "error: the selected stack has no SecureRestApi or IAMSecureRestApi (no component with an openApiDocument and a RestApi)\n",
        ]);
        const missing = await cli(["audit", "--component", "x"], { runCommand: pulumiExport([]) });
        expect([missing.code, missing.stderr]).toEqual([2, "error: the selected stack has no secure API component named x\n"]);
    });
});

describe("secure-api audit --rest-api-id --stage --expected", () => {
    let tmp: string;
    beforeAll(async () => {
        tmp = await fs.mkdtemp(path.join(os.tmpdir(), "secure-api-audit-"));
        await fs.writeFile(path.join(tmp, "openapi.json"), JSON.stringify(require(caseFile("clean-secure")).expectation.document));
    });
    afterAll(() => fs.rm(tmp, { recursive: true, force: true }));
    const readFile = (p: string) => fs.readFile(p);

    it("the document alone: clean, with what was not audited said; --deployment-id and --api-key-id audit those too", async () => {
        const server = await serve("clean-secure");
        try {
            const args = [
                "audit",
                "--rest-api-id",
                "a1b2c3d4e5",
                "--stage",
                "prod",
                "--expected",
                path.join(tmp, "openapi.json"),
                "--region",
                "us-east-1",
                "--endpoint-url",
                server.url,
            ];
            const run = await withEnv(ENV, () => cli(args, { readFile }));
            expect(run.code).toBe(0);
            expect(run.stdout).toBe(
                require(caseFile("explicit-document-only")).table.replace(
                    "openapi.json: REST API a1b2c3d4e5 stage prod:",
                    "openapi.json: REST API a1b2c3d4e5 stage prod (us-east-1):",
                ),
            );
            const more = await withEnv(ENV, () =>
                cli([...args, "--deployment-id", "dep000", "--api-key-id", "key1", "--api-key-id", "key3"], { readFile }),
            );
            expect(more.code).toBe(1);
            const kinds = more.stdout.split("\n").filter(l => l.startsWith("  - "));
            expect(kinds).toEqual([
                "  - stage prod serves deployment dep111, not dep000 (the one deployed from the document)",
                "  - API key key3 (shop-dev-retired) is disabled",
                "  - API key key3 (shop-dev-retired) is attached to none of the usage plans on stage prod: its callers get 403",
            ]);
        } finally {
            await server.close();
        }
    });

    it.each([
        [["--rest-api-id", "a1b2c3d4e5"], "error: --rest-api-id needs --stage and --expected (the OpenAPI document it was deployed from)"],
        [["--stage", "prod"], "error: --stage applies with --rest-api-id only"],
        [
            ["--rest-api-id", "a", "--stage", "p", "--expected", "/nonexistent.json"],
            "error: --expected /nonexistent.json: cannot read it (ENOENT)",
        ],
        [["--stack", "dev", "--rest-api-id", "a"], "error: option '--stack <stack>' cannot be used with option '--rest-api-id <id>'"],
    ])("usage error %j: exit 2", async (args, message) => {
        const run = await cli(["audit", ...(args as string[])], { readFile });
        expect(run.code).toBe(2);
        expect(run.stderr.split("\n")[0]).toBe(message);
    });

    it("--expected that is not an OpenAPI document: exit 2", async () => {
        await fs.writeFile(path.join(tmp, "bad.json"), "[1, 2]");
        const run = await cli(["audit", "--rest-api-id", "a", "--stage", "p", "--expected", path.join(tmp, "bad.json")], { readFile });
        expect([run.code, run.stderr.split("\n")[0]]).toEqual([
            2,
            `error: --expected ${path.join(tmp, "bad.json")}: not an OpenAPI document (no paths)`,
        ]);
    });
});
