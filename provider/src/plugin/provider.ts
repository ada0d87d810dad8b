// plugin/: the gRPC plugin (dispatch, wire inputs, engine stop, plugin speed). May import every folder
// below it: components, credentials, graph, edge, stage, routes, shared.
//
// The provider only dispatches: GetSchema serves schema.json (generated from
// schema.yaml by `make gen`), and construct looks the token up in resources.ts,
// turns the wire inputs into the plain values the schema promises, and builds
// an ordinary ComponentResource; check, diff, create, read, update and delete
// hand a custom resource (RestApiAudit) to its methods in resources.ts.
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
// Registers aws.lambda and aws.sfn resource references before the server deserializes the
// first construct request; otherwise a route's handler (or state machine) would arrive as a bare id.
import "@pulumi/aws/lambda";
import "@pulumi/aws/sfn";
import { shareReferences } from "./resourceRefs";
import { InFlight, settledState } from "./engineStop";
import { InputError } from "../shared/inputErrors";
import { holdChildrenOnLateFailure } from "../shared/lateChecks";
import {
    checkedWhenKnown,
    ComponentConstructor,
    CustomResourceMethods,
    customResources,
    isCustomResourceToken,
    isTypeToken,
    preparedInputs,
    resources,
} from "./resources";
import { setAuditPluginVersion } from "../audit/pluginVersion";
import type { SecureApiComponents, SecureApiTypeToken } from "../shared/schema-types";
import { plainInputs, PackageSchema } from "./wireInputs";
import { referenceFreeInputs } from "./referenceFreeInputs";
import { readPackageFile, readPackageFileAsync } from "./packageFiles";

shareReferences("aws", "lambda/function");
shareReferences("aws", "sfn/stateMachine");
// A late check that fails is reported by construct, once; the children it stops wait (shared/lateChecks.ts).
holdChildrenOnLateFailure(true);

// How long a failing construct waits, in a preview, for the other components in flight, and
// how long the plugin must have been idle first (a component registered just after it may be on its way).
const PREVIEW_SETTLE_MS = 10_000;
const PREVIEW_QUIET_MS = 1_000;

export class Provider implements provider.Provider {
    readonly version: string;
    private readonly inFlight = new InFlight();
    private schemaText?: Promise<string>;
    private schemaDoc?: Promise<PackageSchema>;

    constructor() {
        this.version = JSON.parse(readPackageFile("package.json")).version;
        // A component's audit child asks the engine for this plugin's own version.
        setAuditPluginVersion(this.version);
    }

    /** The methods of the custom resource a URN names (its type is the URN's last type). */
    private async methodsOf(urn: string): Promise<CustomResourceMethods> {
        const qualified = urn.split("::")[2] ?? "";
        const type = qualified.slice(qualified.lastIndexOf("$") + 1);
        if (!isCustomResourceToken(type)) {
            throw new Error(`unknown resource type ${type}: the secure-api provider serves ${Object.keys(customResources).join(" and ")}`);
        }
        return customResources[type]();
    }

    async check(urn: string, olds: unknown, news: unknown): Promise<provider.CheckResult> {
        return (await this.methodsOf(urn)).check(urn, olds, news);
    }

    async diff(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.DiffResult> {
        return (await this.methodsOf(urn)).diff(id, urn, olds, news);
    }

    async create(urn: string, inputs: unknown): Promise<provider.CreateResult> {
        return (await this.methodsOf(urn)).create(urn, inputs);
    }

    async read(id: string, urn: string, props?: unknown): Promise<provider.ReadResult> {
        return (await this.methodsOf(urn)).read(id, urn, props);
    }

    async update(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
        return (await this.methodsOf(urn)).update(id, urn, olds, news);
    }

    async delete(id: string, urn: string, props: unknown): Promise<void> {
        return (await this.methodsOf(urn)).delete(id, urn, props);
    }

    /** Read once, on first request: start-up does not pay for it. */
    getSchema(): Promise<string> {
        this.schemaText ??= readPackageFileAsync("schema.json");
        return this.schemaText;
    }

    async construct(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        const done = this.inFlight.start();
        try {
            return await this.build(name, type, inputs, options);
        } catch (e) {
            done();
            // A preview creates nothing, so the other components may finish first: the
            // deployment then stops on this one error instead of several transport errors.
            if (pulumi.InputPropertiesError.isInstance(e) && pulumi.runtime.isDryRun())
                await this.inFlight.settle(PREVIEW_SETTLE_MS, PREVIEW_QUIET_MS);
            throw e;
        } finally {
            done();
        }
    }

    private async build(
        name: string,
        type: string,
        inputs: pulumi.Inputs,
        options: pulumi.ComponentResourceOptions,
    ): Promise<provider.ConstructResult> {
        if (!isTypeToken(type)) {
            throw new Error(`unknown resource type ${type}: the secure-api provider serves ${Object.keys(resources).join(", ")}`);
        }
        // Parsed once per plugin process, not once per component.
        this.schemaDoc ??= this.getSchema().then(text => JSON.parse(text) as PackageSchema);
        const schema = await this.schemaDoc;
        // One constructor for whichever token this is; its inputs are the schema's, checked by the component.
        const Component = (await resources[type]()) as ComponentConstructor<SecureApiTypeToken>;
        let component: pulumi.ComponentResource;
        try {
            const args = (await plainInputs(
                schema,
                type,
                name,
                inputs,
                checkedWhenKnown[type] as readonly string[] | undefined,
            )) as SecureApiComponents[typeof type]["args"];
            const label = `${type.split(":").pop()} "${name}"`;
            for (const [key, prepare] of Object.entries(preparedInputs)) {
                const record = args as Record<string, unknown>;
                if (record[key] !== undefined && record[key] !== null) record[key] = await prepare(record[key], label);
            }
            component = new Component(name, args, options);
            // A check that could only run late (an AWS read, an output resolving) failed: no child was
            // created (each waits for these checks); report it once, here, like any other input error.
            await (component as { lateChecks?: Promise<void> }).lateChecks;
        } catch (e) {
            // Shown by the engine as a property error of the program's resource, without our stack.
            if (e instanceof InputError) {
                throw new pulumi.InputPropertiesError({
                    message: e.message,
                    errors: e.problems.map(p => ({ propertyPath: p.field, reason: p.reason })),
                });
            }
            throw e;
        }
        const outputNames = Object.keys(schema.resources[type].properties ?? {});
        const state = {
            // Answers the program's SDK for the inputs holding resource references, so it rebuilds none (referenceFreeInputs.ts).
            ...referenceFreeInputs(inputs),
            ...Object.fromEntries(outputNames.map(k => [k, (component as unknown as Record<string, unknown>)[k]])),
        };
        const settled = await settledState(state);
        // The server waits for the component's RPCs before it answers; waiting here
        // instead makes this construct's end (for InFlight) the moment it can answer.
        await (pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> }).waitForRPCs?.();
        return { urn: component.urn, state: settled };
    }
}
