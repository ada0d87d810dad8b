// Checks a Pulumi YAML program against the package's public API: every
// secure-api resource type, property, enum value and output exists in
// schema.yaml, every aws one in the aws SDK. Used by examples.test.ts (the
// example programs) and readmeSnippets.test.ts (README.md's YAML blocks).
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";

const ROOT = path.join(__dirname, "..", "..");

const schema = parseYaml(fs.readFileSync(path.join(ROOT, "schema.yaml"), "utf8"));

/** aws:iam:Role → aws:iam/role:Role (Pulumi YAML accepts both). */
export function canonical(token: string): string {
    const [pkg, mod, member] = token.split(":");
    if (member === undefined || mod.includes("/") || mod === "index") return token;
    return `${pkg}:${mod}/${member[0].toLowerCase()}${member.slice(1)}:${member}`;
}

interface TypeInfo {
    inputs: Set<string>;
    outputs: Set<string>;
    check?: (props: Record<string, unknown>, at: string, problems: string[], resources: Record<string, any>) => void;
}

/** Input and output names of an aws resource, read from the aws SDK's own resource class. */
function awsType(token: string): TypeInfo | undefined {
    const m = /^aws:([^/]+)\/([^:]+):(\w+)$/.exec(token);
    if (!m) return undefined;
    let file: string;
    try {
        file = require.resolve(`@pulumi/aws/${m[1]}/${m[2]}.js`);
    } catch {
        return undefined;
    }
    if ((require(file) as Record<string, { __pulumiType?: string }>)[m[3]]?.__pulumiType !== token) return undefined;
    const src = fs.readFileSync(file, "utf8");
    const names = (re: RegExp) => new Set([...src.matchAll(re)].map(x => x[1]));
    return { inputs: names(/resourceInputs\["(\w+)"\] = args/g), outputs: names(/resourceInputs\["(\w+)"\]/g) };
}

/** Checks a value against a schema.yaml property (types, enums, nested objects, resource refs). */
function checkValue(value: unknown, prop: any, at: string, problems: string[], resources: Record<string, any>) {
    if (typeof value === "string" && /^\$\{[^}]+\}$/.test(value) && !prop.$ref?.startsWith("/aws/")) return; // an interpolated output
    const ref: string | undefined = prop.$ref;
    if (ref?.startsWith("/aws/")) {
        // A resource reference: `${name}` of a resource of that aws type.
        const wanted = decodeURIComponent(ref.split("#/resources/")[1]);
        const name = typeof value === "string" ? /^\$\{(\w+)\}$/.exec(value)?.[1] : undefined;
        const got = name && resources[name] ? canonical(resources[name].type) : undefined;
        if (got !== wanted) problems.push(`${at}: want a reference \${name} to a ${wanted}, got ${JSON.stringify(value)}`);
        return;
    }
    if (ref?.startsWith("#/types/")) {
        const t = schema.types[ref.slice("#/types/".length)];
        if (t.enum) {
            if (!t.enum.some((e: any) => e.value === value))
                problems.push(`${at}: ${JSON.stringify(value)} is not one of ${t.enum.map((e: any) => e.value).join(", ")}`);
            return;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
            problems.push(`${at}: want an object`);
            return;
        }
        for (const [k, v] of Object.entries(value)) {
            if (!t.properties[k]) problems.push(`${at}.${k}: no such property of ${ref.slice("#/types/".length)}`);
            else checkValue(v, t.properties[k], `${at}.${k}`, problems, resources);
        }
        for (const req of t.required ?? []) if (!(req in (value as object))) problems.push(`${at}.${req}: required`);
        return;
    }
    switch (prop.type) {
        case "array":
            if (!Array.isArray(value)) problems.push(`${at}: want a list`);
            else value.forEach((v, i) => checkValue(v, prop.items, `${at}[${i}]`, problems, resources));
            return;
        case "object":
            if (typeof value !== "object" || value === null) problems.push(`${at}: want a map`);
            return;
        case "string":
        case "integer":
        case "number":
        case "boolean": {
            const ok =
                prop.type === "string"
                    ? typeof value === "string"
                    : prop.type === "boolean"
                      ? typeof value === "boolean"
                      : typeof value === "number" && (prop.type === "number" || Number.isInteger(value));
            if (!ok) problems.push(`${at}: want a ${prop.type}, got ${JSON.stringify(value)}`);
        }
    }
}

function secureApiType(token: string): TypeInfo | undefined {
    const res = schema.resources[token];
    if (!res) return undefined;
    return {
        inputs: new Set(Object.keys(res.inputProperties)),
        outputs: new Set(Object.keys(res.properties)),
        check: (props, at, problems, resources) => {
            for (const [k, v] of Object.entries(props)) {
                if (res.inputProperties[k]) checkValue(v, res.inputProperties[k], `${at}.${k}`, problems, resources);
            }
        },
    };
}

export interface YamlCheckOptions {
    /** Require `runtime: yaml` (a whole Pulumi.yaml); README snippets are programs without it. */
    requireRuntime?: boolean;
    /** Stack outputs the program must export. */
    requiredOutputs?: string[];
}

/** Problems of a parsed Pulumi YAML program: unknown resource types, inputs, enum values, options and outputs. */
export function yamlProgramProblems(doc: any, options: YamlCheckOptions = {}): string[] {
    const problems: string[] = [];
    if (options.requireRuntime !== false && doc.runtime !== "yaml") problems.push(`runtime is ${JSON.stringify(doc.runtime)}, want yaml`);
    const resources: Record<string, any> = doc.resources ?? {};
    const types = new Map<string, TypeInfo>();
    for (const [name, r] of Object.entries(resources)) {
        const token = canonical(r.type);
        const info = token.startsWith("secure-api:") ? secureApiType(token) : awsType(token);
        if (!info) {
            problems.push(`resources.${name}: unknown type ${r.type}`);
            continue;
        }
        types.set(name, info);
        for (const k of Object.keys(r.properties ?? {})) {
            if (!info.inputs.has(k)) problems.push(`resources.${name}.properties.${k}: not an input of ${token}`);
        }
        info.check?.(r.properties ?? {}, `resources.${name}.properties`, problems, resources);
        for (const k of Object.keys(r.options ?? {})) {
            if (
                ![
                    "dependsOn",
                    "parent",
                    "provider",
                    "providers",
                    "protect",
                    "ignoreChanges",
                    "aliases",
                    "deleteBeforeReplace",
                    "version",
                    "additionalSecretOutputs",
                    "customTimeouts",
                    "import",
                    "retainOnDelete",
                    "replaceOnChanges",
                ].includes(k)
            ) {
                problems.push(`resources.${name}.options.${k}: not a resource option`);
            }
        }
    }
    // Every ${resource.property} anywhere in the program names a real resource and output.
    for (const m of JSON.stringify(doc).matchAll(/\$\{([A-Za-z]\w*)(?:\.([A-Za-z]\w*))?[^}]*\}/g)) {
        const [ref, res, prop] = m;
        if (res === "pulumi") continue;
        const info = types.get(res);
        if (!resources[res]) problems.push(`${ref}: no resource ${res}`);
        else if (prop && info && !info.outputs.has(prop)) problems.push(`${ref}: ${resources[res].type} has no output ${prop}`);
    }
    for (const name of options.requiredOutputs ?? []) if (!(name in (doc.outputs ?? {}))) problems.push(`outputs.${name}: missing`);
    return problems;
}

/** yamlProgramProblems of a whole Pulumi.yaml file deploying the four stack outputs. */
export function yamlProblems(file: string, requiredOutputs: string[]): string[] {
    return yamlProgramProblems(parseYaml(fs.readFileSync(file, "utf8")), { requiredOutputs });
}
