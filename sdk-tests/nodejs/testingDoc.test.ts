// docs/testing.md's in-process test (pulumi-resource-secure-api/dist/testing)
// is type-checked with the other snippets (readmeSnippets.test.ts); here it
// is also RUN as written, with `node --test` on the built provider, and a
// copy with one wrong expectation must fail.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { extractSnippets, ROOT } from "./readmeSnippets";

jest.setTimeout(120_000);

const ENTRY = "pulumi-resource-secure-api/dist/testing";
const snippet = extractSnippets("docs/testing.md").find(s => s.lang === "ts" && s.code.includes(ENTRY));

/** Transpiles the block and runs it with `node --test`, modules resolved from the repository. */
function runSnippet(code: string): { status: number | null; output: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "testing-doc-"));
    try {
        const js = ts.transpileModule(code, {
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
        const file = path.join(dir, "component.test.js");
        fs.writeFileSync(file, js);
        const r = spawnSync(process.execPath, ["--test", file], {
            cwd: dir,
            encoding: "utf8",
            env: { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") },
            timeout: 100_000,
        });
        return { status: r.status, output: `${r.stdout}${r.stderr}` };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

test("docs/testing.md has the in-process block, and the entry is built", () => {
    expect(snippet).toBeDefined();
    expect(snippet!.illustrative).toBe(false);
    expect(fs.existsSync(path.join(ROOT, "provider", "dist", "testing.js"))).toBe(true);
});

test("the in-process block passes as written", () => {
    const r = runSnippet(snippet!.code);
    expect(r.output).toMatch(/^# pass 2$/m);
    expect(r.output).toMatch(/^# fail 0$/m);
    expect(r.status).toBe(0);
});

test("a copy expecting a method to go without the key fails", () => {
    const wrong = snippet!.code.replace('["POST", "/hello", true]', '["POST", "/hello", false]');
    expect(wrong).not.toBe(snippet!.code);
    const r = runSnippet(wrong);
    expect(r.output).toMatch(/^# fail 1$/m);
    expect(r.status).not.toBe(0);
});
