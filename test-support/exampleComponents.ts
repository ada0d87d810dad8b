// The secure-api components of each example program with exactly the inputs the
// program sends: the TypeScript and Python programs run under their own SDK's mocks
// (sdk-tests/nodejs/runExampleUnderMocks.js, sdk-tests/python/run_example_under_mocks.py),
// the Go program too (a copy of its main.go whose pulumi.Run is runUnderMocks, beside
// go-example-under-mocks/mocks.go, against the Go SDK in sdk/), and the YAML programs'
// properties are read as written. A resource input (a route's handler) comes back as
// {"$resource": its name}. Needs `make build` (the SDKs); project "secure-api-example",
// stack "dev", no config: each program's defaults.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";

const ROOT = path.join(__dirname, "..");
export const EXAMPLE_PROJECT = "secure-api-example";
export const EXAMPLE_STACK = "dev";

export interface ExampleComponent {
    /** The program, relative to the repository: examples/python, Pulumi.yaml… */
    readonly program: string;
    readonly type: "secure-api:index:SecureRestApi" | "secure-api:index:IAMSecureRestApi";
    readonly name: string;
    readonly inputs: Record<string, unknown>;
}

/** Every program whose components are scanned, by language. */
export const EXAMPLE_PROGRAMS = [
    "examples/typescript",
    "examples/edge-security",
    "examples/python",
    "examples/go",
    "examples/yaml",
    "Pulumi.yaml",
] as const;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
    const line = (r.stdout ?? "").split("\n").find(l => l.startsWith("RESULT "));
    if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(" ")} (in ${cwd}) failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    return line.slice("RESULT ".length);
}

type Found = Omit<ExampleComponent, "program">;

function underMocks(program: string): Found[] {
    const dir = path.join(ROOT, program);
    if (program === "examples/python") {
        const runner = path.join(ROOT, "sdk-tests", "python", "run_example_under_mocks.py");
        return JSON.parse(run("python3", ["-W", "ignore", runner, path.join(dir, "__main__.py")], ROOT)).components;
    }
    if (program === "examples/go") return goComponents(dir);
    return JSON.parse(
        run(process.execPath, [path.join(ROOT, "sdk-tests", "nodejs", "runExampleUnderMocks.js"), path.join(dir, "index.ts")], ROOT),
    ).components;
}

/** The Go program in a module of its own: its main.go with pulumi.Run renamed, the mocks beside it, the SDK from sdk/. */
function goComponents(dir: string): Found[] {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-go-example-"));
    try {
        const main = fs.readFileSync(path.join(dir, "main.go"), "utf8");
        if ((main.match(/\bpulumi\.Run\(/g) ?? []).length !== 1) throw new Error(`${dir}/main.go: expected one pulumi.Run call`);
        fs.writeFileSync(path.join(tmp, "main.go"), main.replace(/\bpulumi\.Run\(/, "runUnderMocks("));
        fs.copyFileSync(path.join(__dirname, "go-example-under-mocks", "mocks.go"), path.join(tmp, "mocks.go"));
        const mod = fs.readFileSync(path.join(dir, "go.mod"), "utf8").replace(/=> \.\.\/\.\.\/sdk$/m, `=> ${path.join(ROOT, "sdk")}`);
        fs.writeFileSync(path.join(tmp, "go.mod"), mod);
        fs.copyFileSync(path.join(dir, "go.sum"), path.join(tmp, "go.sum"));
        return JSON.parse(run("go", ["run", "."], tmp, { GOFLAGS: "-mod=mod", GOSUMDB: "off" })).components;
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** A YAML program's components: properties as written, ${resource} as {"$resource"}, ${pulumi.project}/${pulumi.stack} filled in. */
function yamlComponents(file: string): Found[] {
    const program = parseYaml(fs.readFileSync(path.join(ROOT, file), "utf8"));
    const resolve = (v: unknown): unknown => {
        if (typeof v === "string") {
            const ref = /^\$\{([A-Za-z][A-Za-z0-9_-]*)\}$/.exec(v);
            if (ref && program.resources?.[ref[1]]) return { $resource: ref[1] };
            return v.replace(/\$\{pulumi\.project\}/g, EXAMPLE_PROJECT).replace(/\$\{pulumi\.stack\}/g, EXAMPLE_STACK);
        }
        if (Array.isArray(v)) return v.map(resolve);
        if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
        return v;
    };
    return Object.entries<{ type: string; properties?: Record<string, unknown> }>(program.resources)
        .filter(([, r]) => String(r.type).startsWith("secure-api:"))
        .map(([name, r]) => ({ type: r.type as Found["type"], name, inputs: resolve(r.properties ?? {}) as Record<string, unknown> }));
}

/** The components of one program (EXAMPLE_PROGRAMS), with the inputs it sends. */
export function exampleComponents(program: (typeof EXAMPLE_PROGRAMS)[number]): ExampleComponent[] {
    const found =
        program.endsWith(".yaml") || program === "examples/yaml"
            ? yamlComponents(program.endsWith(".yaml") ? program : `${program}/Pulumi.yaml`)
            : underMocks(program);
    if (found.length === 0) throw new Error(`${program}: no secure-api component found`);
    return found.map(c => ({ program, ...c }));
}

/** `inputs` with every {"$resource": name} replaced by `resolve(name)`. */
export function withResources(inputs: unknown, resolve: (name: string) => unknown): unknown {
    if (Array.isArray(inputs)) return inputs.map(v => withResources(v, resolve));
    if (inputs && typeof inputs === "object") {
        const o = inputs as Record<string, unknown>;
        if (typeof o.$resource === "string" && Object.keys(o).length === 1) return resolve(o.$resource);
        return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, withResources(v, resolve)]));
    }
    return inputs;
}
