// Imported first by the plugin's entry (main.ts), before anything loads
// @pulumi/pulumi or @pulumi/aws. Those packages eagerly load parts the plugin
// never uses: @pulumi/pulumi its Automation API and function serializer (with
// @npmcli/arborist and a vendored TypeScript), @pulumi/aws the index of each
// of its ~240 services. Under the real engine that was about 1.5 s of CPU at
// every plugin start, on the critical path of every preview and update
// (bench: engine). Here each such module loads on first use instead, so
// nothing changes for code that uses it.
import Module = require("module");

type Load = (request: string, parent: { filename?: string } | undefined, isMain: boolean) => unknown;
type Exports = Record<string | symbol, unknown>;

const PULUMI_INDEX = /[\\/]@pulumi[\\/]pulumi[\\/]index\.js$/;
const RUNTIME_INDEX = /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]index\.js$/;
const AWS_INDEX = /[\\/]@pulumi[\\/]aws[\\/]index\.js$/;
// What the aws index needs at once: its helpers, provider, tags and enums (it
// re-exports their members); every other "./name" is a service namespace.
const AWS_EAGER = new Set(["./utilities", "./provider", "./tags", "./utils", "./types/enums"]);

// kind "namespace": the importer keeps the module object (pulumi.automation,
// aws.apigateway); kind "functions": the importer copies exported functions
// at load time, so each is handed out as a function forwarding to the real one.
const LAZY: readonly { parent: RegExp; request: (r: string) => boolean; kind: "namespace" | "functions" }[] = [
    { parent: PULUMI_INDEX, request: r => r === "./automation", kind: "namespace" },
    { parent: RUNTIME_INDEX, request: r => r === "./closure/serializeClosure" || r === "./closure/codePaths", kind: "functions" },
    { parent: AWS_INDEX, request: r => /^\.\/[a-z0-9]+$/.test(r) && !AWS_EAGER.has(r), kind: "namespace" },
];

const loader = Module as unknown as { _load: Load };
const load = loader._load;

loader._load = function lazyPulumiModules(request, parent, isMain) {
    const lazy = parent?.filename ? LAZY.find(l => l.parent.test(parent.filename!) && l.request(request)) : undefined;
    if (!lazy) return load.call(this, request, parent, isMain);
    let real: Exports | undefined;
    const module = () => (real ??= load.call(this, request, parent, isMain) as Exports);
    return new Proxy(
        {},
        {
            get: (_t, key) => {
                // __esModule: TypeScript's importStar keeps this object instead of copying its keys.
                if (key === "__esModule") return true;
                return lazy.kind === "namespace"
                    ? module()[key]
                    : (...args: unknown[]) => (module()[key] as (...a: unknown[]) => unknown)(...args);
            },
            has: (_t, key) => key in module(),
            ownKeys: () => Reflect.ownKeys(module()),
            getOwnPropertyDescriptor: (_t, key) => {
                const d = Reflect.getOwnPropertyDescriptor(module(), key);
                return d && { ...d, configurable: true };
            },
        },
    );
};
