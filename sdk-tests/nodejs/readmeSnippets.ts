// The code blocks of the READMEs, and one checker per kind of block
// (readmeSnippets.test.ts runs them). Each checker takes many snippets and
// makes one batch of them: one tsc run, one go vet, one Python process.
// A snippet is wrapped in a harness that declares the free names it uses
// (`handler`, `fn`, `routes`, ...); the snippet itself is used as written.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { parse as parseYaml } from "yaml";
import { buildProgram, CliIO } from "../../client/src/cli";
import { yamlProgramProblems } from "./yamlProgram";
const versions = require("../../scripts/version.js") as { schemaVersion(): string; distArtifacts(v: string): string[] };
const distArtifacts = () => versions.distArtifacts(versions.schemaVersion());

export const ROOT = path.join(__dirname, "..", "..");
/** How the READMEs write the path of a checkout of this repository. */
export const CHECKOUT = "/path/to/pulumi-secure-api";
export const ILLUSTRATIVE = "<!-- illustrative -->";

export interface Snippet {
    /** e.g. README.md:79 (the line of the opening fence). */
    id: string;
    lang: string;
    code: string;
    /** `<!-- illustrative -->` directly above the fence: shown, not checked. */
    illustrative: boolean;
}

export function extractSnippets(file: string): Snippet[] {
    const lines = fs.readFileSync(path.join(ROOT, file), "utf8").split("\n");
    const snippets: Snippet[] = [];
    for (let i = 0; i < lines.length; i++) {
        const open = /^(\s*)(```+|~~~+)\s*([\w.+-]*)/.exec(lines[i]);
        if (!open) continue;
        const [, indent, fence, lang] = open;
        const body: string[] = [];
        let j = i + 1;
        for (; j < lines.length && !lines[j].startsWith(indent + fence); j++) body.push(lines[j].slice(indent.length));
        if (j === lines.length) throw new Error(`${file}:${i + 1}: unclosed code fence`);
        snippets.push({
            id: `${file}:${i + 1}`,
            lang: lang.toLowerCase(),
            code: body.join("\n") + "\n",
            illustrative: lines[i - 1]?.trim() === ILLUSTRATIVE,
        });
        i = j;
    }
    return snippets;
}

export function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 64 << 20 });
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Problems per snippet id. */
export type Problems = Record<string, string[]>;

const word = (name: string) => new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\b`);

/** A harness line declaring `name`, after those of the names it needs. */
type Prelude = Record<string, { needs?: string[]; line: string }>;

/** Harness lines for the names `code` uses but does not define (and what those need), each once. */
function harness(code: string, prelude: Prelude, defines: (name: string) => RegExp): string[] {
    const lines: string[] = [];
    const add = (name: string) => {
        const entry = prelude[name];
        if (defines(name).test(code) || lines.includes(entry.line)) return;
        for (const n of entry.needs ?? []) add(n);
        lines.push(entry.line);
    };
    for (const name of Object.keys(prelude)) if (word(name).test(code)) add(name);
    return lines;
}

// ---- TypeScript: one tsc over every snippet, each its own module ----

const SDK_TS = "@pulumi-secure-api/secure-api";

export function checkTypeScript(snippets: Snippet[]): Problems {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-ts-"));
    const sdkNames = Object.keys(require(SDK_TS));
    const prelude: Prelude = {
        pulumi: { line: `import * as pulumi from "@pulumi/pulumi";` },
        aws: { line: `import * as aws from "@pulumi/aws";` },
        handler: { needs: ["aws"], line: "declare const handler: aws.lambda.Function;" },
        fn: { needs: ["aws"], line: "declare const fn: aws.lambda.Function;" },
        routes: { line: `declare const routes: import("${SDK_TS}").SecureRestApiArgs["routes"];` },
        ...Object.fromEntries(sdkNames.map(n => [n, { line: `import { ${n} } from "${SDK_TS}";` }])),
    };
    const defines = (n: string) => new RegExp(`(import\\s[^;]*\\b${n}\\b[^;]*from|(const|let|var|function|class)\\s+${n}\\b)`);
    const offsets = new Map<string, { id: string; offset: number }>();
    snippets.forEach((s, i) => {
        const head = harness(s.code, prelude, defines);
        const file = `snippet${i}.ts`;
        // `export {}` keeps a snippet without imports a module of its own.
        fs.writeFileSync(path.join(dir, file), [...head, "export {};", s.code].join("\n"));
        offsets.set(file, { id: s.id, offset: head.length + 1 });
    });
    fs.writeFileSync(
        path.join(dir, "tsconfig.json"),
        JSON.stringify({
            compilerOptions: {
                target: "ES2022",
                module: "ES2022",
                moduleResolution: "node",
                strict: true,
                esModuleInterop: true,
                skipLibCheck: true,
                noEmit: true,
                types: ["node"],
                typeRoots: [path.join(ROOT, "node_modules", "@types")],
                baseUrl: ".",
                paths: { "*": [path.join(ROOT, "node_modules", "*")] },
            },
            files: [...offsets.keys()],
        }),
    );
    try {
        const r = run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir], dir);
        return attribute(snippets, r.output, /^(snippet\d+\.ts)\((\d+),\d+\): (.*)$/, offsets, r.status);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Sorts a compiler's `file(line): message` lines to the snippets, in README line numbers. */
function attribute(
    snippets: Snippet[],
    output: string,
    re: RegExp,
    offsets: Map<string, { id: string; offset: number }>,
    status: number | null,
): Problems {
    const problems: Problems = Object.fromEntries(snippets.map(s => [s.id, []]));
    let attributed = 0;
    for (const line of output.split("\n")) {
        const m = re.exec(line.trim());
        const where = m && offsets.get(m[1]);
        if (!m || !where) continue;
        const [, file, at] = /^(.*?):(\d+)/.exec(where.id)!;
        problems[where.id].push(`${file}:${Number(at) + Number(m[2]) - where.offset}: ${m[3]}`);
        attributed++;
    }
    if (status !== 0 && attributed === 0) for (const s of snippets) problems[s.id].push(`the checker failed: ${output.slice(0, 2000)}`);
    return problems;
}

// ---- Go: one module, one package per snippet, one go vet ----

const SDK_GO = "github.com/pulumi-secure-api/pulumi-secure-api/sdk";
const GO_IMPORTS: Record<string, string> = {
    context: "context",
    pulumi: "github.com/pulumi/pulumi/sdk/v3/go/pulumi",
    secureapi: `${SDK_GO}/go/secureapi`,
    lambda: "github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda",
};

/**
 * `goMod`: the README's go.mod lines (require + replace of the SDK); the module
 * is examples/go's go.mod with those two lines taken from the README instead.
 */
export function checkGo(snippets: Snippet[], goMod: string): Problems {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-go-"));
    const example = fs
        .readFileSync(path.join(ROOT, "examples", "go", "go.mod"), "utf8")
        .split("\n")
        .filter(l => !l.includes(SDK_GO))
        .join("\n")
        .replace(/^module .*$/m, "module readmesnippets");
    fs.writeFileSync(path.join(dir, "go.mod"), `${example}\n${goMod.split(CHECKOUT).join(ROOT)}`);
    fs.copyFileSync(path.join(ROOT, "examples", "go", "go.sum"), path.join(dir, "go.sum"));
    const prelude: Prelude = {
        fn: { line: "var fn *lambda.Function" },
        handler: { line: "var handler *lambda.Function" },
        routes: { line: "var routes []secureapi.RouteInput" },
    };
    const offsets = new Map<string, { id: string; offset: number }>();
    snippets.forEach((s, i) => {
        fs.mkdirSync(path.join(dir, `s${i}`));
        let source = s.code,
            offset = 0;
        if (!/^package /m.test(s.code)) {
            const vars = harness(s.code, prelude, n => new RegExp(`(\\b${n}\\s*:?=|var\\s+${n}\\b)`));
            const used = `${s.code}\n${vars.join("\n")}`;
            const imports = Object.entries(GO_IMPORTS).filter(([name]) => name === "pulumi" || new RegExp(`\\b${name}\\.`).test(used));
            const head = [
                "package main",
                "",
                "import (",
                ...imports.map(([, p]) => `\t"${p}"`),
                ")",
                "",
                ...vars,
                "",
                "func main() {",
                "\tpulumi.Run(func(ctx *pulumi.Context) error {",
            ];
            source = [...head, s.code, "\t\treturn nil", "\t})", "}", ""].join("\n");
            offset = head.length;
        }
        const file = `s${i}/${/\*testing\.T\b/.test(s.code) ? "main_test.go" : "main.go"}`;
        fs.writeFileSync(path.join(dir, file), source);
        offsets.set(file, { id: s.id, offset });
    });
    try {
        const r = run("go", ["vet", "./..."], dir, { GOFLAGS: "-mod=mod", GOSUMDB: "off" });
        return attribute(
            snippets,
            r.output.replace(/^(vet: )?(\.\/)?/gm, ""),
            /^(s\d+\/main(?:_test)?\.go):(\d+):(?:\d+:)? (.*)$/,
            offsets,
            r.status,
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// ---- Python: one process (sdk-tests/python/check_readme_python.py) ----

export function checkPython(snippets: Snippet[]): Problems {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-py-"));
    const list = snippets.map((s, i) => {
        const file = path.join(dir, `snippet${i}.py`);
        fs.writeFileSync(file, s.code);
        return { id: s.id, file };
    });
    fs.writeFileSync(path.join(dir, "snippets.json"), JSON.stringify(list));
    try {
        const r = run("python3", [path.join(ROOT, "sdk-tests", "python", "check_readme_python.py"), path.join(dir, "snippets.json")], ROOT);
        const line = r.output.split("\n").find(l => l.startsWith("RESULT "));
        if (!line) return Object.fromEntries(snippets.map(s => [s.id, [`the checker failed: ${r.output.slice(-2000)}`]]));
        return JSON.parse(line.slice("RESULT ".length));
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// ---- JavaScript (a Lambda handler): compiles, and its handler answers ----

export async function checkJavaScript(s: Snippet): Promise<string[]> {
    const module = { exports: {} as Record<string, unknown> };
    try {
        new vm.Script(`(function (exports, require, module, process) {${s.code}\n})`, { filename: s.id }).runInThisContext()(
            module.exports,
            require,
            module,
            { env: { ALLOWED_ORIGIN: "https://app.example.com" } },
        );
    } catch (e) {
        return [`does not run: ${e}`];
    }
    const handler = module.exports.handler;
    if (typeof handler !== "function") return [];
    const res = await handler({ httpMethod: "GET", path: "/items", headers: {} });
    return typeof res?.statusCode === "number" ? [] : [`the handler answered ${JSON.stringify(res)}, no statusCode`];
}

// ---- YAML: programs against schema.yaml, plugin declarations against the repository ----

export function checkYaml(s: Snippet): string[] {
    let doc: any;
    try {
        doc = parseYaml(s.code);
    } catch (e) {
        return [`does not parse: ${e}`];
    }
    if (doc?.resources) {
        // The harness: a Lambda function for `${fn}` / `${handler}` when the snippet uses one it does not declare.
        const resources = { ...doc.resources };
        for (const name of ["fn", "handler"]) {
            if (s.code.includes(`\${${name}}`) && !resources[name]) resources[name] = { type: "aws:lambda:Function", properties: {} };
        }
        return yamlProgramProblems({ ...doc, resources }, { requireRuntime: false });
    }
    if (doc?.plugins) {
        const providers: { name: string; path: string }[] = doc.plugins.providers ?? [];
        if (providers.length === 0) return ["plugins.providers: empty"];
        return providers.flatMap(p => {
            const dir = p.path.split(CHECKOUT).join(ROOT);
            if (p.name !== "secure-api") return [`plugins.providers: ${p.name}, want secure-api`];
            return fs.existsSync(path.join(dir, "PulumiPlugin.yaml"))
                ? []
                : [`plugins.providers: ${p.path} is not the plugin (no PulumiPlugin.yaml in ${dir})`];
        });
    }
    if (doc?.on && doc?.jobs) return workflowProblems(s.code, doc);
    return [
        "a YAML block that is neither a program (resources), a plugin declaration nor a GitHub Actions workflow: mark it " + ILLUSTRATIVE,
    ];
}

/** A GitHub Actions workflow (docs/audit.md's scheduled audit): actionlint's findings, and every `run:` step's commands. */
function workflowProblems(code: string, doc: any): string[] {
    const tool = spawnSync("bash", [path.join(ROOT, "scripts", "tool.sh"), "actionlint"], { encoding: "utf8", timeout: 600_000 });
    if (tool.status !== 0) return [`cannot install actionlint (bash scripts/tool.sh actionlint): ${tool.stderr}`];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-workflow-"));
    try {
        fs.mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
        const file = path.join(dir, ".github", "workflows", "snippet.yml");
        fs.writeFileSync(file, code);
        const r = spawnSync(tool.stdout.trim(), ["-no-color", file], { cwd: dir, encoding: "utf8", timeout: 60_000 });
        const problems = `${r.stdout}${r.stderr}`
            .split("\n")
            .filter(Boolean)
            .map(l => `actionlint: ${l.replace(file, "workflow")}`);
        for (const job of Object.values<any>(doc.jobs ?? {})) {
            for (const step of job?.steps ?? []) {
                if (typeof step?.run !== "string") continue;
                for (const cmd of shellCommands(step.run.replace(/\$\{\{[^}]*\}\}/g, "X"))) problems.push(...commandProblems(cmd));
            }
        }
        return problems;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// ---- Shell: every command is one the repository, the CLI or a known tool has ----

/** Splits a command line into words (quotes kept together, `$(...)` inside one word) and operators. */
export function shellWords(line: string): string[] {
    const words: string[] = [];
    let cur = "",
        quote = "",
        depth = 0,
        started = false;
    const flush = () => {
        if (started) words.push(cur);
        cur = "";
        started = false;
    };
    for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quote) {
            if (c === quote && depth === 0) quote = "";
            else {
                if (c === "$" && line[i + 1] === "(") depth++;
                else if (c === ")" && depth > 0) depth--;
                cur += c;
            }
        } else if (c === "'" || c === '"') {
            quote = c;
            started = true;
        } else if (c === "#" && !started) break;
        else if (/\s/.test(c)) flush();
        else if ("|&;<>".includes(c)) {
            flush();
            const two = line.slice(i, i + 2);
            words.push(["&&", "||", ">>"].includes(two) ? (i++, two) : c);
        } else {
            cur += c;
            started = true;
        }
    }
    flush();
    return words;
}

/** The commands of a shell block: continuation lines joined, comments dropped, split at |, &&, ||, ;. */
export function shellCommands(code: string): string[][] {
    const commands: string[][] = [];
    for (const line of code.replace(/\\\n/g, " ").split("\n")) {
        let cmd: string[] = [];
        const words = shellWords(line);
        for (let i = 0; i < words.length; i++) {
            const w = words[i];
            if (["|", "&&", "||", ";", "&"].includes(w)) {
                if (cmd.length) commands.push(cmd);
                cmd = [];
            } else if ([">", ">>", "<"].includes(w))
                i++; // a redirection and its file
            else if (cmd.length === 0 && /^[A-Z_][A-Z0-9_]*=/.test(w))
                continue; // VAR=value before a command
            else cmd.push(w);
        }
        if (cmd.length) commands.push(cmd);
    }
    return commands;
}

const subcommands = new Map<string, ReturnType<typeof buildProgram>["commands"][number]>();
/** A subcommand (`call`, `audit`) as the CLI defines it (commander), to parse a README's arguments with. */
function secureApiCommand(name: "call" | "audit") {
    if (!subcommands.has(name))
        subcommands.set(
            name,
            buildProgram({} as CliIO, () => undefined).commands.find(c => c.name() === name)!,
        );
    return subcommands.get(name)!;
}

/** Problems of `secure-api ARGS`: commander's own parse of the call or audit subcommand. */
export function cliProblems(args: string[]): string[] {
    if (args.length === 1 && ["--help", "-h", "--version", "-V"].includes(args[0])) return [];
    if (args[0] === "audit") {
        // audit takes options only (the Python client's console script takes the same ones).
        const { operands, unknown } = secureApiCommand("audit").parseOptions(args.slice(1));
        const problems = unknown.filter(u => u.startsWith("-")).map(u => `secure-api audit: unknown option ${u}`);
        if (problems.length === 0 && operands.length + unknown.length !== 0)
            problems.push(
                `secure-api audit ${args.slice(1).join(" ")}: takes no operands, got ${JSON.stringify([...operands, ...unknown])}`,
            );
        return problems;
    }
    if (args[0] !== "call") return [`secure-api ${args.join(" ")}: the CLI's commands are call and audit`];
    const { operands, unknown } = secureApiCommand("call").parseOptions(args.slice(1));
    const problems = unknown.filter(u => u.startsWith("-")).map(u => `secure-api call: unknown option ${u}`);
    if (problems.length === 0 && operands.length + unknown.length !== 2)
        problems.push(`secure-api call ${args.slice(1).join(" ")}: want METHOD URL, got ${JSON.stringify(operands)}`);
    return problems;
}

/** Problems of a usage synopsis (`secure-api call [auth] [--region R] ...`, `secure-api audit ...`): every option it shows exists. */
export function synopsisProblems(code: string): string[] {
    const known = new Set(
        secureApiCommand(code.includes("secure-api audit") ? "audit" : "call")
            .options.flatMap(o => [o.short, o.long])
            .filter(Boolean),
    );
    return [...code.matchAll(/(?<=[\s[|])(--?[a-zA-Z][\w-]*)/g)]
        .map(m => m[1])
        .filter(f => !known.has(f))
        .map(f => `unknown option ${f}`);
}

const makeTargets = () => new Set([...fs.readFileSync(path.join(ROOT, "Makefile"), "utf8").matchAll(/^([\w.-]+)\s*:/gm)].map(m => m[1]));
const scriptsOf = (workspace: string) => JSON.parse(fs.readFileSync(path.join(ROOT, workspace, "package.json"), "utf8")).scripts ?? {};

/** Commands of other tools a README may use: the tool and its subcommands (the words before the first option). */
const KNOWN_TOOLS: Record<string, string[] | null> = {
    pulumi: [
        "package add",
        "package gen-sdk",
        "package get-schema",
        "stack init",
        "stack output",
        "stack select",
        "stack rm",
        "stack export",
        "stack import",
        "stack ls",
        "stack history",
        "config set",
        "config get",
        "up",
        "preview",
        "destroy",
        "refresh",
        "import",
        "state delete",
        "state unprotect",
        "cancel",
        "login",
        "logout",
        "new",
        "plugin ls",
        "plugin install",
        "about",
        "whoami",
    ],
    // Any `aws SERVICE OPERATION`: the AWS CLI is not this package's API.
    aws: null,
    go: ["mod tidy", "mod init", "mod edit", "get", "run", "build", "test", "vet"],
    jq: null,
    echo: null,
    cd: null,
    mkdir: null,
    cat: null,
    export: null,
};

/** Words that name a file of this repository (relative, ./..., or under /path/to/pulumi-secure-api) must exist. */
function pathProblems(words: string[]): string[] {
    const problems: string[] = [];
    for (const w of words.flatMap(w => w.split(/[:=]/))) {
        if (w.includes("://") || w.includes("$") || w.startsWith("@")) continue;
        // dist/ holds what `make dist` built (maybe nothing yet): a name there must be one it writes.
        const rel = w.startsWith(CHECKOUT + "/") ? w.slice(CHECKOUT.length + 1) : w.replace(/^\.\//, "");
        if (rel.startsWith("dist/")) {
            if (!distArtifacts().includes(rel.slice("dist/".length)))
                problems.push(`${w}: not a file \`make dist\` writes (${distArtifacts().join(", ")})`);
            continue;
        }
        const local = w.startsWith(CHECKOUT)
            ? path.join(ROOT, w.slice(CHECKOUT.length))
            : /^\.{0,2}\/?[\w.-]+\//.test(w) && !w.startsWith("/") && fs.existsSync(path.join(ROOT, w.replace(/^\.\//, "").split("/")[0]))
              ? path.join(ROOT, w)
              : undefined;
        if (local && !fs.existsSync(local)) problems.push(`${w}: no such file in the repository`);
    }
    return problems;
}

/** Problems of one command. */
export function commandProblems(cmd: string[]): string[] {
    let [tool, ...args] = cmd;
    if (tool === "python3" && args[0] === "-m") [tool, ...args] = args.slice(1);
    const problems = pathProblems(args);
    const sub = args.filter(a => !a.startsWith("-"));
    switch (tool) {
        case "make":
            for (const t of sub) if (!makeTargets().has(t)) problems.push(`make ${t}: no such target in the Makefile`);
            return problems;
        case "npm": {
            const ws = args[args.indexOf("-w") + 1];
            if (args[0] === "run" && !(args.includes("-w") ? scriptsOf(ws) : scriptsOf("."))[args[1]])
                problems.push(`npm ${args.join(" ")}: no script ${args[1]}`);
            else if (args[0] === "test" && !scriptsOf(args.includes("-w") ? ws : ".").test) problems.push(`npm test: no test script`);
            else if (!["run", "test", "install", "ci", "pack"].includes(args[0]))
                problems.push(`npm ${args[0]}: not checked; mark the block ${ILLUSTRATIVE}`);
            return problems;
        }
        case "npx":
            if (!fs.existsSync(path.join(ROOT, "node_modules", ".bin", args[0])))
                problems.push(`npx ${args[0]}: not installed by npm install`);
            return problems;
        case "node":
            if (/(^|\/)client\/bin\/secure-api$/.test(args[0])) return [...problems, ...cliProblems(args.slice(1))];
            if (!fs.existsSync(path.join(ROOT, args[0]))) problems.push(`node ${args[0]}: no such file`);
            return problems;
        case "secure-api":
            return [...problems, ...cliProblems(args)];
        case "bash":
            if (!fs.existsSync(path.join(ROOT, args[0]))) problems.push(`bash ${args[0]}: no such file`);
            return problems;
        case "pip":
        case "pytest":
            return problems;
    }
    if (!(tool in KNOWN_TOOLS))
        return [...problems, `${tool}: a command the checker does not know; check it here or mark the block ${ILLUSTRATIVE}`];
    const subs = KNOWN_TOOLS[tool];
    if (subs && !subs.some(s => sub.slice(0, s.split(" ").length).join(" ") === s))
        problems.push(`${tool} ${sub.slice(0, 2).join(" ")}: not a known ${tool} command`);
    return problems;
}

export function checkShell(s: Snippet): string[] {
    const problems: string[] = [];
    for (const cmd of shellCommands(s.code)) {
        // Commands substituted into this one count too: `$(pulumi stack output APIEndpoint)`.
        const substituted = cmd.flatMap(a => [...a.matchAll(/\$\(([^)]*)\)/g)].flatMap(m => shellCommands(m[1])));
        for (const c of [cmd, ...substituted]) problems.push(...commandProblems(c));
    }
    return problems;
}
