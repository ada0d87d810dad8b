// Runs a TypeScript Pulumi program (argv[2]) under Pulumi's mocks, then prints
// one line `RESULT {"registrations": [...types], "exports": [...names], "components": [...]}`:
// each secure-api component as the SDK sends it (type, name, inputs; a resource
// input as {"$resource": its name}). Used by examples.test.ts in its own process,
// as the program would run alone, and by the scanners test (test-support/exampleComponents.ts).
const fs = require("fs");
const ts = require("typescript");
const pulumi = require("@pulumi/pulumi");

const program = require("path").resolve(process.argv[2]);
const registrations = [];
const components = [];
pulumi.runtime.setMocks({
    newResource(args) {
        registrations.push(args.type);
        if (args.type.startsWith("secure-api:")) components.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: args.inputs };
    },
    call(args) {
        throw new Error(`unexpected invoke ${args.token}`);
    },
}, "secure-api-example", "dev", false);

// Transpile .ts on require, as Pulumi's nodejs runtime does for a TypeScript program.
require.extensions[".ts"] = (module, filename) => {
    const out = ts.transpileModule(fs.readFileSync(filename, "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        fileName: filename,
    });
    module._compile(out.outputText, filename);
};

const exported = require(program);
let last = -1;
const settle = () => {
    if (last === registrations.length) {
        const resources = (_k, v) => (pulumi.Resource.isInstance(v) ? { $resource: v.__name } : v);
        console.log(`RESULT ${JSON.stringify({ registrations, exports: Object.keys(exported), components }, resources)}`);
        return;
    }
    last = registrations.length;
    setTimeout(settle, 100);
};
setTimeout(settle, 100);
