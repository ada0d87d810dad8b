// Every code block of README.md, docs/*.md, client/README.md and client-python/README.md
// is checked against what `make build` built, so a README that drifts from
// the API fails `make test` (issue 18):
// - TypeScript: type-checked (one tsc) against sdk/nodejs/bin and client/dist;
// - Go: compiled (one go vet, one package per block) against sdk/go, in a
//   module made from the README's go.mod lines;
// - Python: byte-compiled, imported names and call signatures checked against
//   the installed packages, and SDK programs run under Pulumi's mocks;
// - YAML: programs against schema.yaml (yamlProgram.ts), plugin declarations
//   against the repository; JSON parsed; the JavaScript handler run;
// - shell: make targets, npm scripts, files, `secure-api call` and `audit`
//   flags (the CLI's commander definition), known pulumi/aws/go subcommands;
// - a GitHub Actions workflow (docs/audit.md): actionlint, and each `run:`
//   step's commands as shell;
// - a block marked `<!-- illustrative -->` (directly above the fence) is
//   shown only. Drifted copies of real blocks (mutants) must fail, in the same
//   batches.
import * as fs from "fs";
import * as path from "path";
import {
    checkGo,
    checkJavaScript,
    checkPython,
    checkShell,
    checkTypeScript,
    checkYaml,
    extractSnippets,
    ILLUSTRATIVE,
    Problems,
    ROOT,
    shellCommands,
    Snippet,
    synopsisProblems,
} from "./readmeSnippets";

jest.setTimeout(600_000);

// docs/*.md: the reference guides moved out of README.md, checked the same way.
const DOCS = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter(f => f.endsWith(".md"))
    .sort()
    .map(f => `docs/${f}`);
const READMES = ["README.md", "client/README.md", "client-python/README.md", ...DOCS];
const snippets = READMES.flatMap(extractSnippets);
const checked = snippets.filter(s => !s.illustrative);
const of = (...langs: string[]) => checked.filter(s => langs.includes(s.lang));

/** A real snippet with one edit that drifts from the API; the checkers must report it. */
function mutant(lang: string, find: string, replace: string): Snippet {
    const s = of(lang).find(x => x.code.includes(find));
    if (!s) throw new Error(`no ${lang} snippet contains ${find}`);
    return { ...s, id: `mutant of ${s.id} (${find} → ${replace}):1`, code: s.code.replace(find, replace) };
}
const MUTANTS = {
    ts: mutant("ts", "stackName:", "stackNames:"),
    go: mutant("go", "StackName:", "StackNames:"),
    py: mutant("python", 'stack_name="demo-iam"', 'stack_nam="demo-iam"'),
    pyTest: mutant("python", '== ["/hello"]', '== ["/x"]'),
    goTest: mutant("go", '!= "/hello"', "!= 1"),
    pyClient: mutant("python", "api_key_from_ssm(stack_name=", "api_key_from_ssm(stack="),
    yaml: mutant("yaml", "routes:", "paths:"),
    sh: mutant("sh", "make test", "make tests"),
    cli: mutant("sh", "--api-key-param", "--api-key-parameter"),
    audit: mutant("sh", "--rest-api-id a1b2c3d4e5", "--rest-api a1b2c3d4e5"),
    workflow: mutant("yaml", "secure-api audit --stack prod --cwd infra", "secure-api audit --stacks prod --cwd infra"),
    workflowLint: mutant("yaml", "runs-on: ubuntu-latest", "runs-on: ubuntu-latst"),
};

const goMods = of("go.mod");
const results: Problems = {};
beforeAll(async () => {
    Object.assign(
        results,
        checkTypeScript([...of("ts", "typescript"), MUTANTS.ts]),
        checkGo([...of("go"), MUTANTS.go, MUTANTS.goTest], goMods.map(s => s.code).join("\n")),
        checkPython([...of("python", "py"), MUTANTS.py, MUTANTS.pyTest, MUTANTS.pyClient]),
    );
    for (const s of [...of("yaml", "yml"), MUTANTS.yaml, MUTANTS.workflow, MUTANTS.workflowLint]) results[s.id] = checkYaml(s);
    for (const s of [...of("sh", "bash", "shell"), MUTANTS.sh, MUTANTS.cli, MUTANTS.audit]) results[s.id] = checkShell(s);
    for (const s of of("js", "javascript")) results[s.id] = await checkJavaScript(s);
    for (const s of of("json")) {
        try {
            JSON.parse(s.code);
            results[s.id] = [];
        } catch (e) {
            results[s.id] = [`not JSON: ${e}`];
        }
    }
    for (const s of of("text", "")) {
        results[s.id] = /secure-api (call|audit)/.test(s.code)
            ? synopsisProblems(s.code)
            : [`a block with no language: give it one, or mark it ${ILLUSTRATIVE}`];
    }
    for (const s of goMods)
        results[s.id] = /^require github\.com\/pulumi-secure-api\/pulumi-secure-api\/sdk /m.test(s.code)
            ? []
            : ["want the SDK's require line"];
});

afterAll(() => {
    if (process.env.README_SNIPPETS_DEBUG) console.log(JSON.stringify(results, null, 1));
});

test("finds the READMEs' code blocks of every kind", () => {
    const langs = new Set(checked.map(s => s.lang));
    for (const lang of ["ts", "python", "go", "go.mod", "yaml", "sh", "json", "js"]) expect(langs).toContain(lang);
    expect(goMods).toHaveLength(1);
});

test.each(snippets.map(s => [s.id, s.lang || "(none)", s] as const))("%s (%s) works as written", (_id, _lang, s) => {
    if (s.illustrative) return;
    expect(results[s.id]).toEqual([]);
});

test.each(Object.entries(MUTANTS))("a drifted %s snippet fails", (_kind, s) => {
    expect(results[s.id]).toBeDefined();
    expect(results[s.id].length).toBeGreaterThan(0);
});

test("the set-up is two commands, build and demo then test, as .ci/run runs them on a fresh machine", () => {
    const setup = snippets.find(s => s.id.startsWith("README.md:") && s.lang === "sh")!;
    const lines = setup.code.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(shellCommands(lines[0]).map(c => c.join(" "))).toEqual(expect.arrayContaining(["npm install", "make demo"]));
    expect(shellCommands(lines[1]).map(c => c.join(" "))).toEqual(["make test"]);
    // `make demo` says how long it will take, then builds everything `make test` needs.
    const demo = /^demo:\n((?:\t.*\n)+)/m.exec(fs.readFileSync(path.join(ROOT, "Makefile"), "utf8"))?.[1].split("\n");
    expect(demo?.slice(0, 3)).toEqual([
        "\t@bash scripts/demo.sh --plan",
        "\t@$(MAKE) --no-print-directory build",
        "\tbash scripts/demo.sh",
    ]);
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    expect(ci).toMatch(/^make build$/m);
    expect(ci).toMatch(/^make test$/m);
    // What the README's line installs from PyPI, .ci/run installs too.
    for (const pkg of shellCommands(lines[0])
        .find(c => c[0] === "pip")!
        .slice(2))
        expect(ci).toContain(pkg);
});

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
    heading
        .trim()
        .toLowerCase()
        .replace(/[^\w\- ]/g, "")
        .replace(/ /g, "-");

// The reference sections moved from README.md to docs/: a link to a file or
// heading that is not there (a moved or renamed section) fails.
test.each(READMES)("every relative link of %s reaches a file and heading that exist", doc => {
    const text = fs.readFileSync(path.join(ROOT, doc), "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split("#");
        const resolved = file ? path.join(ROOT, path.dirname(doc), file) : path.join(ROOT, doc);
        if (!fs.existsSync(resolved)) {
            broken.push(`${target}: no file ${path.relative(ROOT, resolved)}`);
            continue;
        }
        if (!anchor) continue;
        const headings = fs
            .readFileSync(resolved, "utf8")
            .replace(/```[\s\S]*?```/g, "")
            .split("\n")
            .filter(l => /^#+ /.test(l))
            .map(l => anchorOf(l.replace(/^#+ /, "")));
        if (!headings.includes(anchor)) broken.push(`${target}: no heading #${anchor} in ${path.relative(ROOT, resolved)}`);
    }
    expect(broken).toEqual([]);
});
